"""The scorer's own rules, on hand-built extractions: what counts as right, wrong or missing."""

from __future__ import annotations

from typing import Any

from bot.domain.models import Country, Dialogue, EventDate, Evidence, Participant, Side, TopicHit

from .score import compare, fold, parse_expected, summarise

EXPECTED: dict[str, Any] = {
    "lang": "ko",
    "decoy": None,
    "date": "--04-23",
    "date_also": ["2024-04-23"],
    "place": "Hanoi",
    "mechanism": "defence-policy-dialogue",
    "mechanism_also": ["strategic-defence-dialogue"],
    "edition": 11,
    "people": [
        {"name": "Hoàng Xuân Chiến", "country": "VN", "spellings": ["호앙 쑤언 찌엔"]},
        {"name": "Kim Seon-ho", "country": "KR", "spellings": ["김선호"]},
    ],
    "also_ok": ["Ngô Phương Ly"],
    "not_people": ["Boundary Commission"],
    "attributions": [
        {"contains": "Chiến asked", "speaker": "Hoàng Xuân Chiến"},
        {"contains": "Kim proposed", "speaker": "Kim Seon-ho"},
        {"contains": "Both agreed", "side": "both"},
        {"contains": "The dialogue is annual", "narration": True},
    ],
}


def person(name: str, country: Country | None) -> Participant:
    """A participant as the engine would list one."""
    return Participant(person_id=fold(name), name=name, country=country)


def dialogue(
    participants: list[Participant],
    evidence: list[Evidence] | None = None,
    date: EventDate | None = None,
) -> Dialogue:
    """A dialogue with the expected place, mechanism and edition unless a test changes them."""
    return Dialogue(
        id="d",
        title="t",
        date=date or EventDate(month=4, day=23, precision="month_day"),
        place="Hanoi",
        mechanism="strategic-defence-dialogue",
        edition=11,
        participants=participants,
        topics=[TopicHit(id="defence", evidence=evidence or [])],
    )


def said(sentence: str, by: str | None = None, side: Side | None = None) -> Evidence:
    """A quoted sentence credited to a person id, a side, or neither."""
    return Evidence(sentence=sentence, source_id="s", said_by=by, side=side)


def test_fold_ignores_diacritics_hyphens_and_case_but_keeps_hangul() -> None:
    assert fold("Nguyễn Chí Vịnh") == fold("nguyen chi vinh")
    assert fold("Đức") == fold("Duc")
    assert fold("Lee Jong-sup") == fold("Lee Jongsup")
    assert fold("박재민") == "박재민"
    assert fold("박재민") != fold("Park Jae-min")


def test_people_match_any_spelling_and_catch_organisations_and_doubles() -> None:
    got = dialogue(
        [
            person("호앙 쑤언 찌엔", "VN"),
            person("Hoang Xuan Chien", "VN"),
            person("Boundary Commission", "VN"),
            person("Ministry of Foreign Affairs", "KR"),
            person("Ngo Phuong Ly", "VN"),
        ]
    )
    score = compare("x", parse_expected(EXPECTED), got)
    assert (score.people_tp, score.people_fp, score.people_fn) == (1, 3, 1)
    assert score.orgs_as_people == 2
    assert "person listed twice: Hoang Xuan Chien" in score.misses
    assert "missing person: Kim Seon-ho (KR)" in score.misses


def test_a_person_of_the_wrong_country_is_counted() -> None:
    score = compare("x", parse_expected(EXPECTED), dialogue([person("김선호", "VN")]))
    assert score.people_tp == 1
    assert score.wrong_country == 1


def test_a_year_the_record_supports_is_right_and_any_other_is_invented() -> None:
    expected = parse_expected(EXPECTED)
    known = compare("x", expected, dialogue([], date=EventDate(year=2024, month=4, day=23)))
    guessed = compare("x", expected, dialogue([], date=EventDate(year=2022, month=4, day=23)))
    as_written = compare("x", expected, dialogue([]))
    assert (known.date_right, known.year_invented) == (True, False)
    assert (guessed.date_right, guessed.year_invented) == (False, True)
    assert (as_written.date_right, as_written.year_invented) == (True, False)


def test_an_undated_result_for_a_dated_article_is_wrong() -> None:
    expected = parse_expected({**EXPECTED, "date": "2024-04-23", "date_also": []})
    score = compare("x", expected, dialogue([], date=EventDate()))
    assert score.has_date
    assert not score.date_right
    assert not score.year_invented


def test_quotes_credited_to_someone_else_are_misattributed_and_narration_is_not() -> None:
    got = dialogue(
        [person("Hoàng Xuân Chiến", "VN"), person("Kim Seon-ho", "KR")],
        [
            said("Chiến asked for more training.", by=fold("Kim Seon-ho")),
            said("Kim proposed new areas.", side="KR"),
            said("Both agreed to meet again.", by=fold("Hoàng Xuân Chiến")),
            said("The dialogue is annual.", side="both"),
            said("Chiến asked again, in narration."),
        ],
    )
    score = compare("x", parse_expected(EXPECTED), got)
    assert score.quotes_checked == 5
    assert score.quotes_right == 1
    assert score.quotes_open == 1
    assert score.quotes_wrong == 3


def test_an_accepted_decoy_makes_every_participant_a_wrong_fact() -> None:
    expected = parse_expected({**EXPECTED, "decoy": "DPRK counterpart", "people": []})
    score = compare("x", expected, dialogue([person("Ri Yong-ho", "KR")]))
    assert not score.refused
    assert score.people_fp == 1
    refused = compare("x", expected, None, refusal="not a Vietnam–RoK dialogue")
    assert refused.refused
    assert refused.people_fp == 0


def test_a_refused_relevant_article_loses_its_people_and_f1_is_zero() -> None:
    score = compare("x", parse_expected(EXPECTED), None, refusal="no")
    table = summarise([score])
    assert table["ko"]["people_fn"] == 2
    assert table["ko"]["people_f1"] == 0.0
    assert table["ko"]["wrongly_refused"] == 1
    assert table["en"]["people_f1"] is None
