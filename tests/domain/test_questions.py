"""Plain questions read as briefing commands, in English, Vietnamese and Korean."""

from __future__ import annotations

import re

import pytest

from bot.domain.models import EventDate, Participant
from bot.domain.questions import MAX_CHOICES, MAX_QUESTION, read_question

from .factories import make_corpus, make_dialogue, reference, seed_corpus

# (question, the command it is answered with)
PHRASINGS = [
    # English
    ("What did Vietnam say about the East Sea?", "/position east-sea-stance"),
    ("What did Vietnam say about the East Sea in 2019?", "/position east-sea-stance 2019"),
    ("Vietnam's stance on the East Sea since 2020?", "/position east-sea-stance since 2020"),
    ("cyber security between 2019 and 2023", "/topic cyber-security 2019-2023"),
    ("maritime cooperation before 2024", "/topic maritime before 2024"),
    ("Tell me about Phan Van Giang from 2021 to 2023", "/person phan-van-giang 2021-2023"),
    ("What happened from 2019 to 2023?", "/timeline 2019-2023"),
    ("What is Vietnam's stance on the South China Sea?", "/position east-sea-stance"),
    ("When did Giang last meet his Korean counterpart?", "/dialogue giang-lee-talks"),
    ("when did phan van giang last meet a korean minister", "/dialogue giang-lee-talks"),
    ("anything on maritime security in 2024?", "/topic maritime 2024"),
    ("Tell me about cyber security", "/topic cyber-security"),
    ("any news about peacekeeping?", "/topic peacekeeping"),
    ("what about nuclear", "/topic korean-peninsula"),
    ("What about the Four No's?", "/position four-nos"),
    ("who is Lee Jong-sup", "/person lee-jong-sup"),
    ("Who did Bui Thanh Son meet?", "/person bui-thanh-son"),
    ("Tell me about General Phan Van Giang", "/person phan-van-giang"),
    ("latest news", "/latest"),
    ("show me the latest 3", "/latest 3"),
    ("What happened in 2024?", "/timeline 2024"),
    ("When was the last defence policy dialogue?", "/dialogue defence-policy-11"),
    ("To Lam state visit", "/dialogue to-lam-state-visit"),
    ("What did Lee Jae-myung and To Lam agree?", "/dialogue to-lam-state-visit"),
    ("what positions does Vietnam hold", "/positions"),
    ("Who attended the strategic defence dialogue?", "/dialogue strategic-defence-2"),
    ("help", "/help"),
    ("hello", "/start"),
    ("Hey @briefbot_test_bot, what's new?", "/latest"),
    # Vietnamese, with and without diacritics
    ("Việt Nam nói gì về Biển Đông?", "/position east-sea-stance"),
    ("viet nam noi gi ve bien dong", "/position east-sea-stance"),
    ("Phan Văn Giang gặp ai?", "/person phan-van-giang"),
    ("Lee Jong-sup là ai?", "/person lee-jong-sup"),
    ("tin mới nhất", "/latest"),
    ("Việt Nam nói gì về Biển Đông từ năm 2020?", "/position east-sea-stance since 2020"),
    ("Hợp tác an ninh mạng từ 2019 đến 2023", "/topic cyber-security 2019-2023"),
    ("Hợp tác an ninh hàng hải năm 2024", "/topic maritime 2024"),
    ("Việt Nam và Hàn Quốc hợp tác gì về công nghiệp quốc phòng?", "/topic defence-industry"),
    ("Việt Nam làm gì về hậu quả chiến tranh?", "/topic war-legacy"),
    ("Lập trường về phi hạt nhân hoá bán đảo Triều Tiên", "/position denuclearisation"),
    ("Tô Lâm thăm Hàn Quốc", "/person to-lam"),
    # Korean
    ("베트남은 남중국해에 대해 뭐라고 했나?", "/position east-sea-stance"),
    ("이종섭은 누구?", "/person lee-jong-sup"),
]


@pytest.mark.parametrize(("question", "expected"), PHRASINGS, ids=[q for q, _ in PHRASINGS])
def test_a_question_is_answered_with_its_briefing(question: str, expected: str) -> None:
    reading = read_question(seed_corpus(), reference(), question)
    assert reading.command is not None, reading.choices
    assert f"/{reading.command.name} {reading.command.args}".strip() == expected
    assert reading.choices == ()


def test_the_table_covers_enough_phrasings() -> None:
    vietnamese = [q for q, _ in PHRASINGS if any(ch in q for ch in "ăâđêôơưạảấầậếềệịọồộờợụủứữ")]
    assert len(PHRASINGS) >= 25
    assert len(vietnamese) >= 5


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        # Two people are called Lee: both are offered, neither is guessed.
        ("Who is Lee?", {"/person lee-jong-sup", "/person lee-jae-myung"}),
        # A person and a stance: which briefing is wanted is unclear.
        (
            "What did Giang say about the East Sea?",
            {"/person phan-van-giang", "/position east-sea-stance"},
        ),
    ],
)
def test_two_close_readings_are_offered_not_guessed(question: str, offered: set[str]) -> None:
    reading = read_question(seed_corpus(), reference(), question)
    assert reading.command is None
    assert {c.command for c in reading.choices} == offered


def test_a_misspelt_topic_is_offered() -> None:
    reading = read_question(seed_corpus(), reference(), "anything on maritme cooperation?")
    assert reading.command is None
    assert [c.command for c in reading.choices] == ["/topic maritime"]


def test_no_match_offers_at_most_three_starting_points() -> None:
    reading = read_question(seed_corpus(), reference(), "what is the weather like")
    assert reading.command is None
    assert 1 <= len(reading.choices) <= MAX_CHOICES
    assert "/latest" in {c.command for c in reading.choices}


@pytest.mark.parametrize(
    "question",
    [
        "I went to the shop",  # "to" is a surname (Tô Lâm) only with a capital
        "Việt Nam làm gì?",  # "làm" is "do", not Lâm
        "chiến lược quốc phòng",  # "chiến" is "war/strategy", not Hoàng Xuân Chiến
        "I have a son",  # "son" is Bùi Thanh Sơn's given name
    ],
)
def test_common_words_are_not_read_as_names(question: str) -> None:
    reading = read_question(seed_corpus(), reference(), question)
    named = [reading.command.args] if reading.command else [c.id for c in reading.choices]
    assert not {"to-lam", "hoang-xuan-chien", "bui-thanh-son"} & set(named)


@pytest.mark.parametrize(
    "question",
    [
        "Hàn Quốc và Việt Nam hợp tác gì?",  # Việt (Đỗ Hùng Việt), Hàn (Han Duck-soo …)
        "Năm 2023 có gì?",  # "năm" is "year", not Phạm Hoài Nam
        "tin mới nhất về Sang",  # Trương Tấn Sang is in the register, in no stored dialogue
    ],
)
def test_everyday_words_and_register_only_given_names_are_not_read_as_names(
    question: str,
) -> None:
    reading = read_question(seed_corpus(), reference(), question)
    named = [reading.command.args] if reading.command else [c.id for c in reading.choices]
    assert not {r.id for r in reading.choices if r.kind == "person"}
    assert not {"do-hung-viet", "pham-hoai-nam", "truong-tan-sang", "han-duck-soo"} & set(named)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Đỗ Hùng Việt là ai?", "/person do-hung-viet"),  # register only, named in full
        ("Trương Tấn Sang", "/person truong-tan-sang"),
    ],
)
def test_a_register_only_official_named_in_full_is_found(question: str, expected: str) -> None:
    reading = read_question(seed_corpus(), reference(), question)
    assert reading.command is not None, reading.choices
    assert f"/{reading.command.name} {reading.command.args}" == expected


def test_last_meeting_is_the_newest_one_with_that_person() -> None:
    giang = [Participant(person_id="phan-van-giang", name="Phan Văn Giang")]
    older = make_dialogue(
        "old-talks", when=EventDate(year=2019, precision="none"), participants=giang
    )
    newer = make_dialogue(
        "new-talks", when=EventDate(year=2023, precision="none"), source_id="s2", participants=giang
    )
    corpus = make_corpus([older, newer], list(reference().people), [])
    reading = read_question(corpus, reference(), "When did Giang last meet his counterpart?")
    assert reading.command is not None
    assert (reading.command.name, reading.command.args) == ("dialogue", "new-talks")


def test_a_last_meeting_in_a_year_without_one_is_not_guessed() -> None:
    reading = read_question(
        seed_corpus(), reference(), "When did Giang last meet his counterpart in 2019?"
    )
    assert reading.command is not None
    # Their briefing of that year, which says there is nothing in it and offers every year.
    assert (reading.command.name, reading.command.args) == ("person", "phan-van-giang 2019")


def test_a_long_message_is_read_only_up_to_the_limit() -> None:
    question = "latest news " + "blah " * 1000 + "Lee Jong-sup"
    reading = read_question(seed_corpus(), reference(), question)
    assert len(question) > MAX_QUESTION
    assert reading.command is not None and reading.command.name == "latest"


@pytest.mark.parametrize(
    "question",
    [
        # A year that names a thing, not the time asked about, is no period.
        "What is the 2019 Defence White Paper about the Four No's?",
        "Did the two sides talk about the 2030 trade target?",
    ],
)
def test_a_year_before_a_noun_is_not_read_as_a_period(question: str) -> None:
    reading = read_question(seed_corpus(), reference(), question)
    asked = [reading.command] if reading.command else []
    commands = [f"/{c.name} {c.args}" for c in asked] + [c.command for c in reading.choices]
    assert commands, "the question is answered or offered something"
    assert not any(re.search(r"\b(2019|2030)\b", c) for c in commands), commands
