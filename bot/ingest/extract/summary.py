"""Choosing the summary: the lead sentence plus the sentences richest in topics and positions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.models import Evidence
from bot.domain.reference import Reference
from bot.ingest.extract.keywords import cite, keyword_hits, padded

SUMMARY_MAX = 3


def choose_summary(
    sentences_: Sequence[str], reference: Reference, source_id: str
) -> list[Evidence]:
    """The lead sentence plus the most topic-dense others, in article order (2-3 sentences)."""
    if not sentences_:
        return []
    folded = padded(sentences_)
    score = [0] * len(sentences_)
    for items in (
        [(t.id, t.keywords) for t in reference.topics],
        [(p.id, p.keywords) for p in reference.positions],
    ):
        for indexes in keyword_hits(items, folded).values():
            for i in indexes:
                score[i] += 1
    chosen = {0}
    for i in sorted(range(1, len(sentences_)), key=lambda i: (-score[i], i)):
        if len(chosen) >= SUMMARY_MAX or (score[i] == 0 and len(chosen) >= 2):
            break
        chosen.add(i)
    return cite(sentences_, sorted(chosen), source_id)
