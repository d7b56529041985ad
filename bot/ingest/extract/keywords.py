"""Whole-word keyword search over an article's sentences, and the evidence it cites."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain.models import Evidence
from bot.domain.text import clip, fold


def padded(sentences_: Sequence[str]) -> list[str]:
    """Sentences folded and space-padded, so substring tests respect word boundaries."""
    return [f" {fold(s)} " for s in sentences_]


def sentences_with(keywords: Iterable[str], folded: Sequence[str]) -> list[int]:
    """Indexes of folded sentences containing any keyword as whole words."""
    needles = [f" {fold(k)} " for k in keywords if fold(k)]
    return [i for i, text in enumerate(folded) if any(n in text for n in needles)]


def quote(sentence: str, source_id: str) -> Evidence:
    """A sentence as evidence from one source, clipped so no briefing quotes a runaway one."""
    return Evidence(sentence=clip(sentence), source_id=source_id)


def cite(sentences_: Sequence[str], indexes: Iterable[int], source_id: str) -> list[Evidence]:
    """The sentences at `indexes` as evidence from one source."""
    return [quote(sentences_[i], source_id) for i in indexes]
