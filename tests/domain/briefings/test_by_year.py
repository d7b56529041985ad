"""/timeline: dialogues by year, unknown years last."""

from __future__ import annotations

from datetime import date

from bot.domain.briefings import NotFoundView, Ref, TimelineView, timeline
from bot.domain.models import EventDate, SourceRef
from bot.render import render_text

from ..factories import make_corpus, make_dialogue, reference, seed_corpus


def test_timeline_groups_years_with_unknown_last() -> None:
    view = timeline(seed_corpus(), reference())
    assert isinstance(view, TimelineView)
    assert [g.label for g in view.groups] == ["2025", "2024", "Year unknown"]
    unknown = view.groups[-1]
    assert [d.dialogue.date for d in unknown.dialogues] == [
        "15 November (year unknown)",
        "28 March (year unknown)",
        "Wednesday (date not given)",
    ]
    one = timeline(seed_corpus(), reference(), 2024)
    assert isinstance(one, TimelineView)
    assert [d.dialogue.id for g in one.groups for d in g.dialogues] == ["defence-policy-11"]
    assert Ref("year", "2025", "2025") in one.links


def test_timeline_of_an_empty_year_suggests_years() -> None:
    view = timeline(seed_corpus(), reference(), 1999)
    assert isinstance(view, NotFoundView)
    assert [s.id for s in view.suggestions] == ["2025", "2024"]


def test_every_timeline_line_cites_its_outlet_and_date() -> None:
    text = render_text(timeline(seed_corpus(), reference()))
    listed = [line for line in text.splitlines() if line.startswith("• ")]
    assert listed == [
        "• 10–13 August 2025, Seoul — Hanoi, Seoul Strengthen Defence, Security, Economic Ties"
        " — MT Team, 13 Aug 2025",
        "• 23 April 2024, Hanoi — 11th Vietnam–RoK defence policy dialogue — The Europe Today,"
        " 24 Apr 2024",
        "• 15 November (year unknown), Seoul — 2nd Vietnam–RoK strategic defence dialogue — VNA,"
        " 15 November (year unknown)",
        "• 28 March (year unknown), Seoul — Vietnam, RoK agree to strengthen defence ties — VNA,"
        " 28 March (year unknown)",
        "• Wednesday (date not given), Hanoi — 5th deputy foreign ministerial strategic dialogue"
        " — VNS, date unknown",
    ]


def test_a_dialogue_reported_twice_cites_its_first_source_and_counts_the_rest() -> None:
    merged = make_dialogue(
        "visit",
        title="State visit",
        when=EventDate(year=2025, month=8, day=10, precision="day"),
        outlet="MT Team",
        published=date(2025, 8, 13),
    )
    second = SourceRef(id="s2", file="s2.txt", outlet="Korea Herald", published=date(2025, 8, 11))
    merged = merged.model_copy(update={"sources": [*merged.sources, second]})
    text = render_text(timeline(make_corpus([merged]), reference()))
    assert "• 10 August 2025 — State visit — MT Team, 13 Aug 2025 (+1 more source)" in text
