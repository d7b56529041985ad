"""Cleaning steps, each checked on the seed article that shows the problem."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from bot.domain.headings import paragraphs
from bot.ingest.article import read_article
from bot.ingest.clean import (
    clean_text,
    dedupe_paragraphs,
    find_dateline,
    fix_encoding,
    fix_mojibake,
    is_boilerplate,
    is_caption,
    normalise_whitespace,
    sentences,
    strip_dateline,
    strip_end_marker,
)

SEEDS = Path(__file__).resolve().parents[2] / "data" / "articles"


@cache
def raw(prefix: str) -> str:
    """The raw body of a seed article."""
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt"))).body


@cache
def cleaned(prefix: str) -> str:
    """The cleaned text of a seed article."""
    return clean_text(raw(prefix))


# --- encoding -----------------------------------------------------------------------------------


def test_mojibake_is_repaired_run_by_run() -> None:
    assert "HoĂ ng XuĂ¢n Chiến" in raw("000")
    assert fix_mojibake("HoĂ ng XuĂ¢n Chiến") == "Hoàng Xuân Chiến"
    assert "Hoàng Xuân Chiến" in cleaned("000")
    assert "Ă" not in cleaned("000")


@pytest.mark.parametrize("text", ["Hà Nội", "Việt Nam", "Bùi Thanh Sơn", "CÔ GÁI", "Chiến", "Ă"])
def test_correct_text_is_left_alone(text: str) -> None:
    assert fix_mojibake(text) == text


def test_ftfy_straightens_quotes() -> None:
    assert "‘Four No’s’" in raw("001")
    assert "'Four No's'" in cleaned("001")
    assert fix_encoding("Vietnam’s") == "Vietnam's"


# --- whitespace ---------------------------------------------------------------------------------


def test_whitespace_is_normalised() -> None:
    assert "\xa0" in raw("001")
    assert normalise_whitespace("a\xa0 \xa0b  \n\n\n\nc \t") == "a b\n\nc"
    text = cleaned("001")
    assert "\xa0" not in text
    assert "  " not in text
    assert all(line == line.strip() for line in text.split("\n"))


# --- repeats ------------------------------------------------------------------------------------


def test_repeated_block_is_kept_once() -> None:
    assert raw("002").count("During the dialogue, which was co-chaired") == 2
    text = cleaned("002")
    assert text.count("During the dialogue, which was co-chaired") == 1
    assert text.count("limited budget") == 1
    parts = paragraphs(text)
    assert len(parts) == 11
    assert parts[0].startswith("Vietnam and the Republic of Korea (RoK) on November 15")
    assert parts[-1] == (
        "The delegation also co-chaired a discussion on the building of sound "
        "defence plans with a limited budget."
    )


def test_lead_repeated_after_caption_is_kept_once() -> None:
    lead = "agreed to strengthen the bilateral defence cooperation"
    assert raw("001").count(lead) == 2
    assert cleaned("001").count(lead) == 1


def test_dedupe_keeps_order_and_first_copy() -> None:
    assert dedupe_paragraphs(["A b.", "C d.", "a B.", "E f."]) == ["A b.", "C d.", "E f."]


# --- boilerplate --------------------------------------------------------------------------------


def test_page_furniture_is_dropped() -> None:
    assert "See more" not in cleaned("001")
    for furniture in ("You May Also like", "Stay Connected", "×"):
        assert furniture in raw("004")
        assert furniture not in cleaned("004")
    assert is_boilerplate("See more")
    assert is_boilerplate("×")
    assert not is_boilerplate("See more of Vietnam, the minister said.")


def test_photo_caption_is_dropped() -> None:
    caption = next(line for line in raw("001").split("\n") if "ảnh 1" in line)
    assert is_caption(caption)
    assert "(Photo: VNA)" not in cleaned("001")
    assert "ảnh" not in cleaned("001")
    assert not is_caption("Vietnamese Minister Phan Van Giang met his counterpart in Seoul.")


def test_page_date_stamp_is_dropped() -> None:
    assert raw("004").startswith("Wednesday, August 13, 2025")
    assert "Wednesday, August 13, 2025" not in cleaned("004")


@pytest.mark.parametrize(
    ("prefix", "dateline", "opening"),
    [
        ("000", "Hanoi, April 24, 2024, The Europe Today:", "The 11th Vietnam-Republic of Korea"),
        ("001", "Seoul (VNA) –", "Vietnamese Minister of National Defence"),
        ("003", "HÀ NỘI —", "Foreign Minister Bùi Thanh Sơn on Wednesday"),
        ("004", "Seoul – 12 August 2025 (MT Team) :", "The state visit of Vietnamese"),
    ],
)
def test_dateline_is_stripped_sentence_kept(prefix: str, dateline: str, opening: str) -> None:
    assert dateline in raw(prefix)
    assert dateline not in cleaned(prefix)
    assert any(p.startswith(opening) for p in paragraphs(cleaned(prefix)))


def test_dateline_parts_are_found() -> None:
    found = find_dateline("Seoul – 12 August 2025 (MT Team) : The state visit ended.")
    assert found is not None
    assert (found.place, found.date) == ("Seoul", "12 August 2025")
    hanoi = find_dateline("HÀ NỘI — Foreign Minister Bùi Thanh Sơn on Wednesday hosted")
    assert hanoi is not None
    assert hanoi.place == "HÀ NỘI"
    assert strip_dateline("Seoul (VNA) – Vietnamese Minister") == "Vietnamese Minister"


@pytest.mark.parametrize(
    "text",
    [
        "Vietnam and the RoK will enhance exchanges in diverse formats — from bilateral visits",
        "Vietnam–South Korea Leaders Pledge Closer Ties",
        "Regarding the Korean Peninsula, Vietnam reaffirmed its stance.",
    ],
)
def test_prose_is_not_a_dateline(text: str) -> None:
    assert find_dateline(text) is None
    assert strip_dateline(text) == text


def test_agency_sign_offs_are_stripped() -> None:
    assert "-VNA" not in cleaned("002")
    assert paragraphs(cleaned("002"))[-1].endswith("with a limited budget.")
    assert "VNS" not in cleaned("003")
    assert cleaned("003").endswith("in the Asia-Pacific and Indian Ocean.")
    assert "./." not in cleaned("001")
    assert cleaned("001").endswith("Giang invited Lee to visit Vietnam at an appropriate time.")
    assert strip_end_marker("with a limited budget.-VNA") == "with a limited budget."


# --- sentences ----------------------------------------------------------------------------------


def test_sentences_respect_abbreviations_and_decimals() -> None:
    text = (
        "Gen. Phan Van Giang met U.S. officials. Item No. 5 costs 3.5 billion USD. "
        "The First Vice Minister of the Republic of Korea (RoK) Chang Ho-jin spoke.\n"
        "He left!"
    )
    assert sentences(text) == [
        "Gen. Phan Van Giang met U.S. officials.",
        "Item No. 5 costs 3.5 billion USD.",
        "The First Vice Minister of the Republic of Korea (RoK) Chang Ho-jin spoke.",
        "He left!",
    ]


def test_seed_sentences_are_verbatim() -> None:
    text = cleaned("000")
    found = sentences(text)
    assert len(found) == 13
    assert all(s in text for s in found)
    assert found[0].endswith("setting future directions for joint collaboration.")


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u2060", "\ufeff"])
def test_an_invisible_character_inside_a_word_is_dropped(invisible: str) -> None:
    assert clean_text(f"Hoàng Xuân Chi{invisible}ến met Kim Seon{invisible}-ho.") == (
        "Hoàng Xuân Chiến met Kim Seon-ho."
    )
