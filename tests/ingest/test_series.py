"""Years from a known series when ingesting into a real store, one file at a time or in bulk."""

from __future__ import annotations

from pathlib import Path

from bot.domain.reference import load_reference
from bot.ingest.bulk import ingest_bulk
from bot.ingest.pipeline import ingest_paths
from bot.store import SaveOutcome, Store

DEVSET = Path(__file__).resolve().parents[1] / "devset" / "articles"
# The 11th defence policy dialogue, Hanoi, 23 April 2024 (dated by its date line).
ELEVENTH_EN = DEVSET / "10_en_dpd11-einpresswire.txt"
# The same dialogue from Korean-language VOV World: "제11차 ... 4월 23일", no year anywhere.
ELEVENTH_KO = DEVSET / "07_ko_dsd11-vovworld.txt"
# The 8th (Seoul, 20 June 2019) and the 10th, "held ... on September 5" with no year.
EIGHTH_VI = DEVSET / "02_vi_dpd8-vietbao.txt"
TENTH_EN = DEVSET / "11_en_dpd10-qdnd.txt"


def test_a_report_of_a_stored_edition_takes_its_year_and_joins_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")

    results = ingest_paths([ELEVENTH_EN, ELEVENTH_KO], store=store, reference=load_reference())

    assert [r.outcome for r in results] == [SaveOutcome.ADDED, SaveOutcome.MERGED]
    [dialogue] = store.corpus().dialogues
    assert (dialogue.date.year, dialogue.date.month, dialogue.date.day) == (2024, 4, 23)
    assert len(dialogue.sources) == 2
    assert "the 11th edition" not in (dialogue.date.year_basis or "")  # the dated report leads


def test_an_edition_with_several_possible_years_stays_undated(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    # 5 September fits 2019, 2020, 2021, 2022 and 2023 between the 8th and the 11th.
    results = ingest_paths(
        [EIGHTH_VI, ELEVENTH_EN, TENTH_EN], store=store, reference=load_reference()
    )

    tenth = results[-1].dialogue
    assert tenth is not None and tenth.edition == 10
    assert (tenth.date.year, tenth.date.month, tenth.date.day) == (None, 9, 5)
    assert tenth.date.year_basis is None


def test_bulk_infers_against_the_rest_of_its_batch(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")

    # The undated report comes first: the dated one later in the same batch still dates it.
    results = ingest_bulk(
        [ELEVENTH_KO, ELEVENTH_EN], store=store, reference=load_reference(), workers=1
    )

    assert [r.outcome for r in results] == [SaveOutcome.ADDED, SaveOutcome.MERGED]
    [dialogue] = store.corpus().dialogues
    assert (dialogue.date.year, dialogue.date.month, dialogue.date.day) == (2024, 4, 23)
    assert dialogue.date.year_basis == "the 11th edition held on 23 Apr 2024"
    assert dialogue.id.startswith("2024-04-23-")
