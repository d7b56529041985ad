"""/position: a policy position's points and where it was stated."""

from __future__ import annotations

from conftest import per_line

from bot.domain.briefings import PositionView, position

from ..factories import reference, seed_corpus
from .asking import text_of


def test_position_four_nos() -> None:
    for query in ("four no's", "4 nos", "Four No’s"):
        view = position(seed_corpus(), reference(), query)
        assert isinstance(view, PositionView), query
        assert view.position.id == "four-nos"
        assert len(view.points) == 4
        assert [e.dialogue.id for e in view.entries] == ["giang-lee-talks"]
        assert "Four No" in view.entries[0].facts[0].text
    text = per_line(text_of("/position four no's"))
    assert "No participation in military alliances" in text
    assert "— VNA, 28 March (year unknown)" in text
