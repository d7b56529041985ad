"""Participants: names, countries and titles, known to the reference or not."""

from __future__ import annotations

import pytest

from bot.domain.models import Person
from bot.domain.reference import Reference
from bot.ingest.article import RawArticle
from bot.ingest.extract import extract

from .seeds import ALL, article, dialogue, extracted, reference


def without(*person_ids: str) -> Reference:
    """A copy of the reference that does not know these people."""
    people = [p for p in reference().people if p.id not in person_ids]
    return reference().model_copy(update={"people": people})


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "000",
            [
                ("Hoàng Xuân Chiến", "VN", "Deputy Minister of National Defence"),
                ("Kim Seon-ho", "KR", "Deputy Minister of National Defence"),
            ],
        ),
        (
            "001",
            [
                ("Phan Văn Giang", "VN", "Minister of National Defence"),
                ("Lee Jong-sup", "KR", "Minister of National Defence"),
            ],
        ),
        (
            "002",
            [
                ("Nguyễn Chí Vịnh", "VN", "Deputy Defence Minister"),
                ("Baek Seung-joo", "KR", "Deputy Defence Minister"),
            ],
        ),
        (
            "003",
            [
                ("Bùi Thanh Sơn", "VN", "Foreign Minister"),
                ("Chang Ho-jin", "KR", "First Vice Minister of Foreign Affairs"),
                ("Nguyễn Minh Vũ", "VN", "Permanent Deputy Minister of Foreign Affairs"),
            ],
        ),
        (
            "004",
            [
                ("Tô Lâm", "VN", "Party General Secretary"),
                ("Lee Jae-myung", "KR", "RoK President"),
            ],
        ),
    ],
)
def test_participants(prefix: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(p.name, p.country, p.role) for p in dialogue(prefix).participants]
    assert found == expected


def test_people_carry_the_role_seen_in_the_article() -> None:
    found = extracted("000")
    chien = next(p for p in found.people if p.id == "hoang-xuan-chien")
    assert chien.name == "Hoàng Xuân Chiến"
    assert "Hoang Xuan Chien" in chien.aliases
    # The article shows him in the post on that day; it does not say when he took it up.
    assert [(r.title, r.country, r.as_of, r.since) for r in chien.roles] == [
        ("Deputy Minister of National Defence", "VN", "2024-04-23", None)
    ]
    assert [p.id for p in found.people] == [p.person_id for p in found.dialogue.participants]


def test_role_has_no_date_when_the_year_is_unknown() -> None:
    giang = next(p for p in extracted("001").people if p.id == "phan-van-giang")
    assert [(r.title, r.as_of) for r in giang.roles] == [("Minister of National Defence", None)]


@pytest.mark.parametrize(
    ("prefix", "person_id", "name", "country", "role"),
    [
        ("000", "kim-seon-ho", "Kim Seon Ho", "KR", "Deputy Minister of National Defence"),
        ("001", "lee-jong-sup", "Lee Jong-sup", "KR", "Minister of National Defence"),
        ("002", "baek-seung-joo", "Baek Seung-joo", "KR", "Deputy Defence Minister"),
        ("003", "chang-ho-jin", "Chang Ho-jin", "KR", "First Vice Minister of Foreign Affairs"),
        ("004", "lee-jae-myung", "Lee Jae Myung", "KR", "RoK President"),
        ("004", "to-lam", "To Lam", "VN", "Party General Secretary"),
    ],
)
def test_person_not_in_reference_is_found_from_their_title(
    prefix: str, person_id: str, name: str, country: str, role: str
) -> None:
    found = extract(article(prefix), without(person_id))
    participant = next(p for p in found.dialogue.participants if p.person_id == person_id)
    assert (participant.name, participant.country, participant.role) == (name, country, role)
    person = next(p for p in found.people if p.id == person_id)
    assert (person.name, person.country) == (name, country)
    assert [r.title for r in person.roles] == [role]


def test_nobody_else_is_taken_for_a_person() -> None:
    nobody = reference().model_copy(update={"people": []})
    for prefix in ALL:
        names = [p.name for p in extract(article(prefix), nobody).dialogue.participants]
        assert len(names) == len(dialogue(prefix).participants), names


# A small register of its own, so these tests do not move as data/reference/people.yaml grows.
REGISTER = [
    Person(
        id="hoang-xuan-chien", name="Hoàng Xuân Chiến", country="VN", aliases=["Hoang Xuan Chien"]
    ),
    Person(
        id="nguyen-chi-vinh",
        name="Nguyễn Chí Vịnh",
        country="VN",
        aliases=["Nguyen Chi Vinh", "응웬 치 빙", "응웬치빙"],
    ),
    Person(id="bui-thanh-son", name="Bùi Thanh Sơn", country="VN", aliases=["Bui Thanh Son"]),
    Person(id="to-lam", name="Tô Lâm", country="VN", aliases=["To Lam"]),
    Person(id="kim-seon-ho", name="Kim Seon-ho", country="KR", aliases=["Kim Seon Ho", "김선호"]),
    Person(id="park-jin", name="Park Jin", country="KR", aliases=["박진"]),
]


def with_hangul() -> Reference:
    """The shipped topics and mechanisms with the small register above."""
    return reference().model_copy(update={"people": REGISTER})


def people_of(body: str) -> list[tuple[str, str | None]]:
    """(name, country) of each participant an article body gives."""
    article_ = RawArticle(file="a.txt", outlet=None, url=None, published=None, body=body)
    found = extract(article_, with_hangul()).dialogue.participants
    return [(p.name, p.country) for p in found]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ngày 20/6, tại Seoul, Thượng tướng Nguyễn Chí Vịnh, Thứ trưởng Bộ Quốc phòng Việt "
            "Nam, và Thứ trưởng Bộ Quốc phòng Hàn Quốc Park Jae-Min chủ trì Đối thoại Chính sách "
            "quốc phòng Việt Nam - Hàn Quốc lần thứ 8.",
            [("Nguyễn Chí Vịnh", "VN"), ("Park Jae-Min", "KR")],
        ),
        (
            "Đoàn Việt Nam do Thượng tướng Nguyễn Chí Vịnh làm Trưởng đoàn; đoàn Hàn Quốc do ông "
            "Hoang In-Mu, Thứ trưởng Bộ Quốc phòng Hàn Quốc làm trưởng đoàn tại đối thoại chính "
            "sách quốc phòng.",
            [("Nguyễn Chí Vịnh", "VN"), ("Hoang In-Mu", "KR")],
        ),
        (
            "Vào ngày 5/9, Thứ trưởng Bộ Quốc phòng Hàn Quốc Shin Beom-chul và người đồng cấp "
            "Việt Nam Hoàng Xuân Chiến đã tham dự Đối thoại chiến lược quốc phòng Hàn-Việt.",
            [("Shin Beom-chul", "KR"), ("Hoàng Xuân Chiến", "VN")],
        ),
    ],
)
def test_vietnamese_titles_find_both_sides(
    body: str, expected: list[tuple[str, str | None]]
) -> None:
    assert people_of(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "서주석 국방부 차관이 8일 오후 용산 국방부 청사에서 응웬 치 빙 베트남 국방차관과 "
            "제6차 한-베트남 국방전략대화를 했다.",
            [("서주석", "KR"), ("Nguyễn Chí Vịnh", "VN")],
        ),
        (
            "4월 23일 오후 하노이에서 호앙 쑤언 찌엔(Hoàng Xuân Chiến) 베트남 국방부 차관과 김선호 "
            "한국 국방부 차관은 제11차 한‧베트남 국방전략대화를 주재했다.",
            [("Hoàng Xuân Chiến", "VN"), ("Kim Seon-ho", "KR")],
        ),
        (
            "이두희 국방부 차관은 11일 오후 호앙 쑤안 찌엔 베트남 국방차관과 제12차 한·베트남 "
            "국방전략대화를 열었다. 양국 차관은 협력을 논의했다. 두 차관은 공감했다.",
            [("이두희", "KR"), ("호앙 쑤안 찌엔", "VN")],
        ),
    ],
)
def test_korean_names_are_read_before_their_titles(
    body: str, expected: list[tuple[str, str | None]]
) -> None:
    assert people_of(body) == expected


def test_a_north_korean_official_is_not_a_participant() -> None:
    body = (
        "Vietnamese Foreign Minister Bui Thanh Son held talks with RoK Foreign Minister Park Jin "
        "in Hanoi on July 13. North Korean Foreign Minister Ri Son-gwon was not invited."
    )
    assert people_of(body) == [("Bùi Thanh Sơn", "VN"), ("Park Jin", "KR")]


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b"])
def test_an_invisible_character_inside_a_name_keeps_the_participant(invisible: str) -> None:
    body = (
        f"Deputy Minister of National Defence Hoàng Xuân Chi{invisible}ến and his RoK "
        f"counterpart Kim Seon{invisible}-ho co-chaired the 11th Vietnam-RoK defence policy "
        "dialogue."
    )
    assert people_of(body) == [("Hoàng Xuân Chiến", "VN"), ("Kim Seon-ho", "KR")]


def test_organisations_and_possessives_are_not_people() -> None:
    body = (
        "Vice Chairman of the National Boundary Commission Trinh Duc Hai and RoK Ambassador "
        "Park Noh-wan met in Hanoi for the first Vietnam-RoK maritime dialogue. President Vo "
        "Van Thuong's visit was recalled."
    )
    names = [name for name, _ in people_of(body)]
    assert "Boundary Commission" not in names
    assert not any(name.endswith("'s") for name in names)


def test_a_hangul_name_spelled_once_in_latin_is_one_person() -> None:
    body = (
        "호앙 쑤언 찌엔(Hoang Van Tester) 베트남 국방부 차관과 김선호 한국 국방부 차관은 제11차 "
        "한‧베트남 국방전략대화를 주재했다. 호앙 쑤언 찌엔 차관은 협력을 요청했다."
    )
    assert people_of(body) == [("Hoang Van Tester", "VN"), ("Kim Seon-ho", "KR")]


def test_a_vietnamese_leader_in_a_korean_paper() -> None:
    body = (
        "김영삼 대통령은 14일 청와대에서 도 무오이 베트남 공산당 서기장과 정상회담을 가졌다. "
        "도 무오이서기장은 한국과 협력을 요청했다."
    )
    assert people_of(body) == [("김영삼", "KR"), ("도 무오이", "VN")]


def test_a_title_after_the_name_and_a_name_in_the_headline() -> None:
    body = (
        "Senior Lieutenant General Hoang Xuan Chien at the Vietnam - RoK Defence Policy "
        "Dialogue\n\n"
        "Minister of Public Security To Lam received Kim Byung Ro, Commander of the central region "
        "coast guard under the Korea Coast Guard, in Hanoi on October 30."
    )
    assert people_of(body) == [
        ("Hoàng Xuân Chiến", "VN"),
        ("Tô Lâm", "VN"),
        ("Kim Byung Ro", "KR"),
    ]


def test_korean_places_named_before_an_office_are_not_people() -> None:
    body = (
        "윤석열 대통령은 이날 하노이 주석궁에서는 보 반 트엉 베트남 국가주석과 정상회담을 했다. "
        "응우옌 치 빙 베트남 국방차관이 참석했다. 주베트남 한국대사관이 밝혔다."
    )
    assert people_of(body) == [("윤석열", "KR"), ("보 반 트엉", "VN"), ("응우옌 치 빙", "VN")]


def test_a_person_named_only_as_an_owner_is_not_a_participant() -> None:
    body = (
        "Government Policy Coordination Minister Hong Nam-ki met with his Vietnamese counterpart "
        "in Seoul on Wednesday. During the meeting with Mai Tien Dung, minister and chairman of "
        "the Government Office, Hong praised President Moon Jae-in's policy."
    )
    assert people_of(body) == [("Hong Nam-ki", "KR"), ("Mai Tien Dung", "VN")]


def test_a_country_written_before_another_name_is_not_this_ones() -> None:
    body = (
        "베트남을 국빈방문중인 金泳三(김영삼)대통령은 20일오후(이하 한국시간) 도 무오이 "
        "공산당서기장과 정상회담을 갖고 협력을 논의했다. 천득렁 베트남 국가주석이 김대중 대통령 "
        "초청으로 한국을 방문했다."
    )
    assert people_of(body) == [
        ("김영삼", "KR"),
        ("도 무오이", "VN"),
        ("천득렁", "VN"),
        ("김대중", "KR"),
    ]
