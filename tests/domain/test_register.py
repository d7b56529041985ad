"""The register of officials: one person per spelling, dated terms that never clash."""

from __future__ import annotations

import calendar
import itertools
import re
from collections import defaultdict
from datetime import date, timedelta
from functools import cache

import pytest

from bot.domain.models import Person, Role
from bot.domain.reference import load_reference
from bot.domain.text import squash

OFFICES = frozenset(
    (
        "president",
        "prime-minister",
        "party-general-secretary",
        "national-assembly-chair",
        "foreign-minister",
        "deputy-foreign-minister",
        "defence-minister",
        "deputy-defence-minister",
        "chief-of-general-staff",
        "ambassador",
        "public-security-minister",
        "deputy-public-security-minister",
        "police-chief",
        "coast-guard-chief",
        "other",
    )
)
# Offices one person holds at a time in each country.
SINGLE_HOLDER = ("president", "prime-minister", "party-general-secretary")
SINGLE_HOLDER_MINISTERS = ("foreign-minister", "defence-minister")
# A handover reported on neighbouring days is not a clash.
HANDOVER = timedelta(days=3)
# Acting holders (filed as "other") fill short vacancies; a longer one must be a known one.
LONGEST_ACTING = timedelta(days=100)
KNOWN_VACANCIES = {
    # The National Assembly rejected two acting prime ministers in turn (July-August 2002).
    ("KR", "prime-minister"): [(date(2002, 7, 1), date(2002, 10, 31))],
    # Kim Yong-hyun resigned after the martial law of 3 December 2024; Ahn Gyu-back took
    # office on 25 July 2025, and Vice Minister Kim Seon-ho acted in between.
    ("KR", "defence-minister"): [(date(2024, 12, 5), date(2025, 7, 25))],
}
# Since diplomatic relations (22 December 1992) up to the last date the register was checked.
COVERED = (date(1993, 1, 1), date(2025, 6, 30))
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@cache
def people() -> tuple[Person, ...]:
    """The shipped register."""
    return tuple(load_reference().people)


def bounds(value: str) -> tuple[date, date]:
    """The first and last day a "YYYY", "YYYY-MM" or "YYYY-MM-DD" term date can mean."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def certain_term(role: Role) -> tuple[date, date]:
    """Days the role surely covers: from the latest start it can mean to the earliest end."""
    assert role.since is not None
    start = bounds(role.since)[1]
    end = bounds(role.until)[0] if role.until else date.max
    return start, end


def possible_term(role: Role) -> tuple[date, date]:
    """Days the role may cover: from the earliest start to the latest end."""
    start = bounds(role.since)[0] if role.since else date.min
    end = bounds(role.until)[1] if role.until else date.max
    return start, end


def terms(office: str, country: str) -> list[tuple[Person, Role]]:
    """Every dated term of `office` in `country`, in order of start."""
    found = [
        (person, role)
        for person in people()
        for role in person.roles
        if role.office == office and role.country == country
    ]
    return sorted(found, key=lambda pr: certain_term(pr[1]))


def holders(office: str, country: str, day: date) -> list[str]:
    """Canonical names of everyone whose term of `office` may cover `day`."""
    return [
        person.name
        for person, role in terms(office, country)
        if possible_term(role)[0] <= day <= possible_term(role)[1]
    ]


def test_ids_are_unique_slugs_of_the_name() -> None:
    ids = [p.id for p in people()]
    assert len(ids) == len(set(ids))
    for person in people():
        assert _SLUG.match(person.id), person.id
        assert len(person.id) <= 46, person.id  # fits "/person <id> page 999" in 64 bytes


def test_every_spelling_names_one_person_only() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for person in people():
        for spelling in (person.name, *person.aliases):
            owners[squash(spelling)].add(person.id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert not shared
    assert "" not in owners


def test_every_person_has_a_country_and_roles_with_known_offices_and_ordered_dates() -> None:
    for person in people():
        assert person.country in {"VN", "KR"}, person.id
        for role in person.roles:
            where = (person.id, role.title)
            assert role.office is None or role.office in OFFICES, where
            assert role.office is None or role.country in {"VN", "KR"}, where
            for value in (role.since, role.until):
                assert value is None or _DATE.match(value), where
            if role.since and role.until:
                assert bounds(role.since)[0] <= bounds(role.until)[1], where


@pytest.mark.parametrize("country", ["VN", "KR"])
@pytest.mark.parametrize("office", SINGLE_HOLDER + SINGLE_HOLDER_MINISTERS)
def test_single_holder_offices_have_one_holder_at_a_time(office: str, country: str) -> None:
    held = terms(office, country)
    if office == "party-general-secretary" and country == "KR":
        assert not held
        return
    for person, role in held:
        assert role.since, (person.id, role.title)
    for (first, a), (second, b) in itertools.combinations(held, 2):
        if first.id == second.id:
            continue
        overlap = min(certain_term(a)[1], certain_term(b)[1]) - certain_term(b)[0]
        assert overlap <= HANDOVER, (first.name, a.until, second.name, b.since)


def unfilled(office: str, country: str) -> list[tuple[date, date]]:
    """Stretches between relations beginning and the last check with no certain holder."""
    gaps: list[tuple[date, date]] = []
    reach = COVERED[0]
    for _person, role in terms(office, country):
        start, end = certain_term(role)
        if start > reach:
            gaps.append((reach, min(start, COVERED[1])))
        reach = max(reach, end)
        if reach >= COVERED[1]:
            return gaps
    return [*gaps, (reach, COVERED[1])]


@pytest.mark.parametrize("country", ["VN", "KR"])
@pytest.mark.parametrize(
    "office", ["president", "prime-minister", "foreign-minister", "defence-minister"]
)
def test_top_offices_are_filled_since_relations_began(office: str, country: str) -> None:
    known = KNOWN_VACANCIES.get((country, office), [])
    for start, end in unfilled(office, country):
        if end - start <= LONGEST_ACTING:
            continue
        assert any(k[0] <= start and end <= k[1] for k in known), (office, country, start, end)


def test_party_general_secretaries_are_filled_since_relations_began() -> None:
    for start, end in unfilled("party-general-secretary", "VN"):
        assert end - start <= LONGEST_ACTING, (start, end)


@pytest.mark.parametrize(
    ("office", "country", "day", "name"),
    [
        ("defence-minister", "KR", "2023-03-28", "Lee Jong-sup"),
        ("defence-minister", "VN", "2019-06-20", "Ngô Xuân Lịch"),
        ("president", "KR", "2018-03-22", "Moon Jae-in"),
        ("president", "VN", "1993-05-01", "Lê Đức Anh"),
        ("prime-minister", "VN", "2010-10-10", "Nguyễn Tấn Dũng"),
        ("party-general-secretary", "VN", "2015-05-01", "Nguyễn Phú Trọng"),
        ("foreign-minister", "KR", "2008-12-01", "Yu Myung-hwan"),
        ("foreign-minister", "VN", "2014-07-01", "Phạm Bình Minh"),
        ("defence-minister", "KR", "2024-10-01", "Kim Yong-hyun"),
        ("defence-minister", "KR", "2021-01-15", "Suh Wook"),
        ("prime-minister", "KR", "2023-06-30", "Han Duck-soo"),
    ],
)
def test_who_held_an_office_on_a_day(office: str, country: str, day: str, name: str) -> None:
    assert holders(office, country, date.fromisoformat(day)) == [name]


def test_a_past_meeting_gets_the_title_held_that_day() -> None:
    giang = next(p for p in people() if p.id == "phan-van-giang")
    day = date(2019, 6, 20)
    held = [r.office for r in giang.roles if possible_term(r)[0] <= day <= possible_term(r)[1]]
    assert "chief-of-general-staff" in held
    assert "defence-minister" not in held


@pytest.mark.parametrize(
    ("spelling", "person_id"),
    [
        ("이종섭", "lee-jong-sup"),
        ("Lee Jongsup", "lee-jong-sup"),
        ("Li Chông Sóp", "lee-jong-sup"),
        ("판반장", "phan-van-giang"),
        ("또럼", "to-lam"),
        ("응우옌쑤언푹", "nguyen-xuan-phuc"),
        ("Nguyen Phu Trong", "nguyen-phu-trong"),
        ("문재인", "moon-jae-in"),
        ("Yoon Seok-youl", "yoon-suk-yeol"),
    ],
)
def test_spellings_resolve_to_the_person(spelling: str, person_id: str) -> None:
    owners = [
        p.id for p in people() if squash(spelling) in {squash(a) for a in (p.name, *p.aliases)}
    ]
    assert owners == [person_id]


_HANGUL = re.compile("[\uac00-\ud7a3]")


def test_korean_articles_can_name_everyone_korean_and_vietnams_top_officials() -> None:
    top = {*SINGLE_HOLDER, *SINGLE_HOLDER_MINISTERS}
    for person in people():
        needs_hangul = person.country == "KR" or any(r.office in top for r in person.roles)
        if needs_hangul:
            assert any(_HANGUL.search(a) for a in person.aliases), person.id
