"""Digests end to end: the real bot, the real store file, a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import itertools
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import add_generated_dialogues, assert_all_sent_valid
from live_bot import bot_settings, running_bot
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest
from telegram_fake import TOKEN, Call, FakeBotApi

from bot.app import BriefApplication
from bot.context import BotServices
from bot.delivery import RETRY_JOB, SOON_JOB, Delivery, deliver_to_chat
from bot.domain.models import Dialogue, EventDate, Evidence, Source, SourceRef, TopicHit
from bot.domain.models import Subscription as _Subscription
from bot.domain.reference import load_reference
from bot.ingest.pipeline import ingest_paths
from bot.store import Store

REPO = Path(__file__).resolve().parents[1]
NEW_ARTICLE = REPO / "tests" / "fixtures" / "new_dialogue.txt"
NEW_TITLE = "Vietnam, RoK hold 12th defence policy dialogue in Seoul"
NEVER = _Subscription(chat_id=0, last_seq=-1)  # stands in for a subscription not there
QUIET_POLLS = 3  # the digest machinery must look idle this many polls in a row


@pytest.fixture(autouse=True)
def every_message_valid(fake: FakeBotApi) -> Iterator[None]:
    """After each test: Telegram accepted every message but the refusals the test programmed."""
    yield
    programmed = [
        c.description or "" for c in fake.calls() if c.status in (400, 403, 409, 429, 502)
    ]
    assert_all_sent_valid(fake, allowed_failures=programmed)


async def settled(app: BriefApplication, timeout: float = 15.0) -> None:
    """Wait until the bot has seen every entry and no digest run is due or running.

    From then on nothing more is sent until something changes, so a duplicate would already
    have shown up: the event a fixed sleep used to stand in for.
    """
    services: BotServices = app.bot_data
    state, job_queue = services.digest, app.job_queue
    assert job_queue is not None

    def idle() -> bool:
        return (
            state.seen_seq >= services.store.max_seq()
            and not state.run_lock.locked()
            and not any(lock.locked() for lock in state.chat_locks.values())
            and not job_queue.get_jobs_by_name(SOON_JOB)
            and not job_queue.get_jobs_by_name(RETRY_JOB)
        )

    quiet = 0
    deadline = time.monotonic() + timeout
    while quiet < QUIET_POLLS:
        assert time.monotonic() < deadline, "the digest machinery never settled"
        quiet = quiet + 1 if idle() else 0
        await asyncio.sleep(0.01)


def wait_until_recorded(store: Store, chats: list[int], timeout: float = 30.0) -> None:
    """Wait until the store has every chat at the newest entry (another process records it)."""
    deadline = time.monotonic() + timeout
    while any((store.subscription(chat_id=c) or NEVER).last_seq < store.max_seq() for c in chats):
        assert time.monotonic() < deadline, "not every chat was recorded"
        time.sleep(0.01)


def digests_to(fake: FakeBotApi, chat_id: int) -> list[str]:
    """Digest messages Telegram accepted for a chat."""
    return [
        m.visible_text
        for m in fake.sent_messages(chat_id)
        if m.method == "sendMessage" and "Briefbot digest" in m.visible_text
    ]


def is_send_to(chat_id: int) -> Callable[[Call], bool]:
    """Predicate: an accepted sendMessage to the chat."""

    def predicate(call: Call) -> bool:
        return call.method == "sendMessage" and call.chat_id == chat_id and call.ok

    return predicate


def ingest_elsewhere(store_path: Path, article: Path = NEW_ARTICLE) -> str:
    """`briefbot ingest` in another process sharing the store file; returns its report."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", str(article)],
        env={**os.environ, "BRIEFBOT_DB": str(store_path)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stderr


async def test_article_from_another_process_reaches_each_matching_chat_once(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=101)
    store.subscribe(chat_id=102, topics=["maritime"])
    store.subscribe(chat_id=103, topics=["korean-peninsula"])
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_elsewhere, store_path)
        await fake.wait_for_async(is_send_to(101), timeout=10)
        await fake.wait_for_async(is_send_to(102), timeout=10)
        await settled(app)
        assert len(digests_to(fake, 101)) == 1 and NEW_TITLE in digests_to(fake, 101)[0]
        assert (
            len(digests_to(fake, 102)) == 1 and "on Maritime security" in digests_to(fake, 102)[0]
        )
        assert digests_to(fake, 103) == []
        assert "unchanged" in await asyncio.to_thread(ingest_elsewhere, store_path)
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (101, 102, 103)] == [1, 1, 0]


async def test_digest_cites_its_source_and_links_to_the_briefing(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=111)
    async with running_bot(bot_settings(fake, store_path)):
        await asyncio.to_thread(ingest_elsewhere, store_path)
        await fake.wait_for_async(is_send_to(111), timeout=10)
    sent = fake.last_message(111)
    assert "Test Wire, 6 Dec 2025" in sent.visible_text
    buttons = [b for row in (sent.reply_markup or {})["inline_keyboard"] for b in row]
    assert any(b["callback_data"].startswith("/dialogue 2025-12-05") for b in buttons)


async def test_restart_sends_nothing_again(fake: FakeBotApi, store_path: Path) -> None:
    Store(store_path).subscribe(chat_id=121)
    async with running_bot(bot_settings(fake, store_path)):
        await asyncio.to_thread(ingest_elsewhere, store_path)
        await fake.wait_for_async(is_send_to(121), timeout=10)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await settled(app)
    assert len(digests_to(fake, 121)) == 1


async def test_new_subscriber_gets_no_backlog(fake: FakeBotApi, store_path: Path) -> None:
    Store(store_path).subscribe(chat_id=131)
    Store(store_path).subscribe(chat_id=132, topics=["maritime"])
    before = store_path.stat()
    async with running_bot(bot_settings(fake, store_path)) as app:
        await settled(app)
    assert digests_to(fake, 131) == [] and digests_to(fake, 132) == []
    after = store_path.stat()  # a start with nothing new does not even rewrite the store
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


async def test_rate_limited_chat_is_served_once_after_retry_after(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=301)
    fake.fail_next("sendMessage", 301, error_code=429, retry_after=1)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_elsewhere, store_path)
        await fake.wait_for_async(is_send_to(301), timeout=15)
        await settled(app)
    attempts = [c for c in fake.calls("sendMessage") if c.chat_id == 301]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 1.0
    assert len(digests_to(fake, 301)) == 1


async def test_blocked_chat_is_unsubscribed_and_others_served(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=401)
    store.subscribe(chat_id=402)
    fake.fail_next("sendMessage", 401, error_code=403)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_elsewhere, store_path)
        await fake.wait_for_async(is_send_to(402), timeout=10)
        await settled(app)
    assert store.subscription(chat_id=401) is None
    assert store.subscription(chat_id=402) is not None
    assert digests_to(fake, 401) == [] and len(digests_to(fake, 402)) == 1


async def test_group_upgraded_to_supergroup_gets_digest_under_new_id(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=-501, topics=["maritime"])
    fake.fail_next("sendMessage", -501, error_code=400, migrate_to_chat_id=-100501)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_elsewhere, store_path)
        await fake.wait_for_async(is_send_to(-100501), timeout=10)
        await settled(app)
    moved = store.subscription(chat_id=-100501)
    assert moved is not None and moved.topics == ["maritime"]
    assert store.subscription(chat_id=-501) is None
    assert len(digests_to(fake, -100501)) == 1


def start_bot_process(fake: FakeBotApi, store_path: Path) -> subprocess.Popen[str]:
    """`briefbot run` as its own process, as a deployment runs it."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.url,
        "BRIEFBOT_DB": str(store_path),
        "BRIEFBOT_DIGEST_DELAY": "0.2",
        "BRIEFBOT_STORE_POLL": "0.1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_killed_mid_fan_out_then_restarted_every_chat_gets_the_entry_once(
    fake: FakeBotApi, store_path: Path
) -> None:
    chats = [201, 202, 203, 204]
    store = Store(store_path)
    for chat in chats:
        store.subscribe(chat_id=chat)
    # Telegram makes chat 203 wait: the bot is mid-fan-out (201, 202 served) when it is killed.
    fake.fail_next("sendMessage", 203, error_code=429, retry_after=60)
    bot = start_bot_process(fake, store_path)
    try:
        fake.wait_for("getUpdates", timeout=30)
        ingest_paths([NEW_ARTICLE], store=store, reference=load_reference())
        fake.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == 203, timeout=30)
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
        assert [len(digests_to(fake, c)) for c in chats] == [1, 1, 0, 0]
        bot = start_bot_process(fake, store_path)
        for chat in (203, 204):
            fake.wait_for(is_send_to(chat), timeout=30)
        wait_until_recorded(store, chats)
    finally:
        bot.kill()
        bot.wait(10)
    assert [len(digests_to(fake, c)) for c in chats] == [1, 1, 1, 1]


def write_article(folder: Path, *, day: int, paragraphs: tuple[int, ...] = (1, 2, 3)) -> Path:
    """A variant of the fixture article: its own event (edition and day), chosen body paragraphs.

    Paragraph 1 names the meeting, 2 is maritime, 3 cyber security and war legacy.
    """
    header, body = NEW_ARTICLE.read_text(encoding="utf-8").rsplit("---\n", 1)
    blocks = body.split("\n\n")
    edition = f"{day + 7}th"
    text = header + "---\n" + "\n\n".join([blocks[0], *(blocks[i] for i in paragraphs)])
    path = folder / f"article-{day}-{'-'.join(map(str, paragraphs))}.txt"
    path.write_text(
        text.replace("December 5", f"December {day}").replace("12th", edition), encoding="utf-8"
    )
    return path


def ingest_here(store_path: Path, *articles: Path) -> None:
    """`briefbot ingest` in this process (its own Store object on the shared file)."""
    results = ingest_paths(list(articles), store=Store(store_path), reference=load_reference())
    assert all(r.ok for r in results), [r.error for r in results]


GONE = (
    "Bad Request: message thread not found",
    "Bad Request: chat not found",
    "Bad Request: not enough rights to send text messages to the chat",
    "Bad Request: need administrator rights in the channel chat",
)


async def test_chat_or_topic_gone_is_unsubscribed_and_others_served(
    fake: FakeBotApi, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(store_path)
    gone = [(-100601, 7), (-100602, None), (-100603, None), (-100604, None)]
    for (chat, thread), description in zip(gone, GONE, strict=True):
        store.subscribe(chat_id=chat, thread_id=thread)
        fake.fail_next("sendMessage", chat, error_code=400, description=description)
    store.subscribe(chat_id=605)
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(605), timeout=10)
        await settled(app)
    assert [store.subscription(chat_id=c, thread_id=t) for c, t in gone] == [None] * 4
    assert len(digests_to(fake, 605)) == 1
    tried = [c.chat_id for c in fake.calls("sendMessage") if c.chat_id != 605]
    assert Counter(tried) == Counter(c for c, _ in gone)  # each tried once, never again
    assert all(f"chat {c}" in caplog.text for c, _ in gone)


async def test_rejected_message_is_skipped_and_later_entries_still_arrive(
    fake: FakeBotApi, store_path: Path, tmp_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=611)
    refused = "Bad Request: can't parse entities: unsupported start tag"
    fake.fail_next("sendMessage", 611, error_code=400, description=refused)
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, write_article(tmp_path, day=1))
        await fake.wait_for_async(lambda c: c.chat_id == 611 and not c.ok, timeout=10)
        await settled(app)
        ingest_here(store_path, write_article(tmp_path, day=2))
        await fake.wait_for_async(is_send_to(611), timeout=10)
        await settled(app)
    [digest] = digests_to(fake, 611)
    assert "9th defence policy dialogue" in digest and "8th" not in digest
    subscription = store.subscription(chat_id=611)
    assert subscription is not None and subscription.last_seq == store.max_seq()


async def test_unexpected_error_in_one_chat_does_not_stop_the_others(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    for chat in (621, 622, 623):
        store.subscribe(chat_id=chat)
    # An answer PTB turns into no error class the fan-out knows (409 → Conflict).
    fake.fail_next("sendMessage", 621, error_code=409, description="Conflict: odd")
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, NEW_ARTICLE)
        for chat in (622, 623):
            await fake.wait_for_async(is_send_to(chat), timeout=10)
        assert digests_to(fake, 621) == []
        # Its entry stayed pending: the retry run a moment later delivers it.
        await fake.wait_for_async(is_send_to(621), timeout=10)
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (621, 622, 623)] == [1, 1, 1]


@contextmanager
def silent_api() -> Iterator[tuple[str, list[bytes]]]:
    """A Bot API address that reads each request and never answers, as a stalled link does."""
    server = socket.create_server(("127.0.0.1", 0))
    requests: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.05)
        held = []
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            held.append(connection)
            requests.append(connection.recv(65536))
        for connection in held:
            connection.close()

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", requests
    finally:
        stop.set()
        worker.join(5)
        server.close()


async def test_timed_out_send_is_not_repeated_in_the_same_run(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=631)
    before = store.subscription(chat_id=631)
    ingest_here(store_path, NEW_ARTICLE)
    services = BotServices()
    services.attach(
        settings=bot_settings(fake, store_path), store=store, reference=load_reference()
    )
    with silent_api() as (url, requests):
        request = HTTPXRequest(read_timeout=0.3)
        bot = ExtBot(TOKEN, base_url=f"{url}/bot", request=request)
        subscription = store.subscription(chat_id=631)
        assert subscription is not None
        try:  # not initialize(): its getMe would time out first; the send is the only request
            assert await deliver_to_chat(bot, services, subscription) is Delivery.LEFT_PENDING
        finally:
            await request.shutdown()
    assert [r.split(b" ")[1].rsplit(b"/", 1)[-1] for r in requests] == [b"sendMessage"]
    assert store.subscription(chat_id=631) == before  # still pending for the next run


async def test_report_adding_a_topic_reaches_only_that_topics_new_subscribers(
    fake: FakeBotApi, store_path: Path, tmp_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=641, topics=["maritime"])
    store.subscribe(chat_id=642, topics=["cyber-security"])
    store.subscribe(chat_id=643)
    cyber_report = write_article(tmp_path, day=5, paragraphs=(1, 3))
    maritime_report = write_article(tmp_path, day=5, paragraphs=(1, 2))  # the same event
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, cyber_report)
        for chat in (642, 643):
            await fake.wait_for_async(is_send_to(chat), timeout=10)
        await settled(app)
        assert digests_to(fake, 641) == []
        ingest_here(store_path, maritime_report)
        await fake.wait_for_async(is_send_to(641), timeout=10)
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (641, 642, 643)] == [1, 1, 1]
    [maritime] = digests_to(fake, 641)
    assert "12th defence policy dialogue" in maritime and "on Maritime security" in maritime
    assert len(store.corpus().dialogues) == 6  # the second report merged into the first


async def test_network_errors_back_off_then_a_retry_run_delivers_once(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=651)
    # Three 502s: the run's own back-off (1 s, 2 s) is used up and the chat is left pending.
    fake.fail_next("sendMessage", 651, error_code=502, description="Bad Gateway", times=3)
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(651), timeout=15)
        await settled(app)
    attempts = [c for c in fake.calls("sendMessage") if c.chat_id == 651]
    assert [c.status for c in attempts] == [502, 502, 502, 200]
    gaps = [later.time - earlier.time for earlier, later in itertools.pairwise(attempts)]
    assert gaps[0] >= 1.0 and gaps[1] >= 2.0  # backed off within the run, then retried later
    assert len(digests_to(fake, 651)) == 1


async def add_spaced(store_path: Path, folder: Path, days: range, gap: float) -> list[float]:
    """Ingest one new event per day in `days`, `gap` seconds apart; returns when each landed."""
    landed = []
    for day in days:
        # Off the event loop, as `briefbot ingest` runs in its own process: an ingest slowed by
        # a busy machine must not stall the bot's store watcher (and so split the batch).
        await asyncio.to_thread(ingest_here, store_path, write_article(folder, day=day))
        landed.append(time.monotonic())
        await asyncio.sleep(gap)
    return landed


async def test_a_batch_of_articles_gives_one_digest(
    fake: FakeBotApi, store_path: Path, tmp_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=661)
    # A long delay: ingesting an article on a busy machine must not open a second batch.
    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=1.5)) as app:
        # Each article lands well within the delay of the one before: one batch.
        await add_spaced(store_path, tmp_path, range(1, 6), gap=0.2)
        await fake.wait_for_async(is_send_to(661), timeout=10)
        await settled(app)
    [digest] = digests_to(fake, 661)
    assert "5 new entries" in digest


async def test_a_steady_stream_of_articles_still_gets_a_digest_within_five_delays(
    fake: FakeBotApi, store_path: Path, tmp_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=671)
    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=0.3)):
        stream = asyncio.create_task(add_spaced(store_path, tmp_path, range(1, 26), gap=0.1))
        first_digest = (await fake.wait_for_async(is_send_to(671), timeout=10))[0]
        landed = await stream
    assert first_digest.time - landed[0] <= 5 * 0.3 + 0.5  # the cap, plus a poll and a send
    assert first_digest.time < landed[-1]  # it did not wait for the stream to end


@contextmanager
def holding_the_store_lock(store_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the store's file lock until it reads a line on its stdin."""
    script = (
        "import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); "
        "lock.acquire(); print('held', flush=True); sys.stdin.readline(); lock.release()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, f"{store_path}.lock"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait(10)


def save_overlong_entry(store: Store, title: str) -> None:
    """An event reported by 80 outlets: its full card is far longer than one message."""
    sentence = "The ministers agreed to expand naval cooperation and joint maritime training. " * 9
    refs = [
        SourceRef(id=f"long{n}", file=f"long{n}.txt", outlet=f"Regional outlet number {n}")
        for n in range(80)
    ]
    dialogue = Dialogue(
        id="overlong",
        title=title,
        date=EventDate(year=2025, month=12, day=9, precision="day"),
        place="Hanoi",
        topics=[TopicHit(id="maritime", evidence=[Evidence(sentence=sentence, source_id="long0")])],
        summary=[Evidence(sentence=sentence, source_id="long0")],
        sources=refs,
    )
    store.save_article(
        source=Source(id="long0", file="long0.txt", outlet=refs[0].outlet, text=sentence),
        dialogue=dialogue,
        people=[],
    )


async def test_a_502_on_a_later_part_never_repeats_the_earlier_parts(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=711)
    save_overlong_entry(store, "Reported everywhere")
    add_generated_dialogues(store, 40)
    newest = store.max_seq()

    def fail_the_second_part(holder: subprocess.Popen[str]) -> None:
        # The bot cannot record part 1 while another process holds the store's lock: the 502
        # is programmed before part 2 can be sent.
        fake.wait_for(is_send_to(711), timeout=10)
        fake.fail_next("sendMessage", 711, error_code=502, description="Bad Gateway", times=3)
        holder.communicate("release\n", timeout=10)

    with holding_the_store_lock(store_path) as holder:
        async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=0.1)):
            await asyncio.to_thread(fail_the_second_part, holder)
            await until(lambda: (store.subscription(chat_id=711) or NEVER).last_seq == newest)
    accepted = [c.params["text"] for c in fake.calls("sendMessage") if c.chat_id == 711 and c.ok]
    assert len(accepted) >= 3 and len(set(accepted)) == len(accepted), "a part came twice"
    shown = "\n".join(accepted)
    assert shown.count("Reported everywhere") == 1
    assert all(
        shown.count(f"Generated defence policy dialogue number {n},") == 1 for n in range(40)
    )
    assert [c.status for c in fake.calls("sendMessage") if c.chat_id == 711].count(502) == 3


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past `limit` bytes fail in this process (EFBIG), as on a full disk, even as root."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait, yielding to the bot, until `condition` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def ask_digest(fake: FakeBotApi, chat_id: int) -> str:
    """/digest in the chat; the bot's answer."""
    before = len(fake.sent_messages(chat_id))
    fake.enqueue_message("/digest", chat_id=chat_id, user_id=chat_id)
    await fake.wait_for_async(is_send_to(chat_id), count=before + 1, timeout=10)
    return fake.sent_messages(chat_id)[-1].visible_text


async def test_a_store_that_cannot_record_a_delivery_never_repeats_the_digest(
    fake: FakeBotApi, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=721)
    ingest_here(store_path, NEW_ARTICLE)
    before = store_path.read_bytes()

    def failed_records() -> int:
        return sum("the store cannot record it" in r.getMessage() for r in caplog.records)

    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=0.1)):
        # A delivery mark is a line of ~20 bytes appended to the store's marks journal, so only
        # a zero limit makes every store write fail (part files, manifest and journal alike).
        with file_size_limit(0):
            await fake.wait_for_async(is_send_to(721), timeout=10)
            await until(lambda: failed_records() >= 3)  # the run, then retry runs
            assert "cannot save anything right now" in await ask_digest(fake, 721)
            assert store_path.read_bytes() == before  # nothing half-written
        assert await ask_digest(fake, 721) == "Nothing new since this chat's last digest."
    assert len(digests_to(fake, 721)) == 1
    subscription = store.subscription(chat_id=721)
    assert subscription is not None and subscription.last_seq == store.max_seq()
    assert [p.name for p in store_path.parent.iterdir() if p.name.startswith(".")] == []
