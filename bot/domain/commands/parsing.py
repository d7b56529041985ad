"""Parsing "/command@bot args": the name, its arguments, quoted phrases and a trailing "page N"."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Telegram command names: 1-32 of [a-z0-9_]; usernames are matched case-insensitively.
_HEAD = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>[A-Za-z0-9_]+))?(?=\s|$)")
# Phones turn straight quotes into curly ones, so every common pair opens and closes a phrase.
_QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "'": "'", "‘": "’"}
_DOUBLE_QUOTES = '"“”„«»'
# "/topic maritime page 2": the page of a long list briefing, always last.
_PAGE = re.compile(r"^(?P<rest>.*?)\s*\bpage\s+(?P<number>\d{1,4})$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class ParsedCommand:
    """A command addressed to us: lower-case name, its argument text, and the quoted terms."""

    name: str
    args: str = ""
    raw_args: str = ""
    terms: tuple[str, ...] = ()


def split_terms(text: str) -> tuple[str, ...]:
    """Whitespace-separated terms where a quoted phrase stays one term; stray quotes are dropped."""
    terms: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        closer = _QUOTE_PAIRS.get(text[i])
        end = _closing_quote(text, i + 1, closer) if closer else -1
        if closer and end >= 0:
            phrase = " ".join(text[i + 1 : end].split())
            if phrase:
                terms.append(phrase)
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        # Apostrophes inside a word ("no's") are kept; unmatched double quotes are noise.
        word = text[i:j].strip(_DOUBLE_QUOTES + ("'‘’" if text[i] in "'‘" else ""))
        if word:
            terms.append(word)
        i = j
    return tuple(terms)


def _closing_quote(text: str, start: int, closer: str) -> int:
    """Index of the quote closing a phrase: one followed by whitespace or the end, else -1."""
    for k in range(start, len(text)):
        if text[k] == closer and (k + 1 == len(text) or text[k + 1].isspace()):
            return k
    return -1


def parse_command(text: str, bot_username: str | None = None) -> ParsedCommand | None:
    """Parse "/name@bot args"; None when it is not a command or names another bot."""
    stripped = text.strip()
    head = _HEAD.match(stripped)
    if head is None:
        return None
    addressee = head.group("bot")
    if addressee and bot_username and addressee.casefold() != bot_username.lstrip("@").casefold():
        return None
    raw_args = stripped[head.end() :].strip()
    terms = split_terms(raw_args)
    return ParsedCommand(
        name=head.group("name").lower(), args=" ".join(terms), raw_args=raw_args, terms=terms
    )


def split_page(args: str) -> tuple[str, int | None]:
    """Arguments without a trailing "page N", and N; None when no page is asked for."""
    match = _PAGE.match(args.strip())
    if match is None:
        return args, None
    return match["rest"], int(match["number"])
