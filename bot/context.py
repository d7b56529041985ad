"""Typed handler context: handlers reach the store and reference data without dict casts."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext, ExtBot

from bot.config import Settings
from bot.domain.reference import Reference, load_reference
from bot.store import Store


@dataclass
class DigestState:
    """Per-process digest bookkeeping: locks, the newest entry seen, debounce and retries."""

    # One fan-out at a time; one delivery per chat (or topic) at a time, whoever asks: a
    # scheduled run, the debounced run or /digest.
    run_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    chat_locks: dict[tuple[int, int | None], asyncio.Lock] = field(default_factory=dict)
    seen_seq: int = 0
    batch_started: float | None = None  # time.monotonic() of the unserved batch's first entry
    retries: int = 0  # retry runs since chats were first left pending
    behind: set[tuple[int, int | None]] = field(default_factory=set)  # left pending, to retry
    # Positions Telegram has had but the store could not record (disk full, read-only): the
    # record is retried, never the send. Kept in memory, so only a restart loses them.
    unrecorded: dict[tuple[int, int | None], int] = field(default_factory=dict)
    # Messages of a multi-message chunk already sent: (its through_seq, how many), so a retry
    # sends only the rest.
    parts_sent: dict[tuple[int, int | None], tuple[int, int]] = field(default_factory=dict)

    def chat_lock(self, chat_id: int, thread_id: int | None) -> asyncio.Lock:
        """The lock held while this chat (or forum topic) is being served."""
        return self.chat_locks.setdefault((chat_id, thread_id), asyncio.Lock())


class BotServices:
    """What every handler needs; attached once by `build_application`."""

    settings: Settings
    store: Store
    digest: DigestState

    def __init__(self) -> None:
        # Set once the start-up steps that wait for polling (menu, digest and watch jobs) ran.
        self.started = asyncio.Event()
        # What stopped the start (the store or the reference data could not be read): exit 2.
        self.start_failure: Exception | None = None
        self._reference: Reference | None = None
        self._reference_lock = threading.Lock()

    def attach(
        self, *, settings: Settings, store: Store, reference: Reference | None = None
    ) -> None:
        """Fill in the services (PTB creates this object with no arguments).

        Without `reference`, the bundled one is read on first use: a start does not wait on it.
        """
        self.settings = settings
        self.store = store
        self._reference = reference
        self.digest = DigestState()

    async def reference_off_loop(self) -> Reference:
        """The reference for a handler: read, or waited for, in a thread, never on the loop."""
        if self._reference is not None:
            return self._reference
        # The read-ahead may hold the lock while it parses the files: wait for it in a thread.
        return await asyncio.to_thread(lambda: self.reference)

    @property
    def reference(self) -> Reference:
        """Topics, positions, mechanisms and people: read once, by whichever thread asks first."""
        with self._reference_lock:
            if self._reference is None:
                self._reference = load_reference()
            return self._reference


class BriefContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotServices]):
    """The context type of every Briefbot handler."""

    @property
    def services(self) -> BotServices:
        """Settings, store and reference data."""
        return self.bot_data
