"""Seed articles and their extractions, shared and cached across the extraction tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.domain.models import Dialogue
from bot.domain.reference import Reference, load_reference
from bot.ingest.article import RawArticle, read_article
from bot.ingest.extract import Extraction, extract

SEEDS = Path(__file__).resolve().parents[3] / "data" / "articles"
ALL = ["000", "001", "002", "003", "004"]


@cache
def reference() -> Reference:
    """The shipped reference data."""
    return load_reference()


@cache
def article(prefix: str) -> RawArticle:
    """A seed article as read from disk."""
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt")))


@cache
def extracted(prefix: str) -> Extraction:
    """A seed article extracted against the shipped reference."""
    return extract(article(prefix), reference())


def dialogue(prefix: str) -> Dialogue:
    """The dialogue extracted from a seed article."""
    return extracted(prefix).dialogue


def talks_year() -> int | None:
    """The year seed 001 (talks with Lee Jong-sup "on March 28") gets: 2023 once the register
    dates his term as defence minister (2022-05..2023-10), else none."""
    lee = next((p for p in reference().people if p.id == "lee-jong-sup"), None)
    dated = lee is not None and any(r.office == "defence-minister" and r.since for r in lee.roles)
    return 2023 if dated else None
