"""Only articles about a Vietnam–RoK dialogue become dialogues; stray text files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.text import MAX_QUOTE
from bot.ingest.article import ArticleError, RawArticle, read_article
from bot.ingest.extract import extract

from .seeds import ALL, article, reference

REPO = Path(__file__).resolve().parents[3]
README = (REPO / "README.md").read_text(encoding="utf-8")
# What a wheel's METADATA file looks like: headers, then the README as its long description.
METADATA = (
    "Metadata-Version: 2.4\nName: briefbot\nVersion: 0.1.0\nRequires-Python: >=3.11\n"
    "Requires-Dist: tinydb~=4.8\nDescription-Content-Type: text/markdown\n\n" + README
)


def raw(body: str, file: str = "stray.txt") -> RawArticle:
    return RawArticle(file=file, outlet=None, url=None, published=None, body=body)


@pytest.mark.parametrize(
    ("file", "body", "reason"),
    [
        ("one_line.txt", "Vietnam and the RoK held talks.", "no dialogue mechanism"),
        ("words.txt", "word word\n" * 150_000, "does not mention both Vietnam and Korea"),
        ("README.md", README, "no dialogue mechanism and no official"),
        ("METADATA", METADATA, "no dialogue mechanism and no official"),
        ("vietnam_only.txt", "The 11th defence policy dialogue was held in Hanoi.", "both"),
    ],
)
def test_text_that_reports_no_dialogue_is_refused_in_one_line(
    file: str, body: str, reason: str
) -> None:
    with pytest.raises(ArticleError, match=reason) as refused:
        extract(raw(body, file), reference())
    message = str(refused.value)
    assert message.startswith(f"{file}: not a Vietnam–RoK dialogue article")
    assert "\n" not in message


@pytest.mark.parametrize("prefix", ALL)
def test_every_seed_is_a_dialogue(prefix: str) -> None:
    assert extract(article(prefix), reference()).dialogue.sources


def test_the_test_fixture_article_is_a_dialogue() -> None:
    found = extract(read_article(REPO / "tests" / "fixtures" / "new_dialogue.txt"), reference())
    assert found.dialogue.mechanism == "defence-policy-dialogue"


def test_a_call_between_titled_officials_needs_no_mechanism() -> None:
    body = (
        "Vietnamese Foreign Minister Bui Thanh Son held phone talks with RoK Foreign Minister "
        "Cho Tae-yul on Monday about cooperation between Vietnam and Korea."
    )
    found = extract(raw(body), reference())
    assert found.dialogue.mechanism is None
    assert any(p.role for p in found.dialogue.participants)


def test_a_runaway_sentence_is_quoted_clipped() -> None:
    body = (
        "The 11th Vietnam-RoK defence policy dialogue was held in Hanoi on April 23 and "
        + "the sides talked about naval cooperation " * 300
        + "at length."
    )
    found = extract(raw(body), reference())
    quoted = [
        *found.dialogue.summary,
        *(e for t in found.dialogue.topics for e in t.evidence),
    ]
    assert quoted
    for evidence in quoted:
        assert len(evidence.sentence) <= MAX_QUOTE
        assert evidence.sentence.endswith("…")
        # Cut cleanly: after a whole word of the article, never inside one.
        assert evidence.sentence[:-1] + " " in found.source.text
