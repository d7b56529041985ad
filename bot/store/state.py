"""What a Store process knows of the store (`State`), and one transaction's working copies."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.domain.catalog_rows import Columns, Row, Table, from_columns, to_columns
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Person, Subscription
from bot.store import catalog, files, search_parts
from bot.store.layout import Manifest, catalog_part
from bot.store.storage import PartStorage, RawData

SubKey = tuple[int, int | None]


@dataclass
class State:
    """What this process knows of the store, as of the manifest it last read."""

    manifest: Manifest = field(default_factory=Manifest)
    stamp: files.Stamp = (0, 0, 0, 0)
    # The folded catalog, and the shards whose rows it holds as they are now; every other
    # shard's catalog is in `rows` and `sources`, read from its own part.
    folded: catalog.Folded | None = None
    covered: set[int] = field(default_factory=set)
    rows: dict[int, Columns] = field(default_factory=dict)  # shard -> its catalog
    sources: dict[int, dict[str, int]] = field(default_factory=dict)  # shard -> id -> doc id
    row_files: dict[int, str] = field(default_factory=dict)  # shard -> the file `rows` came from
    tables: dict[int, Table] = field(default_factory=dict)  # shard -> its rows as a table
    # The shards our last commit changed: the catalog in `rows` and its rows by seq, so the next
    # commit to the same shard (each add-one save) starts from them instead of re-parsing.
    row_maps: dict[int, tuple[Columns, dict[int, Row]]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    subs: dict[SubKey, Subscription] = field(default_factory=dict)
    marks_read: int = 0  # bytes of the marks journal applied to `subs`
    subs_version: int = 0
    bookkeeping: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    corpus: Corpus | None = None
    # Derived lookups, built on first use and kept up to date by our own writes.
    ids: dict[str, int] | None = None
    owners: dict[str, int] | None = None  # source id -> shard
    events: dict[tuple[str | None, str | None], list[int]] | None = None

    def lookups(self) -> tuple[dict[str, int], dict[str, int], dict[Any, list[int]]]:
        if self.ids is None or self.owners is None or self.events is None:
            self.ids, self.owners, self.events = {}, {}, {}
            for rows in self.all_tables():
                ids, mechanisms, places = (rows.values[n] for n in ("id", "mechanism", "place"))
                codes = (rows.codes[n].tolist() for n in ("id", "mechanism", "place"))
                for i, m, p, seq in zip(*codes, rows.numbers["seq"].tolist(), strict=True):
                    self.ids[ids[i]] = seq
                    self.events.setdefault((mechanisms[m], places[p]), []).append(seq)
            for shard, keys in self.all_sources():
                self.owners.update(dict.fromkeys(keys, shard))
        return self.ids, self.owners, self.events

    def shard_columns(self, shard: int) -> Columns | None:
        """A shard's catalog, from its own part or the folded one."""
        if shard in self.rows:
            return self.rows[shard]
        if self.folded is not None and shard in self.covered:
            return self.folded.columns(shard)
        return None

    def shard_sources(self, shard: int) -> dict[str, int]:
        """A shard's sources (id -> doc id in its dialogues part)."""
        if shard in self.sources:
            return self.sources[shard]
        if self.folded is not None and shard in self.covered:
            return self.folded.sources[shard]
        return {}

    def all_sources(self) -> Iterator[tuple[int, dict[str, int]]]:
        if self.folded is not None:
            yield from ((shard, self.folded.sources[shard]) for shard in self.covered)
        yield from self.sources.items()

    def all_tables(self) -> list[Table]:
        """Every shard's rows: the folded ones still current, then the others."""
        out = [self.folded.rows_of(self.covered)] if self.folded and self.covered else []
        out.extend(self.shard_table(shard) for shard in sorted(self.rows))
        return out

    def pieces(self, parts: Mapping[str, str], txn: Transaction) -> list[catalog.Piece]:
        """Every shard's rows after `txn`, for a new fold; `parts` names the new files."""
        kept = self.covered - set(txn.rows)
        out = [self.folded.piece(kept)] if self.folded and kept else []
        for shard in sorted(set(self.rows) | set(txn.rows)):
            if shard in txn.rows:
                rows = Table.of(txn.columns(shard))
                keys = txn.sources[shard]
            else:
                rows = self.shard_table(shard)
                keys = self.sources[shard]
            out.append((rows, [(shard, len(rows), parts[catalog_part(shard)], keys)]))
        return out

    def shard_table(self, shard: int) -> Table:
        """A shard's rows read from its own part, as a table (made once)."""
        if shard not in self.tables:
            self.tables[shard] = Table.of(self.rows[shard])
        return self.tables[shard]


class Transaction:
    """Working copies of the parts one transaction changes."""

    def __init__(self, state: State, read: Callable[[str], RawData]) -> None:
        self.state = state
        self.read = read
        self.parts: dict[str, RawData] = {}
        self.next_seq = state.manifest.next_seq
        self.rows: dict[int, dict[int, Row]] = {}  # changed shards, whole
        self.sources: dict[int, dict[str, int]] = {}
        self._columns: dict[int, Columns] = {}  # changed shards' catalogs, once made
        self._bases: dict[int, tuple[Columns, dict[int, Row]]] = {}  # what `rows` started from
        self.people: dict[str, Person] = {}
        self.storages: dict[str, PartStorage] = {}
        self.search = search_parts.Pending()
        # Dialogues of the parts in hand, each validated once: a batch compares every new
        # article with the same event's earlier ones, which are often in these parts.
        self.dialogues: dict[int, Dialogue] = {}

    def part(self, name: str) -> RawData:
        """A part to change: its tables copied, records replaced rather than edited."""
        if name not in self.parts:
            self.parts[name] = {k: dict(v) for k, v in self.read(name).items()}
        return self.parts[name]

    def shard_rows(self, shard: int) -> dict[int, Row]:
        if shard not in self.rows:
            stored = self.state.shard_columns(shard)
            kept = self.state.row_maps.get(shard)
            if kept is not None and kept[0] is stored:
                self.rows[shard] = dict(kept[1])  # Rows are immutable: a shallow copy will do
                self._bases[shard] = kept
            else:
                self.rows[shard] = {r.seq: r for r in from_columns(stored)} if stored else {}
            self.sources[shard] = dict(self.state.shard_sources(shard))
        return self.rows[shard]

    def allocate(self) -> int:
        seq = self.next_seq
        self.next_seq += 1
        return seq

    def changed(self) -> dict[str, RawData]:
        """Every part to write: changed copies plus the catalogs of changed shards."""
        out = dict(self.parts)
        out.update({n: s.data for n, s in self.storages.items() if s.dirty})
        for shard in self.rows:
            doc = {"columns": self.columns(shard), "sources": self.sources[shard]}
            out[catalog_part(shard)] = {"catalog": {"1": doc}}
        return out

    def columns(self, shard: int) -> Columns:
        """A changed shard's catalog as it is written (made once per commit)."""
        if shard not in self._columns:
            rows, base = self.rows[shard], self._bases.get(shard)
            self._columns[shard] = _patched(base, rows) if base else to_columns(rows.values())
        return self._columns[shard]


def _patched(base: tuple[Columns, dict[int, Row]], rows: dict[int, Row]) -> Columns:
    """`to_columns(rows.values())`, made from the columns of the rows they were copied from.

    A commit replaces a few rows and appends a few: only those are converted (an add-one save
    would otherwise convert the whole shard again).
    """
    old_cols, old_rows = base
    old, new = list(old_rows.items()), list(rows.items())
    if [seq for seq, _ in new[: len(old)]] != [seq for seq, _ in old]:
        return to_columns(rows.values())  # rows went or moved: no prefix to keep
    pairs = zip(old, new[: len(old)], strict=True)
    replaced = [i for i, ((_, a), (_, b)) in enumerate(pairs) if a is not b]
    fresh = to_columns([new[i][1] for i in replaced] + [row for _, row in new[len(old) :]])
    cols: Columns = {}
    for name, values in old_cols.items():
        kept, made = list(values), fresh[name]
        for j, i in enumerate(replaced):
            kept[i] = made[j]
        kept.extend(made[len(replaced) :])
        cols[name] = kept
    return cols
