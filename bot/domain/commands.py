"""Parsing "/command@bot args" messages, and the catalogue of commands the bot offers."""

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
PAGED_COMMANDS = frozenset({"topic", "person", "position", "timeline", "series", "search"})
# Commands only the Telegram layer can carry out (they act on the chat): never buttons, since a
# button is answered as a briefing.
CHAT_ONLY_COMMANDS = frozenset(
    {
        "subscribe",
        "unsubscribe",
        "subscriptions",
        "digest",
        "subscribe_channel",
        "digest_time",
        "timezone",
    }
)


@dataclass(frozen=True)
class ParsedCommand:
    """A command addressed to us: lower-case name, its argument text, and the quoted terms."""

    name: str
    args: str = ""
    raw_args: str = ""
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandSpec:
    """One catalogue entry: name, argument synopsis and a one-line description."""

    name: str
    description: str
    params: str = ""

    @property
    def usage(self) -> str:
        """How to type it, e.g. "/latest [1-10]"."""
        return f"/{self.name} {self.params}".rstrip()


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "What this bot does and how to begin"),
    CommandSpec("help", "All commands, or how to use one", "[command]"),
    CommandSpec("latest", "The most recent dialogues", "[1-10]"),
    CommandSpec(
        "topic", "Dialogues on a topic, with the sentences that say so", "<topic> [page N]"
    ),
    CommandSpec("topics", "All topics and how often they come up"),
    CommandSpec(
        "person", "A person's posts and the dialogues they took part in", "<name> [page N]"
    ),
    CommandSpec("people", "Everyone who appears in the dialogues"),
    CommandSpec(
        "position", "A policy position, its points and where it was stated", "<position> [page N]"
    ),
    CommandSpec("positions", "All policy positions on record"),
    CommandSpec("timeline", "Dialogues by year", "[year] [page N]"),
    CommandSpec(
        "series", "Every dialogue of one series, edition by edition", "<mechanism> [page N]"
    ),
    CommandSpec("search", 'Sentences mentioning words or "a phrase"', "<words> [page N]"),
    CommandSpec("source", "One source article and what it supports", "<source id>"),
    CommandSpec("export", "The facts behind the last briefing, as CSV and JSON files", "[command]"),
    CommandSpec(
        "subscribe",
        "Get a digest of new dialogues here",
        "[topic, person, series or keyword, ...]",
    ),
    CommandSpec("unsubscribe", "Stop digests in this chat, or drop some filters", "[filter, ...]"),
    CommandSpec("subscriptions", "What this chat is subscribed to, with buttons to change it"),
    CommandSpec("digest_time", "When digests come: a daily time, or instant", "<HH:MM|instant>"),
    CommandSpec("timezone", "The time zone of this chat's digest time", "<Area/City>"),
    CommandSpec("digest", "New dialogues since the last digest, now"),
)
COMMAND_BY_NAME: dict[str, CommandSpec] = {c.name: c for c in COMMANDS}
# Reached from buttons only, so not advertised in the menu or /help.
HIDDEN_COMMANDS: frozenset[str] = frozenset({"dialogue"})


def bot_commands() -> list[tuple[str, str]]:
    """(name, description) pairs in menu order, ready for setMyCommands."""
    return [(c.name, c.description) for c in COMMANDS]


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
