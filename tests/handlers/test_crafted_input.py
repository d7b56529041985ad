"""Crafted text (lone surrogates, odd digits, huge payloads) gets a clear answer, never an error."""

from __future__ import annotations

import logging

import pytest
from conftest import LiveBot, Reply

from bot.domain.text import REPLACEMENT
from bot.handlers.errors import APOLOGY

LONE = "\ud800"  # reaches the bot as the JSON escape "\ud800", which Python cannot encode
SHORT = 400


def assert_clear_answer(reply: Reply, caplog: pytest.LogCaptureFixture) -> str:
    """One short answer, no apology, nothing logged as an error."""
    assert reply.texts and APOLOGY not in reply.texts
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    return reply.text


@pytest.mark.parametrize("command", ["/person", "/topic", "/search", "/dialogue", "/position"])
async def test_lone_surrogate_in_a_command_is_replaced_in_the_answer(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    text = assert_clear_answer(await briefbot.send(f"{command} {LONE}xyzzy"), caplog)
    assert LONE not in text
    assert f"{REPLACEMENT}xyzzy" in text


async def test_lone_surrogate_in_a_channel_post_is_answered(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    reply = await briefbot.send(f"/person {LONE}", chat_type="channel")
    assert REPLACEMENT in assert_clear_answer(reply, caplog)


async def test_lone_surrogate_in_callback_data_opens_a_clear_answer(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    reply = await briefbot.press(f"/person {LONE}")
    assert REPLACEMENT in assert_clear_answer(reply, caplog)


async def test_lone_surrogate_in_an_inline_query_is_answered(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    reply = await briefbot.inline(f"maritime {LONE}")
    [answered] = [c for c in reply.calls if c.method == "answerInlineQuery"]
    assert answered.ok
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("payload", ["year_²", "year_٢٠٢٤٥", "year_" + "9" * 5000, f"year_{LONE}"])
async def test_start_with_a_bad_year_payload_is_a_usage_answer(
    briefbot: LiveBot, caplog: pytest.LogCaptureFixture, payload: str
) -> None:
    text = assert_clear_answer(await briefbot.send(f"/start {payload}"), caplog)
    assert "is not a year; write it like 2024." in text
    assert len(text) < SHORT


async def test_start_with_a_year_payload_opens_that_years_timeline(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/start year_2025")
    assert reply.texts and "2025" in reply.texts[0] and "not a year" not in reply.text
