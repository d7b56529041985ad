"""Dates as briefings write them: say only what is known."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.briefings import format_event_date, format_published
from bot.domain.models import EventDate


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (EventDate(year=2024, month=4, day=23, precision="day"), "23 April 2024"),
        (EventDate(year=2025, month=8, day=10, end_day=13, precision="day"), "10–13 August 2025"),
        (EventDate(month=3, day=28, precision="month_day"), "28 March (year unknown)"),
        (
            EventDate(month=3, day=27, end_day=29, precision="month_day"),
            "27–29 March (year unknown)",
        ),
        (EventDate(year=2022, month=12), "December 2022"),
        (EventDate(year=2022), "2022"),
        (EventDate(phrase="on Wednesday"), "Wednesday (date not given)"),
        (EventDate(), "date not given"),
        (
            EventDate(
                year=2023,
                month=3,
                day=28,
                precision="day",
                year_basis="Lee Jong-sup's term as Minister of National Defense",
            ),
            "28 March 2023 (year from Lee Jong-sup's term as Minister of National Defense)",
        ),
        (
            EventDate(year=2018, month=7, day=5, precision="day", year_basis="date line"),
            "5 July 2018 (year from the date line)",
        ),
        (
            EventDate(year=2024, month=4, precision="day", year_basis="published 2024-04-24"),
            "April 2024 (year from publication on 24 Apr 2024)",
        ),
        # A basis without a year says nothing: the year is still unknown.
        (
            EventDate(month=3, day=28, precision="month_day", year_basis="date line"),
            "28 March (year unknown)",
        ),
    ],
)
def test_event_dates_say_only_what_is_known(when: EventDate, shown: str) -> None:
    assert format_event_date(when) == shown


def test_published_dates_are_short() -> None:
    assert format_published(date(2024, 4, 24)) == "24 Apr 2024"
