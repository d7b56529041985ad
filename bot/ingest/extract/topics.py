"""Which reference topics an article touches and which positions it states, with sentences."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.models import PositionHit, TopicHit
from bot.domain.reference import Reference
from bot.ingest.extract.keywords import cite, keyword_hits, padded


def find_topics(sentences_: Sequence[str], reference: Reference, source_id: str) -> list[TopicHit]:
    """Reference topics whose keywords occur, each with its sentences, most specific first."""
    hits = keyword_hits([(t.id, t.keywords) for t in reference.topics], padded(sentences_))
    return [
        TopicHit(id=topic.id, evidence=cite(sentences_, hits[topic.id], source_id))
        for topic in reference.topics
        if topic.id in hits
    ]


def find_positions(
    sentences_: Sequence[str], reference: Reference, source_id: str
) -> list[PositionHit]:
    """Reference positions whose keywords occur, each with its sentences, most specific first."""
    hits = keyword_hits([(p.id, p.keywords) for p in reference.positions], padded(sentences_))
    return [
        PositionHit(id=position.id, evidence=cite(sentences_, hits[position.id], source_id))
        for position in reference.positions
        if position.id in hits
    ]
