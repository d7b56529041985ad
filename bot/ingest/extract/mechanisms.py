"""Naming the dialogue mechanism the lead reports, and which edition of it this was."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.domain.reference import Reference
from bot.ingest.extract.words import word_list

_ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        word_list(
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
            "twentieth"
        ),
        start=1,
    )
}
_ORDINAL = re.compile(
    r"\b(?:(?P<number>\d{1,3})(?:st|nd|rd|th)|(?P<word>" + "|".join(_ORDINAL_WORDS) + r"))\b",
    re.IGNORECASE,
)
# How far before the mechanism's name an ordinal may stand ("11th Vietnam-RoK (RoK) defence ...").
_ORDINAL_REACH = 60
# Korean "제11차 한·베트남 국방전략대화" (before the name) and Vietnamese "... lần thứ 11" (after).
_KOREAN_ORDINAL = re.compile(r"제?\s*(?P<number>\d{1,3})\s*차(?![가-힣])")
_VIETNAMESE_WORDS = {
    word: number
    for number, word in enumerate(
        ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"), start=1
    )
}
_VIETNAMESE_ORDINAL = re.compile(
    r"^[^.;:()]{0,60}?\blần\s+thứ\s+(?:(?P<number>\d{1,3})\b|(?P<word>"
    + "|".join(_VIETNAMESE_WORDS)
    + r")\b)",
    re.IGNORECASE,
)
_KOREAN_REACH = 30


@lru_cache(maxsize=512)
def _pattern(text: str) -> re.Pattern[str]:
    """Compile a reference pattern once, as a case-insensitive regex (literal if not one)."""
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error:
        return re.compile(re.escape(text), re.IGNORECASE)


def _edition(before: str, after: str = "") -> int | None:
    """The edition beside a name: "11th", "second", "제11차" before it, "lần thứ 8" after it."""
    korean = list(_KOREAN_ORDINAL.finditer(before[-_KOREAN_REACH:]))
    if korean:
        return int(korean[-1]["number"]) or None
    vietnamese = _VIETNAMESE_ORDINAL.match(after)
    if vietnamese:
        if vietnamese["number"]:
            return int(vietnamese["number"]) or None
        return _VIETNAMESE_WORDS[vietnamese["word"].lower()]
    matches = list(_ORDINAL.finditer(before[-_ORDINAL_REACH:]))
    if not matches:
        return None
    last = matches[-1]
    return int(last["number"]) if last["number"] else _ORDINAL_WORDS[last["word"].lower()]


def find_mechanism(lead: Sequence[str], reference: Reference) -> tuple[str | None, int | None]:
    """The first reference mechanism (in reference order) the lead names, and its edition."""
    for mechanism in reference.mechanisms:
        for text in mechanism.patterns:
            pattern = _pattern(text)
            for paragraph in lead:
                match = pattern.search(paragraph)
                if match:
                    before, after = paragraph[: match.start()], paragraph[match.end() :]
                    return mechanism.id, _edition(before, after)
    return None, None


def mechanism_focus(
    mechanism: str | None, reference: Reference
) -> Callable[[str], int | None] | None:
    """Where a sentence names the mechanism (for dating the meeting), or None without one."""
    known = reference.mechanism_by_id.get(mechanism) if mechanism else None
    if known is None:
        return None
    patterns = [_pattern(text) for text in known.patterns]

    def position(sentence: str) -> int | None:
        starts = [m.start() for m in (p.search(sentence) for p in patterns) if m]
        return min(starts) if starts else None

    return position
