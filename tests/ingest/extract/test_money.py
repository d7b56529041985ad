"""Commitments: money and targets pledged, with amount, currency and purpose."""

from __future__ import annotations

import pytest

from .seeds import dialogue


def test_bomb_clearance_grant() -> None:
    [grant] = dialogue("000").commitments
    assert grant.amount == 34_000_000
    assert grant.currency == "USD"
    assert grant.purpose == "wartime bomb clearance"
    assert grant.text.startswith("$34 million towards two projects")
    assert "$34 million" in grant.evidence.sentence


def test_trade_target_keeps_both_figures_in_text() -> None:
    [target] = dialogue("003").commitments
    # The firm figure is the amount; the "even" stretch figure stays in the text.
    assert target.amount == 100e9
    assert target.currency == "USD"
    assert target.purpose is not None
    assert target.purpose.startswith("two-way trade target")
    assert target.text == "lifting two-way trade to US$100 billion, even $150 billion in 2030"


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_no_money_no_commitment(prefix: str) -> None:
    assert dialogue(prefix).commitments == []
