"""Values derived from long-lived objects (a corpus, the reference), cached by their identity."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")

# Per kind: the current corpus's value and the one before (readers may still hold it while a
# store change swaps corpora). Per kind, so a cheap kind asked for often never evicts an index
# that took a second to build; and few, because each entry keeps its corpus alive.
PER_KIND = 2

_cache: dict[str, OrderedDict[tuple[int, ...], tuple[tuple[object, ...], object]]] = {}
_cache_lock = threading.Lock()


def identity_cached(kind: str, owners: tuple[object, ...], build: Callable[[], V]) -> V:
    """Build once per identity of `owners`, a few per kind; owners are kept so ids stay theirs."""
    key = tuple(id(o) for o in owners)
    with _cache_lock:
        held = _cache.setdefault(kind, OrderedDict())
        hit = held.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
            held.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
    value = build()
    with _cache_lock:
        held[key] = (owners, value)
        held.move_to_end(key)
        while len(held) > PER_KIND:
            held.popitem(last=False)
    return value
