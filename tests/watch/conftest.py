"""Fixtures for the watcher: a local news site, a sources file pointing at it, a Watcher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain.reference import Reference
from bot.store import Store
from bot.watch.fetch import FetchPolicy
from bot.watch.runner import WatchConfig, Watcher

from .site import Site, serving

QUICK = FetchPolicy(timeout=0.5, politeness=0.0, allow_private=True, max_bytes=200_000)


@pytest.fixture
def site() -> Iterator[Site]:
    """A news site on 127.0.0.1 with an empty robots.txt."""
    with serving() as running:
        yield running


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A new, empty store: every article the site serves is news to it."""
    opened = Store(tmp_path / "watch-store.json")
    yield opened
    opened.close()


def write_sources(path: Path, sources: list[dict[str, Any]]) -> Path:
    """A sources file as an operator writes data/sources.yaml."""
    defaults = {"language": "en", "kind": "feed"}
    path.write_text(
        yaml.safe_dump({"sources": [{**defaults, **s} for s in sources]}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def make_watcher(
    store: Store, reference: Reference, sources: Path, policy: FetchPolicy = QUICK
) -> Watcher:
    """A Watcher on `store` and `sources`, with quick, local-only-allowed fetching."""
    return Watcher(
        store,
        reference,
        WatchConfig(interval=1800, backoff=60, sources_path=sources, policy=policy),
    )
