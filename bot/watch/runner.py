"""A watch pass: poll each source, ingest its new items as articles, record what became of each."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.config import Settings
from bot.domain.models import Language
from bot.domain.reference import Reference
from bot.domain.text import fold
from bot.ingest.article import ArticleError, RawArticle
from bot.resources import SOURCES
from bot.store import SaveOutcome, Store
from bot.watch.catalog import (
    ITEMS_TABLE,
    Watched,
    add_source,
    item_key,
    save_states,
    source_records,
    watched_sources,
)
from bot.watch.decode import DecodeError
from bot.watch.fetch import Fetcher, FetchError, FetchPolicy
from bot.watch.models import ItemRecord, SourceRecord, SourceSpec, SourceState
from bot.watch.parse import (
    Item,
    Listing,
    ParseError,
    extract_page,
    looks_like_html,
    parse_feed,
    parse_listing,
)

log = logging.getLogger(__name__)

BROKEN_AFTER = timedelta(days=7)
ITEM_RETENTION = timedelta(days=180)  # refused items are remembered this long
MAX_BACKOFF = timedelta(hours=24)
MAX_NEW_ITEMS = 30  # articles fetched per source and pass; the rest wait for the next pass
CONCURRENT_SOURCES = 8
ERROR_CHARS = 300


@dataclass(frozen=True)
class WatchConfig:
    """Timing of the watcher, from BRIEFBOT_WATCH_* settings."""

    interval: float = 1800.0
    backoff: float = 300.0
    sources_path: Path = SOURCES
    policy: FetchPolicy = field(default_factory=FetchPolicy)

    @classmethod
    def from_settings(cls, settings: Settings) -> WatchConfig:
        """The watcher's configuration as the environment gives it."""
        return cls(
            interval=settings.watch_interval,
            backoff=settings.watch_backoff,
            sources_path=settings.sources_path,
            policy=FetchPolicy(
                timeout=settings.watch_timeout,
                politeness=settings.watch_politeness,
                allow_private=settings.sources_allow_private,
            ),
        )


@dataclass
class PollReport:
    """What one poll of one source did."""

    source: SourceSpec
    status: str = "ok"  # ok, not modified, failed
    error: str | None = None
    kept: list[ItemRecord] = field(default_factory=list)
    refused: list[ItemRecord] = field(default_factory=list)
    seen: int = 0  # items listed that were known already
    deferred: int = 0  # new items left for the next pass (a transient failure or the cap)
    state: SourceState = field(default_factory=SourceState)


def content_hash(text: str) -> str:
    """A hash of an article's text that ignores case, spacing and punctuation."""
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:24]


def _keyword_problem(spec: SourceSpec, item: Item) -> str | None:
    """Why an item's title and summary fail the source's keyword filter, or None."""
    haystack = " " + fold(" ".join((item.title or "", item.summary))) + " "
    for word in spec.exclude:
        if f" {fold(word)} " in haystack:
            return f"excluded keyword {word!r}"
    if spec.include and not any(f" {fold(word)} " in haystack for word in spec.include):
        return "none of the source's keywords"
    return None


def _lang(spec: SourceSpec, page_lang: str | None) -> Language | None:
    """The article's language for its source record (None means English, as elsewhere)."""
    lang = page_lang if page_lang in ("en", "vi", "ko") else spec.language
    return None if lang == "en" else lang  # type: ignore[return-value]


class Watcher:
    """Polls sources and ingests what is new; one per process, shared by every pass."""

    def __init__(self, store: Store, reference: Reference, config: WatchConfig) -> None:
        self.store = store
        self.reference = reference
        self.config = config
        self.fetcher = Fetcher(config.policy)
        self._source_locks: dict[str, asyncio.Lock] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        # Items seen, read once for a whole pass and kept up to date by it (None otherwise).
        self._seen: dict[str, dict[str, Any]] | None = None

    def sources(self) -> list[Watched]:
        """The sources as the store and sources file have them now."""
        return watched_sources(self.store, self.config.sources_path)

    def to_poll(self, *, due_only: bool, now: datetime) -> list[Watched]:
        """The enabled sources (only those due at `now`, if asked)."""
        return [
            w
            for w in self.sources()
            if w.spec.enabled and not (due_only and w.state.next_due and w.state.next_due > now)
        ]

    async def run_pass(
        self,
        *,
        due_only: bool = False,
        now: datetime | None = None,
        on_report: Callable[[PollReport], None] | None = None,
    ) -> list[PollReport]:
        """Poll every enabled source (only those due, if asked), a few hosts at a time."""
        now = now or datetime.now(UTC)
        chosen = self.to_poll(due_only=due_only, now=now)
        gate = asyncio.Semaphore(CONCURRENT_SOURCES)

        done: list[PollReport] = []

        async def one(watched: Watched) -> PollReport:
            async with gate:
                report = await self.poll(watched.spec, now=now, save=False)
            done.append(report)
            if on_report is not None:
                on_report(report)
            return report

        self._seen = await asyncio.to_thread(self.prune, now)
        try:
            async with self.fetcher.session():
                return list(await asyncio.gather(*(one(w) for w in chosen)))
        finally:
            self._seen = None
            # Every state in one write: a pass over many sources is not many whole-file fsyncs.
            states = {r.source.id: r.state for r in done}
            await asyncio.to_thread(save_states, self.store, states)

    def prune(self, now: datetime | None = None) -> dict[str, dict[str, Any]]:
        """Forget refused items older than ITEM_RETENTION (feeds list them no more); the rest."""
        # Kept items stay: they tie an article's URL to its dialogue.
        cutoff = (now or datetime.now(UTC)) - ITEM_RETENTION
        items = self.store.bookkeeping_all(ITEMS_TABLE)
        stale = {
            k for k, r in items.items() if r.get("outcome") == "refused" and _before(r, cutoff)
        }
        if stale:
            self.store.bookkeeping_put(ITEMS_TABLE, dict.fromkeys(stale))
            log.info("forgot %d refused item(s) older than %s", len(stale), ITEM_RETENTION)
        return {k: r for k, r in items.items() if k not in stale}

    async def add(self, url: str, *, name: str | None = None) -> tuple[SourceSpec, bool]:
        """Fetch `url` once to learn what it is (feed or listing, title, language), then watch it.

        Raises FetchError, ParseError or DecodeError, saying why, when it cannot be watched.
        """
        url = url.strip()
        async with self.fetcher.session():
            fetched = await self.fetcher.get(url)
        try:
            listing, kind = await asyncio.to_thread(parse_feed, fetched), "feed"
        except ParseError:
            if not looks_like_html(fetched):
                raise
            listing, kind = await asyncio.to_thread(parse_listing, fetched), "listing"
            if not listing.items:
                raise ParseError("neither a feed nor a page that links to articles") from None
        lang = (listing.language or "")[:2].lower()
        spec = SourceSpec(
            id="new",
            name=(name or listing.title or urlsplit(url).hostname or url).strip()[:100],
            language=lang if lang in ("en", "vi", "ko") else "en",
            url=url,
            kind=kind,
            origin="operator",
        )
        return await asyncio.to_thread(add_source, self.store, self.config.sources_path, spec)

    async def poll_one(self, spec: SourceSpec, *, now: datetime | None = None) -> PollReport:
        """Poll one source in a session of its own (the bot's per-source job)."""
        async with self.fetcher.session():
            return await self.poll(spec, now=now)

    async def poll(
        self, spec: SourceSpec, *, now: datetime | None = None, save: bool = True
    ) -> PollReport:
        """Poll one source; every failure ends in its state (saved unless `save` is False)."""
        now = now or datetime.now(UTC)
        if asyncio.get_running_loop() is not self._loop:  # locks belong to one event loop
            self._loop, self._source_locks = asyncio.get_running_loop(), {}
        lock = self._source_locks.setdefault(spec.id, asyncio.Lock())
        async with lock:  # the bot's job and /sources check never poll one source twice at once
            records = await asyncio.to_thread(source_records, self.store)
            state = records.get(spec.id, SourceRecord()).state
            report = PollReport(spec)
            try:
                await self._poll(spec, state, report, now)
                report.state = self._succeeded(spec, state, report, now)
            except (FetchError, ParseError, DecodeError) as exc:
                report.status, report.error = "failed", str(exc)[:ERROR_CHARS]
                report.state = self._failed(spec, state, report.error, now)
            except Exception as exc:  # a bug must cost one source one pass, not the watcher
                log.exception("watching %s failed unexpectedly", spec.id)
                report.status = "failed"
                report.error = f"internal error ({type(exc).__name__})"
                report.state = self._failed(spec, state, report.error, now)
            if save:
                await asyncio.to_thread(save_states, self.store, {spec.id: report.state})
            return report

    async def _poll(
        self, spec: SourceSpec, state: SourceState, report: PollReport, now: datetime
    ) -> None:
        same_url = state.validators_for == spec.url
        fetched = await self.fetcher.get(
            spec.url,
            etag=state.etag if same_url else None,
            last_modified=state.last_modified if same_url else None,
        )
        report.state = state.model_copy(
            update={
                "etag": fetched.etag or (state.etag if fetched.not_modified else None),
                "last_modified": fetched.last_modified
                or (state.last_modified if fetched.not_modified else None),
                "validators_for": spec.url,
            }
        )
        if fetched.not_modified:
            report.status = "not modified"
            return
        parse = parse_feed if spec.kind == "feed" else parse_listing
        listing: Listing = await asyncio.to_thread(parse, fetched)
        known = self._seen
        if known is None:  # a single poll (the bot's job): read the store's items now
            known = await asyncio.to_thread(self.store.bookkeeping_all, ITEMS_TABLE)
        hashes = {r["content_hash"]: r.get("url") for r in known.values() if r.get("content_hash")}
        # Oldest first, so arrival numbers follow publication.
        for item in reversed(listing.items):
            key = item_key(item.url)
            if key in known:
                report.seen += 1
                continue
            if len(report.kept) + len(report.refused) >= MAX_NEW_ITEMS:
                report.deferred += 1
                continue
            record = await self._item(spec, item, hashes, now)
            if record is None:
                report.deferred += 1
                continue
            known[key] = record.model_dump(mode="json")
            if record.content_hash:
                hashes.setdefault(record.content_hash, record.url)
            (report.kept if record.outcome == "kept" else report.refused).append(record)
            await asyncio.to_thread(
                self.store.bookkeeping_put, ITEMS_TABLE, {key: record.model_dump(mode="json")}
            )

    async def _item(
        self, spec: SourceSpec, item: Item, hashes: dict[str, str | None], now: datetime
    ) -> ItemRecord | None:
        """Fetch and ingest one new item; None when it should be tried again next pass."""

        def record(outcome: str, reason: str | None, **extra: object) -> ItemRecord:
            return ItemRecord.model_validate(
                {
                    "source_id": spec.id,
                    "url": item.url,
                    "title": (item.title or "")[:500] or None,
                    "outcome": outcome,
                    "reason": reason[:ERROR_CHARS] if reason else None,
                    "when": now,
                    **extra,
                }
            )

        problem = _keyword_problem(spec, item)
        if problem:
            return record("refused", problem)
        try:
            fetched = await self.fetcher.get(item.url)
            page = await asyncio.to_thread(extract_page, fetched)
        except FetchError as exc:
            if exc.transient:
                log.info("%s: %s left for the next pass (%s)", spec.id, item.url, exc)
                return None
            return record("refused", f"fetching it failed: {exc}")
        except DecodeError as exc:
            return record("refused", str(exc))
        if page is None:
            return record("refused", "no article text found on the page")
        title = page.title or item.title
        digest = content_hash(page.text)
        extra: dict[str, object] = {"content_hash": digest}
        if title:
            extra["title"] = title[:500]
        if digest in hashes:
            return record("refused", f"same text as {hashes[digest]}", **extra)
        raw = RawArticle(
            file=_file_name(fetched.url),
            outlet=spec.name,
            url=fetched.url,
            published=item.published or page.published,
            body=f"{title}\n\n{page.text}" if title else page.text,
        )
        try:
            outcome, dialogue_id = await asyncio.to_thread(
                self._ingest, raw, _lang(spec, page.language)
            )
        except ArticleError as exc:
            reason = str(exc).removeprefix(f"{raw.file}: ")
            return record("refused", reason, **extra)
        note = "already in the store" if outcome is SaveOutcome.UNCHANGED else outcome.value
        return record("kept", note, dialogue_id=dialogue_id, **extra)

    def _ingest(self, raw: RawArticle, lang: Language | None) -> tuple[SaveOutcome, str]:
        """The same extraction and saving as a file; the page's language on its source record."""
        from bot.ingest.extract import extract  # loaded on the first item, not at the bot's start

        extraction = extract(raw, self.reference)
        source = extraction.source.model_copy(update={"lang": lang})
        refs = [r.model_copy(update={"lang": lang}) for r in extraction.dialogue.sources]
        dialogue = extraction.dialogue.model_copy(update={"sources": refs})
        result = self.store.save_article(source=source, dialogue=dialogue, people=extraction.people)
        return result.outcome, result.dialogue.id

    def _succeeded(
        self, spec: SourceSpec, state: SourceState, report: PollReport, now: datetime
    ) -> SourceState:
        interval = timedelta(seconds=spec.interval or self.config.interval)
        validators = {}
        if report.deferred:
            # Items left for later must be listed again: no 304 next time, and no long wait.
            validators = {"etag": None, "last_modified": None}
            interval = min(interval, timedelta(seconds=self.config.backoff))
        return report.state.model_copy(
            update={
                **validators,
                "last_checked": now,
                "last_ok": now,
                "last_error": None,
                "failing_since": None,
                "failures": 0,
                "broken": False,
                "next_due": now + interval,
                "kept": state.kept + len(report.kept),
                "refused": state.refused + len(report.refused),
            }
        )

    def _failed(
        self, spec: SourceSpec, state: SourceState, error: str, now: datetime
    ) -> SourceState:
        failures = state.failures + 1
        since = state.failing_since or now
        backoff = timedelta(seconds=self.config.backoff * 2 ** min(failures - 1, 20))
        return state.model_copy(
            update={
                "last_checked": now,
                "last_error": error,
                "failing_since": since,
                "failures": failures,
                "broken": now - since >= BROKEN_AFTER,
                "next_due": now + min(backoff, MAX_BACKOFF),
            }
        )


def _before(record: dict[str, Any], cutoff: datetime) -> bool:
    """Whether a stored item record was made before `cutoff` (an unreadable date: no)."""
    try:
        return datetime.fromisoformat(str(record.get("when"))) < cutoff
    except (TypeError, ValueError):
        return False


def _file_name(url: str) -> str:
    """The name an article from the web goes by where a file name is shown: host and path."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")[:200] or "web-article"


def summarise(reports: Sequence[PollReport]) -> str:
    """One line for the end of a pass."""
    kept = sum(len(r.kept) for r in reports)
    refused = sum(len(r.refused) for r in reports)
    failed = sum(r.status == "failed" for r in reports)
    return (
        f"{len(reports)} source(s) polled: {kept} article(s) kept, {refused} refused, "
        f"{failed} source(s) failed"
    )
