"""/timeline: dialogues grouped by year, newest first, unknown years last, a page at a time."""

from __future__ import annotations

from itertools import groupby

from bot.domain.briefings.blocks import Ref, YearGroup
from bot.domain.briefings.cards import cited_dialogue
from bot.domain.briefings.in_period import with_period
from bot.domain.briefings.pages import PAGE_LINES, Page
from bot.domain.briefings.usage import past_the_end
from bot.domain.briefings.views import NotFoundView, TimelineView, UsageView
from bot.domain.corpus import Corpus, Labelled
from bot.domain.periods import Period
from bot.domain.reference import Reference


def _year_label(year: int | None) -> str:
    return str(year) if year is not None else "Year unknown"


def timeline(
    corpus: Corpus,
    ref: Reference,
    year: int | None = None,
    page: int = 1,
    period: Period | None = None,
) -> TimelineView | NotFoundView | UsageView:
    """Dialogues by year, newest first, each cited; only `year`'s, or `period`'s, when given."""
    if year is not None:
        period = Period.year(year)
    known = sorted((y for y in corpus.by_year if y is not None), reverse=True)
    order: list[int | None] = [*known, *([None] if None in corpus.by_year else [])]
    years = tuple(Ref("year", str(y), str(y)) for y in known)
    # Undated dialogues are in no period.
    chosen = [y for y in order if period is None or period.holds(y)]
    if period is not None and not chosen:
        every = (Ref("command", "timeline", "/timeline"),) if period.single_year is None else ()
        return NotFoundView(
            kind="year",
            query=period.label,
            hint="/timeline shows every year.",
            suggestions=(*every, *years),
        )
    listed = Labelled((y, corpus.by_year[y]) for y in chosen)
    shown = Page(page, PAGE_LINES, len(listed), with_period("timeline", period))
    groups = tuple(
        YearGroup(
            label=_year_label(y),
            year=y,
            dialogues=tuple(cited_dialogue(corpus, ref, d) for _y, d in rows),
        )
        for y, rows in groupby(shown.cut(listed), key=lambda row: row[0])
    )
    return past_the_end("timeline", shown) or TimelineView(
        year=period.single_year if period is not None else None,
        groups=groups,
        years=years,
        page=shown,
        period=period,
    )
