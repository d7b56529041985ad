"""An immutable, indexed view of the store that briefings query without scanning documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.domain.models import Dialogue, Person, Source, Subscription


@dataclass(frozen=True)
class Corpus:
    """Dialogues newest first, plus lookups by id, topic, position, person and year."""

    dialogues: tuple[Dialogue, ...] = ()
    people: dict[str, Person] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    subscriptions: tuple[Subscription, ...] = ()
    by_id: dict[str, Dialogue] = field(default_factory=dict)
    by_topic: dict[str, tuple[Dialogue, ...]] = field(default_factory=dict)
    by_position: dict[str, tuple[Dialogue, ...]] = field(default_factory=dict)
    by_person: dict[str, tuple[Dialogue, ...]] = field(default_factory=dict)
    by_year: dict[int | None, tuple[Dialogue, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        dialogues: list[Dialogue],
        people: list[Person],
        sources: list[Source],
        subscriptions: list[Subscription] | None = None,
    ) -> Corpus:
        """Sort dialogues newest first (undated last, then by arrival) and index them once."""
        ordered = sorted(dialogues, key=lambda d: (d.date.sort_key(), d.seq), reverse=True)
        by_topic: dict[str, list[Dialogue]] = defaultdict(list)
        by_position: dict[str, list[Dialogue]] = defaultdict(list)
        by_person: dict[str, list[Dialogue]] = defaultdict(list)
        by_year: dict[int | None, list[Dialogue]] = defaultdict(list)
        for dialogue in ordered:
            for topic in dialogue.topics:
                by_topic[topic.id].append(dialogue)
            for position in dialogue.positions:
                by_position[position.id].append(dialogue)
            for person_id in dict.fromkeys(p.person_id for p in dialogue.participants):
                by_person[person_id].append(dialogue)
            by_year[dialogue.date.year].append(dialogue)
        return cls(
            dialogues=tuple(ordered),
            people={p.id: p for p in people},
            sources={s.id: s for s in sources},
            subscriptions=tuple(subscriptions or ()),
            by_id={d.id: d for d in ordered},
            by_topic={k: tuple(v) for k, v in by_topic.items()},
            by_position={k: tuple(v) for k, v in by_position.items()},
            by_person={k: tuple(v) for k, v in by_person.items()},
            by_year={k: tuple(v) for k, v in by_year.items()},
        )
