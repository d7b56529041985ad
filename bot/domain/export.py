"""The documented JSON shape of a dialogue record, as `briefbot ingest --json` prints it."""

from __future__ import annotations

from typing import Any

from bot.domain.models import Dialogue


def dialogue_json(dialogue: Dialogue) -> dict[str, Any]:
    """A flat, stable JSON object for one dialogue."""
    return {
        "id": dialogue.id,
        "title": dialogue.title,
        "date": dialogue.date.iso(),
        "date_precision": dialogue.date.precision,
        "date_phrase": dialogue.date.phrase,
        "year_basis": dialogue.date.year_basis,
        "end_day": dialogue.date.end_day,
        "place": dialogue.place,
        "mechanism": dialogue.mechanism,
        "edition": dialogue.edition,
        "participants": [
            {"id": p.person_id, "name": p.name, "country": p.country, "role": p.role}
            for p in dialogue.participants
        ],
        "topics": [
            {"id": t.id, "evidence": [e.model_dump() for e in t.evidence]} for t in dialogue.topics
        ],
        "positions": [
            {"id": p.id, "evidence": [e.model_dump() for e in p.evidence]}
            for p in dialogue.positions
        ],
        "commitments": [
            {
                "text": c.text,
                "amount": c.amount,
                "amount_max": c.amount_max,
                "currency": c.currency,
                "purpose": c.purpose,
                "kind": c.kind,
                "evidence": c.evidence.model_dump(),
            }
            for c in dialogue.commitments
        ],
        "summary": [e.sentence for e in dialogue.summary],
        "sources": [
            {
                "id": s.id,
                "file": s.file,
                "outlet": s.outlet,
                "url": s.url,
                "published": s.published.isoformat() if s.published else None,
                "lang": s.lang,
            }
            for s in dialogue.sources
        ],
        "seq": dialogue.seq,
    }
