"""/timeline [period]: dialogues by year (with a chart, sent by the Telegram layer)."""

from __future__ import annotations

from bot.domain.briefings.by_year import timeline
from bot.domain.briefings.usage import usage
from bot.domain.briefings.views import Briefing, TimelineView
from bot.domain.commands.registry import Args, Command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.domain.text import echo


def _timeline(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    # The period step took any year or range; what is left is no period at all.
    if args.text:
        return usage("timeline", f"“{echo(args.text)}” is not a year; write it like 2024.")
    return timeline(corpus, ref, None, args.page, args.period)


COMMANDS = (
    Command(
        name="timeline",
        description="Dialogues by year",
        params="[period] [page N]",
        run=_timeline,
        view=TimelineView,
        paged=True,
        takes_period=True,
        deep_link="year",
        exportable=True,
    ),
)
