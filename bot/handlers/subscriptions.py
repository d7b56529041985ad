"""/subscribe, /unsubscribe, /subscriptions (and its buttons), /digest_time, /timezone, /digest
and /subscribe_channel: each acts on the chat, or forum topic, it was sent in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from telegram import (
    CallbackQuery,
    Chat,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden

from bot.context import BriefContext
from bot.delivery import (
    Delivery,
    Slot,
    apply_slots,
    deliver_one,
    schedule_retry,
    serve_soon,
    timing_of,
    wanted_slots,
)
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.models import DigestSchedule, Subscription
from bot.domain.notice import NoticeView
from bot.domain.subscription_terms import (
    MAX_FILTERS,
    Action,
    Choice,
    added_notes,
    choose_filters,
    count_filters,
    describe,
    filter_by_key,
    find_filter,
    find_zone,
    notice,
    parse_daily_time,
    settings_actions,
    split_items,
    with_filters,
    with_schedule,
    without_filter,
    zone_examples,
)
from bot.domain.text import scrub
from bot.handlers.buttons import EXPIRED
from bot.keyboards import keyboard_for
from bot.render import render_html
from bot.sending import send_messages, thread_of

MANAGERS = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
BUTTON_PREFIX = "subs:"  # callback data of the /subscriptions buttons (app.py routes on it)
BUTTON_PATTERN = rf"^{BUTTON_PREFIX}"
BUTTONS_PER_ROW = 2
STORE_FULL = (
    "The briefing store cannot save anything right now; "
    "new entries will follow once it can, and none will come twice."
)
NOT_SUBSCRIBED = "This chat has no subscription yet: send /subscribe first."
EVERYTHING: dict[str, list[str]] = {"topics": [], "people": [], "series": [], "keywords": []}
Change = Callable[[Subscription | None, int], Subscription | None]


async def _reply(
    context: BriefContext,
    message: Message,
    view: NoticeView,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    await send_messages(
        context.bot,
        message.chat.id,
        render_html(view),
        keyboard=keyboard or keyboard_for(view.links),
        thread_id=thread_of(message),
    )


def _command(update: Update, context: BriefContext) -> tuple[Message, ParsedCommand] | None:
    message = update.effective_message
    if message is None or not message.text:
        return None
    command = parse_command(scrub(message.text), context.bot.username)
    return (message, command) if command is not None else None


async def _is_manager(context: BriefContext, chat: Chat, user: User | None) -> bool:
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in MANAGERS


async def _may_manage(update: Update, context: BriefContext, chat: Chat) -> bool:
    """Private chats and channels (only admins post there); in groups, chat administrators."""
    # BRIEFBOT_ADMINS get no pass here: a group is its own administrators' to change.
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous administrator
    return await _is_manager(context, chat, update.effective_user)


REFUSAL = notice(
    "Only this group's administrators can change its subscription.",
    "Ask an admin, or send /subscribe to me in a private chat.",
)


async def _change_request(
    update: Update, context: BriefContext
) -> tuple[Message, ParsedCommand] | None:
    """The message and its command, once the sender may change this chat; else answer, None."""
    parsed = _command(update, context)
    if parsed is None:
        return None
    message, command = parsed
    if not await _may_manage(update, context, message.chat):
        await _reply(context, message, REFUSAL)
        return None
    return message, command


async def _edit(
    context: BriefContext, chat_id: int, thread_id: int | None, change: Change
) -> Subscription | None:
    """Change this chat's settings in the store, off the event loop; reschedule its digests."""
    services = context.services

    def write() -> tuple[Subscription | None, set[Slot]]:
        result = services.store.edit_subscription(
            chat_id=chat_id, thread_id=thread_id, change=change
        )
        return result, wanted_slots(services)

    result, slots = await asyncio.to_thread(write)
    if context.job_queue is not None:
        apply_slots(context.job_queue, slots)
    return result


def _fresh(message: Message, newest: int) -> Subscription:
    """A new subscription for this chat, starting after the newest entry."""
    return Subscription(
        chat_id=message.chat.id,
        thread_id=thread_of(message),
        title=message.chat.title or message.chat.username,
        last_seq=newest,
    )


async def _current(context: BriefContext, message: Message) -> Subscription | None:
    """This chat's subscription, read off the event loop (a read may re-parse the file)."""
    return await asyncio.to_thread(
        context.services.store.subscription, chat_id=message.chat.id, thread_id=thread_of(message)
    )


async def _view(
    context: BriefContext, subscription: Subscription | None, title: str, *notes: str
) -> tuple[NoticeView, InlineKeyboardMarkup | None]:
    """The settings as a message, with the buttons that change them."""
    services = context.services
    reference = await services.reference_off_loop()
    timing = timing_of(context.job_queue, services, subscription)
    view = describe(reference, subscription, timing, title=title, notes=notes)
    return view, _settings_keyboard(settings_actions(reference, subscription))


def _settings_keyboard(actions: list[Action]) -> InlineKeyboardMarkup | None:
    if not actions:
        return None
    buttons = [InlineKeyboardButton(a.label, callback_data=BUTTON_PREFIX + a.data) for a in actions]
    filters = [b for b, a in zip(buttons, actions, strict=True) if a.data.startswith("rm ")]
    others = buttons[len(filters) :]
    rows = [filters[i : i + BUTTONS_PER_ROW] for i in range(0, len(filters), BUTTONS_PER_ROW)]
    # Filters two a row, then the schedule switches, then "Stop" on a row of its own.
    switches = [others[:-1]] if len(others) > 1 else []
    return InlineKeyboardMarkup([*rows, *switches, others[-1:]])


async def on_subscribe(update: Update, context: BriefContext) -> None:
    """Subscribe this chat to everything, or add topics, people, series and keywords."""
    request = await _change_request(update, context)
    if request is None:
        return
    message, command = request
    services = context.services

    def choose() -> Choice:
        # Namesakes as /person finds them: over the store's people too (a store read).
        return choose_filters(services.reference, command.raw_args, services.store.corpus())

    choice = await asyncio.to_thread(choose)
    if (choice.refused or choice.ambiguous) and not choice.filters:
        await _reply(context, message, notice(*added_notes(choice), "Nothing was changed."))
        return
    too_many = False

    def change(old: Subscription | None, newest: int) -> Subscription | None:
        nonlocal too_many
        base = old or _fresh(message, newest)
        if not choice.filters:  # no items: every new dialogue, whatever was filtered before
            return base.model_copy(update=EVERYTHING)
        wanted = with_filters(base, choice.filters)
        too_many = count_filters(wanted) > MAX_FILTERS
        return old if too_many else wanted

    subscription = await _edit(context, message.chat.id, thread_of(message), change)
    if too_many:
        text = f"A chat can follow at most {MAX_FILTERS} things: drop some with /unsubscribe first."
        await _reply(context, message, notice(text, "Nothing was changed."))
        return
    notes = added_notes(choice, await context.services.reference_off_loop())
    phrase = any(f.kind == "keyword" and " " in f.value for f in choice.filters)
    if phrase and "," not in command.raw_args:
        notes.append("Several things? Separate them with commas.")
    view, keyboard = await _view(context, subscription, "Subscribed", *notes)
    await _reply(context, message, view, keyboard)


async def on_unsubscribe(update: Update, context: BriefContext) -> None:
    """Drop some filters, or stop digests here altogether."""
    request = await _change_request(update, context)
    if request is None:
        return
    message, command = request
    reference = await context.services.reference_off_loop()
    before = await _current(context, message)
    if before is None:
        await _reply(context, message, notice("This chat was not subscribed."))
        return
    items = split_items(command.raw_args)
    if not items:
        await _edit(context, message.chat.id, thread_of(message), lambda old, _: None)
        await _reply(context, message, notice("Unsubscribed: no more digests here."))
        return
    if not before.filtered:
        await _reply(
            context,
            message,
            notice(
                "This chat gets every new dialogue; there is no filter to drop.",
                "Send /unsubscribe to stop, then /subscribe with what you want.",
            ),
        )
        return
    missing = [item for item in items if find_filter(reference, before, item) is None]
    if missing:
        names = ", ".join(f"“{m}”" for m in missing)
        view, keyboard = await _view(
            context, before, "Subscriptions", f"No filter {names} here. Nothing was changed."
        )
        await _reply(context, message, view, keyboard)
        return

    def change(old: Subscription | None, _newest: int) -> Subscription | None:
        if old is None:
            return None
        for item in items:
            found = find_filter(reference, old, item)
            if found is not None:
                old = without_filter(old, found)
        return old if old.filtered else None  # no filter left would mean everything: stop

    remaining = await _edit(context, message.chat.id, thread_of(message), change)
    await _reply(context, message, *(await _after_removal(context, remaining)))


async def _after_removal(
    context: BriefContext, remaining: Subscription | None
) -> tuple[NoticeView, InlineKeyboardMarkup | None]:
    if remaining is None:
        return (
            notice(
                "That was this chat's last filter: digests stopped here.",
                "Send /subscribe for every new dialogue, or /subscribe with what to follow.",
                title="Unsubscribed",
            ),
            None,
        )
    return await _view(context, remaining, "Filter dropped")


async def on_subscriptions(update: Update, context: BriefContext) -> None:
    """What this chat gets, and when, with buttons to change it."""
    parsed = _command(update, context)
    if parsed is None:
        return
    message, _ = parsed
    view, keyboard = await _view(context, await _current(context, message), "Subscriptions")
    await _reply(context, message, view, keyboard)


DIGEST_TIME_USAGE = (
    "Send /digest_time 07:30 for a daily digest at that time (in this chat's time zone, "
    "see /timezone), /digest_time instant for a digest soon after each new entry, or "
    "/digest_time standard for the bot's usual schedule."
)


async def on_digest_time(update: Update, context: BriefContext) -> None:
    """A daily time (in the chat's zone), instant digests, or the standard schedule."""
    request = await _change_request(update, context)
    if request is None:
        return
    message, command = request
    wanted = command.args.strip().lower()
    schedule: DigestSchedule
    at = parse_daily_time(wanted)
    if at is not None:
        schedule = "daily"
    elif wanted in ("instant", "standard"):
        schedule = "instant" if wanted == "instant" else "standard"
    else:
        await _reply(context, message, notice(DIGEST_TIME_USAGE, title="Digest time"))
        return

    def change(old: Subscription | None, _newest: int) -> Subscription | None:
        return None if old is None else with_schedule(old, schedule, at)

    subscription = await _edit(context, message.chat.id, thread_of(message), change)
    if subscription is None:
        await _reply(context, message, notice(NOT_SUBSCRIBED))
        return
    serve_soon(context.job_queue, subscription)
    view, keyboard = await _view(context, subscription, "Digest time set")
    await _reply(context, message, view, keyboard)


async def on_timezone(update: Update, context: BriefContext) -> None:
    """The time zone this chat's digest times are read in (IANA names)."""
    request = await _change_request(update, context)
    if request is None:
        return
    message, command = request
    if not command.args.strip():
        current = await _current(context, message)
        view, keyboard = await _view(context, current, "Time zone", zone_examples())
        await _reply(context, message, view, keyboard)
        return
    zone = find_zone(command.args)
    if zone is None:
        text = f"Unknown time zone “{command.args.strip()}”. Nothing was changed."
        await _reply(context, message, notice(text, zone_examples(), title="Time zone"))
        return

    def change(old: Subscription | None, _newest: int) -> Subscription | None:
        return None if old is None else old.model_copy(update={"timezone": zone})

    subscription = await _edit(context, message.chat.id, thread_of(message), change)
    if subscription is None:
        await _reply(context, message, notice(NOT_SUBSCRIBED))
        return
    view, keyboard = await _view(context, subscription, "Time zone set")
    await _reply(context, message, view, keyboard)


async def _may_press(query: CallbackQuery, context: BriefContext, chat: Chat) -> bool:
    """Anyone in a private chat; in groups and channels (whose readers see the buttons too),
    only the chat's administrators."""
    if chat.type == ChatType.PRIVATE:
        return True
    return await _is_manager(context, chat, query.from_user)


async def on_settings_button(update: Update, context: BriefContext) -> None:
    """A /subscriptions button: change this chat's (or topic's) setting; edit the message."""
    query = update.callback_query
    if query is None:
        return
    message = query.message
    data = query.data or ""
    # PTB hands a query with empty data to every pattern; it is no settings button.
    if message is None or not data.startswith(BUTTON_PREFIX):
        await query.answer(EXPIRED)
        return
    action = data.removeprefix(BUTTON_PREFIX)
    chat, thread_id = message.chat, thread_of(message)
    if not await _may_press(query, context, chat):
        await query.answer("Only this chat's administrators can change its digests.")
        return
    reference = await context.services.reference_off_loop()
    toast = ""

    def change(old: Subscription | None, _newest: int) -> Subscription | None:
        nonlocal toast
        if old is None:
            toast = "This chat has no subscription."
            return None
        verb, _, arg = action.partition(" ")
        if verb == "stop":
            toast = "Digests stopped."
            return None
        if verb == "mode" and arg in ("instant", "daily", "standard"):
            schedule: DigestSchedule = arg  # type: ignore[assignment]
            toast = f"Digests: {arg}."
            return with_schedule(old, schedule)
        found = filter_by_key(reference, old, arg) if verb == "rm" else None
        if found is None:
            toast = "Already changed."
            return old
        toast = f"Dropped {found.shown}."
        left = without_filter(old, found)
        return left if left.filtered else None

    subscription = await _edit(context, chat.id, thread_id, change)
    if subscription is not None and action.startswith("mode "):
        serve_soon(context.job_queue, subscription)
    await query.answer(toast)
    if subscription is None:
        view: NoticeView = notice(
            "Digests stopped here.",
            "Send /subscribe for every new dialogue, or /subscribe with what to follow.",
            title="Unsubscribed",
        )
        keyboard = None
    else:
        view, keyboard = await _view(context, subscription, "Subscriptions")
    [text, *_] = render_html(view)
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=keyboard)
        except BadRequest as exc:
            if "message is not modified" not in exc.message.lower():
                raise


async def on_digest(update: Update, context: BriefContext) -> None:
    """This chat's pending digest, now."""
    parsed = _command(update, context)
    if parsed is None:
        return
    message, _ = parsed
    result = await deliver_one(
        context.bot, context.services, chat_id=message.chat.id, thread_id=thread_of(message)
    )
    if result is None:
        await _reply(context, message, describe_none())
    elif result is Delivery.NOTHING_NEW:
        await _reply(context, message, notice("Nothing new since this chat's last digest."))
    elif result is Delivery.LEFT_PENDING:
        schedule_retry(context.job_queue, context.services)
        await _reply(context, message, notice("Telegram is busy; the digest will follow shortly."))
    elif result is Delivery.UNRECORDED:
        schedule_retry(context.job_queue, context.services)
        await _reply(context, message, notice(STORE_FULL))


def describe_none() -> NoticeView:
    """The answer to /digest in a chat with no subscription."""
    return notice(NOT_SUBSCRIBED)


async def on_subscribe_channel(update: Update, context: BriefContext) -> None:
    """An admin from BRIEFBOT_ADMINS subscribes a channel by its @name."""
    parsed = _command(update, context)
    if parsed is None:
        return
    message, command = parsed
    user = update.effective_user
    if user is None or user.id not in context.services.settings.admins:
        await _reply(context, message, notice("Only Briefbot's administrators can do that."))
        return
    if len(command.terms) != 1 or not command.terms[0].startswith("@"):
        await _reply(context, message, notice("Usage: /subscribe_channel @channelname"))
        return
    name = command.terms[0]
    try:
        channel = await context.bot.get_chat(name)
        me = await context.bot.get_chat_member(channel.id, context.bot.id)
    except (BadRequest, Forbidden):
        await _reply(context, message, notice(f"I cannot see {name}: add me to it as an admin."))
        return
    if channel.type != ChatType.CHANNEL:
        await _reply(context, message, notice(f"{name} is not a channel: send /subscribe there."))
        return
    # Telegram tells a channel admin's posting right; an admin without it cannot send digests.
    cannot_post = isinstance(me, ChatMemberAdministrator) and me.can_post_messages is False
    if me.status not in MANAGERS or cannot_post:
        await _reply(
            context, message, notice(f"Make me an administrator of {name} who may post, first.")
        )
        return

    def change(old: Subscription | None, newest: int) -> Subscription | None:
        base = old or Subscription(chat_id=channel.id, last_seq=newest)
        return base.model_copy(update={**EVERYTHING, "title": channel.title or name})

    subscription = await _edit(context, channel.id, None, change)
    view, _ = await _view(context, subscription, f"Subscribed {name}")
    await _reply(context, message, view)
