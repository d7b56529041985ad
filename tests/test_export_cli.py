"""`briefbot export`, run as a user runs it: the files it writes, opened with csv and json.

One case runs the installed script; the others `bot.cli.main` with the same environment.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_process import (
    assert_one_clear_line,
    briefbot,
    briefbot_main,
    clean_environment_for,
    lines,
)
from conftest import SEED_OUTLETS

from bot.domain.fact_export import COLUMNS
from bot.store import Store


@pytest.fixture
def seeded(store_path: Path, tmp_path: Path) -> dict[str, str]:
    """A clean environment with BRIEFBOT_DB on a copy of the seed store."""
    return {**clean_environment_for(tmp_path), "BRIEFBOT_DB": str(store_path)}


def test_export_writes_a_csv_and_a_json_file(
    seeded: dict[str, str], tmp_path: Path, store: Store
) -> None:
    out = tmp_path / "reports"
    result = briefbot("export", "/topic maritime", "--out", str(out), env=seeded, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "briefbot-topic-maritime.csv",
        "briefbot-topic-maritime.json",
    ]
    with (out / "briefbot-topic-maritime.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    document = json.loads((out / "briefbot-topic-maritime.json").read_text(encoding="utf-8"))
    assert document["rows"] == rows
    on_topic = {d.id for d in store.corpus().by_topic["maritime"]}
    assert {r["dialogue_id"] for r in rows} == on_topic
    assert {r["outlet"] for r in rows} <= set(SEED_OUTLETS)
    [line] = lines(result.stderr)
    assert line.startswith(f"{len(rows)} facts from {len(on_topic)} dialogues (/topic maritime).")


def test_export_without_a_slash_and_into_the_current_folder(
    seeded: dict[str, str], tmp_path: Path
) -> None:
    result = briefbot_main("export", "person Lee Jong-sup", env=seeded, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    rows = list(
        csv.DictReader(
            (tmp_path / "briefbot-person-lee-jong-sup.csv").open(encoding="utf-8-sig", newline="")
        )
    )
    assert rows and all(r["sentence"] for r in rows)


def test_export_of_something_that_is_not_a_briefing(seeded: dict[str, str], tmp_path: Path) -> None:
    result = briefbot_main("export", "/topics", env=seeded, cwd=tmp_path)

    line = assert_one_clear_line(result)
    assert line.startswith("error: '/topics' is not a briefing to export")
    assert list(tmp_path.glob("*.csv")) == []


def test_export_of_an_unknown_topic_shows_the_suggestions(
    seeded: dict[str, str], tmp_path: Path
) -> None:
    result = briefbot_main("export", "/topic qqqzzz", env=seeded, cwd=tmp_path)

    assert result.returncode == 1
    assert "qqqzzz" in result.stdout
    assert "Traceback" not in result.stderr
    assert list(tmp_path.glob("*.csv")) == []


def test_export_into_a_file_instead_of_a_folder(seeded: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = briefbot_main("export", "/latest", "--out", str(blocker), env=seeded, cwd=tmp_path)

    line = assert_one_clear_line(result)
    assert line.startswith(f"error: cannot write to {blocker}")
    assert blocker.read_text() == "x"
