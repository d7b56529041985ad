"""People named in passing (a later call, another day's meeting, a message conveyed) are not
participants; the people of the meeting itself stay."""

from __future__ import annotations

import pytest

from bot.domain.models import EventDate
from bot.ingest.extract.participants import find_people

from .seeds import reference

JUNE_20 = EventDate(month=6, day=20, precision="month_day")


def names(sentences: list[str], lang: str, when: EventDate = JUNE_20) -> list[str]:
    participants, _ = find_people(sentences, reference(), "src", when, lang)
    return [p.name for p in participants]


@pytest.mark.parametrize(
    ("lang", "sentences", "absent"),
    [
        (
            "en",
            [
                "Vietnamese Deputy Minister of National Defence Nguyen Chi Vinh held talks with "
                "RoK Vice Minister of National Defense Suh Choo-suk in Seoul on September 8.",
                "During his stay, he was due to call on Defence Minister Song Young-moo.",
            ],
            "Song Young-moo",
        ),
        (
            "en",
            [
                "The dialogue was co-chaired by Vice Foreign Minister Kang In-sun and Deputy "
                "Foreign Minister Nguyen Minh Vu.",
                "The Dialogue aims to strengthen maritime cooperation specified in the Action "
                "Plan, signed during the state visit of President Yoon Suk Yeol to Viet Nam in "
                "June last year.",
            ],
            "Yoon Suk Yeol",
        ),
        (
            "vi",
            [
                "Hôm 20/6, tại thủ đô Seoul, Thượng tướng Nguyễn Chí Vịnh, Thứ trưởng Bộ Quốc "
                "phòng Việt Nam, và Thứ trưởng Bộ Quốc phòng Hàn Quốc Park Jae-Min chủ trì cuộc "
                "Đối thoại Chính sách quốc phòng Việt Nam - Hàn Quốc lần thứ 8.",
                "“Cũng tại Seoul hôm 21/6, Phó Thủ tướng Việt Nam Vương Đình Huệ đã có cuộc hội "
                "kiến với Thủ tướng Hàn Quốc Lee Nak-yeon nhằm thúc đẩy quan hệ hợp tác hai nước.",
            ],
            "Lee Nak-yon",
        ),
        (
            "vi",
            [
                "Thủ tướng Phạm Minh Chính đã gặp Tổng thống Hàn Quốc Lee Jae Myung.",
                "Thủ tướng chuyển lời mời của Tổng Bí thư Tô Lâm và các lãnh đạo chủ chốt Việt "
                "Nam đến Tổng thống Lee Jae Myung sớm sang thăm Việt Nam.",
            ],
            "Tô Lâm",
        ),
        (
            "ko",
            [
                "응우옌 찌 빈 베트남 국방부 차관은 서주석 국방부 차관과 국방정책대화를 했다.",
                "방한 기간 그는 송영무 국방부 장관을 예방하고 해군 2함대사령부를 방문할 예정이다.",
            ],
            "Song Young-moo",
        ),
        (
            "ko",
            [
                "조현 외교부 장관은 레 호아이 쭝 베트남 외교부 장관과 회담했다.",
                "조 장관은 아울러 오는 10월 31일부터 이틀간 열리는 경주 APEC 정상회의에 르엉 끄엉 "
                "베트남 국가주석의 참석을 고대한다고 했다.",
            ],
            "Lương Cường",
        ),
    ],
)
def test_a_person_at_another_or_later_event_is_not_a_participant(
    lang: str, sentences: list[str], absent: str
) -> None:
    found = names(sentences, lang)
    assert absent not in found
    assert len(found) >= 2  # the meeting's own people stay


def test_a_participant_also_named_in_passing_stays() -> None:
    sentences = [
        "Defence Minister Song Young-moo received Deputy Minister Nguyen Chi Vinh in Seoul.",
        "Vinh was due to call on Defence Minister Song Young-moo again on Friday.",
    ]
    assert "Song Young-moo" in names(sentences, "en")


def test_a_meeting_on_the_reported_day_is_not_another_event() -> None:
    sentences = [
        "“Cũng tại Seoul hôm 20/6, Phó Thủ tướng Việt Nam Vương Đình Huệ đã có cuộc hội kiến "
        "với Thủ tướng Hàn Quốc Lee Nak-yeon nhằm thúc đẩy quan hệ hợp tác hai nước.",
    ]
    assert "Lee Nak-yon" in names(sentences, "vi")


def test_a_visit_in_the_meetings_own_year_is_not_another_event() -> None:
    sentences = [
        "The agreement was signed during the state visit of President Yoon Suk Yeol to Hanoi "
        "on June 23, 2023.",
    ]
    when = EventDate(year=2023, month=6, day=23, precision="day")
    assert "Yoon Suk Yeol" in names(sentences, "en", when)
    assert "Yoon Suk Yeol" not in names(sentences, "en", when.model_copy(update={"year": 2024}))


@pytest.mark.parametrize(
    "sentence",
    [
        # A preview of the meeting itself names its people as still to meet.
        "Deputy Minister Nguyen Chi Vinh will meet Defence Minister Song Young-moo on Friday.",
        # Someone else's later call, then the person met here.
        "Deputy Minister Nguyen Chi Vinh, who will call on the Prime Minister later, met "
        "Defence Minister Song Young-moo in Seoul.",
    ],
)
def test_a_meeting_still_to_come_in_a_preview_keeps_its_people(sentence: str) -> None:
    assert "Song Young-moo" in names([sentence], "en")


def test_a_korean_call_paid_this_afternoon_keeps_the_host_but_one_still_to_come_does_not() -> None:
    paid = "호앙 쑤언 찌엔 베트남 국방부 차관은 이날 오후 이종섭 국방부 장관을 예방했다."
    coming = (
        "팜 장관은 이날 오후 이한동 총리를 예방하는데 이어, 육군 특수전사령부를 방문하고 "
        "저녁에는 김 장관 주최 만찬에 참석한다."
    )
    assert "Lee Jong-sup" in names([paid], "ko")
    assert "Lee Han-dong" not in names([coming], "ko")


def test_a_former_leader_acting_in_another_year_is_not_a_participant() -> None:
    talks = (
        "South Korean Foreign Minister Yoon Young-Kwan held talks with Vietnamese Foreign "
        "Minister Nguyen Dy Nien in Hanoi."
    )
    past = (
        "Former South Korean president Kim Dae-Jung apologized to his visiting counterpart "
        "Tran Duc Luong in August 2001 over his country's participation in the war."
    )
    found = names([talks, past], "en", EventDate())
    assert "Kim Dae-jung" not in found
    assert {"Yoon Young-kwan", "Nguyễn Dy Niên"} <= set(found)
    same_year = EventDate(year=2001, month=8, day=23, precision="day")
    assert "Kim Dae-jung" in names([talks, past], "en", same_year)
