"""Dating the event: month-day mentions, precision, and years never guessed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.models import EventDate
from bot.ingest.extract import extract, find_event_date

from .seeds import article, dialogue, reference


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", EventDate(year=2024, month=4, day=23, precision="day", phrase="April 23")),
        ("001", EventDate(month=3, day=28, precision="month_day", phrase="March 28")),
        ("002", EventDate(month=11, day=15, precision="month_day", phrase="November 15")),
        ("003", EventDate(precision="none", phrase="Wednesday")),
        (
            "004",
            EventDate(
                year=2025, month=8, day=10, end_day=13, precision="day", phrase="August 10–13"
            ),
        ),
    ],
)
def test_event_date_and_precision(prefix: str, expected: EventDate) -> None:
    assert dialogue(prefix).date == expected


def test_explicit_year_in_the_dateline_dates_an_article_without_header() -> None:
    undated = replace(article("004"), published=None)
    assert extract(undated, reference()).dialogue.date.year == 2025


def test_year_is_never_invented_without_an_anchor() -> None:
    assert find_event_date(["They met on December 30."], None).year is None


def test_year_comes_from_the_latest_date_not_after_publication() -> None:
    lead = ["They met on December 30."]
    assert find_event_date(lead, date(2025, 1, 2)).year == 2024
    assert find_event_date(lead, date(2025, 12, 31)).year == 2025
    assert find_event_date(["They met on 3 May 2019."], date(2025, 1, 2)).year == 2019


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2024, 1, 19), date(2024, 1, 17)),  # a Friday: that week's Wednesday
        (date(2024, 1, 17), date(2024, 1, 17)),  # a Wednesday: the same day
        (date(2024, 1, 16), date(2024, 1, 10)),  # a Tuesday: the week before
        (date(2025, 1, 2), date(2025, 1, 1)),  # across a new year
    ],
)
def test_weekday_is_resolved_against_the_published_date(published: date, expected: date) -> None:
    dated = extract(replace(article("003"), published=published), reference()).dialogue.date
    assert dated == EventDate(
        year=expected.year,
        month=expected.month,
        day=expected.day,
        precision="day",
        phrase="Wednesday",
    )


def test_weekday_without_a_published_date_stays_undated() -> None:
    assert find_event_date(["They met on Friday."], None) == EventDate(
        precision="none", phrase="Friday"
    )


@pytest.mark.parametrize(
    "lead", ["They met on March 5.", "They met on Wednesday.", "On 29 February."]
)
def test_a_date_before_year_one_is_left_without_a_year_not_looped_on(lead: str) -> None:
    dated = find_event_date([lead], date(1, 1, 1))
    assert dated.year is None
