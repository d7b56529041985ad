"""Where the event was held and which dialogue mechanism (and edition) it was."""

from __future__ import annotations

import pytest

from bot.ingest.extract import normalise_place

from .seeds import dialogue


@pytest.mark.parametrize(
    ("prefix", "place", "mechanism", "edition"),
    [
        ("000", "Hanoi", "defence-policy-dialogue", 11),
        ("001", "Seoul", "defence-ministers-talks", None),
        ("002", "Seoul", "strategic-defence-dialogue", 2),
        ("003", "Hanoi", "deputy-fm-strategic-dialogue", 5),
        ("004", "Seoul", "state-visit", None),
    ],
)
def test_place_mechanism_and_edition(
    prefix: str, place: str, mechanism: str, edition: int | None
) -> None:
    found = dialogue(prefix)
    assert (found.place, found.mechanism, found.edition) == (place, mechanism, edition)


@pytest.mark.parametrize(
    ("written", "city"),
    [("HÀ NỘI", "Hanoi"), ("Hà Nội", "Hanoi"), ("Ha Noi", "Hanoi"), ("SEOUL", "Seoul")],
)
def test_place_names_are_normalised(written: str, city: str) -> None:
    assert normalise_place(written) == city
