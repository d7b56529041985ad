"""The cross-process writer lock: flock on a lock file kept open, cheap enough per digest mark."""

from __future__ import annotations

import fcntl
import os
import time

POLL_SECONDS = 0.005  # between tries while another process writes


class LockTimeout(Exception):
    """Another process held the lock for the whole timeout."""


class ProcessLock:
    """An exclusive, re-entrant (within one holder) lock on `<store>.lock`."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock, waiting up to `timeout` (else the lock's own); OSError if no lock file."""
        if self._depth:
            self._depth += 1
            return
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(self.path) from None
                time.sleep(POLL_SECONDS)
        self._depth = 1

    def try_acquire(self) -> bool:
        """Take the lock only if nobody holds it; False otherwise."""
        if self._depth:
            self._depth += 1
            return True
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self._depth = 1
        return True

    def release(self) -> None:
        """Give the lock up once the outermost holder is done."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Close the lock file (the lock must not be held)."""
        if self._fd is not None and not self._depth:
            os.close(self._fd)
            self._fd = None
