"""A sentence index over folded words: segments of sentences, merged into arrays for queries.

Sentences are kept once per distinct text; each text lists where it occurs (a document: a
source's body, or a dialogue's evidence of sources not stored, and the sentence's number
there). Postings map folded words to texts, so a query touches only the texts holding its
words and counts their occurrences with array operations, not one object per sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.domain.headings import split_title
from bot.domain.text import clip, fold

# The sentence split, the fold and the segment layout as of this number: segments of another
# version are rebuilt, never read (bump it whenever any of them changes).
INDEX_VERSION = 1
# A prefix this common ("a", "co") is not worth a union of postings: its term is checked on the
# candidates the other terms leave instead (every text, if it is the only term).
MAX_PREFIX_WORDS = 2000
_SENTENCE_BITS = 12  # sentence numbers above 4,095 in one document share the last rank slot
_DOC_BITS = 28

Ids = npt.NDArray[np.int64]
Term = Sequence[tuple[str, ...]]  # the spellings of one term, each as folded words


@dataclass(frozen=True)
class Doc:
    """Where sentences occur: a source's body ("s:" key) or a dialogue's evidence ("d:")."""

    key: str
    source_id: str
    dialogue_id: str | None
    sentences: tuple[int, ...]  # the segment's texts, in the document's order


@dataclass(frozen=True)
class Segment:
    """Distinct sentence texts and the documents citing them: one stored search part."""

    texts: tuple[str, ...]
    docs: tuple[Doc, ...]


class SegmentBuilder:
    """Collects documents, each distinct text kept once."""

    def __init__(self) -> None:
        self._texts: dict[str, int] = {}
        self._docs: list[Doc] = []

    def add(self, key: str, source_id: str, dialogue_id: str | None, texts: Iterable[str]) -> None:
        """One document; a text repeated in it counts once (pages repeat paragraphs)."""
        ids = (self._texts.setdefault(t, len(self._texts)) for t in texts)
        self._docs.append(Doc(key, source_id, dialogue_id, tuple(dict.fromkeys(ids))))

    def segment(self) -> Segment:
        """What was added, as one segment."""
        return Segment(tuple(self._texts), tuple(self._docs))


def body_sentences(text: str) -> list[str]:
    """The sentences search shows of a source: its body (no headline or decks), each clipped."""
    # Imported here: the briefings package imports this module (the store does too, earlier).
    from bot.domain.briefings.sentences import split_sentences

    _title, body = split_title(text)
    return [clip(s) for s in split_sentences(body)]


def source_key(source_id: str) -> str:
    return f"s:{source_id}"


def merge_segments(segments: Iterable[Segment]) -> Segment:
    """One segment of many, oldest first: a later document replaces an earlier one's key."""
    docs: dict[str, tuple[str, str | None, list[str]]] = {}
    for segment in segments:
        for doc in segment.docs:
            docs.pop(doc.key, None)  # re-inserted: its place is its newest version's
            texts = [segment.texts[i] for i in doc.sentences]
            docs[doc.key] = (doc.source_id, doc.dialogue_id, texts)
    builder = SegmentBuilder()
    for key, (source_id, dialogue_id, texts) in docs.items():
        builder.add(key, source_id, dialogue_id, texts)
    return builder.segment()


class SearchParts(Protocol):
    """Where segments are kept between runs (the store)."""

    def load(self) -> list[Segment]:
        """Every stored segment of the current version, oldest first."""
        ...

    def save(self, segment: Segment) -> None:
        """Keep `segment` as well, dropping segments of other versions (best effort)."""
        ...


@dataclass(frozen=True)
class Hit:
    """One matching sentence, where it occurs."""

    text: str
    folded: str
    source_id: str
    dialogue_id: str | None


class Hits:
    """A query's sentences in rank order, cut into pages without materialising them all."""

    def __init__(self, index: SearchIndex, keys: Ids) -> None:
        self._index = index
        self._keys = keys

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
        if stop < len(keys):
            keys = np.partition(keys, stop - 1)[:stop]  # only the first `stop` need sorting
        chosen = np.sort(keys)[start:stop]
        return [self._index.hit(int(k)) for k in chosen]


class SearchIndex:
    """Distinct texts, their postings and occurrences, as arrays."""

    def __init__(self, segments: Iterable[Segment], keep: Callable[[Doc], bool]) -> None:
        """Merge segments (oldest first), keeping the documents `keep` accepts."""
        texts: dict[str, int] = {}
        docs: dict[str, tuple[Doc, tuple[int, ...]]] = {}
        for segment in segments:
            local = [texts.setdefault(t, len(texts)) for t in segment.texts]
            for doc in segment.docs:
                docs[doc.key] = (doc, tuple(local[i] for i in doc.sentences))
        self.docs: list[Doc] = []
        owners: dict[str, int] = {}
        occ_text: list[int] = []
        occ_doc: list[int] = []
        occ_pos: list[int] = []
        occ_owner: list[int] = []
        for doc, gids in docs.values():
            if not keep(doc):
                continue
            number = len(self.docs)
            self.docs.append(doc)
            owner = owners.setdefault(doc.dialogue_id or source_key(doc.source_id), len(owners))
            occ_text.extend(gids)
            occ_doc.extend([number] * len(gids))
            occ_pos.extend(range(len(gids)))
            occ_owner.extend([owner] * len(gids))
        text_ids = np.array(occ_text, dtype=np.int64)
        # A text counts once per dialogue (two reports of one meeting repeat the wire copy).
        pair = text_ids * max(len(owners), 1) + np.array(occ_owner, dtype=np.int64)
        _, first = np.unique(pair, return_index=True)
        first.sort()
        text_ids = text_ids[first]
        order = np.argsort(text_ids, kind="stable")
        self._occ_text = text_ids[order]
        position = np.minimum(np.array(occ_pos, dtype=np.int64)[first], (1 << _SENTENCE_BITS) - 1)
        self._occ_key = ((np.array(occ_doc, dtype=np.int64)[first] << _SENTENCE_BITS) | position)[
            order
        ]
        self.texts: list[str] = list(texts)
        self.folded: list[str] = [fold(t) for t in self.texts]
        postings: dict[str, list[int]] = {}
        for number, folded in enumerate(self.folded):
            for word in dict.fromkeys(folded.split()):
                postings.setdefault(word, []).append(number)
        self.postings = {w: np.array(p, dtype=np.int64) for w, p in postings.items()}
        self.vocabulary = sorted(postings)
        self._ranks: tuple[object, Ids] | None = None
        self._by_key: tuple[Ids, Ids] | None = None

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
            return Hits(self, np.empty(0, dtype=np.int64))
        # All occurrence slots of the texts at once: each start repeated, plus 0, 1, 2, ...
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        keys = self._occ_key[np.repeat(starts, lengths) + offsets]
        doc_rank = self._doc_ranks(rank)
        docs = keys >> _SENTENCE_BITS
        if keep is not None:
            allowed = np.array([keep(d.dialogue_id) for d in self.docs], dtype=bool)
            keys = keys[allowed[docs]]
            docs = keys >> _SENTENCE_BITS
        return Hits(self, (doc_rank[docs] << (_DOC_BITS + _SENTENCE_BITS)) | keys)

    def _doc_ranks(self, rank: Callable[[], Mapping[str, int]]) -> Ids:
        """Each document's dialogue rank (0: newest); after every dialogue for none."""
        ranks = rank()
        if self._ranks is None or self._ranks[0] is not ranks:
            last = len(ranks)
            values = [ranks.get(d.dialogue_id or "", last) for d in self.docs]
            self._ranks = (ranks, np.array(values, dtype=np.int64))
        return self._ranks[1]

    def hit(self, key: int) -> Hit:
        """The occurrence a rank key names."""
        occurrence = key & ((1 << (_DOC_BITS + _SENTENCE_BITS)) - 1)
        doc = self.docs[occurrence >> _SENTENCE_BITS]
        text = self._text_of(occurrence)
        return Hit(self.texts[text], self.folded[text], doc.source_id, doc.dialogue_id)

    def _text_of(self, occurrence: int) -> int:
        """The text of an occurrence (document and sentence number)."""
        if self._by_key is None:
            order = np.argsort(self._occ_key)
            self._by_key = (self._occ_key[order], self._occ_text[order])
        keys, texts = self._by_key
        return int(texts[np.searchsorted(keys, occurrence)])
