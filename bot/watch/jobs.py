"""The watcher on the bot's job queue: each source polled on its own interval, spread out."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from telegram.ext import JobQueue

from bot.context import BotServices, BriefContext
from bot.watch.catalog import SourceListError, Watched, find_source
from bot.watch.runner import WatchConfig, Watcher

log = logging.getLogger(__name__)

JOB_PREFIX = "watch:"
PRUNE_JOB, PRUNE_INTERVAL = "watch-prune", 86400.0
MIN_DELAY = 1.0  # seconds: a source due in the past is polled now, not in a tight loop


@dataclass(frozen=True)
class PollJob:
    """A source's job data: the application's one Watcher (its politeness spans all sources)."""

    watcher: Watcher
    source_id: str


def watcher_for(job_queue: JobQueue[Any]) -> Watcher | None:
    """The Watcher whose jobs are on this queue, if any source is scheduled."""
    for job in job_queue.jobs():
        if isinstance(job.data, PollJob):
            return job.data.watcher
    return None


@dataclass(frozen=True)
class WatchPlan:
    """The watcher and the sources it is to poll, read off the event loop."""

    watcher: Watcher
    enabled: list[Watched]


def plan_watch(services: BotServices) -> WatchPlan | None:
    """Read the watched sources (the store's bookkeeping, the sources file); None when off.

    Blocking: run it in a thread, then schedule the plan on the loop.
    """
    settings = services.settings
    if not settings.watch_enabled:
        return None
    watcher = Watcher(services.store, services.reference, WatchConfig.from_settings(settings))
    try:
        enabled = [w for w in watcher.sources() if w.spec.enabled]
    except SourceListError as exc:
        log.error("not watching any source: %s", exc)
        return None
    return WatchPlan(watcher, enabled)


def schedule_watch(job_queue: JobQueue[Any], plan: WatchPlan | None) -> Watcher | None:
    """Schedule every enabled source, spread over one interval; None when watching is off."""
    if plan is None:
        return None
    watcher, enabled = plan.watcher, plan.enabled
    if enabled:
        # Extraction loads beside the bot's start rather than before it, ready for the first item.
        threading.Thread(target=_load_extraction, name="briefbot-preload", daemon=True).start()
    now = datetime.now(UTC)
    # Sources polled before keep their own next time; the rest are spread so no two start
    # together, and a restart does not hit every outlet at once.
    spread = watcher.config.interval / max(len(enabled), 1)
    for index, watched in enumerate(enabled):
        due = watched.state.next_due
        wait = (due - now).total_seconds() if due else 0.0
        schedule_source(job_queue, watcher, watched.spec.id, max(wait, index * spread))
    job_queue.run_repeating(
        _prune, interval=PRUNE_INTERVAL, first=PRUNE_INTERVAL, name=PRUNE_JOB, data=watcher
    )
    log.info("watching %d source(s)", len(enabled))
    return watcher


def _load_extraction() -> None:
    import bot.ingest.extract  # noqa: F401  (imported for its effect: loaded once, early)


async def _prune(context: BriefContext) -> None:
    """Once a day: forget long-refused items, so the store does not grow for ever."""
    job = context.job
    if job is not None and isinstance(job.data, Watcher):
        await asyncio.to_thread(job.data.prune)


def schedule_source(
    job_queue: JobQueue[Any], watcher: Watcher, source_id: str, when: float
) -> None:
    """(Re)schedule one source's next poll `when` seconds from now."""
    name = f"{JOB_PREFIX}{source_id}"
    for job in job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    job_queue.run_once(_poll, when=max(when, 0.0), name=name, data=PollJob(watcher, source_id))


def unschedule_source(job_queue: JobQueue[Any], source_id: str) -> None:
    """Stop polling a removed source."""
    for job in job_queue.get_jobs_by_name(f"{JOB_PREFIX}{source_id}"):
        job.schedule_removal()


async def _poll(context: BriefContext) -> None:
    """Poll one source, then schedule its next poll when its state says it is due."""
    job, job_queue = context.job, context.job_queue
    if job is None or job_queue is None or not isinstance(job.data, PollJob):
        return
    watcher, source_id = job.data.watcher, job.data.source_id
    try:
        found = await asyncio.to_thread(
            find_source, watcher.store, watcher.config.sources_path, source_id
        )
    except SourceListError as exc:
        log.error("source %s not polled: %s", source_id, exc)
        schedule_source(job_queue, watcher, source_id, watcher.config.interval)
        return
    if found is None or not found.spec.enabled:
        return  # removed or disabled since: no further polls
    try:
        report = await watcher.poll_one(found.spec)
    except Exception:  # e.g. the store locked by another process: try again later, not never
        log.exception("source %s: poll failed; trying again later", source_id)
        schedule_source(job_queue, watcher, source_id, watcher.config.backoff)
        return
    if report.error:
        log.warning("source %s failed: %s", source_id, report.error)
    else:
        log.info(
            "source %s: %s, %d kept, %d refused",
            source_id,
            report.status,
            len(report.kept),
            len(report.refused),
        )
    due = report.state.next_due
    wait = (due - datetime.now(UTC)).total_seconds() if due else watcher.config.interval
    schedule_source(job_queue, watcher, source_id, max(wait, MIN_DELAY))
