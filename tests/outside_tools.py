"""Tools some tests need from outside Python (a browser, TypeScript's compiler).

On a developer machine that lacks one, its tests are skipped with the command that gets it; in CI
(``CI`` set, as GitHub and ``.ci/run`` do) the same gap fails, so a green CI never hides a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TSC_ENV = "ERRCAT_TSC"  # .ci/fetch-typescript prints the path of TypeScript's tsc script
TSC_HINT = f"export {TSC_ENV}=$(bash .ci/fetch-typescript)"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(message: str) -> None:
    """Skip on a developer machine that lacks a tool; in CI the same gap is a failure."""
    if in_ci():
        pytest.fail(f"{message} (CI is set, so this is not skipped)", pytrace=False)
    pytest.skip(message)


def typescript_compiler() -> Path:
    """TypeScript's ``tsc`` script (run it with Node.js), or a skip (a failure in CI) saying how to get it."""
    path = Path(os.environ.get(TSC_ENV, ""))
    if not path.is_file():
        skip_or_fail(f"type-checking TypeScript needs its compiler; get it with: {TSC_HINT}")
    return path
