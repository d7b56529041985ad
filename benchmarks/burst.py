"""Latency under a burst: `/latest` from other chats while a 300-chat digest is going out.

Run with `python -m benchmarks.burst` (or `make bench`). The real application polls the fake Bot
API of tests/telegram_fake on 127.0.0.1; a new article starts a digest to 300 subscribed chats,
and while it goes out other chats send `/latest` (and now and then a long `/search`). Each
`/latest` is timed from the moment Telegram would deliver it to the moment its answer reaches
Telegram. The same run measures the old behaviour (one update at a time, one send queue for
replies and digests) for comparison. Nothing is asserted; the figures go into README.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the fake Bot API and the polling harness live there

from live_bot import polling  # noqa: E402
from telegram_fake import TOKEN, Call, FakeBotApi  # noqa: E402

from benchmarks.stats import percentile  # noqa: E402
from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.reference import load_reference  # noqa: E402
from bot.ingest.pipeline import ingest_paths  # noqa: E402
from bot.store import Store, copy_store  # noqa: E402

ARTICLES = REPO / "data" / "articles"
NEW_ARTICLE = REPO / "tests" / "fixtures" / "new_dialogue.txt"
SUBSCRIBERS = 300
PROBES = 40  # /latest commands sent while the digest goes out
PROBE_GAP = 0.15  # seconds between them
HEAVY_EVERY = 2  # one long /search from yet another chat after every this many probes
HEAVY_SEARCH = "/search " + " ".join(["defence"] * 500)
PROBE_CHAT, HEAVY_CHAT = 50_000, 60_000
WAIT = 120.0


def seeded_store(folder: Path) -> Path:
    """The bundled articles plus SUBSCRIBERS subscribed chats, all up to date."""
    path = folder / "seed.json"
    store = Store(path)
    ingest_paths([ARTICLES], store=store, reference=load_reference())
    for chat in range(1, SUBSCRIBERS + 1):
        store.subscribe(chat_id=chat)
    store.close()
    return path


def answered_in(chat_id: int) -> Callable[[Call], bool]:
    """Predicate: a message to the chat that Telegram accepted."""
    return lambda c: c.method == "sendMessage" and c.chat_id == chat_id and c.ok


async def one_run(seed: Path, folder: Path, *, interactive_first: bool) -> dict[str, float]:
    """One burst against a fresh copy of the store; latencies in seconds."""
    path = folder / f"store-{interactive_first}.json"
    copy_store(seed, path)
    with FakeBotApi() as fake:
        settings = Settings(
            _env_file=None,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=fake.url,
            BRIEFBOT_DB=str(path),
            BRIEFBOT_DIGEST_DELAY=0.05,
            BRIEFBOT_STORE_POLL=0.05,
            BRIEFBOT_WATCH=False,  # a benchmark never polls the real outlets
        )
        store = Store(path)
        application = build_application(settings, store=store, interactive_first=interactive_first)
        async with polling(application):
            await fake.wait_for_async("deleteWebhook", timeout=WAIT)
            await asyncio.to_thread(
                ingest_paths, [NEW_ARTICLE], store=Store(path), reference=load_reference()
            )

            def is_digest(call: Call) -> bool:
                return call.method == "sendMessage" and "Briefbot digest" in str(
                    call.params.get("text")
                )

            await fake.wait_for_async(is_digest, timeout=WAIT)  # the fan-out has begun
            sent: dict[int, float] = {}
            for n in range(PROBES):
                chat = PROBE_CHAT + n
                sent[chat] = time.monotonic()
                fake.enqueue_message("/latest", chat_id=chat, user_id=chat)
                if n % HEAVY_EVERY == 0:
                    heavy = HEAVY_CHAT + n
                    fake.enqueue_message(HEAVY_SEARCH, chat_id=heavy, user_id=heavy)
                await asyncio.sleep(PROBE_GAP)
            latencies = []
            for chat, started in sent.items():
                [answer, *_] = await fake.wait_for_async(answered_in(chat), timeout=WAIT)
                latencies.append(answer.time - started)
            digests = await fake.wait_for_async(is_digest, count=SUBSCRIBERS, timeout=WAIT)
        store.close()
    return {
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies),
        "fan_out": digests[-1].time - digests[0].time,
    }


async def measure() -> list[tuple[str, dict[str, float]]]:
    """The old behaviour and the new one, each on its own copy of the same store."""
    with tempfile.TemporaryDirectory(prefix="briefbot-burst-") as name:
        folder = Path(name)
        seed = await asyncio.to_thread(seeded_store, folder)
        old = await one_run(seed, folder, interactive_first=False)
        new = await one_run(seed, folder, interactive_first=True)
    return [
        ("one update at a time, one send queue (old)", old),
        ("per-chat concurrency, replies first (new)", new),
    ]


def main() -> None:
    """Print one line per behaviour."""
    # The store poll runs every 50 ms here: APScheduler's notes on skipped polls are noise.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    print(
        f"/latest latency while a {SUBSCRIBERS}-chat digest goes out "
        f"({PROBES} probes {PROBE_GAP:g} s apart, a long /search every {HEAVY_EVERY}):"
    )
    for label, figures in asyncio.run(measure()):
        p50, p95, worst = (figures[k] * 1000 for k in ("p50", "p95", "max"))
        print(
            f"  {label:45} p50 {p50:7.0f} ms   p95 {p95:7.0f} ms   max {worst:7.0f} ms"
            f"   fan-out {figures['fan_out']:5.1f} s"
        )


if __name__ == "__main__":
    main()
