"""Dating the event: month-day mentions, precision, and years never guessed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.models import EventDate
from bot.ingest.extract import extract, find_event_date

from .seeds import article, dialogue, reference, talks_year


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "000",
            EventDate(
                year=2024,
                month=4,
                day=23,
                precision="day",
                phrase="April 23",
                year_basis="date line",
            ),
        ),
        ("002", EventDate(month=11, day=15, precision="month_day", phrase="November 15")),
        ("003", EventDate(precision="none", phrase="Wednesday")),
        (
            "004",
            EventDate(
                year=2025,
                month=8,
                day=10,
                end_day=13,
                precision="day",
                phrase="August 10–13",
                year_basis="date line",
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
        year_basis=f"published {published.isoformat()}",
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


@pytest.mark.parametrize(
    ("lead", "anchor", "expected"),
    [
        (
            ["Ngày 27/12, tại Hà Nội đã diễn ra đối thoại."],
            date(2016, 12, 31),
            (2016, 12, 27, None),
        ),
        (["Chiều 06/9, tại Soeul, Bộ trưởng đã tiếp Thượng tướng."], None, (None, 9, 6, None)),
        (["Đoàn sang Hàn Quốc từ ngày 18-22/6."], date(2019, 6, 30), (2019, 6, 18, 22)),
        (["Tại cuộc hội đàm diễn ra sáng 30/11/2018 tại Hà Nội."], None, (2018, 11, 30, None)),
        (["Hôm 21 tháng 6, bản tin cho biết."], date(2019, 6, 30), (2019, 6, 21, None)),
        (["4월 23일 오후 하노이에서 차관은 대화를 주재했다."], None, (None, 4, 23, None)),
        (["2024년 4월 23일 하노이에서 열렸다."], None, (2024, 4, 23, None)),
        (
            ["이두희 국방부 차관은 11일 오후 서울에서 회담했다."],
            date(2025, 11, 12),
            (2025, 11, 11, None),
        ),
        (
            ["차관은 지난 26일부터 3일간 베트남을 방문했다."],
            date(2016, 12, 29),
            (2016, 12, 26, None),
        ),
        (["차관은 28일 회담했다."], date(2016, 1, 3), (2015, 12, 28, None)),
        # A day just after the published date is that month's (UTC a day behind Seoul, or
        # talks announced for tomorrow), never the month before.
        (["장관은 29일 서울에서 회담을 갖는다."], date(2024, 3, 28), (2024, 3, 29, None)),
        (
            ["Sáng nay (11/8) theo giờ địa phương, lễ đón diễn ra."],
            date(2025, 8, 11),
            (2025, 8, 11, None),
        ),
        (["8.8.(화) 마닐라에서 외교장관회담을 개최하였다."], date(2017, 8, 8), (2017, 8, 8, None)),
    ],
)
def test_vietnamese_and_korean_date_forms(
    lead: list[str], anchor: date | None, expected: tuple[int | None, ...]
) -> None:
    found = find_event_date(lead, anchor)
    assert (found.year, found.month, found.day, found.end_day) == expected


def test_a_month_day_in_vietnamese_never_reads_a_month_year_as_a_date() -> None:
    found = find_event_date(["Kể từ phiên đối thoại lần thứ 4 (9/2015) tới nay."], None)
    assert found.month is None


def test_a_date_metadata_line_dates_the_year_and_says_so() -> None:
    body = (
        " date 2019-06 VIỆT NAM -- Hôm 20/6, tại Seoul, Thượng tướng Nguyễn Chí Vịnh và Thứ "
        "trưởng Bộ Quốc phòng Hàn Quốc Park Jae-Min chủ trì Đối thoại Chính sách quốc phòng "
        "Việt Nam - Hàn Quốc lần thứ 8."
    )
    raw = replace(article("000"), body=body, published=None)
    found = extract(raw, reference())
    assert found.dialogue.date.year == 2019
    assert (found.dialogue.date.month, found.dialogue.date.day) == (6, 20)
    assert found.dialogue.date.year_basis == "date line"
    assert "date 2019" not in found.source.text


def test_talks_without_a_year_take_it_from_the_register_or_stay_open() -> None:
    dated = dialogue("001").date
    assert (dated.year, dated.month, dated.day, dated.phrase) == (talks_year(), 3, 28, "March 28")
    assert dated.precision == ("day" if talks_year() else "month_day")
    if talks_year():
        assert dated.year_basis == "Lee Jong-sup's term as Minister of National Defense"


def test_a_text_that_dates_nothing_takes_its_date_line_but_not_its_header() -> None:
    body = (
        " date 2025-08-12 Tổng Bí thư Tô Lâm hội kiến Thủ tướng Hàn Quốc Kim Min Seok tại Seoul, "
        "Việt Nam và Hàn Quốc nhất trí tăng cường hợp tác."
    )
    dated = extract(replace(article("000"), body=body, published=None), reference()).dialogue.date
    assert (dated.year, dated.month, dated.day, dated.year_basis) == (2025, 8, 12, "date line")
    undated = extract(
        replace(article("000"), body=body[len(" date 2025-08-12") :], published=date(2025, 8, 12)),
        reference(),
    ).dialogue.date
    assert undated.month is None
