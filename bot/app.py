"""Builds the python-telegram-bot Application and registers every handler, in order, here."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
from collections.abc import Callable, Coroutine, Iterable, Mapping
from typing import Any

import httpx
import yaml
from pydantic import ValidationError
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    JobQueue,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.context import BotServices, BriefContext
from bot.delivery import schedule_digests
from bot.domain.commands import Scope
from bot.domain.commands.all_commands import CATALOGUE, bot_commands
from bot.domain.models import Subscription
from bot.domain.reference import DEFAULT_REFERENCE_DIR, Reference
from bot.handlers.briefings import on_command, on_unknown_command
from bot.handlers.buttons import on_button
from bot.handlers.errors import on_error
from bot.handlers.export import (
    SEEN_COMMANDS,
    SUFFIX_FILTER,
    on_any_command,
    on_export,
    on_export_suffix,
)
from bot.handlers.inline import on_inline_query
from bot.handlers.questions import QUESTION_FILTER, on_question
from bot.handlers.sources import on_sources_command
from bot.handlers.subscriptions import (
    BUTTON_PATTERN,
    on_digest,
    on_digest_time,
    on_settings_button,
    on_subscribe,
    on_subscribe_channel,
    on_subscriptions,
    on_timezone,
    on_unsubscribe,
)
from bot.handlers.uploads import on_ingest_document
from bot.ratelimit import PriorityRateLimiter
from bot.store import Store, StoreError
from bot.updates import PerChatUpdateProcessor
from bot.watch.jobs import WatchPlan, plan_watch, schedule_watch

log = logging.getLogger(__name__)

BriefApplication = Application[
    ExtBot[Any], BriefContext, dict[Any, Any], dict[Any, Any], BotServices, JobQueue[Any]
]

EXIT_OK, EXIT_CONFIG = 0, 2
RATE_LIMIT_RETRIES = 3
# PTB's own pool sizes: many concurrent sends, one long poll.
SEND_POOL_SIZE, POLL_POOL_SIZE = 256, 1
START_JOB = "after-start"

ChatCallback = Callable[[Update, BriefContext], Coroutine[Any, Any, None]]

# The Telegram handler of each name and alias of a declared chat or admin command.
CHAT_HANDLERS: dict[str, ChatCallback] = {
    "export": on_export,
    "subscribe": on_subscribe,
    "unsubscribe": on_unsubscribe,
    "subscriptions": on_subscriptions,
    "digest": on_digest,
    "subscribe_channel": on_subscribe_channel,
    "digest_time": on_digest_time,
    "timezone": on_timezone,
    "sources": on_sources_command,
    "addsource": on_sources_command,
    "removesource": on_sources_command,
}
# These may wait on Telegram (a 429 pause) or fetch a URL, so they run beside other updates
# instead of holding them up.
CONCURRENT_COMMANDS = frozenset({"digest", "sources", "addsource", "removesource"})
BRIEFING_COMMANDS = CATALOGUE.names(Scope.BRIEFING)


def check_chat_handlers(handlers: Mapping[str, ChatCallback]) -> None:
    """Fail at start-up when a declared chat command has no handler, or a handler no command."""
    declared = {*CATALOGUE.names(Scope.CHAT), *CATALOGUE.names(Scope.ADMIN)}
    unhandled, undeclared = declared - set(handlers), set(handlers) - declared
    if unhandled or undeclared:
        raise ValueError(
            f"chat commands without a handler: {sorted(unhandled)}; "
            f"handlers without a declared command: {sorted(undeclared)}"
        )


def channel_command(names: Iterable[str]) -> filters.BaseFilter:
    """A channel post (new or edited) that starts with one of these commands, in any case."""
    pattern = re.compile(rf"^/({'|'.join(names)})(@\w+)?(\s|$)", re.IGNORECASE)
    return filters.UpdateType.CHANNEL_POSTS & filters.Regex(pattern)


def register_handlers(application: BriefApplication) -> None:
    """Every handler, in the order PTB tries them (the first match in a group wins)."""
    # Edited messages count too: a command fixed by editing it gets its answer, once per edit.
    # Automatic forwards are a linked channel's posts copied into its discussion group: the
    # channel post itself was answered already.
    private_and_groups = filters.UpdateType.MESSAGES & ~filters.IS_AUTOMATIC_FORWARD
    # 0. Before anything answers: note each briefing command (typed or a button) for /export,
    # then /export itself and "/topic maritime export", which the briefing handlers would take.
    application.add_handler(MessageHandler(SEEN_COMMANDS, on_any_command), group=-1)
    application.add_handler(CallbackQueryHandler(on_any_command), group=-1)
    application.add_handler(MessageHandler(SUFFIX_FILTER, on_export_suffix))
    # 1. Briefing commands in private chats and groups (CommandHandler checks "@botname").
    application.add_handler(
        CommandHandler(BRIEFING_COMMANDS, on_command, filters=private_and_groups)
    )
    # 2. Channel posts: CommandHandler never sees them, so a message handler parses the text.
    application.add_handler(MessageHandler(channel_command(BRIEFING_COMMANDS), on_command))
    # 3. Chat commands (/export, subscriptions and digests), in chats and channels alike; admin
    # commands (watched sources) in chats only.
    check_chat_handlers(CHAT_HANDLERS)
    in_channels = CATALOGUE.names(Scope.CHAT)
    for name, callback in CHAT_HANDLERS.items():
        block = name not in CONCURRENT_COMMANDS
        application.add_handler(
            CommandHandler(name, callback, filters=private_and_groups, block=block)
        )
        if name in in_channels:
            application.add_handler(MessageHandler(channel_command([name]), callback, block=block))
    # 4. Admins add articles by sending a file captioned /ingest.
    application.add_handler(
        MessageHandler(
            # New messages only: editing an old upload's caption must not ingest it again.
            filters.UpdateType.MESSAGE
            & ~filters.IS_AUTOMATIC_FORWARD
            & filters.Document.ALL
            # In any case, like typed commands; parse_command then checks any "@botname".
            & filters.CaptionRegex(re.compile(r"^/ingest(@\w+)?(\s|$)", re.IGNORECASE)),
            on_ingest_document,
        )
    )
    # 5. Buttons under /subscriptions change the chat that pressed them; buttons under
    # briefings carry the command they open.
    application.add_handler(CallbackQueryHandler(on_settings_button, pattern=BUTTON_PATTERN))
    application.add_handler(CallbackQueryHandler(on_button))
    # 6. Inline mode: "@bot maritime" in any chat.
    application.add_handler(InlineQueryHandler(on_inline_query))
    # 7. Plain text to the bot: read as a question (in groups only when it names or answers us).
    application.add_handler(MessageHandler(QUESTION_FILTER, on_question))
    # 8. Anything else that looks like a command: a short answer with suggestions.
    application.add_handler(
        MessageHandler(
            (private_and_groups | filters.UpdateType.CHANNEL_POSTS) & filters.COMMAND,
            on_unknown_command,
        )
    )
    # Last: one error handler for everything above.
    application.add_error_handler(on_error)


async def post_init(application: BriefApplication) -> None:
    """Once the token is checked (getMe): queue the steps that need not hold up polling."""
    # The menu, the corpus (read by the digest state and every briefing) and the digest and
    # watch jobs are not needed to fetch updates: they run as soon as polling has begun, so
    # neither a big store nor a slow Telegram holds up the first getUpdates.
    assert application.job_queue is not None  # built with the job-queue extra
    application.job_queue.run_once(
        after_start, when=0, name=START_JOB, job_kwargs={"misfire_grace_time": None}
    )


async def after_start(context: BriefContext) -> None:
    """Publish the menu; read the corpus off the event loop; start the digest and watch jobs."""
    application, services = context.application, context.services
    menu = asyncio.create_task(publish_menu(application.bot))
    try:
        # Updates fetched meanwhile wait on the store's lock, then read this same corpus.
        subscriptions, newest, watch = await asyncio.to_thread(_read_ahead, services)
    except Exception as exc:  # whatever stops the start is reported in one line, exit 2
        services.start_failure = exc
        menu.cancel()
        application.stop_running()
        return
    job_queue = context.job_queue
    assert job_queue is not None
    schedule_digests(job_queue, services, subscriptions, newest)
    schedule_watch(job_queue, watch)  # news sources (bot/watch)
    await menu
    services.started.set()
    log.info("Briefbot is up as @%s", application.bot.username)


def _read_ahead(
    services: BotServices,
) -> tuple[tuple[Subscription, ...], int, WatchPlan | None]:
    """Read what every briefing, the digest jobs and the watch jobs need, off the loop."""
    try:
        services.reference  # noqa: B018 -- read once, then kept
    except Exception as exc:
        raise StartFailure(
            f"cannot read the reference data in {DEFAULT_REFERENCE_DIR}: {one_line(exc)}"
        ) from exc
    snapshot = services.store.snapshot()
    # The digest jobs start from these: taken here, so the event loop never reads the store.
    return tuple(snapshot.corpus.subscriptions), snapshot.newest, plan_watch(services)


class StartFailure(Exception):
    """The bot cannot start: the message is the one line the command line prints."""


def one_line(exc: BaseException) -> str:
    """An exception's message in one line (YAML and validation errors span several)."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"{exc.problem} (line {mark.line + 1}, column {mark.column + 1})"
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{exc.error_count()} invalid value(s); the first, at {where}: {error['msg']}"
    return " ".join(str(exc).split()) or type(exc).__name__


async def publish_menu(bot: ExtBot[Any]) -> None:
    """The command menu users see; a refusal is logged, the bot answers commands regardless."""
    try:
        await bot.set_my_commands(
            [BotCommand(name, description) for name, description in bot_commands()]
        )
    except TelegramError as exc:
        log.warning("Telegram refused the command menu (commands still work): %s", exc)


def build_application(
    settings: Settings,
    *,
    store: Store,
    reference: Reference | None = None,
    interactive_first: bool = True,
) -> BriefApplication:
    """The Application exactly as `briefbot run` uses it; tests point TELEGRAM_API_URL at a fake.

    `interactive_first=False` handles one update at a time with one send queue for all, as PTB
    does by default: benchmarks/burst.py measures against it.
    """
    token = settings.telegram_bot_token
    if token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the application")
    api = settings.telegram_api_url.rstrip("/")
    # One TLS context for both connections: loading the CA bundle costs ~80 ms a time.
    tls = httpx.create_ssl_context()
    application: BriefApplication = (
        Application.builder()
        .token(token.get_secret_value())
        .request(HTTPXRequest(connection_pool_size=SEND_POOL_SIZE, httpx_kwargs={"verify": tls}))
        .get_updates_request(
            HTTPXRequest(connection_pool_size=POLL_POOL_SIZE, httpx_kwargs={"verify": tls})
        )
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(ContextTypes(context=BriefContext, bot_data=BotServices))
        .rate_limiter(
            PriorityRateLimiter(max_retries=RATE_LIMIT_RETRIES, replies_first=interactive_first)
        )
        .concurrent_updates(PerChatUpdateProcessor() if interactive_first else False)
        # Every text the bot sends is rendered HTML; briefings cite links, but show no previews.
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .post_init(post_init)
        .build()
    )
    application.bot_data.attach(settings=settings, store=store, reference=reference)
    register_handlers(application)
    return application


def run_bot(settings: Settings, *, store: Store, reference: Reference | None = None) -> int:
    """Run until stopped (polling, or a webhook if BRIEFBOT_WEBHOOK_URL); then close the store."""
    application = build_application(settings, store=store, reference=reference)
    try:
        if settings.webhook_mode:
            code = _run_webhook(application, settings)
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
            code = EXIT_OK
        failure = application.bot_data.start_failure
        if isinstance(failure, StoreError):
            raise failure  # the command line's one line, exit 2
        if failure is not None:
            log.error("Cannot start the bot: %s", one_line(failure))
            return EXIT_CONFIG
        return code
    except InvalidToken:
        log.error("Telegram refused the token: check TELEGRAM_BOT_TOKEN with @BotFather.")
        return EXIT_CONFIG
    except NetworkError as exc:
        log.error("Cannot reach the Bot API at %s: %s", settings.api_url_shown, exc)
        return EXIT_CONFIG
    except TelegramError as exc:
        log.error("Telegram refused to start the bot: %s", exc)
        return EXIT_CONFIG
    finally:
        # The search merges asked for are finished and committed, and their thread stopped,
        # before the process ends (it is a daemon thread: exiting would cut a merge short).
        store.close()


def _run_webhook(application: BriefApplication, settings: Settings) -> int:
    """Serve Telegram's POSTs on the path of BRIEFBOT_WEBHOOK_URL, each checked for the secret."""
    assert settings.webhook_secret is not None  # Settings requires it in webhook mode
    where = f"{settings.webhook_listen}:{settings.webhook_port}"
    try:
        _check_port_is_free(settings.webhook_listen, settings.webhook_port)
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
        )
    except OSError as exc:  # the port is taken, or the address is not this machine's
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        log.error("Cannot listen for the webhook on %s: %s", where, reason)
        return EXIT_CONFIG
    return EXIT_OK


def _check_port_is_free(host: str, port: int) -> None:
    """Raise OSError now, before setWebhook points Telegram at a server that cannot start."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.create_server((host, port), family=family):
        pass
