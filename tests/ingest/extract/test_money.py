"""Commitments: money and targets pledged, with amount, currency and purpose."""

from __future__ import annotations

import pytest

from bot.ingest.extract import find_commitments

from .seeds import dialogue


def test_bomb_clearance_grant() -> None:
    [grant] = dialogue("000").commitments
    assert grant.amount == 34_000_000
    assert grant.currency == "USD"
    assert grant.purpose == "wartime bomb clearance"
    assert grant.text.startswith("$34 million towards two projects")
    assert "$34 million" in grant.evidence.sentence
    assert grant.amount_max is None


def test_trade_target_keeps_both_figures() -> None:
    [target] = dialogue("003").commitments
    # The firm figure is the amount; the "even" stretch figure is the maximum.
    assert target.amount == 100e9
    assert target.amount_max == 150e9
    assert target.currency == "USD"
    assert target.purpose is not None
    assert target.purpose.startswith("two-way trade target")
    assert target.text == "lifting two-way trade to US$100 billion, even $150 billion in 2030"


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_no_money_no_commitment(prefix: str) -> None:
    assert dialogue(prefix).commitments == []


@pytest.mark.parametrize(
    ("sentence", "amount", "amount_max"),
    [
        ("The RoK will provide $5 million, up to $8 million by 2027 for demining.", 5e6, 8e6),
        ("Korea pledged €2 million, even $3 million for training.", 2e6, None),
        ("Seoul gave $9 million, or $4 million in cash, for clinics.", 9e6, None),
        ("Vietnam received $7 million for demining.", 7e6, None),
    ],
)
def test_stretch_figure_is_the_maximum(
    sentence: str, amount: float, amount_max: float | None
) -> None:
    [pledge] = find_commitments([sentence], "src")
    assert (pledge.amount, pledge.amount_max) == (amount, amount_max)


@pytest.mark.parametrize(
    ("sentence", "amount", "currency", "kind"),
    [
        (
            "He conveyed gratitude to the RoK Government for its generous support of $34 million "
            "towards two projects.",
            34e6,
            "USD",
            "background",
        ),
        (
            "The two sides agreed to raise bilateral trade to US$150 billion by 2030.",
            150e9,
            "USD",
            "pledge",
        ),
        (
            "Thứ trưởng cảm ơn Chính phủ Hàn Quốc đã hỗ trợ 34 triệu USD cho hai dự án.",
            34e6,
            "USD",
            "background",
        ),
        (
            "Hai bên nhất trí phấn đấu đạt kim ngạch 150 tỷ USD vào năm 2030.",
            150e9,
            "USD",
            "pledge",
        ),
        ("한국 정부는 3400만 달러를 지원하기로 했다.", 34e6, "USD", "pledge"),
        (
            "찌엔 차관은 그동안 한국이 지원한 3400만 달러에 사의를 표했다.",
            34e6,
            "USD",
            "background",
        ),
    ],
)
def test_pledges_and_background_figures_in_three_languages(
    sentence: str, amount: float, currency: str, kind: str
) -> None:
    [found] = find_commitments([sentence], "src")
    assert (found.amount, found.currency, found.kind) == (amount, currency, kind)
