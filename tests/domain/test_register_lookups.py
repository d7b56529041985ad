"""The register's dated terms: a title is given for a day only when it was surely held."""

from __future__ import annotations

from datetime import date

from bot.domain.models import Person, Role
from bot.domain.reference import load_reference
from bot.domain.register import alias_index, role_on

SPEAKER = Person(
    id="nguyen-phu-trong",
    name="Nguyễn Phú Trọng",
    country="VN",
    roles=[
        Role(
            title="Chairman of the National Assembly",
            office="national-assembly-chair",
            since="2006-06",
            until="2011-07",
        ),
    ],
)


def test_a_term_known_to_the_month_is_not_given_before_that_month_ends() -> None:
    # He took office on 26 June 2006; the register says only "2006-06".
    assert role_on(SPEAKER, date(2006, 6, 1)) == []
    assert [r.title for r in role_on(SPEAKER, date(2006, 6, 30))] == [
        "Chairman of the National Assembly"
    ]


def test_a_term_is_not_given_in_the_month_it_may_have_ended() -> None:
    assert role_on(SPEAKER, date(2011, 7, 15)) == []
    assert role_on(SPEAKER, date(2011, 6, 30)) != []


def test_the_alias_index_finds_register_people_by_any_spelling() -> None:
    reference = load_reference()
    spellings = alias_index(reference)
    assert spellings.find("Phan Văn Giang") == "phan-van-giang"
    assert spellings.find("phan van giang") == "phan-van-giang"
    assert spellings.hangul["이종섭"] == "lee-jong-sup"
    assert spellings.find("Nobody Of Note") is None
    assert alias_index(reference) is spellings  # one index per reference, shared by its users
