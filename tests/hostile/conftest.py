"""Hypothesis settings for the hostile-input tests: bounded runs, no deadlines, and a steady CI.

Locally every run draws new examples (and Hypothesis keeps failures in .hypothesis/ to replay
them). CI (``CI`` set, as .ci/run is run) draws the same examples every time, so a merge is
never blocked by a discovery made by chance; run the suite locally to explore.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Generation can be slow on a loaded two-core machine, and the module-scoped fixtures are read-only.
settings.register_profile(
    "errcat",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
settings.register_profile("errcat-ci", settings.get_profile("errcat"), derandomize=True, database=None)
settings.load_profile("errcat-ci" if os.environ.get("CI") else "errcat")
