"""Segments of the search index: distinct sentences and the documents citing them.

A segment is what the store keeps (one part each) and what the search merges into arrays
(bot/domain/search_index.py); this module has no array code, so the store imports it cheaply.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from bot.domain.headings import split_title
from bot.domain.text import clip

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
    keys = [k for s in segments for k in s.keys]
    # A key's newest version wins, in its own place: documents ordered by their last occurrence.
    chosen = np.fromiter(sorted({k: n for n, k in enumerate(keys)}.values()), np.int64)
    counts = np.zeros(0, np.int64)
    sentences = np.zeros(0, np.int64)
    for s in segments:
        local = np.fromiter((texts.setdefault(t, len(texts)) for t in s.texts), np.int64)
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
    sources = [v for s in segments for v in s.sources]
    dialogues = [v for s in segments for v in s.dialogues]
    return Segment(
        tuple(every[i] for i in used.tolist()),
        tuple(keys[i] for i in picked),
        tuple(sources[i] for i in picked),
        tuple(dialogues[i] for i in picked),
        array("i", counts[chosen].astype(np.int32).tobytes()),
        array("i", renumber[kept].astype(np.int32).tobytes()),
    )


class SearchParts(Protocol):
    """Where segments are kept between runs (the store)."""

    def load(self) -> list[Segment]:
        """Every stored segment of the current version, oldest first."""
        ...

    def save(self, segment: Segment) -> None:
        """Keep `segment` as well, dropping segments of other versions (best effort)."""
        ...
