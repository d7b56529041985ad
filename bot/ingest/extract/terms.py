"""Years and offices from the register: the role held on the meeting's date, a year from terms."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.models import EventDate, Participant, Person
from bot.domain.register import office_of, role_on, term_years


def allowed_by_terms(
    when: EventDate, participants: Sequence[Participant], people: Sequence[Person], today: date
) -> tuple[set[int], str] | None:
    """The years every participant's dated term allows for a month-day, with the basis shown
    to readers (the term that narrowed it most); None when no participant's term dates it.

    A participant counts only when the article's title for them names a register office and
    the register dates their terms in it.
    """
    if when.month is None or when.day is None:
        return None
    by_id = {p.id: p for p in people}
    years: set[int] | None = None
    bases: list[tuple[int, str]] = []
    for participant in participants:
        person = by_id.get(participant.person_id)
        office = office_of(participant.role)
        if person is None or office is None:
            continue
        allowed = term_years(person, office, when.month, when.day, today)
        if not allowed:
            continue
        years = allowed if years is None else years & allowed
        title = next(r.title for r in person.roles if r.office == office)
        bases.append((len(allowed), f"{person.name}'s term as {title}"))
    if years is None:
        return None
    fewest = min(size for size, _ in bases)
    return years, "; ".join(text for size, text in bases if size == fewest)


def year_from_terms(
    when: EventDate, participants: Sequence[Participant], people: Sequence[Person], today: date
) -> EventDate:
    """A month-day without a year gets the one year every participant's dated term allows.

    Lee Jong-sup was defence minister 2022-05..2023-10, so talks with him "on March 28" were in
    2023. No year, or more than one, leaves it open.
    """
    if when.year is not None:
        return when
    allowed = allowed_by_terms(when, participants, people, today)
    if allowed is None or len(allowed[0]) != 1:
        return when
    years, basis = allowed
    return when.model_copy(update={"year": min(years), "precision": "day", "year_basis": basis})


def roles_on_date(
    participants: Sequence[Participant], people: Sequence[Person], when: EventDate
) -> list[Participant]:
    """Participants the article names without a title get the one the register says they held
    on the meeting's day (never today's title for a past meeting); the others stay as written."""
    if not (when.year and when.month and when.day):
        return list(participants)
    try:
        day = date(when.year, when.month, when.day)
    except ValueError:
        return list(participants)
    by_id = {p.id: p for p in people}
    filled = []
    for participant in participants:
        person = by_id.get(participant.person_id)
        held = role_on(person, day) if person and participant.role is None else []
        if len(held) == 1:
            participant = participant.model_copy(update={"role": held[0].title})
        filled.append(participant)
    return filled
