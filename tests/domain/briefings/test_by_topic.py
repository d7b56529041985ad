"""/topic: dialogues on a topic with their sentences, over the mirrored seeds."""

from __future__ import annotations

from bot.domain.briefings import NotFoundView, Ref, TopicView, topic
from bot.render import render_text

from ..factories import reference, seed_corpus
from .asking import ask


def test_topic_maritime_lists_dialogues_newest_first_with_sentences() -> None:
    view = ask("/topic maritime")
    assert isinstance(view, TopicView)
    assert view.topic.id == "maritime"
    assert len(view.entries) >= 4
    order = [d.id for d in seed_corpus().dialogues]
    ids = [e.dialogue.id for e in view.entries]
    assert ids == [i for i in order if i in ids]
    for entry in view.entries:
        assert entry.facts, entry.dialogue.id
        assert all(f.citation.outlet != "Unknown outlet" for f in entry.facts)


def test_topic_by_synonym_and_see_also() -> None:
    view = topic(seed_corpus(), reference(), "South China Sea")
    assert isinstance(view, TopicView)
    assert view.topic.id == "east-sea"
    assert Ref("topic", "maritime", "Maritime security") in view.see_also


def test_topic_with_no_dialogues_still_answers() -> None:
    view = topic(seed_corpus(), reference(), "peninsula")
    assert isinstance(view, TopicView) and view.entries == ()
    assert "No stored dialogue" in render_text(view)


def test_a_city_inside_a_keyword_only_suggests_its_topic() -> None:
    # "Seoul" is part of "Seoul Defence Dialogue", a keyword of multilateral fora, not its name.
    view = ask("/topic Seoul")
    assert isinstance(view, NotFoundView) and view.kind == "topic"
    assert Ref("topic", "multilateral-asean", "Multilateral fora and ASEAN") in view.suggestions
