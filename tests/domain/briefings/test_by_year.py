"""/timeline: dialogues by year, unknown years last."""

from __future__ import annotations

from bot.domain.briefings import NotFoundView, Ref, TimelineView, timeline

from ..factories import reference, seed_corpus


def test_timeline_groups_years_with_unknown_last() -> None:
    view = timeline(seed_corpus(), reference())
    assert isinstance(view, TimelineView)
    assert [g.label for g in view.groups] == ["2025", "2024", "Year unknown"]
    unknown = view.groups[-1]
    assert [d.date for d in unknown.dialogues] == [
        "15 November (year unknown)",
        "28 March (year unknown)",
        "Wednesday (date not given)",
    ]
    one = timeline(seed_corpus(), reference(), 2024)
    assert isinstance(one, TimelineView)
    assert [d.id for g in one.groups for d in g.dialogues] == ["defence-policy-11"]
    assert Ref("year", "2025", "2025") in one.links


def test_timeline_of_an_empty_year_suggests_years() -> None:
    view = timeline(seed_corpus(), reference(), 1999)
    assert isinstance(view, NotFoundView)
    assert [s.id for s in view.suggestions] == ["2025", "2024"]
