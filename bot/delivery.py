"""Digest delivery: the schedule, the debounced run after new entries, and the fan-out.

Each chat's position (the arrival number of the last entry it has had) is persisted after every
message that reaches Telegram, so a restart or a crash neither repeats nor skips an entry. A
position the store cannot record (disk full, read-only) is kept in memory and its record retried;
nothing more is sent to that chat until it is recorded.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ExtBot, Job, JobQueue

from bot.config import Settings
from bot.context import BotServices, BriefContext
from bot.domain.digest import DigestChunk, chunk_digest, pending, spelling_names
from bot.domain.models import Subscription
from bot.domain.subscription_terms import Timing, filters_of
from bot.keyboards import keyboard_for
from bot.ratelimit import BULK
from bot.render import render_html
from bot.sending import send_messages
from bot.store import StoreError

log = logging.getLogger(__name__)

NETWORK_ATTEMPTS = 3
BACKOFF_SECONDS = 1.0
RETRY_RUNS = 4  # runs again after delay × 1, 2, 4, 8 while chats are left pending
DEBOUNCE_CAP = 5  # the debounced run waits at most this many delays after a batch's first entry
SLOT_JOB, WATCH_JOB, SOON_JOB = "digest-at", "digest-watch", "digest-soon"
RETRY_JOB = "digest-retry"
# 400 answers that mean the chat or forum topic is gone for the bot, not that one message was bad.
CHAT_GONE = (
    "chat not found",
    "message thread not found",
    "not enough rights to send",
    "need administrator rights in the channel chat",
    "have no rights to send a message",
    "chat_write_forbidden",
)


class Delivery(StrEnum):
    """How one chat's digest went."""

    SENT = "sent"
    NOTHING_NEW = "nothing new"
    UNSUBSCRIBED = "unsubscribed"
    LEFT_PENDING = "left pending"
    UNRECORDED = "sent, not recorded"
    FAILED = "failed"


ChatKey = tuple[int, int | None]


async def _persist(write: Callable[..., object], **kwargs: Any) -> None:
    """Run a store write in a worker thread: a whole-file fsync must not stall the bot."""
    await asyncio.to_thread(write, **kwargs)


def chat_gone(exc: BadRequest) -> bool:
    """Whether a 400 says the bot can no longer post in that chat or topic."""
    text = exc.message.lower()
    return any(reason in text for reason in CHAT_GONE)


async def _send_with_retries(
    bot: ExtBot[Any], chat_id: int, text: str, *, thread_id: int | None, last: bool, view: Any
) -> None:
    """Send one message; transient network errors are retried with back-off, time-outs not."""
    # A time-out may come after Telegram delivered the message: sending again would repeat it.
    for attempt in range(1, NETWORK_ATTEMPTS + 1):
        try:
            await send_messages(
                bot,
                chat_id,
                [text],
                keyboard=keyboard_for(view.links) if last else None,
                thread_id=thread_id,
                # Replies to users go first (PTB refuses the mark on a bot without a limiter).
                rate_limit_args=BULK if bot.rate_limiter is not None else None,
            )
            return
        except (BadRequest, TimedOut):  # both subclass NetworkError in PTB 22
            raise
        except NetworkError:
            if attempt == NETWORK_ATTEMPTS:
                raise
            await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))


async def _send_chunk(
    bot: ExtBot[Any], services: BotServices, subscription: Subscription, chunk: DigestChunk
) -> None:
    """Every message of one chunk; a content refusal skips the rest of the chunk, logged."""
    chat_id, thread_id = subscription.chat_id, subscription.thread_id
    key = (chat_id, thread_id)
    # A retry after a later message failed starts after the messages that already arrived.
    through, done = services.digest.parts_sent.pop(key, (None, 0))
    start = done if through == chunk.through_seq else 0
    try:
        for index in range(start, len(chunk.messages)):
            last = index == len(chunk.messages) - 1
            try:
                await _send_with_retries(
                    bot,
                    chat_id,
                    chunk.messages[index],
                    thread_id=thread_id,
                    last=last,
                    view=chunk.view,
                )
            except BadRequest:
                raise
            except (RetryAfter, NetworkError):
                if index:
                    services.digest.parts_sent[key] = (chunk.through_seq, index)
                raise
    except BadRequest as exc:
        if chat_gone(exc):
            raise
        log.error(
            "chat %s refused a digest message (%s): entries up to %d skipped",
            chat_id,
            exc.message,
            chunk.through_seq,
        )


async def _record(services: BotServices, key: ChatKey, seq: int) -> bool:
    """Save that a chat has had entries up to `seq`; if the store cannot, remember it instead."""
    state = services.digest
    seq = max(seq, state.unrecorded.get(key, 0))
    try:
        await _persist(services.store.mark_delivered, chat_id=key[0], thread_id=key[1], seq=seq)
    except (StoreError, OSError) as exc:
        first = key not in state.unrecorded
        state.unrecorded[key] = seq
        log.log(
            logging.ERROR if first else logging.WARNING,
            "chat %s had entries up to %d but the store cannot record it (%s): "
            "nothing more is sent there until it can",
            key[0],
            seq,
            exc,
        )
        return False
    state.unrecorded.pop(key, None)
    return True


def _digest_for(services: BotServices, subscription: Subscription) -> tuple[int, list[DigestChunk]]:
    """The newest arrival number and the chat's digest messages (none: nothing new for it)."""
    reference = services.reference
    snapshot = services.store.snapshot()
    entries = pending(snapshot.corpus, subscription, spelling_names(reference))
    if not entries:
        return snapshot.newest, []
    labels = [
        f"“{f.label}”" if f.kind == "keyword" else f.label
        for f in filters_of(reference, subscription)
    ]
    chunks = chunk_digest(
        snapshot.corpus, reference, entries, topic_labels=labels, render=render_html
    )
    return snapshot.newest, chunks


async def deliver_to_chat(
    bot: ExtBot[Any], services: BotServices, subscription: Subscription
) -> Delivery:
    """Send one chat everything new for it, advancing its position after every message."""
    store = services.store
    chat_id, thread_id = subscription.chat_id, subscription.thread_id
    key = (chat_id, thread_id)
    owed = services.digest.unrecorded.get(key)
    if owed is not None:  # sent earlier, not yet recorded: record it before sending more
        if not await _record(services, key, owed):
            return Delivery.UNRECORDED
        subscription = subscription.model_copy(
            update={"last_seq": max(subscription.last_seq, owed)}
        )
    # Store reads may wait on a writer (another process's lock): never on the event loop.
    newest, chunks = await asyncio.to_thread(_digest_for, services, subscription)
    if not chunks:
        if subscription.last_seq < newest:  # entries on other topics: move past them once
            await _record(services, key, newest)
        return Delivery.NOTHING_NEW
    try:
        for chunk in chunks:
            await _send_chunk(bot, services, subscription, chunk)
            # After the last chunk the chat has had everything up to the newest entry.
            seq = newest if chunk is chunks[-1] else chunk.through_seq
            if not await _record(services, key, seq):
                return Delivery.UNRECORDED
    except (Forbidden, BadRequest) as exc:  # a BadRequest here is one that says the chat is gone
        where = f"chat {chat_id}" + (f" topic {thread_id}" if thread_id is not None else "")
        log.warning("%s is gone for the bot (%s): unsubscribed", where, exc.message)
        await _persist(store.unsubscribe, chat_id=chat_id, thread_id=thread_id)
        return Delivery.UNSUBSCRIBED
    except ChatMigrated as exc:
        log.info("chat %s became supergroup %s: subscription moved", chat_id, exc.new_chat_id)
        await _persist(store.migrate_chat, old_chat_id=chat_id, new_chat_id=exc.new_chat_id)
        async with services.digest.chat_lock(exc.new_chat_id, thread_id):
            moved = await asyncio.to_thread(
                store.subscription, chat_id=exc.new_chat_id, thread_id=thread_id
            )
            return await deliver_to_chat(bot, services, moved) if moved else Delivery.LEFT_PENDING
    except (RetryAfter, NetworkError) as exc:  # NetworkError here: a time-out or out of retries
        log.warning("digest to chat %s left pending for the next run: %s", chat_id, exc)
        return Delivery.LEFT_PENDING
    return Delivery.SENT


def _subscriptions(services: BotServices) -> tuple[Subscription, ...]:
    """Every subscription as the store holds it now (a store read)."""
    return tuple(services.store.corpus().subscriptions)


async def deliver_all(
    bot: ExtBot[Any], services: BotServices, due: Callable[[Subscription], bool] | None = None
) -> dict[tuple[int, int | None], Delivery]:
    """Fan out to every subscribed chat (that is `due`); one chat's failure spares the others."""
    state = services.digest
    results: dict[tuple[int, int | None], Delivery] = {}
    async with state.run_lock:
        subscriptions = await asyncio.to_thread(_subscriptions, services)
        for subscription in subscriptions:
            key = (subscription.chat_id, subscription.thread_id)
            if due is not None and not due(subscription):
                continue
            try:
                async with state.chat_lock(*key):
                    # Re-read: a migration, a command or /digest may have changed this one.
                    current = await asyncio.to_thread(
                        services.store.subscription, chat_id=key[0], thread_id=key[1]
                    )
                    if current is not None and (due is None or due(current)):
                        results[key] = await deliver_to_chat(bot, services, current)
            except Exception:
                log.exception("digest to chat %s failed; the other chats go on", key[0])
                results[key] = Delivery.FAILED
    return results


async def deliver_one(
    bot: ExtBot[Any], services: BotServices, *, chat_id: int, thread_id: int | None
) -> Delivery | None:
    """This chat's pending digest now (the /digest command); None when it is not subscribed."""
    # A run already serving this chat is waited for: the command then finds what is left.
    async with services.digest.chat_lock(chat_id, thread_id):
        subscription = await asyncio.to_thread(
            services.store.subscription, chat_id=chat_id, thread_id=thread_id
        )
        if subscription is None:
            return None
        return await deliver_to_chat(bot, services, subscription)


Slot = tuple[str, str]  # (crontab expression, IANA zone): chats whose digests go out together


@cache
def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_of(subscription: Subscription, settings: Settings) -> str:
    """The chat's own time zone, else (or when this system no longer knows it) BRIEFBOT_TZ."""
    zone = subscription.timezone
    return zone if zone and _known_zone(zone) else settings.timezone


def slot_of(subscription: Subscription, settings: Settings) -> Slot | None:
    """When a chat's scheduled digest goes out; None for instant chats (no schedule)."""
    zone = zone_of(subscription, settings)
    if subscription.schedule == "daily" and subscription.daily_at:
        hour, minute = subscription.daily_at.split(":")
        return (f"{int(minute)} {int(hour)} * * *", zone)
    if subscription.schedule == "standard":
        return (settings.digest_cron, zone)
    return None


def _soon_due(subscription: Subscription) -> bool:
    """Chats the debounced run serves: all but those with a daily time of their own."""
    return subscription.schedule != "daily"


async def _run(context: BriefContext, due: Callable[[Subscription], bool]) -> None:
    services = context.services
    state = services.digest
    results = await deliver_all(context.bot, services, due)
    sent = sum(r is Delivery.SENT for r in results.values())
    left = (Delivery.LEFT_PENDING, Delivery.UNRECORDED, Delivery.FAILED)
    behind = {key for key, r in results.items() if r in left}
    state.behind = (state.behind - set(results)) | behind
    log.info("digest run: %d chat(s), %d sent, %d left pending", len(results), sent, len(behind))
    if state.behind:
        schedule_retry(context.application.job_queue, services)
    else:
        state.retries = 0


async def _run_slot(context: BriefContext) -> None:
    """A scheduled run: the chats whose schedule and zone are this job's."""
    assert context.job is not None
    slot: Slot = context.job.data  # type: ignore[assignment]
    settings = context.services.settings
    await _run(context, lambda s: slot_of(s, settings) == slot)


async def _run_retry(context: BriefContext) -> None:
    """A retry: the chats left pending, and whatever is new for the debounced chats."""
    behind = set(context.services.digest.behind)
    await _run(context, lambda s: _soon_due(s) or (s.chat_id, s.thread_id) in behind)


def schedule_retry(job_queue: JobQueue[Any] | None, services: BotServices) -> None:
    """Chats were left pending: run again after a back-off (delay, 2×, 4×, …), a few times."""
    state = services.digest
    if job_queue is None or job_queue.get_jobs_by_name(RETRY_JOB):
        return
    if state.retries >= RETRY_RUNS:
        log.warning("digests still pending after %d retries: next run on schedule", RETRY_RUNS)
        state.retries = 0
        state.behind.clear()
        return
    delay = services.settings.digest_delay * 2**state.retries
    state.retries += 1
    job_queue.run_once(_run_retry, when=delay, name=RETRY_JOB)


async def _run_soon(context: BriefContext) -> None:
    """The debounced run: entries arriving from now on open a new batch."""
    context.services.digest.batch_started = None
    await _run(context, _soon_due)


@dataclass
class _Watch:
    """The subscriptions as the store watcher last read them: their slots follow a change."""

    subscriptions: tuple[Subscription, ...] | None = None


def _look(
    services: BotServices, seen: tuple[Subscription, ...] | None
) -> tuple[int, tuple[Subscription, ...], set[Slot] | None]:
    """The newest arrival number, the subscriptions, and their slots if they are not `seen`."""
    newest = services.store.max_seq()
    subscriptions = _subscriptions(services)
    # An unchanged store hands out the same Subscription objects: compared by identity first.
    changed = subscriptions != seen
    return newest, subscriptions, _slots(subscriptions, services.settings) if changed else None


async def _watch_store(context: BriefContext) -> None:
    """New entries (from this process or another sharing the file) start a debounced run."""
    # Each new entry pushes the run back by the delay, so a batch gives one digest; a batch's
    # first entry waits at most DEBOUNCE_CAP delays, so a steady stream still gets digests.
    services = context.services
    state = services.digest
    job_queue: JobQueue[Any] | None = context.application.job_queue
    if job_queue is None:
        return
    assert context.job is not None
    watch: _Watch = context.job.data  # type: ignore[assignment]
    # The newest entry, and settings another process changed: one read off the event loop.
    newest, subscriptions, slots = await asyncio.to_thread(_look, services, watch.subscriptions)
    watch.subscriptions = subscriptions
    if slots is not None:
        apply_slots(job_queue, slots)
    if newest <= state.seen_seq:
        return
    state.seen_seq = newest
    now = time.monotonic()
    if state.batch_started is None:
        state.batch_started = now
    delay = services.settings.digest_delay
    due = min(now + delay, state.batch_started + DEBOUNCE_CAP * delay)
    for job in job_queue.get_jobs_by_name(SOON_JOB):
        job.schedule_removal()
    job_queue.run_once(_run_soon, when=max(due - now, 0.0), name=SOON_JOB)


async def _run_chat(context: BriefContext) -> None:
    """One chat's run, now that it no longer waits for a daily time."""
    assert context.job is not None
    key: ChatKey = context.job.data  # type: ignore[assignment]
    await _run(context, lambda s: (s.chat_id, s.thread_id) == key)


def serve_soon(job_queue: JobQueue[Any] | None, subscription: Subscription) -> None:
    """A chat now served soon after new entries: what waited for its daily time goes out now."""
    # Its entries arrived before the switch, so no new entry would start a run for it.
    if job_queue is None or not _soon_due(subscription):
        return
    key = (subscription.chat_id, subscription.thread_id)
    job_queue.run_once(_run_chat, when=0.0, name=SOON_JOB, data=key)


def _slot_name(slot: Slot) -> str:
    return f"{SLOT_JOB} {slot[0]} {slot[1]}"


def _slots(subscriptions: Iterable[Subscription], settings: Settings) -> set[Slot]:
    """Every (schedule, zone) one of these chats has, plus the configured one."""
    wanted = {(settings.digest_cron, settings.timezone)}
    return wanted | {slot for s in subscriptions if (slot := slot_of(s, settings)) is not None}


def wanted_slots(services: BotServices) -> set[Slot]:
    """Every (schedule, zone) some chat has, plus the configured one (a store read)."""
    return _slots(_subscriptions(services), services.settings)


def apply_slots(job_queue: JobQueue[Any], slots: set[Slot]) -> None:
    """One scheduled job per slot, and no other."""
    have: dict[str, Job[Any]] = {}
    for job in job_queue.jobs():
        if job.name and job.name.startswith(f"{SLOT_JOB} ") and not job.removed:
            have[job.name] = job
    names = {_slot_name(slot): slot for slot in slots}
    for name, job in have.items():
        if name not in names:
            job.schedule_removal()
    for name, slot in names.items():
        if name not in have:
            trigger = CronTrigger.from_crontab(slot[0], timezone=ZoneInfo(slot[1]))
            job_queue.run_custom(_run_slot, job_kwargs={"trigger": trigger}, name=name, data=slot)


def schedule_digests(
    job_queue: JobQueue[Any],
    services: BotServices,
    subscriptions: tuple[Subscription, ...],
    newest: int,
) -> None:
    """The scheduled runs plus a light watcher on the store file.

    `subscriptions` and `newest` (the last arrival number) are read off the event loop first.
    """
    settings = services.settings
    # The watcher starts a run at once only if some chat is behind (e.g. entries arrived while
    # the bot was down, or it stopped mid-fan-out); otherwise a start sends and writes nothing.
    services.digest.seen_seq = min(
        (s.last_seq for s in subscriptions if _soon_due(s)), default=newest
    )
    apply_slots(job_queue, _slots(subscriptions, settings))
    job_queue.run_repeating(
        _watch_store,
        interval=settings.store_poll_seconds,
        first=0.0,
        name=WATCH_JOB,
        data=_Watch(subscriptions),
    )


def digest_job(
    job_queue: JobQueue[Any] | None, services: BotServices, subscription: Subscription
) -> Job[Any] | None:
    """The scheduled job that serves this chat; None for instant chats (or no job queue)."""
    slot = slot_of(subscription, services.settings)
    if job_queue is None or slot is None:
        return None
    jobs = [j for j in job_queue.get_jobs_by_name(_slot_name(slot)) if not j.removed]
    return jobs[0] if jobs else None


def timing_of(
    job_queue: JobQueue[Any] | None, services: BotServices, subscription: Subscription | None
) -> Timing:
    """When this chat's digests go out, for /subscriptions."""
    settings = services.settings
    zone = zone_of(subscription, settings) if subscription else settings.timezone
    next_run = None
    if subscription is not None:
        job = digest_job(job_queue, services, subscription)
        next_t = job.next_t if job is not None else None
        next_run = next_t.astimezone(ZoneInfo(zone)) if next_t else None
    return Timing(
        cron=settings.digest_cron,
        timezone=zone,
        default_zone=subscription is None or subscription.timezone is None,
        next_run=next_run,
    )
