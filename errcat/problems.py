"""Problems found in a catalog, and the one exception type errcat raises for them.

Every problem carries the file and line it comes from and, where there is one, the code it
concerns, so an editor can jump straight to it. Loading collects problems instead of stopping
at the first, so one run of ``python -m errcat check`` lists everything to fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the catalog, located as precisely as the input allows."""

    file: str
    line: int
    message: str
    code: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = f" [{self.code}]" if self.code is not None else ""
        return f"{where}: {self.severity}{subject}: {self.message}"


class CatalogError(Exception):
    """The catalog cannot be used; ``problems`` lists every error found (never just the first)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "; did you mean X?" for the closest known names, or "" when none is close."""
    known = list(known)
    close = [k for k in known if k.casefold() == name.casefold()] or difflib.get_close_matches(name, known, n=3)
    return f"; did you mean {' or '.join(close)}?" if close else ""
