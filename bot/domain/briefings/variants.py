"""One briefing in another size or page: "/dialogue X full", "/topic maritime page 2".

A button leading to a variant of the briefing it sits under edits that message in place; a
button leading anywhere else sends a new one. `same_briefing` decides which.
"""

from __future__ import annotations

import re

from bot.domain.commands import ParsedCommand, split_page
from bot.domain.periods import split_period
from bot.domain.text import fold

FULL = "full"
# "+" says the same in fewer bytes, for ids that leave no room for " full" in 64-byte button data.
_SIZE = re.compile(r"^(?P<rest>.*?)\s*(?:\bfull|\+)$", re.IGNORECASE | re.DOTALL)
# Commands whose answer has a compact and a full size.
SIZED_COMMANDS = frozenset({"dialogue", "latest", "person"})
CALLBACK_LIMIT = 64  # bytes of button data (Telegram's limit)
_PAGE_ROOM = " page 999"  # what a paged briefing's buttons may append after the size


def split_size(args: str) -> tuple[str, bool]:
    """Arguments without a trailing "full" (or "+"), and whether it was there."""
    match = _SIZE.match(args.strip())
    if match is None:
        return args.strip(), False
    return match["rest"].strip(), True


def sized(command: str, *, full: bool, paged: bool = False) -> str:
    """`command` (without the slash) in the size asked for, within a button's 64 bytes.

    `paged`: " page N" may follow (the size comes before the page), so room is kept for it.
    """
    if not full:
        return command
    long = f"{command} {FULL}"
    room = _PAGE_ROOM if paged else ""
    return long if len(f"/{long}{room}".encode()) <= CALLBACK_LIMIT else f"{command} +"


def _subject(command: ParsedCommand) -> tuple[str, str, int, bool]:
    """Name, folded subject, page and size of a command: what makes two commands differ."""
    raw = command.raw_args or command.args
    rest, page = split_page(raw)
    rest, full = split_size(rest)
    # The period as the command means it ("2024", "in 2024" and "2024." are one period).
    dated = split_period(rest, strict=False)
    period = ""
    # "/search 2024" seeks the word: a year alone is a period only for /latest ("/latest 2024").
    if dated.period is not None and (dated.rest.strip() or command.name == "latest"):
        rest, period = dated.rest, dated.period.token
    if command.name == "latest" and not rest.strip():
        rest = "1"  # "/latest" is "/latest 1"
    return command.name, f"{fold(rest)} {period}".strip(), page or 1, full


def same_briefing(old: ParsedCommand, new: ParsedCommand) -> bool:
    """True when `new` is the briefing `old` shows, maybe in another size or at another page."""
    return _subject(old)[:2] == _subject(new)[:2]


def names_variant(command: ParsedCommand) -> bool:
    """True when a command asks for a page or the full size: only its own briefing offers that."""
    full = _subject(command)[3]
    return full or split_page(command.raw_args or command.args)[1] is not None


def edits_in_place(old: ParsedCommand | None, new: ParsedCommand) -> bool:
    """Whether a button `new`, under a message showing `old`, edits it rather than sends anew.

    `old` is None when the message is not remembered (sent before a restart): then only a page
    or size button edits, since such a button is only ever put under its own briefing.
    """
    return names_variant(new) if old is None else same_briefing(old, new)
