"""Only articles about a Vietnam–RoK dialogue become dialogues; stray text files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.text import MAX_QUOTE
from bot.ingest.article import ArticleError, RawArticle, read_article
from bot.ingest.extract import extract

from .seeds import ALL, article, reference

REPO = Path(__file__).resolve().parents[3]
README = (REPO / "README.md").read_text(encoding="utf-8")
# What a wheel's METADATA file looks like: headers, then the README as its long description.
METADATA = (
    "Metadata-Version: 2.4\nName: briefbot\nVersion: 0.1.0\nRequires-Python: >=3.11\n"
    "Requires-Dist: tinydb~=4.8\nDescription-Content-Type: text/markdown\n\n" + README
)


def raw(body: str, file: str = "stray.txt") -> RawArticle:
    return RawArticle(file=file, outlet=None, url=None, published=None, body=body)


@pytest.mark.parametrize(
    ("file", "body", "reason"),
    [
        ("one_line.txt", "Vietnam and the RoK held talks.", "no dialogue mechanism"),
        ("words.txt", "word word\n" * 150_000, "does not mention both Vietnam and Korea"),
        # The README describes meetings at length (it documents the bot): either reason is right.
        ("README.md", README, "no dialogue mechanism and no official|reports no meeting"),
        ("METADATA", METADATA, "no dialogue mechanism and no official|reports no meeting"),
        ("vietnam_only.txt", "The 11th defence policy dialogue was held in Hanoi.", "both"),
    ],
)
def test_text_that_reports_no_dialogue_is_refused_in_one_line(
    file: str, body: str, reason: str
) -> None:
    with pytest.raises(ArticleError, match=reason) as refused:
        extract(raw(body, file), reference())
    message = str(refused.value)
    assert message.startswith(f"{file}: not a Vietnam–RoK dialogue article")
    assert "\n" not in message


@pytest.mark.parametrize("prefix", ALL)
def test_every_seed_is_a_dialogue(prefix: str) -> None:
    assert extract(article(prefix), reference()).dialogue.sources


def test_the_test_fixture_article_is_a_dialogue() -> None:
    found = extract(read_article(REPO / "tests" / "fixtures" / "new_dialogue.txt"), reference())
    assert found.dialogue.mechanism == "defence-policy-dialogue"


def test_a_meeting_between_titled_officials_needs_no_mechanism() -> None:
    body = (
        "Vietnamese Foreign Minister Bui Thanh Son met RoK Foreign Minister "
        "Cho Tae-yul on Monday about cooperation between Vietnam and Korea."
    )
    found = extract(raw(body), reference())
    assert found.dialogue.mechanism is None
    assert any(p.role for p in found.dialogue.participants)


def test_a_phone_call_is_its_own_kind_of_meeting() -> None:
    body = (
        "Vietnamese Foreign Minister Bui Thanh Son held phone talks with RoK Foreign Minister "
        "Cho Tae-yul on Monday about cooperation between Vietnam and Korea."
    )
    assert extract(raw(body), reference()).dialogue.mechanism == "phone-call"


def test_a_runaway_sentence_is_quoted_clipped() -> None:
    body = (
        "The 11th Vietnam-RoK defence policy dialogue was held in Hanoi on April 23 and "
        + "the sides talked about naval cooperation " * 300
        + "at length."
    )
    found = extract(raw(body), reference())
    quoted = [
        *found.dialogue.summary,
        *(e for t in found.dialogue.topics for e in t.evidence),
    ]
    assert quoted
    for evidence in quoted:
        assert len(evidence.sentence) <= MAX_QUOTE
        assert evidence.sentence.endswith("…")
        # Cut cleanly: after a whole word of the article, never inside one.
        assert evidence.sentence[:-1] + " " in found.source.text


@pytest.mark.parametrize(
    "body",
    [
        "Ngày 27/12, tại Hà Nội đã diễn ra đối thoại chính sách quốc phòng Việt Nam-Hàn Quốc "
        "lần thứ 5.",
        "서주석 국방부 차관이 8일 오후 용산 국방부 청사에서 응웬 치 빙 베트남 국방차관과 "
        "제6차 한-베트남 국방전략대화를 했다.",
        "Vào ngày 5/9, Thứ trưởng Bộ Quốc phòng Hàn Quốc Shin Beom-chul và người đồng cấp Việt "
        "Nam Hoàng Xuân Chiến đã tham dự Đối thoại chiến lược quốc phòng Hàn-Việt.",
    ],
)
def test_vietnamese_and_korean_reports_are_kept(body: str) -> None:
    assert extract(raw(body), reference()).dialogue.mechanism is not None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "Chiều 12-2, Phó Thủ tướng, Bộ trưởng Ngoại giao Phạm Bình Minh đã đến thủ đô Bình "
            "Nhưỡng, bắt đầu chuyến thăm chính thức Triều Tiên theo lời mời của Bộ trưởng Ngoại "
            "giao Ri Yong-ho của Việt Nam.\n\nHai bên bàn về Hàn Quốc.",
            "North Korea",
        ),
        (
            "SEOUL. KAZINFORM - North Korea's foreign minister met his Vietnamese counterpart on "
            "Wednesday, the North's state media said.\n\nRi Yong-ho and Vietnam's top diplomat "
            "held talks, according to the Korean Central News Agency (KCNA).\n\n"
            "South Korea was not mentioned.",
            "North Korea",
        ),
        (
            "팜 빈 민 베트남 부총리 겸 외교부장관이 12~14일 북한을 방문해 "
            "리용호 외무상과 회담한다.\n\n"
            "한국 정부는 주시하고 있다.",
            "North Korea",
        ),
        (
            "Vietnamese Defence Minister Phan Van Giang held talks with his Japanese counterpart "
            "in Tokyo on Monday.\n\nThe talks followed a visit to Korea last year.",
            "Vietnam and Japan",
        ),
        (
            "South Korean Foreign Minister Cho Tae-yul held talks with his Philippine counterpart "
            "in Manila.\n\nHe later flew on to Vietnam.",
            "the RoK and the Philippines",
        ),
    ],
)
def test_a_dprk_or_third_country_counterpart_is_refused_with_the_reason(
    body: str, reason: str
) -> None:
    with pytest.raises(ArticleError, match=reason):
        extract(raw(body), reference())


def test_talks_on_the_sidelines_of_asean_are_kept() -> None:
    body = (
        "Vietnamese Prime Minister Pham Minh Chinh met RoK President Yoon Suk Yeol on the "
        "sidelines of the "
        "ASEAN Summit in Jakarta, Indonesia, on September 6."
    )
    assert extract(raw(body), reference()).dialogue.mechanism == "summit-sidelines"


def test_a_feature_quoting_two_ambassadors_is_not_a_meeting() -> None:
    body = (
        "25 năm đầu tư của Hàn Quốc vào Việt Nam\n\n"
        "Quan hệ hợp tác Việt Nam - Hàn Quốc đã phát triển mạnh mẽ trên tất cả các lĩnh vực.\n\n"
        "Tại buổi tọa đàm, ông Nguyễn Phú Bình, Đại sứ đầu tiên của Việt Nam ở Hàn Quốc nhận "
        "định quan hệ đã đạt được những thành tựu to lớn. Còn ông Lee Hyuk, Đại sứ Hàn Quốc tại "
        "Việt Nam nói rằng quan hệ đã phát triển nhanh."
    )
    with pytest.raises(ArticleError, match="reports no meeting"):
        extract(raw(body), reference())


def test_korea_japan_talks_that_mention_vietnam_later_are_refused() -> None:
    body = (
        "Bộ trưởng Quốc phòng Hàn Quốc Kim Yong-hyun và người đồng cấp Nhật Bản Nakatani Gen "
        "ngày 21/11 đã hội đàm song phương bên lề Hội nghị ADMM+ tại Lào. Hai bên đã nhất trí "
        "về kế hoạch thăm Hàn Quốc của Bộ trưởng Nakatani trong năm nay, và lịch trình cụ thể "
        "sẽ được điều chỉnh sau khi hai bên trao đổi thêm qua các kênh ngoại giao. Hai Bộ trưởng "
        "bày tỏ quan ngại sâu sắc về tình hình khu vực và cam kết hợp tác chặt chẽ. Họ cũng bàn "
        "về Biển Đông, nơi Việt Nam có lợi ích."
    )
    with pytest.raises(ArticleError, match="the RoK and Japan"):
        extract(raw(body), reference())


def test_a_lead_that_mentions_north_korea_beside_the_rok_is_kept() -> None:
    body = (
        "서주석 국방부 차관이 8일 응웬 치 빙 베트남 국방차관과 제6차 한-베트남 국방전략대화를 하고 "
        "북한 핵·미사일 문제와 북한의 도발에 대한 공조 방안을 논의했다."
    )
    assert extract(raw(body), reference()).dialogue.mechanism == "defence-policy-dialogue"
