"""Dialogue titles (headline or generated) and stable dialogue ids."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract

from .seeds import article, dialogue, extracted, reference


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("000", "11th Defence policy dialogue, Hanoi"),
        ("001", "Vietnam, RoK agree to strengthen defence ties"),
        ("002", "2nd Strategic defence dialogue, Seoul"),
        ("004", "Hanoi, Seoul Strengthen Defence, Security, Economic Ties"),
    ],
)
def test_title_is_the_headline_or_generated(prefix: str, title: str) -> None:
    assert dialogue(prefix).title == title
    assert extracted(prefix).source.title == (title if prefix in {"001", "004"} else None)


def test_dialogue_ids_are_stable_slugs() -> None:
    assert dialogue("000").id == "2024-04-23-defence-policy-dialogue-hanoi"
    assert dialogue("001").id == "03-28-defence-ministers-talks-seoul"
    assert dialogue("004").id == "2025-08-10-state-visit-seoul"
    # No date at all: the source id keeps the slug unique.
    source_id = extracted("003").source.id
    assert dialogue("003").id == f"deputy-fm-strategic-dialogue-hanoi-{source_id}"
    assert extract(article("000"), reference()).dialogue.id == dialogue("000").id
