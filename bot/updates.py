"""Updates from different chats are handled concurrently; one chat's updates stay in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates handled at once; more wait their turn (PTB creates a task per update regardless).
MAX_CONCURRENT_UPDATES = 256


def order_key(update: object) -> Hashable | None:
    """What an update must keep its order within: its chat, else its user (inline queries)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """A slow answer in one chat no longer holds up every other chat."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        # asyncio.Lock wakes its waiters first come, first served: a chat's updates keep order.
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._holders: dict[Hashable, int] = {}
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers once every earlier update of its chat is done."""
        self._active += 1
        self._idle.clear()
        key = order_key(update)
        try:
            if key is None:
                await coroutine
                return
            lock = self._locks.setdefault(key, asyncio.Lock())
            self._holders[key] = self._holders.get(key, 0) + 1
            try:
                async with lock:
                    await coroutine
            finally:
                self._holders[key] -= 1
                if not self._holders[key]:
                    del self._holders[key], self._locks[key]
        finally:
            self._active -= 1
            if not self._active:
                self._idle.set()

    async def wait_idle(self) -> None:
        """Return once no update is being handled (every update handed over so far is done)."""
        await self._idle.wait()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: PTB awaits the running updates itself."""
