"""Run in a fresh process: open a store as the bot does, time each briefing, report peak RSS.

`python -m benchmarks.probe STORE` prints one JSON object; benchmarks.run reads it.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from benchmarks.stats import percentile

QUERIES = [
    "/latest",
    "/latest 10",
    "/topic maritime",
    "/topic South China Sea",
    "/person Phan Van Giang",
    "/person Phan Van Gaing",
    "/position four no's",
    "/timeline",
    "/timeline 2010",
    '/search "bomb clearance"',
    "/search cooperation",
    "/search " + " ".join(["naval"] * 600),
]
REPEAT = 60
BUDGET_SECONDS = 5.0  # a slow query is repeated fewer times (at least five after the first)
# /search reads its index from the store's search parts (built as articles are saved): every size
# is searched. A lower limit (`probe STORE N`) skips /search above N dialogues.
SEARCH_LIMIT = 1_000_000


def _peak_rss_kb() -> int:
    """This process's own peak: ru_maxrss carries the parent's over fork and exec on Linux."""
    try:
        with open("/proc/self/status") as status:
            for row in status:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(path: Path, search_limit: int = SEARCH_LIMIT) -> None:
    """Open, answer each query REPEAT times, and print the figures."""
    start = time.perf_counter()
    from bot.domain.briefings import answer
    from bot.domain.commands import parse_command
    from bot.domain.reference import load_reference
    from bot.render import render_html
    from bot.store import Store

    imported = time.perf_counter()
    store = Store(path)
    corpus = store.corpus()
    newest = corpus.dialogues[0]
    opened = time.perf_counter()
    reference = load_reference()
    referenced = time.perf_counter()
    first = render_html(answer(corpus, reference, parse_command("/latest")))  # type: ignore[arg-type]
    answered = time.perf_counter()
    assert first and newest
    figures: dict[str, object] = {
        "import_ms": (imported - start) * 1000,
        "store_open_ms": (opened - imported) * 1000,
        "reference_ms": (referenced - opened) * 1000,
        "first_latest_ms": (answered - referenced) * 1000,
        "open_latest_ms": (answered - imported) * 1000,
        "dialogues": len(corpus.dialogues),
    }
    queries = {}
    for text in QUERIES:
        if text.startswith("/search") and len(corpus.dialogues) > search_limit:
            continue
        command = parse_command(text)
        assert command is not None
        samples: list[float] = []
        budget = time.perf_counter() + BUDGET_SECONDS
        while len(samples) < REPEAT + 1 and (len(samples) < 6 or time.perf_counter() < budget):
            began = time.perf_counter()
            render_html(answer(corpus, reference, command))
            samples.append((time.perf_counter() - began) * 1000)
        # The first call builds that briefing's index (people, sentences): reported on its own.
        queries[text[:40]] = {
            "first": samples[0],
            "p50": statistics.median(samples[1:]),
            "p99": percentile(samples[1:], 0.99),
        }
    figures["queries"] = queries
    figures["search_rebuilt"] = store.search_stats.documents_rebuilt
    figures["peak_rss_mb"] = _peak_rss_kb() / 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:3]))
