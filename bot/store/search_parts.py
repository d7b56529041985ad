"""The search index's segments as store parts (`search-LSSSS`), committed with what they index.

Each commit that stores new sources adds one segment of their sentences at level 0; a level
that holds FANOUT segments is merged into one of the next level by a thread of its own after the
commit (`Merges`), so no save waits for a merge and a store keeps a few segments whatever its
size. A segment is one TinyDB record whose columns are packed in one base64 string, sliced out
of the file rather than parsed. A segment written by another index version is never read: the
search rebuilds what it held and the commit drops it.
"""

from __future__ import annotations

import base64
import errno
import logging
import secrets
import subprocess
import sys
import threading
import time
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from bot.domain.search_segments import (
    INDEX_VERSION,
    Segment,
    SegmentBuilder,
    body_sentences,
    checked,
    ints_from,
    merge_segments,
    pack,
    sections,
    source_key,
    unpack,
)
from bot.store import files
from bot.store.errors import StoreError
from bot.store.layout import dialogues_part
from bot.store.storage import RawData

if TYPE_CHECKING:
    from bot.store.core import Store
    from bot.store.state import Transaction

log = logging.getLogger(__name__)
PREFIX = "search-"
FANOUT = 8  # segments of one level merged into one of the next
BASE_DOCS = 256  # a level-0 segment holds about this many documents, level L about 8**L times
TOP_LEVEL = 9


@dataclass
class Pending:
    """What a transaction adds to the index besides its new sources (a rebuilt segment)."""

    segments: list[Segment] = field(default_factory=list)
    drop: set[str] = field(default_factory=set)  # parts of another index version, or merged
    written: dict[str, str] = field(default_factory=dict)  # part -> its file, written already


@dataclass
class SearchStats:
    """What this process did with the stored index: observable without reading logs."""

    segments_loaded: int = 0
    segments_stale: int = 0
    documents_rebuilt: int = 0


def part_name(level: int, serial: int) -> str:
    return f"{PREFIX}{level}{serial:04d}"


def _level(name: str) -> int:
    return int(name[len(PREFIX)])


def _serial(name: str) -> int:
    return int(name[len(PREFIX) + 1 :])


def ordered(parts: Iterable[str]) -> list[str]:
    """The search parts, oldest content first: higher levels were merged earlier."""
    names = [n for n in parts if n.startswith(PREFIX)]
    return sorted(names, key=lambda n: (-_level(n), _serial(n)))


def encode(segment: Segment) -> RawData:
    """A segment as a TinyDB document of one record: its packed form in one base64 string."""
    return framed(pack(segment))


def framed(packed: bytes) -> RawData:
    """A packed segment as a TinyDB document."""
    encoded = base64.b64encode(packed).decode("ascii")
    return {"search": {"1": {"version": INDEX_VERSION, "packed": encoded}}}


_PACKED_HEAD = b'{"search":{"1":{"version":%d,"packed":"' % INDEX_VERSION
_PACKED_TAIL = b'"}}}'


def read_part(path: Path) -> tuple[bytes | None, bool]:
    """A part file's segment, packed (None: another version, or damaged), and if it was packed.

    A packed part is sliced out of the file, not parsed: parsing 16 MB of JSON costs some
    200 MB at its peak. FileNotFoundError when the file is gone (superseded since).
    """
    data = path.read_bytes()
    if data.startswith(_PACKED_HEAD) and data.endswith(_PACKED_TAIL):
        encoded = data[len(_PACKED_HEAD) : -len(_PACKED_TAIL)]
        del data
        try:
            raw = base64.b64decode(encoded, validate=True)
            sections(raw)  # framing and checksum
        except ValueError:
            return None, True
        return raw, True
    try:
        segment = decode(orjson.loads(data))
    except orjson.JSONDecodeError:
        return None, False
    return (None if segment is None else pack(segment)), False


def decode(data: RawData) -> Segment | None:
    """The segment a part holds (packed, or in the JSON columns of the first stored index)."""
    record: Any = data.get("search", {}).get("1") if isinstance(data, dict) else None
    if not isinstance(record, dict) or record.get("version") != INDEX_VERSION:
        return None
    try:
        if "packed" in record:
            return unpack(base64.b64decode(record["packed"], validate=True))
        texts, keys = record["texts"], record["keys"]
        sources, dialogues = record["sources"], record["dialogues"]
        counts, sentences = _unpacked(record["counts"]), _unpacked(record["sentences"])
        if not all(isinstance(c, list) for c in (texts, keys, sources, dialogues)):
            return None
        if not all(v is None or isinstance(v, str) for v in dialogues):
            return None
        return checked(texts, keys, sources, tuple(dialogues), counts, sentences)
    except (KeyError, TypeError, ValueError):  # UnicodeDecodeError is a ValueError
        return None


def _unpacked(text: object) -> array[int]:
    """32-bit integers in base64 (the first stored index's columns); ValueError otherwise."""
    return ints_from(base64.b64decode(text, validate=True), "i")  # type: ignore[arg-type]


def _level_for(docs: int) -> int:
    level, size = 0, BASE_DOCS * FANOUT
    while docs >= size and level < TOP_LEVEL:
        level, size = level + 1, size * FANOUT
    return level


def _new_sources(txn: Transaction) -> Segment:
    """The sentences of the sources this transaction stores for the first time."""
    builder = SegmentBuilder()
    for shard, keys in txn.sources.items():
        known = txn.state.shard_sources(shard)
        part = txn.parts.get(dialogues_part(shard), {})
        for source_id, doc_id in keys.items():
            if source_id in known:
                continue
            record = part.get("sources", {}).get(str(doc_id), {})
            text = part.get("texts", {}).get(str(doc_id), {}).get("text", "")
            owner = record.get("dialogue_id")
            dialogue_id = None if owner is None else str(owner)
            builder.add(source_key(source_id), source_id, dialogue_id, body_sentences(str(text)))
    return builder.segment()


def add_to_commit(store: Store, txn: Transaction, changed: dict[str, RawData]) -> list[str]:
    """Put the commit's new segment in `changed`; the parts it drops.

    Never a merge: a full level is merged after the commit, off the writer's path (`Merges`).
    """
    parts = txn.state.manifest.parts
    fresh = [s for s in (_new_sources(txn), *txn.search.segments) if s.keys]
    dropped = [n for n in txn.search.drop if n in parts]
    merges = store.search_merges
    if fresh:
        segment = merge_segments(fresh) if len(fresh) > 1 else fresh[0]
        level = _level_for(len(segment.keys))
        names = [n for n in parts if n.startswith(PREFIX) and _level(n) == level]
        name = part_name(level, max(map(_serial, names), default=-1) + 1)
        changed[name] = encode(segment)
        # A level this segment fills is merged after the commit.
        if _full_level([*(n for n in parts if n not in dropped), name]) or merges.has_unpacked():
            merges.request()
    return dropped


def _full_level(parts: Iterable[str]) -> list[str]:
    """The oldest FANOUT segments of the lowest level holding that many; none when none does."""
    levels: dict[int, list[str]] = {}
    for name in ordered(parts):
        levels.setdefault(_level(name), []).append(name)
    for level in sorted(levels):
        if len(levels[level]) >= FANOUT and level < TOP_LEVEL:
            return levels[level][:FANOUT]
    return []


CLOSE_WAIT = 8.0  # seconds Store.close() waits for the merges asked for


class Merges:
    """Merges full levels from a thread of their own, so no save waits on a merge.

    A merge of small segments (at most MERGE_HERE_BYTES) runs in that thread; a bigger one in a
    process of its own, so that it does not hold this process's interpreter lock for seconds.

    The merged segment is written beside the store, then committed in a transaction of its own
    that replaces the merged segments only if they are still the current ones; a process killed
    at any step leaves the old segments (and a leftover file that is removed later).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pending = False
        self._busy = False
        self._closed = False
        self._stop = threading.Event()  # set by close(): a merge process still running is killed
        self.merged = 0  # merges committed by this process
        # Part files of the first layout, packed as the search read them: rewritten as they are.
        # Searches add to it while the merge thread takes from it: guarded by the condition's lock.
        self._unpacked: dict[str, bytes] = {}
        self._unwritable = False  # a rewrite was refused (read-only mount): none is tried again

    def note_unpacked(self, file_name: str, packed: bytes) -> None:
        """A part file of the first layout that a search read: to be rewritten packed."""
        with self._cond:
            if not self._unwritable:
                self._unpacked[file_name] = packed

    def has_unpacked(self) -> bool:
        """True while a part file of the first layout waits to be rewritten."""
        with self._cond:
            return bool(self._unpacked)

    def request(self) -> None:
        """Merge what is full once the current commit is done (the thread waits for it)."""
        with self._cond:
            if self._closed:
                return
            self._pending = True
            if self._thread is None:
                # One thread for the store's life: starting one per request costs a commit
                # milliseconds (start() waits until the new thread runs).
                self._thread = threading.Thread(target=self._run, name="search-merges", daemon=True)
                self._thread.start()
            else:
                self._cond.notify_all()

    def wait(self) -> None:
        """Until the merges asked for are done (not to be called holding the store's lock)."""
        with self._cond:
            while (self._pending or self._busy) and not self._closed:
                self._cond.wait()

    def close(self, wait: float = CLOSE_WAIT) -> None:
        """Finish the merges asked for, for at most `wait` seconds; then stop the thread.

        A stop must not outlast a service manager's patience (`docker stop` waits 10 s): a merge
        still running then is dropped, its segments stay, and the next writer merges them.
        """
        deadline = time.monotonic() + wait
        with self._cond:
            while (self._pending or self._busy) and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            self._closed = True
            self._stop.set()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                self._pending, self._busy = False, True
            try:
                while not self._closed and self._step():
                    pass
            except Exception:  # a merge is an optimisation: the segments stay as they are
                log.exception("search segments not merged")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _step(self) -> bool:
        """Merge one full level (or repack one old-layout segment); False when none is left."""
        store = self._store
        with store._lock:
            parts = dict(store._refresh().manifest.parts)
            mode = files.mode_of(store.path)
        if not files.writable(mode):  # a read-only store: its transaction would refuse anyway
            with self._cond:
                self._unpacked.clear()
            return False
        names = _full_level(parts)
        repacked = b""
        if names:
            target = part_name(_level(names[0]) + 1, _next_serial(parts, _level(names[0]) + 1))
        else:
            with self._cond:
                names = [n for n in ordered(parts) if parts[n] in self._unpacked][:1]
                if not names:
                    self._unpacked.clear()  # merged or dropped since
                    return False
                repacked = self._unpacked[parts[names[0]]]
            target = names[0]
        file_name = f"{target}.{secrets.randbelow(10**9)}-{secrets.token_hex(4)}.json"
        path = store.folder / file_name
        try:
            if target in names:  # one segment of the first layout, already packed by the search
                files.write_new(path, files.dumps(framed(repacked)), mode)
            elif not _merged([store.folder / parts[n] for n in names], path, mode, self._stop):
                return False  # gone meanwhile, another version, or damaged: looked at again later
        except OSError as exc:  # a folder we may not write to, a full disk: the segments stay
            path.unlink(missing_ok=True)
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                # Not ours to rewrite (a read-only mount, another owner): said once, not per search.
                with self._cond:
                    self._unpacked.clear()
                    self._unwritable = True
            log.warning("search segments not merged: %s", exc)
            return False
        committed = False
        try:
            with store._transaction(wait=False) as txn:
                current = txn.state.manifest.parts
                if any(current.get(n) != parts[n] for n in names):
                    return True  # merged or replaced meanwhile: look again
                if target not in names and target in current:
                    return True
                txn.search.written[target] = file_name
                txn.search.drop.update(names)
            committed = True  # the transaction's exit is the commit: only now is the file kept
        except StoreError as exc:  # busy (another process writes) or read-only: later
            log.info("search segments not merged now: %s", exc)
            return False
        finally:
            if not committed:
                path.unlink(missing_ok=True)
        self.merged += 1
        with self._cond:
            for name in names:
                self._unpacked.pop(parts[name], None)
        return True


NOT_MERGED = 3  # the merge process's exit code when a segment is gone or unreadable
# Segments this small merge in this process: some 25 ms of CPU, less than starting a process.
MERGE_HERE_BYTES = 512 * 1024
# A merge process still running after this long is killed (a merge of 100,000 documents
# takes seconds): a hung one would hold up Merges.wait() and Store.close() for ever.
MERGE_TIMEOUT = 600.0


def _merged(paths: list[Path], target: Path, mode: int, stop: threading.Event) -> bool:
    """Merge segment files into `target`: here when they are small, else in a process."""
    try:
        size = sum(path.stat().st_size for path in paths)
    except FileNotFoundError:
        return False
    if size <= MERGE_HERE_BYTES:
        return merge_files(paths, target, mode)
    return merged_apart(paths, target, mode, stop=stop)


def merged_apart(
    paths: list[Path],
    target: Path,
    mode: int,
    *,
    timeout: float = MERGE_TIMEOUT,
    stop: threading.Event | None = None,
) -> bool:
    """Merge segment files into `target` in a process of its own; False when it could not.

    Apart, because a merge of 100,000 documents holds the interpreter lock for seconds (and
    some 200 MB): in this process every save and every chat would wait on it.
    """
    package = Path(__file__).resolve().parents[2]  # the folder holding `bot`
    # Run from that folder: `-m` puts it first on sys.path, so the child imports this code
    # whatever the caller's folder holds; the environment is passed on unchanged.
    target = target.absolute()  # the child runs in another folder
    command = [sys.executable, "-m", "bot.store.merge_process", str(target), str(mode)]
    # A session of its own: the Ctrl-C typed at the terminal stops the command, which then
    # finishes or drops this merge itself; the child never sees it.
    child = subprocess.Popen(
        [*command, *(str(path.absolute()) for path in paths)],
        cwd=package,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, errors = child.communicate(timeout=0.25)
            break
        except subprocess.TimeoutExpired:
            stopped = stop is not None and stop.is_set()
            if stopped or time.monotonic() > deadline:
                child.kill()
                child.communicate()
                target.unlink(missing_ok=True)  # the old segments stay
                if not stopped:
                    log.warning("search merge stopped after %.0f s", timeout)
                return False
    if child.returncode != 0:
        target.unlink(missing_ok=True)
        if child.returncode != NOT_MERGED:
            log.warning("search merge failed: %s", errors.decode(errors="replace")[-500:])
        return False
    return True


def merge_files(paths: list[Path], target: Path, mode: int) -> bool:
    """Merge packed segment files (oldest first) into a new file; False if one is unreadable."""
    try:
        packed = [read_part(path)[0] for path in paths]
    except FileNotFoundError:
        return False
    if any(p is None for p in packed):
        return False
    merged = pack(merge_segments(unpack(p) for p in packed if p is not None))
    del packed
    files.write_new(target, files.dumps(framed(merged)), mode)
    return True


def _next_serial(parts: Mapping[str, str], level: int) -> int:
    names = [n for n in parts if n.startswith(PREFIX) and _level(n) == level]
    return max(map(_serial, names), default=-1) + 1


class StoredSearch:
    """The index segments one snapshot of the store names (the corpus's `search_parts`)."""

    def __init__(self, store: Store, parts: Mapping[str, str]) -> None:
        self._store = store
        self._parts = {n: f for n, f in parts.items() if n.startswith(PREFIX)}
        self._stale: set[str] = set()
        self._writable = True

    def load(self) -> list[bytes]:
        """Every segment of this version, packed, oldest first; others are noted to be dropped."""
        # A read-only store keeps its first-layout segments: none is noted to be rewritten.
        self._writable = files.writable(files.mode_of(self._store.path))
        for _attempt in range(3):
            found = self._read_all()
            if found is not None:
                break
            with self._store._lock:  # merged since: the current manifest names the result
                current = self._store._refresh().manifest.parts
                self._parts = {n: f for n, f in current.items() if n.startswith(PREFIX)}
        else:
            found = []  # merged under us again and again: the search indexes the sources
        if self._store.search_merges.has_unpacked():
            self._store.search_merges.request()  # in the background, if the store is free
        stats = self._store.search_stats
        stats.segments_loaded += len(found)
        stats.segments_stale += len(self._stale)
        return found

    def _read_all(self) -> list[bytes] | None:
        segments: list[bytes] = []
        self._stale = set()
        for name in ordered(self._parts):
            path = self._store.folder / self._parts[name]
            try:
                found, packed = read_part(path)
            except FileNotFoundError:
                return None
            if found is None:
                self._stale.add(name)
                continue
            segments.append(found)
            if not packed and self._writable:
                self._store.search_merges.note_unpacked(self._parts[name], found)
        return segments

    def save(self, segment: Segment) -> None:
        """Commit a segment the search had to build, so the next start need not."""
        self._store.search_stats.documents_rebuilt += len(segment.keys)
        try:
            with self._store._transaction(wait=False) as txn:
                current = txn.state.manifest.parts
                txn.search.segments.append(segment)
                txn.search.drop.update(n for n in self._stale if current.get(n) == self._parts[n])
        except StoreError as exc:  # a read-only or busy store: searched from memory this time
            log.warning("search index not stored: %s", exc)
