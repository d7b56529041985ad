"""Where the event was held and which dialogue mechanism (and edition) it was."""

from __future__ import annotations

import pytest

from bot.ingest.article import RawArticle
from bot.ingest.extract import extract, find_mechanism, find_place, normalise_place

from .seeds import dialogue, reference


@pytest.mark.parametrize(
    ("prefix", "place", "mechanism", "edition"),
    [
        ("000", "Hanoi", "defence-policy-dialogue", 11),
        ("001", "Seoul", "defence-ministers-talks", None),
        ("002", "Seoul", "strategic-defence-dialogue", 2),
        ("003", "Hanoi", "deputy-fm-strategic-dialogue", 5),
        ("004", "Seoul", "state-visit", None),
    ],
)
def test_place_mechanism_and_edition(
    prefix: str, place: str, mechanism: str, edition: int | None
) -> None:
    found = dialogue(prefix)
    assert (found.place, found.mechanism, found.edition) == (place, mechanism, edition)


@pytest.mark.parametrize(
    ("written", "city"),
    [("HÀ NỘI", "Hanoi"), ("Hà Nội", "Hanoi"), ("Ha Noi", "Hanoi"), ("SEOUL", "Seoul")],
)
def test_place_names_are_normalised(written: str, city: str) -> None:
    assert normalise_place(written) == city


@pytest.mark.parametrize(
    ("lead", "place"),
    [
        ("Ngày 27/12, tại Hà Nội đã diễn ra đối thoại.", "Hanoi"),
        ("Hôm 20/6, tại thủ đô Seoul, Thượng tướng Nguyễn Chí Vịnh chủ trì.", "Seoul"),
        ("Ngày 10/12, tại Thành phố Hồ Chí Minh, hai bộ tổ chức đối thoại.", "Ho Chi Minh City"),
        ("4월 23일 오후 하노이에서 차관들은 대화를 주재했다.", "Hanoi"),
        ("박재민 국방부차관은 20일 서울 국방컨벤션에서 회의를 개최했다.", "Seoul"),
        ("(서울=연합뉴스) 이영재 기자 = 서주석 국방부 차관이 회담했다.", "Seoul"),
    ],
)
def test_places_in_vietnamese_and_korean(lead: str, place: str) -> None:
    assert find_place([lead], []) == place


@pytest.mark.parametrize(
    ("lead", "mechanism", "edition"),
    [
        (
            "Đối thoại chính sách quốc phòng Việt Nam-Hàn Quốc lần thứ 5",
            "defence-policy-dialogue",
            5,
        ),
        ("제11차 한‧베트남 국방전략대화 개최", "defence-policy-dialogue", 11),
        ("The first Vietnam-RoK maritime dialogue was held in Hanoi", "maritime-dialogue", 1),
        ("President Lee Jae Myung welcomed To Lam on an official visit", "official-visit", None),
        (
            "Bộ trưởng Ngoại giao Bùi Thanh Sơn điện đàm với Bộ trưởng Cho Tae-yul",
            "phone-call",
            None,
        ),
        ("조현 외교부 장관은 베트남 외교장관과 전화 통화를 했다", "phone-call", None),
        ("Thứ trưởng Nguyễn Chí Vịnh chào xã giao Bộ trưởng", "courtesy-call", None),
    ],
)
def test_mechanisms_in_three_languages(lead: str, mechanism: str, edition: int | None) -> None:
    assert find_mechanism([lead], reference()) == (mechanism, edition)


def test_a_headline_line_is_not_the_lead() -> None:
    body = (
        "S. Korea, Vietnam agree to elevate diplomatic relationship to 'comprehensive strategic "
        "partnership'\n"
        "SEOUL, Oct. 18 (Yonhap) -- South Korea and Vietnam on Tuesday agreed to elevate their "
        "relationship.\n"
        "South Korean Foreign Minister Park Jin held talks with his Vietnamese counterpart, Bui "
        "Thanh Son, in Hanoi and agreed to elevate the two countries' relationship."
    )
    found = extract(RawArticle("a.txt", None, None, None, body), reference()).dialogue
    assert (found.mechanism, found.place) == ("foreign-ministers-talks", "Hanoi")
