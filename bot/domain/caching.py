"""Values derived from long-lived objects (a corpus, the reference), cached by their identity."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")

_CACHE_SIZE = 16

_cache: OrderedDict[tuple[str, tuple[int, ...]], tuple[tuple[object, ...], object]] = OrderedDict()
_cache_lock = threading.Lock()


def identity_cached(kind: str, owners: tuple[object, ...], build: Callable[[], V]) -> V:
    """Build once per identity of `owners` (a small LRU); the owners are kept so ids stay theirs."""
    key = (kind, tuple(id(o) for o in owners))
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
            _cache.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
    value = build()
    with _cache_lock:
        _cache[key] = (owners, value)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value
