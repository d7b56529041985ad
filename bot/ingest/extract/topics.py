"""Which reference topics an article touches and which positions it states, with sentences."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.models import PositionHit, TopicHit
from bot.domain.reference import Reference
from bot.ingest.extract.keywords import cite, padded, sentences_with


def find_topics(sentences_: Sequence[str], reference: Reference, source_id: str) -> list[TopicHit]:
    """Reference topics whose keywords occur, each with the sentences that name them."""
    folded = padded(sentences_)
    return [
        TopicHit(id=topic.id, evidence=cite(sentences_, found, source_id))
        for topic in reference.topics
        if (found := sentences_with(topic.keywords, folded))
    ]


def find_positions(
    sentences_: Sequence[str], reference: Reference, source_id: str
) -> list[PositionHit]:
    """Reference positions whose keywords occur, each with the sentences that state them."""
    folded = padded(sentences_)
    return [
        PositionHit(id=position.id, evidence=cite(sentences_, found, source_id))
        for position in reference.positions
        if (found := sentences_with(position.keywords, folded))
    ]
