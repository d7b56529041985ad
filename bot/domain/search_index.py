"""A sentence index over folded words: the segments merged into arrays for queries.

Sentences are kept once per distinct text; each text lists where it occurs (a document and
the sentence's number there). Postings map folded words to texts, so a query touches only the
texts holding its words and counts their occurrences with array operations, not one object
per sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.domain.search_segments import Segment, source_key
from bot.domain.text import fold

# A prefix this common ("a", "co") is not worth a union of postings: its term is checked on the
# candidates the other terms leave instead (every text, if it is the only term).
MAX_PREFIX_WORDS = 2000
_SENTENCE_BITS = 12  # sentence numbers above 4,095 in one document share the last rank slot
_DOC_BITS = 28

Ids = npt.NDArray[np.int64]
Term = Sequence[tuple[str, ...]]  # the spellings of one term, each as folded words


@dataclass(frozen=True)
class Hit:
    """One matching sentence, where it occurs."""

    text: str
    folded: str
    source_id: str
    dialogue_id: str | None


class Hits:
    """A query's sentences in rank order, cut into pages without materialising them all."""

    def __init__(self, index: SearchIndex, keys: Ids, texts: Ids) -> None:
        self._index = index
        self._keys = keys  # rank key of each occurrence
        self._texts = texts  # and its text

    def __len__(self) -> int:
        return len(self._keys)

    def __bool__(self) -> bool:
        return len(self._keys) > 0

    def cut(self, start: int, stop: int) -> list[Hit]:
        """Hits `start` to `stop` (exclusive) in rank order."""
        keys = self._keys
        stop = min(stop, len(keys))
        if start >= stop:
            return []
        # Only the first `stop` need sorting.
        whole = stop == len(keys)
        first = np.arange(len(keys)) if whole else np.argpartition(keys, stop - 1)[:stop]
        chosen = first[np.argsort(keys[first])][start:stop]
        return [self._index.hit(int(self._keys[i]), int(self._texts[i])) for i in chosen]


class SearchIndex:
    """Distinct texts, their postings and occurrences, as arrays."""

    def __init__(
        self, segments: Iterable[Segment], keep: Callable[[str, str], bool] | None = None
    ) -> None:
        """Merge segments (oldest first), keeping the documents `keep(key, source)` accepts."""
        segments = list(segments)
        # A key's newest document wins: walk newest first and skip keys already seen.
        seen: set[str] = set()
        newest: list[list[bool]] = []
        for segment in reversed(segments):
            newest.append([key not in seen for key in segment.keys])
            seen.update(segment.keys)
        newest.reverse()
        texts: dict[str, int] = {}
        # Per document only its source and dialogue: the sentence lists live in the arrays.
        self._sources: list[str] = []
        self._dialogues: list[str | None] = []
        owners: dict[str, int] = {}
        doc_owner: list[int] = []
        columns: list[tuple[Ids, Ids, Ids]] = []  # text, document, position of each occurrence
        for number, segment in enumerate(segments):
            local = np.array([texts.setdefault(t, len(texts)) for t in segment.texts], np.int64)
            chosen = [
                doc
                for doc, fresh in enumerate(newest[number])
                if fresh and (keep is None or keep(segment.keys[doc], segment.sources[doc]))
            ]
            renumber = np.full(len(segment.keys), -1, dtype=np.int64)
            renumber[chosen] = np.arange(len(self._sources), len(self._sources) + len(chosen))
            sources = [segment.sources[doc] for doc in chosen]
            dialogues = [segment.dialogues[doc] for doc in chosen]
            self._sources.extend(sources)
            self._dialogues.extend(dialogues)
            doc_owner.extend(
                owners.setdefault(d or source_key(s), len(owners))
                for s, d in zip(sources, dialogues, strict=True)
            )
            counts = np.frombuffer(segment.counts, dtype=np.int64)
            flat = np.frombuffer(segment.sentences, dtype=np.int64)
            docs = np.repeat(renumber, counts)
            positions = np.arange(len(flat)) - np.repeat(np.cumsum(counts) - counts, counts)
            kept = docs >= 0
            columns.append((local[flat[kept]], docs[kept], positions[kept]))
        text_ids, doc_ids, positions = (
            np.concatenate([c[n] for c in columns]) if columns else np.empty(0, np.int64)
            for n in range(3)
        )
        # A text counts once per dialogue (two reports of one meeting repeat the wire copy).
        owner_ids = np.array(doc_owner, dtype=np.int64)[doc_ids]
        _, first = np.unique(text_ids * max(len(owners), 1) + owner_ids, return_index=True)
        first.sort()
        order = np.argsort(text_ids[first], kind="stable")
        self._occ_text = text_ids[first][order].astype(np.int32)  # texts < 2**31: half the memory
        positions = np.minimum(positions[first], (1 << _SENTENCE_BITS) - 1)
        self._occ_key = ((doc_ids[first] << _SENTENCE_BITS) | positions)[order]
        self.texts: list[str] = list(texts)
        self.folded: list[str] = [fold(t) for t in self.texts]
        postings: dict[str, list[int]] = {}
        for number, folded in enumerate(self.folded):
            for word in dict.fromkeys(folded.split()):
                postings.setdefault(word, []).append(number)
        self.postings = {w: np.array(p, dtype=np.int64) for w, p in postings.items()}
        self.vocabulary = sorted(postings)
        self._ranks: tuple[object, Ids] | None = None

    # ---- candidates ----------------------------------------------------------------------

    def has_word(self, word: str) -> bool:
        """True when some text holds `word` whole."""
        return word in self.postings

    def has_prefix(self, prefix: str) -> bool:
        """True when some text holds a word starting with `prefix`."""
        start = bisect_left(self.vocabulary, prefix)
        return start < len(self.vocabulary) and self.vocabulary[start].startswith(prefix)

    def _prefixed(self, prefix: str) -> Ids | None:
        """Texts with a word starting with `prefix`; None when too many words share it."""
        start = bisect_left(self.vocabulary, prefix)
        found: list[Ids] = []
        for n, word in enumerate(self.vocabulary[start:]):
            if not word.startswith(prefix):
                break
            if n >= MAX_PREFIX_WORDS:
                return None
            found.append(self.postings[word])
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

    def _spelling(self, words: tuple[str, ...]) -> Ids | None:
        """Texts that may hold these words: every word but the last whole, the last a prefix."""
        found: Ids | None = None
        for n, word in enumerate(words):
            last = n == len(words) - 1
            if last:
                here = self._prefixed(word)
            else:
                here = self.postings.get(word, np.empty(0, dtype=np.int64))
            if here is None:
                continue
            found = here if found is None else np.intersect1d(found, here, assume_unique=True)
            if not len(found):
                break
        return found

    def _term(self, term: Term) -> Ids | None:
        """Texts that may hold any spelling of a term; None when one cannot be narrowed."""
        found: list[Ids] = []
        for words in term:
            here = self._spelling(words)
            if here is None:
                return None
            found.append(here)
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

    def exact(self, terms: Sequence[Term]) -> bool:
        """True when `candidates` holds exactly the texts with every term: one-word spellings."""
        # A one-word spelling is a word prefix at a word start, which is all its pattern asks.
        return all(
            len(words) == 1 and self._prefixed(words[0]) is not None
            for term in terms
            for words in term
        )

    def candidates(self, terms: Sequence[Term]) -> Ids:
        """Texts that may hold every term, ascending; the caller checks each unless `exact`."""
        found: Ids | None = None
        # Rarest first: the intersection shrinks fastest and an empty one stops the work.
        for term in sorted(terms, key=self._rough_size):
            here = self._term(term)
            if here is None:
                continue
            found = here if found is None else np.intersect1d(found, here, assume_unique=True)
            if not len(found):
                break
        return np.arange(len(self.texts), dtype=np.int64) if found is None else found

    def only(self, texts: Ids, check: Callable[[str], bool]) -> Ids:
        """The texts whose folded form passes `check`."""
        return np.array([i for i in texts.tolist() if check(self.folded[i])], dtype=np.int64)

    def _rough_size(self, term: Term) -> int:
        return sum(len(self.postings.get(words[0], ())) for words in term)

    # ---- occurrences ---------------------------------------------------------------------

    def hits(
        self,
        texts: Ids,
        rank: Callable[[], Mapping[str, int]],
        keep: Callable[[str | None], bool] | None = None,
    ) -> Hits:
        """Every occurrence of `texts`, ordered by their dialogue's rank, then as stored."""
        starts = np.searchsorted(self._occ_text, texts, side="left")
        stops = np.searchsorted(self._occ_text, texts, side="right")
        lengths = stops - starts
        if not len(texts) or not lengths.sum():
            return Hits(self, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        # All occurrence slots of the texts at once: each start repeated, plus 0, 1, 2, ...
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        keys = self._occ_key[np.repeat(starts, lengths) + offsets]
        of_text = np.repeat(texts, lengths)
        doc_rank = self._doc_ranks(rank)
        docs = keys >> _SENTENCE_BITS
        if keep is not None:
            allowed = np.array([keep(d) for d in self._dialogues], dtype=bool)[docs]
            keys, of_text, docs = keys[allowed], of_text[allowed], docs[allowed]
        return Hits(self, (doc_rank[docs] << (_DOC_BITS + _SENTENCE_BITS)) | keys, of_text)

    def _doc_ranks(self, rank: Callable[[], Mapping[str, int]]) -> Ids:
        """Each document's dialogue rank (0: newest); after every dialogue for none."""
        ranks = rank()
        if self._ranks is None or self._ranks[0] is not ranks:
            last = len(ranks)
            values = [ranks.get(d or "", last) for d in self._dialogues]
            self._ranks = (ranks, np.array(values, dtype=np.int64))
        return self._ranks[1]

    def hit(self, key: int, text: int) -> Hit:
        """The occurrence a rank key names, of text number `text`."""
        doc = (key >> _SENTENCE_BITS) & ((1 << _DOC_BITS) - 1)
        return Hit(self.texts[text], self.folded[text], self._sources[doc], self._dialogues[doc])
