"""Speed checks: ingestion throughput and briefing latency on a store grown far past the seeds.

Run with `make bench`. Prints one line per measurement; nothing here is asserted, the figures
go into the closing notes and README.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.domain.briefings import answer
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.models import Dialogue
from bot.domain.reference import load_reference
from bot.ingest.article import read_article
from bot.ingest.extract import extract
from bot.render import render_html
from bot.store import Store

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
PLACES = ["Hanoi", "Seoul", "Busan", "Da Nang", "Ho Chi Minh City", "Incheon", "Hue", "Daegu"]
GROWN_SIZE = 400
QUERIES = [
    "/latest",
    "/latest 10",
    "/topic maritime",
    "/topic South China Sea",
    "/person Phan Van Giang",
    "/person Phan Van Gaing",
    "/position four no's",
    "/timeline",
    '/search "bomb clearance"',
]


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and worst wall time of `repeat` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def grow(store: Store, size: int) -> float:
    """Save `size` distinct events made from the seeds; returns ms per article."""
    reference = load_reference()
    seeds = [extract(read_article(p), reference) for p in sorted(ARTICLES.glob("*.txt"))]
    start = time.perf_counter()
    for n in range(size):
        base = seeds[n % len(seeds)]
        place = f"{PLACES[n % len(PLACES)]} {n}"
        date = base.dialogue.date.model_copy(
            update={
                "year": 2000 + n % 26,
                "month": 1 + n % 12,
                "day": 1 + n % 28,
                "precision": "day",
            }
        )
        source_id = f"bench{n:06d}"
        source = base.source.model_copy(update={"id": source_id})
        # Every reference to the seed's source must move too, or the store merges the copies
        # back into the seed's dialogue (same source id means same event).
        renamed = base.dialogue.model_dump_json().replace(base.source.id, source_id)
        dialogue = Dialogue.model_validate_json(renamed).model_copy(
            update={"id": f"bench-{n}", "place": place, "date": date}
        )
        store.save_article(source=source, dialogue=dialogue, people=base.people)
    return (time.perf_counter() - start) * 1000 / size


def main() -> None:
    """Grow a store, then time each briefing on it."""
    reference = load_reference()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.json"
        store = Store(path)
        per_article = grow(store, GROWN_SIZE)
        size_kb = path.stat().st_size / 1024
        held = len(store.corpus().dialogues)
        print(f"store: {held} dialogues, {size_kb:,.0f} KiB")
        print(f"save_article (atomic write of the whole file): {per_article:.1f} ms per article")
        cold_median, _ = timed(lambda: Store(path).corpus(), 5)
        print(f"open store + build indexed snapshot: {cold_median:.1f} ms")
        subscribers = 200
        for chat in range(subscribers):
            store.subscribe(chat_id=chat)
        start = time.perf_counter()
        for chat in range(subscribers):
            # What a digest fan-out does per chat besides sending: look up, then persist.
            store.subscription(chat_id=chat)
            store.mark_delivered(chat_id=chat, thread_id=None, seq=GROWN_SIZE + 1)
        per_chat = (time.perf_counter() - start) * 1000 / subscribers
        print(f"digest bookkeeping per chat ({subscribers} subscribers): {per_chat:.1f} ms")
        corpus = store.corpus()
        for text in QUERIES:
            command = parse_command(text)
            assert command is not None

            def brief(c: ParsedCommand = command) -> list[str]:
                return render_html(answer(corpus, reference, c))

            brief()  # first call builds the per-corpus name index
            median, worst = timed(brief, 30)
            messages = len(brief())
            print(f"{text:28} median {median:7.2f} ms  worst {worst:7.2f} ms  {messages} msg")


if __name__ == "__main__":
    main()
