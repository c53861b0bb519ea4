"""Work counted, not timed: how many Python lines a call executes, the same on any machine under any load.

Speed targets are measured by bench/ as ratios; a test that wants to show a path is linear in its input
compares these counts for two sizes instead of reading a clock (which flakes on a loaded machine).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def lines_run(function: Callable[[Any], object], argument: Any) -> int:
    """How many Python lines ``function(argument)`` executes (its callees' included)."""
    count = 0

    def tracer(frame, event, arg):  # noqa: ARG001 - the signature sys.settrace calls
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    getattr(function, "cache_clear", lambda: None)()  # a function that keeps what it computed: count real work
    sys.settrace(tracer)
    try:
        function(argument)
    finally:
        sys.settrace(None)
    return count
