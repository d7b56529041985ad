"""Edit in place or send anew: a button's command against the command its message shows."""

from __future__ import annotations

import pytest

from bot.domain.briefings import DialogueView, PersonView, UsageView
from bot.domain.briefings.variants import edits_in_place, sized, split_size
from bot.domain.commands import ParsedCommand, parse_command
from bot.domain.models import EventDate, Participant

from ..factories import make_corpus, make_dialogue, seed_people
from .asking import ask


def cmd(text: str) -> ParsedCommand:
    parsed = parse_command(text)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/dialogue talks", "/dialogue talks full"),  # More
        ("/dialogue talks full", "/dialogue talks"),  # Less
        ("/latest", "/latest 1 full"),
        ("/topic maritime", "/topic maritime page 2"),
        ("/topic Maritime", "/topic maritime page 2"),  # the same subject, typed otherwise
        ("/topic maritime page 3", "/topic maritime page 2"),
        ("/timeline page 2", "/timeline page 1"),
        ("/search corvette", "/search corvette page 2"),
        ("/latest 2024", "/latest 1 2024 full"),  # More under a /latest of one year
        ("/latest 10 2023", "/latest 10 2023 full"),
        ("/topic maritime in 2024", "/topic maritime 2024 page 2"),
        ("/person phan-van-giang", "/person phan-van-giang full"),  # More
        ("/person Phan Van Giang 2019-2023", "/person phan-van-giang 2019-2023 full page 2"),
        ("/person phan-van-giang 2019-2023 full page 2", "/person phan-van-giang 2019-2023 page 2"),
        ("/person phan-van-giang since 2020 + page 3", "/person phan-van-giang since 2020"),
    ],
)
def test_the_same_briefing_in_another_size_or_page_edits(old: str, new: str) -> None:
    assert edits_in_place(cmd(old), cmd(new))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/topic maritime", "/dialogue talks"),  # a dialogue listed under the topic
        ("/dialogue talks", "/person phan-van-giang"),
        ("/topic maritime", "/topic cyber page 2"),
        ("/latest", "/latest 3"),
        ("/timeline 2024", "/timeline page 2"),
        ("/latest 2024", "/latest 1 2023 full"),
    ],
)
def test_another_briefing_is_sent_anew(old: str, new: str) -> None:
    assert not edits_in_place(cmd(old), cmd(new))


def test_a_message_not_remembered_edits_only_for_a_page_or_size() -> None:
    assert edits_in_place(None, cmd("/topic maritime page 2"))
    assert edits_in_place(None, cmd("/dialogue talks full"))
    assert not edits_in_place(None, cmd("/dialogue talks"))
    assert not edits_in_place(None, cmd("/person phan-van-giang"))


def test_full_alone_asks_which_dialogue() -> None:
    assert isinstance(ask("/dialogue full"), UsageView)
    view = ask("/dialogue giang-lee-talks full")
    assert isinstance(view, DialogueView) and view.full


def test_size_words() -> None:
    assert split_size("talks full") == ("talks", True)
    assert split_size("3 FULL") == ("3", True)
    assert split_size("talks +") == ("talks", True)
    assert split_size("fullerton talks") == ("fullerton talks", False)
    assert sized("dialogue talks", full=True) == "dialogue talks full"
    long_id = "deputy-fm-strategic-dialogue-hanoi-3d97d77116fa5194"
    assert sized(f"dialogue {long_id}", full=True) == f"dialogue {long_id} +", "64 bytes at most"
    assert len(f"/dialogue {long_id} +".encode()) <= 64


def test_a_person_page_in_either_size_keeps_its_period_and_page_within_64_bytes() -> None:
    # The longest id a person gets, with the longest period: "+" leaves room for " page 999".
    longest = "x" * 46
    command = sized(f"person {longest} before 2020", full=True, paged=True)
    assert command == f"person {longest} before 2020 +"
    assert sized("person phan-van-giang 2019-2023", full=True, paged=True) == (
        "person phan-van-giang 2019-2023 full"
    )
    talks = make_dialogue(
        "talks-2023",
        when=EventDate(year=2023, month=3, day=28, precision="day"),
        participants=[Participant(person_id="phan-van-giang", name="Phan Văn Giang")],
    )
    corpus = make_corpus([talks], seed_people())
    view = ask("/person phan-van-giang 2023 full page 1", corpus)
    assert isinstance(view, PersonView) and view.full and view.period is not None
    assert view.shows == "person phan-van-giang 2023 full"
    [less] = [r for r in view.links if r.label == "Less ▴"]
    assert less.command == "/person phan-van-giang 2023"
    short = ask("/person Giang 2023", corpus)
    assert isinstance(short, PersonView) and not short.full
    assert [r.command for r in short.links if r.label == "More ▾"] == [
        "/person phan-van-giang 2023 full"
    ]
