"""Shared fixtures: the seed store, and Briefbot running end to end against the fake Bot API.

`briefbot` is the real application (`build_application`), built from environment settings
that point at a FakeBotApi and started the way `Application.run_polling` does (so the command
menu is published and the digest jobs run, as polling begins), once per test module; each test
gets it as new (an empty fake, its own store) through a `LiveBot` driver. When the test ends,
every message the bot sent is checked: Telegram accepted it, its HTML is valid and within
limits, and every quoted sentence carries its citation. One fake server serves the whole
session; each test's `fake` is a fresh FakeBotApi on it.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shutil
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio
from domain.factories import cited_article
from live_bot import polling
from telegram_fake import (
    DEFAULT_SUPERGROUP_ID,
    MAX_CAPTION_LENGTH,
    MAX_MESSAGE_LENGTH,
    TOKEN,
    Call,
    FakeBotApi,
    FakeTelegramServer,
    SentMessage,
    assert_telegram_html,
    utf16_len,
)

from bot.config import Settings
from bot.domain.models import EventDate
from bot.domain.reference import Reference, load_reference
from bot.ingest.pipeline import ingest_paths
from bot.ratelimit import PriorityRateLimiter
from bot.store import Store, copy_store
from bot.updates import PerChatUpdateProcessor

if TYPE_CHECKING:
    from bot.app import BriefApplication

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLES = REPO / "data" / "articles"
SEED_COUNT = 5
WAIT = 10.0  # seconds; every wait on the fake has this ceiling, so nothing hangs
SENTINEL_USER_ID = 777_000_001
SEED_OUTLETS = ("VNA", "The Europe Today", "MT Team", "VNS")

_MESSAGE_METHODS = {"sendMessage": "text", "editMessageText": "text"}
_MEDIA_METHODS = {"sendPhoto": "caption", "sendDocument": "caption"}
_FACT_LINE = re.compile(r"^• .*“.*”")
_CITATION = re.compile(r"” — (?P<outlet>.+), (?P<date>[^,]+)$")
# Quotes grouped by article: a "VNA, 28 Mar 2023:" line, then the lines under it up to a blank
# line (quotes, and a topic's name over its own), each quoting that article.
_SOURCE_LINE = re.compile(r"^(?P<outlet>[^•“”].*), (?P<date>[^,]+):$")


# --- the store ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def reference() -> Reference:
    """The repo's reference data (topics, people, positions, mechanisms), loaded once."""
    return load_reference()


@pytest.fixture(scope="session")
def seed_store_file(tmp_path_factory: pytest.TempPathFactory, reference: Reference) -> Path:
    """A store holding the five seed articles, ingested once per session; copy, never modify."""
    path = tmp_path_factory.mktemp("seed") / "store.json"
    store = Store(path)
    results = ingest_paths([SEED_ARTICLES], store=store, reference=reference)
    store.close()
    assert [r.error for r in results if not r.ok] == []
    assert len(results) == SEED_COUNT
    return path


@pytest.fixture
def store_path(seed_store_file: Path, tmp_path: Path) -> Path:
    """This test's own copy of the seed store."""
    path = tmp_path / "store.json"
    copy_store(seed_store_file, path)
    return path


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """The seed store, opened."""
    opened = Store(store_path)
    yield opened
    opened.close()


# --- the fake Bot API and the running bot ---------------------------------------------------------


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeTelegramServer]:
    """One HTTP server for every fake Bot API of this session (of this xdist worker)."""
    with FakeTelegramServer() as server:
        yield server


@pytest.fixture
def fake(fake_server: FakeTelegramServer) -> Iterator[FakeBotApi]:
    """A fresh FakeBotApi (its default token and @briefbot_test_bot), gone afterwards."""
    with fake_server.new_api() as api:
        yield api


def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop any TELEGRAM_* / BRIEFBOT_* variable the developer's shell may have set."""
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "BRIEFBOT_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BRIEFBOT_WATCH", "0")  # tests never poll the real outlets


# Bots started by tests (and the processes they spawn) never poll the outlets in
# data/sources.yaml; the watcher's own tests turn watching on against 127.0.0.1.
os.environ["BRIEFBOT_WATCH"] = "0"


def environment_settings(
    monkeypatch: pytest.MonkeyPatch, fake: FakeBotApi, store_path: Path
) -> Settings:
    """Settings read from the environment, as `briefbot run` reads them, aimed at the fake."""
    clean_environment(monkeypatch)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", fake.url)
    monkeypatch.setenv("BRIEFBOT_DB", str(store_path))
    return Settings(_env_file=None)


@pytest.fixture
def settings(fake: FakeBotApi, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings read from the environment, as `briefbot run` reads them, aimed at the fake."""
    return environment_settings(monkeypatch, fake, store_path)


@dataclass
class Reply:
    """What the bot did in answer to one update: the messages it sent and every API call."""

    messages: list[SentMessage]
    calls: list[Call]
    update: dict[str, Any] | None = None  # the update the bot answered, as Telegram sent it

    @property
    def texts(self) -> list[str]:
        """Visible text (entities parsed away) of each text message, in order."""
        return [m.visible_text for m in self.messages if m.method == "sendMessage"]

    @property
    def text(self) -> str:
        """All text messages joined, as a reader scrolling the chat sees them."""
        return "\n\n".join(self.texts)

    @property
    def edited(self) -> list[str]:
        """Visible text of each message the bot edited in place (a "More" or page button)."""
        return [m.visible_text for m in self.messages if m.method == "editMessageText"]

    @property
    def html(self) -> list[str]:
        """The raw HTML of each text message."""
        return [m.text for m in self.messages if m.method == "sendMessage"]

    def of(self, method: str) -> list[SentMessage]:
        """Sent messages of one method (sendMessage, sendPhoto, sendDocument)."""
        return [m for m in self.messages if m.method == method]

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button under the messages."""
        found: list[tuple[str, str]] = []
        for message in self.messages:
            rows = (message.reply_markup or {}).get("inline_keyboard", [])
            found += [(b["text"], b.get("callback_data", "")) for row in rows for b in row]
        return found


@dataclass
class LiveBot:
    """Drives the running bot through the fake: send an update, get back what the bot did."""

    fake: FakeBotApi
    app: BriefApplication
    store: Store
    allowed_failures: list[str] = field(default_factory=list)
    _sentinels: Iterator[int] = field(default_factory=itertools.count)

    @property
    def username(self) -> str:
        """The bot's @username without the @."""
        return str(self.fake.bot_user["username"])

    async def send(
        self,
        text: str,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        **kwargs: Any,
    ) -> Reply:
        """A user (or, with chat_type="channel", a channel admin) posts `text`."""
        return await self._round_trip(
            lambda: self.fake.enqueue_message(text, chat_type=chat_type, chat_id=chat_id, **kwargs)
        )

    async def send_in_topic(self, text: str, thread_id: int, **kwargs: Any) -> Reply:
        """A member posts `text` in forum topic `thread_id` of the default supergroup."""
        return await self.send(
            text,
            chat_type="supergroup",
            chat_id=DEFAULT_SUPERGROUP_ID,
            message_thread_id=thread_id,
            is_topic_message=True,
            **kwargs,
        )

    async def press(self, data: str, **kwargs: Any) -> Reply:
        """A user presses an inline button carrying `data`."""
        return await self._round_trip(lambda: self.fake.enqueue_callback_query(data, **kwargs))

    async def inline(self, query: str) -> Reply:
        """A user types "@bot <query>" in some chat."""
        return await self._round_trip(lambda: self.fake.enqueue_inline_query(query))

    async def edit(self, sent: Reply, text: str) -> Reply:
        """The author edits the message (or channel post) `sent` answered into `text`."""
        assert sent.update is not None
        original = sent.update.get("message") or sent.update["channel_post"]
        chat_id, message_id = original["chat"]["id"], original["message_id"]
        return await self._round_trip(lambda: self.fake.enqueue_edit(chat_id, message_id, text))

    async def auto_forward(self, post: Reply) -> Reply:
        """Telegram copies the channel post `post` answered into the channel's discussion group."""
        assert post.update is not None
        return await self._round_trip(lambda: self.fake.enqueue_automatic_forward(post.update))

    def expect_failure(self, method: str, description: str, chat_id: int | None = None) -> None:
        """Make Telegram refuse the next `method` call once; the end-of-test check allows it."""
        self.fake.fail_next(method, chat_id, error_code=400, description=description)
        self.allowed_failures.append(description)

    async def _round_trip(self, enqueue: Any) -> Reply:
        calls_before = len(self.fake.calls())
        sent_before = len(self.fake.sent_messages())
        update = enqueue()
        sentinel = await self.settle()
        calls = [
            c
            for c in self.fake.calls()[calls_before:]
            if c.params.get("callback_query_id") != sentinel
        ]
        return Reply(self.fake.sent_messages()[sent_before:], calls, update)

    async def settle(self) -> str:
        """Wait until every update queued so far has been handled; returns the sentinel's id.

        Every update queued before a final no-op update (a press on a button whose data is not
        a command, answered with "expired") has been handed to the bot once that is answered;
        once the bot is idle too, all of them are done, even those that got no answer at all.
        """
        update = self.fake.enqueue_callback_query(
            f"sentinel-{next(self._sentinels)}",
            user_id=SENTINEL_USER_ID,
            chat_id=SENTINEL_USER_ID,
        )
        query_id = str(update["callback_query"]["id"])
        await self.fake.wait_for_async(
            lambda c: (
                c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
            ),
            timeout=WAIT,
        )
        # Updates from other chats run concurrently: wait for those still being answered.
        processor = self.app.update_processor
        if isinstance(processor, PerChatUpdateProcessor):
            await asyncio.wait_for(processor.wait_idle(), timeout=WAIT)
        return query_id


@dataclass
class SharedBot:
    """One running application that a module's tests take turns with."""

    fake: FakeBotApi
    app: BriefApplication
    settings: Settings
    idle_store: Store  # what the bot reads between tests, while no test's store is attached


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_bot(
    fake_server: FakeTelegramServer,
    seed_store_file: Path,
    reference: Reference,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[SharedBot]:
    """The real application, started once per test module (in the module's event loop)."""
    from bot.app import build_application  # the Telegram layer, only for tests that use it

    idle_path = tmp_path_factory.mktemp("idle") / "store.json"
    copy_store(seed_store_file, idle_path)
    idle_store = Store(idle_path)
    with fake_server.new_api() as fake, pytest.MonkeyPatch.context() as monkeypatch:
        settings = environment_settings(monkeypatch, fake, idle_path)
        application = build_application(settings, store=idle_store, reference=reference)
        async with polling(application):
            # deleteWebhook is the polling bootstrap: once it is answered, getUpdates follows.
            await fake.wait_for_async("deleteWebhook", timeout=WAIT)
            yield SharedBot(fake, application, settings, idle_store)
    idle_store.close()


@pytest_asyncio.fixture(loop_scope="module")
async def briefbot(
    shared_bot: SharedBot, store: Store, reference: Reference
) -> AsyncIterator[LiveBot]:
    """The module's running bot as if new (own store, no history); afterwards, sends checked."""
    fake, application = shared_bot.fake, shared_bot.app
    fake.reset()
    _forget_rate_limits(application)
    _forget_conversations(application)
    application.bot_data.attach(settings=shared_bot.settings, store=store, reference=reference)
    driver = LiveBot(fake, application, store)
    yield driver
    await driver.settle()  # nothing of this test is still in flight when its store goes
    application.bot_data.attach(
        settings=shared_bot.settings, store=shared_bot.idle_store, reference=reference
    )
    assert_all_sent_valid(fake, allowed_failures=driver.allowed_failures)


@pytest.fixture
async def own_briefbot(
    fake: FakeBotApi, settings: Settings, store: Store
) -> AsyncIterator[LiveBot]:
    """An application started for this test alone (for tests of start-up itself)."""
    from bot.app import build_application  # the Telegram layer, only for tests that use it

    application = build_application(settings, store=store)
    driver = LiveBot(fake, application, store)
    async with polling(application):
        await fake.wait_for_async("deleteWebhook", timeout=WAIT)
        yield driver
    assert_all_sent_valid(fake, allowed_failures=driver.allowed_failures)


def _forget_conversations(application: BriefApplication) -> None:
    """A new test starts with no chat or user remembered (e.g. the last briefing, for /export)."""
    for chat_id in list(application.chat_data):
        application.drop_chat_data(chat_id)
    for user_id in list(application.user_data):
        application.drop_user_data(user_id)


def _forget_rate_limits(application: BriefApplication) -> None:
    """A new test starts with Telegram's per-group budget unspent, as a fresh bot would."""
    limiter = application.bot.rate_limiter
    assert isinstance(limiter, PriorityRateLimiter)
    limiter.reset()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on the shared bot runs in its module's event loop, where that bot runs."""
    for item in items:
        if "shared_bot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.asyncio(loop_scope="module"), append=False)


# --- a store far bigger than the seeds ------------------------------------------------------


GENERATED = 120


def add_generated_dialogues(store: Store, count: int) -> None:
    """`count` distinct, dated dialogues, each with a cited sentence, saved in one batch."""
    articles = []
    for n in range(count):
        year, month = 1990 + n // 12, n % 12 + 1
        place = "Hanoi" if n % 2 else "Seoul"
        article = cited_article(
            f"generated-{n}",
            f"gen{n:05d}",
            sentence=f"Generated dialogue {n} discussed naval cooperation in {year}.",
            title=f"Generated defence policy dialogue number {n}, {place}",
            when=EventDate(year=year, month=month, day=n % 27 + 1, precision="day"),
            place=place,
            file=f"gen{n}.txt",
        )
        articles.append(article)
    store.save_articles(articles)


@pytest.fixture(scope="session")
def crowded_store_file(seed_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed store plus GENERATED dialogues, built once per session."""
    path = tmp_path_factory.mktemp("crowded") / "store.json"
    copy_store(seed_store_file, path)
    store = Store(path)
    add_generated_dialogues(store, GENERATED)
    store.close()
    return path


def crowd(bot: LiveBot, crowded_store_file: Path) -> None:
    """Swap the crowded store in under the running bot, atomically, as another process would."""
    staged = bot.store.path.with_name("crowded.json")
    copy_store(crowded_store_file, staged)
    shutil.copytree(staged.with_name("crowded.json.d"), bot.store.folder, dirs_exist_ok=True)
    os.replace(staged, bot.store.path)
    assert len(bot.store.corpus().dialogues) == SEED_COUNT + GENERATED


# --- checks on what the bot sent ------------------------------------------------------------------


def _cited_lines(text: str) -> list[tuple[str, tuple[str, str] | None]]:
    """Each quoted-sentence line with its (outlet, date): its own, or its group's source line."""
    out: list[tuple[str, tuple[str, str] | None]] = []
    group: tuple[str, str] | None = None
    for line in text.splitlines():
        header = _SOURCE_LINE.match(line)
        if header:
            group = (header.group("outlet"), header.group("date"))
            continue
        if not line.strip():
            group = None  # a group is its source line and the lines right under it
            continue
        if _FACT_LINE.match(line):
            own = _CITATION.search(line)
            out.append((line, (own.group("outlet"), own.group("date")) if own else group))
    return out


def per_line(text: str) -> str:
    """`text` with each grouped quote cited at its end ("• “…” — VNA, 28 Mar 2023"), as a test
    asserting a quote together with its citation reads it; the source lines themselves go."""
    cited = dict(_cited_lines(text))
    out = []
    for line in text.splitlines():
        if _SOURCE_LINE.match(line):
            continue
        where = cited.get(line)
        if where is not None and not _CITATION.search(line):
            line = f"{line} — {where[0]}, {where[1]}"
        out.append(line)
    return "\n".join(out)


def citations(text: str) -> list[tuple[str, str]]:
    """(outlet, date) of every quoted sentence in a visible text."""
    return [cited for _line, cited in _cited_lines(text) if cited is not None]


def uncited_facts(text: str) -> list[str]:
    """Quoted-sentence lines cited neither at their end nor by the source line over their group."""
    return [line for line, cited in _cited_lines(text) if cited is None]


def assert_cites_sources(reply: Reply, outlets: Sequence[str] = SEED_OUTLETS) -> None:
    """A briefing: it quotes at least one sentence, each cited with a known outlet or a date."""
    shown = "\n\n".join([*reply.texts, *reply.edited])  # sent, or edited in place
    cited = citations(shown)
    assert cited, f"no cited sentence in:\n{shown}"
    for outlet, date in cited:
        assert outlet in outlets or "unknown" in date or "not given" in date, (outlet, date)


def _check_text(method: str, value: object, parse_mode: object, limit: int) -> list[str]:
    if not isinstance(value, str) or not value:
        return []
    if str(parse_mode or "").lower() != "html":
        return [] if utf16_len(value) <= limit else [f"{method}: plain text over {limit}"]
    try:
        assert_telegram_html(value, max_length=limit)
    except AssertionError as exc:
        return [f"{method}: {exc}"]
    return []


def assert_all_sent_valid(fake: FakeBotApi, *, allowed_failures: Sequence[str] = ()) -> None:
    """Telegram accepted every message; HTML valid and within limits; every quote is cited."""
    problems: list[str] = []
    expected = list(allowed_failures)
    for call in fake.calls():
        if call.method in _MESSAGE_METHODS or call.method in _MEDIA_METHODS:
            if not call.ok:
                if call.description in expected:
                    expected.remove(call.description)
                else:
                    problems.append(f"Telegram refused {call.method}: {call.description}")
            name = _MESSAGE_METHODS.get(call.method) or _MEDIA_METHODS[call.method]
            limit = MAX_MESSAGE_LENGTH if name == "text" else MAX_CAPTION_LENGTH
            problems += _check_text(
                call.method, call.params.get(name), call.params.get("parse_mode"), limit
            )
        elif call.method == "answerInlineQuery":
            for result in call.params.get("results") or []:
                content = result.get("input_message_content") or {}
                problems += _check_text(
                    "inline result",
                    content.get("message_text"),
                    content.get("parse_mode"),
                    MAX_MESSAGE_LENGTH,
                )
    for sent in fake.sent_messages():
        problems += [f"uncited quote: {line}" for line in uncited_facts(sent.visible_text)]
    assert not problems, "\n".join(problems)
