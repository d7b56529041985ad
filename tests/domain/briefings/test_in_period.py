"""Suggestions under a dated briefing keep its period, within a button's 64 bytes."""

from __future__ import annotations

from bot.domain.briefings.blocks import Ref
from bot.domain.briefings.in_period import dated
from bot.domain.periods import Period
from bot.domain.text import MAX_PERSON_ID


def test_a_suggestion_keeps_the_period_in_its_command_and_deep_link() -> None:
    [giang] = dated([Ref("person", "phan-van-giang", "Phan Văn Giang")], Period(2019, 2023))

    assert giang.command == "/person phan-van-giang 2019-2023"
    assert giang.deep_link == "person_phan-van-giang_2019-2023"
    assert giang.label == "Phan Văn Giang"


def test_a_suggestion_too_long_to_keep_the_period_still_opens_every_year() -> None:
    longest = Ref("person", "x" * MAX_PERSON_ID, "Someone")
    since = Period(2024, None)

    [kept] = dated([longest], since)

    assert len(f"/person {longest.id} {since.token}".encode()) > 64
    assert kept.command == f"/person {longest.id}"


def test_without_a_period_suggestions_are_as_they_were() -> None:
    refs = (Ref("topic", "maritime", "Maritime security"),)

    assert dated(refs, None) == refs
    assert refs[0].command == "/topic maritime"
