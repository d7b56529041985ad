"""No chat waits on another: /help is answered at once while a chart renders or a store waits."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import WAIT, LiveBot
from telegram_fake import Call, FakeBotApi

from bot.delivery import WATCH_JOB

REPO = Path(__file__).resolve().parents[2]
PROMPT = 0.5  # seconds from a user sending /help to the bot's answer reaching Telegram
CHARTING, ASKING, WRITING = 2001, 2002, 2003  # three private chats (user id = chat id)
# Another process (a second bot, `briefbot ingest`) holding the store's writer lock until told.
HOLDER = """
import sys
from bot.store.lock import ProcessLock
lock = ProcessLock(sys.argv[1], timeout=5.0)
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
"""


def _help_asked(fake: FakeBotApi) -> float:
    """Send /help from ASKING; when it was sent (the fake's clock, time.monotonic())."""
    asked = time.monotonic()
    fake.enqueue_message("/help", chat_id=ASKING, user_id=ASKING)
    return asked


async def _help_answer(fake: FakeBotApi) -> Call:
    [answer] = await fake.wait_for_async("sendMessage", chat_id=ASKING, timeout=WAIT)
    assert "/latest [1-10]" in answer.params["text"]  # /help itself, not an error
    return answer


async def test_help_is_answered_while_a_timeline_chart_renders(briefbot: LiveBot) -> None:
    fake = briefbot.fake
    asked: list[float] = []

    def ask_once_the_chart_starts() -> None:
        # Off the event loop, so a loop busy drawing cannot delay the asking itself: /timeline
        # sends its text, then draws the chart.
        fake.wait_for("sendMessage", chat_id=CHARTING, timeout=WAIT)
        asked.append(_help_asked(fake))

    asker = threading.Thread(target=ask_once_the_chart_starts)
    asker.start()
    fake.enqueue_message("/timeline", chat_id=CHARTING, user_id=CHARTING)
    answer = await _help_answer(fake)
    [chart] = await fake.wait_for_async("sendPhoto", chat_id=CHARTING, timeout=WAIT)
    await asyncio.to_thread(asker.join)

    assert answer.time - asked[0] < PROMPT
    assert answer.time < chart.time  # answered while the chart was still being drawn


@pytest.fixture
def lock_holder(briefbot: LiveBot) -> Iterator[subprocess.Popen[str]]:
    """A process holding the store's file lock (by the store's own mechanism) until told."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, f"{briefbot.store.path}.lock"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        yield holder
    finally:
        if holder.returncode is None:
            holder.stdin.close()  # the end of its input: it lets go
            holder.wait(timeout=WAIT)


async def test_help_is_answered_while_another_process_holds_the_store_lock(
    briefbot: LiveBot, lock_holder: subprocess.Popen[str]
) -> None:
    asked = _help_asked(briefbot.fake)
    answer = await _help_answer(briefbot.fake)

    assert answer.time - asked < PROMPT


async def test_help_is_answered_while_a_write_here_waits_on_another_processs_lock(
    briefbot: LiveBot, lock_holder: subprocess.Popen[str]
) -> None:
    fake, store = briefbot.fake, briefbot.store
    writing = threading.Event()
    errors: list[BaseException] = []

    def subscribe() -> None:
        # As /subscribe or a digest does: this process's writer now waits for the other one.
        writing.set()
        try:
            store.subscribe(chat_id=WRITING, title="waiting writer")
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    writer = threading.Thread(target=subscribe)
    writer.start()
    await asyncio.to_thread(writing.wait, WAIT)
    # The digest's store watcher runs now too, as it does every few seconds: it must not wait on
    # the store on the event loop either.
    job_queue = briefbot.app.job_queue
    assert job_queue is not None
    [watcher] = job_queue.get_jobs_by_name(WATCH_JOB)
    job_queue.run_once(watcher.callback, 0)
    try:
        asked = _help_asked(fake)
        answer = await _help_answer(fake)
    finally:
        assert lock_holder.stdin is not None
        lock_holder.stdin.close()  # the other process lets go; the waiting write goes through
        await asyncio.to_thread(writer.join, WAIT)

    assert answer.time - asked < PROMPT
    assert not errors and store.subscription(chat_id=WRITING) is not None
