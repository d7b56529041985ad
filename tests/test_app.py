"""The application as `briefbot run` builds it: settings, start-up, the command menu, shutdown."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import LiveBot, assert_all_sent_valid, clean_environment
from live_bot import polling
from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram_fake import TOKEN, Call, FakeBotApi

from bot.app import (
    BRIEFING_COMMANDS,
    CHAT_HANDLERS,
    build_application,
    check_chat_handlers,
    run_bot,
)
from bot.config import Settings
from bot.delivery import WATCH_JOB
from bot.domain.commands.all_commands import COMMANDS
from bot.store import Snapshot, Store


@pytest.fixture
def briefbot(own_briefbot: LiveBot) -> LiveBot:
    """Tests here watch the start-up itself, so each gets an application of its own."""
    return own_briefbot


async def test_command_menu_is_published_at_start_up(briefbot: LiveBot) -> None:
    menu = briefbot.fake.my_commands()

    assert [c["command"] for c in menu] == [c.name for c in COMMANDS]
    for entry, spec in zip(menu, COMMANDS, strict=True):
        description = entry["description"]
        assert description == spec.description
        assert 0 < len(description) <= 256 and "\n" not in description
        assert description == description.strip() and description[0].isupper()


def test_every_declared_chat_command_has_a_handler_and_every_handler_a_command() -> None:
    check_chat_handlers(CHAT_HANDLERS)  # as build_application does, or the bot does not start

    without_digest = {k: v for k, v in CHAT_HANDLERS.items() if k != "digest"}
    with pytest.raises(ValueError, match=r"without a handler: \['digest'\]"):
        check_chat_handlers(without_digest)
    extra = {**CHAT_HANDLERS, "digest_now": CHAT_HANDLERS["digest"]}
    with pytest.raises(ValueError, match=r"without a declared command: \['digest_now'\]"):
        check_chat_handlers(extra)


async def test_menu_is_set_once_as_polling_begins(briefbot: LiveBot) -> None:
    methods = [c.method for c in briefbot.fake.calls()]

    assert methods.count("setMyCommands") == 1
    # The token is checked first; the menu does not hold up polling (deleteWebhook starts it).
    assert methods.index("getMe") < methods.index("deleteWebhook") < methods.index("setMyCommands")
    [call] = briefbot.fake.calls("setMyCommands")
    assert call.ok and not call.params.get("scope") and not call.params.get("language_code")


async def test_every_menu_command_is_in_help(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/help")

    for entry in briefbot.fake.my_commands():
        assert f"/{entry['command']}" in reply.text


async def test_answers_are_html_and_show_no_link_preview(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/latest")

    sent = [c for c in reply.calls if c.method == "sendMessage"]
    assert sent and reply.buttons()
    for call in sent:
        assert call.params["parse_mode"] == "HTML"
        assert call.params["link_preview_options"] == {"is_disabled": True}


@pytest.mark.parametrize("command", BRIEFING_COMMANDS)
async def test_every_briefing_command_in_the_menu_is_understood(
    briefbot: LiveBot, command: str
) -> None:
    reply = await briefbot.send(f"/{command}")

    assert reply.texts, f"/{command} got no answer"
    assert "Unknown command" not in reply.text


async def test_bot_identity_comes_from_telegram(briefbot: LiveBot) -> None:
    assert briefbot.app.bot.username == briefbot.fake.bot_user["username"]
    assert briefbot.app.bot.token == TOKEN
    assert briefbot.app.bot_data.store is briefbot.store


async def test_api_url_with_a_trailing_slash(
    fake: FakeBotApi, store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_environment(monkeypatch)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", f"  {TOKEN}\n")
    monkeypatch.setenv("TELEGRAM_API_URL", fake.url + "/")
    monkeypatch.setenv("BRIEFBOT_DB", str(store_path))
    application = build_application(Settings(_env_file=None), store=store)

    async with polling(application):
        await fake.wait_for_async("deleteWebhook", timeout=10)

    assert [c.status for c in fake.calls("getMe")] == [200]
    assert fake.my_commands()


async def test_shutdown_stops_polling_and_confirms_updates(
    fake: FakeBotApi, settings: Settings, store: Store
) -> None:
    application = build_application(settings, store=store)
    async with polling(application):
        await fake.wait_for_async("deleteWebhook", timeout=10)
        fake.enqueue_message("/start")
        await fake.wait_for_async("sendMessage", timeout=10)

    assert not application.running
    assert application.updater is not None and not application.updater.running
    assert fake.pending_updates() == []


async def test_a_message_sent_while_the_bot_was_down_is_answered_at_start(
    fake: FakeBotApi, settings: Settings, store: Store
) -> None:
    fake.enqueue_message("/latest", chat_id=4711, user_id=4711)

    async with polling(build_application(settings, store=store)):
        [answer] = await fake.wait_for_async(accepted_sends(4711), timeout=10)

    assert str(answer.params["text"]).startswith("<b>Latest dialogue</b>")
    assert fake.pending_updates() == []


async def test_a_refused_command_menu_is_logged_and_commands_still_work(
    fake: FakeBotApi, settings: Settings, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next("setMyCommands", error_code=400, description="Bad Request: too many commands")
    fake.enqueue_message("/latest", chat_id=4712, user_id=4712)

    async with polling(build_application(settings, store=store)) as application:
        [answer] = await fake.wait_for_async(accepted_sends(4712), timeout=10)
        await asyncio.wait_for(application.bot_data.started.wait(), timeout=10)
        assert application.job_queue is not None
        assert application.job_queue.get_jobs_by_name(WATCH_JOB)  # the digests still go out

    assert "Latest dialogue" in str(answer.params["text"])
    assert [c.status for c in fake.calls("setMyCommands")] == [400]
    assert "Telegram refused the command menu (commands still work)" in caplog.text


def test_building_without_a_token_is_refused(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_environment(monkeypatch)

    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(_env_file=None), store=store)


async def test_end_of_test_check_catches_refused_html_and_uncited_quotes(fake: FakeBotApi) -> None:
    """The check every `briefbot` test ends with is not vacuous."""
    async with Bot(TOKEN, base_url=fake.base_url) as bot:
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(1, "<b>unclosed", parse_mode=ParseMode.HTML)
        await bot.send_message(1, "• “A quoted sentence with no source.”")
        await bot.send_message(1, "• “A cited one.” <i>— VNA, 1 May 2024</i>", parse_mode="HTML")

    with pytest.raises(AssertionError) as caught:
        assert_all_sent_valid(fake)

    report = str(caught.value)
    assert "Telegram refused sendMessage: Bad Request: can't parse entities" in report
    assert "Invalid Telegram HTML" in report and "'<b>unclosed'" in report
    assert "uncited quote: • “A quoted sentence with no source.”" in report
    assert "A cited one" not in report


def accepted_sends(chat_id: int) -> Callable[[Call], bool]:
    """Predicate: a sendMessage to the chat that Telegram accepted."""
    return lambda c: c.method == "sendMessage" and c.chat_id == chat_id and c.ok


async def test_a_chat_held_up_by_telegram_does_not_hold_up_another(
    briefbot: LiveBot, fake: FakeBotApi
) -> None:
    slow, other = 9001, 9002
    briefbot.allowed_failures.append("Too Many Requests: retry after 2")
    fake.fail_next("sendMessage", slow, error_code=429, retry_after=2)
    fake.enqueue_message("/latest", chat_id=slow, user_id=slow)
    fake.enqueue_message("/help", chat_id=slow, user_id=slow)
    fake.enqueue_message("/latest", chat_id=other, user_id=other)

    [answered] = await fake.wait_for_async(accepted_sends(other), timeout=10)
    first, second = await fake.wait_for_async(accepted_sends(slow), count=2, timeout=10)

    assert answered.time < first.time - 1.0  # not queued behind the chat Telegram held up
    assert "Latest" in str(first.params["text"]) and "/latest" in str(second.params["text"])
    assert first.time < second.time  # one chat's answers keep their order


class ThreadNotingStore(Store):
    """A real store that notes which threads read the whole corpus or a bookkeeping table."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.readers: list[str] = []

    def snapshot(self) -> Snapshot:
        """As Store.snapshot, noting the reading thread."""
        self.readers.append(threading.current_thread().name)
        return super().snapshot()

    def bookkeeping_all(self, table: str) -> dict[str, dict[str, Any]]:
        """As Store.bookkeeping_all (the watched sources' states), noting the reading thread."""
        self.readers.append(threading.current_thread().name)
        return super().bookkeeping_all(table)


async def test_start_up_reads_the_store_off_the_event_loop(
    fake: FakeBotApi, settings: Settings, store_path: Path, tmp_path: Path
) -> None:
    store = ThreadNotingStore(store_path)
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources: []\n", encoding="utf-8")  # watching on, nothing to poll
    watching = settings.model_copy(update={"watch_enabled": True, "sources_path": sources})
    try:
        async with polling(build_application(watching, store=store)) as application:
            await asyncio.wait_for(application.bot_data.started.wait(), timeout=10)
            loop_thread = threading.current_thread().name
            assert application.job_queue is not None
            assert application.job_queue.get_jobs_by_name(WATCH_JOB)
    finally:
        store.close()

    assert loop_thread not in store.readers
    assert len(store.readers) >= 2  # the corpus and the watched sources' states


async def test_a_settings_command_waits_for_the_reference_without_holding_up_the_loop(
    fake: FakeBotApi, settings: Settings, store: Store
) -> None:
    application = build_application(settings, store=store)  # the reference is not read yet
    services = application.bot_data
    loop_ran = threading.Event()
    lock = services._reference_lock  # held as the read-ahead thread holds it while it reads
    lock.acquire()

    def read_ahead() -> None:
        # The "read" ends once the event loop showed it still runs, or after 10 s if it is stuck.
        loop_ran.wait(timeout=10)
        lock.release()

    reader = threading.Thread(target=read_ahead)
    reader.start()
    async with application:
        update = Update.de_json(fake.enqueue_message("/unsubscribe maritime"), application.bot)
        handled = asyncio.create_task(application.process_update(update))
        await asyncio.sleep(0)  # the handler runs first, up to its wait for the reference
        loop_ran_while_reading = lock.locked()
        loop_ran.set()
        await asyncio.wait_for(handled, timeout=10)
    reader.join()

    assert loop_ran_while_reading  # not stuck on the lock until the read was over
    [reply] = fake.calls("sendMessage")
    assert "This chat was not subscribed." in str(reply.params["text"])


def test_the_store_is_closed_when_the_bot_stops(
    fake: FakeBotApi, settings: Settings, store: Store
) -> None:
    earlier = set(threading.enumerate())  # other tests' stores may still have theirs
    store.search_merges.request()  # a merge asked for: its thread runs for the store's life

    def stop_once_up() -> None:
        fake.wait_for("setMyCommands", timeout=10)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, as an operator stops `briefbot run`

    stopper = threading.Thread(target=stop_once_up)
    stopper.start()
    code = run_bot(settings, store=store)
    stopper.join()

    assert code == 0
    # The merges were finished and their thread stopped: nothing is cut short at exit.
    ours = [t for t in threading.enumerate() if t not in earlier and t.name == "search-merges"]
    assert ours == []
