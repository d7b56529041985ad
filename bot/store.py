"""The TinyDB store: the only module that touches the database file.

Writes are atomic (temp file, fsync, rename) and serialised by a thread lock plus a file lock,
so the CLI and a running bot can share one file. Reads come from an in-memory, indexed
snapshot whose dialogues, people and sources are re-parsed only when they change.
"""

from __future__ import annotations

import copy
import glob
import json
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from pydantic import ValidationError
from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from bot.domain.corpus import Corpus
from bot.domain.merge import merge_dialogues, merge_people, same_event
from bot.domain.models import Dialogue, Person, Source, Subscription

APP_NAME = "briefbot"
SCHEMA_VERSION = 1
TABLES = ("dialogues", "people", "sources", "subscriptions", "meta")
RECORD_TABLES = ("dialogues", "people", "sources")
BOOKKEEPING_TABLES = ("subscriptions", "meta")
META_ID = 1
LOCK_TIMEOUT_SECONDS = 30.0
STALE_TEMP_SECONDS = 3600.0  # a temp file this old is a crashed writer's, not a live one's
# Generic bookkeeping tables (e.g. the source watcher's) are named like this, never like ours.
_BOOKKEEPING_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")

RawData = dict[str, dict[str, Any]]
Stamp = tuple[int, int, int]  # mtime_ns, size, inode: every replacement changes it
RecordT = TypeVar("RecordT", Dialogue, Person, Source, Subscription)


class StoreError(Exception):
    """The store file cannot be used as it is; the message says why and what to do."""


class SaveOutcome(StrEnum):
    """What saving an article did to the store."""

    ADDED = "added"
    MERGED = "merged"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class SaveResult:
    """The outcome of saving one article and the dialogue it now belongs to."""

    outcome: SaveOutcome
    dialogue: Dialogue


@dataclass(frozen=True)
class Snapshot:
    """The store at one moment: the indexed corpus and the last arrival number handed out."""

    corpus: Corpus
    newest: int


class AtomicJSONStorage(Storage):
    """TinyDB storage that replaces the file atomically and can batch writes in a transaction."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._pending: RawData | None = None
        self.result: RawData | None = None
        self.dirty = False

    def read(self) -> RawData | None:
        """The pending transaction's data, else the file's."""
        if self._pending is not None:
            return self._pending
        return self.read_file()

    def write(self, data: RawData) -> None:
        """Inside a transaction, keep the change for the one write at its end; else write now."""
        if self._pending is not None:
            self._pending = data
            self.dirty = True
        else:
            self.write_file(data)

    def read_file(self) -> RawData | None:
        """Parse the file; None when it does not exist yet or is empty."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read store {self.path}: {exc}") from exc
        if not text.strip():
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StoreError(
                f"store {self.path} is not valid JSON ({exc.msg} at line {exc.lineno}); "
                "restore it from a backup or move it away to start afresh"
            ) from exc
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise StoreError(f"store {self.path} is not a TinyDB file")
        return data

    def write_file(self, data: RawData, known: Mapping[str, str] | None = None) -> dict[str, str]:
        """Replace the file atomically; returns each table's JSON, reused from `known` if given."""
        # A position update leaves the dialogues as they were: re-encoding them is the cost.
        fragments = {name: (known or {}).get(name) or _json(table) for name, table in data.items()}
        text = "{" + ",".join(f"{_json(name)}:{json}" for name, json in fragments.items()) + "}"
        try:
            self._replace(text)
        except OSError as exc:
            raise StoreError(f"cannot write store {self.path}: {_reason(exc)}") from exc
        return fragments

    def _replace(self, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=self.temp_prefix, dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                # mkstemp makes the file private (0600): give it the store's own mode instead.
                os.fchmod(handle.fileno(), _mode_of(self.path))
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    @property
    def temp_prefix(self) -> str:
        """Temp files are hidden siblings of the store: `.<name>.XXXXXXXX`."""
        return f".{self.path.name}."

    def remove_stale_temp_files(self) -> None:
        """Drop temp files a crashed writer left behind (recent ones may be a live writer's)."""
        cutoff = time.time() - STALE_TEMP_SECONDS
        for leftover in self.path.parent.glob(f"{glob.escape(self.temp_prefix)}*"):
            with suppress(OSError):  # best effort: gone already, or not ours to remove
                if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                    leftover.unlink()

    @contextmanager
    def transaction(self, data: RawData) -> Iterator[None]:
        """TinyDB works on `data` in the block; then `result` holds it, `dirty` if TinyDB wrote."""
        self._pending = data
        self.dirty = False
        try:
            yield
        finally:
            self.result, self._pending = self._pending, None


class Store:
    """Dialogues, people, sources and subscriptions in one TinyDB JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db = TinyDB(self.path, storage=AtomicJSONStorage)
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        self._storage = storage
        self._lock = threading.RLock()
        self._file_lock = FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_SECONDS)
        # The file as this object last read or wrote it, its stamp, the snapshot built from it
        # and its tables' JSON: a write of ours needs no re-read, and a subscription-only change
        # neither a re-parse nor a re-encoding of the dialogues.
        self._raw: RawData | None = None
        self._raw_stamp: Stamp | None = None
        self._snapshot: Snapshot | None = None
        self._fragments: dict[str, str] = {}
        self._check_usable()
        self._storage.remove_stale_temp_files()
        self._check_or_initialise()

    # ---- reading -------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current contents, re-read only when the file changed (e.g. another process wrote)."""
        with self._lock:
            stamp = self._stamp()
            if self._raw is None or stamp != self._raw_stamp:
                self._adopt(self._storage.read_file() or {}, stamp)
            if self._snapshot is None:  # built on demand: ingesting many files builds it once
                assert self._raw is not None
                self._snapshot = Snapshot(self._build_corpus(self._raw), _newest_seq(self._raw))
            return self._snapshot

    def corpus(self) -> Corpus:
        """The current dialogues, people, sources and subscriptions, indexed."""
        return self.snapshot().corpus

    def max_seq(self) -> int:
        """The last arrival number handed out (0 when empty)."""
        return self.snapshot().newest

    def subscription(self, *, chat_id: int, thread_id: int | None = None) -> Subscription | None:
        """This chat's (or forum topic's) subscription, if any."""
        for sub in self.corpus().subscriptions:
            if sub.chat_id == chat_id and sub.thread_id == thread_id:
                return sub
        return None

    # ---- writing -------------------------------------------------------------------------

    def save_article(
        self, *, source: Source, dialogue: Dialogue, people: list[Person]
    ) -> SaveResult:
        """Store an article; a known article changes nothing, a known event is merged into."""
        with self._transaction() as tables:
            src = Query()
            known = tables["sources"].get(src.id == source.id)
            if known is not None:
                stored = tables["dialogues"].get(src.id == known["dialogue_id"])
                existing = Dialogue.model_validate(stored) if stored else dialogue
                return SaveResult(SaveOutcome.UNCHANGED, existing)
            match = next(
                (
                    d
                    for d in map(Dialogue.model_validate, tables["dialogues"].all())
                    if same_event(d, dialogue)
                ),
                None,
            )
            if match is not None:
                merged = merge_dialogues(match, dialogue)
                joined = sorted({t.id for t in merged.topics} - {t.id for t in match.topics})
                if joined:
                    # A topic new to the event is news for that topic's followers: it gets an
                    # arrival number of its own, so their digests pick the dialogue up.
                    seq = _next_seq(tables["meta"])
                    topic_seq = {**merged.topic_seq, **dict.fromkeys(joined, seq)}
                    merged = merged.model_copy(update={"topic_seq": topic_seq})
                result = SaveResult(SaveOutcome.MERGED, merged)
            else:
                seq = _next_seq(tables["meta"])
                result = SaveResult(SaveOutcome.ADDED, dialogue.model_copy(update={"seq": seq}))
            tables["dialogues"].upsert(_doc(result.dialogue), src.id == result.dialogue.id)
            tables["sources"].insert(
                _doc(source.model_copy(update={"dialogue_id": result.dialogue.id}))
            )
            for person in people:
                stored_person = tables["people"].get(src.id == person.id)
                if stored_person is not None:
                    person = merge_people(Person.model_validate(stored_person), person)
                tables["people"].upsert(_doc(person), src.id == person.id)
            return result

    def subscribe(
        self,
        *,
        chat_id: int,
        thread_id: int | None = None,
        topics: list[str] | None = None,
        title: str | None = None,
    ) -> Subscription:
        """Subscribe a chat to everything (no topics) or add topics; new chats start from now."""
        with self._transaction(records=False) as tables:
            table = tables["subscriptions"]
            cond = _sub_cond(chat_id, thread_id)
            stored = table.get(cond)
            if stored is None:
                sub = Subscription(
                    chat_id=chat_id,
                    thread_id=thread_id,
                    topics=sorted(set(topics or [])),
                    title=title,
                    last_seq=_newest_seq(self._storage.read() or {}),
                )
            else:
                old = Subscription.model_validate(stored)
                merged = sorted({*old.topics, *topics}) if topics and old.topics else []
                sub = old.model_copy(update={"topics": merged, "title": title or old.title})
                if sub == old:
                    return sub
            table.upsert(_doc(sub), cond)
            return sub

    def unsubscribe(
        self, *, chat_id: int, thread_id: int | None = None, topics: list[str] | None = None
    ) -> Subscription | None:
        """Drop some topics, or the whole subscription; returns what remains."""
        with self._transaction(records=False) as tables:
            table = tables["subscriptions"]
            cond = _sub_cond(chat_id, thread_id)
            stored = table.get(cond)
            if stored is None:
                return None
            old = Subscription.model_validate(stored)
            remaining = [t for t in old.topics if t not in set(topics or [])]
            if not topics or not remaining:
                table.remove(cond)
                return None
            sub = old.model_copy(update={"topics": remaining})
            table.upsert(_doc(sub), cond)
            return sub

    def mark_delivered(self, *, chat_id: int, thread_id: int | None, seq: int) -> None:
        """Persist that this chat has had every entry up to `seq`; no write when it already has."""
        known = self.subscription(chat_id=chat_id, thread_id=thread_id)
        if known is None or known.last_seq >= seq:
            return
        with self._transaction(records=False) as tables:
            cond = _sub_cond(chat_id, thread_id)
            stored = tables["subscriptions"].get(cond)
            if stored is not None and int(stored.get("last_seq", 0)) < seq:
                tables["subscriptions"].update({"last_seq": seq}, cond)

    def catch_up_subscriptions(self) -> None:
        """Every chat has had every stored entry: what is loaded as background is not news."""
        with self._transaction(records=False) as tables:
            newest = _newest_seq(self._storage.read() or {})
            behind = Query().last_seq < newest
            tables["subscriptions"].update({"last_seq": newest}, behind)

    def migrate_chat(self, *, old_chat_id: int, new_chat_id: int) -> None:
        """Move a group's subscriptions to its new supergroup id, merged with any already there."""
        # Both chats' topics (every topic wins), from the older position: no entry is lost.
        with self._transaction(records=False) as tables:
            table = tables["subscriptions"]
            for stored in table.search(Query().chat_id == old_chat_id):
                old = Subscription.model_validate(stored)
                there = table.get(_sub_cond(new_chat_id, old.thread_id))
                moved = old.model_copy(update={"chat_id": new_chat_id})
                if there is not None:
                    new = Subscription.model_validate(there)
                    topics = sorted({*old.topics, *new.topics}) if old.topics and new.topics else []
                    moved = new.model_copy(
                        update={
                            "topics": topics,
                            "last_seq": min(old.last_seq, new.last_seq),
                            "title": new.title or old.title,
                        }
                    )
                table.remove(_sub_cond(old_chat_id, old.thread_id))
                table.upsert(_doc(moved), _sub_cond(new_chat_id, old.thread_id))

    # ---- generic bookkeeping ---------------------------------------------------------------
    # Tables of records keyed by a string, for modules that keep their own state in the store
    # file (the source watcher). Each record is stored as {"key": key, "value": record}.

    def bookkeeping_get(self, table: str, key: str) -> dict[str, Any] | None:
        """One record of a bookkeeping table, or None."""
        return self.bookkeeping_all(table).get(key)

    def bookkeeping_all(self, table: str) -> dict[str, dict[str, Any]]:
        """Every record of a bookkeeping table by key (copies: changing them changes nothing)."""
        _check_bookkeeping_name(table)
        docs = self._current_raw().get(table, {}).values()
        return {str(d["key"]): copy.deepcopy(d["value"]) for d in docs if "key" in d}

    def bookkeeping_put(self, table: str, records: Mapping[str, dict[str, Any] | None]) -> None:
        """Write (a dict) or delete (None) records by key, in one transaction."""
        _check_bookkeeping_name(table)
        # A JSON round trip checks every value is storable before the file is touched, and
        # keeps the caller's later changes out of the cached data.
        wanted = json.loads(_json(dict(records)))
        with self._transaction(records=False, extra=(table,)) as tables:
            stored = tables[table]
            known = {str(d["key"]): d for d in stored.all() if "key" in d}
            for key, value in wanted.items():
                doc = known.get(key)
                if value is None:
                    if doc is not None:
                        stored.remove(doc_ids=[doc.doc_id])
                elif doc is None:
                    stored.insert({"key": key, "value": value})
                elif doc.get("value") != value:
                    stored.update({"value": value}, doc_ids=[doc.doc_id])

    def close(self) -> None:
        """Release the file handle (TinyDB's storage)."""
        self._db.close()

    # ---- internals -----------------------------------------------------------------------

    def _current_raw(self) -> RawData:
        """The file's data as last read or written, re-read only when the file changed."""
        with self._lock:
            stamp = self._stamp()
            if self._raw is None or stamp != self._raw_stamp:
                self._adopt(self._storage.read_file() or {}, stamp)
            assert self._raw is not None
            return self._raw

    @contextmanager
    def _transaction(
        self, *, records: bool = True, extra: tuple[str, ...] = ()
    ) -> Iterator[dict[str, Table]]:
        """One writer at a time, across processes too; one atomic write, none if unchanged."""
        # `records=False` hands out only the bookkeeping tables: the snapshot then keeps its
        # parsed dialogues, people and sources, and the next write their JSON.
        with self._lock:
            try:
                self._file_lock.acquire()
            except Timeout as exc:
                raise StoreError(f"store {self.path} is locked by another process") from exc
            except OSError as exc:
                raise StoreError(f"cannot use store {self.path}: {_reason(exc)}") from exc
            try:
                stamp = self._stamp()
                cached = self._raw is not None and stamp == self._raw_stamp
                data = self._raw if cached and self._raw is not None else None
                data = data or self._storage.read_file() or {}
                try:
                    with self._storage.transaction(data):
                        # Fresh tables each time: TinyDB caches ids and queries per Table object,
                        # which another process's writes would make stale.
                        names = (TABLES if records else BOOKKEEPING_TABLES) + extra
                        yield {name: Table(self._storage, name, cache_size=0) for name in names}
                    data = self._storage.result or data
                    if not self._storage.dirty:
                        if not cached:
                            self._adopt(data, stamp)
                        return
                    unchanged = RECORD_TABLES if cached and not records else ()
                    known = {n: self._fragments[n] for n in unchanged if n in self._fragments}
                    fragments = self._storage.write_file(data, known)
                except BaseException:
                    if cached:
                        self._forget()  # the cached data may be half changed
                    raise
                # Our own data changed in place: only `records` says whether the records moved.
                self._adopt(
                    data,
                    self._stamp(),
                    records_changed=records if cached else None,
                    fragments=fragments,
                )
            finally:
                self._file_lock.release()

    def _forget(self) -> None:
        self._raw, self._raw_stamp, self._snapshot, self._fragments = None, None, None, {}

    def _adopt(
        self,
        data: RawData,
        stamp: Stamp,
        *,
        records_changed: bool | None = None,
        fragments: dict[str, str] | None = None,
    ) -> None:
        """Take `data` as the file's contents; re-parse its records only if they changed."""
        # records_changed None: compare with the data taken before. A full rebuild waits for
        # the next read, so ingesting many files builds the snapshot once.
        if records_changed is None:
            old = self._raw
            records_changed = old is None or any(
                data.get(name, {}) != old.get(name, {}) for name in RECORD_TABLES
            )
        if self._snapshot is None or records_changed:
            self._snapshot = None
        else:
            subscriptions = self._parse(data, "subscriptions", Subscription)
            corpus = replace(self._snapshot.corpus, subscriptions=tuple(subscriptions))
            self._snapshot = Snapshot(corpus, _newest_seq(data))
        self._raw, self._raw_stamp, self._fragments = data, stamp, fragments or {}

    def _check_usable(self) -> None:
        """Fail at once, with the reason, where the store or its lock cannot live."""
        # Otherwise: a traceback from the lock, or a 30 s wait that blames another process.
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"cannot use store {self.path}: {folder} is not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.close(os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o644))
            self._stamp()
        except OSError as exc:
            raise StoreError(f"cannot use store {self.path}: {_reason(exc)}") from exc

    def _check_or_initialise(self) -> None:
        """Refuse a foreign or newer file; give a new file its meta record."""
        stamp = self._stamp()  # before reading: a change in between is then seen as one
        data = self._storage.read_file()
        if data:
            meta = data.get("meta", {}).get(str(META_ID))
            if not meta or meta.get("app") != APP_NAME:
                raise StoreError(f"{self.path} is not a Briefbot store (no Briefbot meta record)")
            if int(meta.get("schema", 0)) > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema {meta['schema']}; this Briefbot reads {SCHEMA_VERSION}"
                )
            self._adopt(data, stamp)
            self.snapshot()  # validate the records now rather than at the first query
            return
        with self._transaction() as tables:
            tables["meta"].insert({"app": APP_NAME, "schema": SCHEMA_VERSION, "next_seq": 1})

    def _stamp(self) -> Stamp:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return (0, 0, 0)
        except OSError as exc:
            raise StoreError(f"cannot use store {self.path}: {_reason(exc)}") from exc
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _build_corpus(self, data: RawData) -> Corpus:
        return Corpus.build(
            dialogues=self._parse(data, "dialogues", Dialogue),
            people=self._parse(data, "people", Person),
            sources=self._parse(data, "sources", Source),
            subscriptions=self._parse(data, "subscriptions", Subscription),
        )

    def _parse(self, data: RawData, table: str, model: type[RecordT]) -> list[RecordT]:
        try:
            return [model.model_validate(d) for d in data.get(table, {}).values()]
        except ValidationError as exc:
            raise StoreError(
                f"store {self.path} holds a record Briefbot cannot read: "
                f"{table} {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}"
            ) from exc


def _reason(exc: OSError) -> str:
    """The system's words for an OSError, without the path we name ourselves."""
    return exc.strerror or str(exc)


def _mode_of(path: Path) -> int:
    """The store's permission bits; for a new store, what creating a file gives (0666 − umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def _current_umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; restored at once
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once, at import, before any worker thread creates files


def _check_bookkeeping_name(table: str) -> None:
    if table in TABLES or not _BOOKKEEPING_NAME.match(table):
        raise ValueError(f"not a bookkeeping table name: {table!r}")


def _json(value: object) -> str:
    # dumps, not dump: only the one-shot encoder is the fast C one.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _doc(record: Dialogue | Person | Source | Subscription) -> dict[str, Any]:
    return record.model_dump(mode="json")


def _sub_cond(chat_id: int, thread_id: int | None) -> Any:
    sub = Query()
    return (sub.chat_id == chat_id) & (sub.thread_id == thread_id)


def _next_seq(meta: Table) -> int:
    """Allocate the next arrival number."""
    record: dict[str, Any] = dict(meta.get(doc_id=META_ID) or {})
    seq = int(record.get("next_seq", 1))
    meta.update({"next_seq": seq + 1}, doc_ids=[META_ID])
    return seq


def _newest_seq(data: RawData) -> int:
    """The last arrival number handed out: a dialogue's, or a topic's that joined one later."""
    meta = data.get("meta", {}).get(str(META_ID)) or {}
    if "next_seq" in meta:
        return int(meta["next_seq"]) - 1
    return max((int(d.get("seq", 0)) for d in data.get("dialogues", {}).values()), default=0)
