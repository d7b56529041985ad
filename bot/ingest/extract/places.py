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
    "thanh pho ho chi minh": "Ho Chi Minh City",
    "tp ho chi minh": "Ho Chi Minh City",
    "tp hcm": "Ho Chi Minh City",
    "soeul": "Seoul",
    "seongnam": "Seongnam",
    "gyeongju": "Gyeongju",
    "johannesburg": "Johannesburg",
    "lima": "Lima",
    "vientiane lao": "Vientiane",
}
# How Korean papers write those cities.
HANGUL_CITIES = {
    "서울": "Seoul",
    "하노이": "Hanoi",
    "호찌민": "Ho Chi Minh City",
    "호치민": "Ho Chi Minh City",
    "다낭": "Da Nang",
    "부산": "Busan",
    "인천": "Incheon",
    "제주": "Jeju",
    "성남": "Seongnam",
    "경주": "Gyeongju",
    "뉴욕": "New York",
    "마닐라": "Manila",
    "자카르타": "Jakarta",
    "싱가포르": "Singapore",
    "비엔티안": "Vientiane",
    "프놈펜": "Phnom Penh",
    "방콕": "Bangkok",
    "쿠알라룸푸르": "Kuala Lumpur",
    "요하네스버그": "Johannesburg",
}
_CITY_NAMES = "|".join(sorted(map(re.escape, CITIES), key=len)[::-1])
# "in Hanoi", Vietnamese "tại (thủ đô) Seoul" / "ở Hà Nội", folded.
_IN_CITY = re.compile(
    rf"\b(?:in|at|tai|o)\s+(?:(?:thu do|thanh pho|tp)\s+)?(?P<city>{_CITY_NAMES})\b"
)
_HANGUL_CITY_NAMES = "|".join(sorted(HANGUL_CITIES, key=len, reverse=True))
# Korean: "하노이에서", "서울 국방컨벤션에서" (the city, then up to two words, then "에서").
_KO_IN_CITY = re.compile(rf"(?P<city>{_HANGUL_CITY_NAMES})(?:[^\s,.]*\s+){{0,2}}?[^\s,.]*에서")
# Korean datelines: "(서울=연합뉴스)", "【하노이〓".
_KO_DATELINE = re.compile(rf"[(\[【]\s*(?P<city>{_HANGUL_CITY_NAMES})\s*[=〓]")
# Agencies and sites that open a line the way a city does ("VGP –", "VOV.VN -").
_NOT_PLACES = frozenset({"vgp", "vna", "vov", "vns", "ndo", "vnn", "tto", "vov vn", "kbs", "qdnd"})


def normalise_place(place: str) -> str:
    """Canonical city name: "HÀ NỘI", "Hà Nội" -> "Hanoi"; unknown places keep their words."""
    known = CITIES.get(fold(place))
    if known:
        return known
    return place.title() if place.isupper() else place


def find_place(lead: Sequence[str], datelines: Sequence[Dateline]) -> str | None:
    """The city the lead says the event was "in" ("tại", "에서"), else the dateline's place."""
    for sentence in lead:
        match = _IN_CITY.search(fold(sentence))
        if match:
            return CITIES[match["city"]]
        korean = _KO_IN_CITY.search(sentence)
        if korean:
            return HANGUL_CITIES[korean["city"]]
    for sentence in lead:
        korean = _KO_DATELINE.search(sentence)
        if korean:
            return HANGUL_CITIES[korean["city"]]
    for dateline in datelines:
        if "." not in dateline.place and fold(dateline.place) not in _NOT_PLACES:
            return normalise_place(dateline.place)
    return None
