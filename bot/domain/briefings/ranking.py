"""Which statements of a dialogue a short card shows: the most informative, not the first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from bot.domain.briefings.speakers import unresolved
from bot.domain.models import Evidence

COMPACT_STATEMENTS = 3  # at most, on a card that fits one phone screen
COMPACT_BUDGET = 650  # characters of quoted text on such a card, all statements together
NEAR_DUPLICATE = 72  # rapidfuzz token-set ratio from which two sentences say the same

# Verbs of a stated stance or an undertaking: what a reader wants from a meeting.
_STANCE = re.compile(
    r"\b(?:agree[ds]?|pledged?|commit(?:s|ted)?|vow(?:s|ed)?|reaffirm(?:s|ed)?|stress(?:es|ed)?|"
    r"affirm(?:s|ed)?|urge[ds]?|call(?:s|ed) (?:on|for)|propos(?:es|ed)|suggest(?:s|ed)|"
    r"support(?:s|ed)?|back(?:s|ed)|will|oppose[ds]?|insist(?:s|ed)?|consistently|"
    r"đồng ý|cam kết|khẳng định|nhấn mạnh|합의|약속|강조)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
# A capitalised word not opening the sentence: a name, a place, a treaty, an organisation.
_NAMED = re.compile(r"(?<=[\s(“\"'])(?:[A-Z][\w'’-]+|[A-Z]{2,})")
# "…, he suggested." closes on someone's words whose speaker the record does not name.
_TRAILING_PRONOUN = re.compile(r"\b(?:he|she)\s+\w+(?:ed|s)\W*$", re.IGNORECASE)
_LONG = 300  # characters beyond which a sentence reads as a paragraph on a phone


@dataclass(frozen=True)
class Candidate:
    """A sentence that could be shown; whether it backs a policy position or leads the article."""

    evidence: Evidence
    position: bool = False
    lead: bool = False  # the summary's first sentence: who met where, and why


@dataclass(frozen=True)
class Scored:
    """A candidate with its score and the reasons, so a test (or a reader) can see why."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]


# What a sentence's score depends on: its text, whether a person or a side says it, whether it
# opens on an unresolved "He", whether it backs a position, whether it leads the article.
_Key = tuple[str, bool, bool, bool, bool, bool]


def _key(candidate: Candidate) -> _Key:
    e = candidate.evidence
    return (
        e.sentence,
        e.said_by is not None,
        e.side is not None,
        unresolved(e),
        candidate.position,
        candidate.lead,
    )


def _parts(key: _Key) -> tuple[float, tuple[str, ...]]:
    """The score of a sentence with these traits, and the reasons that add up to it."""
    text, said_by, side, opens_unresolved, position, lead = key
    parts: list[tuple[str, float]] = []
    if said_by:
        parts.append(("named speaker", 3.0))
    elif side:
        parts.append(("one side or both", 1.5))
    elif opens_unresolved or _TRAILING_PRONOUN.search(text):
        parts.append(("speaker unclear", -2.0))
    if lead:
        parts.append(("lead", 1.0))
    if position:
        parts.append(("policy position", 2.0))
    if _STANCE.search(text):
        parts.append(("stance or undertaking", 1.5))
    if _NUMBER.search(text):
        parts.append(("numbers", 1.0))
    named = len(set(_NAMED.findall(text)))
    if named:
        parts.append(("named things", min(2.0, 0.5 * named)))
    if len(text) > _LONG:
        parts.append(("long", -1.0))
    return sum(weight for _reason, weight in parts), tuple(reason for reason, _w in parts)


def score(candidate: Candidate) -> Scored:
    """How informative one sentence is, with the reasons that add up to it."""
    total, reasons = _parts(_key(candidate))
    return Scored(candidate, total, reasons)


def near_duplicate(a: str, b: str) -> bool:
    """True when two sentences say much the same (one repeats or contains the other)."""
    return fuzz.token_set_ratio(a, b) >= NEAR_DUPLICATE


@lru_cache(maxsize=4096)
def _order(keys: tuple[_Key, ...]) -> tuple[tuple[int, float, tuple[str, ...]], ...]:
    """Which of these sentences to keep, best first, with score and reasons: by position."""
    # Cached by the sentences' traits alone: the same dialogue is ranked again for every
    # /latest, page and digest, and comparing every pair for near-duplicates is the cost.
    scored = [(i, *_parts(key)) for i, key in enumerate(keys)]
    # sorted() is stable: among equals, the summary's order (the article's lead) wins.
    best_first = sorted(scored, key=lambda s: -s[1])
    kept: list[tuple[int, float, tuple[str, ...]]] = []
    for item in best_first:
        text = keys[item[0]][0]
        if any(near_duplicate(text, keys[k[0]][0]) for k in kept):
            continue
        kept.append(item)
    return tuple(kept)


def ranked(candidates: Iterable[Candidate]) -> list[Scored]:
    """Distinct sentences, best first; ties keep the order they came in (the article's)."""
    shown = [c for c in candidates if c.evidence.sentence.strip()]
    # Mapped back to these candidates: equal sentences may cite other sources.
    order = _order(tuple(_key(c) for c in shown))
    return [Scored(shown[i], total, reasons) for i, total, reasons in order]


def pick(
    ranking: Sequence[Scored], limit: int = COMPACT_STATEMENTS, budget: int = COMPACT_BUDGET
) -> list[Scored]:
    """The best `limit` that fit `budget` characters together; the best one always."""
    chosen: list[Scored] = []
    used = 0
    for item in ranking:
        if len(chosen) == limit:
            break
        size = len(item.candidate.evidence.sentence)
        if chosen and used + size > budget:
            continue
        chosen.append(item)
        used += size
    return chosen
