"""Naming the dialogue mechanism the lead reports, and which edition of it this was."""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def _pattern(text: str) -> re.Pattern[str]:
    """Compile a reference pattern as a case-insensitive regex, or literally if it is not one."""
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error:
        return re.compile(re.escape(text), re.IGNORECASE)


def _edition(before: str) -> int | None:
    """The ordinal closest before a mechanism's name: "11th" -> 11, "second" -> 2."""
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
                    return mechanism.id, _edition(paragraph[: match.start()])
    return None, None
