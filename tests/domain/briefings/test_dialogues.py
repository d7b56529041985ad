"""/latest over hand-built dialogues that mirror the seed articles."""

from __future__ import annotations

from bot.domain.briefings import LatestView, latest
from bot.render import render_text

from ..factories import make_corpus, make_dialogue, reference, seed_corpus
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


def test_a_new_corpus_gets_cards_of_its_own_dialogues() -> None:
    # The store's next corpus holds the same dialogue (same id, same seq) reported anew: its
    # card must show the new report, never one kept from the corpus before.
    before = make_dialogue("talks", title="Defence talks in Hanoi", outlet="VNA")
    after = make_dialogue("talks", title="Defence talks in Hanoi", outlet="Yonhap", source_id="s2")
    first = latest(make_corpus([before]), reference(), 1)
    again = latest(make_corpus([after]), reference(), 1)
    assert isinstance(first, LatestView) and isinstance(again, LatestView)
    assert [c.outlet for c in first.cards[0].sources] == ["VNA"]
    assert [c.outlet for c in again.cards[0].sources] == ["Yonhap"]
