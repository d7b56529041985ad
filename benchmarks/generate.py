"""Distinct events made from the seed articles, for growing stores far past the seeds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.domain.models import Dialogue, Person, Source
from bot.domain.reference import Reference, load_reference
from bot.ingest.article import read_article
from bot.ingest.extract import Extraction, extract

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
PLACES = ["Hanoi", "Seoul", "Busan", "Da Nang", "Ho Chi Minh City", "Incheon", "Hue", "Daegu"]
Article = tuple[Source, Dialogue, list[Person]]


@dataclass(frozen=True)
class _Seed:
    extraction: Extraction
    dialogue_json: str  # dumped once: a copy is a string replace and one validation


def seeds(reference: Reference | None = None) -> list[Extraction]:
    """The bundled articles, extracted."""
    ref = reference or load_reference()
    return [extract(read_article(p), ref) for p in sorted(ARTICLES.glob("*.txt"))]


def distinct_articles(count: int, start: int = 0, prefix: str = "bench") -> Iterator[Article]:
    """`count` articles, each its own event: own source id, place and date (none merge)."""
    made = [_Seed(e, e.dialogue.model_dump_json()) for e in seeds()]
    for n in range(start, start + count):
        yield event(made[n % len(made)], n, prefix)


def event(seed: _Seed, n: int, prefix: str) -> Article:
    """Seed `seed` as event number `n`."""
    base = seed.extraction
    source_id = f"{prefix}{n:07d}"
    # Cite the new source everywhere: a shared source id would merge every copy into one event.
    cited = seed.dialogue_json.replace(base.source.id, source_id)
    dialogue = Dialogue.model_validate_json(cited)
    date = dialogue.date.model_copy(
        update={"year": 2000 + n % 26, "month": 1 + n % 12, "day": 1 + n % 28, "precision": "day"}
    )
    dialogue = dialogue.model_copy(
        update={
            "id": f"{prefix}-{n:07d}",
            "place": f"{PLACES[n % len(PLACES)]} {n}",
            "date": date,
        }
    )
    # A text of its own: the same article would be one source, whatever its id.
    text = f"{base.source.text}\n\nReport number {n}."
    source = base.source.model_copy(update={"id": source_id, "text": text})
    return source, dialogue, base.people
