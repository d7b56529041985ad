"""Headlines and decks, told apart from an article's body."""

from __future__ import annotations

import pytest

from bot.domain.headings import split_title
from bot.ingest.article import read_article
from bot.ingest.clean import clean_text

from .factories import ARTICLES


def cleaned(prefix: str) -> str:
    """The cleaned text of a seed article, as ingestion stores it."""
    return clean_text(read_article(next(ARTICLES.glob(f"{prefix}_*.txt"))).body)


def test_short_first_line_is_the_title() -> None:
    title, body = split_title(cleaned("001"))
    assert title == "Vietnam, RoK agree to strengthen defence ties"
    assert body.startswith("Vietnamese Minister of National Defence Gen. Phan Van Giang")


def test_decks_under_the_title_are_dropped_from_the_body() -> None:
    title, body = split_title(cleaned("004"))
    assert title == "Hanoi, Seoul Strengthen Defence, Security, Economic Ties"
    assert body.startswith("The state visit of Vietnamese Party General Secretary To Lam")
    assert "Leaders Pledge Closer Ties" not in body


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_article_opening_with_prose_has_no_title(prefix: str) -> None:
    title, body = split_title(cleaned(prefix))
    assert title is None
    assert body == cleaned(prefix)


def test_sentence_case_headline_is_the_title() -> None:
    text = "Vietnam, RoK hold 12th defence policy dialogue in Seoul\n\nThe dialogue took place."
    assert split_title(text) == (
        "Vietnam, RoK hold 12th defence policy dialogue in Seoul",
        "The dialogue took place.",
    )


def test_lone_paragraph_is_never_taken_as_a_title() -> None:
    assert split_title("Short note without a stop") == (None, "Short note without a stop")
