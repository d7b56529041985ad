"""Reading the title written just before a person's name, and the country it names."""

from __future__ import annotations

import re

from bot.domain.models import Country
from bot.ingest.extract.countries import (
    KOREA_PATTERN,
    NATION_PATTERN,
    VIETNAM_PATTERN,
    nation,
)
from bot.ingest.extract.words import word_list

_COUNTERPART = re.compile(
    rf"(?:(?P<pre>{NATION_PATTERN})\s+)?counterpart"
    rf"(?:\s+from\s+(?P<from>{KOREA_PATTERN}|{VIETNAM_PATTERN}))?\s*,?$"
)
_COUNTRY_SUFFIX = re.compile(rf",?\s+of\s+(?P<nation>{KOREA_PATTERN}|{VIETNAM_PATTERN})$")
_DEMONYM_PREFIX = re.compile(r"^(?:South\s+Korean|Korean|Vietnamese)\s+")
# Tokens walking back from a name: a parenthesis group, a word (with "Gen."-style dot), or a mark.
_ROLE_TOKEN = re.compile(r"\([^()]*\)|[^\W_]+(?:[-’'.][^\W_]+)*\.?|[^\w\s]")
_CONNECTORS = frozenset({"of", "the", "for"})
_RANKS = frozenset(
    word_list(
        "gen gen. general lieutenant lt lt. senior major maj maj. colonel col col. admiral adm "
        "adm. rear brigadier brig"
    )
)
_OPENERS = frozenset(
    word_list(
        "the in on at during regarding both as for with after before meanwhile earlier later "
        "also and but when while under from to by of according"
    )
)
_ROLE_HEADS = frozenset(
    word_list(
        "minister president secretary general gen. ambassador chairman chairwoman chair director "
        "director-general premier chief commander spokesperson spokesman speaker governor mayor "
        "admiral colonel officer envoy head leader vice-chairman"
    )
)


def role_before(left: str) -> tuple[str | None, Country | None, bool]:
    """The title written just before a name: (role, country it names, is it "counterpart")."""
    left = left.rstrip()
    counterpart = _COUNTERPART.search(left)
    if counterpart:
        return "counterpart", nation(counterpart["pre"] or counterpart["from"]), True
    left = left.removesuffix(",").rstrip()
    tokens = list(_ROLE_TOKEN.finditer(left))
    taken: list[re.Match[str]] = []
    for token in reversed(tokens):
        text = token[0]
        if text.startswith("(") or text in _CONNECTORS or text[0].isupper():
            taken.append(token)
            continue
        break
    while taken and taken[-1][0] in _CONNECTORS:
        taken.pop()
    if not taken:
        return None, None, False
    role, country = _tidy_role(left[taken[-1].start() : taken[0].end()])
    return role, country, False


def _tidy_role(phrase: str) -> tuple[str | None, Country | None]:
    """Split openers, country words and trailing military ranks off a title phrase."""
    country = nation(phrase)
    words = _COUNTRY_SUFFIX.sub("", phrase).split()
    # A capitalised sentence opener is not part of the title: "Both Minister Giang and ...".
    while len(words) > 1 and words[0].lower() in _OPENERS:
        words.pop(0)
    role = _DEMONYM_PREFIX.sub("", " ".join(words))
    words = role.split()
    # "Deputy Defence Minister Senior Lieutenant General" -> "Deputy Defence Minister".
    while len(words) > 1 and words[-1].lower() in _RANKS:
        words.pop()
    if not any(w.lower() in _ROLE_HEADS for w in words):
        return None, country
    return " ".join(words), country


# An appositive title after a name: "Kim Byung Ro, Commander of the central region coast guard".
_APPOSITIVE = re.compile(r"^\s*,\s*(?P<title>[A-Za-z][^,.;:()]{2,90})")
_APPOSITIVE_WORDS = 4


def role_after(right: str) -> tuple[str | None, Country | None]:
    """A title written just after a name, set off by a comma, and the country it names."""
    match = _APPOSITIVE.match(right)
    if not match:
        return None, None
    title = " ".join(match["title"].split())
    head = [w.lower().strip("'’") for w in title.split()[:_APPOSITIVE_WORDS]]
    if not any(w in _ROLE_HEADS or w.split("-")[0] in _ROLE_HEADS for w in head):
        return None, None
    return title, nation(title)
