"""`briefbot ingest` of a large folder: worker processes, batched commits, Ctrl-C at any time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

from cli_process import TIMEOUT, briefbot, briefbot_command, clean_environment_for, lines
from conftest import SEED_ARTICLES, SEED_COUNT

from bot.store import Store

COPIES = 120  # 600 files: several batches, far more than a Ctrl-C lets through


def _folder(tmp_path: Path, copies: int) -> Path:
    """Each seed article `copies` times, each copy a new event (its own place and report)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(copies):
        for seed in sorted(SEED_ARTICLES.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (folder / f"{n:04d}_{seed.name}").write_text(f"{text}\n\nReport {n}.\n", "utf-8")
    return folder


def test_ingest_of_a_big_folder_reports_every_file_in_order(tmp_path: Path) -> None:
    env = clean_environment_for(tmp_path)
    folder = _folder(tmp_path, copies=4)
    (folder / "0001_empty.txt").write_bytes(b"")

    result = briefbot("ingest", "--json", str(folder), env=env, cwd=tmp_path)

    assert result.returncode == 1
    assert lines(result.stderr) == [
        "error: 0001_empty.txt: file is empty",
        f"{4 * SEED_COUNT + 1} file(s): {SEED_COUNT} added, {3 * SEED_COUNT} merged, 1 failed",
    ]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4 * SEED_COUNT
    assert len({r["id"] for r in records}) == SEED_COUNT  # each copy reports the same event
    timeline = briefbot("ask", "/timeline", env=env, cwd=tmp_path)
    assert timeline.stdout.count("\n• ") == SEED_COUNT


def test_ctrl_c_stops_an_ingest_quietly_and_keeps_what_was_reported(tmp_path: Path) -> None:
    env = clean_environment_for(tmp_path)
    folder = _folder(tmp_path, copies=COPIES)
    process = subprocess.Popen(
        briefbot_command("ingest", "--json", str(folder)),
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # a first batch is committed and reported
        assert first, "no record before the end"
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the workers get it too
        rest = process.stdout.read()  # the same buffered reader: nothing is skipped
        assert process.stderr is not None
        stderr = process.stderr.read()
        process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    reported = [json.loads(line) for line in [first, *rest.splitlines()]]
    [summary] = lines(stderr)
    assert summary.startswith(f"interrupted after {len(reported)} of {COPIES * SEED_COUNT} file")
    assert len(reported) < COPIES * SEED_COUNT
    # The store opens (nothing half-written) and holds every dialogue that was reported.
    corpus = Store(tmp_path / "store.json").corpus()
    assert {r["id"] for r in reported} <= set(corpus.by_id)
    assert len(corpus.dialogues) < COPIES * SEED_COUNT  # and the rest was really left undone
