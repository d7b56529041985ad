"""/timeline: dialogues grouped by year, newest first, unknown years last, a page at a time."""

from __future__ import annotations

from itertools import groupby

from bot.domain.briefings.blocks import Ref, YearGroup
from bot.domain.briefings.cards import cited_dialogue
from bot.domain.briefings.pages import PAGE_LINES, Page
from bot.domain.briefings.usage import past_the_end
from bot.domain.briefings.views import NotFoundView, TimelineView, UsageView
from bot.domain.corpus import Corpus, Labelled
from bot.domain.reference import Reference


def _year_label(year: int | None) -> str:
    return str(year) if year is not None else "Year unknown"


def timeline(
    corpus: Corpus, ref: Reference, year: int | None = None, page: int = 1
) -> TimelineView | NotFoundView | UsageView:
    """Dialogues by year, newest first, each cited; one year when `year` is given."""
    known = sorted((y for y in corpus.by_year if y is not None), reverse=True)
    order: list[int | None] = [*known, *([None] if None in corpus.by_year else [])]
    years = tuple(Ref("year", str(y), str(y)) for y in known)
    if year is not None and year not in corpus.by_year:
        return NotFoundView(
            kind="year", query=str(year), hint="/timeline shows every year.", suggestions=years
        )
    listed = Labelled((y, corpus.by_year[y]) for y in order if year is None or y == year)
    command = "timeline" if year is None else f"timeline {year}"
    shown = Page(page, PAGE_LINES, len(listed), command)
    groups = tuple(
        YearGroup(
            label=_year_label(y),
            year=y,
            dialogues=tuple(cited_dialogue(corpus, ref, d) for _y, d in rows),
        )
        for y, rows in groupby(shown.cut(listed), key=lambda row: row[0])
    )
    return past_the_end("timeline", shown) or TimelineView(
        year=year, groups=groups, years=years, page=shown
    )
