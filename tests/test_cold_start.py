"""Cold starts load only what the command needs: no extraction, watcher, bot or scheduler."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from telegram.constants import MessageLimit

from bot.render import TELEGRAM_LIMIT

REPO = Path(__file__).resolve().parents[1]
HEAVY = [
    "telegram",  # the bot layer (PTB, httpx)
    "httpx",
    "apscheduler",  # digests' scheduler
    "rich",  # progress bars and the shell's colours
    "bot.ingest.extract",  # extraction: dateparser, ftfy, lingua
    "bot.watch.runner",
    "dateparser",
    "ftfy",
    "lingua",
    "matplotlib",
]


def _loaded_after(code: str) -> set[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    return set(json.loads(run.stdout.splitlines()[-1]))


def test_importing_the_command_line_loads_no_heavy_module() -> None:
    loaded = _loaded_after("import bot.cli\nbot.cli.build_parser()")

    assert [m for m in HEAVY if m in loaded] == []


def test_answering_a_briefing_loads_no_heavy_module(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from bot.cli import ask\n"
        "from bot.domain.reference import load_reference\n"
        "from bot.store import Store\n"
        f"print(ask('/latest', store=Store(Path({str(tmp_path / 's.json')!r})),"
        " reference=load_reference()))"
    )

    loaded = _loaded_after(code)

    assert [m for m in HEAVY if m in loaded] == []


def test_the_message_limit_is_telegrams() -> None:
    assert TELEGRAM_LIMIT == MessageLimit.MAX_TEXT_LENGTH


def test_the_bot_starts_without_loading_extraction() -> None:
    loaded = _loaded_after("import bot.app")

    # Extraction (dateparser, ftfy, lingua) loads with the first upload or watched item.
    assert [m for m in ("bot.ingest.extract", "dateparser", "ftfy", "lingua") if m in loaded] == []
