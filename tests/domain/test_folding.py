"""Name and topic arguments fold: diacritics, case, hyphens, spacing, titles and aliases.

The table is how analysts write each name or topic; every spelling must reach the same entry,
and a spelling that could be several entries must ask (ambiguous), never guess.
"""

from __future__ import annotations

import pytest

from bot.domain.briefings.by_series import resolve_mechanism
from bot.domain.resolve import resolve_person, resolve_position, resolve_topic

from .factories import reference, seed_corpus

ASKS = "asks"  # the spelling names several people: they are offered, none is picked

PEOPLE = [
    # Diacritics, case, hyphens, spacing.
    ("phan văn giang", "phan-van-giang"),
    ("Phan-Van-Giang", "phan-van-giang"),
    ("PHAN VĂN GIANG", "phan-van-giang"),
    ("phanvangiang", "phan-van-giang"),
    ("Phan Van  Giang", "phan-van-giang"),
    ("phan_van_giang", "phan-van-giang"),
    ("“Phan Văn Giang”", "phan-van-giang"),
    ("Giang", "phan-van-giang"),
    ("tô lâm", "to-lam"),
    ("TO-LAM", "to-lam"),
    ("bùi thanh sơn", "bui-thanh-son"),
    ("Bui-Thanh-Son", "bui-thanh-son"),
    ("hoàng xuân chiến", "hoang-xuan-chien"),
    ("Hoang-Xuan-Chien", "hoang-xuan-chien"),
    ("nguyễn chí vịnh", "nguyen-chi-vinh"),
    ("LEE JONGSUP", "lee-jong-sup"),
    ("Lee-Jong-Sup", "lee-jong-sup"),
    ("Jong-sup Lee", "lee-jong-sup"),
    ("lee jae myung", "lee-jae-myung"),
    ("kim seonho", "kim-seon-ho"),
    ("Kim-Seon-Ho", "kim-seon-ho"),
    # The register's aliases: Hangul, Vietnamese renderings of Korean names, romanisations.
    ("판반장", "phan-van-giang"),
    ("판 반 장", "phan-van-giang"),
    ("또 럼", "to-lam"),
    ("부이 타인 선", "bui-thanh-son"),
    ("황 쑤언 찌엔", "hoang-xuan-chien"),
    ("응우옌 찌 빈", "nguyen-chi-vinh"),
    ("이종섭", "lee-jong-sup"),
    ("이 종섭", "lee-jong-sup"),
    ("Li Chông Sóp", "lee-jong-sup"),
    ("Yi Jong-sup", "lee-jong-sup"),
    ("이재명", "lee-jae-myung"),
    ("Lý Tại Minh", "lee-jae-myung"),
    ("김선호", "kim-seon-ho"),
    # Titles, in English, Vietnamese (before the name) and Korean (after it).
    ("Gen. Phan Văn Giang", "phan-van-giang"),
    ("Đại tướng Phan Văn Giang", "phan-van-giang"),
    ("Bộ trưởng Phan Văn Giang", "phan-van-giang"),
    ("Bộ trưởng Bộ Quốc phòng Phan Văn Giang", "phan-van-giang"),
    ("Tổng Bí thư Tô Lâm", "to-lam"),
    ("Tổng thống Lee Jae-myung", "lee-jae-myung"),
    ("Thứ trưởng Kim Seon-ho", "kim-seon-ho"),
    ("이종섭 장관", "lee-jong-sup"),
    ("이재명 대통령", "lee-jae-myung"),
    ("종섭", "lee-jong-sup"),
    # A name several people share asks, in any script.
    ("Lee", ASKS),
    ("Kim", ASKS),
    ("이", ASKS),
    ("김", ASKS),
    ("Nguyen", ASKS),
    ("President Lee", ASKS),
]

TOPICS = [
    ("Biển Đông", "east-sea"),
    ("biển đông", "east-sea"),
    ("bien dong", "east-sea"),
    ("BIEN-DONG", "east-sea"),
    ("Biển-Đông", "east-sea"),
    ("biendong", "east-sea"),
    ("East-Sea", "east-sea"),
    ("eastsea", "east-sea"),
    ("South-China-Sea", "east-sea"),
    ("남중국해", "east-sea"),
    ("cyber-security", "cyber-security"),
    ("Cyber Security", "cyber-security"),
    ("an ninh mạng", "cyber-security"),
    ("사이버", "cyber-security"),
    ("Peace Keeping", "peacekeeping"),
    ("gìn giữ hòa bình", "peacekeeping"),
    ("평화유지", "peacekeeping"),
    ("Maritime-Security", "maritime"),
    ("an ninh hàng hải", "maritime"),
    ("hàng hải", "maritime"),
    ("해양안보", "maritime"),
    ("People-to-People", "people-to-people"),
    ("Defense-Industry", "defence-industry"),
    ("công nghiệp quốc phòng", "defence-industry"),
    ("방위산업", "defence-industry"),
    ("hậu quả chiến tranh", "war-legacy"),
    ("chất độc da cam", "war-legacy"),
    ("Agent-Orange", "war-legacy"),
]

POSITIONS = [
    ("four no's", "four-nos"),
    ("FOUR-NOS", "four-nos"),
    ("4 no's", "four-nos"),
    ("bốn không", "four-nos"),
    ("4 không", "four-nos"),
    ("Biển Đông", "east-sea-stance"),
    ("East-Sea", "east-sea-stance"),
    ("phi hạt nhân hoá", "denuclearisation"),
    ("phi hạt nhân hóa", "denuclearisation"),
    ("비핵화", "denuclearisation"),
    ("Denuclearization", "denuclearisation"),
]

SERIES = [
    ("Defense-Policy-Dialogue", "defence-policy-dialogue"),
    ("đối thoại chính sách quốc phòng", "defence-policy-dialogue"),
    ("doi thoai chinh sach quoc phong", "defence-policy-dialogue"),
    ("국방정책실무회의", "defence-policy-dialogue"),
    ("국방전략대화", "defence-policy-dialogue"),
    ("STRATEGIC-DEFENCE-DIALOGUE", "strategic-defence-dialogue"),
]


@pytest.mark.parametrize(("spelling", "expected"), PEOPLE, ids=[s for s, _ in PEOPLE])
def test_every_spelling_of_a_person_folds_to_them(spelling: str, expected: str) -> None:
    found = resolve_person(seed_corpus(), spelling, reference())

    if expected == ASKS:
        assert found.match is None and found.ambiguous, found.match
        assert len(found.suggestions) >= 2
    else:
        assert found.match is not None, [p.id for p in found.suggestions]
        assert found.match.id == expected


@pytest.mark.parametrize(("spelling", "expected"), TOPICS, ids=[s for s, _ in TOPICS])
def test_every_spelling_of_a_topic_folds_to_it(spelling: str, expected: str) -> None:
    found = resolve_topic(reference(), spelling)

    assert found.match is not None, [t.id for t in found.suggestions]
    assert found.match.id == expected


@pytest.mark.parametrize(("spelling", "expected"), POSITIONS, ids=[s for s, _ in POSITIONS])
def test_every_spelling_of_a_position_folds_to_it(spelling: str, expected: str) -> None:
    found = resolve_position(reference(), spelling)

    assert found.match is not None, [p.id for p in found.suggestions]
    assert found.match.id == expected


@pytest.mark.parametrize(("spelling", "expected"), SERIES, ids=[s for s, _ in SERIES])
def test_every_spelling_of_a_series_folds_to_it(spelling: str, expected: str) -> None:
    found, close = resolve_mechanism(reference(), spelling)

    assert found is not None, [m.id for m in close]
    assert found.id == expected


@pytest.mark.parametrize(
    ("spelling", "never"),
    [
        ("chất độc", "east-sea"),  # "poison": its "độc" is not DOC, the Declaration on Conduct
        ("cơ chế", "east-sea"),  # "mechanism": "cơ" is not COC
        ("운", "multilateral-asean"),  # a Korean syllable romanised "un" is not the UN
        ("스", "east-sea"),
    ],
)
def test_a_fold_never_makes_a_wrong_match(spelling: str, never: str) -> None:
    found = resolve_topic(reference(), spelling)

    assert found.match is None or found.match.id != never


def test_a_word_in_a_vietnamese_title_is_still_a_name_alone() -> None:
    # "Trương" is a surname: only the whole title "thứ trưởng" is dropped, never "truong".
    found = resolve_person(seed_corpus(), "Trương Tấn Sang", reference())

    assert found.match is not None and found.match.id == "truong-tan-sang"
