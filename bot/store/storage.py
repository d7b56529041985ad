"""TinyDB's storage interface over one part of a transaction, written later with orjson."""

from __future__ import annotations

from typing import Any

from tinydb.storages import Storage
from tinydb.table import Table

RawData = dict[str, dict[str, Any]]


class PartStorage(Storage):
    """A part's TinyDB document held in memory; `dirty` once TinyDB changed it."""

    def __init__(self, data: RawData) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> RawData:
        """The part as the transaction sees it."""
        return self.data

    def write(self, data: RawData) -> None:
        """Keep TinyDB's change for the transaction's one write at its end."""
        self.data = data
        self.dirty = True


def table(storage: PartStorage, name: str) -> Table:
    """A TinyDB table on the part; no query cache, since other processes write too."""
    return Table(storage, name, cache_size=0)
