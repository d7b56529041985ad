"""Deciding when two articles report one event, and folding them into one record."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from operator import attrgetter
from typing import TypeVar

from bot.domain.models import Dialogue, EventDate, Evidence, Person, PositionHit, Role, TopicHit
from bot.domain.text import fold

T = TypeVar("T")
# Every field of a role (strings or None), read rather than serialised: a person named in
# every article of an archive has a role per article, and each new article merges them all.
_role_key = attrgetter(*Role.model_fields)


def _days(when: EventDate) -> tuple[int, int]:
    """First and last day of an event: 10–13 August is (10, 13), August 11 is (11, 11)."""
    first = when.day or 0
    return first, max(first, when.end_day or first)


def _dates_agree(a: EventDate, b: EventDate) -> bool:
    """Same month, overlapping days (one inside a multi-day event counts); years may be unknown."""
    if a.precision == "none" or b.precision == "none" or a.month != b.month:
        return False
    (a_first, a_last), (b_first, b_last) = _days(a), _days(b)
    if a_first > b_last or b_first > a_last:
        return False
    return a.year is None or b.year is None or a.year == b.year


def same_event(a: Dialogue, b: Dialogue) -> bool:
    """True when two records describe the same meeting."""
    if {s.id for s in a.sources} & {s.id for s in b.sources}:
        return True
    if a.mechanism != b.mechanism or a.place != b.place:
        return False
    if a.edition is not None and b.edition is not None and a.edition != b.edition:
        return False  # the 12th and the 13th dialogue are two meetings, whatever their dates
    if _dates_agree(a.date, b.date):
        return True
    # Undated reports of a numbered edition of a mechanism still name one event.
    return a.edition is not None and a.edition == b.edition


def _union(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """First occurrence of each key, order kept."""
    seen: dict[Hashable, T] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def _evidence(items: Iterable[Evidence]) -> list[Evidence]:
    return _union(items, key=lambda e: (e.sentence, e.source_id))


def _merge_hits(old: list[TopicHit], new: list[TopicHit]) -> list[TopicHit]:
    by_id: dict[str, list[Evidence]] = {}
    for hit in [*old, *new]:
        by_id.setdefault(hit.id, []).extend(hit.evidence)
    return [TopicHit(id=k, evidence=_evidence(v)) for k, v in by_id.items()]


def _merge_positions(old: list[PositionHit], new: list[PositionHit]) -> list[PositionHit]:
    by_id: dict[str, list[Evidence]] = {}
    for hit in [*old, *new]:
        by_id.setdefault(hit.id, []).extend(hit.evidence)
    return [PositionHit(id=k, evidence=_evidence(v)) for k, v in by_id.items()]


_PRECISION_RANK = {"none": 0, "month_day": 1, "day": 2}


def _better_date(a: EventDate, b: EventDate) -> EventDate:
    """The more precise of two dates, then the one giving the event's whole span; else the older."""
    rank_a = (_PRECISION_RANK[a.precision], a.end_day is not None)
    rank_b = (_PRECISION_RANK[b.precision], b.end_day is not None)
    return b if rank_b > rank_a else a


def merge_dialogues(existing: Dialogue, new: Dialogue) -> Dialogue:
    """Fold a second report into a stored dialogue; identity and arrival order are kept."""
    return existing.model_copy(
        update={
            "date": _better_date(existing.date, new.date),
            "place": existing.place or new.place,
            "edition": existing.edition or new.edition,
            "participants": _union(
                [*existing.participants, *new.participants], key=lambda p: p.person_id
            ),
            "topics": _merge_hits(existing.topics, new.topics),
            "positions": _merge_positions(existing.positions, new.positions),
            "commitments": _union([*existing.commitments, *new.commitments], key=lambda c: c.text),
            "summary": existing.summary or new.summary,
            "sources": _union([*existing.sources, *new.sources], key=lambda s: s.id),
        }
    )


def _texts(dialogue: Dialogue, source_id: str | None = None) -> set[str]:
    """The sentences (and pledge texts) a dialogue quotes; only one source's, if given."""
    texts = set()
    for kind, about, evidence in dialogue.facts():
        if source_id is None or evidence.source_id == source_id:
            texts.add(evidence.sentence)
            if kind == "commitment":
                texts.add(about)
    return texts


def with_arrival(
    existing: Dialogue, merged: Dialogue, source_id: str, allocate: Callable[[], int]
) -> Dialogue:
    """The merged record, with an arrival number for what the report `source_id` added to it.

    Topics and people new to the event, and the report's sentences when it brought new ones,
    join at one new arrival number, so chats whose filters they newly match get the event then;
    nothing new (a repeat of known sentences) takes no number.
    """
    topics = sorted({t.id for t in merged.topics} - {t.id for t in existing.topics})
    people = sorted(merged.people_named() - existing.people_named())
    sentences = bool(_texts(merged, source_id) - _texts(existing))
    if not (topics or people or sentences):
        return merged
    seq = allocate()
    update: dict[str, dict[str, int]] = {
        "topic_seq": {**merged.topic_seq, **dict.fromkeys(topics, seq)},
        "person_seq": {**merged.person_seq, **dict.fromkeys(people, seq)},
    }
    if sentences:
        update["source_seq"] = {**merged.source_seq, source_id: seq}
    return merged.model_copy(update=update)


def merge_people(existing: Person, new: Person) -> Person:
    """Union of aliases and roles; the stored canonical name stays."""
    aliases = [a for a in _union([*existing.aliases, *new.aliases], key=str.casefold)]
    if new.name != existing.name and new.name.casefold() not in map(str.casefold, aliases):
        aliases.append(new.name)
    return existing.model_copy(
        update={
            "country": existing.country or new.country,
            "aliases": aliases,
            "roles": _union([*existing.roles, *new.roles], key=_role_key),
        }
    )


def _title_key(title: str) -> str:
    """A title folded and space-padded, US and UK spellings alike, for containment tests."""
    return f" {fold(title).replace('defense', 'defence')} "


def combine_roles(curated: Iterable[Role], seen: Iterable[Role]) -> list[Role]:
    """Curated roles with their dates, then the posts articles show that those do not name."""
    # An article's title held in a curated one ("Minister" in "Minister of National Defence")
    # adds nothing; of one post seen in several articles, the latest "as of" is kept.
    kept = list(curated)
    latest: dict[str, Role] = {}
    for role in seen:
        key = _title_key(role.title)
        if any(key in _title_key(k.title) for k in kept):
            continue
        known = latest.get(key)
        if known is None or (role.as_of or "") > (known.as_of or ""):
            latest[key] = role
    return [*kept, *latest.values()]
