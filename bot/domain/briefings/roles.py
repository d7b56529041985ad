"""The post a person held on a meeting's date, from the register's dated terms; never a guess."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from bot.domain.models import EventDate, Role

_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
Day = tuple[int, int, int]


def _bounds(value: str | None) -> tuple[Day, Day] | None:
    """Earliest and latest day an ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD" can mean."""
    match = _ISO.match((value or "").strip())
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is None:
        return (year, 1, 1), (year, 12, 31)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return (year, month, 1), (year, month, calendar.monthrange(year, month)[1])
    return (year, month, day), (year, month, day)


def meeting_span(when: EventDate) -> tuple[Day, Day] | None:
    """First and last day the meeting can have been on; None without a year."""
    if when.year is None:
        return None
    if when.month is None or not 1 <= when.month <= 12:
        return (when.year, 1, 1), (when.year, 12, 31)
    if when.day is None:
        last = calendar.monthrange(when.year, when.month)[1]
        return (when.year, when.month, 1), (when.year, when.month, last)
    end = max(when.day, when.end_day or when.day)
    return (when.year, when.month, when.day), (when.year, when.month, end)


def _covers(role: Role, first: Day, last: Day) -> bool:
    """True when the role was surely held on every day of the span."""
    if role.as_of is not None and role.since is None and role.until is None:
        seen = _bounds(role.as_of)
        return seen is not None and seen[0] == seen[1] == first == last
    start = _bounds(role.since)
    if start is None:
        return False  # a term with no known start may not have begun yet
    end = _bounds(role.until) if role.until else None
    if role.until and end is None:
        return False
    # The latest the term can have begun is before the meeting; the earliest it can have ended
    # is after it.
    return start[1] <= first and (end is None or last <= end[0])


def role_on(roles: Sequence[Role], when: EventDate) -> str | None:
    """The title of the first role surely held on the meeting's date, else None."""
    span = meeting_span(when)
    if span is not None:
        for role in roles:
            if _covers(role, *span):
                return role.title
    # A person with one undated post and no other has never been seen in another.
    if len(roles) == 1 and not (roles[0].since or roles[0].until or roles[0].as_of):
        return roles[0].title
    return None


def as_of(when: EventDate) -> str | None:
    """The meeting's date as ISO "YYYY-MM-DD" (or "YYYY-MM"), when the year is known."""
    if when.year is None or when.month is None:
        return None
    return f"{when.year:04d}-{when.month:02d}" + (f"-{when.day:02d}" if when.day else "")
