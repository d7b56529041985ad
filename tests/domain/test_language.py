"""The language of an article, told apart among English, Vietnamese and Korean."""

from __future__ import annotations

import pytest

from bot.domain.language import detect_language, stored_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Vietnamese Minister of Foreign Affairs Bui Thanh Son and his Korean counterpart Park "
            "Jin held talks over the phone on July 13.",
            "en",
        ),
        (
            "Ngày 27/12, tại Hà Nội đã diễn ra đối thoại chính sách quốc phòng Việt Nam-Hàn Quốc "
            "lần thứ 5.",
            "vi",
        ),
        # Without diacritics, as some pages lose them.
        (
            "Thu truong Bo Quoc phong Nguyen Chi Vinh va nguoi dong cap Han Quoc da dong chu tri "
            "doi thoai chinh sach quoc phong lan thu 8 tai Seoul.",
            "vi",
        ),
        (
            "서주석 국방부 차관이 8일 오후 용산 국방부 청사에서 응웬 치 빙 베트남 국방차관과 "
            "제6차 한-베트남 국방전략대화를 했다.",
            "ko",
        ),
        ("12345 — ...", "en"),
    ],
)
def test_language_is_detected(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_english_is_stored_as_none() -> None:
    assert [stored_language(x) for x in ("en", "vi", "ko")] == [None, "vi", "ko"]
