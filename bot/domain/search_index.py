"""An inverted index over folded words: which texts may hold a term, without scanning them all."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A prefix this common ("a", "co") is not worth a union of postings: its term is checked on the
# candidates the other terms leave instead (every text, if it is the only term).
MAX_PREFIX_WORDS = 2000


@dataclass(frozen=True)
class InvertedIndex:
    """Folded word -> positions of the texts holding it, plus the sorted vocabulary."""

    postings: dict[str, tuple[int, ...]]
    vocabulary: tuple[str, ...]
    size: int

    @classmethod
    def build(cls, folded_texts: Iterable[str]) -> InvertedIndex:
        """Index texts already folded (lower-case ASCII words separated by spaces)."""
        postings: dict[str, list[int]] = defaultdict(list)
        size = 0
        for position, text in enumerate(folded_texts):
            size = position + 1
            for word in dict.fromkeys(text.split()):
                postings[word].append(position)
        return cls(
            postings={w: tuple(p) for w, p in postings.items()},
            vocabulary=tuple(sorted(postings)),
            size=size,
        )

    def _prefixed(self, prefix: str) -> set[int] | None:
        """Texts with a word starting with `prefix`; None when too many words share it."""
        start = bisect_left(self.vocabulary, prefix)
        found: set[int] = set()
        for n, word in enumerate(self.vocabulary[start:]):
            if not word.startswith(prefix):
                break
            if n >= MAX_PREFIX_WORDS:
                return None
            found.update(self.postings[word])
        return found

    def term(self, words: Sequence[str]) -> set[int] | None:
        """Texts that may hold a term: every word but the last whole, the last as a prefix."""
        # None: the index cannot narrow this term down (only a very short, common prefix).
        found: set[int] | None = None
        for n, word in enumerate(words):
            last = n == len(words) - 1
            here = self._prefixed(word) if last else set(self.postings.get(word, ()))
            if here is None:
                continue
            found = here if found is None else found & here
            if not found:
                return found
        return found

    def exact(self, terms: Iterable[Sequence[str]]) -> bool:
        """True when `candidates` holds exactly the texts with every term: one-word terms only."""
        # A one-word term is a word prefix at a word start, which is all its pattern asks.
        return all(len(t) == 1 and self._prefixed(t[0]) is not None for t in terms)

    def candidates(self, terms: Iterable[Sequence[str]]) -> list[int]:
        """Texts that may hold every term, in index order; the caller checks each exactly."""
        unique = list(dict.fromkeys(tuple(t) for t in terms if t))
        found: set[int] | None = None
        # Rarest first: the intersection shrinks fastest and an empty one stops the work.
        for words in sorted(unique, key=lambda w: len(self.postings.get(w[0], ()))):
            here = self.term(words)
            if here is None:
                continue
            found = here if found is None else found & here
            if not found:
                return []
        return list(range(self.size)) if found is None else sorted(found)
