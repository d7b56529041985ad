"""Bulk ingestion: extraction in worker processes, saves in batches of one store commit each."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bot.domain.models import Dialogue
from bot.domain.reference import Reference, load_reference
from bot.ingest.extract import Extraction
from bot.ingest.pipeline import (
    FileResult,
    article_paths,
    extract_file,
    not_stored,
    series_neighbours,
)
from bot.ingest.series import with_series_year
from bot.store import Store, StoreError

BATCH = 500  # articles per commit: one rewrite of each shard a batch touches
CHUNK = 8  # files handed to a worker at a time: fewer round trips, still balanced
POOL_MIN_FILES = 100  # fewer files are extracted here: starting the workers costs seconds

_reference: Reference | None = None  # each worker's own, loaded once


def _start_worker() -> None:
    global _reference
    # Ctrl-C reaches the whole process group: the parent stops the pool, workers just finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _reference = load_reference()


def _extract_in_worker(path: Path) -> Extraction | str:
    return extract_file(path, _reference or load_reference())


def _extractions(
    files: list[Path], reference: Reference, workers: int
) -> Iterator[Extraction | str]:
    if workers <= 1 or len(files) < 2 * CHUNK:
        yield from (extract_file(p, reference) for p in files)
        return
    # spawn, not fork: a running bot has threads that a forked child would inherit half-held.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
    try:
        yield from pool.map(_extract_in_worker, files, chunksize=CHUNK)
    finally:
        # Interrupted (Ctrl-C, a store error): drop the queued files, wait only for running ones.
        pool.shutdown(wait=True, cancel_futures=True)


def _with_years(
    pending: list[tuple[Path, Extraction | str]], store: Store, reference: Reference
) -> list[tuple[Path, Extraction | str]]:
    """Years from known series, against the store plus the whole batch, so an edition filed
    before its neighbours in the batch still finds them."""
    batch = [e.dialogue for _, e in pending if not isinstance(e, str)]
    corpus = store.corpus()

    def dated(extraction: Extraction) -> Extraction:
        dialogue = extraction.dialogue
        if dialogue.date.year is not None:
            return extraction
        known: list[Dialogue] = [*series_neighbours(corpus, dialogue)]
        known += [d for d in batch if d.mechanism == dialogue.mechanism]
        return with_series_year(extraction, known, reference)

    return [(p, e if isinstance(e, str) else dated(e)) for p, e in pending]


def ingest_bulk(
    paths: Iterable[Path],
    *,
    store: Store,
    reference: Reference,
    workers: int | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    flush_after: float | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[FileResult]:
    """Ingest every article under `paths`: extraction on every core, saves in batches.

    Results come in file order. A batch is committed at BATCH articles, or `flush_after`
    seconds after its first file when given (so a user sees progress and errors promptly).
    Once `stop()` is true, what is extracted is committed and the rest left undone.
    """
    files = list(article_paths(paths))
    count = workers if workers is not None else (os.cpu_count() or 1)
    if workers is None and len(files) < POOL_MIN_FILES:
        count = 1
    results: list[FileResult] = []
    pending: list[tuple[Path, Extraction | str]] = []
    started = 0.0

    def flush() -> None:
        if not pending:
            return
        if any(not isinstance(e, str) and e.dialogue.date.year is None for _, e in pending):
            pending[:] = _with_years(pending, store, reference)
        articles = [(e.source, e.dialogue, e.people) for _, e in pending if not isinstance(e, str)]
        try:
            saved = iter(store.save_articles(articles))
        except StoreError as exc:  # nothing of the batch is stored: each file says so
            pending[:] = [(p, e if isinstance(e, str) else not_stored(p, exc)) for p, e in pending]
            saved = iter(())
        for path, extraction in pending:
            if isinstance(extraction, str):
                report(FileResult(path, error=extraction))
            else:
                outcome = next(saved)
                report(FileResult(path, outcome=outcome.outcome, dialogue=outcome.dialogue))
        pending.clear()

    def report(result: FileResult) -> None:
        if on_result is not None:
            on_result(result)
        results.append(result)

    for path, extraction in zip(files, _extractions(files, reference, count), strict=True):
        if not pending:
            started = time.monotonic()
        pending.append((path, extraction))
        due = flush_after is not None and time.monotonic() - started >= flush_after
        if len(pending) >= BATCH or due:
            flush()
        if stop is not None and stop():
            break
    flush()
    return results
