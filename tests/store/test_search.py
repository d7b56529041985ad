"""The stored search index: committed with the articles, reopened without a rebuild, healed."""

from __future__ import annotations

import base64
import fcntl
import logging
import os
import shutil
import threading
import time
from array import array
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

from bot.domain.briefings import SearchView, search
from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue, Person, Source
from bot.domain.reference import load_reference
from bot.store import Store
from bot.store.core import LOCK_TIMEOUT_SECONDS
from bot.store.search_parts import FANOUT, decode, encode, merge_files, merged_apart
from store.test_core import killed_at, make_article, manifest

Article = tuple[Source, Dialogue, list[Person]]


def article(n: int) -> Article:
    """An article with a headline and a body of two sentences, one per spelling of Vietnam."""
    source, dialogue, people = make_article(n, day=n % 28 + 1, place=f"City{n}")
    text = (
        f"Talks number {n}\n\nDelegation {n} discussed bomb clearance in Việt Nam. "
        f"Report {n} says Vietnam and Korea agreed."
    )
    return source.model_copy(update={"text": text}), dialogue, people


def found(corpus: Corpus, text: str) -> tuple[int, list[str]]:
    """The total and the first page's sentences of a search."""
    view = search(corpus, load_reference(), text)
    if not isinstance(view, SearchView):
        return 0, []
    shown = ["".join(s.text for s in sn.segments) for h in view.hits for sn in h.snippets]
    return view.total, shown


def in_memory(store: Store) -> Corpus:
    """The same records without the stored index: what a fresh build answers."""
    corpus = store.corpus()
    return Corpus.build(
        dialogues=list(corpus.dialogues),
        people=list(corpus.people.values()),
        sources=list(corpus.sources.values()),
    )


def search_parts(path: Path) -> dict[str, str]:
    parts: dict[str, str] = manifest(path)["parts"]
    return {k: v for k, v in parts.items() if k.startswith("search-")}


def test_a_reopened_store_answers_from_its_stored_index(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).save_articles([article(n) for n in range(1, 6)])
    reopened = Store(path)
    total, shown = found(reopened.corpus(), "Vietnam")
    assert total == 10  # both spellings, in all five articles
    assert (total, shown) == found(in_memory(reopened), "Vietnam")
    assert found(reopened.corpus(), "베트남") == (total, shown)
    stats = reopened.search_stats
    assert (stats.segments_loaded, stats.documents_rebuilt) == (1, 0)


def test_an_index_of_another_version_is_rebuilt_once_and_stored(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).save_articles([article(n) for n in range(1, 6)])
    [file_name] = search_parts(path).values()
    part = path.with_name("store.json.d") / file_name
    segment = decode(orjson.loads(part.read_bytes()))
    assert segment is not None
    stale_texts = ("A stale sentence about Vietnam.",) * len(segment.texts)
    data = encode(replace(segment, texts=stale_texts))
    data["search"]["1"]["version"] = 0
    part.write_bytes(orjson.dumps(data))
    stale = Store(path)
    assert found(stale.corpus(), "Vietnam") == found(in_memory(stale), "Vietnam")
    assert found(stale.corpus(), "stale") == (0, [])  # never read
    assert (stale.search_stats.segments_stale, stale.search_stats.documents_rebuilt) == (1, 5)
    assert list(search_parts(path).values()) != [file_name] and len(search_parts(path)) == 1
    stale.close()  # waits for superseded files to be deleted
    assert not part.exists()
    again = Store(path)
    assert found(again.corpus(), "bomb clearance")[0] == 5
    assert (again.search_stats.segments_stale, again.search_stats.documents_rebuilt) == (0, 0)


def test_a_store_without_an_index_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).save_articles([article(n) for n in range(1, 4)])
    meta = orjson.loads(path.read_bytes())
    for name in search_parts(path):
        del meta["meta"]["1"]["parts"][name]  # as a store written before the index existed
    path.write_bytes(orjson.dumps(meta))
    older = Store(path)
    assert found(older.corpus(), "Vietnam")[0] == 6
    assert older.search_stats.documents_rebuilt == 3
    assert Store(path).corpus() and len(search_parts(path)) == 1


def test_many_saves_keep_few_segments_and_find_everything(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    for n in range(1, 3 * FANOUT):
        store.save_articles([article(n)])
        store.search_merges.wait()  # merged off the save's path, in a thread of their own
        levels = Counter(name[len("search-")] for name in search_parts(path))
        assert max(levels.values()) < FANOUT  # a full level is merged into the next
    assert found(Store(path).corpus(), '"bomb clearance"')[0] == 3 * FANOUT - 1
    assert found(store.corpus(), "Vietnam") == found(in_memory(store), "Vietnam")


def _writes(store: Store) -> None:
    """Save two articles."""
    store.save_articles([article(n) for n in (21, 22)])


def test_a_writer_killed_at_any_step_leaves_a_working_index(tmp_path: Path) -> None:
    base = tmp_path / "base" / "store.json"
    store = Store(base)
    for n in range(1, FANOUT):  # the next save merges a level: more steps to die at
        store.save_articles([article(n)])
    store.close()
    totals = set()
    for step in range(1, 200):
        case = tmp_path / f"step{step}"
        shutil.copytree(base.parent, case)
        path = case / "store.json"
        code = killed_at(path, step, _writes)
        assert code in (0, 9)
        reopened = Store(path)
        total = found(reopened.corpus(), "Vietnam")
        assert total == found(in_memory(reopened), "Vietnam")
        assert reopened.search_stats.documents_rebuilt == 0  # old or new: indexed either way
        totals.add(total[0])
        if code == 0:
            levels = Counter(name[len("search-")] for name in search_parts(path))
            assert levels["0"] < FANOUT  # the level the save filled was merged before close
            break
        shutil.rmtree(case)
    assert totals == {2 * (FANOUT - 1), 2 * (FANOUT + 1)}


def test_a_big_merge_in_a_process_of_its_own_writes_what_a_merge_here_writes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    for n in range(1, 4):  # one segment per commit
        store.save_articles([article(n)])
    store.close()
    segments = [path.with_name("store.json.d") / f for f in search_parts(path).values()]
    here, apart = tmp_path / "here.json", tmp_path / "apart.json"
    assert merge_files(segments, here, 0o600)
    assert merged_apart(segments, apart, 0o600)
    assert apart.read_bytes() == here.read_bytes()
    # A segment gone meanwhile: no merged file, and the caller is told.
    assert not merged_apart([*segments, tmp_path / "gone.json"], tmp_path / "none.json", 0o600)
    assert not (tmp_path / "none.json").exists()


def test_a_merge_process_imports_this_code_whatever_the_folder_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    for n in range(1, 3):
        store.save_articles([article(n)])
    store.close()
    segments = [path.with_name("store.json.d") / f for f in search_parts(path).values()]
    here = tmp_path / "here.json"
    assert merge_files(segments, here, 0o600)
    # The folder the caller runs in holds another `bot` package (an old checkout, say).
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "bot").mkdir(parents=True)
    (elsewhere / "bot" / "__init__.py").write_text("raise SystemExit(7)\n", "utf-8")
    monkeypatch.chdir(elsewhere)
    assert merged_apart(segments, Path("../apart.json"), 0o600)
    assert (tmp_path / "apart.json").read_bytes() == here.read_bytes()


def test_a_hung_merge_process_is_stopped_and_the_merge_not_done(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fifo = tmp_path / "segment.json"
    os.mkfifo(fifo)  # the child's read waits for a writer that never comes
    target = tmp_path / "merged.json"
    assert not merged_apart([fifo], target, 0o600, timeout=1.0)
    assert not target.exists()
    assert "search merge stopped after" in caplog.text


def test_a_store_closing_stops_a_merge_process_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "segment.json"
    os.mkfifo(fifo)  # a merge that would run until its ten-minute limit
    target, closing = tmp_path / "merged.json", threading.Event()
    threading.Timer(0.2, closing.set).start()
    began = time.monotonic()
    assert not merged_apart([fifo], target, 0o600, stop=closing)
    assert time.monotonic() - began < 5  # not the ten minutes a stop would otherwise wait
    assert not target.exists()


@pytest.mark.parametrize("damage", ["not base64", "a changed byte"])
def test_a_damaged_segment_is_rebuilt_not_believed(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "store.json"
    Store(path).save_articles([article(n) for n in range(1, 4)])
    [file_name] = search_parts(path).values()
    part = path.with_name("store.json.d") / file_name
    data = orjson.loads(part.read_bytes())
    if damage == "not base64":
        data["search"]["1"]["packed"] = "not base64 of numbers!"
    else:  # still base64, still the right length: the checksum tells
        raw = bytearray(base64.b64decode(data["search"]["1"]["packed"]))
        raw[len(raw) // 2] ^= 0x20
        data["search"]["1"]["packed"] = base64.b64encode(bytes(raw)).decode("ascii")
    part.write_bytes(orjson.dumps(data))
    damaged = Store(path)
    assert found(damaged.corpus(), "Vietnam") == found(in_memory(damaged), "Vietnam")
    assert damaged.search_stats.documents_rebuilt == 3


def test_saves_and_searches_go_on_while_levels_are_merged(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    for n in range(1, 2 * FANOUT + 2):
        store.save_articles([article(n)])
        # Whether or not the merge this save asked for has run yet: every article, once.
        assert found(store.corpus(), "Vietnam") == found(in_memory(store), "Vietnam")
        assert found(Store(path).corpus(), '"bomb clearance"')[0] == n
    store.search_merges.wait()
    assert store.search_merges.merged >= 2
    reopened = Store(path)
    assert found(reopened.corpus(), "Vietnam") == found(in_memory(reopened), "Vietnam")
    assert reopened.search_stats.documents_rebuilt == 0


def _old_layout(segment_data: dict[str, Any]) -> dict[str, Any]:
    """A segment as the first stored index wrote it: each column a JSON list."""
    segment = decode(segment_data)
    assert segment is not None

    def packed(values: Any) -> str:
        return base64.b64encode(array("i", values).tobytes()).decode("ascii")

    record = {
        "version": segment_data["search"]["1"]["version"],
        "texts": list(segment.texts),
        "keys": list(segment.keys),
        "sources": list(segment.sources),
        "dialogues": list(segment.dialogues),
        "counts": packed(segment.counts),
        "sentences": packed(segment.sentences),
    }
    return {"search": {"1": record}}


def test_an_index_of_the_first_layout_is_read_and_rewritten_packed(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).save_articles([article(n) for n in range(1, 6)])
    [file_name] = search_parts(path).values()
    part = path.with_name("store.json.d") / file_name
    expected = found(Store(path).corpus(), "Vietnam")
    part.write_bytes(orjson.dumps(_old_layout(orjson.loads(part.read_bytes()))))
    older = Store(path)
    assert found(older.corpus(), "Vietnam") == expected
    assert older.search_stats.documents_rebuilt == 0  # read as it is, not rebuilt
    older.search_merges.wait()
    [rewritten] = search_parts(path).values()
    assert rewritten != file_name
    assert b'"packed":' in (path.with_name("store.json.d") / rewritten).read_bytes()
    again = Store(path)
    assert found(again.corpus(), "Vietnam") == expected
    assert again.search_stats.documents_rebuilt == 0


def test_a_read_only_store_of_the_first_layout_answers_without_writing_or_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "store.json"
    Store(path).save_articles([article(n) for n in range(1, 6)])
    [file_name] = search_parts(path).values()
    folder = path.with_name("store.json.d")
    part = folder / file_name
    expected = found(in_memory(Store(path)), "Vietnam")
    part.write_bytes(orjson.dumps(_old_layout(orjson.loads(part.read_bytes()))))
    for p in [path, *folder.iterdir()]:
        p.chmod(0o444)
    folder.chmod(0o555)
    caplog.set_level(logging.INFO)
    try:
        reader = Store(path)
        for _search in range(2):
            assert found(reader.corpus(), "Vietnam") == expected
            reader.search_merges.wait()
        reader.close()
    finally:
        folder.chmod(0o755)
    assert list(search_parts(path).values()) == [file_name]
    # Not a rewrite tried and refused, nor a traceback: nothing at all about the index.
    assert [r.getMessage() for r in caplog.records if "search" in r.name] == []
    assert not any(r.exc_info for r in caplog.records)


def test_a_search_does_not_wait_for_another_process_writing(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).save_articles([article(n) for n in range(1, 4)])
    meta = orjson.loads(path.read_bytes())
    for name in search_parts(path):
        del meta["meta"]["1"]["parts"][name]  # its index has to be built by the search
    path.write_bytes(orjson.dumps(meta))
    store = Store(path)
    fd = os.open(f"{path}.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another process in the middle of a long write
        began = time.monotonic()
        assert found(store.corpus(), '"bomb clearance"')[0] == 3
        assert time.monotonic() - began < LOCK_TIMEOUT_SECONDS / 2  # answered, not queued
    finally:
        os.close(fd)
    assert search_parts(path) == {}  # built in memory: the writer could not be waited for
