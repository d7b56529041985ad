"""Telegram's flood limits, with replies to users served before digest sends.

Telegram allows about 30 messages a second overall and 20 a minute per group. A digest fan-out
can use all of that for seconds; a reply to a command, a button or an inline query must not wait
behind it. Requests marked BULK (digest sends) therefore wait while any other request is waiting
for a slot, and a 429 pauses only the request it answered, not every chat's.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import constants
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

BULK = "bulk"  # rate_limit_args of a digest send
MAX_GROUP_LIMITERS = 512
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


def _retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked to wait, whichever type this PTB version gives."""
    with warnings.catch_warnings():  # PTB 22 deprecates the int form; both are handled
        warnings.simplefilter("ignore")
        delay: object = exc.retry_after
    return delay.total_seconds() if isinstance(delay, dt.timedelta) else float(str(delay))


class PriorityRateLimiter(BaseRateLimiter[str]):
    """AIORateLimiter's limits, but replies go first and a 429 holds up only its own request."""

    def __init__(
        self,
        *,
        max_retries: int = 3,
        overall_rate: float = constants.FloodLimit.MESSAGES_PER_SECOND,
        group_rate: float = constants.FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP,
        replies_first: bool = True,
    ) -> None:
        self.max_retries = max_retries
        self.replies_first = replies_first  # False: one queue for all (benchmarks compare)
        self._overall = AsyncLimiter(overall_rate, 1)
        self._group_rate = group_rate
        self._groups: dict[int | str, AsyncLimiter] = {}
        self._replies_waiting = 0
        self._no_reply_waiting = asyncio.Event()
        self._no_reply_waiting.set()
        self._bulk_turn = asyncio.Lock()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def reset(self) -> None:
        """Forget every chat's spent budget, as a freshly started bot would have it."""
        self._groups.clear()

    def _group(self, chat_id: int | str) -> AsyncLimiter:
        if len(self._groups) > MAX_GROUP_LIMITERS:  # forget groups with a full budget again
            for key, limiter in list(self._groups.items()):
                if key != chat_id and limiter.has_capacity(limiter.max_rate):
                    del self._groups[key]
        return self._groups.setdefault(chat_id, AsyncLimiter(self._group_rate, 60))

    async def _slot(self, chat_id: object, *, bulk: bool) -> None:
        """Wait for the group's and the overall budget; bulk requests let replies pass first."""
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(str(chat_id))
        if isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0):
            await self._group(chat_id).acquire()
        if bulk:
            # One bulk send at a time competes for the budget, so a reply waits for one at most.
            async with self._bulk_turn:
                while self._replies_waiting:
                    await self._no_reply_waiting.wait()
                await self._overall.acquire()
            return
        self._replies_waiting += 1
        self._no_reply_waiting.clear()
        try:
            await self._overall.acquire()
        finally:
            self._replies_waiting -= 1
            if not self._replies_waiting:
                self._no_reply_waiting.set()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> JSONResult:
        """Send once the budget allows; on a 429, wait as told and retry, a few times."""
        chat_id = data.get("chat_id")
        for attempt in range(self.max_retries + 1):
            if chat_id is not None:  # only messages to a chat count against the flood limits
                bulk = self.replies_first and rate_limit_args == BULK
                await self._slot(chat_id, bulk=bulk)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.max_retries:
                    raise
                seconds = _retry_seconds(exc) + 0.1
                log.info("%s to chat %s: Telegram asks to wait %.1f s", endpoint, chat_id, seconds)
                await asyncio.sleep(seconds)
        raise AssertionError("unreachable: the last attempt returns or raises")
