"""Ingestion end to end: find files, read, clean and extract, then save to the store."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.domain.corpus import Corpus
from bot.domain.models import Dialogue
from bot.domain.reference import Reference
from bot.ingest.article import ArticleError, read_article
from bot.ingest.extract import Extraction, extract
from bot.ingest.series import with_series_year
from bot.store import SaveOutcome, Store, StoreError

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ""}


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: saved (with outcome and dialogue) or an error line."""

    path: Path
    outcome: SaveOutcome | None = None
    dialogue: Dialogue | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file was read and stored."""
        return self.error is None


def _folder_articles(folder: Path) -> list[Path]:
    """Article files under a folder, in name order, skipping hidden ones and non-regular files."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        # Hidden folders (.git, .venv) are never walked into; a pipe would block the read.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root) / name
            if not name.startswith(".") and path.suffix in ARTICLE_SUFFIXES and path.is_file():
                found.append(path)
    return sorted(found)


def article_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and article files inside folders (a folder without any, as itself)."""
    for path in paths:
        if path.is_dir():
            yield from _folder_articles(path) or [path]
        else:
            yield path


def series_neighbours(corpus: Corpus, dialogue: Dialogue) -> Sequence[Dialogue]:
    """The stored dialogues that can date an undated edition: its own series' editions only."""
    # Only editions of the same mechanism bound a year: reading every stored dialogue for an
    # undated report would parse the whole store.
    if dialogue.mechanism is None or dialogue.edition is None:
        return ()
    return corpus.by_mechanism.get(dialogue.mechanism, ())


def extract_file(path: Path, reference: Reference) -> Extraction | str:
    """One file's extraction, or its error line: no failure of one file stops the others."""
    if path.is_dir():
        return f"no article files in {path}"
    try:
        return extract(read_article(path), reference)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # any other fault is this file's, reported as such
        return _failed(path, exc)


def not_stored(path: Path, exc: StoreError) -> str:
    """The error line of a file whose article the store refused."""
    return f"{path.name}: not stored ({exc})"


def _failed(path: Path, exc: Exception) -> str:
    log.error("ingesting %s failed", path, exc_info=exc)
    return f"{path.name}: could not be ingested ({type(exc).__name__})"


def ingest_file(path: Path, *, store: Store, reference: Reference) -> FileResult:
    """Read, clean, extract and save one article; a bad file gives an error, never a raise."""
    extraction = extract_file(path, reference)
    if isinstance(extraction, str):
        return FileResult(path, error=extraction)
    try:
        if extraction.dialogue.date.year is None:
            known = series_neighbours(store.corpus(), extraction.dialogue)
            extraction = with_series_year(extraction, known, reference)
        result = store.save_article(
            source=extraction.source, dialogue=extraction.dialogue, people=extraction.people
        )
    except StoreError as exc:
        return FileResult(path, error=not_stored(path, exc))
    except Exception as exc:  # one file's fault of any kind is that file's error line
        return FileResult(path, error=_failed(path, exc))
    return FileResult(path, outcome=result.outcome, dialogue=result.dialogue)


def ingest_paths(
    paths: Iterable[Path],
    *,
    store: Store,
    reference: Reference,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest every article under `paths`, reporting each file as it is done."""
    results = []
    for path in article_paths(paths):
        result = ingest_file(path, store=store, reference=reference)
        if on_result is not None:
            on_result(result)
        results.append(result)
    return results
