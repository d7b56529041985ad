"""The folded catalog: every shard's catalog in one part, so opening reads one file, not hundreds.

The shards' own catalog parts stay the truth. The folded part (`catalog`) records which catalog
file it folded for each shard; a shard whose catalog file has changed since is read from its own
part. A commit folds again once more than FOLD_SHARDS shards have changed, so opening reads the
folded part and at most that many shard catalogs, whatever the store's size. Numbers and codes
are packed as little-endian integers in base64: a JSON document that parses in milliseconds.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.domain.catalog_rows import NUMBERS, Columns, Ints, Row, Table
from bot.store.layout import catalog_part

_WORDS = ("topics", "positions", "people")
VERSION = 1  # a folded part of another version is not read (the shards' catalogs are)
FOLD_SHARDS = 16  # changed shards a reader may have to read on their own before a fold


@dataclass(frozen=True)
class Folded:
    """A folded catalog: its rows (grouped by shard), where each shard's rows are, its files."""

    table: Table
    files: dict[int, str]  # shard -> the catalog file folded
    ranges: dict[int, tuple[int, int]]  # shard -> its rows in `table`
    sources: Mapping[int, dict[str, int]]  # shard -> source id -> doc id

    def current(self, parts: Mapping[str, str]) -> set[int]:
        """The shards whose folded rows are still current under `parts`."""
        return {s for s, f in self.files.items() if parts.get(catalog_part(s)) == f}

    def rows_of(self, shards: Iterable[int]) -> Table:
        """The folded rows of these shards, in the order they are folded."""
        spans = sorted(self.ranges[s] for s in shards)
        if len(spans) == len(self.ranges):
            return self.table
        rows = [np.arange(a, b, dtype=np.int64) for a, b in spans]
        return self.table.take(np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64))

    def piece(self, shards: Iterable[int]) -> Piece:
        """The folded rows of these shards, as a piece of the next fold."""
        order = sorted(shards, key=lambda s: self.ranges[s])
        sizes = [self.ranges[s][1] - self.ranges[s][0] for s in order]
        listed = [(s, n, self.files[s], self.sources[s]) for s, n in zip(order, sizes, strict=True)]
        return self.rows_of(order), listed

    def columns(self, shard: int) -> Columns:
        """One shard's rows as its catalog part stores them."""
        start, end = self.ranges[shard]
        table = self.table
        cols: Columns = {n: table.numbers[n][start:end].tolist() for n in NUMBERS}
        for name, codes in table.codes.items():
            values = table.values[name]
            cols[name] = [values[c] for c in codes[start:end].tolist()]
        return cols


# Rows, then (shard, rows of it, catalog file, sources) of each shard they hold, in turn.
Piece = tuple[Table, list[tuple[int, int, str, dict[str, int]]]]


def fold(pieces: list[Piece]) -> tuple[dict[str, Any], Folded]:
    """The folded part's document for these rows (each shard's file and sources), and it parsed."""
    table = Table.join([rows for rows, _ in pieces])
    shards = [shard for _, listed in pieces for shard in listed]
    codes: dict[str, Ints] = {}
    values: dict[str, list[Any]] = {}
    for name, joined in table.codes.items():
        # Joined tables repeat values: keep each once, so the file and the groups stay small.
        distinct: dict[Any, int] = {}
        remap = [distinct.setdefault(v, len(distinct)) for v in table.values[name]]
        codes[name] = np.array(remap, dtype=np.int64)[joined] if len(joined) else joined
        values[name] = list(distinct)
    table = Table(table.numbers, codes, values)
    doc = {
        "version": VERSION,
        "shards": [shard for shard, _, _, _ in shards],
        "counts": [count for _, count, _, _ in shards],
        "files": [file for _, _, file, _ in shards],
        "numbers": {n: _pack(table.numbers[n]) for n in NUMBERS},
        "codes": {n: _pack(c) for n, c in codes.items()},
        "values": values,
        "source_counts": [len(keys) for _, _, _, keys in shards],
        "source_ids": [sid for _, _, _, keys in shards for sid in keys],
        "source_docs": _pack(
            np.fromiter((d for _, _, _, keys in shards for d in keys.values()), dtype=np.int64)
        ),
    }
    folded = _folded(
        table,
        [shard for shard, _, _, _ in shards],
        [count for _, count, _, _ in shards],
        [file for _, _, file, _ in shards],
        {shard: keys for shard, _, _, keys in shards},
    )
    return {"catalog": {"1": doc}}, folded


def read(data: Any) -> Folded | None:
    """The folded catalog a part holds; None when it is of another version or malformed."""
    try:
        doc = data["catalog"]["1"]
        if doc.get("version") != VERSION:
            return None
        order, counts, names = doc["shards"], doc["counts"], doc["files"]
        numbers = {n: _unpack(doc["numbers"][n]) for n in NUMBERS}
        fields = [n for n in Row._fields if n not in NUMBERS]
        codes = {n: _unpack(doc["codes"][n]) for n in fields}
        values = {n: doc["values"][n] for n in fields}
        rows = sum(counts)
        source_counts, source_ids = doc["source_counts"], doc["source_ids"]
        source_docs = _unpack(doc["source_docs"])
        if not (
            len(order) == len(counts) == len(names) == len(source_counts)
            and len(set(order)) == len(order)
            and all(type(s) is int for s in order)
            and all(type(c) is int and c >= 0 for c in counts)
            and all(isinstance(f, str) for f in names)
            and all(len(a) == rows for a in (*numbers.values(), *codes.values()))
            and all(isinstance(v, list) for v in values.values())
            and all(
                len(c) == 0 or 0 <= c.min() <= c.max() < len(values[n]) for n, c in codes.items()
            )
            and all(set(map(type, values[n])) <= {str} for n in ("id", *_WORDS, "names"))
            and all(type(c) is int and c >= 0 for c in source_counts)
            and sum(source_counts) == len(source_ids) == len(source_docs)
            and set(map(type, source_ids)) <= {str}
        ):
            return None
    except (KeyError, TypeError, AttributeError, ValueError, binascii.Error):
        return None
    sources = _Sources(order, source_counts, source_ids, source_docs)
    return _folded(Table(numbers, codes, values), order, counts, names, sources)


def _folded(
    table: Table,
    order: list[int],
    counts: list[int],
    names: list[str],
    sources: Mapping[int, dict[str, int]],
) -> Folded:
    ends = np.cumsum(counts).tolist() if counts else []
    ranges = {s: (end - n, end) for s, n, end in zip(order, counts, ends, strict=True)}
    return Folded(table, dict(zip(order, names, strict=True)), ranges, sources)


class _Sources(Mapping[int, dict[str, int]]):
    """Each shard's sources, made into a mapping when first asked for."""

    def __init__(self, order: list[int], counts: list[int], ids: list[str], docs: Ints) -> None:
        ends = np.cumsum(counts).tolist() if counts else []
        self._spans = {s: (e - n, e) for s, n, e in zip(order, counts, ends, strict=True)}
        self._ids, self._docs = ids, docs
        self._made: dict[int, dict[str, int]] = {}

    def __getitem__(self, shard: int) -> dict[str, int]:
        made = self._made.get(shard)
        if made is None:
            start, end = self._spans[shard]
            made = dict(zip(self._ids[start:end], self._docs[start:end].tolist(), strict=True))
            self._made[shard] = made
        return made

    def __iter__(self) -> Iterator[int]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def _pack(values: Ints) -> list[str]:
    """Integers as [dtype, base64 of their bytes], in the narrowest type that holds them all."""
    low, high = (int(values.min()), int(values.max())) if len(values) else (0, 0)
    dtype = "<i8"
    for kind in ("<u1", "<u2", "<i4"):
        if np.iinfo(kind).min <= low and high <= np.iinfo(kind).max:
            dtype = kind
            break
    return [dtype, base64.b64encode(values.astype(dtype).tobytes()).decode("ascii")]


def _unpack(packed: Any) -> Ints:
    dtype, text = packed
    if dtype not in ("<u1", "<u2", "<i4", "<i8") or not isinstance(text, str):
        raise TypeError("packed numbers of an unknown kind")
    raw = base64.b64decode(text, validate=True)
    return np.frombuffer(raw, dtype=dtype).astype(np.int64)
