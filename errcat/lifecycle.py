"""Code lifecycle: versions in order, and what each version added, deprecated or removed.

Codes are never deleted or reused: a code leaves service by being deprecated, then removed, and
keeps its page either way; a renamed code keeps its old URL as a redirect. This module reads those
facts from the model for the changelog, the code page banner and ``explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Api, Code

_NUMBER = re.compile(r"([0-9]+)")


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key comparing versions part by part, numbers numerically: 1.9 < 1.10 < 2.0.

    A number is compared by its digit count, then its digits (leading zeros dropped), never through
    ``int()``: that is the same order, linear in the length, and a version of 5,000 digits cannot
    hit Python's limit on converting long digit strings.
    """
    parts = (p for p in _NUMBER.split(version) if p not in ("", "."))
    return tuple(_number_key(p) if p.isdigit() else (1, 0, p) for p in parts)


def _number_key(digits: str) -> tuple[int, int, str]:
    significant = digits.lstrip("0")
    return (0, len(significant), significant)


@dataclass(slots=True)
class Release:
    """What one version changed in an API's catalog."""

    version: str
    added: list[Code] = field(default_factory=list)
    deprecated: list[Code] = field(default_factory=list)
    removed: list[Code] = field(default_factory=list)


def releases(api: Api) -> list[Release]:
    """Every version named in the API's lifecycle fields, newest first."""
    by_version: dict[str, Release] = {}

    def release(version: str) -> Release:
        return by_version.setdefault(version, Release(version))

    for code in api.codes.values():
        lc = code.lifecycle
        if lc.since:
            release(lc.since).added.append(code)
        if lc.deprecated:
            release(lc.deprecated).deprecated.append(code)
        if lc.removed:
            release(lc.removed).removed.append(code)
    return sorted(by_version.values(), key=lambda r: version_key(r.version), reverse=True)


def unversioned(api: Api) -> list[Code]:
    """Codes whose lifecycle names no version at all (the catalog does not say when they came)."""
    return [c for c in api.codes.values() if not c.lifecycle.since]


def renames(api: Api) -> list[tuple[str, Code]]:
    """``(old name, code now)`` for every earlier spelling a code declares in ``renamed_from``."""
    return [(old, code) for code in api.codes.values() for old in code.lifecycle.renamed_from]


def status_sentence(code: Code) -> str | None:
    """One plain sentence on a deprecated, removed or internal code ("Deprecated since 2.0; removed in 3.0."), else None.

    Only what the catalog says: a code no longer emitted without a version says so, and no version.
    """
    lc = code.lifecycle
    if lc.status == "active":
        return None
    parts = []
    if lc.deprecated:
        parts.append(f"deprecated since {lc.deprecated}")
    if lc.removed:
        parts.append(f"removed in {lc.removed}: no longer sent")
    elif lc.no_longer_emitted:
        parts.append("no longer emitted")
    if lc.internal:
        parts.append("internal: not meant to reach users")
    return "; ".join(parts).capitalize() + "."


def banner(code: Code) -> tuple[str, str]:
    """The admonition kind and title of a code's lifecycle banner."""
    lc = code.lifecycle
    if lc.status == "removed":
        return ("danger", "Removed") if lc.removed else ("danger", "No longer emitted")
    return ("info", "Internal") if lc.status == "internal" else ("warning", "Deprecated")


def retired_without_version(api: Api) -> list[Code]:
    """Codes no longer emitted whose catalog names no version for it: listed as such, never under a made-up one."""
    return [c for c in api.codes.values() if c.lifecycle.no_longer_emitted and not c.lifecycle.removed]


def internal(api: Api) -> list[Code]:
    return [c for c in api.codes.values() if c.lifecycle.internal]
