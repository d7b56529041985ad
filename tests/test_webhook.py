"""Webhook mode: `briefbot run` with BRIEFBOT_WEBHOOK_URL registers and serves a webhook."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_process import (
    assert_one_clear_line,
    briefbot,
    briefbot_command,
    clean_environment_for,
    closed_port,
)
from telegram_fake import DEFAULT_USER_ID, TOKEN, FakeBotApi

SECRET = "s3cret-token_for-tests"
HOOK_PATH = "/hooks/briefbot-7f3a"  # not the old fixed /telegram: the URL's own path is served


@pytest.fixture
def webhook_env(fake: FakeBotApi, store_path: Path, tmp_path: Path) -> dict[str, str]:
    """Webhook mode on a free local port, with its secret, against the fake; a filled store."""
    port = closed_port()
    return {
        **clean_environment_for(tmp_path),
        "BRIEFBOT_DB": str(store_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.url,
        "BRIEFBOT_WEBHOOK_URL": f"https://bot.example.org:{port}{HOOK_PATH}",
        "BRIEFBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "BRIEFBOT_WEBHOOK_PORT": str(port),
        "BRIEFBOT_WEBHOOK_SECRET": SECRET,
    }


@pytest.fixture
def webhook_bot(webhook_env: dict[str, str], tmp_path: Path) -> Iterator[int]:
    """`briefbot run` in webhook mode, in its own process; yields the port it listens on."""
    process = subprocess.Popen(
        briefbot_command("run"),
        env=webhook_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield int(webhook_env["BRIEFBOT_WEBHOOK_PORT"])
    finally:
        process.kill()
        process.wait(10)


def post_update(port: int, path: str, update: dict[str, object], secret: str | None) -> int:
    """POST an update to the bot's webhook as Telegram would; returns the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
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


def test_webhook_is_registered_with_its_secret_and_answers_on_its_path(
    fake: FakeBotApi, webhook_env: dict[str, str], webhook_bot: int
) -> None:
    [registered] = fake.wait_for("setWebhook", timeout=30)
    assert registered.ok, registered.description
    assert registered.params["url"] == webhook_env["BRIEFBOT_WEBHOOK_URL"]
    assert fake.webhook_secret == SECRET
    wait_listening(webhook_bot)
    update = fake.enqueue_message("/help", chat_id=DEFAULT_USER_ID)

    assert post_update(webhook_bot, HOOK_PATH, update, secret=None) == 403
    assert post_update(webhook_bot, HOOK_PATH, update, secret="wrong") == 403
    assert post_update(webhook_bot, "/telegram", update, secret=SECRET) == 404
    assert fake.calls("sendMessage") == []
    assert post_update(webhook_bot, HOOK_PATH, update, secret=SECRET) == 200
    fake.wait_for("sendMessage", timeout=10)
    assert "/latest" in fake.last_message(DEFAULT_USER_ID).visible_text
    assert fake.calls("getUpdates") == []


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        pytest.param(None, "required with BRIEFBOT_WEBHOOK_URL", id="missing"),
        pytest.param("", "required with BRIEFBOT_WEBHOOK_URL", id="blank"),
        pytest.param("has spaces & symbols!", "only letters, digits, _ and -", id="characters"),
        pytest.param("x" * 257, "must be 1-256 characters", id="too-long"),
    ],
)
def test_webhook_without_a_usable_secret_exits_2_with_one_line(
    fake: FakeBotApi,
    webhook_env: dict[str, str],
    tmp_path: Path,
    secret: str | None,
    problem: str,
) -> None:
    env = {k: v for k, v in webhook_env.items() if k != "BRIEFBOT_WEBHOOK_SECRET"}
    if secret is not None:
        env["BRIEFBOT_WEBHOOK_SECRET"] = secret

    result = briefbot("run", env=env, cwd=tmp_path)

    line = assert_one_clear_line(result, secret=secret or "")
    assert line.startswith("error: bad setting BRIEFBOT_WEBHOOK_SECRET:") and problem in line
    assert fake.calls() == [], "nothing reaches Telegram"


def test_webhook_port_in_use_exits_2_with_one_line(
    webhook_env: dict[str, str], tmp_path: Path
) -> None:
    port = int(webhook_env["BRIEFBOT_WEBHOOK_PORT"])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()

        result = briefbot("run", env=webhook_env, cwd=tmp_path)

    line = assert_one_clear_line(result, secret=SECRET)
    assert line.endswith(
        f"Cannot listen for the webhook on 127.0.0.1:{port}: Address already in use"
    )
