"""Search merges asked for by a short `briefbot` command finish before the process exits."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cli_process import briefbot, briefbot_main, clean_environment_for
from conftest import SEED_ARTICLES
from store.test_core import manifest

from bot.domain.briefings import SearchView, search
from bot.domain.reference import load_reference
from bot.store import Store
from bot.store.search_parts import FANOUT


def _levels(path: Path) -> Counter[str]:
    parts: dict[str, str] = manifest(path)["parts"]
    return Counter(name[len("search-")] for name in parts if name.startswith("search-"))


def test_one_ingest_per_file_keeps_level_zero_merged(tmp_path: Path) -> None:
    env = clean_environment_for(tmp_path)
    seed = sorted(SEED_ARTICLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    for n in range(FANOUT):
        article = tmp_path / f"article{n}.txt"
        article.write_text(f"{seed}\n\nWord quokka{n}zed closes report {n}.\n", "utf-8")
        # Only the last ingest, the one whose save fills level 0, needs a process of its own
        # that exits at once; the others run in this one (a process each would cost a second).
        run = briefbot if n == FANOUT - 1 else briefbot_main
        result = run("ingest", str(article), env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr

    path = tmp_path / "store.json"
    assert _levels(path)["0"] < FANOUT  # the last ingest's merge finished before it exited
    corpus = Store(path).corpus()
    for n in range(FANOUT):
        view = search(corpus, load_reference(), f"quokka{n}zed")
        assert isinstance(view, SearchView) and view.total == 1, n
