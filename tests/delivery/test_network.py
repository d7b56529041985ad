"""A network that stalls or fails: time-outs, back-off, and parts never sent twice."""

from __future__ import annotations

import asyncio
import itertools
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import add_generated_dialogues
from live_bot import bot_settings, running_bot
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest
from telegram_fake import TOKEN, FakeBotApi

from bot.context import BotServices
from bot.delivery import Delivery, deliver_to_chat
from bot.domain.models import Dialogue, EventDate, Evidence, Source, SourceRef, TopicHit
from bot.domain.reference import load_reference
from bot.store import Store

from .support import (
    NEVER,
    NEW_ARTICLE,
    digests_to,
    ingest_here,
    is_send_to,
    settled,
    until,
)


@contextmanager
def silent_api() -> Iterator[tuple[str, list[bytes]]]:
    """A Bot API address that reads each request and never answers, as a stalled link does."""
    server = socket.create_server(("127.0.0.1", 0))
    requests: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.05)
        held = []
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            held.append(connection)
            requests.append(connection.recv(65536))
        for connection in held:
            connection.close()

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", requests
    finally:
        stop.set()
        worker.join(5)
        server.close()


async def test_timed_out_send_is_not_repeated_in_the_same_run(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=631)
    before = store.subscription(chat_id=631)
    ingest_here(store_path, NEW_ARTICLE)
    services = BotServices()
    services.attach(
        settings=bot_settings(fake, store_path), store=store, reference=load_reference()
    )
    with silent_api() as (url, requests):
        request = HTTPXRequest(read_timeout=0.3)
        bot = ExtBot(TOKEN, base_url=f"{url}/bot", request=request)
        subscription = store.subscription(chat_id=631)
        assert subscription is not None
        try:  # not initialize(): its getMe would time out first; the send is the only request
            assert await deliver_to_chat(bot, services, subscription) is Delivery.LEFT_PENDING
        finally:
            await request.shutdown()
    assert [r.split(b" ")[1].rsplit(b"/", 1)[-1] for r in requests] == [b"sendMessage"]
    assert store.subscription(chat_id=631) == before  # still pending for the next run


async def test_network_errors_back_off_then_a_retry_run_delivers_once(
    fake: FakeBotApi, store_path: Path
) -> None:
    Store(store_path).subscribe(chat_id=651)
    # Three 502s: the run's own back-off (1 s, 2 s) is used up and the chat is left pending.
    fake.fail_next("sendMessage", 651, error_code=502, description="Bad Gateway", times=3)
    async with running_bot(bot_settings(fake, store_path)) as app:
        ingest_here(store_path, NEW_ARTICLE)
        await fake.wait_for_async(is_send_to(651), timeout=15)
        await settled(app)
    attempts = [c for c in fake.calls("sendMessage") if c.chat_id == 651]
    assert [c.status for c in attempts] == [502, 502, 502, 200]
    gaps = [later.time - earlier.time for earlier, later in itertools.pairwise(attempts)]
    assert gaps[0] >= 1.0 and gaps[1] >= 2.0  # backed off within the run, then retried later
    assert len(digests_to(fake, 651)) == 1


@contextmanager
def holding_the_store_lock(store_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the store's file lock until it reads a line on its stdin."""
    script = (
        "import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); "
        "lock.acquire(); print('held', flush=True); sys.stdin.readline(); lock.release()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, f"{store_path}.lock"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait(10)


def save_overlong_entry(store: Store, title: str) -> None:
    """An event reported by 80 outlets: its full card is far longer than one message."""
    sentence = "The ministers agreed to expand naval cooperation and joint maritime training. " * 9
    refs = [
        SourceRef(id=f"long{n}", file=f"long{n}.txt", outlet=f"Regional outlet number {n}")
        for n in range(80)
    ]
    dialogue = Dialogue(
        id="overlong",
        title=title,
        date=EventDate(year=2025, month=12, day=9, precision="day"),
        place="Hanoi",
        topics=[TopicHit(id="maritime", evidence=[Evidence(sentence=sentence, source_id="long0")])],
        summary=[Evidence(sentence=sentence, source_id="long0")],
        sources=refs,
    )
    store.save_article(
        source=Source(id="long0", file="long0.txt", outlet=refs[0].outlet, text=sentence),
        dialogue=dialogue,
        people=[],
    )


async def test_a_502_on_a_later_part_never_repeats_the_earlier_parts(
    fake: FakeBotApi, store_path: Path
) -> None:
    store = Store(store_path)
    store.subscribe(chat_id=711)
    save_overlong_entry(store, "Reported everywhere")
    add_generated_dialogues(store, 40)
    newest = store.max_seq()

    def fail_the_second_part(holder: subprocess.Popen[str]) -> None:
        # The bot cannot record part 1 while another process holds the store's lock: the 502
        # is programmed before part 2 can be sent.
        fake.wait_for(is_send_to(711), timeout=10)
        fake.fail_next("sendMessage", 711, error_code=502, description="Bad Gateway", times=3)
        holder.communicate("release\n", timeout=10)

    with holding_the_store_lock(store_path) as holder:
        async with running_bot(bot_settings(fake, store_path, BRIEFBOT_DIGEST_DELAY=0.1)) as app:
            await asyncio.to_thread(fail_the_second_part, holder)
            await until(app, lambda: (store.subscription(chat_id=711) or NEVER).last_seq == newest)
    accepted = [c.params["text"] for c in fake.calls("sendMessage") if c.chat_id == 711 and c.ok]
    assert len(accepted) >= 3 and len(set(accepted)) == len(accepted), "a part came twice"
    shown = "\n".join(accepted)
    assert shown.count("Reported everywhere") == 1
    assert all(
        shown.count(f"Generated defence policy dialogue number {n},") == 1 for n in range(40)
    )
    assert [c.status for c in fake.calls("sendMessage") if c.chat_id == 711].count(502) == 3
