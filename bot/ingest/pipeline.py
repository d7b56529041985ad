"""Ingestion end to end: find files, read, clean and extract, then save to the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.domain.models import Dialogue
from bot.domain.reference import Reference
from bot.ingest.article import ArticleError, read_article
from bot.ingest.extract import extract
from bot.store import SaveOutcome, Store

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


def article_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and article files inside folders, in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix in ARTICLE_SUFFIXES and not p.name.startswith(".")
            )
        else:
            yield path


def ingest_file(path: Path, *, store: Store, reference: Reference) -> FileResult:
    """Read, clean, extract and save one article; a bad file gives an error, never a raise."""
    try:
        extraction = extract(read_article(path), reference)
    except ArticleError as exc:
        return FileResult(path, error=str(exc))
    result = store.save_article(
        source=extraction.source, dialogue=extraction.dialogue, people=extraction.people
    )
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
