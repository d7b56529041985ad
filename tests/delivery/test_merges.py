"""A later report of a stored event: news for the chats whose filters it newly matches, once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from live_bot import bot_settings, running_bot
from telegram_fake import FakeBotApi

from bot.domain.models import Subscription
from bot.store import Store

from .support import NEW_ARTICLE, NEW_TITLE, digests_to, ingest_here, is_send_to, settled

PERSON, KEYWORD, EVERYTHING, HAD_IT = 701, 702, 703, 704
# The same meeting from another outlet: it adds a participant (Phan Văn Giang) and a sentence
# with a word no earlier report used ("hotline"), and no topic the event did not have.
SECOND_REPORT = """---
outlet: Other Wire
url: https://example.org/other-wire/12th-defence-policy-dialogue
published: 2025-12-06
---
Vietnam, RoK hold 12th defence policy dialogue in Seoul

Seoul (Other Wire) – The 12th Vietnam-Republic of Korea (RoK) defence policy dialogue took place \
in Seoul on December 5, co-chaired by Deputy Minister of National Defence Hoàng Xuân Chiến and his \
RoK counterpart Kim Seon-ho.

Defence Minister Phan Văn Giang, who received Kim Seon-ho, said the two armies would open a \
hotline on cyber security.
"""


def follow(store: Store, chat_id: int, **filters: list[str]) -> None:
    """Subscribe a chat, from now on, to these filters (none: everything)."""

    def change(old: Subscription | None, newest: int) -> Subscription:
        return Subscription(chat_id=chat_id, last_seq=newest, **filters)

    store.edit_subscription(chat_id=chat_id, change=change)


async def test_a_merged_report_reaches_the_chats_it_newly_matches_and_no_other_again(
    fake: FakeBotApi, store_path: Path, tmp_path: Path
) -> None:
    store = Store(store_path)
    follow(store, PERSON, people=["phan-van-giang"])
    follow(store, KEYWORD, keywords=["hotline"])
    follow(store, EVERYTHING)
    follow(store, HAD_IT, topics=["cyber-security"], people=["phan-van-giang"])
    second = tmp_path / "second-report.txt"
    second.write_text(SECOND_REPORT, encoding="utf-8")
    async with running_bot(bot_settings(fake, store_path)) as app:
        await asyncio.to_thread(ingest_here, store_path, NEW_ARTICLE)
        for chat in (EVERYTHING, HAD_IT):
            await fake.wait_for_async(is_send_to(chat), timeout=10)
        await settled(app)
        assert digests_to(fake, PERSON) == digests_to(fake, KEYWORD) == []
        await asyncio.to_thread(ingest_here, store_path, second)
        for chat in (PERSON, KEYWORD):
            await fake.wait_for_async(is_send_to(chat), timeout=10)
        await settled(app)
        await asyncio.to_thread(ingest_here, store_path, second)  # known: changes nothing
        await settled(app)
    assert [len(digests_to(fake, c)) for c in (PERSON, KEYWORD, EVERYTHING, HAD_IT)] == [1] * 4
    for chat in (PERSON, KEYWORD):
        [digest] = digests_to(fake, chat)
        assert NEW_TITLE in digest and "Other Wire" in digest
    assert len(store.corpus().dialogues) == 6  # the second report merged into the first
