"""Lookups over the register of officials: spelling -> person, role held on a date, terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain.caching import identity_cached
from bot.domain.models import Person, Role
from bot.domain.reference import Reference
from bot.domain.text import fold, squash

_HANGUL = re.compile(r"[가-힣]")


def is_hangul(text: str) -> bool:
    """True when `text` holds Hangul syllables."""
    return bool(_HANGUL.search(text))


def hangul_key(text: str) -> str:
    """Hangul spelling without spaces or punctuation: "호앙 쑤언 찌엔" -> "호앙쑤언찌엔"."""
    return "".join(c for c in text if c.isalnum())


@dataclass(frozen=True)
class Spellings:
    """Every spelling of every person: folded word tuples (Latin) and squashed Hangul."""

    latin: dict[str, list[tuple[tuple[str, ...], str]]]  # first folded word -> (words, id)
    hangul: dict[str, str]  # squashed Hangul spelling -> person id
    squashed: dict[str, str]  # squashed Latin spelling -> person id
    by_surname: dict[str, list[tuple[str, str]]]  # first folded word -> (squashed, person id)
    hangul_longest_first: tuple[str, ...] = ()

    @classmethod
    def of(cls, people: list[Person]) -> Spellings:
        """Index a register; a spelling two people share resolves to neither."""
        latin: dict[str, set[tuple[tuple[str, ...], str]]] = {}
        hangul: dict[str, set[str]] = {}
        squashed: dict[str, set[str]] = {}
        by_surname: dict[str, list[tuple[str, str]]] = {}
        for person in people:
            for alias in (person.name, *person.aliases):
                if is_hangul(alias):
                    hangul.setdefault(hangul_key(alias), set()).add(person.id)
                    continue
                words = tuple(fold(alias).split())
                if words:
                    latin.setdefault(words[0], set()).add((words, person.id))
                    squashed.setdefault(squash(alias), set()).add(person.id)
                    by_surname.setdefault(words[0], []).append((squash(alias), person.id))
        unique_hangul = {k: next(iter(v)) for k, v in hangul.items() if len(v) == 1}
        return cls(
            latin={k: sorted(v, key=lambda item: -len(item[0])) for k, v in latin.items()},
            hangul=unique_hangul,
            squashed={k: next(iter(v)) for k, v in squashed.items() if len(v) == 1},
            by_surname=by_surname,
            hangul_longest_first=tuple(sorted(unique_hangul, key=len, reverse=True)),
        )

    def find(self, spelling: str) -> str | None:
        """The person a whole spelling names, or None."""
        if is_hangul(spelling):
            return self.hangul.get(hangul_key(spelling))
        return self.squashed.get(squash(spelling))


def alias_index(reference: Reference) -> Spellings:
    """Every spelling of every reference person, indexed once per reference."""
    return identity_cached("spellings", (reference,), lambda: Spellings.of(reference.people))


def _bound(text: str | None, *, end: bool) -> date | None:
    """A role date ("2022", "2022-05", "2022-05-10") as its first or last possible day."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    year, month, day = [*parts, 0, 0][:3]
    if not end:
        return date(year, month or 1, day or 1)
    if not month:
        return date(year, 12, 31)
    if day:
        return date(year, month, day)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def term(role: Role) -> tuple[date | None, date | None]:
    """First and last possible day of a role's term; None where the register has no date."""
    try:
        return _bound(role.since, end=False), _bound(role.until, end=True)
    except ValueError:
        return None, None


def role_on(person: Person, day: date) -> list[Role]:
    """The dated roles a person surely held on `day` (a title never given before it began)."""
    held = []
    for role in person.roles:
        try:
            # "since: 2006-06" may mean 26 June: only from the month's last day is it sure.
            began = _bound(role.since, end=True)
            ended = _bound(role.until, end=False)
        except ValueError:
            continue
        if began is None:
            continue
        if began <= day and (role.until is None or (ended is not None and day <= ended)):
            held.append(role)
    return held


def years_in_term(role: Role, month: int, day: int, today: date) -> list[int]:
    """The years in which month/day falls inside a dated role's term (open terms end today)."""
    since, until = term(role)
    if since is None:
        return []
    until = until or today
    years = []
    for year in range(since.year, until.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if since <= candidate <= until:
            years.append(year)
    return years


# Office ids from the words of a title, most specific first.
_OFFICES = tuple(
    (office, re.compile(pattern, re.IGNORECASE))
    for office, pattern in (
        (
            "deputy-defence-minister",
            r"(?:deputy|vice).{0,30}defen[cs]e|thứ trưởng bộ quốc phòng"
            r"|국방.{0,3}차관",
        ),
        (
            "defence-minister",
            r"defen[cs]e minister|minister of (?:national )?defen[cs]e"
            r"|bộ trưởng bộ quốc phòng|국방.{0,3}장관",
        ),
        (
            "deputy-foreign-minister",
            r"(?:deputy|vice).{0,30}foreign|thứ trưởng (?:bộ )?ngoại giao"
            r"|외교.{0,3}차관",
        ),
        (
            "foreign-minister",
            r"foreign minister|minister of foreign affairs|\bFM\b"
            r"|bộ trưởng (?:bộ )?ngoại giao|외교.{0,3}장관",
        ),
        (
            "deputy-public-security-minister",
            r"(?:deputy|vice).{0,30}public security"
            r"|thứ trưởng bộ công an",
        ),
        (
            "public-security-minister",
            r"minister of public security|public security minister"
            r"|bộ trưởng bộ công an|공안.{0,3}장관",
        ),
        ("party-general-secretary", r"general secretary|tổng bí thư|서기장|총비서"),
        ("prime-minister", r"(?<!deputy )prime minister|(?<!phó )thủ tướng|(?<!부)총리"),
        (
            "national-assembly-chair",
            r"(?:chairman|chairwoman|chair|speaker) of (?:the )?national"
            r" assembly|chủ tịch quốc hội|국회의장",
        ),
        ("president", r"(?<!vice )president|chủ tịch nước|tổng thống|대통령|국가주석"),
        ("ambassador", r"ambassador|đại sứ|대사"),
    )
)


def office_of(title: str | None) -> str | None:
    """The register office a title names ("Deputy Minister of National Defence"), if any."""
    if not title:
        return None
    for office, pattern in _OFFICES:
        if pattern.search(title):
            return office
    return None


def term_years(person: Person, office: str, month: int, day: int, today: date) -> set[int]:
    """Years in which month/day fell inside one of the person's dated terms in that office."""
    return {
        year
        for role in person.roles
        if role.office == office
        for year in years_in_term(role, month, day, today)
    }
