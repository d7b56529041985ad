"""Ingestion end to end into a real store: which files are read, and how reports merge."""

from __future__ import annotations

from pathlib import Path

from bot.domain.reference import load_reference
from bot.ingest.pipeline import ingest_paths
from bot.store import SaveOutcome, Store

SEEDS = Path(__file__).resolve().parents[2] / "data" / "articles"
STATE_VISIT_SEED = next(SEEDS.glob("004_*.txt"))
# A second outlet's report of the 10–13 August 2025 state visit, dated by its second day.
SECOND_REPORT = """---
outlet: Korea Herald
url:
published: 2025-08-11
---
To Lam, Lee Jae Myung hold summit in Seoul

General Secretary To Lam, on a state visit to the Republic of Korea, held talks with RoK \
President Lee Jae Myung in Seoul on August 11, and the two leaders agreed to expand defence \
and maritime cooperation between Vietnam and Korea.
"""


def test_a_report_dated_inside_a_multi_day_visit_merges_into_it(tmp_path: Path) -> None:
    report = tmp_path / "herald.txt"
    report.write_text(SECOND_REPORT, encoding="utf-8")
    store = Store(tmp_path / "store.json")

    results = ingest_paths([STATE_VISIT_SEED, report], store=store, reference=load_reference())

    assert [r.outcome for r in results] == [SaveOutcome.ADDED, SaveOutcome.MERGED]
    [visit] = store.corpus().dialogues
    assert (visit.date.day, visit.date.end_day, visit.place) == (10, 13, "Seoul")
    assert [s.outlet for s in visit.sources] == ["MT Team", "Korea Herald"]
