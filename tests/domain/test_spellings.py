"""Spellings that name one thing: folded, joined and expanded from the register."""

from __future__ import annotations

import pytest

from bot.domain.reference import load_reference
from bot.domain.spellings import Equivalents, equivalents, korean_stem


@pytest.fixture(scope="module")
def names() -> Equivalents:
    return equivalents(load_reference().people)


@pytest.mark.parametrize(
    ("typed", "also"),
    [
        ("Vietnam", ("viet", "nam")),
        ("Việt Nam", ("vietnam",)),
        ("VIET-NAM", ("beteunam",)),  # 베트남
        ("베트남", ("viet", "nam")),
        ("Phan Van Giang", ("phan", "van", "giang")),
        ("Phan Văn Giang", ("panbanjang",)),  # 판반장
        ("판반장", ("phan", "van", "giang")),
        ("판 반 장", ("phan", "van", "giang")),
        ("Hà Nội", ("hanoi",)),
        ("Hàn Quốc", ("south", "korea")),
        ("대한민국", ("republic", "of", "korea")),
        ("Seoul", ("seoul",)),
        ("베트남과", ("vietnam",)),  # "with Vietnam": the particle is not part of the name
        ("한국은", ("south", "korea")),
    ],
)
def test_a_spelling_expands_to_its_equivalents(
    names: Equivalents, typed: str, also: tuple[str, ...]
) -> None:
    assert also in names.spellings(typed)


@pytest.mark.parametrize("typed", ["South Korea", "ROK", "한국", "Hàn Quốc"])
def test_south_korea_is_not_korea_alone(names: Equivalents, typed: str) -> None:
    # Bare "Korea" also names North Korea and begins "Korean": no spelling of South Korea.
    assert ("korea",) not in names.spellings(typed)
    assert names.names(typed) and not names.names("Korea")


def test_hangul_spellings_are_known_as_such(names: Equivalents) -> None:
    assert {("beteunam",), ("hangug",)} <= names.hangul
    assert ("vietnam",) not in names.hangul


def test_an_unknown_word_is_only_itself_folded(names: Equivalents) -> None:
    assert names.spellings("Cooperation") == (("cooperation",),)
    assert names.spellings("  ") == ()


def test_a_spelling_two_groups_share_names_neither() -> None:
    names = Equivalents.of([["Alpha", "Common"], ["Beta", "Common"]])
    assert names.spellings("Common") == (("common",),)
    assert ("alpha",) not in names.spellings("Beta")


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("베트남과", "베트남"),
        ("한국에서", "한국"),
        ("국방부는", "국방부"),
        ("아이", None),
        ("Korea", None),
    ],
)
def test_a_korean_particle_is_taken_off_a_noun(word: str, stem: str | None) -> None:
    assert korean_stem(word) == stem
