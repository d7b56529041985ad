"""Admins add an article by sending the file captioned /ingest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import assert_all_sent_valid
from live_bot import bot_settings, running_bot
from telegram_fake import BOT_USERNAME, FakeBotApi, SentMessage

from bot.app import BriefApplication
from bot.store import Store

REPO = Path(__file__).resolve().parents[2]
NEW_ARTICLE = REPO / "tests" / "fixtures" / "new_dialogue.txt"
ADMIN_ID = 555
USER_ID = 556


@pytest.fixture
async def bot(fake: FakeBotApi, tmp_path: Path) -> AsyncIterator[BriefApplication]:
    """The running bot on an empty store, with one Briefbot admin."""
    settings = bot_settings(fake, tmp_path / "store.json", BRIEFBOT_ADMINS=str(ADMIN_ID))
    async with running_bot(settings) as app:
        yield app
    assert_all_sent_valid(fake)


async def upload(
    fake: FakeBotApi, content: bytes, name: str, *, user_id: int, caption: str = "/ingest"
) -> SentMessage:
    """Send a document captioned /ingest and return the bot's reply."""
    fake.enqueue_document(content, name, caption=caption, chat_id=user_id, user_id=user_id)
    await fake.wait_for_async(
        lambda c: c.method == "sendMessage" and c.chat_id == user_id, timeout=10
    )
    return fake.last_message(user_id)


async def test_admin_upload_is_ingested_and_summarised(
    bot: BriefApplication, fake: FakeBotApi, tmp_path: Path
) -> None:
    reply = await upload(fake, NEW_ARTICLE.read_bytes(), "new_dialogue.txt", user_id=ADMIN_ID)
    text = reply.visible_text
    assert "Added: Vietnam, RoK hold 12th defence policy dialogue in Seoul" in text
    assert "Date: 2025-12-05" in text and "Place: Seoul" in text
    assert "Hoàng Xuân Chiến" in text and "maritime" in text
    stored = Store(tmp_path / "store.json").corpus()
    assert [d.title for d in stored.dialogues] == [
        "Vietnam, RoK hold 12th defence policy dialogue in Seoul"
    ]


@pytest.mark.parametrize("caption", ["/INGEST", f"/Ingest@{BOT_USERNAME}", "/ingest please"])
async def test_ingest_caption_in_any_case_or_naming_the_bot_is_ingested(
    bot: BriefApplication, fake: FakeBotApi, caption: str
) -> None:
    reply = await upload(
        fake, NEW_ARTICLE.read_bytes(), "new.txt", user_id=ADMIN_ID, caption=caption
    )
    assert reply.visible_text.startswith("Added: Vietnam, RoK hold 12th defence policy dialogue")


async def test_editing_an_uploads_caption_does_not_ingest_it_again(
    bot: BriefApplication, fake: FakeBotApi
) -> None:
    sent = fake.enqueue_document(
        NEW_ARTICLE.read_bytes(), "new.txt", caption="/ingest", chat_id=ADMIN_ID, user_id=ADMIN_ID
    )
    await fake.wait_for_async(lambda c: c.method == "sendMessage" and c.chat_id == ADMIN_ID)

    fake.enqueue_edit(ADMIN_ID, sent["message"]["message_id"], "/ingest please")
    fake.enqueue_message("/help", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await fake.wait_for_async(lambda c: c.method == "sendMessage" and "/latest" in str(c.params))

    assert len(fake.calls("getFile")) == 1, "the edited caption was not downloaded again"
    assert sum("Added:" in m.visible_text for m in fake.sent_messages(ADMIN_ID)) == 1


async def test_non_admin_upload_is_refused_and_nothing_stored(
    bot: BriefApplication, fake: FakeBotApi, tmp_path: Path
) -> None:
    reply = await upload(fake, NEW_ARTICLE.read_bytes(), "x.txt", user_id=USER_ID)
    assert "Only Briefbot's administrators" in reply.visible_text
    assert Store(tmp_path / "store.json").corpus().dialogues == ()


async def test_binary_upload_gets_one_line_naming_the_file(
    bot: BriefApplication, fake: FakeBotApi
) -> None:
    reply = await upload(fake, b"\x89PNG\r\n\x1a\n\x00\x00binary", "photo<1>.png", user_id=ADMIN_ID)
    assert reply.visible_text.startswith("Not ingested: photo_1_.png")
    assert "\n" not in reply.visible_text


async def test_document_without_the_caption_is_ignored(
    bot: BriefApplication, fake: FakeBotApi
) -> None:
    fake.enqueue_document(
        NEW_ARTICLE.read_bytes(), "a.txt", caption=None, chat_id=ADMIN_ID, user_id=ADMIN_ID
    )
    fake.enqueue_message("/help", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await fake.wait_for_async(lambda c: c.method == "sendMessage", timeout=10)
    [only] = fake.sent_messages(ADMIN_ID)
    assert "/latest" in only.visible_text


async def test_upload_for_another_bot_is_ignored(bot: BriefApplication, fake: FakeBotApi) -> None:
    fake.enqueue_document(
        NEW_ARTICLE.read_bytes(),
        "a.txt",
        caption="/ingest@other_bot",
        chat_id=ADMIN_ID,
        user_id=ADMIN_ID,
    )
    fake.enqueue_message("/help", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await fake.wait_for_async(lambda c: c.method == "sendMessage", timeout=10)
    [only] = fake.sent_messages(ADMIN_ID)
    assert "/latest" in only.visible_text
    assert fake.calls("getFile") == []


async def test_oversize_upload_is_refused_before_downloading(
    bot: BriefApplication, fake: FakeBotApi, tmp_path: Path
) -> None:
    reply = await upload(fake, b"x" * 2_000_001, "huge.txt", user_id=ADMIN_ID)
    assert reply.visible_text == "huge.txt is too large (limit 2 MB)."
    assert fake.calls("getFile") == []
    assert Store(tmp_path / "store.json").corpus().dialogues == ()


async def test_uploaded_article_reaches_subscribers(
    bot: BriefApplication, fake: FakeBotApi, tmp_path: Path
) -> None:
    Store(tmp_path / "store.json").subscribe(chat_id=USER_ID)
    await upload(fake, NEW_ARTICLE.read_bytes(), "new_dialogue.txt", user_id=ADMIN_ID)
    await fake.wait_for_async(
        lambda c: c.ok and c.chat_id == USER_ID and "digest" in str(c.params.get("text")),
        timeout=10,
    )
    [digest] = fake.sent_messages(USER_ID)
    assert "Briefbot digest" in digest.visible_text
    assert "Vietnam, RoK hold 12th defence policy dialogue in Seoul" in digest.visible_text
