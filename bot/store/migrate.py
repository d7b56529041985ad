"""Turn a single-file store (schema 1) into the layout of parts, keeping a backup of the file."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING, Any

from bot.domain.catalog_rows import Row
from bot.domain.models import Dialogue, Person, Source, Subscription
from bot.store import files
from bot.store.errors import StoreError, reason
from bot.store.layout import META_ID, dialogues_part, shard_of
from bot.store.storage import PartStorage

if TYPE_CHECKING:
    from bot.store.core import Store


def is_legacy(data: Any) -> bool:
    """True for a schema-1 store: its records are in the file itself, not in parts."""
    meta = data.get("meta", {}).get(META_ID, {})
    return "parts" not in meta


def backup_path(store: Store) -> str:
    """Where the old file is kept: `<store>.v1-backup` (numbered if that exists)."""
    base = f"{store.path}.v1-backup"
    candidate, n = base, 1
    while os.path.lexists(candidate):
        n += 1
        candidate = f"{base}.{n}"
    return candidate


def migrate(store: Store, data: dict[str, Any]) -> None:
    """Validate every record once, write the parts, then replace the file by the manifest."""
    from bot.store.state import State, Transaction

    def records(table: str, model: type[Any]) -> list[Any]:
        return [store._validate(model, d, table) for d in data.get(table, {}).values()]

    dialogues: list[Dialogue] = records("dialogues", Dialogue)
    people: list[Person] = records("people", Person)
    sources: list[Source] = records("sources", Source)
    subs: list[Subscription] = records("subscriptions", Subscription)
    meta = data["meta"][META_ID]
    next_seq = meta.get("next_seq", max((d.seq for d in dialogues), default=0) + 1)
    if not isinstance(next_seq, int) or isinstance(next_seq, bool) or next_seq < 1:
        raise StoreError(
            f"store {store.path} has a meta record Briefbot cannot read (next_seq "
            f"{next_seq!r:.40}); restore it from a backup or move it away to start afresh"
        )
    store._state = State()
    txn = Transaction(store._state, lambda name: {})
    seen: set[int] = set()
    seqs: dict[str, int] = {}
    for dialogue in sorted(dialogues, key=lambda d: d.seq):
        if dialogue.seq < 1 or dialogue.seq in seen:  # a record from before arrival numbers
            dialogue = dialogue.model_copy(update={"seq": txn.allocate()})
        txn.next_seq = max(txn.next_seq, dialogue.seq + 1, next_seq)
        seen.add(dialogue.seq)
        seqs[dialogue.id] = dialogue.seq
        shard = shard_of(dialogue.seq)
        part = txn.part(dialogues_part(shard)).setdefault("dialogues", {})
        part[str(dialogue.seq)] = dialogue.model_dump(mode="json")
        txn.shard_rows(shard)[dialogue.seq] = Row.of(dialogue)
    for source in sources:
        shard = shard_of(seqs.get(source.dialogue_id or "", 0))
        txn.shard_rows(shard)
        keys = txn.sources[shard]
        doc_id = str(len(keys) + 1)
        keys[source.id] = int(doc_id)
        record = source.model_dump(mode="json")
        text = record.pop("text")
        txn.part(dialogues_part(shard)).setdefault("sources", {})[doc_id] = record
        txn.part(dialogues_part(shard)).setdefault("texts", {})[doc_id] = {"text": text}
    txn.people = {p.id: p for p in people}
    docs = {str(n): s.model_dump(mode="json") for n, s in enumerate(subs, 1)}
    txn.storages["subscriptions"] = PartStorage({"subscriptions": docs})
    txn.storages["subscriptions"].dirty = True
    backup = backup_path(store)
    try:
        shutil.copy2(store.path, backup)
        fd = os.open(backup, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        files.fsync_folder(store.path.parent)
    except OSError as exc:
        raise StoreError(
            f"cannot back up store {store.path} before migrating: {reason(exc)}"
        ) from exc
    store._commit(txn)
