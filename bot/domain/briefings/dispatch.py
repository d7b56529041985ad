"""answer(): a parsed command to its briefing; bad arguments give a usage view, never an error."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.usage import usage
from bot.domain.briefings.variants import split_size
from bot.domain.briefings.views import Briefing, NotFoundView
from bot.domain.commands.parsing import ParsedCommand, split_page
from bot.domain.commands.registry import Args, Command, catalogue
from bot.domain.corpus import Corpus
from bot.domain.periods import PeriodSplit, split_period
from bot.domain.reference import Reference
from bot.domain.text import echo


def _unknown_command(name: str, args: str = "") -> NotFoundView:
    """Near commands, each offered with the same arguments ("/persn Giang" → "/person Giang")."""
    # Long arguments are shown cut short; the command behind a button keeps them whole.
    names = [c.name for c in catalogue().menu()]
    close = process.extract(name, names, scorer=fuzz.ratio, limit=3, score_cutoff=50)
    return NotFoundView(
        kind="command",
        query=f"/{name}",
        hint="/help lists every command.",
        suggestions=tuple(
            Ref("command", f"{n} {args}".strip(), f"/{n} {echo(args)}".strip())
            for n, _score, _i in close
        ),
    )


def run(corpus: Corpus, ref: Reference, declared: Command, command: ParsedCommand) -> Briefing:
    """The shared argument steps a declaration switches on, then its query."""
    if declared.run is None:
        return usage(declared.name, declared.chat_note)
    text = (command.raw_args or command.args) if declared.raw_args else command.args
    page = None
    if declared.paged:
        text, page = split_page(text)
        if page is not None and page < 1:
            return usage(declared.name, "Pages are numbered from 1.")
    text = text.strip()
    full = False
    if declared.sized:
        # "/dialogue X full", "/latest 5 since 2024 full": the size comes last of all.
        text, full = split_size(text)
    period = None
    if declared.takes_period:
        # "/topic maritime 2024": the period comes last, before any page. A loose reader
        # (/search) takes "2024" alone as the words sought, and never reads an error into them.
        dated = split_period(text, strict=not declared.loose_period)
        if declared.loose_period and not dated.rest:
            dated = PeriodSplit(text)
        if dated.error:
            return usage(declared.name, dated.error)
        text, period = dated.rest.strip(), dated.period
    if declared.needs_args and not text and declared.choices is not None:
        return usage(declared.name, "Say which one.", declared.choices(corpus, ref))
    return declared.run(corpus, ref, Args(text, page or 1, period, full))


def answer(corpus: Corpus, ref: Reference, command: ParsedCommand) -> Briefing:
    """Answer a text command; bad arguments give a usage view, never an exception."""
    declared = catalogue().get(command.name)
    if declared is None:
        return _unknown_command(command.name, command.args.strip())
    return run(corpus, ref, declared, command)
