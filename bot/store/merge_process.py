"""The search merge's own process: `python -m bot.store.merge_process TARGET MODE SEGMENT...`.

A module of its own that nothing imports, so `-m` runs it once (search_parts is imported by the
store package, and running that module with `-m` would import it twice).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.store.search_parts import NOT_MERGED, merge_files


def main(argv: list[str]) -> int:
    """Merge the segment files into TARGET; NOT_MERGED when one is gone or unreadable."""
    target, mode, *segments = argv
    return 0 if merge_files([Path(a) for a in segments], Path(target), int(mode)) else NOT_MERGED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
