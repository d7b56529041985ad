"""Runs the `briefbot` command as a user runs it: a subprocess with a clean environment.

`briefbot_main` runs the same command line through `bot.cli.main` in the test's own process
(its environment, folder and standard streams swapped for the call): for commands whose
process itself is not under test, without a new interpreter's second of imports.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
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


def briefbot_main(
    *args: str, env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """As `briefbot`, but through `bot.cli.main` in this process; the result looks the same."""
    from bot.cli import main

    out, err = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    # main() sets up logging for the whole process: what pytest installed is put back after.
    saved = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in ("httpx", "apscheduler")}
    with pytest.MonkeyPatch.context() as patch:
        for name in os.environ.keys() - env.keys():
            patch.delenv(name)
        for name, value in env.items():
            patch.setenv(name, value)
        patch.chdir(cwd)
        patch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(list(args))
                except SystemExit as exc:  # argparse's usage errors
                    code = exc.code if isinstance(exc.code, int) else 1
        finally:
            root.handlers[:], root.level = saved
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)
    return subprocess.CompletedProcess(["briefbot", *args], code, out.getvalue(), err.getvalue())


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
