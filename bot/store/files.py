"""Files on disk: path checks, orjson reads, fsynced atomic writes; no TinyDB, no records."""

from __future__ import annotations

import glob
import json
import mmap
import os
import stat
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import orjson

from bot.store.errors import StoreError, reason

RECORD_WINDOW = 1 << 16  # bytes decoded for one record at first; a longer one decodes the rest
_DECODER = json.JSONDecoder()
STALE_SECONDS = 3600.0  # a leftover this old is a crashed writer's, not a live one's
Stamp = tuple[int, int, int, int]  # mtime_ns, size, inode, mode: any replacement changes it


def check_store_path(path: Path) -> bool:
    """Refuse anything but a regular file or nothing at `path`; True when the file exists."""
    # lstat: a symlink, FIFO or device is named as such and never opened (a FIFO would hang).
    try:
        st = path.lstat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot use store {path}: {reason(exc)}") from exc
    if stat.S_ISLNK(st.st_mode):
        target = os.readlink(path)
        raise StoreError(
            f"store {path} is a symbolic link (to {target}); set BRIEFBOT_DB to the real file"
        )
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"store {path} is a folder; set BRIEFBOT_DB to a file inside it")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"store {path} is not a regular file (a device or pipe); refusing it")
    return True


def stamp(path: str) -> Stamp:
    """What changes whenever the file is replaced or grows; zeros when it is absent."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (0, 0, 0, 0)
    except OSError as exc:
        raise StoreError(f"cannot use store {path}: {reason(exc)}") from exc
    return (st.st_mtime_ns, st.st_size, st.st_ino, stat.S_IMODE(st.st_mode))


def writable(mode: int) -> bool:
    """False for a file without write permission bits (chmod 0444): honoured even for root."""
    return bool(mode & 0o222)


def read_json(path: Path) -> Any:
    """Parse a JSON file with orjson; None when it is absent or empty."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read store {path}: {reason(exc)}") from exc
    if not data.strip():
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreError(
            f"store {path} is not valid JSON ({exc.msg} at line {exc.lineno}); "
            "restore it from a backup or move it away to start afresh"
        ) from exc


def read_record(path: Path, table: str, doc_id: str) -> Any:
    """One record of a file's first table, parsed alone; None when it cannot be picked out.

    Inside a JSON string every quote is escaped, so `"ID":{` after `{` or `,` is a key of some
    object: the first one after the table's opening is this table's record, or (when the table
    lacks it) a record of a later table or a nested value. The caller checks it got the record
    it wants and otherwise parses the whole file. FileNotFoundError when the file is gone.
    """
    head = b'{"%s":{' % table.encode()
    pattern = b'"%s":{' % doc_id.encode()
    try:
        with (
            open(path, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            if data[: len(head)] != head:
                return None
            at = data.find(pattern, len(head) - 1)
            if at < 1 or data[at - 1] not in b"{,":
                return None
            start = at + len(pattern) - 1
            for end in (start + RECORD_WINDOW, len(data)):
                text = data[start:end].decode("utf-8", errors="ignore")  # a cut last char
                try:
                    return _DECODER.raw_decode(text)[0]
                except ValueError:
                    if end >= len(data):
                        return None
    except FileNotFoundError:
        raise
    except (OSError, ValueError):  # unreadable or empty (mmap refuses it): the full read says why
        return None
    return None


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; record keys stay strings, as TinyDB writes them."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def write_new(path: Path, data: bytes, mode: int) -> None:
    """Write a file that nobody reads yet (a fresh part name) and fsync it; no rename needed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        _write_all(fd, data)
        os.fchmod(fd, mode)  # the umask must not narrow the store's own mode
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def replace_atomically(path: Path, data: bytes, mode: int) -> None:
    """Temp file, fsync, rename over `path`, fsync the folder: the old or the new, never torn."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        _write_all(fd, data)
        os.fchmod(fd, mode)  # mkstemp makes it 0600: give it the store's own mode
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp_name, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_folder(folder: Path) -> None:
    """Make renames and new names in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def mode_of(path: Path) -> int:
    """The file's permission bits; for a new file, what creating one gives (0666 − umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def _current_umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; restored at once
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once, at import, before any worker thread creates files


def remove_stale(folder: Path, pattern: str, keep: set[str] | None = None) -> None:
    """Drop files matching `pattern` that a crashed writer left (recent ones may be live)."""
    cutoff = time.time() - STALE_SECONDS
    for leftover in folder.glob(pattern):
        if keep is not None and leftover.name in keep:
            continue
        with suppress(OSError):  # best effort: gone already, or not ours to remove
            st = leftover.lstat()
            if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                leftover.unlink()


def temp_pattern(path: Path) -> str:
    """Temp files are hidden siblings: `.<name>.XXXXXXXX`."""
    return f".{glob.escape(path.name)}.*"
