"""Lookups over the register of officials: spelling -> person, role held on a date, terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain.models import Person, Role
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
        return cls(
            latin={k: sorted(v, key=lambda item: -len(item[0])) for k, v in latin.items()},
            hangul={k: next(iter(v)) for k, v in hangul.items() if len(v) == 1},
            squashed={k: next(iter(v)) for k, v in squashed.items() if len(v) == 1},
            by_surname=by_surname,
        )

    def find(self, spelling: str) -> str | None:
        """The person a whole spelling names, or None."""
        if is_hangul(spelling):
            return self.hangul.get(hangul_key(spelling))
        return self.squashed.get(squash(spelling))


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
    """The dated roles a person held on `day`."""
    held = []
    for role in person.roles:
        since, until = term(role)
        if since is None:
            continue
        if since <= day and (until is None or day <= until):
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
