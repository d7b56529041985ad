"""Replies to users pass digest sends waiting for Telegram's budget; a 429 holds up only its own."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from telegram.error import RetryAfter

from bot.ratelimit import BULK, PriorityRateLimiter


class Recorder:
    """Stands in for PTB's request callback: notes when each request reached Telegram."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.refuse: dict[str, int] = {}

    def callback(self, name: str) -> Any:
        async def send() -> bool:
            if self.refuse.get(name):
                self.refuse[name] -= 1
                raise RetryAfter(1)
            self.order.append(name)
            return True

        return send


async def request(
    limiter: PriorityRateLimiter, recorder: Recorder, name: str, chat_id: int, bulk: bool
) -> None:
    await limiter.process_request(
        recorder.callback(name),
        (),
        {},
        "sendMessage",
        {"chat_id": chat_id},
        BULK if bulk else None,
    )


async def test_a_reply_passes_digest_sends_waiting_for_the_budget() -> None:
    limiter, recorder = PriorityRateLimiter(overall_rate=5), Recorder()
    await asyncio.gather(*(request(limiter, recorder, f"warm{n}", n, True) for n in range(5)))
    digests = [
        asyncio.create_task(request(limiter, recorder, f"digest{n}", 100 + n, True))
        for n in range(3)
    ]
    await asyncio.sleep(0)  # the digest sends are queued first
    await request(limiter, recorder, "reply", 999, False)
    await asyncio.gather(*digests)
    queued = recorder.order[5:]
    assert queued.index("reply") <= 1, queued  # at most the one digest send already admitted


async def test_without_priority_a_reply_waits_its_turn() -> None:
    limiter, recorder = PriorityRateLimiter(overall_rate=5, replies_first=False), Recorder()
    await asyncio.gather(*(request(limiter, recorder, f"warm{n}", n, True) for n in range(5)))
    digests = [
        asyncio.create_task(request(limiter, recorder, f"digest{n}", 100 + n, True))
        for n in range(3)
    ]
    await asyncio.sleep(0)
    await request(limiter, recorder, "reply", 999, False)
    await asyncio.gather(*digests)
    assert recorder.order[5:][-1] == "reply"


async def test_a_429_pauses_only_the_request_it_answered() -> None:
    limiter, recorder = PriorityRateLimiter(), Recorder()
    recorder.refuse["held"] = 1
    started = time.monotonic()
    held = asyncio.create_task(request(limiter, recorder, "held", 1, True))
    await asyncio.sleep(0)
    await request(limiter, recorder, "other", 2, False)
    assert recorder.order == ["other"] and time.monotonic() - started < 0.5
    await held
    assert recorder.order == ["other", "held"] and time.monotonic() - started >= 1.0
