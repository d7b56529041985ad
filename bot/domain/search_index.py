"""A sentence index over folded words: the packed segments, read in place, merged for queries.

Sentences are kept once per distinct text; each text lists where it occurs (a document and
the sentence's number there). Postings map folded words to texts, so a query touches only the
texts holding its words and counts their occurrences with array operations. Texts, folded
texts, words and document ids stay UTF-8 in the segments' bytes: a str is made only for what a
query checks or shows.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from bot.domain.search_segments import STRING_COLUMNS, Segment, pack, sections, source_key

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


class Strings(Sequence[str]):
    """Strings packed as UTF-8 with their end offsets: each decoded when read."""

    def __init__(self, ends: Ids, blob: memoryview | bytes) -> None:
        if len(ends) and (ends[-1] != len(blob) or ends[0] < 0 or np.any(np.diff(ends) < 0)):
            raise ValueError("string offsets do not fit")
        self._ends = ends
        self._blob = memoryview(blob)

    @classmethod
    def of(cls, values: Iterable[str]) -> Strings:
        encoded = [v.encode("utf-8") for v in values]
        ends = np.cumsum(np.fromiter(map(len, encoded), np.int64, len(encoded)))
        return cls(ends, b"".join(encoded))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        end = int(self._ends[index])
        start = int(self._ends[index - 1]) if index else 0
        return str(self._blob[start:end], "utf-8", "replace")  # checksummed: never replaced

    def every(self) -> list[str]:
        """All of them at once (for a moment: one str each)."""
        data = bytes(self._blob)
        bounds = [0, *self._ends.tolist()]
        whole = data.decode("utf-8", "replace")
        if len(whole) == len(data):  # ASCII (ids, most words): byte offsets are str offsets
            return [whole[a:b] for a, b in pairwise(bounds)]
        return [data[a:b].decode("utf-8", "replace") for a, b in pairwise(bounds)]

    def raw(self) -> list[bytes]:
        """Each one's bytes (for a moment)."""
        data = bytes(self._blob)
        bounds = [0, *self._ends.tolist()]
        return [data[a:b] for a, b in pairwise(bounds)]


class PackedSegment:
    """A packed segment's columns as arrays over its bytes; ValueError when they do not fit."""

    def __init__(self, raw: bytes) -> None:
        found = sections(raw)
        strings = {
            c: Strings(_array(found[f"{c}_ends"], "<i8"), found[f"{c}_blob"])
            for c in STRING_COLUMNS
        }
        self.texts, self.folded = strings["texts"], strings["folded"]
        self.keys, self.sources = strings["keys"], strings["sources"]
        self.dialogues, self.words = strings["dialogues"], strings["words"]
        self.has_dialogue = _array(found["has_dialogue"], "u1")
        self.counts = _array(found["counts"], "<i4").astype(np.int64)
        self.sentences = _array(found["sentences"], "<i4")
        self.post_ends = _array(found["post_ends"], "<i8")
        self.post = _array(found["post"], "<i4")
        docs = len(self.keys)
        texts = len(self.texts)
        if {len(self.sources), len(self.dialogues), len(self.has_dialogue), len(self.counts)} != {
            docs
        }:
            raise ValueError("document columns of different lengths")
        if len(self.folded) != texts or len(self.post_ends) != len(self.words):
            raise ValueError("text columns of different lengths")
        if (self.counts < 0).any() or int(self.counts.sum()) != len(self.sentences):
            raise ValueError("counts do not fit")
        if len(self.post_ends) and (
            self.post_ends[-1] != len(self.post)
            or np.any(np.diff(self.post_ends) < 0)
            or self.post_ends[0] < 0
        ):
            raise ValueError("postings do not fit")
        for numbers in (self.sentences, self.post):
            if len(numbers) and not 0 <= int(numbers.min()) <= int(numbers.max()) < texts:
                raise ValueError("text numbers out of range")

    def dialogue(self, doc: int) -> str | None:
        return self.dialogues[doc] if self.has_dialogue[doc] else None


def _array(raw: memoryview, dtype: str) -> npt.NDArray[Any]:
    return np.frombuffer(raw, dtype=np.dtype(dtype))


class SearchIndex:
    """Distinct texts, their postings and occurrences, as arrays over the packed segments."""

    def __init__(
        self,
        segments: Iterable[PackedSegment | Segment],
        rank: Mapping[str, int],
        keep: Callable[[str, str], bool] | None = None,
    ) -> None:
        """Merge segments (oldest first), keeping the documents `keep(key, source)` accepts.

        `rank` gives each dialogue's place (0: newest): occurrences are stored in that order.
        """
        packs = [s if isinstance(s, PackedSegment) else PackedSegment(pack(s)) for s in segments]
        self._packs = packs
        # A key's newest document wins: walk newest first and skip keys already seen.
        seen: set[str] = set()
        newest: list[list[bool]] = []
        for segment in reversed(packs):
            names = segment.keys.every()
            newest.append([key not in seen for key in names])
            seen.update(names)
        newest.reverse()
        del seen
        # A text is one whatever segments hold it: found by its bytes, read from the first.
        numbers: dict[bytes, int] = {}
        text_seg, text_local = array("i"), array("i")
        # Per document only where it is: its ids are read from the segment when shown.
        doc_seg, doc_local = array("i"), array("i")
        owners: dict[str, int] = {}
        doc_owner = array("q")
        last = len(rank)
        # Each occurrence's text and rank key (rank, document, position), segment by segment:
        # millions of occurrences at 100k dialogues, so no wider or longer-lived arrays.
        text_parts: list[npt.NDArray[np.int32]] = []
        key_parts: list[Ids] = []
        global_texts: list[Ids] = []
        for number, segment in enumerate(packs):
            before = len(numbers)
            raws = segment.texts.raw()
            local = np.fromiter(
                (numbers.setdefault(r, len(numbers)) for r in raws), np.int64, len(raws)
            )
            del raws
            fresh_texts = np.flatnonzero(local >= before)  # numbered in the order first seen
            text_seg.extend([number] * len(fresh_texts))
            text_local.extend(fresh_texts.tolist())
            global_texts.append(local)
            chosen = [doc for doc, fresh in enumerate(newest[number]) if fresh]
            if keep is not None:
                named = list(zip(segment.keys.every(), segment.sources.every(), strict=True))
                chosen = [doc for doc in chosen if keep(*named[doc])]
                del named
            every_dialogue, flags = segment.dialogues.every(), segment.has_dialogue.tolist()
            dialogues = [every_dialogue[d] if flags[d] else None for d in chosen]
            del every_dialogue, flags
            doc_key = np.full(len(segment.keys), -1, dtype=np.int64)
            first = len(doc_seg)
            doc_numbers = np.arange(first, first + len(chosen))
            ranks = np.fromiter((rank.get(d or "", last) for d in dialogues), np.int64, len(chosen))
            doc_key[chosen] = (ranks << (_DOC_BITS + _SENTENCE_BITS)) | (
                doc_numbers << _SENTENCE_BITS
            )
            doc_seg.extend([number] * len(chosen))
            doc_local.extend(chosen)
            doc_owner.extend(
                owners.setdefault(d or source_key(segment.sources[doc]), len(owners))
                for doc, d in zip(chosen, dialogues, strict=True)
            )
            keys_now = np.repeat(doc_key, segment.counts)
            keys_now |= np.minimum(_offsets(segment.counts), (1 << _SENTENCE_BITS) - 1)
            kept = keys_now >= 0
            text_parts.append(local[segment.sentences[kept]].astype(np.int32))
            key_parts.append(keys_now[kept])
            del keys_now, kept
        del numbers
        self._count = len(text_seg)
        self._text_seg = np.frombuffer(text_seg, dtype=np.int32)
        self._text_local = np.frombuffer(text_local, dtype=np.int32)
        self._doc_seg = np.frombuffer(doc_seg, dtype=np.int32)
        self._doc_local = np.frombuffer(doc_local, dtype=np.int32)
        self._dialogue_ids: list[str | None] | None = None
        text_ids = np.concatenate(text_parts) if text_parts else np.empty(0, np.int32)
        del text_parts
        keys = np.concatenate(key_parts) if key_parts else np.empty(0, np.int64)
        del key_parts
        if len(owners) < len(doc_seg):
            # A text counts once per dialogue (two reports of one meeting repeat the wire copy);
            # with one document per dialogue it already does (a document's texts are distinct).
            doc_ids = (keys >> _SENTENCE_BITS) & ((1 << _DOC_BITS) - 1)
            pairs = (
                text_ids.astype(np.int64) * len(owners)
                + np.frombuffer(doc_owner, np.int64)[doc_ids]
            )
            first_seen = np.sort(np.unique(pairs, return_index=True)[1])
            del doc_ids, pairs
            text_ids, keys = text_ids[first_seen], keys[first_seen]
        del owners, doc_owner
        order = np.lexsort((keys, text_ids))  # by text, then by rank
        self._occ_text = text_ids[order]
        del text_ids
        self._occ_key = keys[order]
        del keys, order
        # Postings as one array: the texts of vocabulary word w are _post[_start[w]:_start[w+1]].
        words_of = [segment.words.every() for segment in packs]
        vocabulary = sorted(set().union(*words_of))
        word_number = {w: n for n, w in enumerate(vocabulary)}
        pair_parts = []
        for segment, words, local in zip(packs, words_of, global_texts, strict=True):
            ids = np.fromiter((word_number[w] for w in words), np.int64, len(words))
            lengths = np.diff(segment.post_ends, prepend=0)
            pair_parts.append(np.repeat(ids, lengths) * max(self._count, 1) + local[segment.post])
        del words_of, word_number, global_texts
        pairs_all = np.sort(np.concatenate(pair_parts)) if pair_parts else np.empty(0, np.int64)
        del pair_parts
        # A text in two segments is one: its (word, text) pairs once.
        if len(pairs_all):
            pairs_all = pairs_all[np.concatenate(([True], pairs_all[1:] != pairs_all[:-1]))]
        word_ids = pairs_all // max(self._count, 1)
        self._post = pairs_all % max(self._count, 1)
        counts = np.bincount(word_ids, minlength=len(vocabulary))
        self._start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.vocabulary = Strings.of(vocabulary)

    def text(self, number: int) -> str:
        """Text `number` as stored."""
        return self._packs[int(self._text_seg[number])].texts[int(self._text_local[number])]

    def folded(self, number: int) -> str:
        """Text `number` folded."""
        return self._packs[int(self._text_seg[number])].folded[int(self._text_local[number])]

    def _dialogue(self, doc: int) -> str | None:
        return self._packs[int(self._doc_seg[doc])].dialogue(int(self._doc_local[doc]))

    # ---- candidates ----------------------------------------------------------------------

    def _word(self, word: str) -> int | None:
        n = bisect_left(self.vocabulary, word)
        return n if n < len(self.vocabulary) and self.vocabulary[n] == word else None

    def has_word(self, word: str) -> bool:
        """True when some text holds `word` whole."""
        return self._word(word) is not None

    def _postings(self, word: str) -> Ids:
        """The texts holding `word` whole, ascending."""
        n = self._word(word)
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
        return np.arange(self._count, dtype=np.int64) if found is None else found

    def only(self, texts: Ids, check: Callable[[str], bool]) -> Ids:
        """The texts whose folded form passes `check`."""
        return np.array([i for i in texts.tolist() if check(self.folded(i))], dtype=np.int64)

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
        if self._dialogue_ids is None:  # kept once a search asks for a period
            self._dialogue_ids = [self._dialogue(d) for d in range(len(self._doc_seg))]
        allowed = np.array([keep(d) for d in self._dialogue_ids], dtype=bool)
        keys = self._occ_key[np.repeat(starts, lengths) + _offsets(lengths)]
        kept = allowed[(keys >> _SENTENCE_BITS) & ((1 << _DOC_BITS) - 1)]
        run = np.repeat(np.arange(len(texts)), lengths)[kept]
        lengths = np.bincount(run, minlength=len(texts)).astype(np.int64)
        return Hits(self, keys[kept], np.cumsum(lengths) - lengths, lengths, texts)

    def hit(self, key: int, text: int) -> Hit:
        """The occurrence a rank key names, of text number `text`."""
        doc = (key >> _SENTENCE_BITS) & ((1 << _DOC_BITS) - 1)
        segment, local = self._packs[int(self._doc_seg[doc])], int(self._doc_local[doc])
        return Hit(
            self.text(text), self.folded(text), segment.sources[local], segment.dialogue(local)
        )
