"""Two reports of one event fold into one dialogue; different events stay apart."""

from __future__ import annotations

import pytest

from bot.domain.merge import combine_roles, merge_dialogues, merge_people, same_event
from bot.domain.models import EventDate, Person, Role

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


@pytest.mark.parametrize(
    ("first", "second", "same"), [(12, 13, False), (12, 12, True), (12, None, True)]
)
def test_numbered_editions_that_differ_are_two_events(
    first: int, second: int | None, same: bool
) -> None:
    when = EventDate(year=2025, month=12, day=2, precision="day")
    a = make_dialogue("a", when=when, source_id="s1", place="Seoul", mechanism="dpd", edition=first)
    b = make_dialogue(
        "b", when=when, source_id="s2", place="Seoul", mechanism="dpd", edition=second
    )
    assert same_event(a, b) is same


def test_merging_a_one_day_report_keeps_the_whole_span() -> None:
    day = EventDate(year=2025, month=8, day=11, precision="day", phrase="August 11")
    first = make_dialogue("a", when=day, source_id="s1", place="Seoul", mechanism="sv")
    second = make_dialogue("b", when=STATE_VISIT, source_id="s2", place="Seoul", mechanism="sv")
    merged = merge_dialogues(first, second)
    assert merged.id == "a"
    assert (merged.date.day, merged.date.end_day) == (10, 13)
    assert [s.id for s in merged.sources] == ["s1", "s2"]


MINISTER = Role(title="Minister of National Defence", since="2021-04")
GENERAL = Role(title="General, Vietnam People's Army")


def seen(title: str, as_of: str | None = None) -> Role:
    """A post as an article shows it."""
    return Role(title=title, as_of=as_of, source_id="src")


def test_curated_roles_come_first_and_articles_add_only_new_posts() -> None:
    combined = combine_roles(
        [MINISTER, GENERAL],
        [
            seen("Minister of National Defence"),
            seen("Minister", "2024-03-28"),
            seen("Minister of National Defense", "2024-03-28"),
            seen("Chair of the Central Military Commission Standing Board", "2023-01-05"),
        ],
    )
    assert combined == [
        MINISTER,
        GENERAL,
        seen("Chair of the Central Military Commission Standing Board", "2023-01-05"),
    ]


def test_a_post_seen_in_several_articles_is_kept_once_as_of_the_latest() -> None:
    combined = combine_roles(
        [], [seen("Deputy Minister", "2024-04-23"), seen("Deputy Minister", "2025-12-05")]
    )
    assert combined == [seen("Deputy Minister", "2025-12-05")]


def test_a_person_seen_again_keeps_each_role_once() -> None:
    minister = Role(title="Minister", country="VN", as_of="2024-04-23", source_id="a")
    stored = Person(id="p", name="Phan Văn Giang", roles=[minister])
    again = Role(title="Minister", country="VN", as_of="2024-04-23", source_id="a")
    later = Role(title="Minister", country="VN", as_of="2025-01-10", source_id="b")
    merged = merge_people(stored, Person(id="p", name="Phan Van Giang", roles=[again, later]))
    assert merged.roles == [minister, later]  # the same post, date and source is one role
    assert merged.name == "Phan Văn Giang" and merged.aliases == ["Phan Van Giang"]
