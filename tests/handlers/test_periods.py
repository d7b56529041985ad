"""Time on every command, end to end: "/topic maritime 2024" lists 2024 only, and says so."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import LiveBot, Reply, assert_cites_sources, crowd

from bot.chart import timeline_png, timeline_series
from bot.domain.briefings import PAGE_DIALOGUES, PAGE_LINES
from bot.domain.periods import Period
from bot.domain.reference import Reference

VISIT_2025 = "Hanoi, Seoul Strengthen Defence, Security, Economic Ties"
POLICY_2024 = "11th Defence policy dialogue, Hanoi"
TALKS_2023 = "Vietnam, RoK agree to strengthen defence ties"
STRATEGIC_UNDATED = "15 November (year unknown)"
SEED_TITLES = (VISIT_2025, POLICY_2024, TALKS_2023)
# Series rows name a dialogue by its date only.
SEED_DATES = {VISIT_2025: "August 2025", POLICY_2024: "23 April 2024", TALKS_2023: "28 March 2023"}


async def ask(bot: LiveBot, text: str) -> Reply:
    return await bot.send(text)


def _shown(text: str) -> set[str]:
    """Which seed dialogues a briefing lists."""
    return {title for title in SEED_TITLES if title in text or SEED_DATES[title] in text}


@pytest.mark.parametrize(
    ("command", "heading", "listed"),
    [
        ("/topic maritime 2024", "Topic: Maritime security, 2024\n1 dialogue", {POLICY_2024}),
        ("/topic navy in 2024", "Topic: Maritime security, 2024\n1 dialogue", {POLICY_2024}),
        (
            "/topic maritime since 2024",
            "Topic: Maritime security, since 2024\n2 dialogues",
            {VISIT_2025, POLICY_2024},
        ),
        (
            "/topic maritime 2023–2024",
            "Topic: Maritime security, 2023–2024\n2 dialogues",
            {POLICY_2024, TALKS_2023},
        ),
        (
            "/topic maritime from 2023 to 2024",
            "Topic: Maritime security, 2023–2024\n2 dialogues",
            {POLICY_2024, TALKS_2023},
        ),
        (
            "/topic Biển Đông trước năm 2024",
            "Topic: East Sea (South China Sea), before 2024",
            {TALKS_2023},
        ),
        ("/person Giang 2019-2023", "1 dialogue, 2019–2023, newest first", {TALKS_2023}),
        ("/person Kim Seon-ho 2024", "1 dialogue, 2024, newest first", {POLICY_2024}),
        ("/position east sea since 2024", "Cited in 1 dialogue, since 2024", {POLICY_2024}),
        ("/timeline 2023-2024", "Timeline — 2023–2024", {POLICY_2024, TALKS_2023}),
        ("/timeline before 2030", "Timeline — before 2030", set(SEED_TITLES)),
        ("/latest 5 2023", "Latest dialogue, 2023", {TALKS_2023}),
        ("/latest 3 since 2024", "Latest 2 dialogues, since 2024", {VISIT_2025, POLICY_2024}),
        (
            "/series defence policy dialogue since 2015",
            "Series: Defence policy dialogue, since 2015\n1 dialogue",
            {POLICY_2024},
        ),
        ("/search defence since 2025", "Search: defence, since 2025", {VISIT_2025}),
    ],
)
async def test_a_period_narrows_the_briefing_and_its_heading_says_so(
    briefbot: LiveBot, command: str, heading: str, listed: set[str]
) -> None:
    reply = await ask(briefbot, command)

    assert heading in reply.text
    assert _shown(reply.text) == listed
    assert STRATEGIC_UNDATED not in reply.text, "an undated dialogue is in no period"
    if "“" in reply.text:
        assert_cites_sources(reply)


async def test_a_period_with_nothing_in_it_says_so_and_offers_every_year(
    briefbot: LiveBot,
) -> None:
    reply = await ask(briefbot, "/topic maritime since 2030")

    assert reply.text.startswith(
        "Maritime security, since 2030: no dialogue is dated in this period."
    )
    assert "Every year:\n• /topic maritime" in reply.text
    assert reply.buttons() == [("/topic maritime", "/topic maritime")]

    everything = await briefbot.press("/topic maritime")

    assert "Topic: Maritime security\n5 dialogues" in everything.text


@pytest.mark.parametrize(
    ("command", "offered"),
    [
        ("/person Phan Van Giang 2024", "/person phan-van-giang"),
        ("/search defence before 2000", "/search defence"),
        ("/latest 2030", "/latest"),
        ("/timeline 2010-2020", "/timeline"),
    ],
)
async def test_every_command_answers_an_empty_period_with_the_whole_range(
    briefbot: LiveBot, command: str, offered: str
) -> None:
    reply = await ask(briefbot, command)

    assert len(reply.messages) == 1
    assert re.search(r"no dialogue is dated|No dialogue is dated", reply.text)
    assert offered in [data for _label, data in reply.buttons()]


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("/topic maritime since banana", "“since banana” is not a period."),
        ("/person Giang before lunch", "“before lunch” is not a period."),
        ("/timeline 2030-2020", "2030 comes after 2020: write the earlier year first."),
        ("/latest 3 since banana", "“since banana” is not a period."),
    ],
)
async def test_a_bad_period_gets_a_short_usage_answer(
    briefbot: LiveBot, command: str, says: str
) -> None:
    reply = await ask(briefbot, command)

    assert len(reply.messages) == 1
    assert reply.text.startswith(says)
    assert len(reply.text) < 400


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/search 1982", "Search: 1982\n3 matching sentences"),
        ("/search 2030-2020", "No sentence matches “2030-2020”."),
        ('/search "including the 1982"', 'Search: "including the 1982"\n'),
    ],
)
async def test_a_search_for_a_year_alone_still_searches_for_it(
    briefbot: LiveBot, command: str, answer: str
) -> None:
    reply = await ask(briefbot, command)

    assert reply.text.startswith(answer)


async def test_page_buttons_keep_the_period(briefbot: LiveBot, crowded_store_file: Path) -> None:
    crowd(briefbot, crowded_store_file)
    # Twelve generated dialogues a year, 1990 to 1999; one each month.
    in_period = 12 * 3
    pages = -(-in_period // PAGE_DIALOGUES)

    reply = await ask(briefbot, "/topic maritime 1991-1993")

    [first] = reply.texts
    assert first.startswith(f"Topic: Maritime security, 1991–1993\n{in_period} dialogues")
    assert first.endswith("/topic maritime 1991-1993 page 2")
    assert (f"Next page (2/{pages}) ▶", "/topic maritime 1991-1993 page 2") in reply.buttons()

    last = await briefbot.press(f"/topic maritime 1991-1993 page {pages}")

    [shown] = last.edited  # a page button turns the list's message to that page
    body = shown.split("\n", 1)[1]
    years = {int(y) for y in re.findall(r"\b(19\d\d)\b", body)}
    assert years == {1991}, "the last page holds the oldest of the period, and none before"
    assert shown.startswith("Topic: Maritime security, 1991–1993")


async def test_timeline_pages_keep_the_period(briefbot: LiveBot, crowded_store_file: Path) -> None:
    crowd(briefbot, crowded_store_file)

    reply = await ask(briefbot, "/timeline since 1998")

    [first] = reply.texts
    total = 12 * 2 + 3  # 1998 and 1999 generated, and the three dated seed dialogues
    assert first.startswith(f"Timeline — since 1998 · page 1 of {-(-total // PAGE_LINES)}")
    assert ("Next page (2/2) ▶", "/timeline since 1998 page 2") in reply.buttons()
    second = await briefbot.press("/timeline since 1998 page 2")
    shown = [line for line in second.text.splitlines() if line.startswith("• ")]
    assert len(shown) == total - PAGE_LINES
    assert all("1998" in line for line in shown[-3:])


@pytest.mark.parametrize(
    ("payload", "same_as"),
    [
        ("topic_maritime_2024", "/topic maritime 2024"),
        ("topic_maritime_since-2024", "/topic maritime since 2024"),
        ("person_phan-van-giang_2019-2023", "/person Phan Van Giang 2019-2023"),
        ("position_east-sea-stance_before-2025", "/position east sea before 2025"),
        ("year_2023-2024", "/timeline 2023-2024"),
    ],
)
async def test_a_deep_link_keeps_the_period(briefbot: LiveBot, payload: str, same_as: str) -> None:
    deep = await ask(briefbot, f"/start {payload}")
    direct = await ask(briefbot, same_as)

    assert deep.text == direct.text
    assert "Briefbot briefs you" not in deep.text


@pytest.mark.parametrize(
    ("question", "heading", "listed"),
    [
        (
            "What did Vietnam say about the East Sea since 2024?",
            "Cited in 1 dialogue, since 2024",
            {POLICY_2024},
        ),
        ("anything on maritime security in 2023?", "Maritime security, 2023", {TALKS_2023}),
        (
            "Việt Nam nói gì về Biển Đông từ năm 2024?",
            "Cited in 1 dialogue, since 2024",
            {POLICY_2024},
        ),
    ],
)
async def test_a_plain_question_keeps_its_period(
    briefbot: LiveBot, question: str, heading: str, listed: set[str]
) -> None:
    reply = await ask(briefbot, question)

    assert heading in reply.text
    assert _shown(reply.text) == listed


@pytest.mark.parametrize(
    ("commands", "named", "dialogues"),
    [
        (
            ("/topic maritime since 2024", "/export"),
            "/topic maritime since 2024",
            {"2025-08-10-state-visit-seoul", "2024-04-23-defence-policy-dialogue-hanoi"},
        ),
        (
            ("/timeline 2023 export",),
            "/timeline 2023",
            {"2023-03-28-defence-ministers-talks-seoul"},
        ),
        (
            ("/search defence since 2025 export",),
            "/search defence since 2025",
            {"2025-08-10-state-visit-seoul"},
        ),
    ],
)
async def test_an_export_keeps_the_period(
    briefbot: LiveBot, commands: tuple[str, ...], named: str, dialogues: set[str]
) -> None:
    for command in commands:
        reply = await ask(briefbot, command)

    csv_doc, _json_doc = reply.of("sendDocument")
    assert csv_doc.file is not None
    rows = list(csv.DictReader(io.StringIO(csv_doc.file.content.decode("utf-8-sig"))))
    assert {r["dialogue_id"] for r in rows} == dialogues
    assert f"({named})" in csv_doc.text


async def test_the_timeline_chart_covers_the_period_listed_and_says_so(
    briefbot: LiveBot, crowded_store_file: Path, reference: Reference
) -> None:
    crowd(briefbot, crowded_store_file)

    reply = await ask(briefbot, "/timeline 1995-1997")

    assert reply.texts[0].startswith("Timeline — 1995–1997")
    [photo] = reply.of("sendPhoto")
    assert photo.visible_text == "Dialogues by year and mechanism, 1995–1997"
    assert photo.file is not None
    corpus = briefbot.store.corpus()
    series = timeline_series(corpus, reference, Period(1995, 1997))
    assert series is not None and series.years == ("1995", "1996", "1997")
    assert series.total == 36, "twelve generated dialogues a year, none from another year"
    # The picture sent is that series' chart, not the whole timeline's.
    assert photo.file.content == timeline_png(corpus, reference, period=Period(1995, 1997))
    assert photo.file.content != timeline_png(corpus, reference)


@pytest.mark.parametrize(
    ("command", "period"),
    [
        ("/person Gaing 2023", "2023"),  # misspelt
        ("/person Lee since 2023", "since 2023"),  # ambiguous
        ("/topic secrity 2019-2023", "2019-2023"),
        ("/position eest sae stnace before 2025", "before 2025"),
        ("/series defense dialog 2024", "2024"),
    ],
)
async def test_suggestion_buttons_keep_the_period(
    briefbot: LiveBot, command: str, period: str
) -> None:
    reply = await ask(briefbot, command)

    offered = [data for _label, data in reply.buttons()]
    assert offered, "a name matched by none or several offers the close ones"
    assert all(data.endswith(f" {period}") for data in offered), offered
    # The text lists the same commands the buttons send.
    assert all(data in reply.text for data in offered)


async def test_a_tapped_suggestion_shows_the_period_asked_for(briefbot: LiveBot) -> None:
    reply = await ask(briefbot, "/person Gaing 2023")
    assert reply.text.startswith("No person matches “Gaing”.")
    [giang] = [data for label, data in reply.buttons() if label == "Phan Văn Giang"]

    chosen = await briefbot.press(giang)

    assert "1 dialogue, 2023, newest first" in chosen.text
    assert _shown(chosen.text) == {TALKS_2023}
