"""The store's generic bookkeeping tables: keyed records, one transaction per put, file intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.store import Store


def test_put_get_all_and_delete_survive_reopening(store: Store) -> None:
    dialogues_before = len(store.corpus().dialogues)
    store.bookkeeping_put("watch_items", {"a": {"url": "https://x/1"}, "b": {"url": "https://x/2"}})
    store.bookkeeping_put("watch_items", {"a": None, "b": {"url": "https://x/2b"}, "c": None})
    reopened = Store(store.path)
    assert reopened.bookkeeping_all("watch_items") == {"b": {"url": "https://x/2b"}}
    assert reopened.bookkeeping_get("watch_items", "a") is None
    assert reopened.bookkeeping_get("watch_sources", "b") is None
    assert len(reopened.corpus().dialogues) == dialogues_before


def test_a_put_that_changes_nothing_writes_nothing(store: Store) -> None:
    store.bookkeeping_put("watch_sources", {"s": {"etag": "1", "tags": ["a"]}})
    before = store.path.stat().st_mtime_ns, store.path.read_bytes()
    store.bookkeeping_put("watch_sources", {"s": {"etag": "1", "tags": ["a"]}, "gone": None})
    assert (store.path.stat().st_mtime_ns, store.path.read_bytes()) == before


def test_returned_records_are_copies(store: Store) -> None:
    record = {"tags": ["a"]}
    store.bookkeeping_put("watch_sources", {"s": record})
    record["tags"].append("changed by caller")
    got = store.bookkeeping_all("watch_sources")["s"]
    got["tags"].append("changed again")
    assert store.bookkeeping_get("watch_sources", "s") == {"tags": ["a"]}


def test_a_value_that_is_not_json_leaves_the_file_as_it_was(store: Store) -> None:
    store.bookkeeping_put("watch_items", {"k": {"n": 1}})
    before = store.path.read_bytes()
    with pytest.raises(TypeError):
        store.bookkeeping_put("watch_items", {"k": {"n": 2}, "bad": {"x": object()}})
    assert store.path.read_bytes() == before
    assert store.bookkeeping_all("watch_items") == {"k": {"n": 1}}


@pytest.mark.parametrize("name", ["dialogues", "subscriptions", "meta", "Bad-Name", ""])
def test_record_tables_and_odd_names_are_refused(store: Store, name: str) -> None:
    with pytest.raises(ValueError, match="bookkeeping table"):
        store.bookkeeping_put(name, {"k": {}})


def test_another_process_write_is_seen(store_path: Path) -> None:
    first, second = Store(store_path), Store(store_path)
    assert first.bookkeeping_all("watch_items") == {}
    second.bookkeeping_put("watch_items", {"k": {"seen": True}})
    assert first.bookkeeping_get("watch_items", "k") == {"seen": True}
    assert json.loads(store_path.read_text())["watch_items"]
