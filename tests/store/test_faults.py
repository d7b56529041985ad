"""Odd paths, read-only and damaged stores, a writer killed at every step, a full disk."""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store, StoreError
from store.test_core import killed_at, make_article, save


def test_a_symlink_is_refused_and_its_target_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    save(Store(target), 1)
    before = target.read_bytes()
    link = tmp_path / "store.json"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        Store(link)
    assert link.is_symlink() and target.read_bytes() == before


def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "store.json"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        Store(fifo)  # opening it for reading would block here
    assert fifo.is_fifo()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store.json"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store(folder)
    assert folder.is_dir() and not any(folder.iterdir())


def test_a_read_only_store_serves_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    save(store, 1)
    store.subscribe(chat_id=5)
    path.chmod(0o444)
    before = path.read_bytes()
    parts = sorted(p.name for p in path.with_name("store.json.d").iterdir())
    reader = Store(path)
    assert [d.id for d in reader.corpus().dialogues] == ["dialogue-1"]
    writes: list[Callable[[], object]] = [
        lambda: save(reader, 2, day=2, place="Busan"),
        lambda: reader.subscribe(chat_id=6),
        lambda: reader.mark_delivered(chat_id=5, thread_id=None, seq=9),
        lambda: reader.bookkeeping_put("watch_items", {"a": {}}),
    ]
    for write in writes:
        with pytest.raises(StoreError, match="read-only"):
            write()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.with_name("store.json.d").iterdir()) == parts


@pytest.mark.parametrize(
    ("key", "value"),
    [("next_seq", "x"), ("next_seq", 0), ("next_seq", True), ("generation", None), ("parts", [])],
)
def test_a_bad_meta_value_is_a_clear_message(tmp_path: Path, key: str, value: object) -> None:
    path = tmp_path / "store.json"
    save(Store(path), 1)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["1"][key] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match=f"meta record Briefbot cannot read \\({key}"):
        Store(path)


def test_a_part_name_leading_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    save(Store(path), 1)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["1"]["parts"]["people"] = "../../etc/passwd"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="parts"):
        Store(path)


def test_a_legacy_store_with_a_bad_next_seq_is_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    meta = {"app": "briefbot", "schema": 1, "next_seq": "x"}
    path.write_text(json.dumps({"meta": {"1": meta}, "dialogues": {}}), encoding="utf-8")
    with pytest.raises(StoreError, match="next_seq 'x'"):
        Store(path)


# ---- a writer killed at every step -----------------------------------------------------------


def _writes(store: Store) -> None:
    """Four writes in order: articles, a subscription, a delivery mark, bookkeeping."""
    store.save_articles([make_article(n, day=n, place=f"City{n}") for n in (21, 22)])
    store.subscribe(chat_id=77)
    store.mark_delivered(chat_id=5, thread_id=None, seq=9)
    store.bookkeeping_put("watch_items", {"a": {"n": 1}})


def _state(path: Path) -> tuple[int, bool, int, bool]:
    store = Store(path)  # raises StoreError if any part were torn or missing
    corpus = store.corpus()
    assert len(corpus.sources) == len(corpus.dialogues)
    assert all(corpus.by_id[d.id] == d for d in corpus.dialogues)
    position = store.subscription(chat_id=5)
    assert position is not None
    marked = store.bookkeeping_get("watch_items", "a") is not None
    return (
        len(corpus.dialogues),
        store.subscription(chat_id=77) is not None,
        position.last_seq,
        marked,
    )


def test_a_writer_killed_at_any_step_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    base = tmp_path / "base" / "store.json"
    store = Store(base)
    store.save_articles([make_article(n, day=n, place=f"City{n}") for n in range(1, 4)])
    store.subscribe(chat_id=5)
    store.close()
    seen = []
    for step in range(1, 200):
        case = tmp_path / f"step{step}"
        shutil.copytree(base.parent, case)
        path = case / "store.json"
        code = killed_at(path, step, _writes)
        assert code in (0, 9)
        state = _state(path)
        # Each write is whole or absent, and in order: a later one never without an earlier.
        assert state in [
            (3, False, 3, False),
            (5, False, 3, False),
            (5, True, 3, False),
            (5, True, 9, False),
            (5, True, 9, True),
        ]
        seen.append(state)
        if code == 0:
            break
        shutil.rmtree(case)
    assert seen[-1] == (5, True, 9, True) and len(set(seen)) == 5  # every step was reached


# ---- a full disk -------------------------------------------------------------------------------


def _base_store(folder: Path) -> Path:
    path = folder / "store.json"
    store = Store(path)
    store.subscribe(chat_id=5)
    store.save_articles([make_article(n, day=n, place=f"City{n}") for n in range(1, 4)])
    store.mark_delivered(chat_id=5, thread_id=None, seq=1)
    store.close()
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if not p.name.endswith(".lock"))


def _disk_full_at(monkeypatch: pytest.MonkeyPatch, fail_at: int) -> list[int]:
    """From the `fail_at`-th os.write on, write half and fail with ENOSPC, as a full disk does."""
    real_write, calls = os.write, [0]

    def full(fd: int, data: Any) -> int:
        calls[0] += 1
        if calls[0] >= fail_at:
            real_write(fd, bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    return calls


@pytest.mark.parametrize("change", ["save", "mark"])
def test_a_full_disk_loses_nothing_and_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    failed = 0
    for fail_at in range(1, 30):
        folder = tmp_path / f"case{fail_at}"
        path = _base_store(folder)
        before = _listing(folder)
        writer = Store(path)
        calls = _disk_full_at(monkeypatch, fail_at)
        try:
            if change == "save":
                writer.save_articles([make_article(9, day=9, place="Elsewhere")])
            else:
                writer.mark_delivered(chat_id=5, thread_id=None, seq=3)
        except StoreError as exc:
            assert "No space left on device" in str(exc)
            failed += 1
        finally:
            monkeypatch.undo()
        if calls[0] < fail_at:
            break  # the change went through: every write in it has been failed once
        reader = Store(path)
        assert len(reader.corpus().dialogues) == 3  # the old state, whole
        sub = reader.subscription(chat_id=5)
        assert sub is not None and sub.last_seq == 1
        if change == "save":
            assert _listing(folder) == before  # no half-written part left behind
        # Space is back: the same change now goes through and is seen.
        if change == "save":
            writer.save_articles([make_article(9, day=9, place="Elsewhere")])
            assert len(Store(path).corpus().dialogues) == 4
        else:
            writer.mark_delivered(chat_id=5, thread_id=None, seq=3)
            fresh = Store(path).subscription(chat_id=5)
            assert fresh is not None and fresh.last_seq == 3
        writer.close()
    assert failed >= (3 if change == "save" else 1)
