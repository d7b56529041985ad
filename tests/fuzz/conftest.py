"""Hypothesis profiles: the suite runs a fixed, bounded set of examples; "explore" hunts wider.

`HYPOTHESIS_PROFILE=explore pytest tests/fuzz` tries many more, different examples each run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
# No deadline (a busy machine must not fail a test) and no example database in the checkout.
settings.register_profile(
    "suite", derandomize=True, database=None, deadline=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "explore", max_examples=2000, database=None, deadline=None, suppress_health_check=_QUIET
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
