"""Topics and positions hit by keyword, each with the sentences behind it."""

from __future__ import annotations

import pytest

from .seeds import dialogue


def topic_sentences(prefix: str, item: str) -> list[str]:
    """The evidence sentences for one topic (or position) of a seed, or [] when it was not hit."""
    found = dialogue(prefix)
    hits = {h.id: h.evidence for h in found.topics} | {h.id: h.evidence for h in found.positions}
    return [e.sentence for e in hits.get(item, [])]


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
    ],
)
def test_positions_with_their_sentences(prefix: str, position: str, phrase: str) -> None:
    hits = {p.id: p for p in dialogue(prefix).positions}
    assert any(phrase in e.sentence for e in hits[position].evidence)


def test_positions_are_not_invented() -> None:
    assert dialogue("003").positions == []
    assert dialogue("004").positions == []
    assert "four-nos" not in {p.id for p in dialogue("000").positions}


# Sentences whose words look like a topic's keywords but are about something else.
@pytest.mark.parametrize(
    ("prefix", "item", "words"),
    [
        # A global stance on nuclear weapons is not denuclearisation of the Korean Peninsula.
        ("002", "denuclearisation", "global non-proliferation of nuclear weapons"),
        # Disputes and piracy in Southeast Asia are not the East Sea.
        ("002", "east-sea", "territorial disputes and piracy"),
        # "Military trade" is defence industry; "enduring friendship" is not an exchange.
        ("000", "trade-investment", "military trade"),
        ("000", "people-to-people", "enduring friendship"),
        # Consular cases and the formats of leaders' meetings are not exchanges or fora.
        ("004", "people-to-people", "detained citizens"),
        ("004", "people-to-people", "benefits to their citizens"),
        ("004", "multilateral-asean", "multilateral meetings"),
    ],
)
def test_look_alike_words_are_not_evidence(prefix: str, item: str, words: str) -> None:
    quoted = topic_sentences(prefix, item)
    assert not any(words in s for s in quoted), quoted


def test_a_keyword_inside_another_topics_keyword_counts_for_that_topic_only() -> None:
    assert any("military trade" in s for s in topic_sentences("000", "defence-industry"))
    assert "trade-investment" not in {t.id for t in dialogue("000").topics}
    # "Sea" in "East Sea" is the East Sea, not maritime in general.
    maritime = topic_sentences("001", "maritime")
    assert not any(s.startswith("As for the East Sea") for s in maritime)


def test_a_topics_sentences_are_ranked_by_keyword_specificity() -> None:
    first, second, *rest = topic_sentences("001", "maritime")
    assert first.startswith("Regarding maritime security")
    assert "naval forces" in second
    assert any("UNCLOS" in s for s in rest), "general mentions still count, ranked last"
    assert topic_sentences("003", "maritime")[0].startswith(
        "He called on the RoK to support Việt Nam in improving its maritime law enforcement"
    )
