"""Whole-word keyword search over an article's sentences, and the evidence it cites.

Keywords are listed most specific first. In a sentence, a keyword written inside a longer
keyword of another item does not count for its own item: "trade" in "military trade" is
defence industry, not trade; "sea" in "East Sea" is the East Sea, not maritime in general.
Each item's sentences are ranked by the most specific keyword they hold, then article order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.models import Evidence
from bot.domain.text import clip, fold


@dataclass(frozen=True)
class _Occurrence:
    """One keyword written in one sentence: whose it is, how specific, and where."""

    item: str
    rank: int
    start: int
    end: int

    def inside(self, other: _Occurrence) -> bool:
        """True when `other`, a longer keyword of another item, covers this one."""
        return (
            other.item != self.item
            and other.start <= self.start
            and self.end <= other.end
            and other.end - other.start > self.end - self.start
        )


def padded(sentences_: Sequence[str]) -> list[str]:
    """Sentences folded and space-padded, so substring tests respect word boundaries."""
    return [_padded(s) for s in sentences_]


@lru_cache(maxsize=4096)
def _padded(sentence: str) -> str:
    # Topics, positions and the summary each pad the same sentences of an article.
    return f" {fold(sentence)} "


@lru_cache(maxsize=4096)
def _needle(keyword: str) -> str | None:
    """A keyword folded and space-padded, cached: reference keywords repeat for every article."""
    folded = fold(keyword)
    return f" {folded} " if folded else None


def _occurrences(text: str, items: Sequence[tuple[str, Sequence[str]]]) -> list[_Occurrence]:
    """Every whole-word occurrence of every item's keywords in one padded sentence."""
    found: list[_Occurrence] = []
    for item, keywords in items:
        for rank, keyword in enumerate(keywords):
            needle = _needle(keyword)
            if needle is None:
                continue
            start = text.find(needle)
            while start >= 0:
                found.append(_Occurrence(item, rank, start, start + len(needle)))
                start = text.find(needle, start + 1)
    return found


def keyword_hits(
    items: Sequence[tuple[str, Sequence[str]]], folded: Sequence[str]
) -> dict[str, list[int]]:
    """Per item id, the indexes of sentences naming it, most specific keyword first."""
    ranked: dict[str, list[tuple[int, int]]] = {}
    for index, text in enumerate(folded):
        found = _occurrences(text, items)
        best: dict[str, int] = {}
        for hit in found:
            if not any(hit.inside(other) for other in found):
                best[hit.item] = min(best.get(hit.item, hit.rank), hit.rank)
        for item, rank in best.items():
            ranked.setdefault(item, []).append((rank, index))
    return {item: [i for _rank, i in sorted(pairs)] for item, pairs in ranked.items()}


def quote(sentence: str, source_id: str) -> Evidence:
    """A sentence as evidence from one source, clipped so no briefing quotes a runaway one."""
    return Evidence(sentence=clip(sentence), source_id=source_id)


def cite(sentences_: Sequence[str], indexes: Iterable[int], source_id: str) -> list[Evidence]:
    """The sentences at `indexes` as evidence from one source."""
    return [quote(sentences_[i], source_id) for i in indexes]
