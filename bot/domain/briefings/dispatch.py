"""answer(): a parsed command to its briefing; bad arguments give a usage view, never an error."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.by_person import people, person
from bot.domain.briefings.by_position import position, positions
from bot.domain.briefings.by_series import series, series_index
from bot.domain.briefings.by_topic import topic, topics
from bot.domain.briefings.by_year import timeline
from bot.domain.briefings.cards import newest_dialogue_refs
from bot.domain.briefings.dialogues import MAX_LATEST, dialogue, latest
from bot.domain.briefings.sources import newest_source_refs, source
from bot.domain.briefings.text_search import search
from bot.domain.briefings.usage import usage
from bot.domain.briefings.variants import split_size
from bot.domain.briefings.views import Briefing, HelpView, NotFoundView
from bot.domain.briefings.welcome import start
from bot.domain.commands import (
    CHAT_ONLY_COMMANDS,
    COMMAND_BY_NAME,
    COMMANDS,
    PAGED_COMMANDS,
    ParsedCommand,
    split_page,
)
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.domain.text import echo

_BY_ID = frozenset({"topic", "person", "position", "source", "dialogue"})
_START_PAYLOAD = re.compile(r"^(dialogue|person|topic|position|source|year|series)_(.+)$")


def _parse_count(args: str) -> int | str:
    """The /latest count, or what is wrong with it."""
    if not args:
        return 1
    if not re.fullmatch(r"[+-]?\d+", args):
        return f"“{echo(args)}” is not a number."
    # A huge number is out of range too; cut before int(), which refuses over 4,300 digits.
    n = int(args[:12])
    return n if 1 <= n <= MAX_LATEST else f"Choose a number from 1 to {MAX_LATEST}."


def _parse_year(args: str) -> int | str | None:
    """The /timeline year (None for all), or what is wrong with it."""
    if not args:
        return None
    if not re.fullmatch(r"[0-9]{4}", args):
        return f"“{echo(args)}” is not a year; write it like 2024."
    return int(args)


def _unknown_command(name: str, args: str = "") -> NotFoundView:
    """Near commands, each offered with the same arguments ("/persn Giang" → "/person Giang")."""
    # Long arguments are shown cut short; the command behind a button keeps them whole.
    names = [c.name for c in COMMANDS]
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


def _from_start_payload(corpus: Corpus, ref: Reference, payload: str) -> Briefing | None:
    """Deep links: t.me/bot?start=topic_maritime opens that briefing."""
    match = _START_PAYLOAD.match(payload)
    if match is None:
        return None
    kind, value = match.groups()
    if kind == "year":
        year = _parse_year(value)
        return usage("timeline", year) if isinstance(year, str) else timeline(corpus, ref, year)
    return _by_id(corpus, ref, kind, value)


def _by_id(corpus: Corpus, ref: Reference, kind: str, value: str, page: int = 1) -> Briefing:
    if kind == "dialogue":
        return dialogue(corpus, ref, value)
    if kind == "person":
        return person(corpus, ref, value, page)
    if kind == "topic":
        return topic(corpus, ref, value, page)
    if kind == "position":
        return position(corpus, ref, value, page)
    if kind == "series":
        return series(corpus, ref, value, page)
    return source(corpus, value, ref)


def _choices(corpus: Corpus, ref: Reference, name: str) -> tuple[Ref, ...]:
    """What a bare /topic, /person, /position, /dialogue or /source could mean."""
    if name == "topic":
        return tuple(i.ref for i in topics(corpus, ref).items if i.count)
    if name == "person":
        return tuple(i.ref for i in people(corpus, ref).items if i.count)
    if name == "position":
        return tuple(i.ref for i in positions(corpus, ref).items)
    if name == "dialogue":
        return newest_dialogue_refs(corpus, ref)
    return newest_source_refs(corpus)


def _paged(corpus: Corpus, ref: Reference, command: ParsedCommand) -> Briefing:
    """A list briefing (/topic, /person, /position, /timeline, /search), at the page asked for."""
    name = command.name
    # /search reads the raw text, so quoted phrases stay whole; the others the parsed terms.
    raw = (command.raw_args or command.args) if name == "search" else command.args
    args, page = split_page(raw)
    args = args.strip()
    if page is not None and page < 1:
        return usage(name, "Pages are numbered from 1.")
    number = page or 1
    if name == "timeline":
        year = _parse_year(args)
        return usage(name, year) if isinstance(year, str) else timeline(corpus, ref, year, number)
    if name == "search":
        return search(corpus, ref, args, number)
    if name == "series" and not args:
        return series_index(corpus, ref)
    if not args:
        return usage(name, "Say which one.", _choices(corpus, ref, name))
    return _by_id(corpus, ref, name, args, number)


def answer(corpus: Corpus, ref: Reference, command: ParsedCommand) -> Briefing:
    """Answer a text command; bad arguments give a usage view, never an exception."""
    name, args = command.name, command.args.strip()
    if name in PAGED_COMMANDS:
        return _paged(corpus, ref, command)
    if name == "start":
        return (_from_start_payload(corpus, ref, args) if args else None) or start(corpus, ref)
    if name == "help":
        wanted = args.lstrip("/").lower()
        return usage(wanted) if wanted in COMMAND_BY_NAME else HelpView()
    if name == "latest":
        args, full = split_size(args)  # "/latest 3 full": the cards in full
        count = _parse_count(args)
        return (
            usage(name, count) if isinstance(count, str) else latest(corpus, ref, count, full=full)
        )
    if name == "dialogue":
        args, full = split_size(args)  # "/dialogue X full": the card in full
        if args:
            return dialogue(corpus, ref, args, full=full)
    if name in _BY_ID and not args:
        return usage(name, "Say which one.", _choices(corpus, ref, name))
    if name in _BY_ID:
        return _by_id(corpus, ref, name, args)
    if name == "topics":
        return topics(corpus, ref)
    if name == "people":
        return people(corpus, ref)
    if name == "positions":
        return positions(corpus, ref)
    if name in CHAT_ONLY_COMMANDS:
        return usage(name, f"/{name} works in a Telegram chat, not here.")
    if name == "export":
        return usage(
            name, 'In a Telegram chat; in the terminal: briefbot export "/topic maritime".'
        )
    return _unknown_command(name, args)
