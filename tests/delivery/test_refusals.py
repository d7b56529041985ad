"""Telegram refusing a digest: rate limits, blocked or gone chats, migrations, bad messages."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from live_bot import bot_settings, running_bot
from telegram_fake import FakeBotApi

from bot.store import Store

from .support import (
    NEW_ARTICLE,
    digests_to,
    ingest_here,
    is_send_to,
    settled,
    write_article,
)


async def test_rate_limited_chat_is_served_once_after_retry_after(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=301)
    fake.fail_next("sendMessage", 301, error_code=429, retry_after=1)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_here, store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(301), timeout=15)
        await settled(app)
    attempts = [c for c in fake.calls("sendMessage") if c.chat_id == 301]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 1.0
    assert len(digests_to(fake, 301)) == 1


async def test_blocked_chat_is_unsubscribed_and_others_served(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=401)
    store.subscribe(chat_id=402)
    fake.fail_next("sendMessage", 401, error_code=403)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_here, store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(402), timeout=10)
        await settled(app)
    assert store.subscription(chat_id=401) is None
    assert store.subscription(chat_id=402) is not None
    assert digests_to(fake, 401) == [] and len(digests_to(fake, 402)) == 1


async def test_group_upgraded_to_supergroup_gets_digest_under_new_id(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=-501, topics=["maritime"])
    fake.fail_next("sendMessage", -501, error_code=400, migrate_to_chat_id=-100501)
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_here, store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(-100501), timeout=10)
        await settled(app)
    moved = store.subscription(chat_id=-100501)
    assert moved is not None and moved.topics == ["maritime"]
    assert store.subscription(chat_id=-501) is None
    assert len(digests_to(fake, -100501)) == 1


GONE = (
    "Bad Request: message thread not found",
    "Bad Request: chat not found",
    "Bad Request: not enough rights to send text messages to the chat",
    "Bad Request: need administrator rights in the channel chat",
)


async def test_chat_or_topic_gone_is_unsubscribed_and_others_served(
    fake: FakeBotApi, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(store_path)
    gone = [(-100601, 7), (-100602, None), (-100603, None), (-100604, None)]
    for (chat, thread), description in zip(gone, GONE, strict=True):
        store.subscribe(chat_id=chat, thread_id=thread)
        fake.fail_next("sendMessage", chat, error_code=400, description=description)
    store.subscribe(chat_id=605)
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(605), timeout=10)
        await settled(app)
    assert [store.subscription(chat_id=c, thread_id=t) for c, t in gone] == [None] * 4
    assert len(digests_to(fake, 605)) == 1
    tried = [c.chat_id for c in fake.calls("sendMessage") if c.chat_id != 605]
    assert Counter(tried) == Counter(c for c, _ in gone)  # each tried once, never again
    assert all(f"chat {c}" in caplog.text for c, _ in gone)


async def test_rejected_message_is_skipped_and_later_entries_still_arrive(
    fake: FakeBotApi, store_path: Path, tmp_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=611)
    refused = "Bad Request: can't parse entities: unsupported start tag"
    fake.fail_next("sendMessage", 611, error_code=400, description=refused)
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, write_article(tmp_path, day=1))
        await fake.wait_for_async(lambda c: c.chat_id == 611 and not c.ok, timeout=10)
        await settled(app)
        ingest_here(store_path, write_article(tmp_path, day=2))
        await fake.wait_for_async(is_send_to(611), timeout=10)
        await settled(app)
    [digest] = digests_to(fake, 611)
    assert "9th defence policy dialogue" in digest and "8th" not in digest
    subscription = store.subscription(chat_id=611)
    assert subscription is not None and subscription.last_seq == store.max_seq()


async def test_unexpected_error_in_one_chat_does_not_stop_the_others(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    for chat in (621, 622, 623):
        store.subscribe(chat_id=chat)
    # An answer PTB turns into no error class the fan-out knows (409 → Conflict).
    fake.fail_next("sendMessage", 621, error_code=409, description="Conflict: odd")
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, NEW_ARTICLE)
        for chat in (622, 623):
            await fake.wait_for_async(is_send_to(chat), timeout=10)
        assert digests_to(fake, 621) == []
        # Its entry stayed pending: the retry run a moment later delivers it.
        await fake.wait_for_async(is_send_to(621), timeout=10)
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (621, 622, 623)] == [1, 1, 1]
