"""Topics and positions hit by keyword, each with the sentences behind it."""

from __future__ import annotations

import pytest

from .seeds import dialogue


def topic_sentences(prefix: str, topic: str) -> list[str]:
    """The evidence sentences for one topic of a seed, or [] when the topic was not hit."""
    hits = {t.id: t for t in dialogue(prefix).topics}
    return [e.sentence for e in hits[topic].evidence] if topic in hits else []


def test_seed_001_topics() -> None:
    topics = {t.id for t in dialogue("001").topics}
    expected = {
        "maritime",
        "east-sea",
        "war-legacy",
        "cyber-security",
        "military-medicine",
        "intelligence",
        "multilateral-asean",
    }
    assert expected <= topics
    war = topic_sentences("001", "war-legacy")
    assert any("war-left bombs and mines" in s for s in war)
    assert any("KOICA" in s and "AO/dioxin" in s for s in war)


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        ("000", "UNCLOS"),
        ("001", "naval forces"),
        ("002", "maritime security"),
        ("003", "maritime law enforcement capability"),
        ("004", "maritime security cooperation"),
    ],
)
def test_maritime_is_hit_with_its_sentence(prefix: str, phrase: str) -> None:
    assert any(phrase in s for s in topic_sentences(prefix, "maritime"))


def test_topic_keywords_match_whole_words_only() -> None:
    # "mines" is a war-legacy keyword; "ministers" must not count as one.
    war = topic_sentences("001", "war-legacy")
    assert not any(s.startswith("The ministers consented") for s in war)
    [post_war] = topic_sentences("003", "war-legacy")
    assert "post-war consequences" in post_war


@pytest.mark.parametrize(
    ("prefix", "position", "phrase"),
    [
        ("001", "four-nos", "'Four No's' policy"),
        ("000", "east-sea-stance", "UNCLOS"),
        ("001", "east-sea-stance", "rule of law"),
        ("000", "denuclearisation", "denuclearisation"),
        ("002", "denuclearisation", "non-proliferation of nuclear weapons"),
    ],
)
def test_positions_with_their_sentences(prefix: str, position: str, phrase: str) -> None:
    hits = {p.id: p for p in dialogue(prefix).positions}
    assert any(phrase in e.sentence for e in hits[position].evidence)


def test_positions_are_not_invented() -> None:
    assert dialogue("003").positions == []
    assert dialogue("004").positions == []
    assert "four-nos" not in {p.id for p in dialogue("000").positions}
