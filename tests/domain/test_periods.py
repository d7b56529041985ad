"""Periods read off the end of a command's arguments, in the forms readers write them."""

from __future__ import annotations

import pytest

from bot.domain.periods import Period, PeriodSplit, split_period


@pytest.mark.parametrize(
    ("args", "rest", "first", "last"),
    [
        ("maritime 2024", "maritime", 2024, 2024),
        ("maritime in 2024", "maritime", 2024, 2024),
        ("Giang 2019-2023", "Giang", 2019, 2023),
        ("Giang 2019–2023", "Giang", 2019, 2023),
        ("Giang 2019 — 2023", "Giang", 2019, 2023),
        ("Giang 2019 to 2023", "Giang", 2019, 2023),
        ("Giang from 2019 to 2023", "Giang", 2019, 2023),
        ("Giang between 2019 and 2023", "Giang", 2019, 2023),
        ("Giang 2019-23", "Giang", 2019, 2023),
        ("2015-2020", "", 2015, 2020),
        ("corvette since 2024", "corvette", 2024, None),
        ("corvette from 2024", "corvette", 2024, None),
        ("corvette 2024 onwards", "corvette", 2024, None),
        ("corvette after 2020", "corvette", 2021, None),
        ("four no's before 2020", "four no's", None, 2019),
        ("four no's until 2020", "four no's", None, 2020),
        ("5 2023", "5", 2023, 2023),
        ("defence policy dialogue since 2015", "defence policy dialogue", 2015, None),
        # Vietnamese, with and without diacritics.
        ("Biển Đông năm 2024", "Biển Đông", 2024, 2024),
        ("Biển Đông từ 2019", "Biển Đông", 2019, None),
        ("Bien Dong tu nam 2019", "Bien Dong", 2019, None),
        ("Biển Đông từ năm 2019 đến năm 2023", "Biển Đông", 2019, 2023),
        ("Biển Đông trước năm 2020", "Biển Đông", None, 2019),
        ("Biển Đông sau 2020", "Biển Đông", 2021, None),
        # Korean.
        ("해양 2024년", "해양", 2024, 2024),
        ("해양 2019년 이후", "해양", 2019, None),
        ("해양 2019년부터", "해양", 2019, None),
        ("해양 2019년부터 2023년까지", "해양", 2019, 2023),
        ("해양 2019~2023년", "해양", 2019, 2023),
        ("해양 2020년 전", "해양", None, 2019),
    ],
)
def test_a_trailing_period_is_split_off(
    args: str, rest: str, first: int | None, last: int | None
) -> None:
    found = split_period(args)

    assert found.error is None
    assert found.rest == rest
    assert found.period == Period(first, last)


@pytest.mark.parametrize(
    "args",
    ["Kim", "G20 summit", "2+2 dialogue", "Lee Jong-sup", "cooperation in asia", "maritime in", ""],
)
def test_arguments_without_a_period_stay_whole(args: str) -> None:
    assert split_period(args) == PeriodSplit(args)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("since banana", "“since banana” is not a period"),
        ("maritime before lunch", "“before lunch” is not a period"),
        ("2030-2020", "2030 comes after 2020: write the earlier year first."),
        ("maritime 2024-20245", "“2024-20245” is not a period"),
        ("maritime 0999", "years run from 1000 to 2999"),
    ],
)
def test_a_bad_period_says_what_is_wrong(args: str, says: str) -> None:
    found = split_period(args)

    assert found.period is None
    assert found.error is not None and says in found.error


def test_a_lenient_split_leaves_words_after_a_keyword_alone() -> None:
    # /search reads "before lunch" as words to look for, not a broken period.
    assert split_period("talks before lunch", strict=False).error is None
    assert split_period("talks before lunch", strict=False).rest == "talks before lunch"


@pytest.mark.parametrize(
    ("period", "label", "token", "slug"),
    [
        (Period(2024, 2024), "2024", "2024", "2024"),
        (Period(2019, 2023), "2019–2023", "2019-2023", "2019-2023"),
        (Period(2024, None), "since 2024", "since 2024", "since-2024"),
        (Period(None, 2019), "before 2020", "before 2020", "before-2020"),
    ],
)
def test_a_period_reads_back_as_written(period: Period, label: str, token: str, slug: str) -> None:
    assert (period.label, period.token, period.slug) == (label, token, slug)
    # The token a page button carries and the slug a deep link carries parse to the same period.
    assert split_period(f"maritime {period.token}").period == period
    assert Period.from_slug(period.slug) == period


def test_a_slug_that_is_no_period_is_none() -> None:
    assert Period.from_slug("banana") is None
    assert Period.from_slug("maritime-2024") is None


@pytest.mark.parametrize(
    ("period", "inside", "outside"),
    [
        (Period(2024, 2024), [2024], [2023, 2025, None]),
        (Period(2019, 2023), [2019, 2021, 2023], [2018, 2024, None]),
        (Period(2024, None), [2024, 2090], [2023, None]),
        (Period(None, 2019), [1990, 2019], [2020, None]),
    ],
)
def test_a_period_holds_its_years_and_never_an_undated_one(
    period: Period, inside: list[int], outside: list[int | None]
) -> None:
    assert all(period.holds(y) for y in inside)
    assert not any(period.holds(y) for y in outside)


@pytest.mark.parametrize(
    "args", ["maritime in 2024.", "maritime (2024)", "maritime 2024!", "maritime [2024] "]
)
def test_a_period_inside_closing_punctuation_still_counts(args: str) -> None:
    found = split_period(args)
    assert found.period == Period.year(2024) and found.rest.strip() == "maritime"
