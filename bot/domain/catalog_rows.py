"""The catalog's rows: what the indexes need of each dialogue, as stored and as arrays.

A shard's catalog is stored as columns (one list per field); in memory the rows of every shard
are one `Table` of numpy arrays, each text column as codes into its distinct values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from bot.domain.models import Dialogue


class Row(NamedTuple):
    """What the indexes need of a dialogue, without parsing it."""

    seq: int
    id: str
    key: tuple[int, int, int]  # date sort key
    year: int | None
    topics: tuple[str, ...]
    positions: tuple[str, ...]
    people: tuple[str, ...]
    arrival: int  # the last arrival number it got: its own, or a topic's that joined later
    mechanism: str | None  # with the place: which stored dialogues may be the same event
    place: str | None
    names: str = ""  # each participant as "id<US>name<US>role", joined by <RS>

    @classmethod
    def of(cls, d: Dialogue) -> Row:
        """The row of a parsed dialogue."""
        return cls(
            seq=d.seq,
            id=d.id,
            key=d.date.sort_key(),
            year=d.date.year,
            topics=tuple(t.id for t in d.topics),
            positions=tuple(p.id for p in d.positions),
            people=tuple(dict.fromkeys(p.person_id for p in d.participants)),
            arrival=d.arrival,
            mechanism=d.mechanism,
            place=d.place,
            names=RECORD_SEP.join(
                UNIT_SEP.join((p.person_id, p.name, p.role or "")) for p in d.participants
            ),
        )


Columns = dict[str, list[Any]]  # a catalog as stored: one list per Row field, one item per row
ID_LISTS = ("topics", "positions", "people")  # id lists, stored as one space-joined string
RECORD_SEP, UNIT_SEP = "\x1e", "\x1f"  # record and unit separators: never in a name Briefbot stores


def unpack_names(packed: str) -> Iterator[tuple[str, str, str]]:
    """(person id, name, role or "") of each participant a catalog row packs."""
    for entry in packed.split(RECORD_SEP) if packed else ():
        person_id, _, rest = entry.partition(UNIT_SEP)
        name, _, role = rest.partition(UNIT_SEP)
        yield person_id, name, role


def pack_key(key: tuple[int, int, int]) -> int:
    """(year, month, day) as the catalog stores it: year*10000 + month*100 + day."""
    year, month, day = key
    return year * 10000 + month * 100 + day


def to_columns(rows: Iterable[Row]) -> Columns:
    """Rows as JSON-ready columns: few, flat objects, so a catalog parses fast."""
    cols: Columns = {name: [] for name in Row._fields}
    for row in rows:
        values: dict[str, Any] = row._asdict()
        values["key"] = pack_key(row.key)
        for name in ID_LISTS:
            values[name] = " ".join(values[name])
        for name, value in values.items():
            cols[name].append(value)
    return cols


def from_columns(cols: Columns) -> list[Row]:
    """The rows `to_columns` wrote."""
    out = []
    for values in zip(*(cols[name] for name in Row._fields), strict=True):
        fields = dict(zip(Row._fields, values, strict=True))
        key = int(fields["key"])
        fields["key"] = (key // 10000, key // 100 % 100, key % 100)
        for name in ID_LISTS:
            fields[name] = tuple(str(fields[name]).split())
        out.append(Row(**fields))
    return out


def check_columns(cols: Any) -> Columns:
    """`cols` if it is a well-formed catalog, else ValueError."""
    if not isinstance(cols, dict) or set(cols) != set(Row._fields):
        raise ValueError("catalog columns missing")
    if not all(isinstance(v, str) for v in cols["names"]):
        raise ValueError("catalog names are not text")
    lengths = {len(v) if isinstance(v, list) else -1 for v in cols.values()}
    if len(lengths) != 1 or -1 in lengths:
        raise ValueError("catalog columns of different lengths")
    if not all(isinstance(v, int) for name in ("seq", "key", "arrival") for v in cols[name]):
        raise ValueError("catalog numbers are not numbers")
    return cols


Ints = npt.NDArray[np.int64]
NUMBERS = ("seq", "key", "arrival")  # kept as arrays; every other column as codes into values


@dataclass(frozen=True)
class Table:
    """Catalog rows in arrays: numbers as they are, other columns as codes into their values."""

    numbers: dict[str, Ints]
    codes: dict[str, Ints]
    values: dict[str, list[Any]]  # a value may recur (tables joined): grouping goes by value

    def __len__(self) -> int:
        return len(self.numbers["seq"])

    @classmethod
    def of(cls, cols: Columns) -> Table:
        """A shard's stored columns, each distinct value once."""
        numbers = {name: np.array(cols[name], dtype=np.int64) for name in NUMBERS}
        codes: dict[str, Ints] = {}
        values: dict[str, list[Any]] = {}
        for name in Row._fields:
            if name not in NUMBERS:
                distinct: dict[Any, int] = {}
                found = [distinct.setdefault(v, len(distinct)) for v in cols[name]]
                codes[name] = np.array(found, dtype=np.int64)
                values[name] = list(distinct)
        return cls(numbers, codes, values)

    @classmethod
    def join(cls, tables: Sequence[Table]) -> Table:
        """The rows of every table, in turn."""
        if len(tables) == 1:
            return tables[0]
        if not tables:
            return cls.of({name: [] for name in Row._fields})
        numbers = {n: np.concatenate([t.numbers[n] for t in tables]) for n in NUMBERS}
        codes: dict[str, Ints] = {}
        values: dict[str, list[Any]] = {}
        for name in tables[0].codes:
            shifted: list[Ints] = []
            joined: list[Any] = []
            for t in tables:
                shifted.append(t.codes[name] + len(joined))
                joined.extend(t.values[name])
            codes[name], values[name] = np.concatenate(shifted), joined
        return cls(numbers, codes, values)

    def take(self, rows: Ints) -> Table:
        """Only these rows (positions)."""
        return Table(
            {n: v[rows] for n, v in self.numbers.items()},
            {n: v[rows] for n, v in self.codes.items()},
            self.values,
        )
