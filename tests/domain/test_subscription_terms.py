"""What /subscribe items name, and how a chat's settings read."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.models import Subscription
from bot.domain.subscription_terms import (
    Timing,
    added_notes,
    choose_filters,
    describe,
    find_filter,
    find_zone,
    parse_daily_time,
    settings_actions,
    with_filters,
    without_filter,
)
from bot.domain.text import fold
from bot.render import render_html, render_text

from .factories import reference

STANDARD = Timing(
    cron="0 8 * * *",
    timezone="Asia/Ho_Chi_Minh",
    default_zone=True,
    next_run=datetime(2026, 11, 24, 8, 0),
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in choose_filters(reference(), text).filters]


def test_each_item_is_a_topic_person_series_or_else_a_keyword() -> None:
    assert kinds("corvette, Phan Van Giang, maritime, defence policy dialogue") == [
        ("keyword", "corvette"),
        ("person", "phan-van-giang"),
        ("topic", "maritime"),
        ("series", "defence-policy-dialogue"),
    ]


def test_names_fold_case_diacritics_and_aliases() -> None:
    assert kinds("PHAN VĂN GIANG; Defense Policy Dialogue; “east sea”") == [
        ("person", "phan-van-giang"),
        ("series", "defence-policy-dialogue"),
        ("topic", "east-sea"),
    ]


def test_a_near_spelling_stays_a_keyword_rather_than_a_guess() -> None:
    assert kinds("maritme") == [("keyword", "maritme")]


def test_topics_listed_with_spaces_still_work_and_a_phrase_stays_whole() -> None:
    assert kinds("maritime cyber-security") == [("topic", "maritime"), ("topic", "cyber-security")]
    assert kinds("South China Sea") == [("topic", "east-sea")]
    assert kinds("maritime zzz") == [("keyword", "maritime zzz")]


def test_an_item_with_nothing_to_match_is_refused() -> None:
    choice = choose_filters(reference(), "!!!, corvette")
    assert choice.refused == ("!!!",) and [f.value for f in choice.filters] == ["corvette"]


def test_filters_are_added_once_and_dropped_one_at_a_time() -> None:
    ref = reference()
    sub = with_filters(Subscription(chat_id=1), choose_filters(ref, "corvette, maritime").filters)
    sub = with_filters(sub, choose_filters(ref, "Corvette, maritime, Giang Phan Van").filters)
    assert (sub.keywords, sub.topics, sub.people) == (
        ["corvette"],
        ["maritime"],
        ["phan-van-giang"],
    )
    found = find_filter(ref, sub, "CORVETTE")
    assert found is not None and found.kind == "keyword"
    left = without_filter(sub, found)
    assert left.keywords == [] and left.topics == ["maritime"]
    assert find_filter(ref, left, "frigate") is None


def test_description_says_what_and_when() -> None:
    ref = reference()
    sub = with_filters(Subscription(chat_id=1), choose_filters(ref, "maritime, corvette").filters)
    text = render_text(describe(ref, sub, STANDARD))
    assert "Topics: Maritime security" in text and "Keywords: corvette" in text
    assert "0 8 * * *" in text and "24 Nov 2026, 08:00" in text
    assert "Time zone: Asia/Ho_Chi_Minh (the default)" in text


def test_daily_and_instant_schedules_read_as_such() -> None:
    ref = reference()
    daily = Subscription(chat_id=1, schedule="daily", daily_at="07:30", timezone="Asia/Seoul")
    seoul = Timing("0 8 * * *", "Asia/Seoul", False, datetime(2026, 12, 1, 7, 30))
    text = render_text(describe(ref, daily, seoul))
    assert "every day at 07:30 Asia/Seoul (next: 01 Dec 2026, 07:30 Asia/Seoul)" in text
    assert "every new dialogue" in text
    instant = render_text(describe(ref, Subscription(chat_id=1, schedule="instant"), STANDARD))
    assert "soon after new entries arrive (instant)" in instant and "0 8 * * *" not in instant


def test_description_of_no_subscription_says_how_to_subscribe() -> None:
    assert "/subscribe" in render_text(describe(reference(), None, STANDARD))


def test_buttons_drop_each_filter_and_switch_to_the_other_schedules() -> None:
    ref = reference()
    sub = with_filters(Subscription(chat_id=1), choose_filters(ref, "maritime, corvette").filters)
    actions = settings_actions(ref, sub)
    labels = [a.label for a in actions]
    assert labels == [
        "✕ Maritime security",
        "✕ corvette",
        "Instant digests",
        "Daily at 08:00",
        "Stop all digests",
    ]
    assert all(len(f"subs:{a.data}".encode()) <= 64 for a in actions)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("07:30", "07:30"), ("7:30", "07:30"), ("7.05", "07:05"), ("23h59", "23:59")],
)
def test_daily_times(typed: str, expected: str) -> None:
    assert parse_daily_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "7:60", "7", "noon", "07:30:00", ""])
def test_not_daily_times(typed: str) -> None:
    assert parse_daily_time(typed) is None


def test_time_zones_by_iana_name_in_any_case_or_by_city() -> None:
    assert find_zone("asia/seoul") == "Asia/Seoul"
    assert find_zone("Ho Chi Minh") == "Asia/Ho_Chi_Minh"
    assert find_zone("UTC") == "UTC"
    assert find_zone("Mars/Olympus") is None and find_zone("../../etc/passwd") is None


def test_user_text_in_a_notice_is_escaped() -> None:
    ref = reference()
    sub = with_filters(Subscription(chat_id=1), choose_filters(ref, "<b>x</b> & y").filters)
    [html] = render_html(describe(ref, sub, STANDARD))
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html


def test_a_subscription_stored_before_settings_existed_loads_with_the_defaults() -> None:
    old = Subscription.model_validate(
        {"chat_id": -100, "thread_id": 7, "topics": ["maritime"], "title": "Desk", "last_seq": 9}
    )
    assert (old.people, old.series, old.keywords) == ([], [], [])
    assert (old.schedule, old.daily_at, old.timezone) == ("standard", None, None)
    assert old.filtered and not Subscription(chat_id=1).filtered


def test_a_keyword_near_a_topic_says_how_to_follow_the_topic() -> None:
    ref = reference()
    [note] = added_notes(choose_filters(ref, "maritme"), ref)
    assert (
        note == "Added keyword: maritme (for the topic Maritime security, subscribe to “maritime”)"
    )
    assert added_notes(choose_filters(ref, "corvette"), ref) == ["Added keyword: corvette"]


def test_a_series_is_named_as_series_names_it_exactly_never_by_a_guess() -> None:
    assert kinds("국방전략대화") == [("series", "defence-policy-dialogue")]
    assert kinds("đối thoại chính sách quốc phòng") == [("series", "defence-policy-dialogue")]
    assert kinds("defense policy dialog") == [("keyword", "defense policy dialog")]


def test_a_name_several_register_people_bear_is_asked_about_not_made_a_keyword() -> None:
    choice = choose_filters(reference(), "Han, corvette")
    assert [(f.kind, f.value) for f in choice.filters] == [("keyword", "corvette")]
    [(item, people)] = choice.ambiguous
    ids = [p.id for p in people]
    assert item == "Han" and len(ids) > 2 and "han-duck-soo" in ids
    assert all("han" in fold(p.name).split() for p in people)  # Han Duck-soo, Kim Soo-han
    lines = added_notes(choice, reference())
    assert any("“Han” could be" in line for line in lines)
    assert any("Han Duck-soo (han-duck-soo)" in line for line in lines)
    # A tappable "/subscribe" would subscribe the chat to everything: none is offered.
    assert not any("/subscribe" in line for line in lines)
