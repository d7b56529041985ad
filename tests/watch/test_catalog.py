"""The sources list: the curated file is valid, operators add and remove their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import BUNDLED_SOURCES
from bot.store import Store
from bot.watch.catalog import (
    SourceListError,
    add_source,
    load_sources_file,
    remove_source,
    watched_sources,
)
from bot.watch.models import SourceSpec

from .conftest import write_sources


def test_the_curated_list_is_valid_and_covers_three_languages() -> None:
    specs = load_sources_file(BUNDLED_SOURCES)
    assert {s.language for s in specs if s.enabled} == {"en", "vi", "ko"}
    assert all(s.url.startswith("https://") for s in specs)
    assert len({s.id for s in specs}) == len(specs)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [{id: a, name: A, language: en, url: 'ftp://x/y'}]", "only http and https"),
        ("sources: [{id: A!, name: A, language: en, url: 'https://x/y'}]", "lower-case letters"),
        ("sources: [{id: a, name: A, language: fr, url: 'https://x/y'}]", "language"),
        ("sources: [{id: a, name: A, language: en, url: 'https://x/y', interval: 5}]", "interval"),
        ("sources: {a: 1}", "expected a 'sources:' list"),
        (
            "sources: [{id: a, name: A, language: en, url: 'https://x/y'}, "
            "{id: a, name: B, language: en, url: 'https://x/z'}]",
            "used twice",
        ),
        ("sources: [", "cannot read"),
    ],
)
def test_a_bad_sources_file_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceListError, match=message):
        load_sources_file(path)


def test_operators_add_and_remove_sources_and_curated_ones_come_back(
    empty_store: Store, tmp_path: Path
) -> None:
    path = write_sources(
        tmp_path / "s.yaml", [{"id": "wire", "name": "Wire", "url": "https://w.example/rss"}]
    )
    mine = SourceSpec(id="new", name="Desk", language="vi", url="https://desk.example/feed")

    added, fresh = add_source(empty_store, path, mine)
    again, fresh_again = add_source(empty_store, path, mine)
    removed_default = remove_source(empty_store, path, "wire")
    after_removal = [w.spec.id for w in watched_sources(empty_store, path)]
    back, _ = add_source(
        empty_store, path, SourceSpec(id="x", name="x", language="en", url="https://w.example/rss")
    )

    assert fresh and not fresh_again and again.id == added.id
    assert added.id.startswith("desk-example-") and added.origin == "operator"
    assert removed_default is not None and removed_default.id == "wire"
    assert after_removal == [added.id]
    assert back.id == "wire"  # the curated source, under its own id
    assert remove_source(empty_store, path, added.id) is not None
    assert [w.spec.id for w in watched_sources(empty_store, path)] == ["wire"]
    assert remove_source(empty_store, path, "nope") is None
