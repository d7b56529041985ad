"""The store's layout: a manifest file (`BRIEFBOT_DB`) naming one immutable file per part.

A write puts each changed part in a new file and then replaces the manifest: that rename is
the commit, so a crash leaves the old or the new state of every part at once.
"""

from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from bot.store.errors import StoreError

APP_NAME = "briefbot"
SCHEMA_VERSION = 3  # 3: a folded catalog part; a schema-2 store reads as one that has none
LEGACY_SCHEMA = 1
META_ID = "1"
SHARD_SIZE = 256  # dialogues per shard: one new article rewrites one shard, whatever the size
BOOKKEEPING_TABLE = re.compile(r"[a-z_]{1,32}")
_PART = re.compile(
    r"(dialogues|catalog|search)-\d{5}|catalog|people|subscriptions|marks|bk-[a-z_]{1,32}", re.ASCII
)
_FILE = re.compile(r"[a-z_0-9-]{1,48}\.\d{1,18}-[0-9a-f]{8}\.(json|log)", re.ASCII)


def shard_of(seq: int) -> int:
    """The shard holding the dialogue with arrival number `seq` (orphan sources: shard 0)."""
    return max(seq - 1, 0) // SHARD_SIZE


def dialogues_part(shard: int) -> str:
    return f"dialogues-{shard:05d}"


def catalog_part(shard: int) -> str:
    return f"catalog-{shard:05d}"


def bookkeeping_part(table: str) -> str:
    return f"bk-{table}"


def shard_number(part: str) -> int:
    """The shard a sharded part belongs to ("catalog-00012" -> 12)."""
    return int(part.rsplit("-", 1)[1])


def folder_of(path: Path) -> Path:
    """Where the parts live: a sibling folder `<store>.d`."""
    return path.with_name(f"{path.name}.d")


@dataclass
class Manifest:
    """The meta record: who wrote the store, the next arrival number, and each part's file."""

    next_seq: int = 1
    generation: int = 0
    parts: dict[str, str] = field(default_factory=dict)
    # A random tag per commit: a crashed writer's leftovers or a copied-in store never share a
    # file name with a live part, so a file name always means one content.
    tag: str = field(default_factory=lambda: secrets.token_hex(4))

    def dump(self) -> dict[str, Any]:
        """The manifest file's contents: a TinyDB document with one `meta` record."""
        record = {
            "app": APP_NAME,
            "schema": SCHEMA_VERSION,
            "next_seq": self.next_seq,
            "generation": self.generation,
            "parts": dict(sorted(self.parts.items())),
        }
        return {"meta": {META_ID: record}}

    def file_name(self, part: str) -> str:
        """A fresh file name for `part` in the generation being written."""
        suffix = "log" if part == "marks" else "json"
        return f"{part}.{self.generation}-{self.tag}.{suffix}"


def meta_record(path: Path, data: Any) -> dict[str, Any]:
    """The Briefbot meta record of a parsed store file, or a clear refusal."""
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreError(f"store {path} is not a TinyDB file")
    meta = data.get("meta", {}).get(META_ID)
    if not isinstance(meta, dict) or meta.get("app") != APP_NAME:
        raise StoreError(f"{path} is not a Briefbot store (no Briefbot meta record)")
    schema = meta.get("schema", 0)
    if not _is_int(schema):
        raise _bad_meta(path, "schema", schema)
    if schema > SCHEMA_VERSION:
        raise StoreError(f"{path} has schema {schema}; this Briefbot reads {SCHEMA_VERSION}")
    return meta


def parse_manifest(path: Path, meta: dict[str, Any]) -> Manifest:
    """Check every field of a current meta record; a bad value is a clear message."""
    next_seq, generation = meta.get("next_seq"), meta.get("generation")
    if not _is_int(next_seq) or next_seq < 1:
        raise _bad_meta(path, "next_seq", next_seq)
    if not _is_int(generation) or generation < 0:
        raise _bad_meta(path, "generation", generation)
    parts = meta.get("parts")
    if not isinstance(parts, dict) or not all(
        isinstance(k, str) and _PART.fullmatch(k) and isinstance(v, str) and _FILE.fullmatch(v)
        for k, v in parts.items()
    ):
        raise _bad_meta(path, "parts", "a name Briefbot does not write")
    return Manifest(next_seq=next_seq, generation=generation, parts=dict(parts))


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad_meta(path: Path, key: str, value: object) -> StoreError:
    shown = repr(value)[:40]
    return StoreError(
        f"store {path} has a meta record Briefbot cannot read ({key} {shown}); "
        "restore it from a backup or move it away to start afresh"
    )


def copy_store(source: Path, target: Path) -> None:
    """Copy a store whose writers are stopped: its parts first, then the manifest naming them."""
    parts = folder_of(source)
    if parts.is_dir():
        shutil.copytree(parts, folder_of(target), dirs_exist_ok=True)
    shutil.copyfile(source, target)
