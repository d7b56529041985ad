"""Participants: names, countries and titles, known to the reference or not."""

from __future__ import annotations

import pytest

from bot.domain.reference import Reference
from bot.ingest.extract import extract

from .seeds import ALL, article, dialogue, extracted, reference


def without(*person_ids: str) -> Reference:
    """A copy of the reference that does not know these people."""
    people = [p for p in reference().people if p.id not in person_ids]
    return reference().model_copy(update={"people": people})


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "000",
            [
                ("Hoàng Xuân Chiến", "VN", "Deputy Minister of National Defence"),
                ("Kim Seon-ho", "KR", "Deputy Minister of National Defence"),
            ],
        ),
        (
            "001",
            [
                ("Phan Văn Giang", "VN", "Minister of National Defence"),
                ("Lee Jong-sup", "KR", "Minister of National Defence"),
            ],
        ),
        (
            "002",
            [
                ("Nguyễn Chí Vịnh", "VN", "Deputy Defence Minister"),
                ("Baek Seung-joo", "KR", "Deputy Defence Minister"),
            ],
        ),
        (
            "003",
            [
                ("Bùi Thanh Sơn", "VN", "Foreign Minister"),
                ("Chang Ho-jin", "KR", "First Vice Minister of Foreign Affairs"),
                ("Nguyễn Minh Vũ", "VN", "Permanent Deputy Minister of Foreign Affairs"),
            ],
        ),
        (
            "004",
            [
                ("Tô Lâm", "VN", "Party General Secretary"),
                ("Lee Jae-myung", "KR", "RoK President"),
            ],
        ),
    ],
)
def test_participants(prefix: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(p.name, p.country, p.role) for p in dialogue(prefix).participants]
    assert found == expected


def test_people_carry_the_role_seen_in_the_article() -> None:
    found = extracted("000")
    chien = next(p for p in found.people if p.id == "hoang-xuan-chien")
    assert chien.name == "Hoàng Xuân Chiến"
    assert "Hoang Xuan Chien" in chien.aliases
    # The article shows him in the post on that day; it does not say when he took it up.
    assert [(r.title, r.country, r.as_of, r.since) for r in chien.roles] == [
        ("Deputy Minister of National Defence", "VN", "2024-04-23", None)
    ]
    assert [p.id for p in found.people] == [p.person_id for p in found.dialogue.participants]


def test_role_has_no_date_when_the_year_is_unknown() -> None:
    giang = next(p for p in extracted("001").people if p.id == "phan-van-giang")
    assert [(r.title, r.as_of) for r in giang.roles] == [("Minister of National Defence", None)]


@pytest.mark.parametrize(
    ("prefix", "person_id", "name", "country", "role"),
    [
        ("000", "kim-seon-ho", "Kim Seon Ho", "KR", "Deputy Minister of National Defence"),
        ("001", "lee-jong-sup", "Lee Jong-sup", "KR", "Minister of National Defence"),
        ("002", "baek-seung-joo", "Baek Seung-joo", "KR", "Deputy Defence Minister"),
        ("003", "chang-ho-jin", "Chang Ho-jin", "KR", "First Vice Minister of Foreign Affairs"),
        ("004", "lee-jae-myung", "Lee Jae Myung", "KR", "RoK President"),
        ("004", "to-lam", "To Lam", "VN", "Party General Secretary"),
    ],
)
def test_person_not_in_reference_is_found_from_their_title(
    prefix: str, person_id: str, name: str, country: str, role: str
) -> None:
    found = extract(article(prefix), without(person_id))
    participant = next(p for p in found.dialogue.participants if p.person_id == person_id)
    assert (participant.name, participant.country, participant.role) == (name, country, role)
    person = next(p for p in found.people if p.id == person_id)
    assert (person.name, person.country) == (name, country)
    assert [r.title for r in person.roles] == [role]


def test_nobody_else_is_taken_for_a_person() -> None:
    nobody = reference().model_copy(update={"people": []})
    for prefix in ALL:
        names = [p.name for p in extract(article(prefix), nobody).dialogue.participants]
        assert len(names) == len(dialogue(prefix).participants), names
