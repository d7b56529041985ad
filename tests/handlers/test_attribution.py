"""Who said what, years' bases, outcomes and /series, as a Telegram user sees them end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import GENERATED, SEED_COUNT, LiveBot, citations, crowd, per_line, uncited_facts
from domain.factories import ev

from bot.domain.briefings import PAGE_LINES
from bot.domain.models import (
    Commitment,
    Dialogue,
    EventDate,
    Evidence,
    Language,
    Participant,
    Person,
    PositionHit,
    Side,
    Source,
    SourceRef,
    TopicHit,
)
from bot.store import Store

SOURCE = "attrib0000000001"
CHIEN, KIM = "hoang-xuan-chien", "kim-seon-ho"
CHIEN_SAID = "Thượng tướng Hoàng Xuân Chiến cảm ơn Hàn Quốc đã hỗ trợ rà phá bom mìn."
KIM_ASKED = "Kim Seon-ho asked Vietnam to settle East Sea disputes under UNCLOS."
JOINT = "The two sides agreed to hold the next dialogue in Seoul."
PLEDGE = "The RoK pledged US$20 million for a new training centre."
RECALLED = "The RoK had provided US$34 million for bomb clearance since 2018."


def _said(
    sentence: str, *, by: str | None = None, side: Side | None = None, lang: Language | None = None
) -> Evidence:
    return ev(sentence, SOURCE, by=by, side=side, lang=lang)


def add_attributed_dialogue(store: Store) -> str:
    """A 12th defence policy dialogue whose sentences name their speakers, as engine output."""
    text = " ".join((CHIEN_SAID, KIM_ASKED, JOINT, PLEDGE, RECALLED))
    dialogue = Dialogue(
        id="dpd-12-test",
        title="12th Vietnam–RoK defence policy dialogue",
        date=EventDate(year=2025, month=6, day=20, precision="day", year_basis="date line"),
        place="Hanoi",
        mechanism="defence-policy-dialogue",
        edition=12,
        participants=[
            Participant(person_id=CHIEN, name="Hoàng Xuân Chiến", country="VN"),
            Participant(person_id=KIM, name="Kim Seon-ho", country="KR"),
        ],
        summary=[_said(JOINT, side="both")],
        topics=[TopicHit(id="war-legacy", evidence=[_said(CHIEN_SAID, by=CHIEN, lang="vi")])],
        positions=[PositionHit(id="east-sea-stance", evidence=[_said(KIM_ASKED, by=KIM)])],
        commitments=[
            Commitment(text="$20 million training centre", evidence=_said(PLEDGE, side="KR")),
            Commitment(
                text="$34 million bomb clearance", evidence=_said(RECALLED), kind="background"
            ),
        ],
        sources=[
            SourceRef(id=SOURCE, file="attrib.txt", outlet="QĐND", published=date(2025, 6, 21))
        ],
    )
    store.save_article(
        source=Source(
            id=SOURCE, file="attrib.txt", outlet="QĐND", published=date(2025, 6, 21), text=text
        ),
        dialogue=dialogue,
        people=[
            Person(id=CHIEN, name="Hoàng Xuân Chiến", country="VN"),
            Person(id=KIM, name="Kim Seon-ho", country="KR"),
        ],
    )
    return dialogue.id


async def test_a_persons_page_never_shows_a_counterparts_words(briefbot: LiveBot) -> None:
    add_attributed_dialogue(briefbot.store)

    kim = await briefbot.send("/person Kim Seon-ho")
    chien = await briefbot.send("/person Hoang Xuan Chien")
    war_legacy = await briefbot.send("/topic war legacy")

    assert CHIEN_SAID not in kim.text
    assert f"• Kim Seon-ho: “{KIM_ASKED}” — QĐND, 21 Jun 2025" in per_line(kim.text)
    assert KIM_ASKED not in chien.text
    assert "12th defence policy dialogue" in chien.text
    # Kim's short page quotes his own best words; the joint statement is behind "More".
    more = dict(kim.buttons())["More ▾"]
    [full] = (await briefbot.press(more, message_id=kim.messages[-1].message_id)).edited
    assert f"• Both sides: “{JOINT}” — QĐND, 21 Jun 2025" in per_line(full)
    assert f"• Kim Seon-ho: “{KIM_ASKED}” — QĐND, 21 Jun 2025" in per_line(full)
    assert CHIEN_SAID not in full and uncited_facts(full) == []
    more = dict(chien.buttons())["More ▾"]
    [full] = (await briefbot.press(more, message_id=chien.messages[-1].message_id)).edited
    assert KIM_ASKED not in full and "12th defence policy dialogue" in full
    # A quote keeps the article's language and carries its tag.
    said = f"• Hoàng Xuân Chiến (Vietnam) [vi]: “{CHIEN_SAID}” — QĐND, 21 Jun 2025"
    assert said in per_line(war_legacy.text)
    assert uncited_facts(kim.text) == uncited_facts(chien.text) == []


async def test_a_position_page_says_the_rok_asked_not_vietnam(briefbot: LiveBot) -> None:
    add_attributed_dialogue(briefbot.store)

    reply = await briefbot.send("/position east sea stance")

    assert f"• Kim Seon-ho (RoK): “{KIM_ASKED}” — QĐND, 21 Jun 2025" in per_line(reply.text)
    assert ("QĐND", "21 Jun 2025") in citations(reply.text)


async def test_a_dialogue_shows_its_years_basis_and_outcomes_apart(briefbot: LiveBot) -> None:
    dialogue_id = add_attributed_dialogue(briefbot.store)

    reply = await briefbot.send(f"/dialogue {dialogue_id}")

    assert "20 June 2025 (year from the date line), Hanoi · 12th defence policy dialogue" in (
        reply.text
    )
    # The short card names the commitment and who made it; background waits for "More".
    assert "• Commitment (The RoK): $20 million training centre" in reply.text
    assert RECALLED not in reply.text
    more = dict(reply.buttons())["More ▾"]
    [full] = (await briefbot.press(more, message_id=reply.messages[-1].message_id)).edited
    agreed, _, background = full.partition("Background (figures the article recalls")
    assert f"• $20 million training centre — The RoK: “{PLEDGE}”" in agreed
    assert RECALLED in background and PLEDGE not in background


async def test_series_lists_editions_with_buttons_and_pages(
    briefbot: LiveBot, crowded_store_file: Path
) -> None:
    crowd(briefbot, crowded_store_file)
    total = GENERATED + 1  # the generated dialogues and the seed's 11th
    pages = -(-total // PAGE_LINES)

    index = await briefbot.send("/series")
    assert index.text.startswith("Series")
    assert ("Defence policy dialogue", "/series defence-policy-dialogue") in index.buttons()

    reply = await briefbot.send("/series defense policy dialog")
    [first] = reply.texts
    assert first.startswith(f"Series: Defence policy dialogue\n{total} dialogues, oldest first")
    rows = [line for line in first.splitlines() if line.startswith("• ")]
    assert len(rows) == PAGE_LINES and rows[0].startswith("• Edition not given — 1 January 1990")
    assert (f"Next page (2/{pages}) ▶", "/series defence-policy-dialogue page 2") in (
        reply.buttons()
    )

    last = await briefbot.press(f"/series defence-policy-dialogue page {pages}")
    assert "• 11th — 23 April 2024" in last.text, "the newest edition comes last"
    assert len(briefbot.store.corpus().dialogues) == SEED_COUNT + GENERATED


async def test_a_series_deep_link_opens_it(briefbot: LiveBot) -> None:
    reply = await briefbot.send("/start series_defence-policy-dialogue")

    assert reply.text.startswith("Series: Defence policy dialogue\n1 dialogue, oldest first")
    assert "Hoàng Xuân Chiến (Deputy Minister of National Defence, Vietnam)" in reply.text
