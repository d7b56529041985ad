"""Runs the real Briefbot application against the fake Bot API, started as run_polling starts it."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update
from telegram_fake import TOKEN, FakeBotApi

from bot.app import BriefApplication, build_application
from bot.config import Settings
from bot.store import Store

POLL_TIMEOUT = dt.timedelta(seconds=10)  # run_polling's default long-poll timeout
START_WAIT = 30.0  # seconds for the steps that follow the start of polling


def bot_settings(fake: FakeBotApi, store_path: Path, **overrides: Any) -> Settings:
    """Settings as the environment would give them, pointing at the fake, with quick digests."""
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
async def polling(application: BriefApplication) -> AsyncIterator[BriefApplication]:
    """Start and stop `application` in the order `Application.run_polling` uses."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0.0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        # As run_polling: the menu and the digest and watch jobs follow the start of polling.
        await asyncio.wait_for(application.bot_data.started.wait(), START_WAIT)
        yield application
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[BriefApplication]:
    """The application exactly as `briefbot run` builds it, running until the block ends."""
    async with polling(build_application(settings, store=Store(settings.db_path))) as app:
        yield app
