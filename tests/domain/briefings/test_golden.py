"""Golden briefings over the real seed corpus, ingested the way `briefbot ingest` does it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.domain.briefings import Briefing, LatestView, PersonView, PositionView, TopicView, answer
from bot.domain.commands import parse_command
from bot.domain.reference import Reference
from bot.ingest.pipeline import ingest_paths
from bot.render import render_text
from bot.store import Store

from ..factories import ARTICLES, reference

Ask = Callable[[str], tuple[Briefing, str]]
SEED_OUTLETS = {"MT Team", "The Europe Today", "VNA", "VNS"}


@pytest.fixture(scope="module")
def ask(tmp_path_factory: pytest.TempPathFactory) -> Ask:
    """Answer a command over the freshly ingested seeds: the view and its folded plain text."""
    ref: Reference = reference()
    store = Store(tmp_path_factory.mktemp("seed") / "briefbot.json")
    results = ingest_paths([ARTICLES], store=store, reference=ref)
    assert all(r.ok for r in results), [r.error for r in results]
    corpus = store.corpus()

    def run(text: str) -> tuple[Briefing, str]:
        command = parse_command(text)
        assert command is not None
        view = answer(corpus, ref, command)
        return view, _folded(render_text(view))

    return run


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).lower()


def test_latest_is_the_state_visit(ask: Ask) -> None:
    view, text = ask("/latest")
    assert isinstance(view, LatestView)
    for expected in ("10–13 august 2025", "seoul", "joint statement", "lee jae"):
        assert expected in text, expected
    assert "lee jae-myung (rok president)" in text
    assert "tô lâm (party general secretary, vietnam)" in text, "the country is not repeated"


def test_person_phan_van_giang_is_a_general_and_the_minister(ask: Ask) -> None:
    view, text = ask("/person Phan Van Giang")
    assert isinstance(view, PersonView)
    assert view.roles[:2] == (
        "Minister of National Defence (since Apr 2021)",
        "General, Vietnam People's Army",
    )
    assert "general, vietnam people's army" in text
    # The article gives no year; Lee Jong-sup's term (May 2022 – Oct 2023) allows only 2023.
    assert "28 march 2023 (year from lee jong-sup's term as minister of national defense)" in text
    for expected in ("lee jong-sup", "seoul", "four no", "unclos"):
        assert expected in text, expected
    # The short page quotes his two best statements; "More" shows all he said there.
    _full, everything = ask("/person Phan Van Giang full")
    for expected in ("lee jong-sup", "seoul", "four no", "unclos"):
        assert expected in everything, expected
    for expected in ("bomb", "mine", "dioxin", "koica"):
        assert expected in everything, expected


def test_person_phan_van_giang_quotes_the_ministers_joint_views(ask: Ask) -> None:
    _view, text = ask("/person Phan Van Giang full")
    for expected in ("(doc)", "(coc)", "bombs and mines"):
        assert expected in text, expected


# Per maritime dialogue, newest first (by id, or its start when it ends in a source hash; those
# without a year after the dated ones): what its supporting sentences must say.
MARITIME_SUPPORT = {
    "2025-08-10-state-visit-seoul": ["closer maritime security cooperation"],
    "2024-04-23-defence-policy-dialogue-hanoi": ["East Sea (South China Sea)", "(UNCLOS)"],
    "2023-03-28-defence-ministers-talks-seoul": ["cooperation between naval forces"],
    "11-15-strategic-defence-dialogue-seoul": ["problems in maritime security"],
    "deputy-fm-strategic-dialogue-hanoi": [
        "maritime law enforcement capability",
        "a maritime dialogue mechanism",
    ],
}


def test_topic_maritime_quotes_each_dialogues_supporting_sentences(ask: Ask) -> None:
    view, _text = ask("/topic maritime")
    assert isinstance(view, TopicView)
    assert len(view.entries) == len(MARITIME_SUPPORT)
    for entry, (dialogue_id, phrases) in zip(view.entries, MARITIME_SUPPORT.items(), strict=True):
        assert entry.dialogue.id.startswith(dialogue_id)
        quoted = " ".join(f.text for f in entry.facts)
        for phrase in phrases:
            assert phrase in quoted, (entry.dialogue.id, phrase)
        assert all(
            f.citation.outlet in {"MT Team", "The Europe Today", "VNA", "VNS"} for f in entry.facts
        )


def test_position_four_nos_has_its_points_and_where_it_was_stated(ask: Ask) -> None:
    view, _text = ask("/position four no's")
    assert isinstance(view, PositionView)
    assert view.points == (
        "No participation in military alliances",
        "No siding with one country against another",
        "No foreign military bases or use of Vietnamese territory to act against other countries",
        "No using force or threatening to use force in international relations",
    )
    [entry] = view.entries
    assert entry.dialogue.id == "2023-03-28-defence-ministers-talks-seoul"
    assert entry.dialogue.date.startswith("28 March 2023 (year from Lee Jong-sup's term")
    [fact] = entry.facts
    assert (
        "'Four No's' policy" in fact.text
        and "2019 Vietnam National Defence White Paper" in fact.text
    )


def test_person_hoang_xuan_chien_co_chaired_the_11th_dialogue(ask: Ask) -> None:
    view, text = ask("/person Hoang Xuan Chien")
    assert isinstance(view, PersonView)
    [entry] = view.entries
    assert entry.dialogue.id == "2024-04-23-defence-policy-dialogue-hanoi"
    assert [a.name for a in entry.counterparts] == ["Kim Seon-ho"]
    for expected in ("23 april 2024", "hanoi", "11th defence policy dialogue"):
        assert expected in text, expected
    # The figures recalled and his thanks for bomb clearance are behind "More".
    _full, text = ask("/person Hoang Xuan Chien full")
    for expected in ("23 april 2024", "hanoi", "11th defence policy dialogue", "$34 million"):
        assert expected in text, expected
    # The article is named once, over the statements quoted from it.
    assert "wartime bomb clearance" in text and "the europe today, 24 apr 2024: •" in text
