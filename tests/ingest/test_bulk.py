"""Bulk ingestion: the same store as one file at a time, in far fewer commits."""

from __future__ import annotations

import shutil
from pathlib import Path

from store.test_core import manifest

from bot.domain.reference import Reference
from bot.ingest.bulk import ingest_bulk
from bot.ingest.pipeline import ingest_paths
from bot.store import SaveOutcome, Store

SEEDS = Path(__file__).resolve().parents[2] / "data" / "articles"


def _folder(tmp_path: Path, copies: int) -> Path:
    """The seeds `copies` times over under new names, plus a file that is no article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copyfile(seed, folder / f"{n}_{seed.name}")
    (folder / "1_empty.txt").write_bytes(b"")
    return folder


def _generation(path: Path) -> int:
    return int(manifest(path)["generation"])


def test_bulk_ingest_matches_one_at_a_time_in_fewer_commits(
    tmp_path: Path, reference: Reference
) -> None:
    folder = _folder(tmp_path, copies=4)  # 21 files: worth two worker processes
    one_by_one = Store(tmp_path / "single.json")
    expected = ingest_paths([folder], store=one_by_one, reference=reference)
    bulk = Store(tmp_path / "bulk.json")
    before = _generation(bulk.path)
    seen: list[str] = []
    results = ingest_bulk(
        [folder],
        store=bulk,
        reference=reference,
        workers=2,
        on_result=lambda r: seen.append(r.path.name),
    )
    assert [(r.path, r.outcome, r.error) for r in results] == [
        (r.path, r.outcome, r.error) for r in expected
    ]
    assert seen == [r.path.name for r in expected]  # reported as they are done, in order
    assert [r.outcome for r in results].count(SaveOutcome.ADDED) == 5
    assert [r.error is not None for r in results].count(True) == 1
    # One batch (the bad file is reported in its place, it does not cut the batch): one commit
    # where one-at-a-time made five.
    assert _generation(bulk.path) - before == 1
    assert _generation(one_by_one.path) - before == 5
    assert [d.id for d in bulk.corpus().dialogues] == [d.id for d in one_by_one.corpus().dialogues]


def test_reports_of_one_event_in_one_batch_merge_as_one_at_a_time(
    tmp_path: Path, reference: Reference
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    for n in range(20):  # twenty reports of one meeting, each with a line of its own
        (folder / f"{n:02d}.txt").write_text(f"{seed}\n\nReport number {n}.\n", encoding="utf-8")
    one_by_one = Store(tmp_path / "single.json")
    expected = ingest_paths([folder], store=one_by_one, reference=reference)
    bulk = Store(tmp_path / "bulk.json")
    results = ingest_bulk([folder], store=bulk, reference=reference, workers=2)
    assert [r.outcome for r in results] == [SaveOutcome.ADDED] + [SaveOutcome.MERGED] * 19
    assert [r.outcome for r in results] == [r.outcome for r in expected]
    [event] = bulk.corpus().dialogues
    assert len(event.sources) == 20  # every report, the last merged into all the others
    assert event == one_by_one.corpus().dialogues[0]
