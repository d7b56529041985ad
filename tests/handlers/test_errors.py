"""The error handler, with handlers failing for real: a broken store, Telegram refusing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LiveBot
from telegram.error import BadRequest, Forbidden
from telegram_fake import DEFAULT_GROUP_ID, DEFAULT_USER_ID

from bot.handlers.errors import APOLOGY, STORE_TROUBLE
from bot.store import StoreError

OTHER_USER = 2002


@pytest.fixture
def broken_store(briefbot: LiveBot) -> Iterator[Path]:
    """Corrupt the store file under the running bot; restore it afterwards."""
    path = briefbot.store.path
    original = path.read_bytes()
    path.write_text('{"dialogues": {"1": {"id": ', encoding="utf-8")
    yield path
    path.write_bytes(original)


def error_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the error handler logged with a trace."""
    return [r for r in caplog.records if r.name == "bot.handlers.errors" and r.exc_info]


async def test_broken_store_gets_a_short_apology_and_a_logged_trace(
    briefbot: LiveBot, broken_store: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)

    reply = await briefbot.send("/latest")

    assert reply.texts == [STORE_TROUBLE]
    assert reply.text.startswith("Sorry") and len(reply.text) < 200
    [record, *_] = error_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and isinstance(record.exc_info[1], StoreError)
    assert "Traceback (most recent call last)" in caplog.text
    assert "is not valid JSON" in caplog.text
    assert str(broken_store) not in reply.text, "file paths stay in the log"


async def test_bot_keeps_answering_once_the_store_is_back(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    path = briefbot.store.path
    original = path.read_bytes()
    path.write_text("not json at all", encoding="utf-8")

    failed = await briefbot.send("/topic maritime")
    path.write_bytes(original)
    recovered = await briefbot.send("/topic maritime")

    assert failed.texts == [STORE_TROUBLE]
    assert recovered.text.startswith("Topic: Maritime security\n5 dialogues")


async def test_telegram_refusing_a_message_gets_the_general_apology(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    briefbot.expect_failure(
        "sendMessage",
        'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0',
        chat_id=DEFAULT_USER_ID,
    )

    reply = await briefbot.send("/latest")
    after = await briefbot.send("/latest")

    assert reply.texts == [APOLOGY]
    assert len(APOLOGY) < 200
    [record, *_] = error_records(caplog)
    assert record.exc_info is not None and isinstance(record.exc_info[1], BadRequest)
    assert "Traceback (most recent call last)" in caplog.text
    assert after.text.startswith("Latest dialogue")


async def test_failing_button_is_answered_and_apologised_for(
    briefbot: LiveBot, broken_store: Path
) -> None:
    reply = await briefbot.press(
        "/topic maritime", chat_type="group", chat_id=DEFAULT_GROUP_ID, message_text="Topics"
    )

    [query] = [c for c in reply.calls if c.method == "answerCallbackQuery"]
    assert query.ok, "the button stops spinning"
    assert reply.texts == [STORE_TROUBLE]
    assert {m.chat_id for m in reply.messages} == {DEFAULT_GROUP_ID}


async def test_apology_in_a_forum_topic_lands_in_that_topic(
    briefbot: LiveBot, broken_store: Path
) -> None:
    reply = await briefbot.send_in_topic(f"/latest@{briefbot.username}", thread_id=77)

    assert reply.texts == [STORE_TROUBLE]
    assert [m.message_thread_id for m in reply.messages] == [77]


async def test_failing_inline_query_is_logged_and_the_bot_goes_on(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    path = briefbot.store.path
    original = path.read_bytes()
    path.write_text("[]", encoding="utf-8")

    inline = await briefbot.inline("maritime")
    path.write_bytes(original)
    after = await briefbot.inline("maritime")

    assert inline.messages == [], "an inline query has no chat to apologise in"
    assert any(isinstance(r.exc_info[1], StoreError) for r in error_records(caplog) if r.exc_info)
    [answer] = [c for c in after.calls if c.method == "answerInlineQuery"]
    assert answer.ok and answer.params["results"]


async def test_apology_that_cannot_be_delivered_is_only_logged(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    blocked = "Forbidden: bot was blocked by the user"
    briefbot.fake.fail_next("sendMessage", OTHER_USER, error_code=403, times=2)
    briefbot.allowed_failures += [blocked, blocked]

    reply = await briefbot.send("/latest", chat_id=OTHER_USER, user_id=OTHER_USER)
    after = await briefbot.send("/latest")

    assert reply.messages == []
    assert any(r.exc_info and isinstance(r.exc_info[1], Forbidden) for r in error_records(caplog))
    assert "could not send the apology" in caplog.text
    assert after.text.startswith("Latest dialogue")
