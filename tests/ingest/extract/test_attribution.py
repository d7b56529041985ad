"""Who said each sentence: a person, a side, both sides, or the narration, never the wrong one."""

from __future__ import annotations

import pytest

from bot.domain.models import Participant, Person
from bot.ingest.extract.attribution import Voice, voices

CHIEN = Participant(person_id="hoang-xuan-chien", name="Hoàng Xuân Chiến", country="VN")
KIM = Participant(person_id="kim-seon-ho", name="Kim Seon-ho", country="KR")
LEE = Participant(person_id="이두희", name="이두희", country="KR")
CHIEN_KO = Participant(person_id="chien-ko", name="호앙 쑤안 찌엔", country="VN")
PEOPLE = [Person(id="kim-seon-ho", name="Kim Seon-ho", aliases=["김선호"])]


def voice_of(sentences: list[str], lang: str, participants: list[Participant]) -> list[Voice]:
    return voices(sentences, lang, participants, PEOPLE)


def test_english_speakers_pronouns_and_sides() -> None:
    found = voice_of(
        [
            "Deputy Minister Chiến highlighted the strengthened bilateral relations.",
            "He conveyed gratitude to the RoK Government for its support of $34 million.",
            "Kim stated the RoK wants to expand its defence collaboration with Vietnam.",
            "The two sides agreed to boost cooperation in defence industry.",
            "The Korean official pledged to further open its market.",
            "The dialogue was held in Hanoi on April 23.",
        ],
        "en",
        [CHIEN, KIM],
    )
    assert found == [
        Voice(said_by="hoang-xuan-chien"),
        Voice(said_by="hoang-xuan-chien"),
        Voice(said_by="kim-seon-ho"),
        Voice(side="both"),
        Voice(side="KR"),
        Voice(),
    ]


def test_a_pronoun_after_narration_is_not_guessed() -> None:
    found = voice_of(
        ["The dialogue was held in Hanoi.", "He stressed the need for peace."], "en", [CHIEN, KIM]
    )
    assert found == [Voice(), Voice()]


def test_vietnamese_speakers() -> None:
    found = voice_of(
        [
            "Thứ trưởng Hoàng Xuân Chiến đề nghị phía Hàn Quốc tiếp tục quan tâm.",
            "Hai bên nhất trí mở rộng giao lưu, hợp tác ở lĩnh vực quốc phòng.",
            "Phía Hàn Quốc khẳng định sẽ hỗ trợ quá trình chuyển giao tàu.",
        ],
        "vi",
        [CHIEN, KIM],
    )
    assert found == [Voice(said_by="hoang-xuan-chien"), Voice(side="both"), Voice(side="KR")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "김선호 차관은 한국은 베트남과 국방 협력을 확대해 나가고 싶다고 밝혔다.",
            Voice(said_by="kim-seon-ho"),
        ),
        ("양국 차관은 방산 협력 강화 방안을 협의했다고 밝혔다.", Voice(side="both")),
        # Two speakers in one sentence: neither is credited with all of it.
        (
            "찌엔 차관은 지원을 요청했고, 이 차관은 적극 지원하겠다는 뜻을 밝혔다.",
            Voice(),
        ),
        # "이" is also "this": "on this occasion" is not Lee (the Vietnamese minister spoke).
        ("이 자리에서 베트남 국방차관은 협력 확대를 강조했다.", Voice()),
    ],
)
def test_korean_speakers(sentence: str, expected: Voice) -> None:
    assert voice_of([sentence], "ko", [CHIEN_KO, KIM, LEE]) == [expected]
