"""Bookkeeping tables and digest positions: their own files, cheap writes, seen by every reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.store import Store, StoreError
from store.test_core import make_article, manifest


def test_bookkeeping_records_are_set_deleted_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    assert store.bookkeeping_get("watch_sources", "vna") is None
    assert store.bookkeeping_all("watch_sources") == {}
    generation = manifest(path)["generation"]
    store.bookkeeping_put(
        "watch_sources", {"vna": {"url": "https://vna.example/rss"}, "yna": {"url": "y"}}
    )
    assert manifest(path)["generation"] == generation + 1  # both records: one commit
    store.bookkeeping_put("watch_sources", {"yna": None, "kbs": {"url": "k", "etag": None}})
    expected = {"vna": {"url": "https://vna.example/rss"}, "kbs": {"url": "k", "etag": None}}
    reopened = Store(path)
    assert reopened.bookkeeping_all("watch_sources") == expected
    assert reopened.bookkeeping_get("watch_sources", "kbs") == {"url": "k", "etag": None}
    assert reopened.bookkeeping_all("watch_items") == {}


def test_bookkeeping_written_elsewhere_is_seen_and_unchanged_puts_write_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.json"
    reader = Store(path)
    assert reader.bookkeeping_all("watch_items") == {}
    Store(path).bookkeeping_put("watch_items", {"item1": {"seen": 1}})
    assert reader.bookkeeping_get("watch_items", "item1") == {"seen": 1}
    stamp = path.stat().st_mtime_ns
    reader.bookkeeping_put("watch_items", {"item1": {"seen": 1}, "gone": None})
    assert path.stat().st_mtime_ns == stamp


def test_a_returned_record_is_a_copy(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    store.bookkeeping_put("watch_items", {"a": {"n": [1]}})
    got = store.bookkeeping_get("watch_items", "a")
    assert got is not None
    got["n"].append(2)
    assert store.bookkeeping_get("watch_items", "a") == {"n": [1]}


@pytest.mark.parametrize("name", ["", "Watch", "watch-items", "x" * 33, "../meta"])
def test_bookkeeping_table_names_are_checked(tmp_path: Path, name: str) -> None:
    store = Store(tmp_path / "store.json")
    with pytest.raises(StoreError, match="not"):
        store.bookkeeping_put(name, {"a": {}})
    with pytest.raises(StoreError):
        store.bookkeeping_all(name)


def test_digest_positions_are_appended_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    source, dialogue, people = make_article(1)
    store.save_article(source=source, dialogue=dialogue, people=people)
    for chat in range(300):
        store.subscribe(chat_id=chat)
    source, dialogue, people = make_article(2, day=2, place="Busan")
    store.save_article(source=source, dialogue=dialogue, people=people)
    store.mark_delivered(chat_id=0, thread_id=None, seq=2)  # the first mark starts a journal
    parts = manifest(path)["parts"]
    reader = Store(path)
    for chat in range(1, 300):
        store.mark_delivered(chat_id=chat, thread_id=None, seq=2)
    assert manifest(path)["parts"] == parts  # no part rewritten, the dialogues least of all
    assert all(s.last_seq == 2 for s in reader.corpus().subscriptions)  # another reader sees
    assert all(s.last_seq == 2 for s in Store(path).corpus().subscriptions)
    store.unsubscribe(chat_id=7)  # a subscription change folds the journal into the file
    reopened = Store(path)
    assert len(reopened.corpus().subscriptions) == 299
    assert {s.last_seq for s in reopened.corpus().subscriptions} == {2}


def test_a_torn_journal_line_loses_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.subscribe(chat_id=1)
    store.subscribe(chat_id=2)
    store.mark_delivered(chat_id=1, thread_id=None, seq=3)
    journal = path.with_name("store.json.d") / manifest(path)["parts"]["marks"]
    with journal.open("ab") as handle:
        handle.write(b"[2,null,")  # a writer killed mid-line
    assert Store(path).subscription(chat_id=2) is not None
    store.mark_delivered(chat_id=2, thread_id=None, seq=4)
    fresh = Store(path)
    assert [(s.chat_id, s.last_seq) for s in fresh.corpus().subscriptions] == [(1, 3), (2, 4)]


def test_many_chats_subscribe_in_one_commit(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.subscribe(chat_id=3, topics=["maritime"])
    generation = manifest(path)["generation"]
    assert store.subscribe_many([(n, None) for n in range(5)] + [(1, 9)]) == 5  # 3 is known
    assert manifest(path)["generation"] == generation + 1
    subs = {(s.chat_id, s.thread_id): s.topics for s in Store(path).corpus().subscriptions}
    assert len(subs) == 6 and subs[(3, None)] == ["maritime"] and subs[(1, 9)] == []


@pytest.mark.parametrize("value", [[1, 2], "text", {"when": object()}])
def test_a_record_that_is_no_json_object_is_refused_and_nothing_written(
    tmp_path: Path, value: Any
) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.bookkeeping_put("watch_items", {"a": {"n": 1}})
    before = path.read_bytes()
    with pytest.raises(StoreError, match="'b' is not"):
        store.bookkeeping_put("watch_items", {"c": {"n": 3}, "b": value})
    assert path.read_bytes() == before
    assert Store(path).bookkeeping_all("watch_items") == {"a": {"n": 1}}
