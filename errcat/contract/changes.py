"""Which changes of a published code's client-visible fields break clients, decided in one place.

The ledger (which refuses to record an unreviewed breaking change) and ``errcat diff`` (which prints
them for review) both ask here, so a change is never breaking to one and harmless to the other.
A client coded against the old value fails when the status, behaviour or action changes, a param
it reads disappears or changes type, or a code it retried may no longer be retried (or fewer
times); a new param, or a code that may now be retried where it could not, leaves such a client working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# How freely a client may resend a code's request: lowering it breaks a client that resends.
_RETRY_FREEDOM = {False: 0, "conditional": 1, True: 2}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed field of a code (or of an API's envelope), described for a reviewer."""

    field: str
    text: str
    breaking: bool

    def __str__(self) -> str:
        return self.text


def _changed(name: str, before: Any, after: Any, breaking: bool) -> FieldChange:
    return FieldChange(name, f"{name} {_shown(before)} is now {_shown(after)}", breaking)


def _shown(value: Any) -> str:
    if value is None:
        return "unset"
    return repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def scalar_change(name: str, before: Any, after: Any) -> FieldChange | None:
    """The change of one scalar contract field (status, behaviour, action, retryable, max_attempts), if any."""
    if before == after:
        return None
    if name == "retryable":
        loosened = _RETRY_FREEDOM.get(after, 0) > _RETRY_FREEDOM.get(before, 0)
        return _changed(name, before, after, breaking=not loosened)
    if name == "max_attempts":
        more = isinstance(before, int) and isinstance(after, int) and after > before
        return _changed(name, before, after, breaking=not (more or before is None))
    return _changed(name, before, after, breaking=True)


def mapping_changes(kind: str, before: Mapping[str, str], after: Mapping[str, str]) -> list[FieldChange]:
    """Changes of named, typed members (a code's params, an API's envelope fields): removed or retyped ones break.

    One removed and one added member of the same type read as a rename, which is what a reviewer sees.
    """
    removed = [name for name in before if name not in after]
    added = [name for name in after if name not in before]
    out = [
        FieldChange(kind, f"{kind} {name!r} type {before[name]!r} is now {after[name]!r}", True)
        for name in before if name in after and before[name] != after[name]
    ]
    if len(removed) == 1 and len(added) == 1 and before[removed[0]] == after[added[0]]:
        return out + [FieldChange(kind, f"{kind} {removed[0]!r} renamed to {added[0]!r}", True)]
    out += [FieldChange(kind, f"{kind} {name!r} removed", True) for name in removed]
    out += [FieldChange(kind, f"new {kind} {name!r} ({after[name]})", False) for name in added]
    return out
