"""The one percentile every benchmark reports: nearest rank, always a measured sample."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(samples: Sequence[float], share: float) -> float:
    """The nearest-rank `share` quantile (0.95: p95): the smallest sample at or above that share.

    With 40 samples p95 is the 38th smallest; with 60, p99 is the largest.
    """
    if not samples:
        raise ValueError("no samples")
    if not 0.0 < share <= 1.0:
        raise ValueError(f"share must be in (0, 1], got {share}")
    ordered = sorted(samples)
    # The epsilon keeps 0.07 * 100 (7.000000000000001 in floating point) at rank 7, not 8.
    rank = math.ceil(share * len(ordered) - 1e-9)
    return ordered[max(rank, 1) - 1]
