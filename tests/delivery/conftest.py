"""Every delivery test ends with Telegram's view checked: what it accepted was valid."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import assert_all_sent_valid
from telegram_fake import FakeBotApi


@pytest.fixture(autouse=True)
def every_message_valid(fake: FakeBotApi) -> Iterator[None]:
    """After each test: Telegram accepted every message but the refusals the test programmed."""
    yield
    programmed = [
        c.description or "" for c in fake.calls() if c.status in (400, 403, 409, 429, 502)
    ]
    assert_all_sent_valid(fake, allowed_failures=programmed)
