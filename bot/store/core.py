"""The store: dialogues sharded by arrival, one file per part, committed by a manifest rename.

One writer at a time (a thread lock plus a file lock across processes). Reads come from a
catalog of compact rows; a dialogue or source is parsed only when a briefing reads it.
"""

from __future__ import annotations

import copy
import errno
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from tinydb import Query

from bot.domain.catalog_rows import Row, check_columns
from bot.domain.corpus import Corpus, LazyIndex, LazyMap, LiveSubscriptions
from bot.domain.merge import merge_dialogues, merge_people, same_event, with_arrival
from bot.domain.models import Dialogue, Person, Source, Subscription
from bot.store import catalog, files, search_parts
from bot.store.errors import StoreError, reason
from bot.store.layout import (
    BOOKKEEPING_TABLE,
    LEGACY_SCHEMA,
    Manifest,
    bookkeeping_part,
    catalog_part,
    dialogues_part,
    folder_of,
    meta_record,
    parse_manifest,
    shard_number,
    shard_of,
)
from bot.store.lock import LockTimeout, ProcessLock
from bot.store.state import State, SubKey, Transaction
from bot.store.storage import PartStorage, RawData, table

LOCK_TIMEOUT_SECONDS = 30.0
PART_CACHE = 8  # parsed part files kept: a few shards of briefing reads (each ~10 MB parsed)
DIALOGUE_CACHE = 1024
# A dialogue is first read on its own (about 1 ms); after this many from one part file, the
# whole file is parsed (about 50 ms for 256 dialogues with their sources) and kept.
RECORD_READS = 16
MARKS_FOLD_BYTES = 1 << 20  # a journal this long is folded into the subscriptions file
ModelT = TypeVar("ModelT", bound=BaseModel)
Article = tuple[Source, Dialogue, list[Person]]


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


class Store:
    """Dialogues, people, sources, subscriptions and bookkeeping in TinyDB files."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.folder = folder_of(self.path)
        self._where = str(self.path)
        self._journal: str | None = None  # the marks journal's path, as the manifest names it
        self._lock = threading.RLock()
        self._file_lock = ProcessLock(f"{self.path}.lock", LOCK_TIMEOUT_SECONDS)
        self._parts: OrderedDict[str, RawData] = OrderedDict()  # file name -> parsed part
        self._parsed: OrderedDict[tuple[str, int], Dialogue] = OrderedDict()
        self._record_reads: dict[str, int] = {}  # part file -> dialogues read from it alone
        self._state = State()
        self._subs_tuple: tuple[int, tuple[Subscription, ...]] = (-1, ())
        self._cleaner: threading.Thread | None = None
        self._open_journal: tuple[str, int] | None = None
        self._journal_end = -1  # where our last line ended: a tail that is ours is whole
        self.search_stats = search_parts.SearchStats()
        self.search_merges = search_parts.Merges(self)
        self._check_usable()
        exists = files.check_store_path(self.path)
        files.remove_stale(self.path.parent, files.temp_pattern(self.path))
        with self._lock:
            data = files.read_json(self.path) if exists else None
            if data is None:
                self._initialise()
            else:
                self._migrate_if_legacy(data)
            self._refresh()
        if self.folder.is_dir():
            files.remove_stale(self.folder, "*", keep=set(self._state.manifest.parts.values()))
        self._fold_on_open()

    # ---- reading -------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current contents, re-read only when the files changed (e.g. another process)."""
        with self._lock:
            state = self._refresh()
            if state.corpus is None:
                state.corpus = self._build_corpus(state)
            return Snapshot(state.corpus, state.manifest.next_seq - 1)

    def corpus(self) -> Corpus:
        """The current dialogues, people, sources and subscriptions, indexed."""
        return self.snapshot().corpus

    def max_seq(self) -> int:
        """The last arrival number handed out (0 when empty)."""
        with self._lock:
            return self._refresh().manifest.next_seq - 1

    def subscription(self, *, chat_id: int, thread_id: int | None = None) -> Subscription | None:
        """This chat's (or forum topic's) subscription, if any."""
        with self._lock:
            return self._refresh().subs.get((chat_id, thread_id))

    def bookkeeping_get(self, table: str, key: str) -> dict[str, Any] | None:
        """One record of a bookkeeping table, or None."""
        with self._lock:
            return copy.deepcopy(self._bookkeeping(table).get(key))

    def bookkeeping_all(self, table: str) -> dict[str, dict[str, Any]]:
        """Every record of a bookkeeping table, by key."""
        with self._lock:
            return copy.deepcopy(self._bookkeeping(table))

    # ---- writing -------------------------------------------------------------------------

    def save_article(
        self, *, source: Source, dialogue: Dialogue, people: list[Person]
    ) -> SaveResult:
        """Store an article; a known article changes nothing, a known event is merged into."""
        return self.save_articles([(source, dialogue, people)])[0]

    def save_articles(self, articles: Iterable[Article]) -> list[SaveResult]:
        """Store many articles in one transaction: one write of each part they touch."""
        with self._transaction() as txn:
            return [self._save_one(txn, *article) for article in articles]

    def subscribe(
        self,
        *,
        chat_id: int,
        thread_id: int | None = None,
        topics: list[str] | None = None,
        title: str | None = None,
    ) -> Subscription:
        """Subscribe a chat to everything (no topics) or add topics; new chats start from now."""
        with self._transaction() as txn:
            subs = self._subs_table(txn)
            cond = _sub_cond(chat_id, thread_id)
            stored = subs.get(cond)
            if stored is None:
                sub = Subscription(
                    chat_id=chat_id,
                    thread_id=thread_id,
                    topics=sorted(set(topics or [])),
                    title=title,
                    last_seq=txn.next_seq - 1,
                )
            else:
                old = self._subs_now(txn)[(chat_id, thread_id)]
                merged = sorted({*old.topics, *topics}) if topics and old.topics else []
                sub = old.model_copy(update={"topics": merged, "title": title or old.title})
                if sub == old:
                    return sub
            subs.upsert(_doc(sub), cond)
            return sub

    def subscribe_many(self, chats: Iterable[tuple[int, int | None]]) -> int:
        """Subscribe many chats to everything in one commit (an import); returns how many new."""
        with self._transaction() as txn:
            current = self._subs_now(txn)
            fresh = [key for key in dict.fromkeys(chats) if key not in current]
            if fresh:
                newest = txn.next_seq - 1
                subs = self._subs_table(txn)
                subs.insert_multiple(
                    _doc(Subscription(chat_id=chat_id, thread_id=thread_id, last_seq=newest))
                    for chat_id, thread_id in fresh
                )
            return len(fresh)

    def unsubscribe(
        self, *, chat_id: int, thread_id: int | None = None, topics: list[str] | None = None
    ) -> Subscription | None:
        """Drop some topics, or the whole subscription; returns what remains."""
        with self._transaction() as txn:
            old = self._subs_now(txn).get((chat_id, thread_id))
            if old is None:
                return None
            subs = self._subs_table(txn)
            cond = _sub_cond(chat_id, thread_id)
            remaining = [t for t in old.topics if t not in set(topics or [])]
            if not topics or not remaining:
                subs.remove(cond)
                return None
            sub = old.model_copy(update={"topics": remaining})
            subs.upsert(_doc(sub), cond)
            return sub

    def edit_subscription(
        self,
        *,
        chat_id: int,
        thread_id: int | None = None,
        change: Callable[[Subscription | None, int], Subscription | None],
    ) -> Subscription | None:
        """Read, change and write one chat's subscription in one transaction; returns the result.

        `change` gets the current subscription (None when there is none) and the newest arrival
        number (where a new subscription starts); returning None removes it. The position is
        the store's: a change never moves it.
        """
        with self._transaction() as txn:
            old = self._subs_now(txn).get((chat_id, thread_id))
            new = change(old, txn.next_seq - 1)
            if new == old:
                return new
            cond = _sub_cond(chat_id, thread_id)
            if new is None:
                self._subs_table(txn).remove(cond)
                return None
            keep = {"chat_id": chat_id, "thread_id": thread_id}
            if old is not None:
                keep["last_seq"] = old.last_seq
            new = new.model_copy(update=keep)
            self._subs_table(txn).upsert(_doc(new), cond)
            return new

    def mark_delivered(self, *, chat_id: int, thread_id: int | None, seq: int) -> None:
        """Persist that this chat has had every entry up to `seq`; no write when it already has."""
        key = (chat_id, thread_id)
        with self._lock:
            # As of the last re-read, which the caller's own lookup just did: a mark already
            # held costs no file check; the locked path below re-reads before it writes.
            known = self._state.subs.get(key)
        if known is None or known.last_seq >= seq:
            return
        with self._writer():
            state = self._refresh()
            known = state.subs.get(key)
            if known is None or known.last_seq >= seq:
                return
            if self._journal is None or state.marks_read > MARKS_FOLD_BYTES:
                self._start_journal()
            assert self._journal is not None
            # An append, not a rewrite: a 10,000-chat fan-out must not rewrite 10,000 times.
            start, end = self._append_mark(self._journal, [chat_id, thread_id, seq])
            if start == state.marks_read:  # nobody else appended: no need to read it back
                state.subs[key] = known.model_copy(update={"last_seq": seq})
                state.marks_read = end
                state.subs_version += 1
            else:
                self._refresh()

    def catch_up_subscriptions(self) -> None:
        """Every chat has had every stored entry: what is loaded as background is not news."""
        with self._transaction() as txn:
            subs = self._subs_now(txn)
            newest = txn.next_seq - 1
            if any(s.last_seq < newest for s in subs.values()):
                self._subs_table(txn).update({"last_seq": newest}, Query().last_seq < newest)

    def migrate_chat(self, *, old_chat_id: int, new_chat_id: int) -> None:
        """Move a group's subscriptions to its new supergroup id, merged with any already there."""
        # Both chats' topics (every topic wins), from the older position: no entry is lost.
        with self._transaction() as txn:
            current = self._subs_now(txn)
            moving = [s for s in current.values() if s.chat_id == old_chat_id]
            if not moving:
                return
            subs = self._subs_table(txn)
            for old in moving:
                there = current.get((new_chat_id, old.thread_id))
                moved = old.model_copy(update={"chat_id": new_chat_id})
                if there is not None:
                    topics = (
                        sorted({*old.topics, *there.topics}) if old.topics and there.topics else []
                    )
                    moved = there.model_copy(
                        update={
                            "topics": topics,
                            "last_seq": min(old.last_seq, there.last_seq),
                            "title": there.title or old.title,
                        }
                    )
                subs.remove(_sub_cond(old_chat_id, old.thread_id))
                subs.upsert(_doc(moved), _sub_cond(new_chat_id, old.thread_id))

    def bookkeeping_put(self, table: str, records: Mapping[str, dict[str, Any] | None]) -> None:
        """Set (or, with None, delete) records of a bookkeeping table in one transaction."""
        current = self._bookkeeping(table)  # also checks the table name
        changes = {k: v for k, v in records.items() if current.get(k) != v}
        if not changes:
            return
        with self._transaction() as txn:
            merged = dict(self._bookkeeping(table))
            for key, value in changes.items():
                if not isinstance(key, str):
                    raise StoreError(f"bookkeeping key {key!r} is not a string")
                if value is None:
                    merged.pop(key, None)
                    continue
                if not isinstance(value, dict):
                    raise StoreError(f"bookkeeping record {key!r} is not a JSON object")
                try:
                    merged[key] = orjson.loads(files.dumps(value))  # JSON-safe, and a copy
                except TypeError as exc:
                    raise StoreError(f"bookkeeping record {key!r} is not JSON: {exc}") from exc
            docs = {str(n): {"key": k, "value": v} for n, (k, v) in enumerate(merged.items(), 1)}
            txn.parts[bookkeeping_part(table)] = {table: docs}

    def close(self) -> None:
        """Finish deleting superseded files and drop the parsed parts."""
        self.search_merges.close()
        with self._lock:
            self._join_cleaner()
            self._file_lock.close()
            self._close_journal()
            self._parts.clear()
            self._parsed.clear()

    # ---- saving --------------------------------------------------------------------------

    def _save_one(
        self, txn: Transaction, source: Source, dialogue: Dialogue, people: list[Person]
    ) -> SaveResult:
        ids, owners, events = txn.state.lookups()
        known_shard = _owner(txn, owners, source.id)
        if known_shard is not None:
            stored_source = self._txn_source_doc(txn, known_shard, source.id)
            seq = ids.get(str(stored_source.get("dialogue_id")))
            existing = self._txn_dialogue(txn, seq) if seq is not None else None
            return SaveResult(SaveOutcome.UNCHANGED, existing or dialogue)
        match = self._same_event(txn, dialogue)
        if match is not None:
            # What the report adds (a topic, a person, new sentences) is news for the chats
            # following it: it gets an arrival number of its own for their digests.
            merged = with_arrival(match, merge_dialogues(match, dialogue), source.id, txn.allocate)
            result = SaveResult(SaveOutcome.MERGED, merged)
        else:
            added = dialogue.model_copy(update={"seq": txn.allocate()})
            result = SaveResult(SaveOutcome.ADDED, added)
        stored = result.dialogue
        shard = shard_of(stored.seq)
        txn.part(dialogues_part(shard)).setdefault("dialogues", {})[str(stored.seq)] = _doc(stored)
        txn.dialogues[stored.seq] = stored
        row = Row.of(stored)
        txn.shard_rows(shard)[stored.seq] = row
        ids[row.id] = row.seq
        seqs = events.setdefault((row.mechanism, row.place), [])
        if row.seq not in seqs:
            seqs.append(row.seq)
        self._put_source(txn, shard, source.model_copy(update={"dialogue_id": stored.id}))
        owners[source.id] = shard
        for person in people:
            known = txn.people.get(person.id) or txn.state.people.get(person.id)
            merged_person = merge_people(known, person) if known else person
            if merged_person != known:  # the people file is rewritten only when someone changed
                txn.people[person.id] = merged_person
        return result

    def _same_event(self, txn: Transaction, dialogue: Dialogue) -> Dialogue | None:
        """The first stored dialogue (by arrival) that reports the same meeting."""
        ids, owners, events = txn.state.lookups()
        candidates = set(events.get((dialogue.mechanism, dialogue.place), ()))
        for ref in dialogue.sources:
            shard = owners.get(ref.id)
            if shard is not None:
                owner = self._txn_source_doc(txn, shard, ref.id).get("dialogue_id")
                if owner in ids:
                    candidates.add(ids[str(owner)])
        for seq in sorted(candidates):
            found = self._txn_dialogue(txn, seq)
            if found is not None and same_event(found, dialogue):
                return found
        return None

    def _put_source(self, txn: Transaction, shard: int, source: Source) -> None:
        txn.shard_rows(shard)
        keys = txn.sources[shard]
        doc_id = str(max(map(int, keys.values()), default=0) + 1)
        keys[source.id] = int(doc_id)
        record = _doc(source)
        text = record.pop("text")
        txn.part(dialogues_part(shard)).setdefault("sources", {})[doc_id] = record
        txn.part(dialogues_part(shard)).setdefault("texts", {})[doc_id] = {"text": text}

    def _txn_source_doc(self, txn: Transaction, shard: int, source_id: str) -> dict[str, Any]:
        keys = txn.sources.get(shard) or self._state.shard_sources(shard)
        doc_id = keys.get(source_id)
        part = txn.parts.get(dialogues_part(shard)) or self._read(dialogues_part(shard))
        found = part.get("sources", {}).get(str(doc_id))
        return found if isinstance(found, dict) else {}

    def _txn_dialogue(self, txn: Transaction, seq: int) -> Dialogue | None:
        name = dialogues_part(shard_of(seq))
        part = txn.parts.get(name)
        if part is None:
            return self._dialogue(self._state.manifest.parts, seq)
        found = txn.dialogues.get(seq)
        if found is None:
            doc = part.get("dialogues", {}).get(str(seq))
            if doc is None:
                return None
            found = txn.dialogues[seq] = self._validate(Dialogue, doc, "dialogues")
        return found

    # ---- subscriptions ----------------------------------------------------------------------

    def _subs_table(self, txn: Transaction) -> Any:
        """The subscriptions for TinyDB to change, journal marks included."""
        if "subscriptions" not in txn.storages:
            # Marks from the journal go into the file when it is written; a new journal starts.
            docs = {str(n): _doc(s) for n, s in enumerate(self._state.subs.values(), 1)}
            txn.storages["subscriptions"] = PartStorage({"subscriptions": docs})
        return table(txn.storages["subscriptions"], "subscriptions")

    def _subs_now(self, txn: Transaction) -> dict[SubKey, Subscription]:
        storage = txn.storages.get("subscriptions")
        if storage is None or not storage.dirty:
            return dict(self._state.subs)
        docs = storage.data.get("subscriptions", {}).values()
        subs = [Subscription.model_validate(d) for d in docs]
        return {(s.chat_id, s.thread_id): s for s in subs}

    def _start_journal(self) -> None:
        with self._transaction() as txn:
            self._subs_table(txn)
            txn.storages["subscriptions"].dirty = True  # fold the old journal into the file

    def _append_mark(self, journal: str, mark: list[Any]) -> tuple[int, int]:
        """Append one line; the journal's size before, and where the line ends."""
        line = files.dumps(mark) + b"\n"
        try:
            fd = self._journal_fd(journal)
            size = os.fstat(fd).st_size
            # A torn last line (a crash, a full disk) must not swallow this one.
            if size and size != self._journal_end and os.pread(fd, 1, size - 1) != b"\n":
                line = b"\n" + line
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError as exc:
            self._close_journal()
            raise StoreError(f"cannot write store {self.path}: {reason(exc)}") from exc
        self._journal_end = size + len(line)
        return size, size + len(line)

    def _journal_fd(self, journal: str) -> int:
        """The journal, kept open between marks (a fan-out appends thousands of lines)."""
        if self._open_journal is not None and self._open_journal[0] != journal:
            self._close_journal()
        if self._open_journal is None:
            fd = os.open(journal, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC)
            self._open_journal = (journal, fd)
        return self._open_journal[1]

    def _close_journal(self) -> None:
        if self._open_journal is not None:
            with suppress(OSError):
                os.close(self._open_journal[1])
            self._open_journal = None
        self._journal_end = -1

    # ---- transactions ------------------------------------------------------------------------

    @contextmanager
    def _writer(self, *, wait: bool = True) -> Iterator[None]:
        """One writer at a time, in this process and across processes (StoreError if busy)."""
        with self._lock:
            stamp = files.stamp(self._where)
            if stamp[2] and not files.writable(stamp[3]):
                raise StoreError(
                    f"store {self.path} is read-only (no write permission); "
                    "nothing was changed — make it writable to add or subscribe"
                )
            try:
                self._file_lock.acquire(timeout=None if wait else 0.0)
            except LockTimeout as exc:
                raise StoreError(f"store {self.path} is locked by another process") from exc
            except OSError as exc:
                raise StoreError(f"cannot use store {self.path}: {reason(exc)}") from exc
            try:
                yield
            finally:
                self._file_lock.release()

    @contextmanager
    def _transaction(self, *, wait: bool = True) -> Iterator[Transaction]:
        """Changes made in the block are written in one commit at its end; none if unchanged.

        Without `wait`, a store another process is writing is a StoreError at once.
        """
        with self._writer(wait=wait):
            state = self._refresh()
            txn = Transaction(state, self._read)
            try:
                yield txn
            except BaseException:
                state.ids = state.owners = state.events = None  # our lookups may be half changed
                raise
            self._commit(txn)

    def _commit(self, txn: Transaction) -> None:
        state = self._state
        changed = txn.changed()
        if txn.people:
            people = dict(self._read("people").get("people", {}))
            by_id = {str(d.get("id")): k for k, d in people.items()}
            for person in txn.people.values():
                key = by_id.get(person.id) or str(len(people) + 1)
                people[key] = _doc(person)
            changed["people"] = {"people": people}
        dropped = search_parts.add_to_commit(self, txn, changed)
        fold = self._fold_due(txn)
        if not changed and not dropped and not fold and txn.next_seq == state.manifest.next_seq:
            return
        manifest = Manifest(
            next_seq=txn.next_seq,
            generation=state.manifest.generation + 1,
            parts=dict(state.manifest.parts),
        )
        new = {name: manifest.file_name(name) for name in changed}
        if "subscriptions" in changed:
            new["marks"] = manifest.file_name("marks")  # the old journal is in the file now
        folded = catalog.fold(state.pieces({**manifest.parts, **new}, txn)) if fold else None
        if folded is not None:
            new["catalog"] = manifest.file_name("catalog")
            changed["catalog"] = folded[0]
        mode = files.mode_of(self.path)
        written: list[Path] = []
        try:
            self.folder.mkdir(exist_ok=True)
            for name, file_name in new.items():
                written.append(self.folder / file_name)
                data = files.dumps(changed[name]) if name in changed else b""
                files.write_new(self.folder / file_name, data, mode)
            files.fsync_folder(self.folder)
            manifest.parts.update(new)
            for name in dropped:
                manifest.parts.pop(name)
            manifest.parts.update(txn.search.written)  # a merged segment, written beforehand
            files.replace_atomically(self.path, files.dumps(manifest.dump()), mode)
        except OSError as exc:
            for target in written:
                with suppress(OSError):
                    target.unlink()
            state.ids = state.owners = state.events = None
            raise StoreError(f"cannot write store {self.path}: {reason(exc)}") from exc
        old_files = [state.manifest.parts[n] for n in [*new, *dropped] if n in state.manifest.parts]
        for name, file_name in new.items():
            if name in changed and name != "marks":
                self._remember(file_name, changed[name])
        self._adopt(manifest, txn, folded[1] if folded else None)
        self._discard([self.folder / name for name in old_files])

    def _discard(self, paths: list[Path]) -> None:
        """Delete superseded files off the caller's path (an unlink can take milliseconds)."""
        self._join_cleaner()
        if paths:
            self._cleaner = threading.Thread(target=_unlink_all, args=(paths,), daemon=True)
            self._cleaner.start()

    def _join_cleaner(self) -> None:
        if self._cleaner is not None:
            self._cleaner.join()
            self._cleaner = None

    def _fold_due(self, txn: Transaction | None = None) -> bool:
        """Whether more than FOLD_SHARDS shards' catalogs would be read on their own."""
        state = self._state
        stored = {shard_number(n) for n in state.manifest.parts if n.startswith("catalog-")}
        changed = set(txn.rows) if txn is not None else set()
        return len(stored - state.covered | changed) > catalog.FOLD_SHARDS

    def _adopt(self, manifest: Manifest, txn: Transaction, folded: catalog.Folded | None) -> None:
        """Take our own commit as the store's state without re-reading it."""
        state = self._state
        records = bool(txn.rows) or bool(txn.people)
        state.manifest = manifest
        self._name_journal()
        state.row_maps = {}
        for shard, rows in txn.rows.items():
            state.rows[shard] = txn.columns(shard)
            state.row_maps[shard] = (state.rows[shard], rows)
            state.sources[shard] = txn.sources[shard]
            state.row_files[shard] = manifest.parts[catalog_part(shard)]
            state.tables.pop(shard, None)
            state.covered.discard(shard)
        if folded is not None:
            state.folded, state.covered = folded, folded.current(manifest.parts)
            for shard in state.covered:
                for held in (state.rows, state.sources, state.row_files, state.tables):
                    held.pop(shard, None)
        for person in txn.people.values():
            state.people[person.id] = person
        if "subscriptions" in txn.storages and txn.storages["subscriptions"].dirty:
            state.subs = self._subs_now(txn)
            state.marks_read = 0
            state.subs_version += 1
        for name in txn.parts:
            if name.startswith("bk-"):
                state.bookkeeping.pop(name[3:], None)
        if records:
            state.corpus = None
        state.stamp = files.stamp(self._where)

    # ---- refreshing ------------------------------------------------------------------------

    def _refresh(self) -> State:
        """Re-read what another process changed: the manifest, then only the changed parts."""
        state = self._state
        stamp = files.stamp(self._where)
        if stamp != state.stamp:
            data = files.read_json(self.path)
            if data is None:
                raise StoreError(f"store {self.path} was emptied by something else")
            meta = meta_record(self.path, data)
            if meta.get("schema") == LEGACY_SCHEMA:
                raise StoreError(
                    f"store {self.path} was replaced by an old-format store; restart to migrate"
                )
            self._take(parse_manifest(self.path, meta), stamp)
        if self._journal is not None:
            self._read_marks(self._journal)
        return state

    def _take(self, manifest: Manifest, stamp: files.Stamp) -> None:
        state, old = self._state, self._state.manifest.parts
        parts = manifest.parts
        records = self._take_catalogs(parts)
        for name, file_name in parts.items():
            if old.get(name) == file_name:
                continue
            if name == "people":
                docs = self._read_from(file_name).get("people", {}).values()
                people = [self._validate(Person, d, "people") for d in docs]
                state.people = {p.id: p for p in people}
                records = True
            elif name.startswith("bk-"):
                state.bookkeeping.pop(name[3:], None)
        for name in set(old) - set(parts):
            if name.startswith("bk-"):
                state.bookkeeping.pop(name[3:], None)
        watched = ("subscriptions", "marks")
        if any(old.get(n) != parts.get(n) for n in watched) or not state.stamp[2]:
            subs_file = parts.get("subscriptions")
            sub_docs = self._read_from(subs_file).get("subscriptions", {}) if subs_file else {}
            subs = [self._validate(Subscription, d, "subscriptions") for d in sub_docs.values()]
            state.subs = {(s.chat_id, s.thread_id): s for s in subs}
            state.marks_read = 0
            state.subs_version += 1
        if records:
            state.corpus = None
            state.ids = state.owners = state.events = None
        state.manifest, state.stamp = manifest, stamp
        self._name_journal()

    def _take_catalogs(self, parts: Mapping[str, str]) -> bool:
        """Read the folded catalog and each shard's catalog it lacks; True if any changed."""
        state = self._state
        folded_file = parts.get("catalog")
        changed = False
        if folded_file != state.manifest.parts.get("catalog") or not state.stamp[2]:
            # A folded catalog that cannot be read is passed over: the shards' own are the truth.
            data = None
            # StoreError: not JSON, or JSON that is not an object (a torn or clobbered file).
            with suppress(FileNotFoundError, StoreError):
                data = self._read_from(folded_file, keep=False) if folded_file else None
            state.folded = catalog.read(data) if data is not None else None
            changed = True
        covered = state.folded.current(parts) if state.folded is not None else set()
        changed |= covered != state.covered
        state.covered = covered
        shards = {shard_number(n): f for n, f in parts.items() if n.startswith("catalog-")}
        for shard in [s for s in state.rows if s in covered or s not in shards]:
            for held in (state.rows, state.sources, state.row_files, state.tables):
                held.pop(shard, None)
            changed = True
        for shard, file_name in shards.items():
            if shard in covered or state.row_files.get(shard) == file_name:
                continue
            doc = self._read_from(file_name, keep=False).get("catalog", {}).get("1", {})
            try:
                state.rows[shard] = check_columns(doc.get("columns"))
                state.sources[shard] = {str(k): int(v) for k, v in doc.get("sources", {}).items()}
            except (TypeError, ValueError, AttributeError) as exc:
                raise StoreError(
                    f"store {self.path} holds a catalog Briefbot cannot read ({file_name})"
                ) from exc
            state.row_files[shard] = file_name
            state.tables.pop(shard, None)
            changed = True
        return changed

    def _name_journal(self) -> None:
        journal = self._state.manifest.parts.get("marks")
        self._journal = None if journal is None else str(self.folder / journal)

    def _read_marks(self, journal: str) -> None:
        state = self._state
        try:
            size = os.stat(journal).st_size
        except FileNotFoundError:
            return
        if size <= state.marks_read:
            return
        with open(journal, "rb") as handle:
            handle.seek(state.marks_read)
            chunk = handle.read(size - state.marks_read)
        end = chunk.rfind(b"\n") + 1  # a torn last line waits (or is skipped) until complete
        for line in chunk[:end].splitlines():
            try:
                chat_id, thread_id, seq = orjson.loads(line)
            except (orjson.JSONDecodeError, ValueError, TypeError):
                continue  # a line torn by a crash: its mark is lost, the older one stands
            sub = state.subs.get((chat_id, thread_id))
            if sub is not None and isinstance(seq, int) and sub.last_seq < seq:
                state.subs[(chat_id, thread_id)] = sub.model_copy(update={"last_seq": seq})
        state.marks_read += end
        state.subs_version += 1

    # ---- parts -------------------------------------------------------------------------------

    def _read(self, part: str) -> RawData:
        """A part as the current manifest names it; empty when it has none yet."""
        file_name = self._state.manifest.parts.get(part)
        return {} if file_name is None else self._read_from(file_name)

    def _read_from(self, file_name: str, *, keep: bool = True) -> RawData:
        with self._lock:
            cached = self._parts.get(file_name)
            if cached is not None:
                self._parts.move_to_end(file_name)
                return cached
            data = files.read_json(self.folder / file_name)
            if data is None:
                raise FileNotFoundError(file_name)
            if not isinstance(data, dict):
                raise StoreError(f"store {self.path} holds a part that is not TinyDB ({file_name})")
            if keep:
                self._remember(file_name, data)
            return data

    def _remember(self, file_name: str, data: RawData) -> None:
        self._parts[file_name] = data
        self._parts.move_to_end(file_name)
        while len(self._parts) > PART_CACHE:
            self._parts.popitem(last=False)

    def _read_part(self, parts: Mapping[str, str], name: str) -> RawData:
        """A part as a (maybe older) manifest named it; its newer file once that one is gone."""
        file_name = parts.get(name)
        if file_name is None:
            return {}
        try:
            return self._read_from(file_name)
        except FileNotFoundError:
            with self._lock:
                return self._read(name) if name in self._refresh().manifest.parts else {}

    def _dialogue(self, parts: Mapping[str, str], seq: int) -> Dialogue | None:
        name = dialogues_part(shard_of(seq))
        key = (parts.get(name, ""), seq)
        with self._lock:
            hit = self._parsed.get(key)
            if hit is not None:
                self._parsed.move_to_end(key)
                return hit
            doc = self._dialogue_doc(parts, name, seq)
            if doc is None:
                return None
            found = self._validate(Dialogue, doc, "dialogues")
            self._parsed[key] = found
            while len(self._parsed) > DIALOGUE_CACHE:
                self._parsed.popitem(last=False)
            return found

    def _dialogue_doc(self, parts: Mapping[str, str], name: str, seq: int) -> Any:
        """A stored dialogue's record: alone from its file, until that file is worth parsing."""
        file_name = parts.get(name)
        reads = self._record_reads.get(file_name or "", 0)
        if file_name is not None and file_name not in self._parts and reads < RECORD_READS:
            if len(self._record_reads) > 4 * PART_CACHE:
                self._record_reads.clear()
            self._record_reads[file_name] = reads + 1
            with suppress(FileNotFoundError):  # superseded meanwhile: the full read finds the new
                doc = files.read_record(self.folder / file_name, "dialogues", str(seq))
                if isinstance(doc, dict) and doc.get("seq") == seq:
                    return doc
        return self._read_part(parts, name).get("dialogues", {}).get(str(seq))

    def _source(
        self, parts: Mapping[str, str], shard: int, keys: Mapping[str, int], sid: str
    ) -> Source:
        doc_id = str(keys[sid])
        record = self._read_part(parts, dialogues_part(shard)).get("sources", {}).get(doc_id)
        texts = self._read_part(parts, dialogues_part(shard)).get("texts", {}).get(doc_id)
        if record is None or texts is None:
            raise StoreError(f"store {self.path} has lost source {sid}; restore it from a backup")
        return self._validate(Source, {**record, "text": texts.get("text", "")}, "sources")

    def _build_corpus(self, state: State) -> Corpus:
        parts = dict(state.manifest.parts)
        folded, covered, own = state.folded, set(state.covered), dict(state.sources)

        def where_sources_are() -> dict[str, tuple[int, int]]:
            found: dict[str, tuple[int, int]] = {}
            held = [(s, folded.sources[s]) for s in covered] if folded is not None else []
            for shard, keys in [*held, *own.items()]:
                for sid, doc_id in keys.items():
                    found[sid] = (shard, doc_id)
            return found

        source_shards = LazyIndex(where_sources_are)  # the first source read makes it

        def load(seq: int) -> Dialogue:
            found = self._dialogue(parts, seq)
            if found is None:
                raise StoreError(f"store {self.path} has lost dialogue {seq}; restore a backup")
            return found

        def source(sid: str) -> Source:
            shard, doc_id = source_shards[sid]
            return self._source(parts, shard, {sid: doc_id}, sid)

        return Corpus.lazy(
            columns=state.all_tables(),
            load=load,
            people=dict(state.people),
            sources=LazyMap(source_shards, source),
            subscriptions=LiveSubscriptions(self._current_subs),
            search_parts=search_parts.StoredSearch(self, parts),
        )

    def _current_subs(self) -> tuple[Subscription, ...]:
        with self._lock:
            state = self._refresh()
            version, subs = self._subs_tuple
            if version != state.subs_version:
                subs = tuple(state.subs.values())
                self._subs_tuple = (state.subs_version, subs)
            return subs

    def _bookkeeping(self, table_name: str) -> dict[str, dict[str, Any]]:
        if not isinstance(table_name, str) or not BOOKKEEPING_TABLE.fullmatch(table_name):
            raise StoreError(f"bookkeeping table name {table_name!r} is not [a-z_]{{1,32}}")
        with self._lock:
            state = self._refresh()
            if table_name not in state.bookkeeping:
                docs = self._read(bookkeeping_part(table_name)).get(table_name, {}).values()
                state.bookkeeping[table_name] = {
                    str(d["key"]): d["value"]
                    for d in docs
                    if isinstance(d, dict) and isinstance(d.get("value"), dict)
                }
            return state.bookkeeping[table_name]

    def _validate(self, model: type[ModelT], doc: Any, table_name: str) -> ModelT:
        try:
            return model.model_validate(doc)
        except ValidationError as exc:
            raise StoreError(
                f"store {self.path} holds a record Briefbot cannot read: "
                f"{table_name} {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}"
            ) from exc

    # ---- opening ---------------------------------------------------------------------------

    def _check_usable(self) -> None:
        """Fail at once, with the reason, where the store or its lock cannot live."""
        # Otherwise: a traceback from the lock, or a 30 s wait that blames another process.
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"cannot use store {self.path}: {folder} is not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.close(os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o644))
        except OSError as exc:
            raise StoreError(f"cannot use store {self.path}: {reason(exc)}") from exc

    def _fold_on_open(self) -> None:
        """Fold the catalog of a store that has none (from before folding) or a stale one."""
        if not self._fold_due() or not files.writable(self._state.stamp[3]):
            return
        with self._lock:
            try:
                if not self._file_lock.try_acquire():
                    return  # a writer is busy: it folds at its next commit
            except OSError:
                return
            try:
                with self._transaction():
                    pass  # an empty commit folds (it re-checks once it holds the lock)
            except StoreError:
                pass  # e.g. a full disk: the store still reads from the shards' own catalogs
            finally:
                self._file_lock.release()

    def _initialise(self) -> None:
        """Give a new (absent or empty) store its manifest."""
        with self._writer():
            if files.read_json(self.path) is not None:
                return  # another process made it meanwhile
            try:
                mode = files.mode_of(self.path)
                files.replace_atomically(self.path, files.dumps(Manifest().dump()), mode)
            except OSError as exc:
                raise StoreError(f"cannot write store {self.path}: {reason(exc)}") from exc

    def _migrate_if_legacy(self, data: Any) -> None:
        """Turn a single-file store (schema 1) into parts, keeping the old file as a backup."""
        from bot.store.migrate import is_legacy, migrate

        meta_record(self.path, data)
        if not is_legacy(data):
            return
        with self._writer():
            data = files.read_json(self.path)
            if data is not None and is_legacy(data):
                migrate(self, data)
        self._state = State()


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        with suppress(OSError):  # a reader that still wants it falls back to the new one
            path.unlink()


def _owner(txn: Transaction, owners: Mapping[str, int], source_id: str) -> int | None:
    for shard, keys in txn.sources.items():
        if source_id in keys:
            return shard
    return owners.get(source_id)


def _doc(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json")


def _sub_cond(chat_id: int, thread_id: int | None) -> Any:
    sub = Query()
    return (sub.chat_id == chat_id) & (sub.thread_id == thread_id)
