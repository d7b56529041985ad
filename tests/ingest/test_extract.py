"""Extraction from each seed article: date, place, mechanism, people, topics, money, summary."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from bot.domain.models import Dialogue, EventDate
from bot.domain.reference import Reference, load_reference
from bot.ingest.article import ArticleError, RawArticle, read_article
from bot.ingest.clean import clean_text
from bot.ingest.extract import Extraction, extract, find_event_date, normalise_place

SEEDS = Path(__file__).resolve().parents[2] / "data" / "articles"
ALL = ["000", "001", "002", "003", "004"]


@cache
def reference() -> Reference:
    """The shipped reference data."""
    return load_reference()


@cache
def article(prefix: str) -> RawArticle:
    """A seed article as read from disk."""
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt")))


@cache
def extracted(prefix: str) -> Extraction:
    """A seed article extracted against the shipped reference."""
    return extract(article(prefix), reference())


def dialogue(prefix: str) -> Dialogue:
    """The dialogue extracted from a seed article."""
    return extracted(prefix).dialogue


def without(*person_ids: str) -> Reference:
    """A copy of the reference that does not know these people."""
    people = [p for p in reference().people if p.id not in person_ids]
    return reference().model_copy(update={"people": people})


def topic_sentences(prefix: str, topic: str) -> list[str]:
    """The evidence sentences for one topic of a seed, or [] when the topic was not hit."""
    hits = {t.id: t for t in dialogue(prefix).topics}
    return [e.sentence for e in hits[topic].evidence] if topic in hits else []


# --- date ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", EventDate(year=2024, month=4, day=23, precision="day", phrase="April 23")),
        ("001", EventDate(month=3, day=28, precision="month_day", phrase="March 28")),
        ("002", EventDate(month=11, day=15, precision="month_day", phrase="November 15")),
        ("003", EventDate(precision="none", phrase="Wednesday")),
        (
            "004",
            EventDate(
                year=2025, month=8, day=10, end_day=13, precision="day", phrase="August 10–13"
            ),
        ),
    ],
)
def test_event_date_and_precision(prefix: str, expected: EventDate) -> None:
    assert dialogue(prefix).date == expected


def test_explicit_year_in_the_dateline_dates_an_article_without_header() -> None:
    undated = replace(article("004"), published=None)
    assert extract(undated, reference()).dialogue.date.year == 2025


def test_year_is_never_invented_without_an_anchor() -> None:
    assert find_event_date(["They met on December 30."], None).year is None


def test_year_comes_from_the_latest_date_not_after_publication() -> None:
    lead = ["They met on December 30."]
    assert find_event_date(lead, date(2025, 1, 2)).year == 2024
    assert find_event_date(lead, date(2025, 12, 31)).year == 2025
    assert find_event_date(["They met on 3 May 2019."], date(2025, 1, 2)).year == 2019


# --- place, mechanism, title, ids ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "place", "mechanism", "edition"),
    [
        ("000", "Hanoi", "defence-policy-dialogue", 11),
        ("001", "Seoul", "defence-ministers-talks", None),
        ("002", "Seoul", "strategic-defence-dialogue", 2),
        ("003", "Hanoi", "deputy-fm-strategic-dialogue", 5),
        ("004", "Seoul", "state-visit", None),
    ],
)
def test_place_mechanism_and_edition(
    prefix: str, place: str, mechanism: str, edition: int | None
) -> None:
    found = dialogue(prefix)
    assert (found.place, found.mechanism, found.edition) == (place, mechanism, edition)


@pytest.mark.parametrize(
    ("written", "city"),
    [("HÀ NỘI", "Hanoi"), ("Hà Nội", "Hanoi"), ("Ha Noi", "Hanoi"), ("SEOUL", "Seoul")],
)
def test_place_names_are_normalised(written: str, city: str) -> None:
    assert normalise_place(written) == city


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("000", "11th Defence policy dialogue, Hanoi"),
        ("001", "Vietnam, RoK agree to strengthen defence ties"),
        ("002", "2nd Strategic defence dialogue, Seoul"),
        ("004", "Hanoi, Seoul Strengthen Defence, Security, Economic Ties"),
    ],
)
def test_title_is_the_headline_or_generated(prefix: str, title: str) -> None:
    assert dialogue(prefix).title == title
    assert extracted(prefix).source.title == (title if prefix in {"001", "004"} else None)


def test_dialogue_ids_are_stable_slugs() -> None:
    assert dialogue("000").id == "2024-04-23-defence-policy-dialogue-hanoi"
    assert dialogue("001").id == "03-28-defence-ministers-talks-seoul"
    assert dialogue("004").id == "2025-08-10-state-visit-seoul"
    # No date at all: the source id keeps the slug unique.
    source_id = extracted("003").source.id
    assert dialogue("003").id == f"deputy-fm-strategic-dialogue-hanoi-{source_id}"
    assert extract(article("000"), reference()).dialogue.id == dialogue("000").id


@pytest.mark.parametrize("prefix", ALL)
def test_source_is_keyed_by_hash_of_clean_text(prefix: str) -> None:
    found = extracted(prefix)
    clean = clean_text(article(prefix).body)
    assert found.source.text == clean
    assert found.source.id == hashlib.sha256(clean.encode("utf-8")).hexdigest()[:16]
    assert found.source.file == article(prefix).file
    assert found.source.dialogue_id == found.dialogue.id
    assert [s.id for s in found.dialogue.sources] == [found.source.id]


@pytest.mark.parametrize("prefix", ALL)
def test_all_evidence_cites_the_source(prefix: str) -> None:
    found = extracted(prefix)
    d = found.dialogue
    evidence = [
        *(e for topic in d.topics for e in topic.evidence),
        *(e for position in d.positions for e in position.evidence),
        *(c.evidence for c in d.commitments),
        *d.summary,
    ]
    assert evidence
    assert {e.source_id for e in evidence} == {found.source.id}
    assert all(e.sentence in found.source.text for e in evidence)
    roles = [r for p in found.people for r in p.roles]
    assert {r.source_id for r in roles} == {found.source.id}


# --- participants -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "000",
            [
                ("Hoàng Xuân Chiến", "VN", "Deputy Minister of National Defence"),
                ("Kim Seon-ho", "KR", "Deputy Minister of National Defence"),
            ],
        ),
        (
            "001",
            [
                ("Phan Văn Giang", "VN", "Minister of National Defence"),
                ("Lee Jong-sup", "KR", "Minister of National Defence"),
            ],
        ),
        (
            "002",
            [
                ("Nguyễn Chí Vịnh", "VN", "Deputy Defence Minister"),
                ("Baek Seung-joo", "KR", "Deputy Defence Minister"),
            ],
        ),
        (
            "003",
            [
                ("Bùi Thanh Sơn", "VN", "Foreign Minister"),
                ("Chang Ho-jin", "KR", "First Vice Minister of Foreign Affairs"),
                ("Nguyễn Minh Vũ", "VN", "Permanent Deputy Minister of Foreign Affairs"),
            ],
        ),
        (
            "004",
            [
                ("Tô Lâm", "VN", "Party General Secretary"),
                ("Lee Jae-myung", "KR", "RoK President"),
            ],
        ),
    ],
)
def test_participants(prefix: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(p.name, p.country, p.role) for p in dialogue(prefix).participants]
    assert found == expected


def test_people_carry_the_role_seen_in_the_article() -> None:
    found = extracted("000")
    chien = next(p for p in found.people if p.id == "hoang-xuan-chien")
    assert chien.name == "Hoàng Xuân Chiến"
    assert "Hoang Xuan Chien" in chien.aliases
    assert [(r.title, r.country, r.since) for r in chien.roles] == [
        ("Deputy Minister of National Defence", "VN", "2024-04-23")
    ]
    assert [p.id for p in found.people] == [p.person_id for p in found.dialogue.participants]


def test_role_has_no_start_date_when_the_year_is_unknown() -> None:
    giang = next(p for p in extracted("001").people if p.id == "phan-van-giang")
    assert [(r.title, r.since) for r in giang.roles] == [("Minister of National Defence", None)]


@pytest.mark.parametrize(
    ("prefix", "person_id", "name", "country", "role"),
    [
        ("000", "kim-seon-ho", "Kim Seon Ho", "KR", "Deputy Minister of National Defence"),
        ("001", "lee-jong-sup", "Lee Jong-sup", "KR", "Minister of National Defence"),
        ("002", "baek-seung-joo", "Baek Seung-joo", "KR", "Deputy Defence Minister"),
        ("003", "chang-ho-jin", "Chang Ho-jin", "KR", "First Vice Minister of Foreign Affairs"),
        ("004", "lee-jae-myung", "Lee Jae Myung", "KR", "RoK President"),
        ("004", "to-lam", "To Lam", "VN", "Party General Secretary"),
    ],
)
def test_person_not_in_reference_is_found_from_their_title(
    prefix: str, person_id: str, name: str, country: str, role: str
) -> None:
    found = extract(article(prefix), without(person_id))
    participant = next(p for p in found.dialogue.participants if p.person_id == person_id)
    assert (participant.name, participant.country, participant.role) == (name, country, role)
    person = next(p for p in found.people if p.id == person_id)
    assert (person.name, person.country) == (name, country)
    assert [r.title for r in person.roles] == [role]


def test_nobody_else_is_taken_for_a_person() -> None:
    nobody = reference().model_copy(update={"people": []})
    for prefix in ALL:
        names = [p.name for p in extract(article(prefix), nobody).dialogue.participants]
        assert len(names) == len(dialogue(prefix).participants), names


# --- topics and positions -----------------------------------------------------------------------


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


# --- commitments --------------------------------------------------------------------------------


def test_bomb_clearance_grant() -> None:
    [grant] = dialogue("000").commitments
    assert grant.amount == 34_000_000
    assert grant.currency == "USD"
    assert grant.purpose == "wartime bomb clearance"
    assert grant.text.startswith("$34 million towards two projects")
    assert "$34 million" in grant.evidence.sentence


def test_trade_target_keeps_both_figures_in_text() -> None:
    [target] = dialogue("003").commitments
    # The firm figure is the amount; the "even" stretch figure stays in the text.
    assert target.amount == 100e9
    assert target.currency == "USD"
    assert target.purpose is not None
    assert target.purpose.startswith("two-way trade target")
    assert target.text == "lifting two-way trade to US$100 billion, even $150 billion in 2030"


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_no_money_no_commitment(prefix: str) -> None:
    assert dialogue(prefix).commitments == []


# --- summary ------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ALL)
def test_summary_is_chosen_from_the_article(prefix: str) -> None:
    found = extracted(prefix)
    summary = [e.sentence for e in found.dialogue.summary]
    assert 2 <= len(summary) <= 4
    assert all(s in found.source.text for s in summary)
    positions = [found.source.text.index(s) for s in summary]
    assert positions == sorted(positions)


def test_summary_starts_with_the_lead() -> None:
    assert dialogue("000").summary[0].sentence.startswith("The 11th Vietnam-Republic of Korea")
    assert dialogue("004").summary[0].sentence.startswith("The state visit of Vietnamese")


def test_article_with_only_furniture_is_refused() -> None:
    empty = RawArticle(file="junk.txt", outlet=None, url=None, published=None, body="See more\n×")
    with pytest.raises(ArticleError, match=r"junk\.txt"):
        extract(empty, reference())
