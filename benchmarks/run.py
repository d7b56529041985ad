"""Speed checks at 1k, 10k and 100k dialogues, with a naive TinyDB baseline for the ratios.

Run with `make bench` (`python -m benchmarks.run`, `--quick` for 1k and 10k only, under a
minute). Prints one line per figure; nothing is asserted, the figures go into README.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import orjson
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage

from benchmarks import startup
from benchmarks.articles import write_articles
from benchmarks.generate import Article, distinct_articles, seeds
from benchmarks.probe import SEARCH_LIMIT
from benchmarks.stats import percentile
from bot.domain.digest import pending
from bot.domain.reference import load_reference
from bot.domain.text import fold
from bot.ingest.bulk import ingest_bulk
from bot.store import Store

BATCH = 2000
ADDS = 30
BULK_FILES = 780  # article files for the bulk-ingest figure (--quick: QUICK_BULK_FILES)
QUICK_BULK_FILES = 300
BULK_WORKERS = 2
CHATS = 10_000


def line(label: str, value: str) -> None:
    """One figure."""
    print(f"  {label:52} {value}", flush=True)


def grow(store: Store, count: int) -> tuple[float, float]:
    """Save `count` distinct events in batches; seconds generating and seconds saving."""
    made, saved = 0.0, 0.0
    articles = distinct_articles(count)
    while True:
        began = time.perf_counter()
        batch = list(islice(articles, BATCH))
        made += time.perf_counter() - began
        if not batch:
            return made, saved
        began = time.perf_counter()
        store.save_articles(batch)
        saved += time.perf_counter() - began


def _listed(path: Path) -> list[Path]:
    folder = path.with_name(f"{path.name}.d")
    return [folder / name for name in path_parts(path).values()]


def disk_bytes(path: Path) -> int:
    """Bytes the store occupies: the manifest and every part it lists."""
    return path.stat().st_size + sum(p.stat().st_size for p in _listed(path))


def records_json_bytes(path: Path) -> int:
    """The records as one JSON document (what a single-file store holds)."""
    total = 0
    for part in _listed(path):
        if part.name.startswith(("dialogues-", "people.")):
            total += len(orjson.dumps(orjson.loads(part.read_bytes())))
    return total


def add_one(store: Store, start: int) -> list[float]:
    """Milliseconds to save each of ADDS new articles, one commit each."""
    samples = []
    for article in distinct_articles(ADDS, start=start, prefix="add"):
        began = time.perf_counter()
        store.save_articles([article])
        samples.append((time.perf_counter() - began) * 1000)
    store.search_merges.wait()
    return samples


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the extraction workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bulk_ingest(store: Store, folder: Path, count: int) -> dict[str, float]:
    """`briefbot ingest` of `count` new article files with BULK_WORKERS extraction workers."""
    files = folder / "bulk"
    write_articles(files, count)
    began, cpu = time.perf_counter(), _cpu_seconds()
    results = ingest_bulk([files], store=store, reference=load_reference(), workers=BULK_WORKERS)
    seconds, cpu = time.perf_counter() - began, _cpu_seconds() - cpu
    store.search_merges.wait()  # not timed: background work, done before the next figure
    added = sum(r.outcome is not None and r.outcome.value == "added" for r in results)
    assert added == count, f"{added} of {count} bulk articles added"
    return {"per_s": count / seconds, "cpu_ms": cpu * 1000 / count}


def probe(path: Path, search_limit: int) -> dict[str, object]:
    """Open and query the store in a fresh process, as the bot would."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", str(path), str(search_limit)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    figures: dict[str, object] = json.loads(run.stdout)
    return figures


def cold_ask(path: Path) -> float:
    """Milliseconds from process start to the answer of `briefbot ask "/latest"`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BRIEFBOT_"))}
    env.update(BRIEFBOT_DB=str(path), PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    samples = []
    for _ in range(3):
        began = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "bot.cli", "ask", "/latest"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        samples.append((time.perf_counter() - began) * 1000)
        if run.returncode != 0:
            raise RuntimeError(run.stderr)
    return statistics.median(samples)


def digest_bookkeeping(store: Store, start: int) -> tuple[float, bool]:
    """Seconds for CHATS chats to look up, find the new entry and record it; dialogues touched?"""
    store.subscribe_many((chat, None) for chat in range(CHATS))
    [article] = distinct_articles(1, start=start, prefix="digest")
    store.save_articles([article])
    store.search_merges.wait()
    parts = path_parts(store.path)
    began = time.perf_counter()
    for chat in range(CHATS):
        subscription = store.subscription(chat_id=chat)
        assert subscription is not None
        assert len(pending(store.corpus(), subscription)) == 1
        store.mark_delivered(chat_id=chat, thread_id=None, seq=store.max_seq())
    elapsed = time.perf_counter() - began
    after = path_parts(store.path)
    touched = any(after[k] != v for k, v in parts.items() if k.startswith("dialogues-"))
    return elapsed, touched


def path_parts(path: Path) -> dict[str, str]:
    parts: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]["parts"]
    return parts


def naive(folder: Path, count: int) -> dict[str, float]:
    """Plain TinyDB (JSONStorage, one file) with the same records: insert, search, open."""
    path = folder / "naive.json"
    db = TinyDB(path, storage=JSONStorage)
    dialogues, sources = db.table("dialogues"), db.table("sources")
    records = list(_records(distinct_articles(count)))
    dialogues.insert_multiple(d for d, _ in records)
    sources.insert_multiple(s for _, s in records)
    [(dialogue, source)] = list(_records(distinct_articles(1, start=count, prefix="naive")))
    began = time.perf_counter()
    dialogues.insert(dialogue)
    sources.insert(source)
    insert = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    found = dialogues.search(Query().topics.any(Query().id == "maritime"))
    search = (time.perf_counter() - began) * 1000
    # /search "bomb clearance" without an index: every source text folded and scanned.
    began = time.perf_counter()
    texts = sources.search(Query().text.test(lambda t: "bomb clearance" in fold(str(t))))
    text_search = (time.perf_counter() - began) * 1000
    assert texts
    db.close()
    began = time.perf_counter()
    reopened = TinyDB(path, storage=JSONStorage)
    assert len(reopened.table("dialogues").all()) == count + 1 and found
    opened = (time.perf_counter() - began) * 1000
    reopened.close()
    return {
        "insert_ms": insert,
        "search_ms": search,
        "text_search_ms": text_search,
        "open_ms": opened,
        "bytes": path.stat().st_size,
    }


def _records(articles: Iterator[Article]) -> Iterator[tuple[dict[str, object], dict[str, object]]]:
    for seq, (source, dialogue, _people) in enumerate(articles, 1):
        yield (
            dialogue.model_copy(update={"seq": seq}).model_dump(mode="json"),
            source.model_copy(update={"dialogue_id": dialogue.id}).model_dump(mode="json"),
        )


def timed(label: str, func: Callable[[], object]) -> float:
    began = time.perf_counter()
    func()
    seconds = time.perf_counter() - began
    line(label, f"{seconds:.2f} s")
    return seconds


def bench(size: int, baseline: bool, search_limit: int, bulk_files: int) -> None:
    """Every figure at one store size."""
    print(f"== {size:,} dialogues", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "store.json"
        store = Store(path)
        made, saved = grow(store, size)
        # The merges those batches asked for run in the background; the figures below are of a
        # store at rest, not of one sharing the cores with its set-up's merges.
        store.search_merges.wait()
        line("generate distinct events", f"{size / made:,.0f} /s")
        line("store share of a batched save", f"{saved * 1000 / size:.2f} ms per article")
        adds = add_one(store, size)
        line(
            "add one article (p50 / p95)",
            f"{statistics.median(adds):.1f} / {percentile(adds, 0.95):.1f} ms",
        )
        bulk = bulk_ingest(store, folder, bulk_files) if bulk_files else None
        if bulk is not None:
            line(
                f"bulk ingest incl. extraction ({BULK_WORKERS} workers, {bulk_files} files)",
                f"{bulk['per_s']:,.0f} /s; CPU {bulk['cpu_ms']:.0f} ms an article in all processes",
            )
        disk, records = disk_bytes(path), records_json_bytes(path)
        line(
            "disk / JSON of the records",
            f"{disk / 2**20:,.1f} / {records / 2**20:,.1f} MiB = {disk / records:.2f}x",
        )
        line("cold `briefbot ask /latest` (median of 3)", f"{cold_ask(path):,.0f} ms")
        line(startup.LABEL, startup.figures_text(startup.measure(path)))
        figures = probe(path, search_limit)
        line(
            "fresh process: imports / store open / reference / 1st /latest",
            f"{figures['import_ms']:,.0f} / {figures['store_open_ms']:,.0f} / "
            f"{figures['reference_ms']:,.0f} / {figures['first_latest_ms']:,.0f} ms",
        )
        queries = figures["queries"]
        assert isinstance(queries, dict)
        for text, q in queries.items():
            line(f"{text}", f"first {q['first']:8.1f}  p50 {q['p50']:6.2f}  p99 {q['p99']:6.2f} ms")
        line("peak RSS of that process", f"{figures['peak_rss_mb']:,.0f} MB")
        line("/search documents indexed at its start (0: read)", f"{figures['search_rebuilt']}")
        seconds, touched = digest_bookkeeping(store, size + ADDS)
        line(
            f"digest bookkeeping, {CHATS:,} chats, one new entry",
            f"{seconds:.2f} s, dialogues {'REWRITTEN' if touched else 'untouched'}",
        )
        store.close()
        if baseline:
            n = naive(folder, size)
            line(
                "naive TinyDB: insert one / search a topic / open",
                f"{n['insert_ms']:,.0f} / {n['search_ms']:,.0f} / {n['open_ms']:,.0f} ms"
                f" ({n['bytes'] / 2**20:,.0f} MiB)",
            )
            line(
                "  ratio naive / store: insert one",
                f"{n['insert_ms'] / statistics.median(adds):,.0f}x",
            )
            topic = queries["/topic maritime"]["p50"]
            line("  ratio naive / store: search a topic (p50)", f"{n['search_ms'] / topic:,.0f}x")
            phrase = queries['/search "bomb clearance"']["p50"]
            line(
                'naive TinyDB: /search "bomb clearance" (a scan)',
                f"{n['text_search_ms']:,.0f} ms, ratio naive / store (p50) "
                f"{n['text_search_ms'] / phrase:,.0f}x",
            )
            line(
                "  ratio naive / store: open",
                f"{n['open_ms'] / float(str(figures['open_latest_ms'])):,.1f}x",
            )


def main(argv: list[str] | None = None) -> None:
    """Parse the options and run each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k and 10k only (under a minute)")
    parser.add_argument("--sizes", type=int, nargs="*", help="store sizes to build")
    parser.add_argument("--naive-max", type=int, help="largest naive baseline (default 10k)")
    parser.add_argument("--search-max", type=int, help="largest store /search is timed on")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    # Quick: the slow first build of the naive file only at 1k.
    naive_max = args.naive_max or (1_000 if args.quick else 10_000)
    search_max = args.search_max or SEARCH_LIMIT
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    seeds()  # warm the extraction once, outside the timings
    for size in sizes:
        # Bulk ingestion at the largest size only: it costs the same at any size.
        bulk_files = (QUICK_BULK_FILES if args.quick else BULK_FILES) if size == max(sizes) else 0
        bench(size, baseline=size <= naive_max, search_limit=search_max, bulk_files=bulk_files)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"benchmark process peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
