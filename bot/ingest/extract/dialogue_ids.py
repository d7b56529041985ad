"""A dialogue's generated title and stable id, built from its date, mechanism and place."""

from __future__ import annotations

from bot.domain.models import EventDate
from bot.domain.reference import Reference
from bot.domain.text import ordinal, short_slug


def generated_title(
    mechanism: str | None, edition: int | None, place: str | None, reference: Reference
) -> str:
    """A title for an untitled article: "11th Defence policy dialogue, Hanoi"."""
    known = reference.mechanism_by_id.get(mechanism) if mechanism else None
    label = known.label if known else "Vietnam–RoK dialogue"
    if edition:
        label = f"{ordinal(edition)} {label}"
    return f"{label}, {place}" if place else label


def dialogue_slug(when: EventDate, mechanism: str | None, place: str | None, source: str) -> str:
    """A stable slug of date, mechanism and place; the source id is added when those are weak."""
    day = f"{when.month:02d}-{when.day:02d}" if when.month and when.day else None
    if day and when.year:
        day = f"{when.year:04d}-{day}"
    parts = [day, mechanism, place]
    if day is None or mechanism is None:
        parts.append(source)
    # Cut when long (with a hash of the whole), so buttons and deep links always fit.
    return short_slug(" ".join(p for p in parts if p))
