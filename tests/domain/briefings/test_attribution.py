"""Who said what: every quote names its speaker, and a person's page holds only their words."""

from __future__ import annotations

import pytest
from conftest import citations, uncited_facts

from bot.domain.briefings import DialogueView, PersonView
from bot.domain.models import Commitment, Dialogue, Participant
from bot.render import render_text

from ..factories import (
    CHIEN,
    EUROPE_TODAY,
    ev,
    make_corpus,
    make_dialogue,
    position_hit,
    seed_corpus,
    seed_dialogues,
    seed_people,
    seed_sources,
)
from .asking import ask, text_of

CHIEN_EAST_SEA = "Deputy Minister Chiến reiterated Vietnam’s steadfast commitment"
CHIEN_THANKS = "He conveyed gratitude to the RoK Government"


def _strip_speakers(dialogues: list[Dialogue]) -> list[Dialogue]:
    """The seed dialogues as a store from before speakers were recorded holds them."""
    out = []
    for d in dialogues:
        data = d.model_dump()
        for item in (*data["summary"], *(c["evidence"] for c in data["commitments"])):
            item.update(said_by=None, side=None)
        for hit in (*data["topics"], *data["positions"]):
            for item in hit["evidence"]:
                item.update(said_by=None, side=None)
        out.append(Dialogue.model_validate(data))
    return out


@pytest.mark.parametrize("size", ["", " full"])
def test_a_counterparts_words_are_not_on_a_persons_page(size: str) -> None:
    kim = text_of(f"/person Kim Seon-ho{size}")
    assert CHIEN_EAST_SEA not in kim and CHIEN_THANKS not in kim
    assert "co-chaired the dialogue" in kim  # the narration of what they did stays
    chien = text_of(f"/person Hoang Xuan Chien{size}")
    assert f"• Hoàng Xuân Chiến: “{CHIEN_EAST_SEA}" in chien
    assert CHIEN_THANKS in chien


def test_each_quote_line_names_its_speaker_and_ends_with_its_citation() -> None:
    # The joint view is behind "More": the short page quotes Giang's own two best statements.
    text = text_of("/person Phan Van Giang full")
    assert "• Phan Văn Giang: “Exchanging views on regional security with his host" in text
    assert "• Both sides: “As for the East Sea, the two ministers shared the view" in text
    assert uncited_facts(text) == []
    assert ("VNA", "28 March (year unknown)") in citations(text)


def test_joint_outcomes_appear_on_both_participants_pages_labelled_as_joint() -> None:
    for who in ("Phan Van Giang", "Lee Jong-sup"):
        text = text_of(f"/person {who} full")
        assert "• Both sides: “As for the East Sea" in text, who
    lee = text_of("/person Lee Jong-sup full")
    assert "Four No" not in lee.split("Also discussed")[0], "Giang's Four No's are not Lee's"


def test_a_position_page_says_which_side_stated_it() -> None:
    text = text_of("/position denuclearisation")
    assert "• Vietnam: “Regarding the Korean Peninsula, Vietnam reaffirmed" in text
    text = text_of("/position east sea stance")
    assert f"• Hoàng Xuân Chiến (Vietnam): “{CHIEN_EAST_SEA}" in text


def test_a_request_the_rok_made_is_not_shown_as_vietnams_position() -> None:
    request = "The Korean side asked Vietnam to settle maritime disputes under UNCLOS."
    talks = make_dialogue(
        "kr-request",
        participants=[Participant(person_id="kim-seon-ho", name="Kim Seon-ho", country="KR")],
        positions=[
            position_hit("east-sea-stance", ev(request, "src1", by="kim-seon-ho"), source_id="src1")
        ],
    )
    corpus = make_corpus([talks], seed_people())
    text = text_of("/position east sea stance", corpus)
    assert f"• Kim Seon-ho (RoK): “{request}”" in text
    side_only = talks.model_copy(
        update={
            "positions": [
                position_hit("east-sea-stance", ev(request, "src1", side="KR"), source_id="src1")
            ]
        }
    )
    text = text_of("/position east sea stance", make_corpus([side_only], seed_people()))
    assert f"• The RoK: “{request}”" in text and "Vietnam: “" not in text


def test_records_without_speakers_render_as_narration() -> None:
    corpus = make_corpus(_strip_speakers(seed_dialogues()), seed_people(), seed_sources())
    text = text_of("/person Phan Van Giang", corpus)
    assert "• “Exchanging views on regional security with his host" in text
    assert "Phan Văn Giang: “" not in text and "Both sides: “" not in text
    assert uncited_facts(text) == []


def test_an_unknown_speaker_id_is_not_turned_into_a_name() -> None:
    said = "We will expand naval training."
    talks = make_dialogue(
        "ghost",
        participants=[Participant(person_id="kim-seon-ho", name="Kim Seon-ho", country="KR")],
        summary=[
            ev(said, "src1", by="nobody-known", side="KR"),
            ev(said + " Again.", "src1", by="x"),
        ],
    )
    view = ask("/dialogue ghost", make_corpus([talks], seed_people()))
    assert isinstance(view, DialogueView)
    assert [f.speaker for f in view.card.summary] == ["The RoK", None]


def test_foreign_language_quotes_keep_their_language_and_carry_a_tag() -> None:
    vi = "Thượng tướng Hoàng Xuân Chiến khẳng định Việt Nam kiên định chính sách quốc phòng."
    ko = "양측은 방산 협력을 강화하기로 했다."
    talks = make_dialogue(
        "vi-ko",
        participants=[Participant(person_id=CHIEN, name="Hoàng Xuân Chiến", country="VN")],
        summary=[
            ev(vi, EUROPE_TODAY, by=CHIEN, lang="vi"),
            ev(ko, EUROPE_TODAY, lang="ko"),
            ev("Both sides met.", EUROPE_TODAY, lang="en"),
        ],
    )
    text = text_of("/dialogue vi-ko", make_corpus([talks], seed_people()))
    assert f"• Hoàng Xuân Chiến [vi]: “{vi}”" in text
    assert f"• [ko] “{ko}”" in text
    assert "• “Both sides met.”" in text
    assert uncited_facts(text) == []


def test_pledges_and_background_figures_are_shown_apart() -> None:
    pledge = "The two sides agreed to raise trade to US$150 billion by 2030."
    recalled = "The RoK has provided US$34 million for bomb clearance since 2018."
    talks = make_dialogue(
        "outcomes",
        commitments=[
            Commitment(text="$34 million", evidence=ev(recalled, "src1"), kind="background"),
            Commitment(text="$150 billion trade", evidence=ev(pledge, "src1", side="both")),
        ],
    )
    view = ask("/dialogue outcomes", make_corpus([talks]))
    assert isinstance(view, DialogueView)
    assert [p.text for p in view.card.pledges] == ["$150 billion trade"]
    assert [p.text for p in view.card.background] == ["$34 million"]
    # The short card names the commitment; its sentence and the background are in full.
    short = render_text(view)
    assert "• Commitment (Both sides): $150 billion trade" in short
    assert recalled not in short
    text = render_text(ask("/dialogue outcomes full", make_corpus([talks])))
    agreed, _, background = text.partition("Background")
    assert pledge in agreed and "Commitments (made or agreed at the meeting)" in agreed
    assert recalled in background and pledge not in background
    assert "• $150 billion trade — Both sides: “" in text


@pytest.mark.parametrize("size", ["", " full"])
def test_seed_person_pages_hold_only_their_own_words(size: str) -> None:
    corpus = seed_corpus()
    for person_id in corpus.by_person:
        view = ask(f"/person {person_id}{size}")
        assert isinstance(view, PersonView)
        names = {a.name for e in view.entries for a in e.counterparts}
        for entry in view.entries:
            quoted = [
                *entry.highlights,
                *entry.summary,
                *(f for g in (*entry.positions, *entry.topics) for f in g.facts),
            ]
            quoted += [p.fact for p in (*entry.pledges, *entry.background)]
            assert not {f.speaker for f in quoted} & names, person_id


def test_a_quote_without_a_language_of_its_own_takes_its_articles() -> None:
    said = "이종섭 장관은 양국 국방협력을 강조했다."
    talks = make_dialogue(
        "ko-article", summary=[ev(said, "src1"), ev("In English.", "src1", lang="en")]
    )
    korean = talks.model_copy(
        update={"sources": [talks.sources[0].model_copy(update={"lang": "ko"})]}
    )
    text = text_of("/dialogue ko-article", make_corpus([korean]))
    assert f"• [ko] “{said}”" in text
    assert "• “In English.”" in text


def test_narration_about_an_unnamed_he_is_on_neither_participants_page() -> None:
    talks = make_dialogue(
        "he-said",
        participants=[
            Participant(person_id=CHIEN, name="Hoàng Xuân Chiến", country="VN"),
            Participant(person_id="kim-seon-ho", name="Kim Seon-ho", country="KR"),
        ],
        summary=[
            ev("The dialogue was held in Hanoi.", "src1"),
            ev("He thanked the hosts for their support.", "src1"),
            ev("그는 양국 협력을 강조했다.", "src1", lang="ko"),
            ev("Both ministers agreed to meet again.", "src1", side="both"),
        ],
    )
    corpus = make_corpus([talks], seed_people())
    for who in ("Kim Seon-ho", "Hoang Xuan Chien"):
        text = text_of(f"/person {who}", corpus)
        assert "The dialogue was held in Hanoi." in text, who
        assert "He thanked" not in text and "그는" not in text, who
        assert "• Both sides: “Both ministers agreed to meet again.”" in text, who
    # The dialogue itself still quotes it, as the article's narration.
    assert "• “He thanked the hosts for their support.”" in text_of("/dialogue he-said", corpus)


def test_a_sides_pledge_is_on_its_own_delegates_page_not_the_counterparts() -> None:
    pledge = "The RoK pledged US$20 million for a training centre."
    talks = make_dialogue(
        "side-pledge",
        participants=[
            Participant(person_id=CHIEN, name="Hoàng Xuân Chiến", country="VN"),
            Participant(person_id="kim-seon-ho", name="Kim Seon-ho", country="KR"),
        ],
        commitments=[Commitment(text="$20 million", evidence=ev(pledge, "src1", side="KR"))],
    )
    corpus = make_corpus([talks], seed_people())
    # Pledges are behind "More": the full page lists them.
    assert f"• $20 million — The RoK: “{pledge}”" in text_of("/person Kim Seon-ho full", corpus)
    for size in ("", " full"):
        assert pledge not in text_of(f"/person Hoang Xuan Chien{size}", corpus)
