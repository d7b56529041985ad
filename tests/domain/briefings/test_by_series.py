"""/series: one mechanism's dialogues edition by edition, oldest first, paged, typos forgiven."""

from __future__ import annotations

import pytest

from bot.domain.briefings import (
    PAGE_LINES,
    NotFoundView,
    Ref,
    SeriesListView,
    SeriesView,
    UsageView,
)
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, EventDate, Participant
from bot.render import render_text

from ..factories import make_corpus, make_dialogue, seed_dialogues, seed_people
from .asking import ask, text_of

POLICY = "defence-policy-dialogue"


def _edition(n: int, year: int | None, place: str, *people: Participant) -> Dialogue:
    return make_dialogue(
        f"dpd-{n}",
        title=f"Defence policy dialogue {n}",
        when=EventDate(year=year, month=6, day=20, precision="day" if year else "month_day"),
        place=place,
        mechanism=POLICY,
        edition=n,
        source_id=f"src-{n}",
        participants=list(people),
        seq=n,
    )


VINH = Participant(person_id="nguyen-chi-vinh", name="Nguyen Chi Vinh", country="VN")
CHIEN = Participant(person_id="hoang-xuan-chien", name="Hoang Xuan Chien", country="VN")


def _series_corpus() -> Corpus:
    dialogues = [
        _edition(8, 2019, "Seoul", VINH),
        _edition(12, 2025, "Hanoi", CHIEN),
        _edition(9, None, "Hanoi"),
        _edition(10, 2022, "Seoul", CHIEN.model_copy(update={"role": "Senior Lt Gen"})),
    ]
    return make_corpus([*seed_dialogues(), *dialogues], seed_people())


def test_a_series_lists_every_edition_oldest_first_with_the_posts_held_that_day() -> None:
    view = ask("/series defence policy dialogue", _series_corpus())
    assert isinstance(view, SeriesView)
    assert view.series == Ref("series", POLICY, "Defence policy dialogue")
    # Dated editions by date (the seed's 11th among them), then the one whose year is unknown.
    assert [r.edition for r in view.rows] == ["8th", "10th", "11th", "12th", "9th"]
    rows = {r.edition: r for r in view.rows}
    assert (rows["8th"].entry.dialogue.date, rows["8th"].entry.dialogue.place) == (
        "20 June 2019",
        "Seoul",
    )
    # Vịnh's register term as deputy minister (2009–2021) covers 2019.
    assert [(a.name, a.role) for a in rows["8th"].participants] == [
        ("Nguyễn Chí Vịnh", "Deputy Minister of National Defence")
    ]
    assert rows["10th"].participants[0].role == "Senior Lt Gen"  # the article's own words
    text = render_text(view)
    assert text.startswith("Series: Defence policy dialogue\n5 dialogues, oldest first")
    assert "• 8th — 20 June 2019, Seoul — VNA, 20 June 2019" in text
    assert "20 June (year unknown), Hanoi" in text
    assert "Nguyễn Chí Vịnh (Deputy Minister of National Defence, Vietnam)" in text


@pytest.mark.parametrize(
    "query",
    [
        "defence policy dialogue",
        "Defense Policy Dialog",
        "defence-policy-dialogue",
        "Vietnam–RoK defence policy dialogue",
        "defence polcy dialogue",
    ],
)
def test_a_series_is_found_despite_spelling_and_typos(query: str) -> None:
    view = ask(f"/series {query}")
    assert isinstance(view, SeriesView), query
    assert view.series.id == POLICY


def test_a_vague_or_unknown_name_suggests_series() -> None:
    view = ask("/series strategic dialogue")
    assert isinstance(view, NotFoundView)
    assert {"strategic-defence-dialogue", "deputy-fm-strategic-dialogue"} <= {
        r.id for r in view.links
    }
    assert render_text(view).startswith("No series matches “strategic dialogue”.")


def test_bare_series_lists_the_mechanisms_that_have_dialogues_as_buttons() -> None:
    view = ask("/series")
    assert isinstance(view, SeriesListView)
    held = {d.mechanism for d in seed_dialogues()}
    assert {r.id for r in view.links} == held
    assert all(r.command == f"/series {r.id}" for r in view.links)
    assert "• Defence policy dialogue — 1 dialogue · /series defence-policy-dialogue" in text_of(
        "/series"
    )


def test_a_long_series_is_paged_with_buttons() -> None:
    many = [
        make_dialogue(
            f"gen-{n}",
            when=EventDate(year=1995 + n, month=1, day=1, precision="day"),
            mechanism=POLICY,
            edition=n + 1,
            seq=n,
        )
        for n in range(PAGE_LINES + 3)
    ]
    corpus = make_corpus(many)
    first = ask("/series defence policy dialogue", corpus)
    assert isinstance(first, SeriesView) and len(first.rows) == PAGE_LINES
    assert first.rows[0].edition == "1st"
    assert Ref("command", f"series {POLICY} page 2", "Next page (2/2) ▶") in first.links
    second = ask(f"/series {POLICY} page 2", corpus)
    assert isinstance(second, SeriesView)
    assert [r.edition for r in second.rows] == ["16th", "17th", "18th"]
    assert "◀ Page 1" in {r.label for r in second.links}
    past = ask(f"/series {POLICY} page 3", corpus)
    assert isinstance(past, UsageView) and "there are 2 pages" in (past.error or "")


def test_a_deep_link_opens_a_series() -> None:
    view = ask(f"/start series_{POLICY}")
    assert isinstance(view, SeriesView) and view.series.id == POLICY
    assert Ref("series", POLICY, "x").deep_link == f"series_{POLICY}"


def test_a_known_series_without_dialogues_says_so() -> None:
    view = ask("/series defence policy dialogue", make_corpus([]))
    assert isinstance(view, SeriesView) and view.rows == ()
    assert "No stored dialogue belongs to this series yet." in render_text(view)
