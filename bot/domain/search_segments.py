"""Segments of the search index: distinct sentences and the documents citing them.

A segment is what the store keeps (one part each, packed) and what the search reads in place
(bot/domain/search_index.py). The array library is imported only by a merge or a big pack, so
the store imports this module cheaply and a save of a few articles never loads it.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, pairwise
from typing import Protocol

from bot.domain.headings import split_title
from bot.domain.text import clip, fold

# The sentence split, the fold and the segment layout as of this number: segments of another
# version are rebuilt, never read (bump it whenever any of them changes).
INDEX_VERSION = 3


@dataclass(frozen=True)
class Doc:
    """Where sentences occur: a source's body ("s:" key) or a dialogue's evidence ("d:")."""

    key: str
    source_id: str
    dialogue_id: str | None
    sentences: tuple[int, ...]  # the segment's texts, in the document's order


@dataclass(frozen=True)
class Segment:
    """Distinct sentence texts and the documents citing them, in columns: one search part."""

    texts: tuple[str, ...]
    keys: tuple[str, ...]
    sources: tuple[str, ...]
    dialogues: tuple[str | None, ...]
    counts: array[int]  # sentences per document
    sentences: array[int]  # each document's texts in order, one document after another
    # Each text folded, when known already (read from a packed segment): not folded again.
    folded: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def docs(self) -> Iterator[Doc]:
        """The documents one by one."""
        start = 0
        for key, source, dialogue, count in zip(
            self.keys, self.sources, self.dialogues, self.counts, strict=True
        ):
            yield Doc(key, source, dialogue, tuple(self.sentences[start : start + count]))
            start += count


class SegmentBuilder:
    """Collects documents, each distinct text kept once."""

    def __init__(self) -> None:
        self._texts: dict[str, int] = {}
        self._keys: list[str] = []
        self._sources: list[str] = []
        self._dialogues: list[str | None] = []
        self._counts = array("i")  # C int: 32 bits wherever CPython runs
        self._sentences = array("i")

    def add(self, key: str, source_id: str, dialogue_id: str | None, texts: Iterable[str]) -> None:
        """One document; a text repeated in it counts once (pages repeat paragraphs)."""
        ids = dict.fromkeys(self._texts.setdefault(t, len(self._texts)) for t in texts)
        self._keys.append(key)
        self._sources.append(source_id)
        self._dialogues.append(dialogue_id)
        self._counts.append(len(ids))
        self._sentences.extend(ids)

    def segment(self) -> Segment:
        """What was added, as one segment."""
        return Segment(
            tuple(self._texts),
            tuple(self._keys),
            tuple(self._sources),
            tuple(self._dialogues),
            self._counts,
            self._sentences,
        )


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
    # Array arithmetic, not a Python object per document: a merge of 100,000 documents runs
    # beside the writer's commits (imported here: the store imports this module at start-up).
    import numpy as np

    segments = list(segments)
    texts: dict[str, int] = {}
    folded: list[str] | None = [] if all(s.folded is not None for s in segments) else None
    keys = [k for s in segments for k in s.keys]
    # A key's newest version wins, in its own place: documents ordered by their last occurrence.
    chosen = np.fromiter(sorted({k: n for n, k in enumerate(keys)}.values()), np.int64)
    counts = np.zeros(0, np.int64)
    sentences = np.zeros(0, np.int64)
    for s in segments:
        before = len(texts)
        local = np.fromiter((texts.setdefault(t, len(texts)) for t in s.texts), np.int64)
        if folded is not None and s.folded is not None:
            folded.extend(s.folded[i] for i in np.flatnonzero(local >= before).tolist())
        counts = np.concatenate((counts, np.frombuffer(s.counts, np.int32)))
        sentences = np.concatenate((sentences, local[np.frombuffer(s.sentences, np.int32)]))
    kept_doc = np.zeros(len(keys), dtype=bool)
    kept_doc[chosen] = True
    kept = sentences[np.repeat(kept_doc, counts)]
    # Texts numbered by first use, as a builder numbers them; unused ones (replaced) dropped.
    used, first = np.unique(kept, return_index=True)
    used = used[np.argsort(first, kind="stable")]
    renumber = np.empty(len(texts), dtype=np.int64)
    renumber[used] = np.arange(len(used))
    every = list(texts)
    picked = chosen.tolist()
    used_list = used.tolist()
    sources = [v for s in segments for v in s.sources]
    dialogues = [v for s in segments for v in s.dialogues]
    return Segment(
        tuple(every[i] for i in used_list),
        tuple(keys[i] for i in picked),
        tuple(sources[i] for i in picked),
        tuple(dialogues[i] for i in picked),
        array("i", counts[chosen].astype(np.int32).tobytes()),
        array("i", renumber[kept].astype(np.int32).tobytes()),
        None if folded is None else tuple(folded[i] for i in used_list),
    )


# ---- the packed form: what the store keeps and the search reads without a str per value -----
#
# Little-endian sections, each its byte length (8 bytes) then its bytes, after a CRC-32 of them
# all. Per string column its end offsets (64-bit) then its UTF-8 bytes. Besides the segment's
# columns: each text folded, and the segment's vocabulary (folded words, sorted) with the texts
# holding each word, so a search reads postings instead of splitting every sentence.
_LENGTH = struct.Struct("<Q")
_CRC = struct.Struct("<I")
STRING_COLUMNS = ("texts", "folded", "keys", "sources", "dialogues", "words")
SECTIONS = (
    *(f"{c}{part}" for c in STRING_COLUMNS for part in ("_ends", "_blob")),
    "has_dialogue",  # one byte a document: 0 when it belongs to no dialogue
    "counts",  # 32-bit: sentences a document
    "sentences",  # 32-bit: each document's texts in order
    "post_ends",  # 64-bit: where each word's texts end in `post`
    "post",  # 32-bit: texts holding each word, ascending
)


def pack(segment: Segment) -> bytes:
    """A segment in its packed form."""
    folded = segment.folded or [fold(t) for t in segment.texts]
    # (word, text) pairs as raw numbers, not a list of ints per word: a merge packs 100,000s.
    numbers: dict[str, int] = {}
    pair_words, pair_texts = array("q"), array("q")
    for number, text in enumerate(folded):
        for word in dict.fromkeys(text.split()):
            pair_words.append(numbers.setdefault(word, len(numbers)))
            pair_texts.append(number)
    words = sorted(numbers)
    rank = array("q", bytes(8 * len(words)))
    for place, word in enumerate(words):
        rank[numbers[word]] = place
    del numbers
    # Pairs come text by text: a stable sort by word keeps each word's texts ascending.
    post_ends, post = _postings(rank, pair_words, pair_texts)
    columns = {
        "texts": segment.texts,
        "folded": folded,
        "keys": segment.keys,
        "sources": segment.sources,
        "dialogues": [d or "" for d in segment.dialogues],
        "words": words,
    }
    sections: dict[str, bytes] = {}
    for name, values in columns.items():
        encoded = [v.encode("utf-8") for v in values]
        sections[f"{name}_ends"] = _little(array("q", accumulate(map(len, encoded))))
        sections[f"{name}_blob"] = b"".join(encoded)
    sections["has_dialogue"] = bytes(d is not None for d in segment.dialogues)
    sections["counts"] = _little(array("i", segment.counts))
    sections["sentences"] = _little(array("i", segment.sentences))
    sections["post_ends"], sections["post"] = post_ends, post
    body = b"".join(_LENGTH.pack(len(sections[n])) + sections[n] for n in SECTIONS)
    return _CRC.pack(zlib.crc32(body)) + body


def _postings(rank: array[int], words: array[int], texts: array[int]) -> tuple[bytes, bytes]:
    """Per word (in `rank` order) where its texts end, and the texts: packed sections."""
    if len(words) < 50_000:  # a save's segment: no array library on the commit path
        keys = [rank[n] for n in words]
        counts = array("q", bytes(8 * len(rank)))
        for key in keys:
            counts[key] += 1
        order = sorted(range(len(keys)), key=keys.__getitem__)
        ends = array("q", accumulate(counts))
        return _little(ends), _little(array("i", (texts[n] for n in order)))
    import numpy as np

    ranks = np.frombuffer(rank, dtype=np.int64)[np.frombuffer(words, dtype=np.int64)]
    by_word = np.argsort(ranks, kind="stable")
    word_ends = np.cumsum(np.bincount(ranks, minlength=len(rank)))
    held = np.frombuffer(texts, dtype=np.int64)[by_word]
    return word_ends.astype("<i8").tobytes(), held.astype("<i4").tobytes()


def _little(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def sections(raw: bytes) -> dict[str, memoryview]:
    """The sections of a packed segment, unchecked but for framing; ValueError if torn."""
    if len(raw) < _CRC.size or _CRC.unpack_from(raw)[0] != zlib.crc32(memoryview(raw)[_CRC.size :]):
        raise ValueError("damaged packed segment")
    view = memoryview(raw)[_CRC.size :]
    found: dict[str, memoryview] = {}
    for name in SECTIONS:
        if len(view) < _LENGTH.size:
            raise ValueError("torn packed segment")
        (size,) = _LENGTH.unpack(view[: _LENGTH.size])
        if size > len(view) - _LENGTH.size:
            raise ValueError("torn packed segment")
        found[name] = view[_LENGTH.size : _LENGTH.size + size]
        view = view[_LENGTH.size + size :]
    if view:
        raise ValueError("not a packed segment")
    return found


def unpack(raw: bytes) -> Segment:
    """A packed segment as columns of str (to merge it); ValueError when it is not one."""
    found = sections(raw)
    strings = {c: _strings(found[f"{c}_ends"], found[f"{c}_blob"]) for c in STRING_COLUMNS}
    flags = bytes(found["has_dialogue"])
    if len(flags) != len(strings["dialogues"]):
        raise ValueError("dialogue flags do not fit")
    dialogues = tuple(d if f else None for d, f in zip(strings["dialogues"], flags, strict=True))
    segment = checked(
        strings["texts"],
        strings["keys"],
        strings["sources"],
        dialogues,
        ints_from(found["counts"], "i"),
        ints_from(found["sentences"], "i"),
    )
    if len(strings["folded"]) != len(segment.texts):
        raise ValueError("folded texts do not fit")
    return replace(segment, folded=tuple(strings["folded"]))


def checked(
    texts: Sequence[object],
    keys: Sequence[object],
    sources: Sequence[object],
    dialogues: tuple[str | None, ...],
    counts: array[int],
    sentences: array[int],
) -> Segment:
    """The segment these columns make; ValueError when they do not fit together."""
    if len({len(keys), len(sources), len(dialogues), len(counts)}) != 1:
        raise ValueError("columns of different lengths")
    if sum(counts) != len(sentences) or min(counts, default=0) < 0:
        raise ValueError("counts do not fit")
    if sentences and not 0 <= min(sentences) <= max(sentences) < len(texts):
        raise ValueError("sentences out of range")
    if not all(isinstance(v, str) for c in (texts, keys, sources) for v in c):
        raise ValueError("not text")
    return Segment(tuple(texts), tuple(keys), tuple(sources), dialogues, counts, sentences)  # type: ignore[arg-type]


def _strings(ends_bytes: memoryview, blob: memoryview) -> list[str]:
    ends = ints_from(ends_bytes, "q")
    if any(b < a for a, b in pairwise((0, *ends))) or (ends and ends[-1] != len(blob)):
        raise ValueError("string offsets do not fit")
    data = bytes(blob)
    return [data[a:b].decode("utf-8") for a, b in pairwise((0, *ends))]


def ints_from(raw: memoryview | bytes, code: str) -> array[int]:
    """Little-endian integers of array type `code`; ValueError when `raw` is not whole ones."""
    data = array(code)
    if len(raw) % data.itemsize:
        raise ValueError("not whole integers")
    data.frombytes(raw)
    if sys.byteorder == "big":
        data.byteswap()
    return data


class SearchParts(Protocol):
    """Where segments are kept between runs (the store)."""

    def load(self) -> list[bytes]:
        """Every stored segment of the current version, packed, oldest first."""
        ...

    def save(self, segment: Segment) -> None:
        """Keep `segment` as well, dropping segments of other versions (best effort)."""
        ...
