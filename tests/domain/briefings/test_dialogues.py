"""/latest over hand-built dialogues that mirror the seed articles."""

from __future__ import annotations

from bot.domain.briefings import LatestView, latest
from bot.render import render_text

from ..factories import reference, seed_corpus
from .asking import ask


def test_latest_is_the_state_visit() -> None:
    view = ask("/latest")
    assert isinstance(view, LatestView) and len(view.cards) == 1
    card = view.cards[0]
    assert card.dialogue.id == "to-lam-state-visit"
    assert (card.dialogue.date, card.dialogue.place) == ("10–13 August 2025", "Seoul")
    assert {a.person_id for a in card.participants} == {"to-lam", "lee-jae-myung"}
    text = render_text(view)
    for expected in ("10–13 August 2025", "Seoul", "joint statement", "Lee Jae-myung", "President"):
        assert expected in text
    assert "\nMT Team, 13 Aug 2025:\n• " in text  # the article, once, over its statements


def test_latest_n_is_newest_first() -> None:
    view = latest(seed_corpus(), reference(), 3)
    assert isinstance(view, LatestView)
    assert [c.dialogue.id for c in view.cards] == [
        "to-lam-state-visit",
        "defence-policy-11",
        "strategic-defence-2",
    ]
    every = latest(seed_corpus(), reference(), 99)
    assert isinstance(every, LatestView) and len(every.cards) == 5
