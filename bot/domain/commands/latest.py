"""/latest [1-10] [period]: the newest dialogues, as short cards ("full" for all of each)."""

from __future__ import annotations

import re

from bot.domain.briefings.dialogues import MAX_LATEST, latest
from bot.domain.briefings.usage import usage
from bot.domain.briefings.views import Briefing, LatestView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.domain.text import echo


def _count(text: str) -> int | str:
    """How many dialogues, or what is wrong with the number."""
    if not text:
        return 1
    if not re.fullmatch(r"[+-]?\d+", text):
        return f"“{echo(text)}” is not a number."
    # A huge number is out of range too; cut before int(), which refuses over 4,300 digits.
    n = int(text[:12])
    return n if 1 <= n <= MAX_LATEST else f"Choose a number from 1 to {MAX_LATEST}."


def _latest(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    count = _count(args.text)
    if isinstance(count, str):
        return usage("latest", count)
    return latest(corpus, ref, count, args.period, full=args.full)


COMMANDS = (
    Command(
        name="latest",
        description="The most recent dialogues",
        params="[1-10] [period]",
        run=_latest,
        takes_period=True,
        sized=True,
        view=LatestView,
        inline=True,
        exportable=True,
    ),
)
