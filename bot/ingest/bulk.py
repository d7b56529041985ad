"""Bulk ingestion: extraction in worker processes, saves in batches of one store commit each."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bot.domain.reference import Reference, load_reference
from bot.ingest.article import ArticleError, read_article
from bot.ingest.extract import Extraction, extract
from bot.ingest.pipeline import FileResult, article_paths
from bot.ingest.series import with_series_year
from bot.store import Store

BATCH = 500  # articles per commit: one rewrite of each shard a batch touches
CHUNK = 8  # files handed to a worker at a time: fewer round trips, still balanced

_reference: Reference | None = None  # each worker's own, loaded once


def _start_worker() -> None:
    global _reference
    _reference = load_reference()


def extract_file(path: Path, reference: Reference | None = None) -> Extraction | str:
    """One file's extraction, or its error line: no failure of one file stops the others."""
    if path.is_dir():
        return f"no article files in {path}"
    try:
        return extract(read_article(path), reference or _reference or load_reference())
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # any other fault is this file's, reported as such
        return f"{path}: could not extract this article ({type(exc).__name__})"


def _extractions(
    files: list[Path], reference: Reference, workers: int
) -> Iterator[Extraction | str]:
    if workers <= 1 or len(files) < 2 * CHUNK:
        yield from (extract_file(p, reference) for p in files)
        return
    # spawn, not fork: a running bot has threads that a forked child would inherit half-held.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
        yield from pool.map(extract_file, files, chunksize=CHUNK)


def ingest_bulk(
    paths: Iterable[Path],
    *,
    store: Store,
    reference: Reference,
    workers: int | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest every article under `paths`: extraction on every core, saves in batches."""
    files = list(article_paths(paths))
    count = workers if workers is not None else os.cpu_count() or 1
    results: list[FileResult] = []
    pending: list[tuple[Path, Extraction]] = []

    def flush() -> None:
        if not pending:
            return
        if any(e.dialogue.date.year is None for _, e in pending):
            # Against the store plus the whole batch, so an edition filed before its neighbours
            # in the batch still finds them.
            known = [*store.corpus().dialogues, *(e.dialogue for _, e in pending)]
            pending[:] = [(p, with_series_year(e, known, reference)) for p, e in pending]
        saved = store.save_articles([(e.source, e.dialogue, e.people) for _, e in pending])
        for (path, _), outcome in zip(pending, saved, strict=True):
            report(FileResult(path, outcome=outcome.outcome, dialogue=outcome.dialogue))
        pending.clear()

    def report(result: FileResult) -> None:
        if on_result is not None:
            on_result(result)
        results.append(result)

    for path, extraction in zip(files, _extractions(files, reference, count), strict=True):
        if isinstance(extraction, str):
            flush()  # results stay in file order
            report(FileResult(path, error=extraction))
            continue
        pending.append((path, extraction))
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    return results
