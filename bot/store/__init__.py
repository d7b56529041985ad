"""The TinyDB store: the only package that touches the database files."""

from bot.store.core import SaveOutcome, SaveResult, Snapshot, Store
from bot.store.errors import StoreError
from bot.store.layout import copy_store

__all__ = ["SaveOutcome", "SaveResult", "Snapshot", "Store", "StoreError", "copy_store"]
