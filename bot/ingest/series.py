"""A year from a known series, set where the store is at hand: before an extraction is saved."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from bot.domain.models import Dialogue
from bot.domain.reference import Reference
from bot.domain.series_years import year_from_series
from bot.ingest.extract import Extraction
from bot.ingest.extract.dialogue_ids import dialogue_slug
from bot.ingest.extract.terms import allowed_by_terms, roles_on_date


def with_series_year(
    extraction: Extraction,
    others: Sequence[Dialogue],
    reference: Reference,
    today: date | None = None,
) -> Extraction:
    """The extraction with the year its series' stored editions (and the text's "previous
    meeting in April 2015", and the register's terms) leave as the only one; else unchanged."""
    dialogue = extraction.dialogue
    when = dialogue.date
    if when.year is not None or when.month is None or when.day is None:
        return extraction
    allowed = allowed_by_terms(when, dialogue.participants, reference.people, today or date.today())
    dated = year_from_series(
        when,
        dialogue.mechanism,
        dialogue.edition,
        [d for d in others if d.id != dialogue.id],
        text=extraction.source.text,
        allowed=allowed,
    )
    if dated.year is None:
        return extraction
    # The id is built from the date: a year found now makes it the id a dated report would get.
    new_id = dialogue_slug(dated, dialogue.mechanism, dialogue.place, extraction.source.id)
    participants = roles_on_date(dialogue.participants, reference.people, dated)
    return dataclasses.replace(
        extraction,
        source=extraction.source.model_copy(update={"dialogue_id": new_id}),
        dialogue=dialogue.model_copy(
            update={"id": new_id, "date": dated, "participants": participants}
        ),
    )
