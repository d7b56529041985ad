"""/position and /positions: a policy position's points and where it was stated, and them all."""

from __future__ import annotations

from bot.domain.briefings.blocks import ListItem, Ref
from bot.domain.briefings.cards import entries_on
from bot.domain.briefings.citations import MAX_FACTS
from bot.domain.briefings.in_period import Listing, listing, unmatched
from bot.domain.briefings.views import NotFoundView, PositionsView, PositionView, UsageView
from bot.domain.corpus import Corpus
from bot.domain.periods import Period
from bot.domain.reference import Position, Reference
from bot.domain.resolve import resolve_position


def _ref(stance: Position) -> Ref:
    return Ref("position", stance.id, stance.label)


def position(
    corpus: Corpus, ref: Reference, query: str, page: int = 1, period: Period | None = None
) -> PositionView | NotFoundView | UsageView:
    """A policy position's points and the dialogues (in `period`) that cite it; one page."""
    found = resolve_position(ref, query)
    if found.match is None:
        close = (_ref(p) for p in found.suggestions)
        return unmatched("position", query, close, period, "/positions lists every position.")
    stance = found.match
    cited = corpus.by_position.get(stance.id, ())
    listed = listing(corpus, cited, stance.label, f"position {stance.id}", page, period)
    if not isinstance(listed, Listing):
        return listed
    return PositionView(
        position=_ref(stance),
        origin=stance.origin,
        points=tuple(stance.points),
        entries=entries_on(corpus, ref, listed.shown, lambda d: d.positions, stance.id, MAX_FACTS),
        see_also=tuple(_ref(p) for p in found.suggestions),
        page=listed.page,
        period=period,
    )


def positions(corpus: Corpus, ref: Reference) -> PositionsView:
    """Every policy position, with how many dialogues cite it."""
    return PositionsView(
        items=tuple(ListItem(_ref(p), len(corpus.by_position.get(p.id, ()))) for p in ref.positions)
    )
