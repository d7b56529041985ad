"""A year from a known series: stored editions and "the previous meeting" bound an undated day."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.models import Dialogue, EventDate
from bot.domain.series_years import Bound, previous_edition_bound, year_from_series

DPD = "defence-policy-dialogue"
JUNE_20 = EventDate(month=6, day=20, precision="month_day", phrase="June 20")


def held(edition: int, when: date, mechanism: str = DPD) -> Dialogue:
    return Dialogue(
        id=f"{mechanism}-{edition}",
        title=f"{edition} {mechanism}",
        date=EventDate(year=when.year, month=when.month, day=when.day, precision="day"),
        mechanism=mechanism,
        edition=edition,
    )


SEVENTH = held(7, date(2018, 12, 10))
NINTH = held(9, date(2020, 5, 15))


def test_the_one_year_between_the_nearest_editions_is_taken_with_its_basis() -> None:
    dated = year_from_series(JUNE_20, DPD, 8, [NINTH, SEVENTH, held(5, date(2016, 12, 27))])
    assert (dated.year, dated.precision) == (2019, "day")
    assert dated.year_basis == "between the 7th (10 Dec 2018) and 9th (15 May 2020) editions"


def test_two_years_between_the_editions_leave_the_year_open() -> None:
    later = held(11, date(2024, 4, 23))
    assert year_from_series(JUNE_20, DPD, 8, [SEVENTH, later]) == JUNE_20


@pytest.mark.parametrize(
    "others",
    [
        [SEVENTH],  # no later edition: no upper bound
        [held(7, date(2018, 12, 10), "strategic-defence-dialogue"), NINTH],  # another series
        [SEVENTH, NINTH, held(6, date(2021, 1, 1))],  # editions out of date order
        [SEVENTH, NINTH, held(9, date(2020, 5, 16))],  # one edition on two days
    ],
)
def test_no_year_without_two_trustworthy_bounds(others: list[Dialogue]) -> None:
    assert year_from_series(JUNE_20, DPD, 8, others) == JUNE_20


def test_an_edition_the_store_holds_on_the_same_day_gives_its_year() -> None:
    when = EventDate(month=12, day=10, precision="month_day")
    dated = year_from_series(when, DPD, 7, [SEVENTH])
    assert (dated.year, dated.year_basis) == (2018, "the 7th edition held on 10 Dec 2018")
    assert year_from_series(when.model_copy(update={"day": 11}), DPD, 7, [SEVENTH]).year is None


def test_a_written_year_is_never_changed() -> None:
    when = JUNE_20.model_copy(update={"year": 2023})
    assert year_from_series(when, DPD, 8, [SEVENTH, NINTH]) == when


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "đánh giá kết quả hợp tác kể từ phiên đối thoại chính sách quốc phòng lần thứ 4 "
            "(9/2015) tới nay và định hướng các nội dung hợp tác",
            date(2015, 9, 30),
        ),
        ("The previous dialogue was held in April 2015 in Seoul.", date(2015, 4, 30)),
        ("The last (7th) dialogue was in Dec. 2018.", date(2018, 12, 31)),
        (
            "양측은 지난 2015년 4월 서울에서 열린 제3차 대화 이후 성과를 평가했다.",
            date(2015, 4, 30),
        ),
    ],
)
def test_the_previous_meeting_is_read_in_each_language(text: str, expected: date) -> None:
    bound = previous_edition_bound(text)
    assert bound is not None and bound.day == expected


@pytest.mark.parametrize(
    "text",
    [
        "kể từ khi Tổng thống Yoon Suk Yeol lên nắm quyền (tháng 5/2022)",
        "The previous minister left office in April 2015.",
        "지난 2015년 4월 양국 교역액은 늘었다.",
    ],
)
def test_other_past_months_are_not_a_previous_meeting(text: str) -> None:
    assert previous_edition_bound(text) is None


def test_the_previous_meeting_with_a_later_edition_fixes_the_year() -> None:
    text = "The previous dialogue was held in April 2015."
    dated = year_from_series(JUNE_20, DPD, 4, [held(6, date(2016, 3, 1))], text=text)
    assert dated.year == 2015
    assert dated.year_basis == (
        "after the previous meeting in April 2015, before the 6th (1 Mar 2016) edition"
    )


def test_the_previous_meeting_with_allowed_years_fixes_the_year() -> None:
    text = "The previous dialogue was held in April 2015."
    allowed = ({2014, 2015, 2016}, "Kim's term as Vice Minister")
    lower_only = year_from_series(JUNE_20, DPD, None, [], text=text)
    assert lower_only.year is None
    dated = year_from_series(
        JUNE_20, DPD, None, [], text=text, uppers=[Bound(date(2016, 6, 1), "x")], allowed=allowed
    )
    assert dated.year == 2015
    assert dated.year_basis is not None and dated.year_basis.endswith("Kim's term as Vice Minister")
    both = year_from_series(JUNE_20, DPD, None, [], text=text, allowed=allowed)
    assert both.year is None  # 2015 and 2016 both fit
