"""/latest and /dialogue: dialogues in full, newest first or by id."""

from __future__ import annotations

from bot.domain.briefings.cards import dialogue_card, newest_dialogue_refs
from bot.domain.briefings.citations import MAX_FACTS
from bot.domain.briefings.in_period import nothing_in
from bot.domain.briefings.ranking import COMPACT_STATEMENTS
from bot.domain.briefings.views import DialogueView, LatestView, NotFoundView
from bot.domain.corpus import Corpus
from bot.domain.periods import Period
from bot.domain.reference import Reference

MAX_LATEST = 10


def latest(
    corpus: Corpus,
    ref: Reference,
    n: int = 1,
    period: Period | None = None,
    *,
    full: bool = False,
) -> LatestView | NotFoundView:
    """The `n` newest dialogues (of `period`; n clamped to 1..10); fewer statements when several."""
    count = max(1, min(MAX_LATEST, n))
    limit = MAX_FACTS if count == 1 else 1
    # Several short cards in one message: each keeps its single best statement.
    highlights = COMPACT_STATEMENTS if count == 1 else 1
    newest = corpus.within(period, corpus.dialogues)[:count]
    if period is not None and not newest:
        return nothing_in("Latest", "latest", period)
    return LatestView(
        cards=tuple(dialogue_card(corpus, ref, d, limit, highlights) for d in newest),
        period=period,
        full=full,
    )


def dialogue(
    corpus: Corpus, ref: Reference, dialogue_id: str, *, full: bool = False
) -> DialogueView | NotFoundView:
    """One dialogue by id: a short card, or in full."""
    found = corpus.by_id.get(dialogue_id.strip())
    if found is None:
        return NotFoundView(
            kind="dialogue",
            query=dialogue_id,
            hint="/timeline lists every dialogue.",
            suggestions=newest_dialogue_refs(corpus, ref),
        )
    return DialogueView(card=dialogue_card(corpus, ref, found), full=full)
