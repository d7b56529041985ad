"""Watch-pass cost: 50 sources of 50 items each on a local server, with nothing new.

Run with `python -m benchmarks.watch` (the lead wires it into `make bench`). Two passes over the
same warm state: the server answering the conditional GETs with 304, and a server that ignores
validators (every feed sent and parsed again, every item found already seen). Prints one line
per measurement; nothing is asserted.
"""

from __future__ import annotations

import asyncio
import hashlib
import resource
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from bot.domain.reference import load_reference
from bot.store import Store
from bot.watch.catalog import ITEMS_TABLE, SOURCES_TABLE, item_key
from bot.watch.fetch import FetchPolicy
from bot.watch.models import ItemRecord, SourceRecord, SourceState
from bot.watch.parse import canonical_url
from bot.watch.runner import WatchConfig, Watcher

SOURCES, ITEMS = 50, 50
ETAG = '"bench-1"'


def feed(source: int, base: str) -> bytes:
    """An RSS feed of ITEMS items, like a busy outlet's section feed."""
    entries = "".join(
        f"<item><title>Vietnam, RoK story {source}-{n}: ministers meet on trade and defence"
        f"</title><link>{base}/s{source}/article-{n}.html</link>"
        f"<guid>{base}/s{source}/article-{n}.html</guid>"
        "<pubDate>Mon, 01 Dec 2025 08:00:00 GMT</pubDate>"
        f"<description>Summary of story {n} from source {source}, a paragraph long as feeds "
        "usually carry, about cooperation between the two countries.</description></item>"
        for n in range(ITEMS)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Source '
        f"{source}</title><link>{base}/</link><description>News</description>{entries}"
        "</channel></rss>"
    ).encode()


class _Counts:
    requests = 0
    conditional = 0
    honour_validators = True


@contextmanager
def serving() -> Iterator[tuple[str, _Counts]]:
    """A local server with SOURCES feeds; counts requests and conditional ones."""
    counts = _Counts()
    feeds: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            counts.requests += 1
            conditional = self.headers.get("If-None-Match") == ETAG
            counts.conditional += conditional
            body = b"" if self.path == "/robots.txt" else feeds.get(self.path)
            if body is None:
                self.send_response(404)
                body = b""
            elif conditional and counts.honour_validators:
                self.send_response(304)
                body = b""
            else:
                self.send_response(200)
            self.send_header("ETag", ETAG)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for s in range(SOURCES):
        feeds[f"/s{s}/rss.xml"] = feed(s, base)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield base, counts
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def warm(store: Store, base: str) -> None:
    """The state after earlier passes: every item seen, every feed's ETag known."""
    now = datetime.now(UTC)
    items = {}
    for s in range(SOURCES):
        for n in range(ITEMS):
            url = canonical_url(f"{base}/s{s}/article-{n}.html")
            items[item_key(url)] = ItemRecord(
                source_id=f"s{s}",
                url=url,
                title=f"story {s}-{n}",
                content_hash=hashlib.sha256(url.encode()).hexdigest()[:24],
                outcome="refused",
                reason="not a Vietnam–RoK dialogue article",
                when=now,
            ).model_dump(mode="json")
    store.bookkeeping_put(ITEMS_TABLE, items)
    state = SourceState(etag=ETAG, last_ok=now, last_checked=now)
    store.bookkeeping_put(
        SOURCES_TABLE,
        {
            f"s{s}": SourceRecord(
                state=state.model_copy(update={"validators_for": f"{base}/s{s}/rss.xml"})
            ).model_dump(mode="json", exclude_defaults=True)
            for s in range(SOURCES)
        },
    )


def measure(watcher: Watcher, counts: _Counts, label: str) -> None:
    """One pass timed, then one traced: wall time, requests, peak Python memory."""
    counts.requests = counts.conditional = 0
    start = time.perf_counter()
    reports = asyncio.run(watcher.run_pass())
    elapsed = time.perf_counter() - start
    requests, conditional = counts.requests, counts.conditional
    tracemalloc.start()  # a second pass: tracing slows Python down too much to time it
    asyncio.run(watcher.run_pass())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    statuses = sorted({r.status for r in reports})
    new = sum(len(r.kept) + len(r.refused) for r in reports)
    seen = sum(r.seen for r in reports)
    print(
        f"{label}: {elapsed * 1000:.0f} ms, {requests} requests ({conditional} conditional), "
        f"{new} new item(s), {seen} seen, statuses {statuses}, "
        f"peak traced memory {peak / 1e6:.1f} MB"
    )


def main() -> None:
    """Both passes, then the process's peak resident memory."""
    with tempfile.TemporaryDirectory() as folder, serving() as (base, counts):
        sources = Path(folder) / "sources.yaml"
        sources.write_text(
            yaml.safe_dump(
                {
                    "sources": [
                        {
                            "id": f"s{s}",
                            "name": f"Source {s}",
                            "language": "en",
                            "url": f"{base}/s{s}/rss.xml",
                        }
                        for s in range(SOURCES)
                    ]
                }
            )
        )
        store = Store(Path(folder) / "store.json")
        warm(store, base)
        policy = FetchPolicy(politeness=0.0, allow_private=True)
        config = WatchConfig(sources_path=sources, policy=policy)
        size = (Path(folder) / "store.json").stat().st_size
        print(
            f"watch pass: {SOURCES} sources x {ITEMS} items, nothing new, {size / 1e6:.1f} MB store"
        )
        measure(Watcher(store, load_reference(), config), counts, "  server answers 304")
        counts.honour_validators = False
        measure(Watcher(store, load_reference(), config), counts, "  server ignores ETag")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of the process: {rss:.0f} MB")


if __name__ == "__main__":
    main()
