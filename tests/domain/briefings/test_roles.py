"""Posts as held on a meeting's day: the article's words, else the register's covering term."""

from __future__ import annotations

import pytest

from bot.domain.briefings import DialogueView, PersonView
from bot.domain.briefings.roles import role_on
from bot.domain.models import EventDate, Participant, Person, Role
from bot.render import render_text

from ..factories import ev, make_corpus, make_dialogue, seed_people
from .asking import ask, text_of

MINISTER = Role(title="Minister of National Defence", since="2021-04", until="2026-03")
DEPUTY = Role(title="Deputy Minister of National Defence", since="2016-01-10", until="2021-04")
GENERAL = Role(title="General, Vietnam People's Army")


def day(year: int | None, month: int | None = None, d: int | None = None) -> EventDate:
    return EventDate(year=year, month=month, day=d, precision="day" if year else "month_day")


@pytest.mark.parametrize(
    ("when", "held"),
    [
        (day(2018, 7, 5), DEPUTY.title),
        (day(2023, 3, 28), MINISTER.title),
        (day(2021, 4, 2), None),  # April 2021: the handover month, either post
        (day(2021, 5), MINISTER.title),
        (day(2015, 12, 1), None),  # before any known term
        (day(None, 3, 28), None),  # no year: no way to know
        (day(2030, 1, 1), None),  # after the last term ended
    ],
)
def test_the_post_held_is_the_term_that_surely_covers_the_day(
    when: EventDate, held: str | None
) -> None:
    assert role_on([MINISTER, DEPUTY, GENERAL], when) == held


def test_an_open_term_covers_every_later_day_and_an_only_undated_post_stands() -> None:
    assert role_on([Role(title="President", since="2025-06-04")], day(2025, 8, 11)) == "President"
    assert role_on([Role(title="Vice Minister")], day(None)) == "Vice Minister"
    assert role_on([Role(title="Vice Minister"), GENERAL], day(2024, 4, 23)) is None


def _received_guests(role: str | None) -> DialogueView:
    person = Person(id="vinh", name="Nguyễn Chí Vịnh", country="VN", roles=[MINISTER, DEPUTY])
    visit = make_dialogue(
        "visit-2018",
        when=EventDate(year=2018, month=7, day=5, precision="day"),
        participants=[Participant(person_id="vinh", name="Nguyen Chi Vinh", role=role)],
    )
    view = ask("/dialogue visit-2018", make_corpus([visit], [person]))
    assert isinstance(view, DialogueView)
    return view


def test_a_past_meeting_shows_the_post_held_then_never_todays() -> None:
    [vinh] = _received_guests(None).card.participants
    assert vinh.role == DEPUTY.title
    text = render_text(_received_guests(None))
    assert "Nguyễn Chí Vịnh (Deputy Minister of National Defence, Vietnam)" in text


def test_the_articles_own_words_come_first() -> None:
    [vinh] = _received_guests("Senior Lieutenant General").card.participants
    assert vinh.role == "Senior Lieutenant General"


def test_a_person_page_lists_posts_with_dates_and_the_post_of_each_meeting() -> None:
    minister = Role(title="Minister of National Defense", since="2022-05", until="2023-10")
    lee = Person(id="lee-test", name="Lee Test-sup", country="KR", roles=[minister])
    talks = make_dialogue(
        "talks-2023",
        when=EventDate(year=2023, month=3, day=28, precision="day"),
        participants=[
            Participant(person_id="lee-test", name="Lee Test-sup", role="Defense Minister")
        ],
    )
    view = ask("/person lee-test", make_corpus([talks], [lee]))
    assert isinstance(view, PersonView)
    assert view.roles == (
        "Minister of National Defense (May 2022 – Oct 2023)",
        "Defense Minister (as of 28 Mar 2023)",
    )
    # The post held at each meeting is on the full page ("More").
    full = ask("/person lee-test full", make_corpus([talks], [lee]))
    assert isinstance(full, PersonView) and full.roles == view.roles
    assert full.entries[0].role == "Defense Minister"
    assert "As Defense Minister" in render_text(full)


def test_an_inferred_year_shows_its_basis_in_the_heading_not_in_citations() -> None:
    talks = make_dialogue(
        "talks",
        when=EventDate(
            year=2023, month=3, day=28, precision="day", year_basis="Lee Jong-sup's term"
        ),
        summary=[ev("They met in Seoul.", "src1")],
        participants=[Participant(person_id="lee-jong-sup", name="Lee Jong-sup")],
    )
    text = text_of("/dialogue talks", make_corpus([talks], seed_people()))
    assert "28 March 2023 (year from Lee Jong-sup's term)" in text
    assert "\nVNA, 28 March 2023:\n• “They met in Seoul.”" in text
    # With no date of its own, Lee's register term covers the day: he was minister then.
    assert "Lee Jong-sup (Minister of National Defense" in text
