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


Items = Sequence[tuple[str, Sequence[str]]]
# Per first folded word, the keywords starting with it: (item order, item, rank, needle).
_Index = dict[str, list[tuple[int, str, int, str]]]


@lru_cache(maxsize=16)
def _keyword_index(items: tuple[tuple[str, tuple[str, ...]], ...]) -> _Index:
    """Every item's keywords by their first folded word, built once per reference list."""
    index: _Index = {}
    for order, (item, keywords) in enumerate(items):
        for rank, keyword in enumerate(keywords):
            needle = _needle(keyword)
            if needle is not None:
                index.setdefault(needle[1:].split(" ", 1)[0], []).append(
                    (order, item, rank, needle)
                )
    return index


def _occurrences(text: str, index: _Index) -> list[_Occurrence]:
    """Every whole-word occurrence of every item's keywords in one padded sentence."""
    # A padded needle can only start at a space before the word it starts with: looking up
    # each word of the sentence replaces a search of the sentence for every keyword.
    hits: list[tuple[int, int, int, str, int]] = []
    at = 0
    for word in text[1:].split(" "):
        for order, item, rank, needle in index.get(word, ()):
            if text.startswith(needle, at):
                hits.append((order, rank, at, item, len(needle)))
        at += len(word) + 1
    # In item, keyword and position order, as a search keyword by keyword finds them.
    return [_Occurrence(item, rank, at, at + size) for _, rank, at, item, size in sorted(hits)]


def keyword_hits(items: Items, folded: Sequence[str]) -> dict[str, list[int]]:
    """Per item id, the indexes of sentences naming it, most specific keyword first."""
    return dict(_hits(tuple((item, tuple(words)) for item, words in items), tuple(folded)))


@lru_cache(maxsize=4)
def _hits(
    items: tuple[tuple[str, tuple[str, ...]], ...], folded: tuple[str, ...]
) -> dict[str, list[int]]:
    # Topics and positions are looked up once more, in the same sentences, for the summary.
    ranked: dict[str, list[tuple[int, int]]] = {}
    keywords = _keyword_index(items)
    for index, text in enumerate(folded):
        found = _occurrences(text, keywords)
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
