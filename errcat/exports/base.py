"""What every export format shares: the file it produces, and the codes of each behaviour."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Api, Code


@dataclass(frozen=True, slots=True)
class ExportFile:
    path: str  # relative to the export folder (or to the site root, for files the site serves)
    content: str


def codes_by_behaviour(api: Api) -> dict[str, list[Code]]:
    """Every declared behaviour (even one no code uses) with its codes, both in catalog order."""
    out: dict[str, list[Code]] = {behaviour: [] for behaviour in api.behaviours}
    for code in api.codes.values():
        out[code.behaviour].append(code)
    return out
