"""Briefing commands end to end: the real application, a fake Bot API, what a user would see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    GENERATED,
    SEED_COUNT,
    LiveBot,
    Reply,
    assert_cites_sources,
    citations,
    crowd,
)
from telegram_fake import (
    DEFAULT_CHANNEL_ID,
    DEFAULT_GROUP_ID,
    DEFAULT_USER_ID,
    MAX_MESSAGE_LENGTH,
    utf16_len,
)

from bot.domain.briefings import PAGE_DIALOGUES, PAGE_LINES, answer
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.commands.all_commands import COMMANDS
from bot.domain.reference import Reference
from bot.ingest.pipeline import ingest_paths
from bot.render import render_text
from bot.store import Store

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SHORT = 400  # characters: an answer to bad input fits on a phone screen


@dataclass(frozen=True)
class Where:
    """A chat to talk to the bot in."""

    kind: str
    chat_type: str
    chat_id: int
    suffix: bool = False  # write "/cmd@bot" as group members must


PRIVATE = Where("private", "private", DEFAULT_USER_ID)
GROUP = Where("group", "group", DEFAULT_GROUP_ID, suffix=True)
# A bare /cmd reaches a bot in privacy mode when it spoke last in the group, or is an admin.
BARE_GROUP = Where("bare-group", "group", DEFAULT_GROUP_ID)
CHANNEL = Where("channel", "channel", DEFAULT_CHANNEL_ID)
EVERYWHERE = [pytest.param(w, id=w.kind) for w in (PRIVATE, GROUP, BARE_GROUP, CHANNEL)]


def addressed(bot: LiveBot, text: str, where: Where) -> str:
    """A command as written in `where`: "/cmd@bot args" where the bot must be named."""
    if not where.suffix:
        return text
    name, _, rest = text.partition(" ")
    return f"{name}@{bot.username} {rest}".rstrip()


async def ask(bot: LiveBot, text: str, where: Where = PRIVATE) -> Reply:
    """Send a command in `where`, naming the bot in groups, and return the bot's reply."""
    reply = await bot.send(
        addressed(bot, text, where), chat_type=where.chat_type, chat_id=where.chat_id
    )
    assert {m.chat_id for m in reply.messages} <= {where.chat_id}
    return reply


def mt_team_source(store: Store) -> str:
    """The id of the MT Team article (the To Lam state visit)."""
    return next(s.id for s in store.corpus().sources.values() if s.outlet == "MT Team")


# --- start and help -------------------------------------------------------------------------------


async def test_start_welcomes_and_shows_how_to_begin(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/start")

    assert len(reply.messages) == 1
    assert "Briefbot briefs you on Vietnam–Republic of Korea" in reply.text
    assert "The store holds 5 dialogues and 11 people." in reply.text
    assert "Latest: Hanoi, Seoul Strengthen Defence, Security, Economic Ties" in reply.text
    assert "Start with /latest, /topics, /people or /timeline; /help" in reply.text
    assert [data for _label, data in reply.buttons()] == [
        "/dialogue 2025-08-10-state-visit-seoul",
        "/topics",
        "/people",
        "/timeline",
    ]


@pytest.mark.parametrize(
    ("payload", "same_as", "expected"),
    [
        ("topic_maritime", "/topic maritime", "Topic: Maritime security"),
        ("person_phan-van-giang", "/person Phan Van Giang", "Phan Văn Giang (Vietnam)"),
        ("position_four-nos", "/position four no's", "Four No's"),
        ("year_2024", "/timeline 2024", "Timeline — 2024"),
    ],
)
async def test_start_deep_link_opens_that_briefing(
    briefbot: LiveBot, payload: str, same_as: str, expected: str
) -> None:
    deep = await ask(briefbot, f"/start {payload}")
    direct = await ask(briefbot, same_as)

    assert expected in deep.text
    assert deep.text == direct.text
    assert "Briefbot briefs you" not in deep.text


async def test_start_with_a_foreign_payload_is_the_welcome(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/start ref_newsletter-2024")

    assert reply.text.startswith("Briefbot briefs you")


async def test_start_link_to_something_unknown_says_so_with_suggestions(
    briefbot: LiveBot,
) -> None:
    reply = await ask(briefbot, "/start person_kim-jong-nobody")

    assert reply.text.startswith("No person matches “kim-jong-nobody”.")
    assert "/people lists everyone." in reply.text


async def test_help_lists_every_command_with_its_usage(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/help")

    assert reply.text.startswith("Briefbot commands")
    for spec in COMMANDS:
        assert f"{spec.usage} — {spec.description}" in reply.text
    assert utf16_len(reply.html[0]) <= MAX_MESSAGE_LENGTH


async def test_help_for_one_command(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/help latest")

    assert "/latest [1-10]" in reply.text
    assert "The most recent dialogues" in reply.text


# --- the briefings users asked for ----------------------------------------------------------------


async def test_latest_is_the_to_lam_state_visit(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/latest")

    text = reply.text
    assert text.startswith("Latest dialogue\n\nHanoi, Seoul Strengthen Defence, Security")
    assert "10–13 August 2025 (year from the date line), Seoul · State visit" in text
    assert "Tô Lâm (Party General Secretary, Vietnam)" in text
    assert "Lee Jae-myung" in text
    assert ("MT Team", "13 Aug 2025") in _cited(reply)
    assert_cites_sources(reply, ["MT Team"])
    labels = dict(reply.buttons())
    assert labels["Tô Lâm"] == "/person to-lam"
    assert labels["Lee Jae-myung"] == "/person lee-jae-myung"
    assert labels["Maritime security"] == "/topic maritime"
    # The lead sentence and the source's id are in the full card, one "More" away.
    more = await briefbot.press(labels["More ▾"], message_id=reply.messages[-1].message_id)
    [full] = more.edited
    assert "General Secretary To Lam" in full and "landmark joint statement" in full
    assert "c753daa9b15dfbb4" in full or mt_team_source(briefbot.store) in full


async def test_topic_maritime_lists_dialogues_newest_first_with_sentences(
    briefbot: LiveBot,
) -> None:
    reply = await ask(briefbot, "/topic maritime")

    header, *entries = reply.text.split("\n\n")
    assert header.startswith("Topic: Maritime security\n5 dialogues, newest first")
    assert len(entries) >= 4
    dates = [entry.splitlines()[1] for entry in entries]
    assert dates[:3] == [
        "10–13 August 2025 (year from the date line), Seoul · State visit / joint statement",
        "23 April 2024 (year from the date line), Hanoi · 11th defence policy dialogue",
        "28 March 2023 (year from Lee Jong-sup's term as Minister of National Defense), Seoul"
        " · Defence ministers' talks",
    ]
    years = [int(y) for d in dates if (y := _year(d))]
    assert years == sorted(years, reverse=True)
    assert all(not _year(d) for d in dates[len(years) :]), "undated dialogues come last"
    for entry in entries:
        # A quote line may name its speaker first: "• Hoàng Xuân Chiến (Vietnam): “…”".
        facts = [line for line in entry.splitlines() if re.match(r"• (?:[^“\n]+: )?“", line)]
        assert facts, f"no supporting sentence in:\n{entry}"
        assert any(re.search(r"maritime|sea\b|naval|UNCLOS", f, re.IGNORECASE) for f in facts)
    assert_cites_sources(reply)
    assert [d for _label, d in reply.buttons()][:2] == [
        "/dialogue 2025-08-10-state-visit-seoul",
        "/dialogue 2024-04-23-defence-policy-dialogue-hanoi",
    ]


async def test_person_phan_van_giang(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/person Phan Van Giang")

    text = reply.text
    assert text.startswith("Phan Văn Giang (Vietnam)\n\nMinister of National Defence")
    assert "Vietnam, RoK agree to strengthen defence ties" in text
    assert (
        "28 March 2023 (year from Lee Jong-sup's term as Minister of National Defense), Seoul"
        in (text)
    )
    assert "With Lee Jong-sup (Minister of National Defence, RoK)" in text
    assert "Four No's" in text and "UNCLOS" in text
    assert {outlet for outlet, _date in _cited(reply)} == {"VNA"}
    assert_cites_sources(reply)
    # The short page quotes his best statements; "More" shows the rest in the same message.
    more = dict(reply.buttons())["More ▾"]
    opened = await briefbot.press(more, message_id=reply.messages[-1].message_id)
    [full] = opened.edited
    assert "With Lee Jong-sup (Minister of National Defence, RoK)" in full
    assert "Four No's" in full
    for term in ("UNCLOS", "KOICA", "dioxin", "bomb, mine", "(DOC)", "(COC)", "bombs and mines"):
        assert term in full, term
    assert "War legacy (bombs, mines, dioxin)" in full
    assert {outlet for outlet, _date in citations(full)} == {"VNA"}


async def test_position_four_nos_gives_the_points_and_the_dialogue(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/position four no's")

    text = reply.text
    assert text.startswith('The "Four No\'s" defence policy')
    assert "Viet Nam National Defence White Paper, 2019" in text
    for number, point in enumerate(
        (
            "No participation in military alliances",
            "No siding with one country against another",
            "No foreign military bases",
            "No using force or threatening to use force",
        ),
        start=1,
    ):
        assert f"{number}. {point}" in text
    assert "Cited in 1 dialogue" in text
    assert "Vietnam, RoK agree to strengthen defence ties" in text
    assert (
        "28 March 2023 (year from Lee Jong-sup's term as Minister of National Defense), Seoul"
        in (text)
    )
    assert "consistently pursues the 'Four No's' policy" in text
    assert_cites_sources(reply, ["VNA"])


async def test_person_hoang_xuan_chien(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/person Hoang Xuan Chien")

    text = reply.text
    assert text.startswith("Hoàng Xuân Chiến (Vietnam)")
    assert "Deputy Minister of National Defence" in text
    assert "23 April 2024 (year from the date line), Hanoi · 11th defence policy dialogue" in text
    assert "With Kim Seon-ho (Deputy Minister of National Defence, RoK)" in text
    assert "$34 million" in text
    assert ("The Europe Today", "24 Apr 2024") in _cited(reply)
    assert_cites_sources(reply, ["The Europe Today"])


@pytest.mark.parametrize(
    "quoted",
    ['/person "Phan Van Giang"', "/person “Phan Van Giang”", "/person phan van giang"],
)
async def test_quoted_and_lower_case_names_answer_the_same(briefbot: LiveBot, quoted: str) -> None:
    plain = await ask(briefbot, "/person Phan Van Giang")
    other = await ask(briefbot, quoted)

    assert other.text == plain.text
    assert other.buttons() == plain.buttons()


# --- every command, in every kind of chat ---------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A command, what its answer must contain, and what else comes with it."""

    command: str
    expected: tuple[str, ...]
    cited: bool = False
    photo: bool = False
    buttons: tuple[str, ...] = ()


CASES = [
    Case("/start", ("Briefbot briefs you",)),
    Case("/help", ("Briefbot commands", "/search <words>")),
    Case("/latest", ("Latest dialogue", "10–13 August 2025"), cited=True),
    Case("/latest 3", ("Latest 3 dialogues", "23 April 2024", "28 March 2023"), cited=True),
    Case("/topic maritime", ("Topic: Maritime security", "5 dialogues"), cited=True),
    Case("/topic navy", ("Topic: Maritime security",), cited=True),
    Case("/topics", ("Topics", "Maritime security — 5 dialogues · /topic maritime")),
    Case("/person Phan Van Giang", ("Phan Văn Giang", "Minister of National Defence"), cited=True),
    Case("/people", ("People", "Tô Lâm (Vietnam, Party General Secretary) — 1 dialogue")),
    Case("/position four no's", ("Four No's", "No participation in military alliances"), True),
    Case("/positions", ("Policy positions", "Four No's")),
    Case("/timeline", ("Timeline", "2025", "2024", "Year unknown"), photo=True),
    Case(
        "/timeline 2024",
        ("Timeline — 2024", "23 April 2024 (year from the date line), Hanoi"),
        photo=True,
    ),
    Case("/search bomb", ("Search: bomb", "3 matching sentences", "war-left bombs"), cited=True),
    Case('/search "East Sea" UNCLOS', ('Search: "East Sea" UNCLOS', "UNCLOS"), cited=True),
    Case("/source {mt_team}", ("MT Team, 13 Aug 2025", "Supports: Hanoi, Seoul Strengthen")),
    Case("/topic", ("Say which one.", "/topic <topic>"), buttons=("/topic maritime",)),
    Case("/person", ("Say which one.", "/person <name>"), buttons=("/person phan-van-giang",)),
    Case("/position", ("Say which one.",), buttons=("/position four-nos",)),
]


@pytest.mark.parametrize("where", EVERYWHERE)
@pytest.mark.parametrize("case", [pytest.param(c, id=c.command) for c in CASES])
async def test_every_command_everywhere(briefbot: LiveBot, case: Case, where: Where) -> None:
    command = case.command.format(mt_team=mt_team_source(briefbot.store))
    reply = await ask(briefbot, command, where)

    assert reply.texts, f"no answer to {command!r} in a {where.kind} chat"
    for expected in case.expected:
        assert expected in reply.text, expected
    if case.cited:
        assert_cites_sources(reply)
    photos = reply.of("sendPhoto")
    assert len(photos) == (1 if case.photo else 0)
    for photo in photos:
        assert photo.file is not None and photo.file.content.startswith(PNG_MAGIC)
    data = [d for _label, d in reply.buttons()]
    for expected in case.buttons:
        assert expected in data
    assert all(len(d.encode()) <= 64 and parse_command(d) for d in data)
    assert reply.of("sendDocument") == []


async def test_channel_post_naming_the_bot_is_answered(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, f"/topic@{briefbot.username} maritime", CHANNEL)

    assert "Topic: Maritime security" in reply.text


@pytest.mark.parametrize("where", EVERYWHERE)
async def test_command_in_capitals_is_understood_everywhere(
    briefbot: LiveBot, where: Where
) -> None:
    reply = await ask(briefbot, "/Topic maritime", where)

    assert reply.text.startswith("Topic: Maritime security")


async def test_channel_post_copied_into_the_discussion_group_is_not_answered_again(
    briefbot: LiveBot,
) -> None:
    post = await ask(briefbot, "/latest", CHANNEL)
    copied = await briefbot.auto_forward(post)

    assert post.text.startswith("Latest dialogue")
    assert copied.messages == []


# --- edited commands ----------------------------------------------------------------------------


@pytest.mark.parametrize("where", EVERYWHERE)
async def test_command_fixed_by_editing_is_answered_once(briefbot: LiveBot, where: Where) -> None:
    typo = await ask(briefbot, "/persn Phan Van Giang", where)
    fixed = await briefbot.edit(typo, addressed(briefbot, "/person Phan Van Giang", where))
    sent_anew = await ask(briefbot, "/person Phan Van Giang", where)

    assert fixed.texts and fixed.texts[0].startswith("Phan Văn Giang (Vietnam)")
    assert fixed.texts == sent_anew.texts, "one answer per edit, the same as for a new message"
    assert {m.chat_id for m in fixed.messages} == {where.chat_id}


async def test_each_edit_gets_its_own_answer(briefbot: LiveBot) -> None:
    first = await ask(briefbot, "/topic maritime")
    second = await briefbot.edit(first, "/topic cyber")
    third = await briefbot.edit(first, "just a note, not a command")

    assert first.text.startswith("Topic: Maritime security")
    assert second.text.startswith("Topic: Cyber")
    assert third.messages == []


async def test_forum_topic_answer_lands_in_the_same_topic(briefbot: LiveBot) -> None:
    reply = await briefbot.send_in_topic(f"/timeline@{briefbot.username}", thread_id=77)

    assert reply.texts and reply.of("sendPhoto")
    assert {m.message_thread_id for m in reply.messages} == {77}


async def test_bare_topic_and_person_offer_buttons_of_choices(briefbot: LiveBot) -> None:
    topics = await ask(briefbot, "/topic")
    people = await ask(briefbot, "/person")

    topic_data = [d for _label, d in topics.buttons()]
    assert topic_data and all(d.startswith("/topic ") for d in topic_data)
    assert ("Maritime security", "/topic maritime") in topics.buttons()
    person_data = [d for _label, d in people.buttons()]
    assert person_data and all(d.startswith("/person ") for d in person_data)
    assert "/person phan-van-giang" in person_data


# --- /source and long briefings -------------------------------------------------------------------


async def test_short_source_is_shown_whole_without_a_document(briefbot: LiveBot) -> None:
    source_id = mt_team_source(briefbot.store)
    reply = await ask(briefbot, f"/source {source_id}")

    assert f"id {source_id}" in reply.text
    assert "the rest of the article is not shown" not in reply.text
    assert reply.of("sendDocument") == []
    [(label, data)] = reply.buttons()
    assert label.startswith("Hanoi, Seoul Strengthen") and len(label) <= 30
    assert data == "/dialogue 2025-08-10-state-visit-seoul"


LONG_ARTICLE_HEAD = """---
outlet: VNA
url: https://en.vietnamplus.vn/long-defence-dialogue.vnp
published: 2023-06-21
---
Vietnam, RoK hold 10th defence policy dialogue in Seoul

Seoul (VNA) – Deputy Minister of National Defence Sen. Lieut. Gen. Hoang Xuan Chien and RoK \
Vice Minister of National Defence Shin Beom-chul co-chaired the 10th defence policy dialogue \
in Seoul on June 20, 2023.
"""


def write_long_article(folder: Path, paragraphs: int = 60) -> Path:
    """An article well over the /source display limit, with a recognisable last paragraph."""
    body = "\n\n".join(
        f"Paragraph {n}: the two sides reviewed cooperation in training, military medicine, "
        f"cyber security and the settlement of war consequences, item {n} of the agenda."
        for n in range(1, paragraphs + 1)
    )
    path = folder / "long_article.txt"
    path.write_text(f"{LONG_ARTICLE_HEAD}\n{body}\n\nThe very last paragraph ends here.\n")
    return path


async def test_long_source_comes_with_the_full_text_as_a_document(
    briefbot: LiveBot, reference: Reference, tmp_path: Path
) -> None:
    [result] = ingest_paths(
        [write_long_article(tmp_path)], store=briefbot.store, reference=reference
    )
    assert result.ok, result.error
    source_id = next(
        s.id for s in briefbot.store.corpus().sources.values() if s.file == "long_article.txt"
    )

    reply = await ask(briefbot, f"/source {source_id}")

    assert "VNA, 21 Jun 2023" in reply.text
    assert "the rest of the article is not shown" in reply.text
    assert "The very last paragraph ends here." not in reply.text
    [document] = reply.of("sendDocument")
    assert document.file is not None
    assert document.file.filename == f"{source_id}.txt"
    assert b"The very last paragraph ends here." in document.file.content
    assert document.visible_text == "Full text of long_article.txt"
    assert reply.messages[-1].method == "sendDocument"


async def test_latest_ten_is_split_at_paragraphs_and_every_part_accepted(
    briefbot: LiveBot, reference: Reference
) -> None:
    short = await ask(briefbot, "/latest 10")
    # Short cards: the five newest dialogues in one message; in full they take several.
    reply = await ask(briefbot, "/latest 10 full")

    assert len(short.texts) == 1 and short.texts[0].startswith("Latest 5 dialogues")
    assert len(reply.texts) >= 2
    assert all(utf16_len(html) <= MAX_MESSAGE_LENGTH for html in reply.html)
    assert reply.texts[0].startswith("Latest 5 dialogues, newest first")
    whole = render_text(answer(briefbot.store.corpus(), reference, _parsed("/latest 10 full")))
    assert "\n\n".join(reply.texts) == whole, "parts must join back into the whole briefing"
    assert reply.buttons() and reply.messages[-1].reply_markup is not None
    assert all(m.reply_markup is None for m in reply.messages[:-1])
    assert_cites_sources(reply)


@pytest.mark.parametrize(
    "where", [pytest.param(PRIVATE, id="private"), pytest.param(GROUP, id="group")]
)
async def test_timeline_of_many_dialogues_is_paged_with_a_button_to_the_next_page(
    briefbot: LiveBot, where: Where, crowded_store_file: Path
) -> None:
    crowd(briefbot, crowded_store_file)
    pages = -(-(SEED_COUNT + GENERATED) // PAGE_LINES)

    reply = await ask(briefbot, "/timeline", where)

    [first] = reply.texts
    assert first.startswith(f"Timeline · page 1 of {pages}")
    assert first.endswith(f"{SEED_COUNT + GENERATED - PAGE_LINES} more dialogues… /timeline page 2")
    assert first.count("\n• ") == PAGE_LINES
    newest = GENERATED - 1
    assert f"number {newest}," in first and "number 0," not in first, "newest first"
    assert (f"Next page (2/{pages}) ▶", "/timeline page 2") in reply.buttons()
    [photo] = reply.of("sendPhoto")
    assert photo.file is not None and photo.file.content.startswith(PNG_MAGIC)

    listed = reply.of("sendMessage")[-1].message_id
    following = await briefbot.press(
        "/timeline page 2", chat_id=where.chat_id, chat_type=where.chat_type, message_id=listed
    )

    [second] = following.edited  # the list pages in place
    assert second.startswith(f"Timeline · page 2 of {pages}")
    shown = [line for line in second.splitlines() if line.startswith("• ")]
    assert len(shown) == PAGE_LINES and not set(shown) & set(first.splitlines())
    assert ("◀ Page 1", "/timeline page 1") in following.buttons()
    assert not following.of("sendPhoto"), "the chart comes with /timeline only"
    back = await briefbot.press(
        "/timeline page 1", chat_id=where.chat_id, chat_type=where.chat_type, message_id=listed
    )
    assert back.edited[0].startswith(f"Timeline · page 1 of {pages}")
    assert not back.of("sendPhoto"), "paging back does not send the chart again"


async def test_topic_with_many_dialogues_is_paged_and_cited(
    briefbot: LiveBot, crowded_store_file: Path
) -> None:
    crowd(briefbot, crowded_store_file)
    total = SEED_COUNT + GENERATED
    pages = -(-total // PAGE_DIALOGUES)

    reply = await ask(briefbot, "/topic maritime")

    [text] = reply.texts
    assert text.startswith(f"Topic: Maritime security\n{total} dialogues, newest first · page 1")
    assert text.endswith(f"{total - PAGE_DIALOGUES} more dialogues… /topic maritime page 2")
    assert_cites_sources(reply)
    assert (f"Next page (2/{pages}) ▶", "/topic maritime page 2") in reply.buttons()

    following = await briefbot.press("/topic maritime page 2")

    [second] = following.edited
    assert second.startswith(f"Topic: Maritime security\n{total} dialogues, newest first · page 2")
    assert_cites_sources(following, outlets=("VNA",))


# --- bad input ------------------------------------------------------------------------------------


async def test_unknown_command_in_private_gets_suggestions(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/lastest")

    assert len(reply.messages) == 1 and len(reply.text) < SHORT
    assert reply.text.startswith("Unknown command /lastest.")
    assert "Did you mean" in reply.text and "/latest" in reply.text
    assert "/help lists every command." in reply.text
    assert ("/latest", "/latest") in reply.buttons()


async def test_unknown_command_without_close_match_points_to_help(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/foo")

    assert reply.text == "Unknown command /foo.\n\n/help lists every command."


@pytest.mark.parametrize(
    "text", ["/foo", "/latest@other_bot", "/topic@other_bot maritime", "/foo@other_bot"]
)
async def test_group_commands_not_for_us_get_no_answer(briefbot: LiveBot, text: str) -> None:
    reply = await briefbot.send(text, chat_type="group", chat_id=DEFAULT_GROUP_ID)

    assert reply.messages == []
    assert [c.method for c in reply.calls if c.chat_id == DEFAULT_GROUP_ID] == []


@pytest.mark.parametrize("text", ["/latest@other_bot", "/foo", "/foo@other_bot"])
async def test_channel_commands_not_for_us_get_no_answer(briefbot: LiveBot, text: str) -> None:
    reply = await briefbot.send(text, chat_type="channel")

    assert reply.messages == []


async def test_unknown_command_naming_us_in_a_group_is_answered(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/lastest", GROUP)

    assert reply.text.startswith("Unknown command /lastest")


async def test_unknown_command_naming_us_in_a_channel_is_answered(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, f"/lastest@{briefbot.username}", CHANNEL)

    assert reply.text.startswith("Unknown command /lastest")
    assert "/latest" in reply.text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "/latest abc",
            "“abc” is not a number.\n\n/latest [1-10] [period]\nThe most recent dialogues",
        ),
        ("/latest 0", "Choose a number from 1 to 10."),
        ("/latest 99", "Choose a number from 1 to 10."),
        ("/latest -1", "Choose a number from 1 to 10."),
        ("/latest " + "9" * 5000, "Choose a number from 1 to 10."),
        (
            "/timeline 20x5",
            "“20x5” is not a year; write it like 2024.\n\n/timeline [period] [page N]",
        ),
        ("/timeline 1999", "No dialogue is dated 1999."),
        ("/search", "/search <words>"),
        ("/source nope", "No source matches “nope”."),
        ("/topic zzzqqq", "No topic matches “zzzqqq”."),
    ],
)
async def test_bad_arguments_get_a_short_answer(
    briefbot: LiveBot, command: str, expected: str
) -> None:
    reply = await ask(briefbot, command)

    assert len(reply.messages) == 1
    assert expected in reply.text
    assert len(reply.text) < SHORT * 2


async def test_unknown_person_gets_suggestions(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/person Nobody Atall")

    assert len(reply.messages) == 1 and len(reply.text) < SHORT
    assert reply.text.startswith("No person matches “Nobody Atall”.")
    assert "Did you mean:" in reply.text and "/people lists everyone." in reply.text
    assert reply.buttons() and all(d.startswith("/person ") for _l, d in reply.buttons())


@pytest.mark.parametrize("where", EVERYWHERE)
async def test_markup_in_user_text_is_shown_literally(briefbot: LiveBot, where: Where) -> None:
    reply = await ask(briefbot, "/person <b>x</b> & <script>", where)

    [message] = reply.of("sendMessage")
    assert message.call.ok
    assert "No person matches “<b>x</b> & <script>”." in message.visible_text
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in message.text
    assert "bold" not in {e.get("type") for e in _entities(message.call.result)}


async def test_markup_in_search_words_is_escaped(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, '/search <i>"East Sea"</i> & <a href="x">')

    assert reply.texts
    assert all(m.call.ok for m in reply.messages)


# --- helpers --------------------------------------------------------------------------------------


def _cited(reply: Reply) -> list[tuple[str, str]]:
    return citations(reply.text)


def _year(heading_line: str) -> str | None:
    match = re.search(r"\b(\d{4}),", heading_line)
    return match.group(1) if match else None


def _parsed(text: str) -> ParsedCommand:
    command = parse_command(text)
    assert command is not None
    return command


def _entities(result: object) -> list[dict[str, object]]:
    if isinstance(result, dict):
        found = result.get("entities", [])
        return list(found) if isinstance(found, list) else []
    return []


async def test_search_finds_the_same_sentences_in_every_spelling(briefbot: LiveBot) -> None:
    counts = {}
    for spelling in ("Vietnam", "Việt Nam", "viet-nam", "베트남"):
        reply = await ask(briefbot, f"/search {spelling}")
        [message] = reply.of("sendMessage")
        found = re.search(r"(\d+) matching sentences", message.visible_text)
        assert found, message.visible_text
        counts[spelling] = int(found.group(1))
        text = message.visible_text
        bold = [e for e in _entities(message.call.result) if e.get("type") == "bold"]
        marked = {text[int(str(e["offset"])) :][: int(str(e["length"]))] for e in bold}
        assert marked & {"Việt Nam", "Vietnam", "Viet Nam"}  # the original spelling is marked
    assert len(set(counts.values())) == 1 and counts["Vietnam"] > 9, counts
