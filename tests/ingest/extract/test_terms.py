"""A year from the register's dated terms, and the office a title names."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.models import EventDate, Participant, Person, Role
from bot.domain.register import office_of, role_on
from bot.ingest.extract.terms import roles_on_date, year_from_terms

LEE = Person(
    id="lee-jong-sup",
    name="Lee Jong-sup",
    country="KR",
    roles=[
        Role(
            title="Minister of National Defense",
            office="defence-minister",
            since="2022-05-10",
            until="2023-10-06",
        )
    ],
)
GIANG = Person(
    id="phan-van-giang",
    name="Phan Văn Giang",
    country="VN",
    roles=[Role(title="Minister of National Defence", office="defence-minister", since="2021-04")],
)
TODAY = date(2026, 1, 1)


def talks(role: str = "Minister of National Defence") -> list[Participant]:
    return [
        Participant(person_id="phan-van-giang", name="Phan Văn Giang", country="VN", role=role),
        Participant(person_id="lee-jong-sup", name="Lee Jong-sup", country="KR", role=role),
    ]


def test_the_one_year_a_term_allows_is_taken_and_its_basis_shown() -> None:
    when = EventDate(month=3, day=28, precision="month_day", phrase="March 28")
    dated = year_from_terms(when, talks(), [LEE, GIANG], TODAY)
    assert (dated.year, dated.precision) == (2023, "day")
    assert dated.year_basis == "Lee Jong-sup's term as Minister of National Defense"


@pytest.mark.parametrize(("month", "day"), [(6, 1), (9, 1)])
def test_two_possible_years_leave_the_year_open(month: int, day: int) -> None:
    when = EventDate(month=month, day=day, precision="month_day")
    assert year_from_terms(when, talks(), [LEE, GIANG], TODAY) == when


def test_a_title_the_register_does_not_date_gives_no_year() -> None:
    when = EventDate(month=3, day=28, precision="month_day")
    assert year_from_terms(when, talks("Ambassador"), [LEE, GIANG], TODAY) == when


@pytest.mark.parametrize(
    ("title", "office"),
    [
        ("Deputy Minister of National Defence", "deputy-defence-minister"),
        ("Thứ trưởng Bộ Quốc phòng Hàn Quốc", "deputy-defence-minister"),
        ("Deputy Minister of National Defence", "deputy-defence-minister"),
        ("국방부 장관", "defence-minister"),
        ("Foreign Minister", "foreign-minister"),
        ("Deputy Prime Minister", None),
        ("RoK President", "president"),
    ],
)
def test_offices_from_titles_in_three_languages(title: str, office: str | None) -> None:
    assert office_of(title) == office


def test_the_role_held_on_a_date() -> None:
    assert role_on(LEE, date(2023, 3, 28)) == LEE.roles
    assert role_on(LEE, date(2024, 3, 28)) == []


def test_a_name_without_a_title_gets_the_role_held_that_day_not_today() -> None:
    vinh = Person(
        id="nguyen-chi-vinh",
        name="Nguyễn Chí Vịnh",
        country="VN",
        roles=[
            Role(
                title="Deputy Minister of National Defence",
                office="deputy-defence-minister",
                since="2009-08",
                until="2021-04",
            ),
            Role(title="Senior Adviser", office="other", since="2021-05"),
        ],
    )
    bare = [Participant(person_id="nguyen-chi-vinh", name="Nguyễn Chí Vịnh", country="VN")]
    on_2018 = EventDate(year=2018, month=12, day=10, precision="day")
    on_2022 = EventDate(year=2022, month=12, day=10, precision="day")
    assert roles_on_date(bare, [vinh], on_2018)[0].role == "Deputy Minister of National Defence"
    assert roles_on_date(bare, [vinh], on_2022)[0].role == "Senior Adviser"
    titled = [bare[0].model_copy(update={"role": "Thượng tướng"})]
    assert roles_on_date(titled, [vinh], on_2018)[0].role == "Thượng tướng"
    assert roles_on_date(bare, [vinh], EventDate(month=12, day=10))[0].role is None
