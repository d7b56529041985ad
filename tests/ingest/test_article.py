"""Reading article files: header, body, and the files that must be refused."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from bot.ingest.article import ArticleError, read_article

SEEDS = Path(__file__).resolve().parents[2] / "data" / "articles"


def seed(prefix: str) -> Path:
    """The seed article whose file name starts with `prefix`."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_header_fields_are_read() -> None:
    article = read_article(seed("000"))
    assert article.file == seed("000").name
    assert article.outlet == "The Europe Today"
    assert article.url is None
    assert article.published == date(2024, 4, 24)
    assert article.body.startswith("Hanoi, April 24, 2024, The Europe Today:")


def test_empty_published_is_unknown() -> None:
    article = read_article(seed("001"))
    assert article.outlet == "VNA"
    assert article.published is None


def test_article_without_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Vietnam and the RoK held talks.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.outlet, article.url, article.published) == (None, None, None)
    assert article.body == "Vietnam and the RoK held talks.\n"


def test_unclosed_fence_is_body(tmp_path: Path) -> None:
    path = tmp_path / "fence.txt"
    path.write_text("---\noutlet: VNA\nTalks were held.\n", encoding="utf-8")
    assert read_article(path).body.startswith("---")


def test_url_with_colons_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    text = "---\noutlet: VNS\nurl: https://vietnamnews.vn/a:b\npublished: 2023-03-01\n---\nBody.\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    article = read_article(path)
    assert article.url == "https://vietnamnews.vn/a:b"
    assert article.published == date(2023, 3, 1)
    assert article.body == "Body.\n"


def test_legacy_encoding_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Talks in Hà Nôi, café après.".encode("cp1258"))
    assert read_article(path).body == "Talks in Hà Nôi, café après."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"---\noutlet: VNA\n---\n\n", "no body"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"---\npublished: 24/04/2024\n---\nBody.", "YYYY-MM-DD"),
    ],
)
def test_bad_files_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad_article.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=reason) as caught:
        read_article(path)
    assert "bad_article.txt" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Vietnam and the RoK held talks. " * 100, encoding="utf-8")
    with pytest.raises(ArticleError, match=r"huge\.txt.*larger than 1,000 bytes"):
        read_article(path, max_bytes=1000)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match=r"nowhere\.txt: file not found"):
        read_article(tmp_path / "nowhere.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ArticleError, match=r"folder\.txt"):
        read_article(folder)


def test_article_error_is_a_value_error() -> None:
    assert issubclass(ArticleError, ValueError)


def test_latin1_file_is_not_read_as_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Talks in São Paulo, façade, Ñandú.".encode("latin-1"))
    assert read_article(path).body == "Talks in São Paulo, façade, Ñandú."


def test_vietnamese_legacy_file_is_read_as_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.txt"
    text = "Thứ trưởng Nguyễn Chí Vịnh đồng chủ trì đối thoại."
    path.write_bytes(_cp1258(text))
    assert unicodedata.normalize("NFC", read_article(path).body) == text


def test_korean_legacy_file_is_read_as_korean(tmp_path: Path) -> None:
    path = tmp_path / "euc-kr.txt"
    text = "서주석 국방부 차관이 8일 오후 응웬 치 빙 베트남 국방차관과 국방전략대화를 했다."
    path.write_bytes(text.encode("euc-kr"))
    assert read_article(path).body == text


def _cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: letters it has precomposed, tone marks as combining ones."""
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if out and unicodedata.combining(char):
            merged = unicodedata.normalize("NFC", out[-1] + char)
            try:
                merged.encode("cp1258")
            except UnicodeEncodeError:
                pass
            else:
                out[-1] = merged
                continue
        out.append(char)
    return "".join(out).encode("cp1258")
