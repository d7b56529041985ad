"""Debouncing: a batch of entries gives one digest; a steady stream still gets digests.

Entries are saved by another writer on the store file, the way `briefbot ingest` saves them;
each next one waits for the bot to have seen the last (an event, not a pause), so the pace is
the bot's own poll, well within the debounce delay however busy the machine is.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from domain.factories import cited_article
from live_bot import bot_settings, running_bot
from telegram_fake import FakeBotApi

from bot.app import BriefApplication
from bot.context import BotServices
from bot.delivery import SOON_JOB
from bot.domain.models import EventDate
from bot.store import Store

from .support import digests_to, is_send_to, settled, until


def save_event(store_path: Path, n: int) -> float:
    """One new, distinct dialogue saved by its own Store on the shared file; when it landed."""
    source, dialogue, people = cited_article(
        f"stream-{n}",
        f"stream{n:05d}",
        sentence=f"Stream dialogue {n} discussed naval cooperation.",
        title=f"Stream defence policy dialogue number {n}",
        when=EventDate(year=2000 + n // 12, month=n % 12 + 1, day=n % 27 + 1, precision="day"),
        place="Hanoi",
        file=f"stream{n:05d}.txt",
    )
    store = Store(store_path)
    try:
        store.save_article(source=source, dialogue=dialogue, people=people)
    finally:
        store.close()
    return time.monotonic()


async def add_seen(app: BriefApplication, store_path: Path, n: int) -> float:
    """Save entry `n` off the loop, then wait until the bot's watcher has seen it."""
    services: BotServices = app.bot_data
    landed = await asyncio.to_thread(save_event, store_path, n)
    await until(app, lambda: services.digest.seen_seq >= services.store.max_seq())
    return landed


async def test_a_batch_of_articles_gives_one_digest(fake: FakeBotApi, store_path: Path) -> None:
    Store(store_path).subscribe(chat_id=661)
    # A delay no test waits out: the debounced run is looked at, then run at once.
    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=600)) as app:
        for n in range(5):
            await add_seen(app, store_path, n)
        assert app.job_queue is not None
        # Each entry put the one run back: a single run is due, and nothing was sent yet.
        [soon] = app.job_queue.get_jobs_by_name(SOON_JOB)
        assert digests_to(fake, 661) == []
        soon.schedule_removal()
        await soon.run(app)
        await settled(app)
    [digest] = digests_to(fake, 661)
    assert "5 new entries" in digest


def soon_due(app: BriefApplication) -> tuple[float | None, float | None]:
    """When the unserved batch began and its debounced run is due (monotonic clock), if any."""
    assert app.job_queue is not None
    services: BotServices = app.bot_data
    jobs = [j for j in app.job_queue.get_jobs_by_name(SOON_JOB) if j.next_t is not None]
    if not jobs or jobs[0].next_t is None:
        return services.digest.batch_started, None
    due = time.monotonic() + (jobs[0].next_t - datetime.now(UTC)).total_seconds()
    return services.digest.batch_started, due


async def test_a_steady_stream_of_articles_still_gets_a_digest_within_five_delays(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=671)
    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=0.3)) as app:
        landed = [await add_seen(app, store_path, 0)]
        dues = [soon_due(app)]
        # Entries keep coming, each within the delay of the last, until the first digest is
        # out; one more lands after it, so the stream outlasted the digest.
        while not [c for c in fake.calls("sendMessage") if is_send_to(671)(c)]:
            landed.append(await add_seen(app, store_path, len(landed)))
            dues.append(soon_due(app))
            assert len(landed) < 500, "no digest while the stream ran"
        landed.append(await add_seen(app, store_path, len(landed)))
        first_digest = (await fake.wait_for_async(is_send_to(671), timeout=10))[0]
    # The scheduler's own trigger: the stream never pushed the first batch's run past the cap
    # (plus a poll); entries after that run began opened the next batch.
    first_batch = dues[0][0]
    scheduled = [due for began, due in dues if began == first_batch and due is not None]
    assert scheduled and max(scheduled) - landed[0] <= 5 * 0.3 + 0.5
    assert first_digest.time < landed[-1]  # it did not wait for the stream to end
