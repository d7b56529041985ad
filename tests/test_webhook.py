"""Webhook mode: `briefbot run` with BRIEFBOT_WEBHOOK_URL registers and serves a webhook."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram_fake import DEFAULT_USER_ID, TOKEN, FakeBotApi

REPO = Path(__file__).resolve().parents[1]
SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    """A started fake Bot API."""
    with FakeBotApi() as api:
        yield api


def post_update(port: int, update: dict[str, object], secret: str | None) -> int:
    """POST an update to the bot's webhook as Telegram would; returns the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram",
        data=json.dumps(update).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_listening(port: int, timeout: float = 20.0) -> None:
    """Block until something accepts connections on the port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listened on {port}")


def test_webhook_is_registered_with_its_secret_and_answers_updates(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.url,
        "BRIEFBOT_DB": str(tmp_path / "store.json"),
        "BRIEFBOT_WEBHOOK_URL": f"https://bot.example.org:{port}/telegram",
        "BRIEFBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "BRIEFBOT_WEBHOOK_PORT": str(port),
        "BRIEFBOT_WEBHOOK_SECRET": SECRET,
    }
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        [registered] = fake.wait_for("setWebhook", timeout=30)
        assert registered.params["url"] == env["BRIEFBOT_WEBHOOK_URL"]
        assert registered.params["secret_token"] == SECRET
        wait_listening(port)
        update = fake.enqueue_message("/help", chat_id=DEFAULT_USER_ID)
        assert post_update(port, update, secret="wrong") == 403
        assert post_update(port, update, secret=SECRET) == 200
        fake.wait_for("sendMessage", timeout=10)
        assert "/latest" in fake.last_message(DEFAULT_USER_ID).visible_text
        assert fake.calls("getUpdates") == []
    finally:
        bot.kill()
        bot.wait(10)
