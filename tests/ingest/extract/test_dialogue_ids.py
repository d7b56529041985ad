"""Dialogue titles (headline or generated) and stable dialogue ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.briefings import Ref
from bot.domain.models import EventDate
from bot.domain.text import MAX_ID
from bot.ingest.article import read_article
from bot.ingest.extract import extract
from bot.ingest.extract.dialogue_ids import dialogue_slug
from bot.ingest.extract.name_finder import new_person_id

from .seeds import article, dialogue, extracted, reference, talks_year


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
    year = f"{talks_year()}-" if talks_year() else ""
    assert dialogue("001").id == f"{year}03-28-defence-ministers-talks-seoul"
    assert dialogue("004").id == "2025-08-10-state-visit-seoul"
    # No date at all: the source id keeps the slug unique.
    source_id = extracted("003").source.id
    assert dialogue("003").id == f"deputy-fm-strategic-dialogue-hanoi-{source_id}"
    assert extract(article("000"), reference()).dialogue.id == dialogue("000").id


LONG_EVENT = """---
outlet: VNA
url:
published: 2024-04-24
---
Permanent Deputy Minister of Foreign Affairs Nguyen Minh Vu and RoK First Vice Minister of \
Foreign Affairs Chang Ho-jin co-chaired the deputy foreign ministerial level strategic dialogue \
in Ho Chi Minh City on April 23, between Vietnam and the Republic of Korea.
"""


def fits_telegram(ref: Ref) -> bool:
    """Button data and the deep-link payload both within Telegram's 64 bytes."""
    return len(ref.command.encode()) <= 64 and ref.deep_link is not None


def test_long_mechanism_and_place_give_an_id_that_fits_buttons_and_deep_links(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hcmc.txt"
    path.write_text(LONG_EVENT, encoding="utf-8")
    found = extract(read_article(path), reference()).dialogue
    assert (found.mechanism, found.place) == ("deputy-fm-strategic-dialogue", "Ho Chi Minh City")
    assert len("2024-04-23-deputy-fm-strategic-dialogue-ho-chi-minh-city") > MAX_ID
    assert len(found.id) <= MAX_ID and found.id.startswith("2024-04-23-deputy-fm-strategic")
    assert fits_telegram(Ref("dialogue", found.id, found.title))
    assert extract(read_article(path), reference()).dialogue.id == found.id, "stable"


def test_cut_ids_stay_distinct() -> None:
    when = EventDate(year=2024, month=4, day=23, precision="day")
    places = ["Ho Chi Minh City Opera House", "Ho Chi Minh City Rex Hotel"]
    ids = {dialogue_slug(when, "deputy-fm-strategic-dialogue", p, "a" * 16) for p in places}
    assert len(ids) == 2
    assert all(len(i) <= MAX_ID for i in ids)


def test_a_long_new_name_gives_a_person_id_that_fits() -> None:
    person_id = new_person_id("Nguyenthithanhhuongmaiphuong Tranvanbaoquocvietnam Le", reference())
    assert len(person_id) <= MAX_ID
    assert fits_telegram(Ref("person", person_id, "x"))
    assert len(f"/person {person_id} page 999".encode()) <= 64, "the next-page button fits too"
