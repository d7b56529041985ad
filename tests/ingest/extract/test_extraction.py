"""The whole extraction: source record, cited evidence, and refusing empty articles."""

from __future__ import annotations

import hashlib

import pytest

from bot.ingest.article import ArticleError, RawArticle
from bot.ingest.clean import clean_text
from bot.ingest.extract import extract

from .seeds import ALL, article, extracted, reference


@pytest.mark.parametrize("prefix", ALL)
def test_source_is_keyed_by_hash_of_clean_text(prefix: str) -> None:
    found = extracted(prefix)
    clean = clean_text(article(prefix).body)
    assert found.source.text == clean
    assert found.source.id == hashlib.sha256(clean.encode("utf-8")).hexdigest()[:16]
    assert found.source.file == article(prefix).file
    assert found.source.dialogue_id == found.dialogue.id
    assert [s.id for s in found.dialogue.sources] == [found.source.id]


@pytest.mark.parametrize("prefix", ALL)
def test_all_evidence_cites_the_source(prefix: str) -> None:
    found = extracted(prefix)
    d = found.dialogue
    evidence = [
        *(e for topic in d.topics for e in topic.evidence),
        *(e for position in d.positions for e in position.evidence),
        *(c.evidence for c in d.commitments),
        *d.summary,
    ]
    assert evidence
    assert {e.source_id for e in evidence} == {found.source.id}
    assert all(e.sentence in found.source.text for e in evidence)
    roles = [r for p in found.people for r in p.roles]
    assert {r.source_id for r in roles} == {found.source.id}


def test_article_with_only_furniture_is_refused() -> None:
    empty = RawArticle(file="junk.txt", outlet=None, url=None, published=None, body="See more\n×")
    with pytest.raises(ArticleError, match=r"junk\.txt"):
        extract(empty, reference())


def test_a_vietnamese_article_carries_its_language_on_source_and_quotes() -> None:
    body = (
        "Ngày 20/6, tại Seoul, Thượng tướng Nguyễn Chí Vịnh, Thứ trưởng Bộ Quốc phòng Việt Nam, "
        "và Thứ trưởng Bộ Quốc phòng Hàn Quốc Park Jae-Min chủ trì Đối thoại Chính sách quốc "
        "phòng Việt Nam - Hàn Quốc lần thứ 8. Hai bên nhất trí tăng cường hợp tác an ninh biển."
    )
    found = extract(RawArticle("vi.txt", None, None, None, body), reference())
    assert found.source.lang == "vi"
    assert [s.lang for s in found.dialogue.sources] == ["vi"]
    assert found.dialogue.summary and all(e.lang == "vi" for e in found.dialogue.summary)
    assert extracted("000").source.lang is None
