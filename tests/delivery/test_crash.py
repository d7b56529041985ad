"""A bot killed mid fan-out, and a store that cannot record: no entry lost, none repeated."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from live_bot import bot_settings, running_bot
from telegram_fake import TOKEN, FakeBotApi

from bot.domain.reference import load_reference
from bot.ingest.pipeline import ingest_paths
from bot.store import Store

from .support import (
    NEW_ARTICLE,
    REPO,
    ask_digest,
    digests_to,
    ingest_here,
    is_send_to,
    until,
    wait_until_recorded,
)


def start_bot_process(fake: FakeBotApi, store_path: Path) -> subprocess.Popen[str]:
    """`briefbot run` as its own process, as a deployment runs it."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.url,
        "BRIEFBOT_DB": str(store_path),
        "BRIEFBOT_DIGEST_DELAY": "0.2",
        "BRIEFBOT_STORE_POLL": "0.1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_killed_mid_fan_out_then_restarted_every_chat_gets_the_entry_once(
    fake: FakeBotApi, store_path: Path
) -> None:
    chats = [201, 202, 203, 204]
    store = Store(store_path)
    for chat in chats:
        store.subscribe(chat_id=chat)
    # Telegram makes chat 203 wait: the bot is mid-fan-out (201, 202 served) when it is killed.
    fake.fail_next("sendMessage", 203, error_code=429, retry_after=60)
    bot = start_bot_process(fake, store_path)
    try:
        fake.wait_for("getUpdates", timeout=30)
        ingest_paths([NEW_ARTICLE], store=store, reference=load_reference())
        fake.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == 203, timeout=30)
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
        assert [len(digests_to(fake, c)) for c in chats] == [1, 1, 0, 0]
        bot = start_bot_process(fake, store_path)
        for chat in (203, 204):
            fake.wait_for(is_send_to(chat), timeout=30)
        wait_until_recorded(store, chats)
    finally:
        bot.kill()
        bot.wait(10)
    assert [len(digests_to(fake, c)) for c in chats] == [1, 1, 1, 1]


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past `limit` bytes fail in this process (EFBIG), as on a full disk, even as root."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


async def test_a_store_that_cannot_record_a_delivery_never_repeats_the_digest(
    fake: FakeBotApi, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=721)
    ingest_here(store_path, NEW_ARTICLE)
    before = store_path.read_bytes()

    def failed_records() -> int:
        return sum("the store cannot record it" in r.getMessage() for r in caplog.records)

    async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=0.1)) as app:
        # A delivery mark is a line of ~20 bytes appended to the store's marks journal, so only
        # a zero limit makes every store write fail (part files, manifest and journal alike).
        with file_size_limit(0):
            await fake.wait_for_async(is_send_to(721), timeout=10)
            await until(app, lambda: failed_records() >= 3)  # the run, then retry runs
            assert "cannot save anything right now" in await ask_digest(fake, 721)
            assert store_path.read_bytes() == before  # nothing half-written
        assert await ask_digest(fake, 721) == "Nothing new since this chat's last digest."
    assert len(digests_to(fake, 721)) == 1
    subscription = store.subscription(chat_id=721)
    assert subscription is not None and subscription.last_seq == store.max_seq()
    assert [p.name for p in store_path.parent.iterdir() if p.name.startswith(".")] == []
