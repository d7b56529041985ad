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
from bot.ingest.extract import extract
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


def ingest_file(path: Path, *, store: Store, reference: Reference) -> FileResult:
    """Read, clean, extract and save one article; a bad file gives an error, never a raise."""
    if path.is_dir():
        return FileResult(path, error=f"no article files in {path}")
    try:
        extraction = extract(read_article(path), reference)
        if extraction.dialogue.date.year is None:
            known = series_neighbours(store.corpus(), extraction.dialogue)
            extraction = with_series_year(extraction, known, reference)
        result = store.save_article(
            source=extraction.source, dialogue=extraction.dialogue, people=extraction.people
        )
    except ArticleError as exc:
        return FileResult(path, error=str(exc))
    except StoreError as exc:
        return FileResult(path, error=f"{path.name}: not stored ({exc})")
    except Exception as exc:  # one file's fault of any kind is that file's error line
        log.exception("ingesting %s failed", path)
        return FileResult(path, error=f"{path.name}: could not be ingested ({type(exc).__name__})")
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
