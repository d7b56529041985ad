"""Article files for the bulk-ingest figure: the seed articles rewritten as distinct meetings."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

from benchmarks.generate import ARTICLES

_YEAR = re.compile(r"\b(19|20)\d\d\b")
MONTHS = [calendar.month_name[m] for m in range(1, 13)]
_MONTH_DAY = re.compile(rf"\b({'|'.join(MONTHS)}) (\d{{1,2}})\b")
_ORDINAL = re.compile(r"\b\d+(st|nd|rd|th)\b|(lần thứ |제)\d+")


SEEDS = ("000_c45f0721d31ab978.txt", "004_1414897db8865b5b.txt")


PER_SEED = 33 * 12


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rewrite(text: str, n: int) -> str:
    """Seed text as meeting number `n`: its own year, month and edition, and a line of its own
    (one seed's meetings are distinct for 33 × 12 = 396 consecutive numbers)."""
    year = str(1993 + n % 33)
    month = MONTHS[n // 33 % 12]  # with the year: PER_SEED distinct meetings
    edition = 100 + n

    def ordinal(match: re.Match[str]) -> str:
        return f"{match[2]}{edition}" if match[2] else _ordinal(edition)

    text = _MONTH_DAY.sub(lambda m: f"{month} {m[2]}", _YEAR.sub(year, text))
    return f"{_ORDINAL.sub(ordinal, text)}\n\nReport number {n}.\n"


def write_articles(folder: Path, count: int) -> list[Path]:
    """`count` article files in `folder`, each a rewritten seed: distinct meetings up to 792."""
    # The seeds whose every date carries its year in the text: the others take the year from
    # a term of office or stay undated, so their copies would all merge into one meeting.
    seeds = [(ARTICLES / name).read_text(encoding="utf-8") for name in SEEDS]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{n:07d}.txt"
        # Each seed in turn for PER_SEED files: its copies differ in year and month.
        seed = seeds[n // PER_SEED % len(seeds)]
        path.write_text(rewrite(seed, n % PER_SEED), encoding="utf-8")
        paths.append(path)
    return paths
