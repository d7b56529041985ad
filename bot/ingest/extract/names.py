"""Finding where a sentence writes a person's name: reference aliases and unknown names."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.domain.reference import Reference
from bot.domain.text import MAX_PERSON_ID, fold, short_slug, squash
from bot.ingest.extract.words import word_list

# Capitalised words that are never part of a person's name.
_NOT_NAME = frozenset(
    fold(word)
    for word in word_list(
        "Minister Ministry Deputy Vice First Second Permanent Senior Lieutenant General Gen "
        "Major Colonel Admiral Secretary President Prime Foreign Affairs Defence Defense National "
        "Party Communist Central Committee Government Assembly Republic Korea Korean Vietnam "
        "Vietnamese Viet Việt RoK South North ASEAN United Nations UN Army People Navy Air "
        "Force Forces Chairman Chair Director Ambassador Embassy Office State Security Public "
        "Commander Chief Spokesperson Speaker The His Her Their Both In On At During Regarding "
        "Hanoi Seoul January February March April May June July August September October "
        "November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    )
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_MAX_NAME_WORDS = 4
_FUZZY_NAME = 92

Aliases = list[tuple[tuple[str, ...], str]]


def alias_index(reference: Reference) -> Aliases:
    """(folded words, person id) for every name and alias, longest first."""
    index = {
        (tuple(fold(alias).split()), person.id)
        for person in reference.people
        for alias in (person.name, *person.aliases)
        if fold(alias)
    }
    return sorted(index, key=lambda item: -len(item[0]))


def _folded_words(sentence: str) -> list[tuple[str, int, int]]:
    """Folded words of a sentence with their character spans in the original."""
    words: list[tuple[str, int, int]] = []
    for match in re.finditer(r"[^\W_]+", sentence):
        words.extend((w, match.start(), match.end()) for w in fold(match[0]).split())
    return words


def reference_spans(sentence: str, aliases: Aliases) -> list[tuple[int, int, str]]:
    """Spans where a reference name or alias is written, as (start, end, person id)."""
    words = _folded_words(sentence)
    keys = [w for w, _, _ in words]
    spans: list[tuple[int, int, str]] = []
    for alias, person_id in aliases:
        size = len(alias)
        for i in range(len(keys) - size + 1):
            if tuple(keys[i : i + size]) != alias:
                continue
            start, end = words[i][1], words[i + size - 1][2]
            # Names are capitalised; "to Lam Dong" is not "To Lam".
            first = sentence[start]
            if first.isalpha() and first.isascii() and not first.isupper():
                continue
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, person_id))
    return sorted(spans)


def name_runs(sentence: str) -> list[tuple[int, int]]:
    """Spans of 2-4 capitalised words, separated by single spaces, that could be a name."""
    runs: list[tuple[int, int]] = []
    current: list[re.Match[str]] = []

    def close() -> None:
        if 2 <= len(current) <= _MAX_NAME_WORDS:
            runs.append((current[0].start(), current[-1].end()))
        current.clear()

    for token in _NAME_TOKEN.finditer(sentence):
        word = token[0]
        is_name = word[0].isupper() and not _NOT_NAME.intersection(fold(word).split())
        joined = bool(current) and sentence[current[-1].end() : token.start()] == " "
        if is_name and (joined or not current):
            current.append(token)
            continue
        close()
        if is_name:
            current.append(token)
    close()
    return runs


def new_person_id(name: str, reference: Reference) -> str:
    """The reference id for a spelling close to a known name, else a (short) slug of the name."""
    key = squash(name)
    for person in reference.people:
        for alias in (person.name, *person.aliases):
            other = squash(alias)
            same_surname = fold(alias).split()[:1] == fold(name).split()[:1]
            if key == other or (same_surname and fuzz.ratio(key, other) >= _FUZZY_NAME):
                return person.id
    return short_slug(name, MAX_PERSON_ID)
