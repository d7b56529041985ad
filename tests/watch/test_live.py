"""The running bot watches a feed: a new item is one digest per subscribed chat, restart or not."""

from __future__ import annotations

import asyncio
import threading
from datetime import date
from pathlib import Path
from typing import Any

from live_bot import bot_settings, running_bot
from telegram_fake import Call, FakeBotApi

from bot.store import Store
from bot.watch.catalog import items_of

from .conftest import write_sources
from .pages import NEW_DIALOGUE, SIXTH_STRATEGIC, rss, story, vietnamplus_page
from .site import Route, Site

TWELFTH = story(NEW_DIALOGUE)
GRACE_SECONDS = 1.0  # long enough for a wrongly repeated digest to show up
WAIT = 10.0


def _watching(fake: FakeBotApi, store_path: Path, sources: Path, **overrides: Any) -> Any:
    return bot_settings(
        fake,
        store_path,
        BRIEFBOT_WATCH=True,
        BRIEFBOT_SOURCES=str(sources),
        BRIEFBOT_SOURCES_ALLOW_PRIVATE=True,
        BRIEFBOT_WATCH_POLITENESS=0.0,
        BRIEFBOT_WATCH_BACKOFF=1.0,
        BRIEFBOT_WATCH_TIMEOUT=2.0,
        **overrides,
    )


def _sent_to(fake: FakeBotApi, chat_id: int) -> list[Call]:
    return [c for c in fake.calls("sendMessage") if c.chat_id == chat_id and c.ok]


async def _until(check: Any, timeout: float = WAIT) -> None:
    """Wait, yielding to the bot, until `check()` is true."""
    async with asyncio.timeout(timeout):
        while not await asyncio.to_thread(check):
            await asyncio.sleep(0.05)


async def test_a_new_feed_item_reaches_each_subscribed_chat_once_across_a_restart(
    fake: FakeBotApi, store_path: Path, tmp_path: Path, site: Site
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=701)
    store.subscribe(chat_id=702, topics=["maritime"])
    store.subscribe(chat_id=703, topics=["energy"])
    slow = threading.Event()
    first = site.add("/2026/sixth.vnp", Route(vietnamplus_page(SIXTH_STRATEGIC).encode()))
    second = site.add("/2025/twelfth.vnp", Route(vietnamplus_page(TWELFTH).encode(), hold=slow))
    items = [
        (TWELFTH.title, second, date(2025, 12, 6), "Defence policy dialogue in Seoul"),
        (SIXTH_STRATEGIC.title, first, date(2026, 1, 15), "Strategic dialogue in Hanoi"),
    ]
    site.add(
        "/rss", Route(rss("VietnamPlus", items), content_type="application/rss+xml", etag='"v1"')
    )
    sources = write_sources(
        tmp_path / "sources.yaml",
        [{"id": "vietnamplus", "name": "VietnamPlus", "url": site.url("/rss")}],
    )

    # The first run stores the older item, then stops in the middle of fetching the second,
    # before its debounced digest (30 s away) goes out.
    async with running_bot(_watching(fake, store_path, sources, BRIEFBOT_DIGEST_DELAY=30.0)):
        await site.wait_for("/2025/twelfth.vnp", timeout=WAIT)
    slow.set()
    stored_first = [s for s in Store(store_path).corpus().sources.values() if s.url == first]
    assert len(stored_first) == 1 and fake.calls("sendMessage") == []

    # The second run polls again: the stored item is not fetched again, the other one is,
    # and each chat gets one digest with what it follows.
    async with running_bot(_watching(fake, store_path, sources)):
        await fake.wait_for_async(
            lambda c: c.method == "sendMessage" and c.chat_id == 701, timeout=WAIT
        )
        await fake.wait_for_async(
            lambda c: c.method == "sendMessage" and c.chat_id == 702, timeout=WAIT
        )
        await _until(lambda: len(items_of(Store(store_path), "vietnamplus")) == 2)
        await asyncio.sleep(GRACE_SECONDS)

    assert len(site.hits("/2026/sixth.vnp")) == 1
    assert len(site.hits("/2025/twelfth.vnp")) == 2  # the interrupted fetch, then the real one
    assert [len(_sent_to(fake, chat)) for chat in (701, 702, 703)] == [1, 1, 0]
    digest = fake.last_message(701).visible_text
    assert SIXTH_STRATEGIC.title in digest or "Hanoi" in digest
    assert "VietnamPlus" in digest  # cited by the outlet the feed came from
    assert f'<a href="{first}">VietnamPlus</a>' in fake.last_message(701).text  # and linked
    urls = {s.url for s in Store(store_path).corpus().sources.values() if s.outlet == "VietnamPlus"}
    assert urls == {first, second}
