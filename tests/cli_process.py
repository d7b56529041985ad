"""Runs the `briefbot` command as a user runs it: a subprocess with a clean environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from conftest import SEED_ARTICLES

ENTRY_POINT = Path(sys.executable).with_name("briefbot")
TIMEOUT = 30.0  # seconds for any one command; nothing waits longer


def briefbot_command(*args: str) -> list[str]:
    """The installed `briefbot` script, or `python -m bot.cli` when it is not installed."""
    if ENTRY_POINT.exists():
        return [str(ENTRY_POINT), *args]
    return [sys.executable, "-m", "bot.cli", *args]


def clean_environment_for(tmp_path: Path) -> dict[str, str]:
    """No TELEGRAM_* / BRIEFBOT_* from the developer's shell; the store in tmp_path."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BRIEFBOT_"))}
    clean.update(
        BRIEFBOT_DB=str(tmp_path / "store.json"),
        BRIEFBOT_ARTICLES=str(SEED_ARTICLES),
        BRIEFBOT_WATCH="0",  # never poll the real outlets from a test
        PYTHONUNBUFFERED="1",
        COLUMNS="200",
    )
    return clean


def briefbot(
    *args: str, env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `briefbot args` in `cwd` (no .env there) and capture its output."""
    return subprocess.run(
        briefbot_command(*args),
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def lines(text: str) -> list[str]:
    """Non-blank lines."""
    return [line for line in text.splitlines() if line.strip()]


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *, secret: str = "") -> str:
    """Exit 2 with exactly one line on stderr, no traceback, and the secret nowhere."""
    assert result.returncode == 2, result.stderr
    # A bot token is also secret without its "<bot id>:" prefix.
    for shown in filter(None, {secret, secret.partition(":")[2]}):
        assert shown not in result.stderr + result.stdout, "a secret was printed"
    assert "Traceback" not in result.stderr, result.stderr
    [line] = lines(result.stderr)
    return line


def closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
