"""Two reports of one event fold into one dialogue; different events stay apart."""

from __future__ import annotations

import pytest

from bot.domain.merge import merge_dialogues, same_event
from bot.domain.models import EventDate

from .factories import make_dialogue

STATE_VISIT = EventDate(year=2025, month=8, day=10, end_day=13, precision="day")


@pytest.mark.parametrize(
    ("when", "agrees"),
    [
        (EventDate(year=2025, month=8, day=11, precision="day"), True),
        (EventDate(year=2025, month=8, day=13, precision="day"), True),
        (EventDate(month=8, day=12, precision="month_day"), True),
        (EventDate(year=2025, month=8, day=9, end_day=10, precision="day"), True),
        (EventDate(year=2025, month=8, day=14, precision="day"), False),
        (EventDate(year=2025, month=8, day=9, precision="day"), False),
        (EventDate(year=2024, month=8, day=11, precision="day"), False),
        (EventDate(year=2025, month=9, day=11, precision="day"), False),
        (EventDate(precision="none", phrase="Wednesday"), False),
    ],
)
def test_a_day_inside_a_multi_day_event_is_the_same_event(when: EventDate, agrees: bool) -> None:
    whole = make_dialogue("a", when=STATE_VISIT, source_id="s1", place="Seoul", mechanism="sv")
    report = make_dialogue("b", when=when, source_id="s2", place="Seoul", mechanism="sv")
    assert same_event(whole, report) is agrees
    assert same_event(report, whole) is agrees


def test_merging_a_one_day_report_keeps_the_whole_span() -> None:
    day = EventDate(year=2025, month=8, day=11, precision="day", phrase="August 11")
    first = make_dialogue("a", when=day, source_id="s1", place="Seoul", mechanism="sv")
    second = make_dialogue("b", when=STATE_VISIT, source_id="s2", place="Seoul", mechanism="sv")
    merged = merge_dialogues(first, second)
    assert merged.id == "a"
    assert (merged.date.day, merged.date.end_day) == (10, 13)
    assert [s.id for s in merged.sources] == ["s1", "s2"]
