"""/start (the welcome, or the briefing a deep link opens) and /help."""

from __future__ import annotations

import re

from bot.domain.briefings.usage import usage
from bot.domain.briefings.views import Briefing, HelpView, StartView
from bot.domain.briefings.welcome import start
from bot.domain.commands.registry import Args, Command, catalogue
from bot.domain.corpus import Corpus
from bot.domain.periods import Period
from bot.domain.reference import Reference

# t.me/bot?start=topic_maritime: a command's deep link prefix, "_", its argument.
_PAYLOAD = re.compile(r"^(?P<prefix>[a-z]+)_(?P<argument>.+)$")


def _start(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    """The briefing a deep link opens; the welcome for no payload or one we do not know."""
    match = _PAYLOAD.match(args.text)
    opened = catalogue().deep_linked(match["prefix"]) if match else None
    if match is None or opened is None or opened.run is None:
        return start(corpus, ref)
    argument, period = match["argument"], None
    if opened.takes_period:
        # "topic_maritime_2019-2023", "year_since-2024": the briefing in that period.
        subject, _, tail = argument.rpartition("_")
        period = Period.from_slug(tail)
        argument = subject if period is not None else argument
    return opened.run(corpus, ref, Args(argument, period=period))


def _help(corpus: Corpus, ref: Reference, args: Args) -> Briefing:
    """How to use one command, or the whole menu."""
    wanted = catalogue().get(args.text.lstrip("/").lower())
    if wanted is None or not wanted.menu:
        return HelpView(commands=catalogue().menu())
    return usage(wanted.name)


COMMANDS = (
    Command(
        name="start",
        description="What this bot does and how to begin",
        run=_start,
        view=StartView,
    ),
    Command(
        name="help",
        description="All commands, or how to use one",
        params="[command]",
        run=_help,
        reads_store=False,
        view=HelpView,
    ),
)
