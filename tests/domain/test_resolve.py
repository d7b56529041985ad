"""Resolving names, topics and positions the way analysts type them."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from bot.domain import resolve
from bot.domain.corpus import Corpus
from bot.domain.models import Role
from bot.domain.register import is_hangul
from bot.domain.resolve import (
    dialogue_count,
    known_people,
    resolve_person,
    resolve_position,
    resolve_topic,
)

from .factories import make_corpus, make_dialogue, make_person, reference, seed_corpus


@pytest.mark.parametrize(
    ("query", "person_id"),
    [
        ("Phan Van Giang", "phan-van-giang"),
        ("phan van giang", "phan-van-giang"),
        ("Phan Văn Giang", "phan-van-giang"),
        ("PHAN VĂN GIANG", "phan-van-giang"),
        ("Gen. Phan Van Giang", "phan-van-giang"),
        ("Minister Giang", "phan-van-giang"),
        ("Phan Van Gaing", "phan-van-giang"),
        ("Phan Vn Giang", "phan-van-giang"),
        ("Giang", "phan-van-giang"),
        ("phan-van-giang", "phan-van-giang"),
        ("Lee Jong-sup", "lee-jong-sup"),
        ("Lee Jongsup", "lee-jong-sup"),
        ("Lee Jong Sup", "lee-jong-sup"),
        ("Jong-sup Lee", "lee-jong-sup"),
        ("Jongsup", "lee-jong-sup"),
        ("Lee Jong-seop", "lee-jong-sup"),
        ("이종섭", "lee-jong-sup"),
        ("Hoang Xuan Chien", "hoang-xuan-chien"),
        ("Chien", "hoang-xuan-chien"),
        ("Kim Sun-ho", "kim-seon-ho"),
        ("Seon-ho Kim", "kim-seon-ho"),
        ("Ho-jin", "chang-ho-jin"),
        ("President Lee Jae Myung", "lee-jae-myung"),
        ("To Lam", "to-lam"),
        ("Nguyen Minh Vu", "nguyen-minh-vu"),
    ],
)
def test_people_resolve(query: str, person_id: str) -> None:
    found = resolve_person(seed_corpus(), query, reference())
    assert found.match is not None, (query, [p.id for p in found.suggestions])
    assert found.match.id == person_id


def test_ambiguous_surname_gives_suggestions() -> None:
    found = resolve_person(seed_corpus(), "Lee", reference())
    assert found.match is None and found.ambiguous
    # The register holds many Lees; the two the stored dialogues mention come first.
    assert {p.id for p in found.suggestions[:2]} == {"lee-jong-sup", "lee-jae-myung"}
    assert len(found.suggestions) > 2
    assert all(p.name.startswith("Lee ") for p in found.suggestions)


def test_nonsense_still_gets_suggestions() -> None:
    found = resolve_person(seed_corpus(), "zzqx", reference())
    assert found.match is None
    assert 1 <= len(found.suggestions) <= resolve.MAX_SUGGESTIONS


def test_typo_too_far_suggests_the_closest_first() -> None:
    found = resolve_person(seed_corpus(), "Giagn", reference())
    if found.match is None:
        assert found.suggestions[0].id == "phan-van-giang"
    else:
        assert found.match.id == "phan-van-giang"


def test_empty_query_suggests_the_most_active_people() -> None:
    found = resolve_person(seed_corpus(), "  ", reference())
    assert found.match is None and found.suggestions


def test_people_without_reference_come_from_the_corpus_and_participants() -> None:
    dialogue = make_dialogue(
        participants=[{"person_id": "pvg", "name": "Gen. Phan Van Giang", "country": "VN"}]
    )
    corpus = make_corpus([dialogue], [make_person("pvg", "Phan Văn Giang", country="VN")])
    assert resolve_person(corpus, "giang").match is not None
    assert resolve_person(corpus, "General Phan Van Giang").match is not None


def test_empty_corpus_has_no_suggestions() -> None:
    found = resolve_person(make_corpus([]), "anyone")
    assert found.match is None and found.suggestions == ()


def _typos(count: int) -> list[str]:
    """Register names with up to three letters dropped, added, swapped or changed."""
    rng = random.Random(8)
    names = [n for p in reference().people for n in (p.name, *p.aliases) if not is_hangul(n)]
    typos = []
    for _ in range(count):
        letters = list(rng.choice(names))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(letters) - 1)
            change = rng.choice(("drop", "add", "swap", "vowel"))
            if change == "drop":
                del letters[at]
            elif change == "add":
                letters.insert(at, rng.choice("aeghinotuy "))
            elif change == "swap":
                letters[at], letters[at + 1] = letters[at + 1], letters[at]
            else:
                letters[at] = rng.choice("aeiouy")
        typos.append("".join(letters))
    return typos


def _closest_first(corpus: Corpus, query: str) -> list[str]:
    """Everyone ranked as the module's docstring says, scoring each written name one by one."""
    typed = resolve._name_tokens(query)
    spaced, squashed = " ".join(typed), "".join(typed)
    written = corpus.participant_names()
    scores = {}
    for person in known_people(corpus, reference()):
        names = {person.name, *person.aliases, *written.get(person.id, ())}
        best = -1.0
        for tokens in filter(None, map(resolve._name_tokens, names)):
            best = max(
                best,
                fuzz.ratio(squashed, "".join(tokens)),
                fuzz.token_sort_ratio(spaced, " ".join(tokens)),
                *(fuzz.ratio(squashed, part) - 5 for part in tokens),
            )
        if best >= 0:
            scores[person.id] = (
                -best,
                -dialogue_count(corpus, reference(), person.id),
                person.name,
            )
    return sorted(scores, key=scores.__getitem__)


def test_a_misspelt_name_names_or_suggests_the_closest_people() -> None:
    corpus = seed_corpus()
    suggested = 0
    for query in _typos(150):
        found = resolve_person(corpus, query, reference())
        if found.ambiguous:
            continue  # a name several people bear exactly: they are listed by activity
        closest = _closest_first(corpus, query)
        if found.match is None:
            assert [p.id for p in found.suggestions] == closest[: resolve.MAX_SUGGESTIONS], query
            suggested += 1
        else:
            assert found.match.id == closest[0], query
    assert suggested > 20  # many typos name no one outright: their suggestions were checked


def test_a_name_new_to_the_store_is_found_once_a_dialogue_brings_it() -> None:
    before = make_corpus([])
    assert resolve_person(before, "Pham Thi Newcomer").match is None
    dialogue = make_dialogue(
        participants=[{"person_id": "pham-thi-newcomer", "name": "Pham Thi Newcomer"}]
    )
    after = make_corpus([dialogue], [make_person("pham-thi-newcomer", "Phạm Thị Newcomer")])
    found = resolve_person(after, "Pham Thi Newcomer")
    assert found.match is not None and found.match.id == "pham-thi-newcomer"


def test_known_people_merges_reference_and_corpus() -> None:
    corpus = make_corpus([], [make_person("to-lam", "Tô Lâm", "To Lam")])
    people = {p.id: p for p in known_people(corpus, reference())}
    assert "phan-van-giang" in people
    assert people["to-lam"].roles  # taken from the reference, the corpus record had none


def test_curated_roles_survive_a_person_seen_in_the_corpus() -> None:
    # Ingestion stores a known person with only the post the article shows.
    stored = make_person("phan-van-giang", "Phan Văn Giang").model_copy(
        update={"roles": [Role(title="Minister of National Defence", source_id="src")]}
    )
    chien = make_person("hoang-xuan-chien", "Hoàng Xuân Chiến").model_copy(
        update={"roles": [Role(title="Co-chair", as_of="2024-04-23", source_id="src")]}
    )
    people = {p.id: p for p in known_people(make_corpus([], [stored, chien]), reference())}
    # The register's posts, his 2016–2021 ones included, each once with its dates.
    assert [(r.title, r.since, r.until) for r in people["phan-van-giang"].roles] == [
        ("Minister of National Defence", "2021-04", None),
        ("General, Vietnam People's Army", None, None),
        (
            "Chief of the General Staff of the Vietnam People's Army"
            " and Deputy Minister of National Defence",
            "2016",
            "2021-04",
        ),
        ("Deputy Minister of National Defence", "2016-04", "2021-04"),
    ]
    assert [(r.title, r.since, r.as_of) for r in people["hoang-xuan-chien"].roles] == [
        ("Deputy Minister of National Defence", "2020-07", None),
        ("Commander of the Vietnam Border Guard", None, None),
        ("Co-chair", None, "2024-04-23"),
    ]


@pytest.mark.parametrize(
    ("query", "topic_id"),
    [
        ("maritime", "maritime"),
        ("Maritime security", "maritime"),
        ("navy", "maritime"),
        ("naval", "maritime"),
        ("navies", "maritime"),
        ("maritme", "maritime"),
        ("South China Sea", "east-sea"),
        ("east sea", "east-sea"),
        ("Biển Đông", "east-sea"),
        ("cyber", "cyber-security"),
        ("cybersecurity", "cyber-security"),
        ("Agent Orange", "war-legacy"),
        ("bombs", "war-legacy"),
        ("war-legacy", "war-legacy"),
        ("peninsula", "korean-peninsula"),
        ("naval cooperation with korea", "maritime"),
    ],
)
def test_topics_resolve(query: str, topic_id: str) -> None:
    found = resolve_topic(reference(), query)
    assert found.match is not None, (query, [t.id for t in found.suggestions])
    assert found.match.id == topic_id


def test_south_china_sea_prefers_east_sea_and_offers_maritime() -> None:
    found = resolve_topic(reference(), "South China Sea")
    assert found.match is not None and found.match.id == "east-sea"
    assert [t.id for t in found.suggestions][:1] == ["maritime"]


def test_a_word_of_a_keyword_only_suggests_its_topic() -> None:
    # "Seoul" is part of "Seoul Defence Dialogue", a keyword of multilateral fora, not its name.
    found = resolve_topic(reference(), "Seoul")
    assert found.match is None
    assert [t.id for t in found.suggestions] == ["multilateral-asean"]


def test_a_word_of_a_label_names_its_topic() -> None:
    for query, topic_id in (("Korean", "korean-peninsula"), ("legacy", "war-legacy")):
        found = resolve_topic(reference(), query)
        assert found.match is not None and found.match.id == topic_id, query


def test_unknown_topic_gets_suggestions() -> None:
    found = resolve_topic(reference(), "qqqq")
    assert found.match is None and found.suggestions


@pytest.mark.parametrize(
    ("query", "position_id"),
    [
        ("four no's", "four-nos"),
        ("Four No’s", "four-nos"),
        ("four nos", "four-nos"),
        ("4 no's", "four-nos"),
        ("4 nos", "four-nos"),
        ("four-nos", "four-nos"),
        ("white paper", "four-nos"),
        ("unclos", "east-sea-stance"),
        ("UNCLOS", "east-sea-stance"),
        ("code of conduct", "east-sea-stance"),
        ("denuclearization", "denuclearisation"),
        ("denuclearisation", "denuclearisation"),
        ("denuclearisaton", "denuclearisation"),
    ],
)
def test_positions_resolve(query: str, position_id: str) -> None:
    found = resolve_position(reference(), query)
    assert found.match is not None, (query, [p.id for p in found.suggestions])
    assert found.match.id == position_id


def test_a_shared_surname_is_ambiguous_but_a_stranger_is_not() -> None:
    assert resolve_person(seed_corpus(), "Lee", reference()).ambiguous
    assert not resolve_person(seed_corpus(), "Zzyzx Qwerty", reference()).ambiguous
