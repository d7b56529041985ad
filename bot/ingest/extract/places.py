"""Placing an event: the city the lead names, else the dateline's, in canonical spelling."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.text import fold
from bot.ingest.clean import Dateline

# Folded spellings of cities dialogues are held in, to their canonical English names.
CITIES = {
    "hanoi": "Hanoi",
    "ha noi": "Hanoi",
    "ho chi minh city": "Ho Chi Minh City",
    "hcm city": "Ho Chi Minh City",
    "da nang": "Da Nang",
    "danang": "Da Nang",
    "hai phong": "Hai Phong",
    "haiphong": "Hai Phong",
    "nha trang": "Nha Trang",
    "seoul": "Seoul",
    "busan": "Busan",
    "incheon": "Incheon",
    "jeju": "Jeju",
    "singapore": "Singapore",
    "jakarta": "Jakarta",
    "vientiane": "Vientiane",
    "phnom penh": "Phnom Penh",
    "bangkok": "Bangkok",
    "kuala lumpur": "Kuala Lumpur",
    "manila": "Manila",
    "new york": "New York",
}
_IN_CITY = re.compile(
    r"\b(?:in|at)\s+(?P<city>" + "|".join(sorted(map(re.escape, CITIES), key=len)[::-1]) + r")\b"
)


def normalise_place(place: str) -> str:
    """Canonical city name: "HÀ NỘI", "Hà Nội" -> "Hanoi"; unknown places keep their words."""
    known = CITIES.get(fold(place))
    if known:
        return known
    return place.title() if place.isupper() else place


def find_place(lead: Sequence[str], datelines: Sequence[Dateline]) -> str | None:
    """The city the lead says the event was "in", else the dateline's place."""
    for sentence in lead:
        match = _IN_CITY.search(fold(sentence))
        if match:
            return CITIES[match["city"]]
    return normalise_place(datelines[0].place) if datelines else None
