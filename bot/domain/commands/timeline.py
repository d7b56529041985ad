"""/timeline [year]: dialogues by year (with a chart, sent by the Telegram layer)."""

from __future__ import annotations

import re

from bot.domain.briefings.by_year import timeline
from bot.domain.briefings.usage import usage
from bot.domain.briefings.views import Briefing, TimelineView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.domain.text import echo


def _year(text: str) -> int | str | None:
    """The year (None for all), or what is wrong with it."""
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text):
        return f"“{echo(text)}” is not a year; write it like 2024."
    return int(text)


def _timeline(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    year = _year(args.text)
    if isinstance(year, str):
        return usage("timeline", year)
    return timeline(corpus, ref, year, args.page)


COMMANDS = (
    Command(
        name="timeline",
        description="Dialogues by year",
        params="[year] [page N]",
        run=_timeline,
        view=TimelineView,
        paged=True,
        deep_link="year",
        exportable=True,
    ),
)
