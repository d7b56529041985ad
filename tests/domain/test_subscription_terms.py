"""Choosing topics for a subscription and describing it."""

from __future__ import annotations

from datetime import datetime

from bot.domain.models import Subscription
from bot.domain.subscription_terms import choose_topics, describe, unknown_topics
from bot.render import render_html, render_text

from .factories import reference


def test_topic_words_resolve_to_ids() -> None:
    choice = choose_topics(reference(), ("maritime", "cyber-security"))
    assert choice.ids == ("maritime", "cyber-security") and choice.unknown == ()


def test_unquoted_phrase_is_tried_whole() -> None:
    choice = choose_topics(reference(), ("South", "China", "Sea"))
    assert choice.ids == ("east-sea",) and choice.unknown == ()


def test_unknown_words_are_reported_and_change_nothing() -> None:
    choice = choose_topics(reference(), ("maritime", "zzzqqq"))
    assert choice.unknown == ("zzzqqq",)
    text = render_text(unknown_topics(reference(), choice.unknown))
    assert "'zzzqqq'" in text and "Nothing was changed" in text and "maritime" in text


def test_description_says_what_and_when() -> None:
    sub = Subscription(chat_id=1, topics=["maritime"])
    view = describe(
        reference(),
        sub,
        cron="0 8 * * *",
        timezone="Asia/Ho_Chi_Minh",
        next_run=datetime(2026, 11, 24, 8, 0),
    )
    text = render_text(view)
    assert "Maritime security" in text
    assert "0 8 * * *" in text and "24 Nov 2026, 08:00" in text


def test_description_of_no_subscription_says_how_to_subscribe() -> None:
    view = describe(reference(), None, cron="0 8 * * *", timezone="UTC", next_run=None)
    assert "/subscribe" in render_text(view)


def test_user_text_in_a_notice_is_escaped() -> None:
    [html] = render_html(unknown_topics(reference(), ["<b>x</b> & y"]))
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html
