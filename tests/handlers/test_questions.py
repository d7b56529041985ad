"""Plain questions end to end: the running bot answers them with a briefing, or with choices."""

from __future__ import annotations

from conftest import LiveBot, assert_cites_sources
from telegram_fake import DEFAULT_CHANNEL_ID, DEFAULT_GROUP_ID

from bot.domain.questions import MAX_CHOICES


async def _briefing(bot: LiveBot, command: str) -> list[str]:
    """What the same chat gets for the command itself."""
    reply = await bot.send(command)
    return reply.texts


async def test_a_private_question_gets_the_briefing(briefbot: LiveBot) -> None:
    reply = await briefbot.send("What did Vietnam say about the East Sea?")
    assert reply.texts, "no answer"
    assert "East Sea stance" in reply.text
    assert_cites_sources(reply)
    assert reply.texts == await _briefing(briefbot, "/position east-sea-stance")


async def test_a_vietnamese_question_gets_the_briefing(briefbot: LiveBot) -> None:
    reply = await briefbot.send("Lee Jong-sup là ai?")
    assert "Lee Jong-sup" in reply.text
    assert reply.texts == await _briefing(briefbot, "/person lee-jong-sup")


async def test_the_last_meeting_is_the_newest_dialogue_with_that_person(briefbot: LiveBot) -> None:
    newest = briefbot.store.corpus().by_person["phan-van-giang"][0]
    reply = await briefbot.send("When did Giang last meet his Korean counterpart?")
    assert reply.texts == await _briefing(briefbot, f"/dialogue {newest.id}")
    assert "Lee Jong-sup" in reply.text


async def test_an_ambiguous_question_gets_at_most_three_buttons(briefbot: LiveBot) -> None:
    reply = await briefbot.send("Who is Lee?")
    [message] = reply.messages
    assert "/help" in message.visible_text
    assert "Who is Lee?" in message.visible_text
    buttons = reply.buttons()
    assert 2 <= len(buttons) <= MAX_CHOICES
    assert {label for label, _ in buttons} == {"Lee Jong-sup", "Lee Jae-myung"}
    # Each button opens its briefing.
    pressed = await briefbot.press(buttons[0][1])
    assert buttons[0][0] in pressed.text


async def test_the_choices_for_a_dated_question_keep_its_period(briefbot: LiveBot) -> None:
    reply = await briefbot.send("What did Lee say in 2023?")
    buttons = reply.buttons()
    assert {label for label, _ in buttons} == {"Lee Jong-sup", "Lee Jae-myung"}
    assert all(data.endswith(" 2023") for _label, data in buttons), buttons

    [jong_sup] = [data for label, data in buttons if label == "Lee Jong-sup"]
    pressed = await briefbot.press(jong_sup)

    assert pressed.texts == await _briefing(briefbot, "/person lee-jong-sup 2023")
    assert "1 dialogue, 2023, newest first" in pressed.text


async def test_a_question_with_markup_characters_is_escaped(briefbot: LiveBot) -> None:
    reply = await briefbot.send("<b>weather</b> & rain?")
    [message] = reply.messages
    assert "<b>weather</b> & rain?" in message.visible_text
    assert reply.buttons()


async def test_a_group_message_not_addressed_to_the_bot_gets_nothing(briefbot: LiveBot) -> None:
    reply = await briefbot.send(
        "What did Vietnam say about the East Sea?", chat_type="group", chat_id=DEFAULT_GROUP_ID
    )
    assert reply.messages == []


async def test_a_group_question_naming_the_bot_is_answered(briefbot: LiveBot) -> None:
    reply = await briefbot.send(
        f"@{briefbot.username} latest news", chat_type="group", chat_id=DEFAULT_GROUP_ID
    )
    assert reply.texts
    assert {m.chat_id for m in reply.messages} == {DEFAULT_GROUP_ID}
    assert reply.texts == (await briefbot.send("/latest")).texts


async def test_a_group_reply_to_the_bot_is_answered(briefbot: LiveBot) -> None:
    first = await briefbot.send(
        f"/topics@{briefbot.username}", chat_type="group", chat_id=DEFAULT_GROUP_ID
    )
    bot_message = first.messages[-1]
    reply = await briefbot.send(
        "and cyber security?",
        chat_type="group",
        chat_id=DEFAULT_GROUP_ID,
        reply_to_message_id=bot_message.message_id,
    )
    assert "Cyber security" in reply.text
    assert_cites_sources(reply)


async def test_a_channel_post_is_not_read_as_a_question(briefbot: LiveBot) -> None:
    reply = await briefbot.send(
        "What did Vietnam say about the East Sea?", chat_type="channel", chat_id=DEFAULT_CHANNEL_ID
    )
    assert reply.messages == []


async def test_commands_still_reach_their_own_handlers(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/nonsense")
    assert "/help" in reply.text
    assert (await briefbot.send("/latest")).texts == (await briefbot.send("latest news")).texts


async def test_an_edited_question_is_not_answered_again(briefbot: LiveBot) -> None:
    first = await briefbot.send("latest news")
    edited = await briefbot.edit(first, "who is Lee Jong-sup")

    assert first.texts
    assert edited.messages == []
