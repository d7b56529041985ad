"""The development set's non-negotiables, measured by the real pipeline (see score.py)."""

from __future__ import annotations

import pytest

from .score import ArticleScore, score_all


@pytest.fixture(scope="module")
def scores() -> list[ArticleScore]:
    """Every article of the set, scored once."""
    return score_all()


def test_the_set_is_big_enough(scores: list[ArticleScore]) -> None:
    """At least 30 articles, 8 Vietnamese, 6 Korean and 4 decoys, as issue 7 asks."""
    langs = [s.lang for s in scores]
    assert len(scores) >= 30
    assert langs.count("vi") >= 8
    assert langs.count("ko") >= 6
    assert sum(s.decoy for s in scores) >= 4


def test_every_decoy_is_refused(scores: list[ArticleScore]) -> None:
    """North Korea, third countries and non-meeting pages are not stored as Vietnam–RoK talks."""
    assert [s.stem for s in scores if s.decoy and not s.refused] == []


def test_no_year_is_invented(scores: list[ArticleScore]) -> None:
    """A year is given only where the text or its metadata supports it, and it is the right one."""
    assert [s.stem for s in scores if s.year_invented] == []


def test_no_quote_is_credited_to_the_wrong_speaker(scores: list[ArticleScore]) -> None:
    """A sentence is never shown under someone who did not say it."""
    wrong = {s.stem: [m for m in s.misses if m.startswith("quote")] for s in scores}
    assert {stem: misses for stem, misses in wrong.items() if misses} == {}


def test_no_organisation_is_listed_as_a_person(scores: list[ArticleScore]) -> None:
    """Ministries, agencies and offices never appear as participants."""
    assert [s.stem for s in scores if s.orgs_as_people] == []
