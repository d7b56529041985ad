"""Values cached by the identity of the objects they come from."""

from __future__ import annotations

from bot.domain.caching import identity_cached


def test_identity_cache_tells_equal_objects_apart() -> None:
    first, second = [1], [1]
    assert identity_cached("t", (first,), lambda: "first") == "first"
    assert identity_cached("t", (second,), lambda: "second") == "second"
    assert identity_cached("t", (first,), lambda: "rebuilt") == "first"


def test_other_kinds_never_evict_a_kinds_value() -> None:
    corpus = object()
    builds = []
    identity_cached("costly", (corpus,), lambda: builds.append(1))
    for n in range(50):  # many cheap kinds asked for in between
        identity_cached(f"cheap-{n}", (corpus,), lambda: None)
    identity_cached("costly", (corpus,), lambda: builds.append(1))
    assert builds == [1]  # built once


def test_a_kind_keeps_only_its_newest_owners() -> None:
    owners = [object() for _ in range(4)]
    for owner in owners:
        identity_cached("newest", (owner,), lambda: "old")
    assert identity_cached("newest", (owners[-1],), lambda: "rebuilt") == "old"
    assert identity_cached("newest", (owners[0],), lambda: "rebuilt") == "rebuilt"
