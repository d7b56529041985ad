"""Start-up: from spawning `briefbot start` to the bot's first `getUpdates`, on a given store.

`python -m benchmarks.startup STORE` (and `benchmarks.run` at each size) starts the real
bot as a user does, with `TELEGRAM_API_URL` pointing at the fake Bot API of tests/telegram_fake
on 127.0.0.1. A `/latest` is queued before each start; the figures are the time from spawning the
process to its first `getUpdates` request and to its answer to that `/latest`, and the CPU time
the process had used by that request (less sensitive to other jobs on the machine), median of
RUNS starts. Each run stops the bot with Ctrl-C (SIGINT) and checks it exits cleanly.
"""

from __future__ import annotations

import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the fake Bot API lives with the tests

from telegram_fake import TOKEN, Call, FakeBotApi  # noqa: E402

RUNS = 3
CHAT = 31_337
WAIT = 120.0  # seconds: a start slower than this is a failure, not a figure
STOP_WAIT = 30.0


def bot_environment(store: Path, api_url: str) -> dict[str, str]:
    """The user's environment minus Briefbot's settings, plus the store and the fake API."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BRIEFBOT_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=api_url,
        BRIEFBOT_DB=str(store),
        BRIEFBOT_WATCH="0",  # a benchmark never polls the real outlets
        PYTHONPATH=str(REPO),
    )
    return env


def _answered(call: Call) -> bool:
    return call.method == "sendMessage" and call.chat_id == CHAT and call.ok


def one_start(store: Path) -> dict[str, float]:
    """Seconds from spawn to the first getUpdates and to the queued /latest's answer."""
    with FakeBotApi() as fake, tempfile.TemporaryFile() as log:
        fake.enqueue_message("/latest", chat_id=CHAT, user_id=CHAT)
        began = time.monotonic()
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "start"],
            env=bot_environment(store, fake.url),
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            [poll, *_] = _wait(fake, "getUpdates", bot, log)
            cpu = cpu_seconds(bot.pid)  # read as soon as the request is seen: a little over
            [answer] = _wait(fake, _answered, bot, log)
        finally:
            bot.send_signal(signal.SIGINT)
            code = bot.wait(STOP_WAIT)
        if code != 0:
            raise RuntimeError(f"the bot exited with {code} on Ctrl-C:\n{_text(log)}")
        return {
            "first_poll": poll.time - began,
            "first_answer": answer.time - began,
            "first_poll_cpu": cpu,
        }


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a running process has used so far, from /proc (Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return math.nan
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait(
    fake: FakeBotApi, what: str | Callable[[Call], bool], bot: subprocess.Popen[bytes], log: object
) -> list[Call]:
    """The calls matching `what`; an error with the bot's log if it exits or takes too long."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            return fake.wait_for(what, timeout=0.05)
        except AssertionError:
            if bot.poll() is not None:
                break
    raise RuntimeError(f"no {what} from the bot (exit code {bot.poll()}):\n{_text(log)}")


def _text(log: object) -> str:
    assert hasattr(log, "seek") and hasattr(log, "read")
    log.seek(0)
    data: bytes = log.read()
    return data.decode(errors="replace")[-4000:]


def measure(store: Path, runs: int = RUNS) -> dict[str, float]:
    """Median seconds over `runs` starts: to the first getUpdates, to the first answer."""
    samples = [one_start(store) for _ in range(runs)]
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


LABEL = "bot start: 1st getUpdates / 1st answer (median of 3)"


def figures_text(figures: dict[str, float]) -> str:
    """The two figures as benchmarks.run prints them."""
    return (
        f"{figures['first_poll'] * 1000:,.0f} / {figures['first_answer'] * 1000:,.0f} ms;"
        f" CPU by 1st getUpdates {figures['first_poll_cpu'] * 1000:,.0f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    """Print the two figures for the store named on the command line."""
    [store] = argv if argv is not None else sys.argv[1:]
    print(f"  {LABEL:52} {figures_text(measure(Path(store)))}")


if __name__ == "__main__":
    main()
