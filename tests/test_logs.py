"""Secrets never reach the log; PTB's start-up traceback gives way to Briefbot's one line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logs import setup_logging

SECRET = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw8"


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Configure logging as the CLI does, writing into a buffer."""
    saved = logging.getLogger().handlers[:], logging.getLogger().level
    setup_logging("INFO", secrets=[SECRET])
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    yield stream
    logging.getLogger().handlers[:], level = saved
    logging.getLogger().setLevel(level)


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
