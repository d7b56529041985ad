"""Admins manage sources in Telegram: /sources, /addsource <url>, /removesource <id>."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import assert_all_sent_valid
from live_bot import bot_settings, running_bot
from telegram_fake import FakeBotApi

from bot.app import BriefApplication
from bot.store import Store
from bot.watch.catalog import find_source
from bot.watch.models import SourceState

from .conftest import write_sources
from .pages import ARTICLES, rss, story, vietnamplus_page
from .site import Route, Site

ADMIN_ID, USER_ID = 565, 566
GIANG = story(ARTICLES / "001_9d61a36bc6a10294.txt")
RSS = "application/rss+xml"


@pytest.fixture
async def bot(fake: FakeBotApi, tmp_path: Path, site: Site) -> AsyncIterator[BriefApplication]:
    """The running bot, watching one healthy and one failing source on the local site."""
    page = site.add("/giang", Route(vietnamplus_page(GIANG).encode()))
    site.add(
        "/rss", Route(rss("Wire", [(GIANG.title, page, date(2023, 3, 28), "")]), content_type=RSS)
    )
    site.add("/down.rss", Route(b"oops", status=500, content_type="text/plain"))
    sources = write_sources(
        tmp_path / "sources.yaml",
        [
            {"id": "down", "name": "Down <b>Desk</b>", "url": site.url("/down.rss")},
            {"id": "wire", "name": "Wire", "url": site.url("/rss")},
        ],
    )
    settings = bot_settings(
        fake,
        tmp_path / "store.json",
        BRIEFBOT_ADMINS=str(ADMIN_ID),
        BRIEFBOT_WATCH=True,
        BRIEFBOT_SOURCES=str(sources),
        BRIEFBOT_SOURCES_ALLOW_PRIVATE=True,
        BRIEFBOT_WATCH_POLITENESS=0.0,
        BRIEFBOT_WATCH_INTERVAL=120,  # two sources: the second is polled a minute in
    )
    async with running_bot(settings) as app:
        yield app
    assert_all_sent_valid(fake)


async def state_when(
    folder: Path, source_id: str, check: Callable[[SourceState], bool]
) -> SourceState:
    """Wait, yielding to the bot, until the source's stored state passes `check`."""
    store = Store(folder / "store.json")
    async with asyncio.timeout(10):
        while True:
            found = find_source(store, folder / "sources.yaml", source_id)
            if found is not None and check(found.state):
                return found.state
            await asyncio.sleep(0.05)


async def ask(fake: FakeBotApi, text: str, *, user_id: int = ADMIN_ID) -> str:
    """Send a command in a private chat and return the visible text of the bot's answer."""
    before = len([c for c in fake.calls("sendMessage") if c.chat_id == user_id])
    fake.enqueue_message(text, chat_id=user_id, user_id=user_id)
    await fake.wait_for_async(
        lambda c: c.method == "sendMessage" and c.chat_id == user_id, count=before + 1, timeout=10
    )
    return fake.last_message(user_id).visible_text


async def test_only_admins_manage_sources(bot: BriefApplication, fake: FakeBotApi) -> None:
    for command in ("/sources", "/addsource https://example.com/rss", "/removesource wire"):
        assert await ask(fake, command, user_id=USER_ID) == (
            "Only Briefbot's administrators can manage sources."
        )


async def test_sources_shows_each_source_state_and_last_error(
    bot: BriefApplication, fake: FakeBotApi, site: Site, tmp_path: Path
) -> None:
    # The first source is polled at start, the other a minute later.
    await state_when(tmp_path, "down", lambda state: state.failures == 1)

    text = await ask(fake, "/sources")

    assert "down — Down <b>Desk</b> (en, feed): failing since " in text  # escaped, not bold
    assert "(1×): HTTP 500; next try " in text
    assert "wire — Wire (en, feed): not checked yet" in text


async def test_add_then_remove_a_source(
    bot: BriefApplication, fake: FakeBotApi, site: Site, tmp_path: Path
) -> None:
    site.add("/politics.rss", Route(rss("Politics desk", []), content_type=RSS))
    site.add("/home", Route(b"<!DOCTYPE html><html><body><p>Welcome</p></body></html>"))

    added = await ask(fake, f"/addsource {site.url('/politics.rss')}")
    again = await ask(fake, f"/addsource {site.url('/politics.rss')}")
    not_a_source = await ask(fake, f"/addsource {site.url('/home')}")
    bad_scheme = await ask(fake, "/addsource ftp://example.com/feed")
    usage = await ask(fake, "/addsource")
    new_id = added.split()[1].rstrip(":")
    await state_when(tmp_path, new_id, lambda state: state.last_ok is not None)  # its own job
    listed = await ask(fake, "/sources")

    assert added.startswith("Watching 127-0-0-1-") and "Politics desk (en, feed)" in added
    assert again == f"Already watched as {new_id} (Politics desk)."
    assert not_a_source == "Not added: neither a feed nor a page that links to articles"
    assert bad_scheme.startswith("Not added: ") and "only http and https" in bad_scheme
    assert usage.startswith("Usage: /addsource")
    assert f"{new_id} — Politics desk (en, feed, added by an operator): ok" in listed

    removed = await ask(fake, f"/removesource {new_id}")
    unknown = await ask(fake, "/removesource nope")
    listed_after = await ask(fake, "/sources")

    assert removed == f"No longer watching {new_id} (Politics desk)."
    assert unknown == "No source 'nope': see /sources."
    assert new_id not in listed_after and "wire — Wire" in listed_after
