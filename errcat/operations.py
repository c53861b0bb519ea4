"""Operations: which requests of the API return which codes.

An API declares its operations once in api.yaml (``operations:``, keyed by operationId, each with its
method, path and summary); a code lists those that return it, by operationId or by method and path.
Declaring them once keeps the two spellings of one operation from drifting apart and gives every
operation the method and path an OpenAPI document needs. The loader resolves every reference to an
operationId, so the model holds no spelling that names nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .model import Code, Location, Operation
from .problems import Problem

_TEMPLATE = re.compile(r"\{[^}]*\}")


def declared(raw: Mapping[str, Any], file: str) -> dict[str, Operation]:
    """The operations of a validated api.yaml ``operations`` mapping, by operationId."""
    return {
        op_id: Operation(op_id, entry["method"], entry["path"], entry["summary"], Location(file, entry.line))
        for op_id, entry in raw.items()
    }


def template(path: str) -> str:
    """The path with its parameter names dropped: OpenAPI treats /a/{id} and /a/{name} as one path."""
    return _TEMPLATE.sub("{}", path)


def check_declared(operations: Mapping[str, Operation]) -> Iterator[Problem]:
    """Two operations with one method and path, or one path spelled with two sets of parameter names."""
    by_request: dict[tuple[str, str], Operation] = {}
    spelling: dict[str, Operation] = {}
    for op in operations.values():
        where = op.location
        first = by_request.setdefault((op.method, template(op.path)), op)
        if first is not op:
            yield Problem(where.file, where.line, f"operation {op.id!r} is {op.label}, as {first.id!r} (line {first.location.line}) is; declare it once")
            continue
        same_path = spelling.setdefault(template(op.path), op)
        if same_path.path != op.path:
            yield Problem(
                where.file, where.line,
                f"operation {op.id!r} spells the path {same_path.path} (of {same_path.id!r}) as {op.path}: "
                "OpenAPI takes them for one path, so name its parameters the same",
            )


def resolve(refs: Iterable[str], operations: Mapping[str, Operation], where: Location, code: str, problems: list[Problem]) -> tuple[str, ...]:
    """The operationIds a code's ``operations`` list names; an unknown or repeated one is a problem naming the code."""
    by_label = {op.label: op.id for op in operations.values()}
    out: list[str] = []
    for ref in refs:
        op_id = ref if ref in operations else by_label.get(ref)
        if op_id is None:
            known = ", ".join(f"{op.id} ({op.label})" for op in operations.values()) or "none: add an operations: section to api.yaml"
            problems.append(Problem(where.file, where.line, f"unknown operation {ref!r} (operations declared in api.yaml: {known})", code))
        elif op_id in out:
            problems.append(Problem(where.file, where.line, f"operation {ref!r} is listed twice (it is {op_id}, {operations[op_id].label})", code))
        else:
            out.append(op_id)
    return tuple(out)


def unreturned(operations: Mapping[str, Operation], codes: Iterable[Code]) -> Iterator[Problem]:
    """Declared operations no code names: they would document no error at all, so declare only those that return codes."""
    returned = by_operation(operations, codes)
    for op in operations.values():
        if not returned[op.id]:
            yield Problem(op.location.file, op.location.line, f"operation {op.id!r} ({op.label}) is returned by no code: name it in a code's operations, or remove it")


def by_operation(operations: Mapping[str, Operation], codes: Iterable[Code]) -> dict[str, list[Code]]:
    """Each operationId (in declaration order) with the codes that name it, in catalog order; one pass over the codes."""
    out: dict[str, list[Code]] = {op_id: [] for op_id in operations}
    for code in codes:
        for op_id in code.operations:
            out[op_id].append(code)
    return out
