"""Sentences for search: split from an article's text, and folded with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[^a-z\s])")
_LAST_WORD = re.compile(r"(\w+)$")
_NON_ALNUM = re.compile(r"[^a-z0-9]")
# A full stop after these is an abbreviation ("Gen. Phan Van Giang"), not a sentence end.
_ABBREVIATION_LIST = "gen lt col maj mr mrs ms dr prof sen rep gov st sr jr no vs"
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())


@dataclass(frozen=True)
class Sentence:
    """A searchable sentence: its text, a folded copy, and where each folded char came from."""

    text: str
    folded: str
    origin: tuple[int, ...]
    source_id: str
    dialogue_id: str | None


def fold_mapped(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold char by char (ASCII, lower case, punctuation as spaces), keeping offsets."""
    if text.isascii():  # one folded char per char: no need to go char by char
        return _NON_ALNUM.sub(" ", text.lower()), tuple(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for t in anyascii(char).lower():
            out.append(t if t.isascii() and t.isalnum() else " ")
            origin.append(i)
    return "".join(out), tuple(origin)


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, line by line, not cut after titles or initials."""
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for boundary in _BOUNDARY.finditer(line):
            word = _LAST_WORD.search(line[start : boundary.start()])
            last = word.group(1) if word else ""
            if last.lower() in _ABBREVIATIONS or (len(last) == 1 and last.isupper()):
                continue
            out.append(line[start : boundary.end()].strip())
            start = boundary.end()
        out.append(line[start:].strip())
    return [s for s in out if s]
