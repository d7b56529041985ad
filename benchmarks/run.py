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
from bot.domain.digest import pending
from bot.domain.models import Dialogue, Source
from bot.domain.reference import load_reference
from bot.ingest.article import read_article
from bot.ingest.extract import Extraction, extract
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
        source, dialogue = new_event(base, f"{n:06d}", place=place, date=date)
        store.save_article(source=source, dialogue=dialogue, people=base.people)
    return (time.perf_counter() - start) * 1000 / size


def new_event(base: Extraction, key: str, **fields: object) -> tuple[Source, Dialogue]:
    """A seed article copied as an event of its own, citing a source of its own."""
    source = base.source.model_copy(update={"id": f"bench{key}"})
    # Cite the new source everywhere: a shared source id would merge every copy into one event.
    cited = base.dialogue.model_dump_json().replace(base.source.id, source.id)
    dialogue = Dialogue.model_validate_json(cited).model_copy(
        update={"id": f"bench-{key}", **fields}
    )
    return source, dialogue


def digest_bookkeeping(store: Store, path: Path, subscribers: int = 300) -> None:
    """What a digest fan-out does per chat besides sending: look up, find what is new, persist."""
    for chat in range(subscribers):
        store.subscribe(chat_id=chat)
    # One new entry for everyone: each chat's position moves once.
    base = extract(read_article(sorted(ARTICLES.glob("*.txt"))[0]), load_reference())
    source, dialogue = new_event(base, "extra", place="Extra")
    store.save_article(source=source, dialogue=dialogue, people=base.people)

    def fan_out() -> float:
        start = time.perf_counter()
        for chat in range(subscribers):
            subscription = store.subscription(chat_id=chat)
            assert subscription is not None
            pending(store.corpus(), subscription)
            store.mark_delivered(chat_id=chat, thread_id=None, seq=store.max_seq())
        return (time.perf_counter() - start) * 1000 / subscribers

    print(f"digest bookkeeping per chat ({subscribers} chats, one new entry): {fan_out():.1f} ms")
    stamp = path.stat().st_mtime_ns
    quiet = fan_out()
    wrote = "wrote the store" if path.stat().st_mtime_ns != stamp else "no write"
    print(f"digest bookkeeping per chat (nothing new): {quiet:.2f} ms, {wrote}")


def main() -> None:
    """Grow a store, then time each briefing on it."""
    reference = load_reference()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.json"
        store = Store(path)
        per_article = grow(store, GROWN_SIZE)
        size_kb = path.stat().st_size / 1024
        print(f"store: {len(store.corpus().dialogues)} dialogues, {size_kb:,.0f} KiB")
        print(f"save_article (atomic write of the whole file): {per_article:.1f} ms per article")
        cold_median, _ = timed(lambda: Store(path).corpus(), 5)
        print(f"open store + build indexed snapshot: {cold_median:.1f} ms")
        digest_bookkeeping(store, path)
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
