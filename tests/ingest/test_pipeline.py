"""Ingestion end to end into a real store: which files are read, and how reports merge."""

from __future__ import annotations

import os
from pathlib import Path

from bot.domain.reference import load_reference
from bot.ingest.pipeline import article_paths, ingest_paths
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


def test_folders_skip_hidden_folders_and_files_that_are_not_regular(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / ".git").mkdir(parents=True)
    (folder / ".venv" / "lib").mkdir(parents=True)
    (folder / "2025").mkdir()
    for path in (
        folder / ".git" / "HEAD",
        folder / ".venv" / "lib" / "README.md",
        folder / ".draft.txt",
        folder / "2025" / "visit.txt",
        folder / "talks.md",
    ):
        path.write_text("x", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")

    found = list(article_paths([folder]))

    assert found == [folder / "2025" / "visit.txt", folder / "talks.md"]


def test_a_pipe_named_directly_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    store = Store(tmp_path / "store.json")

    [result] = ingest_paths([pipe], store=store, reference=load_reference())

    assert result.error == "pipe.txt: not a regular file"


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / ".git").mkdir(parents=True)
    (empty / ".git" / "config.txt").write_text("x", encoding="utf-8")
    store = Store(tmp_path / "store.json")

    [result] = ingest_paths([empty], store=store, reference=load_reference())

    assert result.error == f"no article files in {empty}"
    assert store.corpus().dialogues == ()


def test_a_header_dated_year_one_is_that_files_line_and_the_run_goes_on(tmp_path: Path) -> None:
    odd = tmp_path / "a_year_one.txt"
    odd.write_text(
        SECOND_REPORT.replace("2025-08-11", "0001-01-01").replace("on August 11", "on Wednesday"),
        encoding="utf-8",
    )
    store = Store(tmp_path / "store.json")

    results = ingest_paths([odd, STATE_VISIT_SEED], store=store, reference=load_reference())

    assert [r.path for r in results] == [odd, STATE_VISIT_SEED]
    assert all(r.ok for r in results)
    assert results[0].dialogue is not None and results[0].dialogue.date.year is None
