"""Dating an event from its lead: month-day mentions, year resolution, weekdays."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.models import EventDate
from bot.ingest.clean import MONTH_PATTERN, WEEKDAY_PATTERN
from bot.ingest.extract.words import word_list

_MONTHS = {
    name: number
    for number, name in enumerate(
        word_list("jan feb mar apr may jun jul aug sep oct nov dec"), start=1
    )
}
_M = rf"(?P<month>{MONTH_PATTERN})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_END = r"\s*(?:[-–—]|to)\s*(?P<end>\d{1,2})(?!\d)"
_YEAR = r"(?:,?\s+(?P<year>\d{4})(?!\d))?"
# Longest forms first, so "March 27-29" wins over "March 27" at the same place.
_DATE_FORMS = (
    re.compile(rf"\b{_M}\s+{_DAY}{_END}{_YEAR}"),
    re.compile(rf"(?<!\d){_DAY}{_END}\s+(?:of\s+)?{_M}{_YEAR}"),
    re.compile(rf"\b{_M}\s+{_DAY}{_YEAR}"),
    re.compile(rf"(?<!\d){_DAY}\s+(?:of\s+)?{_M}{_YEAR}"),
)
_WEEKDAY = re.compile(rf"\b(?:on\s+)?(?P<weekday>{WEEKDAY_PATTERN})\b")
# Years between two leap years at most (1896 -> 1904).
_LEAP_REACH = 8
_WEEKDAYS = word_list("monday tuesday wednesday thursday friday saturday sunday")


@dataclass(frozen=True)
class _DateMention:
    """A month-day mention in text, with whatever year and end day it states."""

    start: int
    phrase: str
    month: int
    day: int
    end_day: int | None
    year: int | None


def _date_mentions(text: str) -> list[_DateMention]:
    """Valid month-day mentions in `text`, in order; at one position the longest wins."""
    found: dict[int, _DateMention] = {}
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            groups = match.groupdict()
            month = _MONTHS[match["month"][:3].lower()]
            year = int(groups["year"]) if groups.get("year") else None
            end = int(groups["end"]) if groups.get("end") else None
            if not _valid(year or 2000, month, int(match["day"]), end):
                continue
            mention = _DateMention(match.start(), match[0], month, int(match["day"]), end, year)
            if match.start() not in found or len(found[match.start()].phrase) < len(match[0]):
                found[match.start()] = mention
    return [found[k] for k in sorted(found)]


def _valid(year: int, month: int, day: int, end: int | None) -> bool:
    """True when the day (and end day) exist in that month; 2000 stands in for an unknown year."""
    try:
        date(year, month, day)
        if end is not None:
            date(year, month, end)
    except ValueError:
        return False
    return end is None or end > day


def full_date(text: str) -> date | None:
    """A complete calendar date in `text` ("April 24, 2024", "12 August 2025"), if any."""
    for mention in _date_mentions(text):
        if mention.year:
            return date(mention.year, mention.month, mention.day)
    return None


def _resolve_year(month: int, day: int, anchor: date | None) -> int | None:
    """The latest year in which month/day exists and is not after the anchor; None without one."""
    if anchor is None:
        return None
    year = anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1
    # February 29 belongs to the latest leap year, not to a year that lacks it; a leap year is
    # at most eight years back, and nothing lies before year 1.
    for candidate in range(year, max(year - _LEAP_REACH, 0), -1):
        if _valid(candidate, month, day, None):
            return candidate
    return None


def find_event_date(lead: Sequence[str], anchor: date | None) -> EventDate:
    """Date the event from the lead: the first month-day, else a weekday; never a guessed year."""
    for sentence in lead:
        mentions = _date_mentions(sentence)
        if mentions:
            first = mentions[0]
            year = first.year or _resolve_year(first.month, first.day, anchor)
            return EventDate(
                year=year,
                month=first.month,
                day=first.day,
                end_day=first.end_day,
                precision="day" if year else "month_day",
                phrase=first.phrase,
            )
    for sentence in lead:
        match = _WEEKDAY.search(sentence)
        if match:
            return _weekday_date(match["weekday"], anchor)
    return EventDate()


def _weekday_date(weekday: str, anchor: date | None) -> EventDate:
    """ "On Wednesday" is the latest Wednesday on or before the anchor; undated without one."""
    if anchor is None:
        return EventDate(precision="none", phrase=weekday)
    back = (anchor.weekday() - _WEEKDAYS.index(weekday.lower())) % 7
    try:
        day = anchor - timedelta(days=back)
    except OverflowError:  # a weekday before 1 January of year 1
        return EventDate(precision="none", phrase=weekday)
    return EventDate(year=day.year, month=day.month, day=day.day, precision="day", phrase=weekday)


def iso_date(when: EventDate) -> str | None:
    """ISO form of a fully known (start) date, else None."""
    if when.year and when.month and when.day:
        return date(when.year, when.month, when.day).isoformat()
    return None
