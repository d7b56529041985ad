"""Pages in any character set: declared, in a meta tag, or detected; wrong labels are skipped."""

from __future__ import annotations

import pytest

from bot.watch.decode import DecodeError, charset_of, decode_page

KOREAN = "한국과 베트남은 포괄적 전략동반자 관계를 강화하기로 합의했다. " * 20
VIETNAMESE = "Việt Nam và Hàn Quốc nhất trí tăng cường hợp tác quốc phòng. " * 20


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (KOREAN.encode("euc-kr"), "text/html; charset=EUC-KR", KOREAN),
        (KOREAN.encode("cp949"), "text/html; charset=euc-kr", KOREAN),  # read as browsers do
        (b'<meta charset="euc-kr">' + KOREAN.encode("euc-kr"), "text/html", None),
        (KOREAN.encode("euc-kr"), "text/html; charset=utf-8", KOREAN),  # the label lies
        (VIETNAMESE.encode("utf-8"), None, VIETNAMESE),
        (b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), "text/html; charset=latin-1", VIETNAMESE),
        (VIETNAMESE.encode("utf-16"), None, VIETNAMESE),
    ],
)
def test_pages_decode_right(data: bytes, content_type: str | None, expected: str | None) -> None:
    text = decode_page(data, content_type)
    assert (expected or KOREAN) in text


def test_a_body_that_is_not_text_is_refused() -> None:
    noise = bytes((n * 7919) % 256 for n in range(20_000))
    with pytest.raises(DecodeError, match="character set cannot be told"):
        decode_page(noise, "text/html; charset=klingon")


def test_charset_parameter() -> None:
    assert charset_of('text/html; charset="EUC-KR"') == "EUC-KR"
    assert charset_of("text/html") is None
