"""The sources to watch: the curated list (data/sources.yaml) plus the operator's own."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from bot.store import Store
from bot.watch.models import ItemRecord, SourceRecord, SourceSpec, SourceState

log = logging.getLogger(__name__)

SOURCES_TABLE = "watch_sources"
ITEMS_TABLE = "watch_items"


class SourceListError(ValueError):
    """The sources file cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Watched:
    """A source with its current state."""

    spec: SourceSpec
    state: SourceState


# The libyaml parser when PyYAML has it: the pure-Python one takes ~0.2 s for the list.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The parsed file by (path, mtime, size): every poll looks its source up, the file rarely changes.
_parsed: dict[Path, tuple[tuple[int, int], list[SourceSpec]]] = {}


def load_sources_file(path: Path) -> list[SourceSpec]:
    """The curated sources; a missing file means none, a bad entry is an error naming it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SourceListError(f"cannot read sources file {path}: {exc.strerror}") from exc
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _parsed.get(path)
    if cached is not None and cached[0] == stamp:
        return list(cached[1])
    specs = _parse_sources_file(path)
    _parsed[path] = (stamp, specs)
    return list(specs)


def _parse_sources_file(path: Path) -> list[SourceSpec]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceListError(f"cannot read sources file {path}: {exc}") from exc
    entries = (data or {}).get("sources", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SourceListError(f"{path}: expected a 'sources:' list")
    specs: list[SourceSpec] = []
    for index, entry in enumerate(entries, start=1):
        try:
            spec = SourceSpec.model_validate({**(entry or {}), "origin": "default"})
        except (ValidationError, TypeError) as exc:
            raise SourceListError(f"{path}: source #{index} is not valid: {_first(exc)}") from exc
        if any(s.id == spec.id for s in specs):
            raise SourceListError(f"{path}: source id {spec.id!r} is used twice")
        specs.append(spec)
    return specs


def _first(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    return str(exc)


def source_records(store: Store) -> dict[str, SourceRecord]:
    """Every source row in the store; an unreadable row is reset rather than fatal."""
    records = {}
    for key, raw in store.bookkeeping_all(SOURCES_TABLE).items():
        try:
            records[key] = SourceRecord.model_validate(raw)
        except ValidationError:
            log.warning("source %s: stored state unreadable, starting afresh", key)
            records[key] = SourceRecord()
    return records


def watched_sources(store: Store, sources_path: Path) -> list[Watched]:
    """Curated sources the operator has not removed, then the operator's, each with its state."""
    records = source_records(store)
    found = []
    for spec in load_sources_file(sources_path):
        record = records.get(spec.id, SourceRecord())
        if not record.removed:
            found.append(Watched(spec, record.state))
    defaults = {w.spec.id for w in found}
    for key, record in sorted(records.items()):
        if record.spec is not None and key not in defaults and not record.removed:
            found.append(Watched(record.spec, record.state))
    return found


def find_source(store: Store, sources_path: Path, source_id: str) -> Watched | None:
    """One watched source by id."""
    return next((w for w in watched_sources(store, sources_path) if w.spec.id == source_id), None)


def new_source_id(url: str, taken: set[str]) -> str:
    """A short id from the URL's host, e.g. "koreaherald-com-3fa2"."""
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    stem = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")[:40] or "source"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    for length in range(4, 17):
        candidate = f"{stem}-{digest[:length]}"
        if candidate not in taken:
            return candidate
    raise ValueError("no free source id")  # 16 hex digits of sha256 colliding: not in practice


def add_source(store: Store, sources_path: Path, spec: SourceSpec) -> tuple[SourceSpec, bool]:
    """Watch `spec` (an operator's source); False when its URL is watched already."""
    watched = watched_sources(store, sources_path)
    for existing in watched:
        if existing.spec.url == spec.url:
            return existing.spec, False
    records = source_records(store)
    # A curated source removed earlier comes back under its own id.
    for default in load_sources_file(sources_path):
        if default.url == spec.url and records.get(default.id, SourceRecord()).removed:
            record = records[default.id].model_copy(update={"removed": False})
            store.bookkeeping_put(SOURCES_TABLE, {default.id: _dump(record)})
            return default, True
    taken = {w.spec.id for w in watched} | set(records)
    spec = spec.model_copy(update={"id": new_source_id(spec.url, taken), "origin": "operator"})
    store.bookkeeping_put(SOURCES_TABLE, {spec.id: _dump(SourceRecord(spec=spec))})
    return spec, True


def remove_source(store: Store, sources_path: Path, source_id: str) -> SourceSpec | None:
    """Stop watching a source (its seen items stay remembered); None when there is no such id."""
    found = find_source(store, sources_path, source_id)
    if found is None:
        return None
    if found.spec.origin == "operator":
        store.bookkeeping_put(SOURCES_TABLE, {source_id: None})
    else:
        record = source_records(store).get(source_id, SourceRecord())
        store.bookkeeping_put(
            SOURCES_TABLE, {source_id: _dump(record.model_copy(update={"removed": True}))}
        )
    return found.spec


def save_states(store: Store, states: Mapping[str, SourceState]) -> None:
    """Persist sources' states in one write, keeping the rest of each row."""
    if not states:
        return
    records = source_records(store)
    store.bookkeeping_put(
        SOURCES_TABLE,
        {
            key: _dump(records.get(key, SourceRecord()).model_copy(update={"state": state}))
            for key, state in states.items()
        },
    )


def item_key(url: str) -> str:
    """The key of an item's record: a hash of its canonical URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def items_of(store: Store, source_id: str | None = None) -> list[ItemRecord]:
    """Recorded items, newest first; only one source's when `source_id` is given."""
    items = []
    for raw in store.bookkeeping_all(ITEMS_TABLE).values():
        try:
            item = ItemRecord.model_validate(raw)
        except ValidationError:
            continue
        if source_id is None or item.source_id == source_id:
            items.append(item)
    return sorted(items, key=lambda i: i.when, reverse=True)


def _dump(record: SourceRecord) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude_defaults=True)
