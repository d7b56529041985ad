"""What the delivery tests share: waiting for the digest machinery, ingesting, reading digests."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from telegram_fake import Call, FakeBotApi

from bot.app import BriefApplication
from bot.context import BotServices
from bot.delivery import RETRY_JOB, SOON_JOB, WATCH_JOB
from bot.domain.models import Subscription as _Subscription
from bot.domain.reference import load_reference
from bot.ingest.pipeline import ingest_paths
from bot.store import Store

REPO = Path(__file__).resolve().parents[2]

NEW_ARTICLE = REPO / "tests" / "fixtures" / "new_dialogue.txt"
NEW_TITLE = "Vietnam, RoK hold 12th defence policy dialogue in Seoul"
NEVER = _Subscription(chat_id=0, last_seq=-1)  # stands in for a subscription not there
QUIET_TICKS = 2  # the digest machinery must look idle at this many store polls in a row


class FinishedJobs:
    """The bot's job runs as they finish, as APScheduler announces them: events, not polling."""

    def __init__(self, app: BriefApplication) -> None:
        assert app.job_queue is not None
        self._scheduler = app.job_queue.scheduler
        self._loop = asyncio.get_running_loop()
        self._finished: asyncio.Queue[str] = asyncio.Queue()

    def _heard(self, event: JobExecutionEvent) -> None:
        # Thread-safe, whichever thread the scheduler announces from.
        self._loop.call_soon_threadsafe(self._finished.put_nowait, event.job_id)

    def __enter__(self) -> FinishedJobs:
        self._scheduler.add_listener(self._heard, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        return self

    def __exit__(self, *exc: object) -> None:
        self._scheduler.remove_listener(self._heard)

    async def next(self, deadline: float, failure: str) -> str:
        """The id of the next job run to finish; fails with `failure` at `deadline`."""
        try:
            return await asyncio.wait_for(self._finished.get(), deadline - time.monotonic())
        except TimeoutError:
            raise AssertionError(failure) from None


async def settled(app: BriefApplication, timeout: float = 15.0) -> None:
    """Wait until the bot has seen every entry and no digest run is due or running.

    From then on nothing more is sent until something changes, so a duplicate would already
    have shown up: the event a fixed sleep used to stand in for. Checked each time the store
    watcher finishes a poll; two in a row, so a run its poll started has begun.
    """
    services: BotServices = app.bot_data
    state, job_queue = services.digest, app.job_queue
    assert job_queue is not None
    [watch] = job_queue.get_jobs_by_name(WATCH_JOB)

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
    with FinishedJobs(app) as finished:
        while quiet < QUIET_TICKS:
            if await finished.next(deadline, "the digest machinery never settled") == watch.job.id:
                quiet = quiet + 1 if idle() else 0


def wait_until_recorded(store: Store, chats: list[int], timeout: float = 30.0) -> None:
    """Wait until the store has every chat at the newest entry (another process records it)."""
    # Polled: the bot recording is another process, which gives this one no signal.
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


async def until(
    app: BriefApplication, condition: Callable[[], bool], timeout: float = 10.0
) -> None:
    """Wait until `condition` holds, checked as each of the bot's job runs finishes."""
    # The bot changes digest state only in its jobs (the store watcher polls every
    # BRIEFBOT_STORE_POLL), so a condition on that state can only turn true as one finishes.
    deadline = time.monotonic() + timeout
    with FinishedJobs(app) as finished:
        while not condition():
            await finished.next(deadline, "timed out")


async def ask_digest(fake: FakeBotApi, chat_id: int) -> str:
    """/digest in the chat; the bot's answer."""
    before = len(fake.sent_messages(chat_id))
    fake.enqueue_message("/digest", chat_id=chat_id, user_id=chat_id)
    await fake.wait_for_async(is_send_to(chat_id), count=before + 1, timeout=10)
    return fake.sent_messages(chat_id)[-1].visible_text
