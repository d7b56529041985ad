"""An immutable, indexed view of the store that briefings query without scanning documents.

A corpus is either built from parsed records (`Corpus.build`, for small sets and tests) or laid
over a catalog of compact rows (`Corpus.lazy`): then dialogues and sources are parsed only when a
briefing reads them, and the indexes are built on first use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING, Any, TypeVar, overload

import numpy as np

from bot.domain.catalog_rows import (
    RECORD_SEP,
    UNIT_SEP,
    Columns,
    Ints,
    Table,
    pack_key,
    unpack_names,
)
from bot.domain.models import Dialogue, EventDate, Person, Source, Subscription
from bot.domain.periods import Period

if TYPE_CHECKING:
    from bot.domain.search_segments import SearchParts

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Groups(Mapping[Any, "Dialogues"]):
    """A catalog's dialogues by a column's value (or each word of it), newest first."""

    def __init__(
        self, catalog: _Catalog, column: str, split: bool, keep: Callable[[Any], bool]
    ) -> None:
        table, order = catalog.table, catalog.order
        index: dict[Any, int] = {}
        keys_of: dict[Any, list[int]] = {}  # each distinct value split once
        for v in dict.fromkeys(table.values[column]):
            words = dict.fromkeys(v.split()) if split else (v,)
            keys_of[v] = [index.setdefault(k, len(index)) for k in words]
        per_value = [keys_of[v] for v in table.values[column]]
        lengths = np.fromiter(map(len, per_value), dtype=np.int64, count=len(per_value))
        flat = np.fromiter(chain.from_iterable(per_value), dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        codes = table.codes[column][order]
        counts = lengths[codes]
        # One (row, key) pair per key of each row, rows in date order; a stable sort by key
        # keeps each key's rows in that order.
        firsts = np.cumsum(counts) - counts
        pairs = np.arange(int(counts.sum()), dtype=np.int64)
        keys = flat[np.repeat(starts[codes] - firsts, counts) + pairs]
        # Fewer than 65,536 keys (always, but for a vast archive's people): a radix sort.
        narrow = keys.astype(np.uint16) if len(index) <= 1 << 16 else keys
        self._rows = np.repeat(np.arange(len(codes), dtype=np.int64), counts)[
            np.argsort(narrow, kind="stable")
        ]
        sizes = np.bincount(keys, minlength=len(index))
        ends = np.cumsum(sizes)
        self._span = {
            k: (int(ends[i] - sizes[i]), int(ends[i]))
            for k, i in index.items()
            if sizes[i] and keep(k)
        }
        self._seqs = catalog.table.numbers["seq"][order]
        self._order = order
        self._load = catalog.load
        self._made: dict[Any, Dialogues] = {}

    def sizes(self) -> dict[Any, int]:
        """How many dialogues each key has, without listing them."""
        return {k: end - start for k, (start, end) in self._span.items()}

    def rows(self, key: Any) -> Ints:
        """A key's row positions in the catalog's table, newest first."""
        start, end = self._span.get(key, (0, 0))
        return self._order[self._rows[start:end]]

    def __getitem__(self, key: Any) -> Dialogues:
        made = self._made.get(key)
        if made is None:
            start, end = self._span[key]
            made = Dialogues(self._seqs[self._rows[start:end]].tolist(), self._load)
            self._made[key] = made
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._span

    def __iter__(self) -> Iterator[Any]:
        return iter(self._span)

    def __len__(self) -> int:
        return len(self._span)


ITER_CHUNK = 512  # dialogues parsed ahead while iterating a lazy sequence
FIRST_CHUNK = 64  # the first chunk: most readers want only the newest few


def _date_key(d: Dialogue) -> int:
    """A parsed dialogue's date key, as the catalog stores it."""
    return pack_key(d.date.sort_key())


class Dialogues(Sequence[Dialogue]):
    """Dialogues in a fixed order, parsed one at a time on first read."""

    __slots__ = ("_load", "_seqs")

    def __init__(self, seqs: Sequence[int], load: Callable[[int], Dialogue]) -> None:
        self._seqs = seqs
        self._load = load

    def __len__(self) -> int:
        return len(self._seqs)

    @overload
    def __getitem__(self, index: int) -> Dialogue: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Dialogue, ...]: ...
    def __getitem__(self, index: int | slice) -> Dialogue | tuple[Dialogue, ...]:
        if isinstance(index, slice):
            return tuple(self._load(s) for s in self._seqs[index])
        return self._load(self._seqs[index])

    def __iter__(self) -> Iterator[Dialogue]:
        # In chunks, each loaded in arrival order: dialogues are stored by arrival, so a chunk
        # reads each stored shard once rather than once per dialogue.
        # Chunks grow from FIRST_CHUNK: a reader that stops early (the newest 50) parses little.
        start, size = 0, FIRST_CHUNK
        while start < len(self._seqs):
            chunk = self._seqs[start : start + size]
            loaded = {s: self._load(s) for s in sorted(chunk)}
            yield from (loaded[s] for s in chunk)
            start, size = start + size, min(size * 2, ITER_CHUNK)

    def __bool__(self) -> bool:
        return bool(self._seqs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Dialogues):
            return list(self._seqs) == list(other._seqs)
        if isinstance(other, Sequence):
            return len(other) == len(self) and tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Dialogues({len(self)} lazily parsed)"

    def run(self, low: int, high: int, key: Callable[[int], int]) -> Dialogues:
        """Those whose date key is in [low, high], given as `key(seq)`: a slice, none parsed."""
        # Dialogues are kept newest first, so a date range is one contiguous run.
        i = bisect_left(self._seqs, -high, key=lambda s: -key(s))
        j = bisect_right(self._seqs, -low, key=lambda s: -key(s))
        return Dialogues(self._seqs[i:j], self._load)


class LazyMap(Mapping[K, V]):
    """A read-only mapping whose values are made from stored keys on first read."""

    __slots__ = ("_keys", "_load")

    def __init__(self, keys: Mapping[K, Any], load: Callable[[K], V]) -> None:
        self._keys = keys
        self._load = load

    def __getitem__(self, key: K) -> V:
        if key not in self._keys:
            raise KeyError(key)
        return self._load(key)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class Labelled(Sequence[tuple[K, Dialogue]]):
    """Groups of dialogues as one sequence of (label, dialogue), parsed only when read."""

    def __init__(self, groups: Iterable[tuple[K, Sequence[Dialogue]]]) -> None:
        self._groups = [(label, items) for label, items in groups if items]
        self._starts = list(accumulate((len(items) for _, items in self._groups), initial=0))

    def __len__(self) -> int:
        return self._starts[-1]

    def _at(self, index: int) -> tuple[K, Dialogue]:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        group = bisect_right(self._starts, index) - 1
        label, items = self._groups[group]
        return label, items[index - self._starts[group]]

    @overload
    def __getitem__(self, index: int) -> tuple[K, Dialogue]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[K, Dialogue], ...]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[K, Dialogue] | tuple[tuple[K, Dialogue], ...]:
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(*index.indices(len(self))))
        return self._at(index)


class LiveSubscriptions(Sequence[Subscription]):
    """The store's subscriptions as they are now: a digest position moves without a new corpus."""

    def __init__(self, current: Callable[[], tuple[Subscription, ...]]) -> None:
        self._current = current

    def __len__(self) -> int:
        return len(self._current())

    @overload
    def __getitem__(self, index: int) -> Subscription: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Subscription, ...]: ...
    def __getitem__(self, index: int | slice) -> Subscription | tuple[Subscription, ...]:
        return self._current()[index]

    def __iter__(self) -> Iterator[Subscription]:
        return iter(self._current())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class _Catalog:
    """Every dialogue's catalog entry, with indexes built the first time each is asked for."""

    def __init__(self, tables: Iterable[Table | Columns], load: Callable[[int], Dialogue]) -> None:
        self.table = Table.join([t if isinstance(t, Table) else Table.of(t) for t in tables])
        self.load = load

    @cached_property
    def order(self) -> Ints:
        """Row positions by date, newest first (undated last), then by arrival."""
        numbers = self.table.numbers
        return np.lexsort((numbers["seq"], numbers["key"]))[::-1]

    @cached_property
    def dialogues(self) -> Dialogues:
        return Dialogues(self.table.numbers["seq"][self.order].tolist(), self.load)

    @cached_property
    def rank(self) -> dict[str, int]:
        ids = self.table.values["id"]
        return {ids[c]: n for n, c in enumerate(self.table.codes["id"][self.order].tolist())}

    @cached_property
    def ids(self) -> dict[str, int]:
        ids, seqs = self.table.values["id"], self.table.numbers["seq"].tolist()
        return {ids[c]: s for c, s in zip(self.table.codes["id"].tolist(), seqs, strict=True)}

    @cached_property
    def key_of(self) -> Mapping[int, int]:
        """Each dialogue's date key (year*10000 + month*100 + day) by seq."""
        numbers = self.table.numbers
        return dict(zip(numbers["seq"].tolist(), numbers["key"].tolist(), strict=True))

    def distinct(self, column: str) -> Iterable[Any]:
        """Each value a column holds, once."""
        return dict.fromkeys(self.table.values[column])

    def _group(
        self, column: str, split: bool = True, keep: Callable[[Any], bool] = lambda _: True
    ) -> Mapping[Any, Dialogues]:
        return _Groups(self, column, split, keep)

    @cached_property
    def by_topic(self) -> Mapping[str, Dialogues]:
        return self._group("topics")

    @cached_property
    def by_position(self) -> Mapping[str, Dialogues]:
        return self._group("positions")

    @cached_property
    def by_person(self) -> _Groups:
        return _Groups(self, "people", split=True, keep=lambda _: True)

    @cached_property
    def person_counts(self) -> dict[str, int]:
        return self.by_person.sizes()

    @cached_property
    def by_year(self) -> Mapping[int | None, Dialogues]:
        return self._group("year", split=False)

    @cached_property
    def by_mechanism(self) -> Mapping[str, Dialogues]:
        return self._group("mechanism", split=False, keep=bool)

    @cached_property
    def participant_names(self) -> dict[str, frozenset[str]]:
        names: dict[str, set[str]] = defaultdict(set)
        # Each distinct packing once (the same delegation recurs across many dialogues), split
        # in C; roles are cut off in C too, so each (id, name) is grouped once.
        entries = RECORD_SEP.join(self.distinct("names")).split(RECORD_SEP)
        for written in set(map(itemgetter(0), map(methodcaller("rpartition", UNIT_SEP), entries))):
            person_id, _, name = written.partition(UNIT_SEP)
            if person_id:  # the empty packing of a dialogue without participants
                names[person_id].add(name)
        return {k: frozenset(v) for k, v in names.items()}

    @cached_property
    def by_arrival(self) -> tuple[list[int], list[int]]:
        """Last arrival numbers ascending, and their seqs, for `arrived_after`."""
        numbers = self.table.numbers
        order = np.lexsort((numbers["seq"], numbers["arrival"]))
        return numbers["arrival"][order].tolist(), numbers["seq"][order].tolist()


class LazyIndex(Mapping[K, V]):
    """A mapping (a catalog index), built on first use."""

    def __init__(self, build: Callable[[], Mapping[K, V]]) -> None:
        self._build = build

    @cached_property
    def _data(self) -> Mapping[K, V]:
        return self._build()

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data


@dataclass(frozen=True)
class Corpus:
    """Dialogues newest first, plus lookups by id, topic, position, person and year."""

    dialogues: Sequence[Dialogue] = ()
    people: Mapping[str, Person] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    subscriptions: Sequence[Subscription] = ()
    by_id: Mapping[str, Dialogue] = field(default_factory=dict)
    by_topic: Mapping[str, Sequence[Dialogue]] = field(default_factory=dict)
    by_position: Mapping[str, Sequence[Dialogue]] = field(default_factory=dict)
    by_person: Mapping[str, Sequence[Dialogue]] = field(default_factory=dict)
    by_year: Mapping[int | None, Sequence[Dialogue]] = field(default_factory=dict)
    by_mechanism: Mapping[str, Sequence[Dialogue]] = field(default_factory=dict)
    _catalog: _Catalog | None = field(default=None, repr=False, compare=False)
    search_parts: SearchParts | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        *,
        dialogues: list[Dialogue],
        people: list[Person],
        sources: list[Source],
        subscriptions: Sequence[Subscription] | None = None,
    ) -> Corpus:
        """Sort dialogues newest first (undated last, then by arrival) and index them once."""
        ordered = sorted(dialogues, key=lambda d: (d.date.sort_key(), d.seq), reverse=True)
        by_topic: dict[str, list[Dialogue]] = defaultdict(list)
        by_position: dict[str, list[Dialogue]] = defaultdict(list)
        by_person: dict[str, list[Dialogue]] = defaultdict(list)
        by_year: dict[int | None, list[Dialogue]] = defaultdict(list)
        by_mechanism: dict[str, list[Dialogue]] = defaultdict(list)
        for dialogue in ordered:
            for topic in dialogue.topics:
                by_topic[topic.id].append(dialogue)
            for position in dialogue.positions:
                by_position[position.id].append(dialogue)
            for person_id in dict.fromkeys(p.person_id for p in dialogue.participants):
                by_person[person_id].append(dialogue)
            by_year[dialogue.date.year].append(dialogue)
            if dialogue.mechanism:
                by_mechanism[dialogue.mechanism].append(dialogue)
        return cls(
            dialogues=tuple(ordered),
            people={p.id: p for p in people},
            sources={s.id: s for s in sources},
            subscriptions=tuple(subscriptions or ()),
            by_id={d.id: d for d in ordered},
            by_topic={k: tuple(v) for k, v in by_topic.items()},
            by_position={k: tuple(v) for k, v in by_position.items()},
            by_person={k: tuple(v) for k, v in by_person.items()},
            by_year={k: tuple(v) for k, v in by_year.items()},
            by_mechanism={k: tuple(v) for k, v in by_mechanism.items()},
        )

    @classmethod
    def lazy(
        cls,
        *,
        columns: Iterable[Table | Columns],
        load: Callable[[int], Dialogue],
        people: Mapping[str, Person],
        sources: Mapping[str, Source],
        subscriptions: Sequence[Subscription],
        search_parts: SearchParts | None = None,
    ) -> Corpus:
        """A corpus over catalog columns: `load(seq)` parses a dialogue when it is first read."""
        catalog = _Catalog(columns, load)
        return cls(
            dialogues=catalog.dialogues,
            people=people,
            sources=sources,
            subscriptions=subscriptions,
            by_id=LazyIndex(lambda: LazyMap(catalog.ids, lambda i: load(catalog.ids[i]))),
            by_topic=LazyIndex(lambda: catalog.by_topic),
            by_position=LazyIndex(lambda: catalog.by_position),
            by_person=LazyIndex(lambda: catalog.by_person),
            by_year=LazyIndex(lambda: catalog.by_year),
            by_mechanism=LazyIndex(lambda: catalog.by_mechanism),
            _catalog=catalog,
            search_parts=search_parts,
        )

    def participant_names(self) -> Mapping[str, frozenset[str]]:
        """Every way the dialogues name each participant, by person id, without parsing them."""
        if self._catalog is not None:
            return self._catalog.participant_names
        names: dict[str, set[str]] = defaultdict(set)
        for dialogue in self.dialogues:
            for participant in dialogue.participants:
                names[participant.person_id].add(participant.name)
        return {k: frozenset(v) for k, v in names.items()}

    def person_counts(self) -> Mapping[str, int]:
        """How many dialogues each participant took part in, without listing them."""
        if self._catalog is not None:
            return self._catalog.person_counts
        return {k: len(v) for k, v in self.by_person.items()}

    def titles_of(self, person_id: str, newest: int) -> list[tuple[str, EventDate]]:
        """The titles a participant is given in their newest dialogues, with each one's date.

        On a lazy corpus the catalog gives both (the date to the day, without its phrase):
        none is parsed.
        """
        if self._catalog is None:
            return [
                (p.role, d.date)
                for d in self.by_person.get(person_id, ())[:newest]
                for p in d.participants
                if p.person_id == person_id and p.role
            ]
        table = self._catalog.table
        rows = self._catalog.by_person.rows(person_id)[:newest]
        titles = []
        for key, code in zip(
            table.numbers["key"][rows].tolist(), table.codes["names"][rows].tolist(), strict=True
        ):
            date = EventDate(
                year=key // 10000 or None, month=key // 100 % 100 or None, day=key % 100 or None
            )
            for pid, _name, role in unpack_names(table.values["names"][code]):
                if pid == person_id and role:
                    titles.append((role, date))
        return titles

    def stored(self) -> Iterator[Dialogue]:
        """Every dialogue in arrival order: the cheapest way to read them all."""
        if self._catalog is None:
            yield from sorted(self.dialogues, key=lambda d: d.seq)
            return
        for seq in np.sort(self._catalog.table.numbers["seq"]).tolist():
            yield self._catalog.load(seq)

    def rank(self) -> Mapping[str, int]:
        """Each dialogue id's place in `dialogues` (0: newest), without parsing any dialogue."""
        if self._catalog is None:
            return {d.id: n for n, d in enumerate(self.dialogues)}
        return self._catalog.rank

    def within(self, period: Period | None, dialogues: Sequence[Dialogue]) -> Sequence[Dialogue]:
        """Those of `dialogues` (newest first, from this corpus) dated within `period`.

        On a lazy corpus the catalog's date keys pick them out: none is parsed.
        """
        if period is None:
            return dialogues
        low, high = period.keys
        if self._catalog is not None and isinstance(dialogues, Dialogues):
            return dialogues.run(low, high, self._catalog.key_of.__getitem__)
        return tuple(d for d in dialogues if low <= _date_key(d) <= high)

    def dated_within(self, period: Period, dialogue_id: str | None) -> bool:
        """Whether the dialogue with this id is dated within `period`, without parsing it."""
        low, high = period.keys
        if self._catalog is not None:
            seq = self._catalog.ids.get(dialogue_id or "")
            key = self._catalog.key_of[seq] if seq is not None else 0
        else:
            found = self.by_id.get(dialogue_id or "")
            key = _date_key(found) if found is not None else 0
        return low <= key <= high

    def arrived_after(self, seq: int) -> list[Dialogue]:
        """Dialogues that got an arrival number (their own or a later report's) after `seq`."""
        if self._catalog is None:
            return [d for d in self.dialogues if d.arrival > seq]
        arrivals, seqs = self._catalog.by_arrival
        return [self._catalog.load(s) for s in seqs[bisect_right(arrivals, seq) :]]
