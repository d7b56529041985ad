"""Values cached by the identity of the objects they come from."""

from __future__ import annotations

from bot.domain.caching import identity_cached


def test_identity_cache_tells_equal_objects_apart() -> None:
    first, second = [1], [1]
    assert identity_cached("t", (first,), lambda: "first") == "first"
    assert identity_cached("t", (second,), lambda: "second") == "second"
    assert identity_cached("t", (first,), lambda: "rebuilt") == "first"
