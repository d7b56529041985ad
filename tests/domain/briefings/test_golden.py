"""Golden briefings over the real seed corpus, ingested the way `briefbot ingest` does it."""

from __future__ import annotations

import re

import pytest

from bot.domain.briefings import Briefing, LatestView, PersonView, PositionView, TopicView, answer
from bot.domain.commands import parse_command
from bot.domain.corpus import Corpus
from bot.domain.reference import Reference
from bot.ingest.pipeline import ingest_paths
from bot.render import render_text
from bot.store import Store

from ..factories import ARTICLES, reference


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Reference]:
    store = Store(tmp_path_factory.mktemp("seed") / "briefbot.json")
    results = ingest_paths([ARTICLES], store=store, reference=reference())
    assert all(r.ok for r in results), [r.error for r in results]
    return store.corpus(), reference()


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).lower()


def test_golden_on_ingested_seeds(ingested: tuple[Corpus, Reference]) -> None:
    corpus, ref = ingested

    def run(text: str) -> tuple[Briefing, str]:
        command = parse_command(text)
        assert command is not None
        view = answer(corpus, ref, command)
        return view, _folded(render_text(view))

    view, text = run("/latest")
    assert isinstance(view, LatestView)
    for expected in ("10–13 august 2025", "seoul", "joint statement", "lee jae"):
        assert expected in text, expected
    view, text = run("/person Phan Van Giang")
    assert isinstance(view, PersonView)
    assert view.roles[:2] == (
        "Minister of National Defence (since Apr 2021)",
        "General, Vietnam People's Army",
    )
    for expected in ("minister of national defence", "lee jong", "28 march (year unknown)"):
        assert expected in text, expected
    for expected in ("four no", "unclos", "(doc)", "(coc)", "bomb", "mine", "dioxin"):
        assert expected in text, expected
    view, text = run("/topic maritime")
    assert isinstance(view, TopicView) and len(view.entries) >= 4
    assert all(e.facts for e in view.entries)
    view, text = run("/position four no's")
    assert isinstance(view, PositionView) and len(view.points) == 4 and view.entries
    view, text = run("/person Hoang Xuan Chien")
    assert isinstance(view, PersonView)
    for expected in ("23 april 2024", "hanoi", "kim seon", "$34 million", "the europe today"):
        assert expected in text, expected


def test_country_is_not_repeated_when_the_role_names_it(
    ingested: tuple[Corpus, Reference],
) -> None:
    corpus, ref = ingested
    command = parse_command("/latest")
    assert command is not None
    text = render_text(answer(corpus, ref, command))
    assert "Lee Jae-myung (RoK President)" in text
    assert "Tô Lâm (Party General Secretary, Vietnam)" in text
