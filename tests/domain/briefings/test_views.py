"""Views: the buttons each briefing offers lead to briefings."""

from __future__ import annotations

from bot.domain.briefings import DialogueView, NotFoundView, Ref, UsageView, answer
from bot.domain.commands import parse_command

from ..factories import VNA_GIANG, reference, seed_corpus
from .asking import ask


def test_links_are_commands_and_deep_links() -> None:
    ref = Ref("person", "phan-van-giang", "Phan Văn Giang")
    assert ref.command == "/person phan-van-giang"
    assert ref.deep_link == "person_phan-van-giang"
    assert Ref("year", "2024", "2024").command == "/timeline 2024"
    assert Ref("command", "topics", "/topics").command == "/topics"
    assert Ref("topic", "a b", "x").deep_link is None
    for view in (ask("/latest"), ask("/topic maritime"), ask("/timeline")):
        for link in view.links:
            routed = parse_command(link.command)
            assert routed is not None
            assert not isinstance(
                answer(seed_corpus(), reference(), routed), NotFoundView | UsageView
            ), link


def test_dialogue_sources_come_right_after_its_people() -> None:
    view = ask("/dialogue giang-lee-talks")
    assert isinstance(view, DialogueView)
    assert view.links[0].command == "/dialogue giang-lee-talks full", "More comes first"
    kinds = [link.kind for link in view.links[1:]]
    people, sources = kinds.count("person"), kinds.count("source")
    assert kinds[: people + sources] == ["person"] * people + ["source"] * sources
    assert kinds.count("topic") > 4  # enough topics to have pushed the source off the keyboard
    # The Telegram layer shows only the first 8 links as buttons.
    assert {r.id for r in view.links[:8] if r.kind == "source"} == {VNA_GIANG}
