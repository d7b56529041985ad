"""Short cards that open in place ("More", "Less") and lists that page by editing, end to end."""

from __future__ import annotations

from pathlib import Path

from conftest import LiveBot, Reply, assert_cites_sources, crowd
from telegram_fake import DEFAULT_SUPERGROUP_ID, DEFAULT_USER_ID, SentMessage

TALKS = "2023-03-28-defence-ministers-talks-seoul"
TALKS_SOURCE = "VNA, 28 March 2023 · 5d6b0ffb909dae95"
SIZE_LIMIT = 1_200  # characters a reader sees of a short card: one phone screen
UNEDITABLE = "Bad Request: message can't be edited"
# Telegram's words (as the fake says them) when an edit would change nothing.
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a content and reply markup of the current message"
)


def data_of(reply: Reply, label: str) -> str:
    """The callback data of the button labelled `label`."""
    found = [data for text, data in reply.buttons() if text == label]
    assert found, f"no button {label!r} in {reply.buttons()}"
    return found[0]


def edits(reply: Reply) -> list[SentMessage]:
    """The messages the bot edited in answer to one update."""
    return reply.of("editMessageText")


async def test_more_opens_the_card_in_place_and_less_closes_it(briefbot: LiveBot) -> None:
    card = await briefbot.send(f"/dialogue {TALKS}")
    [message] = card.messages
    assert "Participants" not in card.text and TALKS_SOURCE not in card.text
    assert data_of(card, "More ▾") == f"/dialogue {TALKS} full"

    more = await briefbot.press(data_of(card, "More ▾"), message_id=message.message_id)

    [full] = edits(more)
    assert more.texts == [], "no new message"
    assert full.message_id == message.message_id
    assert full.visible_text.startswith("Vietnam, RoK agree to strengthen defence ties\n")
    assert "\nParticipants\n• Phan Văn Giang (Minister of National Defence, Vietnam)\n" in (
        full.visible_text
    )
    assert TALKS_SOURCE in full.visible_text
    assert "Topics: Maritime security" in full.visible_text
    opened = Reply([full], more.calls)
    assert data_of(opened, "Less ▴") == f"/dialogue {TALKS}"

    less = await briefbot.press(data_of(opened, "Less ▴"), message_id=message.message_id)

    [short] = edits(less)
    assert less.texts == []
    assert short.message_id == message.message_id
    assert short.visible_text == message.visible_text
    assert short.reply_markup == message.reply_markup


async def test_more_under_latest_opens_it_in_place(briefbot: LiveBot) -> None:
    latest = await briefbot.send("/latest")
    [message] = latest.messages

    more = await briefbot.press(data_of(latest, "More ▾"), message_id=message.message_id)

    [full] = edits(more)
    assert full.message_id == message.message_id
    assert full.visible_text.startswith("Latest dialogue\n\nHanoi, Seoul Strengthen Defence")
    assert "\nSources\n• MT Team, 13 Aug 2025 · c753daa9b15dfbb4" in full.visible_text


async def test_pressing_more_twice_changes_nothing_and_says_nothing(briefbot: LiveBot) -> None:
    card = await briefbot.send(f"/dialogue {TALKS}")
    message_id = card.messages[0].message_id
    await briefbot.press(f"/dialogue {TALKS} full", message_id=message_id)
    # The second press of a stale "More" (two quick taps): Telegram says nothing would change.
    briefbot.allowed_failures.append(NOT_MODIFIED)

    again = await briefbot.press(f"/dialogue {TALKS} full", message_id=message_id)

    [edit] = [c for c in again.calls if c.method == "editMessageText"]
    assert edit.description == NOT_MODIFIED
    assert again.messages == []
    assert all(c.ok for c in again.calls if c.method == "answerCallbackQuery")


async def test_a_button_to_another_briefing_sends_a_new_message(briefbot: LiveBot) -> None:
    card = await briefbot.send(f"/dialogue {TALKS}")

    person = await briefbot.press(
        data_of(card, "Phan Văn Giang"), message_id=card.messages[0].message_id
    )

    assert edits(person) == []
    assert person.text.startswith("Phan Văn Giang (Vietnam)")


async def test_list_pages_by_editing_in_place(briefbot: LiveBot, crowded_store_file: Path) -> None:
    crowd(briefbot, crowded_store_file)
    first = await briefbot.send("/topic maritime")
    [message] = first.messages
    assert "page 1 of " in first.text

    second = await briefbot.press(
        data_of(first, "Next page (2/16) ▶"), message_id=message.message_id
    )

    [page] = edits(second)
    assert second.texts == []
    assert page.message_id == message.message_id
    assert page.visible_text.startswith("Topic: Maritime security\n")
    assert "page 2 of 16" in page.visible_text
    back = Reply([page], second.calls)

    again = await briefbot.press(data_of(back, "◀ Page 1"), message_id=message.message_id)

    [page_one] = edits(again)
    assert page_one.message_id == message.message_id
    assert "page 1 of 16" in page_one.visible_text


async def test_a_message_that_cannot_be_edited_gets_a_new_one_in_its_forum_topic(
    briefbot: LiveBot, crowded_store_file: Path
) -> None:
    crowd(briefbot, crowded_store_file)
    first = await briefbot.send_in_topic(f"/topic@{briefbot.username} maritime", thread_id=41)
    [message] = first.messages
    briefbot.expect_failure("editMessageText", UNEDITABLE, chat_id=DEFAULT_SUPERGROUP_ID)

    second = await briefbot.press(
        "/topic maritime page 2",
        chat_type="supergroup",
        chat_id=DEFAULT_SUPERGROUP_ID,
        message_id=message.message_id,
    )

    [refused] = [c for c in second.calls if c.method == "editMessageText"]
    assert refused.description == UNEDITABLE
    [sent] = second.of("sendMessage")
    assert sent.message_thread_id == 41
    assert "page 2 of 16" in sent.visible_text


async def test_pages_edit_in_place_in_a_forum_topic(
    briefbot: LiveBot, crowded_store_file: Path
) -> None:
    crowd(briefbot, crowded_store_file)
    first = await briefbot.send_in_topic(f"/person@{briefbot.username} Phan Van Giang", 42)
    [message] = first.messages

    second = await briefbot.press(
        "/person phan-van-giang page 2",
        chat_type="supergroup",
        chat_id=DEFAULT_SUPERGROUP_ID,
        message_id=message.message_id,
    )

    [page] = edits(second)
    assert page.message_id == message.message_id and page.message_thread_id == 42
    assert page.visible_text.startswith("Phan Văn Giang (Vietnam)")
    assert "page 2 of" in page.visible_text


async def test_a_page_button_on_a_message_from_before_a_restart_still_edits(
    briefbot: LiveBot, crowded_store_file: Path
) -> None:
    """The bot remembers what its messages show only while it runs: page buttons need no memory."""
    crowd(briefbot, crowded_store_file)

    reply = await briefbot.press(
        "/topic maritime page 3", chat_id=DEFAULT_USER_ID, message_id=31_337
    )

    [page] = edits(reply)
    assert page.message_id == 31_337
    assert "page 3 of 16" in page.visible_text


async def test_less_on_a_message_from_before_a_restart_sends_the_short_card(
    briefbot: LiveBot,
) -> None:
    """Without knowing what the message shows, a plain command is another briefing: sent anew."""
    reply = await briefbot.press(f"/dialogue {TALKS}", message_id=31_338)

    assert edits(reply) == []
    assert reply.text.startswith("Vietnam, RoK agree to strengthen defence ties")
    assert_cites_sources(reply, ["VNA"])


# --- size: every short card fits one phone screen -------------------------------------------------


async def test_every_short_card_of_the_corpus_fits_one_phone_screen(briefbot: LiveBot) -> None:
    """Visible text as Telegram shows it (the HTML with tags stripped): at most 1,200 characters."""
    dialogues = briefbot.store.corpus().dialogues
    assert len(dialogues) == 5
    commands = [f"/dialogue {d.id}" for d in dialogues] + ["/latest 1"]
    sizes = {}
    for command in commands:
        reply = await briefbot.send(command)
        [message] = reply.messages
        # `visible_text` is what the fake parsed out of the HTML: tags gone, entities decoded.
        sizes[command] = len(message.visible_text)
        assert_cites_sources(reply)
        assert any(label == "More ▾" for label, _data in reply.buttons()), command
    assert max(sizes.values()) <= SIZE_LIMIT, sizes


async def test_the_readme_shows_a_real_short_card(briefbot: LiveBot) -> None:
    """The card in the README is what the bot sends today for that bundled dialogue."""
    reply = await briefbot.send(f"/dialogue {TALKS}")

    [message] = reply.messages
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"```\n{message.visible_text}\n```" in readme


# --- /person: short by default, More and Less in place ------------------------------------------


async def test_person_more_and_less_edit_in_place_under_any_name_typed(briefbot: LiveBot) -> None:
    """ "/person Giang 2023" is /person phan-van-giang 2023: its More button edits that message."""
    short = await briefbot.send("/person Giang 2023")
    [message] = short.messages
    assert short.text.startswith("Phan Văn Giang (Vietnam)\n")
    assert "1 dialogue, 2023, newest first" in short.text
    assert "KOICA" not in short.text and "Also written" not in short.text
    assert data_of(short, "More ▾") == "/person phan-van-giang 2023 full"

    more = await briefbot.press(data_of(short, "More ▾"), message_id=message.message_id)

    [full] = edits(more)
    assert more.texts == [] and full.message_id == message.message_id
    assert "1 dialogue, 2023, newest first" in full.visible_text
    assert "KOICA" in full.visible_text and "Also written: Gen. Phan Van Giang" in full.visible_text
    opened = Reply([full], more.calls)
    assert data_of(opened, "Less ▴") == "/person phan-van-giang 2023"

    less = await briefbot.press(data_of(opened, "Less ▴"), message_id=message.message_id)

    [back] = edits(less)
    assert less.texts == [] and back.message_id == message.message_id
    assert back.visible_text == message.visible_text
    assert back.reply_markup == message.reply_markup


async def test_person_pages_keep_their_size_and_more_keeps_the_page(
    briefbot: LiveBot, crowded_store_file: Path
) -> None:
    crowd(briefbot, crowded_store_file)
    full = await briefbot.send("/person Phan Van Giang full")
    [message] = full.messages
    assert "page 1 of 16" in full.text

    second = await briefbot.press(
        data_of(full, "Next page (2/16) ▶"), message_id=message.message_id
    )

    [page] = edits(second)
    assert page.message_id == message.message_id and "page 2 of 16" in page.visible_text
    paged = Reply([page], second.calls)
    assert data_of(paged, "Next page (3/16) ▶") == "/person phan-van-giang full page 3"
    assert data_of(paged, "Less ▴") == "/person phan-van-giang page 2"

    less = await briefbot.press(data_of(paged, "Less ▴"), message_id=message.message_id)

    [short] = edits(less)
    assert short.message_id == message.message_id and "page 2 of 16" in short.visible_text
    dialogues = [line for line in short.visible_text.splitlines() if line.startswith("Generated")]
    assert dialogues == [line for line in page.visible_text.splitlines() if line in dialogues]
    assert len(dialogues) == 8, "the same eight dialogues, in the other size"
    assert data_of(Reply([short], less.calls), "More ▾") == "/person phan-van-giang full page 2"


async def test_every_bundled_persons_default_page_is_one_short_message(briefbot: LiveBot) -> None:
    """Each participant's /person: one message, at most 1,200 characters a dialogue, shorter than
    the full page behind More; every button within Telegram's 64 bytes."""
    corpus = briefbot.store.corpus()
    people = sorted(corpus.by_person)
    assert len(people) == 11
    for person_id in people:
        short = await briefbot.send(f"/person {person_id}")
        [message] = short.messages
        entries = len(corpus.by_person[person_id])
        assert len(message.visible_text) <= SIZE_LIMIT * entries, person_id
        assert_cites_sources(short)
        more = await briefbot.press(data_of(short, "More ▾"), message_id=message.message_id)
        [full] = edits(more)
        assert len(message.visible_text) < len(full.visible_text), person_id
        assert all(len(data.encode()) <= 64 for _label, data in short.buttons())
