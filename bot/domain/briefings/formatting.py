"""Dates, posts and countries the way briefings write them."""

from __future__ import annotations

import re
from datetime import date

from bot.domain.models import EventDate, Role

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
MONTHS = tuple(_MONTH_NAMES.split())
COUNTRIES = {"VN": "Vietnam", "KR": "RoK"}


def year_basis(basis: str) -> str:
    """Where a year came from, as readers see it: "year from Lee Jong-sup's term"."""
    basis = " ".join(basis.split())
    published = re.fullmatch(r"published:?\s*(\d{4}-\d{2}(?:-\d{2})?)", basis, re.IGNORECASE)
    if published:
        return f"year from publication on {_format_year_month(published.group(1))}"
    if basis.lower().startswith("year "):
        return basis
    if basis.lower() in {"date line", "dateline"}:
        return "year from the date line"
    return f"year from {basis}"


def format_event_date(when: EventDate, *, basis: bool = True) -> str:
    """Say what is known: 23 April 2024, 10–13 August 2025, 28 March (year unknown).

    A year the text does not write beside the date says where it came from (unless `basis` is
    False): "28 March 2023 (year from Lee Jong-sup's term)".
    """
    known = f" ({year_basis(when.year_basis)})" if basis and when.year and when.year_basis else ""
    month = MONTHS[when.month - 1] if when.month and 1 <= when.month <= 12 else None
    if month and when.day:
        days = f"{when.day}–{when.end_day}" if when.end_day and when.end_day != when.day else ""
        text = f"{days or when.day} {month}"
        return f"{text} {when.year}{known}" if when.year else f"{text} (year unknown)"
    if month:
        return f"{month} {when.year}{known}" if when.year else f"{month} (year unknown)"
    if when.year:
        return f"{when.year}{known}"
    phrase = re.sub(r"^(on|last|this)\s+", "", (when.phrase or "").strip(), flags=re.IGNORECASE)
    return f"{phrase[:1].upper()}{phrase[1:]} (date not given)" if phrase else "date not given"


def format_published(day: date) -> str:
    """Citation style: "24 Apr 2024"."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _format_year_month(value: str) -> str:
    """ISO year-month(-day) as "Apr 2021" or "23 Apr 2024"; anything else unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return value
    month = f"{MONTHS[int(match.group(2)) - 1][:3]} {match.group(1)}"
    return f"{int(match.group(3))} {month}" if match.group(3) else month


def format_role(role: Role) -> str:
    """A post with its dates, e.g. Minister of National Defence (since Apr 2021)."""
    since = _format_year_month(role.since) if role.since else None
    until = _format_year_month(role.until) if role.until else None
    if since and until:
        return f"{role.title} ({since} – {until})"
    if since:
        return f"{role.title} (since {since})"
    if until:
        return f"{role.title} (until {until})"
    if role.as_of:
        return f"{role.title} (as of {_format_year_month(role.as_of)})"
    return role.title


def country_name(code: str | None) -> str | None:
    """ "Vietnam" or "RoK" for a country code; None for anything else."""
    return COUNTRIES.get(code or "")
