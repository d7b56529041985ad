"""Buttons under briefings and inline mode, end to end against the fake Bot API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import LiveBot, Reply, assert_cites_sources, crowd
from telegram_fake import (
    DEFAULT_GROUP_ID,
    DEFAULT_USER_ID,
    QUERY_EXPIRED,
    Call,
    assert_telegram_html,
)

from bot.handlers.buttons import EXPIRED
from bot.handlers.errors import APOLOGY
from bot.keyboards import MAX_BUTTONS


def button(reply: Reply, label: str) -> str:
    """The callback data of the button whose label starts like `label` (labels are cut at 30)."""
    found = [data for text, data in reply.buttons() if label.startswith(text.rstrip("…"))]
    assert found, f"no button {label!r} in {reply.buttons()}"
    return found[0]


def answered_queries(reply: Reply) -> list[Call]:
    """answerCallbackQuery calls made for the pressed button."""
    return [c for c in reply.calls if c.method == "answerCallbackQuery"]


def inline_results(reply: Reply) -> list[dict[str, Any]]:
    """The results of the one answerInlineQuery call."""
    [call] = [c for c in reply.calls if c.method == "answerInlineQuery"]
    assert call.ok, call.description
    results = call.params["results"]
    assert isinstance(results, list)
    return results


# --- buttons --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Maritime security", "Topic: Maritime security"),
        ("Tô Lâm", "Tô Lâm (Vietnam)"),
        ("Lee Jae-myung", "Lee Jae-myung (RoK)"),
    ],
)
async def test_button_under_latest_opens_the_linked_briefing(
    briefbot: LiveBot, label: str, expected: str
) -> None:
    latest = await briefbot.send("/latest")
    data = button(latest, label)
    carrier = latest.messages[-1]

    reply = await briefbot.press(data, chat_id=DEFAULT_USER_ID, message_id=carrier.message_id)

    [query] = answered_queries(reply)
    assert query.ok and not query.params.get("text")
    assert reply.texts and reply.texts[0].startswith(expected)
    assert {m.chat_id for m in reply.messages} == {DEFAULT_USER_ID}
    assert_cites_sources(reply)


async def test_source_button_under_latest_opens_the_article(briefbot: LiveBot) -> None:
    latest = await briefbot.send("/latest")

    reply = await briefbot.press(button(latest, "MT Team, 13 Aug 2025"), chat_id=DEFAULT_USER_ID)

    [article] = reply.texts
    assert article.startswith("Hanoi, Seoul Strengthen Defence, Security, Economic Ties\n")
    assert "\nMT Team, 13 Aug 2025\n" in article
    assert "landmark joint statement" in article


async def test_dialogue_button_opens_the_whole_dialogue(briefbot: LiveBot) -> None:
    topic = await briefbot.send("/topic maritime")
    data = button(topic, "11th Defence policy dialogue, Hanoi")
    assert data == "/dialogue 2024-04-23-defence-policy-dialogue-hanoi"

    reply = await briefbot.press(data, message_id=topic.messages[-1].message_id)

    text = reply.text
    assert text.startswith(
        "11th Defence policy dialogue, Hanoi\n23 April 2024 (year from the date line), Hanoi"
    )
    assert "Kim Seon-ho (Deputy Minister of National Defence, RoK)" in text
    assert_cites_sources(reply, ["The Europe Today"])
    # The background figure and the source's id are in the full card, one "More" away.
    more = await briefbot.press(button(reply, "More ▾"), message_id=reply.messages[-1].message_id)
    [full] = more.edited
    assert "$34 million" in full
    assert "The Europe Today, 24 Apr 2024 · d4a3fe0b37221b38" in full


async def test_dialogue_with_many_topics_still_has_position_and_source_buttons(
    briefbot: LiveBot,
) -> None:
    reply = await briefbot.send("/dialogue 2024-04-23-defence-policy-dialogue-hanoi")

    data = [d for _label, d in reply.buttons()]
    kinds = [d.split()[0] for d in data]
    assert len(data) == MAX_BUTTONS
    assert {"/person", "/source", "/topic", "/position"} <= set(kinds)
    assert "/position east-sea-stance" in data
    assert data[0] == "/dialogue 2024-04-23-defence-policy-dialogue-hanoi full", "More, first"
    assert data[1:3] == ["/person hoang-xuan-chien", "/person kim-seon-ho"], "briefing order kept"


async def test_following_buttons_from_a_bare_command(briefbot: LiveBot) -> None:
    choices = await briefbot.send("/person")
    data = button(choices, "Phan Văn Giang")

    person = await briefbot.press(data, message_id=choices.messages[-1].message_id)
    assert person.text.startswith("Phan Văn Giang (Vietnam)")
    counterpart = button(person, "Lee Jong-sup")

    reply = await briefbot.press(counterpart, message_id=person.messages[-1].message_id)

    assert reply.text.startswith("Lee Jong-sup (RoK)")
    assert "Vietnam, RoK agree to strengthen defence ties" in reply.text


async def test_button_in_a_group_answers_in_the_group(briefbot: LiveBot) -> None:
    topics = await briefbot.send(
        f"/topics@{briefbot.username}", chat_type="group", chat_id=DEFAULT_GROUP_ID
    )
    data = button(topics, "War legacy (bombs, mines, dioxin)")

    reply = await briefbot.press(
        data,
        chat_type="group",
        chat_id=DEFAULT_GROUP_ID,
        message_id=topics.messages[-1].message_id,
    )

    assert reply.text.startswith("Topic: War legacy (bombs, mines, dioxin)")
    assert {m.chat_id for m in reply.messages} == {DEFAULT_GROUP_ID}
    assert answered_queries(reply)[0].ok


@pytest.mark.parametrize("data", ["sentinel-but-not-a-command", "v1:topic:maritime", "", " "])
async def test_invalid_button_data_gets_a_short_answer(briefbot: LiveBot, data: str) -> None:
    reply = await briefbot.press(data)

    [query] = answered_queries(reply)
    assert query.ok
    assert query.params.get("text") == EXPIRED
    assert len(EXPIRED) <= 200
    assert reply.messages == []


async def test_button_for_something_gone_says_so_briefly(briefbot: LiveBot) -> None:
    reply = await briefbot.press("/person someone-removed-since")

    assert answered_queries(reply)[0].ok
    assert reply.text.startswith("No person matches “someone-removed-since”.")
    assert len(reply.text) < 600


async def test_button_on_an_old_message_still_answers(briefbot: LiveBot) -> None:
    """A button under a message the fake no longer has (e.g. a chat history cleared)."""
    reply = await briefbot.press("/topic maritime", message_id=999_999)

    assert answered_queries(reply)[0].ok
    assert reply.text.startswith("Topic: Maritime security")


async def test_button_pressed_while_the_bot_was_down_still_opens_its_briefing(
    briefbot: LiveBot,
) -> None:
    """Telegram refuses to answer a query that waited too long; the briefing is still wanted."""
    # Only this user's press: other chats' updates (the driver's own) run at the same time.
    briefbot.expect_failure("answerCallbackQuery", QUERY_EXPIRED, chat_id=DEFAULT_USER_ID)

    reply = await briefbot.press("/topic maritime")

    [query] = answered_queries(reply)
    assert query.description == QUERY_EXPIRED
    assert reply.text.startswith("Topic: Maritime security")
    assert APOLOGY not in reply.text


async def test_stale_press_on_an_expired_button_is_quiet(briefbot: LiveBot) -> None:
    briefbot.expect_failure("answerCallbackQuery", QUERY_EXPIRED, chat_id=DEFAULT_USER_ID)

    reply = await briefbot.press("v1:topic:maritime")

    [query] = answered_queries(reply)
    assert not query.ok
    assert reply.messages == []


# --- inline mode ----------------------------------------------------------------------------------


async def test_inline_query_offers_briefings_as_valid_html_articles(briefbot: LiveBot) -> None:
    reply = await briefbot.inline("maritime")

    results = inline_results(reply)
    assert results, "at least one briefing matches 'maritime'"
    assert reply.messages == []
    ids = [r["id"] for r in results]
    assert len(set(ids)) == len(ids) and all(1 <= len(i.encode()) <= 64 for i in ids)
    for result in results:
        assert result["type"] == "article"
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML"
        assert_telegram_html(content["message_text"])
        assert 0 < len(result["title"]) <= 100
    titles = [r["title"] for r in results]
    assert "Topic: Maritime security" in titles
    topic = results[titles.index("Topic: Maritime security")]
    assert "5 dialogues, newest first" in topic["description"]
    assert "<i>MT Team, 13 Aug 2025:</i>\n• " in topic["input_message_content"]["message_text"]


async def test_inline_query_for_a_person(briefbot: LiveBot) -> None:
    results = inline_results(await briefbot.inline("Phan Van Giang"))

    titles = [r["title"] for r in results]
    assert "Phan Văn Giang (Vietnam)" in titles


async def test_empty_inline_query_offers_the_latest_dialogue(briefbot: LiveBot) -> None:
    [result] = inline_results(await briefbot.inline(""))

    assert result["title"] == "Latest dialogue"
    assert "10–13 August 2025" in result["input_message_content"]["message_text"]


async def test_inline_query_matching_nothing_is_answered_empty(briefbot: LiveBot) -> None:
    results = inline_results(await briefbot.inline("qqqzzz xxyyzz"))

    assert results == []


async def test_inline_query_with_markup_is_escaped(briefbot: LiveBot) -> None:
    results = inline_results(await briefbot.inline('<b>maritime</b> & "East Sea"'))

    for result in results:
        assert_telegram_html(result["input_message_content"]["message_text"])


async def test_long_inline_briefing_says_where_the_rest_is(
    briefbot: LiveBot, crowded_store_file: Path
) -> None:
    crowd(briefbot, crowded_store_file)
    reply = await briefbot.inline("maritime")

    [topic] = [r for r in inline_results(reply) if r["title"] == "Topic: Maritime security"]
    message = topic["input_message_content"]["message_text"]
    assert_telegram_html(message)
    # The first page of a long list ends by saying how many more there are and how to ask.
    assert message.endswith("more dialogues…</i> <code>/topic maritime page 2</code>")
