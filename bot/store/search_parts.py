"""The search index's segments as store parts (`search-LSSSS`), committed with what they index.

Each commit that stores new sources adds one segment of their sentences at level 0; when a
level holds FANOUT segments they are merged into one of the next level, so a store keeps a few
segments whatever its size and a save rewrites only small ones. A segment written by another
index version is never read: the search rebuilds what it held and the commit drops it.
"""

from __future__ import annotations

import base64
import logging
import sys
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.domain.search_segments import (
    INDEX_VERSION,
    Segment,
    SegmentBuilder,
    body_sentences,
    merge_segments,
    source_key,
)
from bot.store.errors import StoreError
from bot.store.layout import dialogues_part
from bot.store.storage import RawData

if TYPE_CHECKING:
    from bot.store.core import Store, _Txn

log = logging.getLogger(__name__)
PREFIX = "search-"
FANOUT = 8  # segments of one level merged into one of the next
BASE_DOCS = 256  # a level-0 segment holds about this many documents, level L about 8**L times
TOP_LEVEL = 9


@dataclass
class Pending:
    """What a transaction adds to the index besides its new sources (a rebuilt segment)."""

    segments: list[Segment] = field(default_factory=list)
    drop: set[str] = field(default_factory=set)  # parts of another index version


@dataclass
class SearchStats:
    """What this process did with the stored index: observable without reading logs."""

    segments_loaded: int = 0
    segments_stale: int = 0
    documents_rebuilt: int = 0


def part_name(level: int, serial: int) -> str:
    return f"{PREFIX}{level}{serial:04d}"


def _level(name: str) -> int:
    return int(name[len(PREFIX)])


def _serial(name: str) -> int:
    return int(name[len(PREFIX) + 1 :])


def ordered(parts: Mapping[str, str]) -> list[str]:
    """The search parts, oldest content first: higher levels were merged earlier."""
    names = [n for n in parts if n.startswith(PREFIX)]
    return sorted(names, key=lambda n: (-_level(n), _serial(n)))


def encode(segment: Segment) -> RawData:
    """A segment as a TinyDB document of one record, in columns (few, flat JSON values)."""
    record = {
        "version": INDEX_VERSION,
        "texts": list(segment.texts),
        "keys": list(segment.keys),
        "sources": list(segment.sources),
        "dialogues": list(segment.dialogues),
        "counts": _packed(segment.counts),
        "sentences": _packed(segment.sentences),
    }
    return {"search": {"1": record}}


def decode(data: RawData) -> Segment | None:
    """The segment a part holds; None when another version (or no valid one) wrote it."""
    record: Any = data.get("search", {}).get("1")
    if not isinstance(record, dict) or record.get("version") != INDEX_VERSION:
        return None
    try:
        texts, keys = record["texts"], record["keys"]
        sources, dialogues = record["sources"], record["dialogues"]
        counts, sentences = _unpacked(record["counts"]), _unpacked(record["sentences"])
    except (KeyError, TypeError, ValueError):
        return None
    columns = (texts, keys, sources, dialogues)
    if not all(isinstance(c, list) for c in columns) or len({len(c) for c in columns[1:]}) != 1:
        return None
    if len(counts) != len(keys) or sum(counts) != len(sentences) or min(counts, default=0) < 0:
        return None
    if sentences and not 0 <= min(sentences) <= max(sentences) < len(texts):
        return None
    text_columns = (texts, keys, sources)
    if not all(isinstance(v, str) for c in text_columns for v in c):
        return None
    if not all(v is None or isinstance(v, str) for v in dialogues):
        return None
    return Segment(tuple(texts), tuple(keys), tuple(sources), tuple(dialogues), counts, sentences)


def _packed(values: array[int]) -> str:
    """32-bit little-endian integers in base64: parsed without an object per number."""
    data = array("i", values)
    if sys.byteorder == "big":
        data.byteswap()
    return base64.b64encode(data.tobytes()).decode("ascii")


def _unpacked(text: object) -> array[int]:
    """What `_packed` wrote; ValueError (or TypeError) when it is not that."""
    raw = base64.b64decode(text, validate=True)  # type: ignore[arg-type]
    if len(raw) % 4:
        raise ValueError("not 32-bit integers")
    data = array("i")
    data.frombytes(raw)
    if sys.byteorder == "big":
        data.byteswap()
    return data


def _level_for(docs: int) -> int:
    level, size = 0, BASE_DOCS * FANOUT
    while docs >= size and level < TOP_LEVEL:
        level, size = level + 1, size * FANOUT
    return level


def _new_sources(txn: _Txn) -> Segment:
    """The sentences of the sources this transaction stores for the first time."""
    builder = SegmentBuilder()
    for shard, keys in txn.sources.items():
        known = txn.state.shard_sources(shard)
        part = txn.parts.get(dialogues_part(shard), {})
        for source_id, doc_id in keys.items():
            if source_id in known:
                continue
            record = part.get("sources", {}).get(str(doc_id), {})
            text = part.get("texts", {}).get(str(doc_id), {}).get("text", "")
            owner = record.get("dialogue_id")
            dialogue_id = None if owner is None else str(owner)
            builder.add(source_key(source_id), source_id, dialogue_id, body_sentences(str(text)))
    return builder.segment()


def add_to_commit(
    txn: _Txn, changed: dict[str, RawData], read: Callable[[str], RawData]
) -> list[str]:
    """Put the commit's new segment (and merges) in `changed`; the parts it drops."""
    parts = txn.state.manifest.parts
    fresh = [s for s in (_new_sources(txn), *txn.search.segments) if s.keys]
    dropped = [n for n in txn.search.drop if n in parts]
    if not fresh:
        return dropped
    levels: dict[int, list[str]] = {}
    for name in ordered(parts):
        if name not in dropped:
            levels.setdefault(_level(name), []).append(name)
    segment = merge_segments(fresh) if len(fresh) > 1 else fresh[0]
    level = _level_for(len(segment.keys))
    while True:
        names = levels.setdefault(level, [])
        name = part_name(level, max(map(_serial, names), default=-1) + 1)
        if len(names) + 1 < FANOUT or level == TOP_LEVEL:
            changed[name] = encode(segment)
            return [n for n in dropped if n not in changed]  # a name reused is replaced
        older = [decode(read(n)) for n in names]
        segment = merge_segments([*(s for s in older if s is not None), segment])
        dropped.extend(names)
        levels[level] = []
        level += 1


class StoredSearch:
    """The index segments one snapshot of the store names (the corpus's `search_parts`)."""

    def __init__(self, store: Store, parts: Mapping[str, str]) -> None:
        self._store = store
        self._parts = dict(parts)
        self._stale: set[str] = set()

    def load(self) -> list[Segment]:
        """Every segment of this version, oldest first; others are noted to be dropped."""
        segments = []
        for name in ordered(self._parts):
            try:  # not kept among the parsed parts: its lists are garbage once decoded
                data = self._store._read_from(self._parts[name], keep=False)
            except FileNotFoundError:
                continue  # superseded since: its sources are found missing and indexed again
            found = decode(data)
            if found is None:
                self._stale.add(name)
            else:
                segments.append(found)
        stats = self._store.search_stats
        stats.segments_loaded += len(segments)
        stats.segments_stale += len(self._stale)
        return segments

    def save(self, segment: Segment) -> None:
        """Commit a segment the search had to build, so the next start need not."""
        self._store.search_stats.documents_rebuilt += len(segment.keys)
        try:
            with self._store._transaction() as txn:
                current = txn.state.manifest.parts
                txn.search.segments.append(segment)
                txn.search.drop.update(n for n in self._stale if current.get(n) == self._parts[n])
        except StoreError as exc:  # a read-only or busy store: searched from memory this time
            log.warning("search index not stored: %s", exc)
