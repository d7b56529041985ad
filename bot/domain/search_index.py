"""A sentence index over folded words: the segments merged into arrays for queries.

Sentences are kept once per distinct text; each text lists where it occurs (a document and
the sentence's number there). Postings map folded words to texts, so a query touches only the
texts holding its words and counts their occurrences with array operations, not one object
per sentence.
"""

from __future__ import annotations

from array import array
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
    """A query's sentences in rank order, cut into pages without sorting them all."""

    def __init__(self, index: SearchIndex, keys: Ids, starts: Ids, lengths: Ids, texts: Ids):
        # Each text's occurrences are a run of `keys` (rank keys, ascending): runs are merged
        # only as far as a page reaches.
        self._index = index
        self._keys = keys
        self._starts = starts
        self._lengths = lengths
        self._texts = texts
        self._total = int(lengths.sum())

    def __len__(self) -> int:
        return self._total

    def __bool__(self) -> bool:
        return self._total > 0

    def cut(self, start: int, stop: int) -> list[Hit]:
        """Hits `start` to `stop` (exclusive) in rank order."""
        stop = min(stop, self._total)
        if start >= stop:
            return []
        take = np.minimum(self._lengths, stop)  # no run gives more than the page reaches
        slots = np.repeat(self._starts, take) + _offsets(take)
        keys, texts = self._keys[slots], np.repeat(self._texts, take)
        chosen = np.argsort(keys, kind="stable")[start:stop]
        return [self._index.hit(int(keys[i]), int(texts[i])) for i in chosen]


def _offsets(lengths: Ids) -> Ids:
    """0, 1, … within each run of the given lengths, for all runs at once."""
    return np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)


class SearchIndex:
    """Distinct texts, their postings and occurrences, as arrays."""

    def __init__(
        self,
        segments: Iterable[Segment],
        rank: Mapping[str, int],
        keep: Callable[[str, str], bool] | None = None,
    ) -> None:
        """Merge segments (oldest first), keeping the documents `keep(key, source)` accepts.

        `rank` gives each dialogue's place (0: newest): occurrences are stored in that order.
        """
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
        last = len(rank)
        # Each occurrence's text and rank key (rank, document, position), segment by segment:
        # millions of occurrences at 100k dialogues, so no wider or longer-lived arrays.
        text_parts: list[npt.NDArray[np.int32]] = []
        key_parts: list[Ids] = []
        for number, segment in enumerate(segments):
            local = np.array([texts.setdefault(t, len(texts)) for t in segment.texts], np.int32)
            chosen = [
                doc
                for doc, fresh in enumerate(newest[number])
                if fresh and (keep is None or keep(segment.keys[doc], segment.sources[doc]))
            ]
            sources = [segment.sources[doc] for doc in chosen]
            dialogues = [segment.dialogues[doc] for doc in chosen]
            doc_key = np.full(len(segment.keys), -1, dtype=np.int64)
            numbers = np.arange(len(self._sources), len(self._sources) + len(chosen))
            ranks = np.fromiter((rank.get(d or "", last) for d in dialogues), np.int64, len(chosen))
            doc_key[chosen] = (ranks << (_DOC_BITS + _SENTENCE_BITS)) | (numbers << _SENTENCE_BITS)
            self._sources.extend(sources)
            self._dialogues.extend(dialogues)
            doc_owner.extend(
                owners.setdefault(d or source_key(s), len(owners))
                for s, d in zip(sources, dialogues, strict=True)
            )
            counts = np.frombuffer(segment.counts, dtype=np.int32).astype(np.int64)
            flat = np.frombuffer(segment.sentences, dtype=np.int32)
            keys = np.repeat(doc_key, counts)
            keys |= np.minimum(_offsets(counts), (1 << _SENTENCE_BITS) - 1)
            kept = keys >= 0
            text_parts.append(local[flat[kept]])
            key_parts.append(keys[kept])
            del keys, kept
        text_ids = np.concatenate(text_parts) if text_parts else np.empty(0, np.int32)
        del text_parts
        keys = np.concatenate(key_parts) if key_parts else np.empty(0, np.int64)
        del key_parts
        if len(owners) < len(self._sources):
            # A text counts once per dialogue (two reports of one meeting repeat the wire copy);
            # with one document per dialogue it already does (a document's texts are distinct).
            doc_ids = (keys >> _SENTENCE_BITS) & ((1 << _DOC_BITS) - 1)
            pairs = text_ids.astype(np.int64) * len(owners) + np.array(doc_owner)[doc_ids]
            first = np.sort(np.unique(pairs, return_index=True)[1])
            del doc_ids, pairs
            text_ids, keys = text_ids[first], keys[first]
        order = np.lexsort((keys, text_ids))  # by text, then by rank
        self._occ_text = text_ids[order]
        del text_ids
        self._occ_key = keys[order]
        del keys, order
        self.texts: list[str] = list(texts)
        self.folded: list[str] = [fold(t) for t in self.texts]
        # Postings as one array: the texts of vocabulary word w are _post[_start[w]:_start[w+1]].
        words: dict[str, int] = {}
        pairs_word = array("q")
        pairs_text = array("q")
        for number, folded in enumerate(self.folded):
            for word in dict.fromkeys(folded.split()):
                pairs_word.append(words.setdefault(word, len(words)))
                pairs_text.append(number)
        self.vocabulary = sorted(words)
        self._word = {w: n for n, w in enumerate(self.vocabulary)}
        sorted_id = np.empty(len(words), dtype=np.int64)
        sorted_id[[words[w] for w in self.vocabulary]] = np.arange(len(words))
        word_ids = sorted_id[np.frombuffer(pairs_word, dtype=np.int64)]
        by_word = np.argsort(word_ids, kind="stable")
        self._post = np.frombuffer(pairs_text, dtype=np.int64)[by_word]
        counts = np.bincount(word_ids, minlength=len(words))
        self._start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    # ---- candidates ----------------------------------------------------------------------

    def has_word(self, word: str) -> bool:
        """True when some text holds `word` whole."""
        return word in self._word

    def _postings(self, word: str) -> Ids:
        """The texts holding `word` whole, ascending."""
        n = self._word.get(word)
        if n is None:
            return np.empty(0, dtype=np.int64)
        return self._post[self._start[n] : self._start[n + 1]]

    def _prefixed(self, prefix: str) -> Ids | None:
        """Texts with a word starting with `prefix`; None when too many words share it."""
        low = bisect_left(self.vocabulary, prefix)
        high = bisect_left(self.vocabulary, prefix + "\U0010ffff", low)
        if high - low > MAX_PREFIX_WORDS:
            return None
        found = self._post[self._start[low] : self._start[high]]
        return found if high - low == 1 else np.unique(found)

    def _spelling(self, words: tuple[str, ...]) -> Ids | None:
        """Texts that may hold these words: every word but the last whole, the last a prefix."""
        found: Ids | None = None
        for n, word in enumerate(words):
            last = n == len(words) - 1
            here = self._prefixed(word) if last else self._postings(word)
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
        return sum(len(self._postings(words[0])) for words in term)

    # ---- occurrences ---------------------------------------------------------------------

    def hits(self, texts: Ids, keep: Callable[[str | None], bool] | None = None) -> Hits:
        """Every occurrence of `texts`, ordered by their dialogue's rank, then as stored.

        `keep` (on dialogue ids) drops the occurrences of the dialogues it refuses.
        """
        starts = np.searchsorted(self._occ_text, texts, side="left")
        lengths = np.searchsorted(self._occ_text, texts, side="right") - starts
        if keep is None:
            return Hits(self, self._occ_key, starts, lengths, texts)
        allowed = np.array([keep(d) for d in self._dialogues], dtype=bool)
        keys = self._occ_key[np.repeat(starts, lengths) + _offsets(lengths)]
        kept = allowed[(keys >> _SENTENCE_BITS) & ((1 << _DOC_BITS) - 1)]
        run = np.repeat(np.arange(len(texts)), lengths)[kept]
        lengths = np.bincount(run, minlength=len(texts)).astype(np.int64)
        return Hits(self, keys[kept], np.cumsum(lengths) - lengths, lengths, texts)

    def hit(self, key: int, text: int) -> Hit:
        """The occurrence a rank key names, of text number `text`."""
        doc = (key >> _SENTENCE_BITS) & ((1 << _DOC_BITS) - 1)
        return Hit(self.texts[text], self.folded[text], self._sources[doc], self._dialogues[doc])
