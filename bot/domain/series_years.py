"""A year from a known series: the editions the store holds bound an edition's undated day."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from bot.domain.models import Dialogue, EventDate
from bot.domain.text import ordinal

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

# "the previous (7th) dialogue was held in April 2015", "the last one, in April 2015".
_EN_PREVIOUS = re.compile(
    r"\b(?:previous|last|preceding)\s+(?:[\w()-]+\s+){0,5}?"
    r"(?:dialogues?|meetings?|talks|sessions?|editions?|rounds?|one)\b[^.;]{0,60}?"
    rf"\bin\s+({_MONTH})\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "kể từ phiên đối thoại lần thứ 4 (9/2015)", "phiên đối thoại trước (tháng 4/2015)".
_VI_PREVIOUS = re.compile(
    r"(?:kể từ|trước đó|lần trước)[^.;]{0,20}?(?:phiên|đối thoại|hội nghị|cuộc)[^.;]{0,60}?"
    r"\((?:tháng\s*)?(\d{1,2})\s*/\s*((?:19|20)\d\d)\)",
    re.IGNORECASE,
)
# "지난 2015년 4월" (the last one, in April 2015).
_KO_PREVIOUS = re.compile(
    r"지난\s*((?:19|20)\d\d)년\s*(\d{1,2})월[^.]{0,30}?(?:대화|회의|회담|협의)"
)


@dataclass(frozen=True)
class Bound:
    """A day the event fell strictly after (lower) or before (upper), and why."""

    day: date
    basis: str
    edition: bool = False


def _fmt(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def _full_day(when: EventDate) -> date | None:
    if when.year is None or when.month is None or when.day is None:
        return None
    try:
        return date(when.year, when.month, when.day)
    except ValueError:
        return None


def previous_edition_bound(text: str) -> Bound | None:
    """The month the text says the previous meeting of the series was held in, as a lower bound.

    Only the first such phrase counts; the bound is that month's last day, so the event is
    strictly after it.
    """
    found: list[tuple[int, int, int]] = []  # (position, year, month)
    for pattern, year_group, month_group in (
        (_EN_PREVIOUS, 2, 1),
        (_VI_PREVIOUS, 2, 1),
        (_KO_PREVIOUS, 1, 2),
    ):
        match = pattern.search(text)
        if match is None:
            continue
        raw_month = match.group(month_group).lower().rstrip(".")
        month = _MONTHS.get(raw_month) or (int(raw_month) if raw_month.isdigit() else 0)
        if 1 <= month <= 12:
            found.append((match.start(), int(match.group(year_group)), month))
    if not found:
        return None
    _, year, month = min(found)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return Bound(last, f"the previous meeting in {calendar.month_name[month]} {year}")


def held_editions(mechanism: str | None, others: Sequence[Dialogue]) -> dict[int, date]:
    """The series' editions the store holds with full dates, by edition number.

    Empty when they are not strictly ordered by date (a wrong edition or date somewhere, or one
    edition on two days), since then none of them can be trusted to bound another.
    """
    if mechanism is None:
        return {}
    held: dict[int, date] = {}
    for other in others:
        day = _full_day(other.date)
        if other.mechanism != mechanism or other.edition is None or day is None:
            continue
        if held.setdefault(other.edition, day) != day:
            return {}
    ordered = sorted(held.items())
    if any(a[1] >= b[1] for a, b in pairwise(ordered)):
        return {}
    return held


def edition_bounds(
    mechanism: str | None, edition: int | None, others: Sequence[Dialogue]
) -> tuple[Bound | None, Bound | None]:
    """The nearest earlier and later editions of the series the store holds with full dates."""
    if edition is None:
        return None, None
    ordered = sorted(held_editions(mechanism, others).items())
    earlier = [(n, d) for n, d in ordered if n < edition]
    later = [(n, d) for n, d in ordered if n > edition]
    lower = upper = None
    if earlier:
        n, d = earlier[-1]
        lower = Bound(d, f"{ordinal(n)} ({_fmt(d)})", edition=True)
    if later:
        n, d = later[0]
        upper = Bound(d, f"{ordinal(n)} ({_fmt(d)})", edition=True)
    return lower, upper


def same_edition(
    when: EventDate, mechanism: str | None, edition: int | None, others: Sequence[Dialogue]
) -> EventDate:
    """Another report of an edition the store holds on the same month and day is that meeting:
    it takes that edition's year."""
    if when.year is not None or when.month is None or when.day is None or edition is None:
        return when
    day = held_editions(mechanism, others).get(edition)
    if day is None or (day.month, day.day) != (when.month, when.day):
        return when
    basis = f"the {ordinal(edition)} edition held on {_fmt(day)}"
    return when.model_copy(update={"year": day.year, "precision": "day", "year_basis": basis})


def _said(bound: Bound) -> str:
    return f"the {bound.basis} edition" if bound.edition else bound.basis


def _fits(year: int, month: int, day: int, lower: Bound, upper: Bound | None) -> bool:
    try:
        candidate = date(year, month, day)
    except ValueError:
        return False
    return lower.day < candidate and (upper is None or candidate < upper.day)


def year_between(
    when: EventDate,
    lowers: Sequence[Bound],
    uppers: Sequence[Bound],
    allowed: tuple[set[int], str] | None = None,
) -> EventDate:
    """A month-day without a year gets the one year that falls after every lower bound, before
    every upper bound and (when given) inside the allowed years, e.g. those the register's terms
    permit; none, or more than one, leaves it open."""
    if when.year is not None or when.month is None or when.day is None or not lowers:
        return when
    if not uppers and not allowed:
        return when
    lower = max(lowers, key=lambda b: b.day)
    upper = min(uppers, key=lambda b: b.day) if uppers else None
    last = upper.day.year if upper else max(allowed[0]) if allowed and allowed[0] else 0
    years = [
        y
        for y in range(lower.day.year, last + 1)
        if _fits(y, when.month, when.day, lower, upper) and (allowed is None or y in allowed[0])
    ]
    if len(years) != 1:
        return when
    if upper is None:
        basis = f"after {_said(lower)}"
    elif lower.edition and upper.edition:
        basis = f"between the {lower.basis} and {upper.basis} editions"
    else:
        basis = f"after {_said(lower)}, before {_said(upper)}"
    if allowed is not None:
        basis = f"{basis}; {allowed[1]}"
    return when.model_copy(update={"year": years[0], "precision": "day", "year_basis": basis})


def year_from_series(
    when: EventDate,
    mechanism: str | None,
    edition: int | None,
    others: Sequence[Dialogue],
    *,
    text: str = "",
    uppers: Sequence[Bound] = (),
    allowed: tuple[set[int], str] | None = None,
) -> EventDate:
    """A year for an undated edition of a series from the store's other editions, the text's
    "previous meeting in <month year>", further upper bounds and allowed years; never a guess."""
    if when.year is not None or when.month is None or when.day is None:
        return when
    known = same_edition(when, mechanism, edition, others)
    if known.year is not None:
        return known
    lower, upper = edition_bounds(mechanism, edition, others)
    previous = previous_edition_bound(text) if text else None
    lowers = [b for b in (lower, previous) if b is not None]
    return year_between(when, lowers, [*([upper] if upper else []), *uppers], allowed)
