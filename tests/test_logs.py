"""Secrets never reach the log; PTB's start-up traceback gives way to Briefbot's one line."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from live_bot import bot_settings, running_bot
from telegram_fake import FakeBotApi

from bot.logs import setup_logging

SECRET = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw8"
POLLS = 5  # store polls to sit through


@contextmanager
def logging_into_buffer(level: str) -> Iterator[io.StringIO]:
    """Configure logging as the CLI does, at `level`, writing into a buffer; restored after."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    setup_logging(level, secrets=[SECRET])
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        root.handlers[:], saved_level = saved
        root.setLevel(saved_level)
        logging.getLogger("apscheduler").setLevel(logging.NOTSET)


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Logging at INFO into a buffer."""
    with logging_into_buffer("INFO") as stream:
        yield stream


def test_secret_in_message_arguments_is_redacted(log_stream: io.StringIO) -> None:
    logging.getLogger("httpcore.test").warning("POST %s/getMe", f"https://x/bot{SECRET}")
    assert SECRET not in log_stream.getvalue()
    assert "https://x/bot<redacted>/getMe" in log_stream.getvalue()


def test_secret_in_a_traceback_is_redacted(log_stream: io.StringIO) -> None:
    try:
        raise ValueError(f"token {SECRET} was rejected")
    except ValueError:
        logging.getLogger("telegram.ext.Application").exception("boom")
    text = log_stream.getvalue()
    assert "Traceback" in text and "token <redacted> was rejected" in text
    assert SECRET not in text


def test_ptb_bootstrap_failure_record_is_dropped_unless_debugging(
    log_stream: io.StringIO,
) -> None:
    ptb = logging.getLogger("telegram.ext")
    ptb.error("Network Retry Loop (%s): Failed run number 0 of 0. Aborting.", "Bootstrap X")
    ptb.error("Network Retry Loop (%s): Failed run number 3.", "Polling Updates")
    assert "Bootstrap" not in log_stream.getvalue()
    assert "Polling Updates" in log_stream.getvalue()
    logging.getLogger().setLevel(logging.DEBUG)
    ptb.error("Network Retry Loop (%s): Failed run number 0 of 0. Aborting.", "Bootstrap X")
    assert "Bootstrap X" in log_stream.getvalue()


@pytest.mark.parametrize(("level", "scheduler_lines"), [("INFO", False), ("DEBUG", True)])
async def test_store_polls_do_not_fill_the_log_at_info(
    fake: FakeBotApi, store_path: Path, level: str, scheduler_lines: bool
) -> None:
    settings = bot_settings(fake, store_path)
    with logging_into_buffer(level) as stream:
        async with running_bot(settings):
            await asyncio.sleep(settings.store_poll_seconds * POLLS)

    text = stream.getvalue()
    assert "Briefbot is up" in text
    # At DEBUG the scheduler's own lines show that the polls did run.
    assert ("apscheduler" in text) is scheduler_lines, text[-2000:]
