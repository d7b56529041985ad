"""Digests end to end: each new entry reaches each matching chat once, cited."""

from __future__ import annotations

import asyncio
from pathlib import Path

from live_bot import bot_settings, running_bot
from telegram_fake import FakeBotApi

from bot.store import Store

from .support import (
    NEW_ARTICLE,
    NEW_TITLE,
    digests_to,
    ingest_elsewhere,
    ingest_here,
    is_send_to,
    settled,
    write_article,
)


async def test_article_from_another_process_reaches_each_matching_chat_once(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=101)
    store.subscribe(chat_id=102, topics=["maritime"])
    store.subscribe(chat_id=103, topics=["korean-peninsula"])
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_elsewhere, store_path)
        await fake.wait_for_async(is_send_to(101), timeout=10)
        await fake.wait_for_async(is_send_to(102), timeout=10)
        await settled(app)
        assert len(digests_to(fake, 101)) == 1 and NEW_TITLE in digests_to(fake, 101)[0]
        assert (
            len(digests_to(fake, 102)) == 1 and "on Maritime security" in digests_to(fake, 102)[0]
        )
        assert digests_to(fake, 103) == []
        assert "unchanged" in await asyncio.to_thread(ingest_elsewhere, store_path)
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (101, 102, 103)] == [1, 1, 0]


async def test_digest_cites_its_source_and_links_to_the_briefing(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=111)
    async with running_bot(bot_settings(fake, store_path)):
        await asyncio.to_thread(ingest_here, store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(111), timeout=10)
    sent = fake.last_message(111)
    assert "Test Wire, 6 Dec 2025" in sent.visible_text
    buttons = [b for row in (sent.reply_markup or {})["inline_keyboard"] for b in row]
    assert any(b["callback_data"].startswith("/dialogue 2025-12-05") for b in buttons)


async def test_restart_sends_nothing_again(fake: FakeBotApi, store_path: Path) -> None:
    Store(store_path).subscribe(chat_id=121)
    async with running_bot(bot_settings(fake, store_path)):
        await asyncio.to_thread(ingest_here, store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(121), timeout=10)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await settled(app)
    assert len(digests_to(fake, 121)) == 1


async def test_new_subscriber_gets_no_backlog(fake: FakeBotApi, store_path: Path) -> None:
    Store(store_path).subscribe(chat_id=131)
    Store(store_path).subscribe(chat_id=132, topics=["maritime"])
    before = store_path.stat()
    async with running_bot(bot_settings(fake, store_path)) as app:
        await settled(app)
    assert digests_to(fake, 131) == [] and digests_to(fake, 132) == []
    after = store_path.stat()  # a start with nothing new does not even rewrite the store
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


async def test_report_adding_a_topic_reaches_only_that_topics_new_subscribers(
    fake: FakeBotApi, store_path: Path, tmp_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=641, topics=["maritime"])
    store.subscribe(chat_id=642, topics=["cyber-security"])
    store.subscribe(chat_id=643)
    cyber_report = write_article(tmp_path, day=5, paragraphs=(1, 3))
    maritime_report = write_article(tmp_path, day=5, paragraphs=(1, 2))  # the same event
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, cyber_report)
        for chat in (642, 643):
            await fake.wait_for_async(is_send_to(chat), timeout=10)
        await settled(app)
        assert digests_to(fake, 641) == []
        ingest_here(store_path, maritime_report)
        await fake.wait_for_async(is_send_to(641), timeout=10)
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (641, 642, 643)] == [1, 1, 1]
    [maritime] = digests_to(fake, 641)
    assert "12th defence policy dialogue" in maritime and "on Maritime security" in maritime
    assert len(store.corpus().dialogues) == 6  # the second report merged into the first
