"""Runs the real Briefbot application against the fake Bot API, started as run_polling starts it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram_fake import TOKEN, FakeBotApi

from bot.app import BriefApplication, build_application
from bot.config import Settings
from bot.store import Store


def bot_settings(fake: FakeBotApi, store_path: Path, **overrides: Any) -> Settings:
    """Settings as the environment would give them, pointing at the fake Bot API."""
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.url,
        "BRIEFBOT_DB": str(store_path),
        "BRIEFBOT_DIGEST_DELAY": 0.3,
        "BRIEFBOT_STORE_POLL": 0.1,
        "BRIEFBOT_DIGEST_CRON": "0 8 * * *",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[BriefApplication]:
    """Start like Application.run_polling (initialize, post_init, poll, start); always stop."""
    application = build_application(settings, store=Store(settings.db_path))
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=dt.timedelta(seconds=1))
        await application.start()
        yield application
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
