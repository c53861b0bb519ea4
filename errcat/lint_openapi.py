"""``python -m errcat lint-openapi SPEC``: does an API's existing OpenAPI document agree with its error catalog?

It reports, each with the JSON pointer of the place in the spec and the catalog file and line:

- a code the spec names that the catalog lacks: in the enum or const of a schema's code property
  (the property the API's ``code_path`` names, followed through local ``$ref``s), or in an example
  body (``example``, ``examples``, an Example object's ``value``) that carries a code there;
- a code documented under a response status other than the catalog's (in that response's examples
  or its inline schema; a shared schema a response refers to documents no particular code);
- a code the catalog says an operation returns (``operations``) that the spec's operation does not
  document, and a catalog operation the spec does not have (matched by operationId, else by method
  and path).

Exit status: 0 when they agree, 1 with findings, 2 when the spec or the API cannot be used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import openapi_spec as spec_file
from .model import Api, Catalog, Code, Location, Operation
from .operations import by_operation, template
from .openapi_spec import SpecError, pointer, resolve

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, slots=True)
class Finding:
    pointer: str  # where in the spec
    message: str
    catalog: Location  # where in the catalog

    def render(self, spec: str) -> str:
        return f"{spec}#{self.pointer}: {self.message} (catalog: {self.catalog})"


@dataclass(frozen=True, slots=True)
class Mention:
    """A code the spec names, as text (integer codes too), and where."""

    code: str
    pointer: str


@dataclass(frozen=True, slots=True)
class SpecOperation:
    method: str  # upper case
    path: str
    operation_id: str | None
    pointer: str
    responses: dict[str, list[Mention]]  # status key as written ("404", "4XX", "default") -> codes documented there


def _is_code(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


class _Reader:
    """Finds the codes a part of the spec names, at the code path of any of the API's envelopes."""

    def __init__(self, document: dict[str, Any], api: Api) -> None:
        self.document = document
        self.paths = [path.split(".") for path in dict.fromkeys(conv.code_path for conv in api.conventions)]

    def in_example(self, value: Any, at: str) -> Iterator[Mention]:
        for segments in self.paths:
            yield from self._example_at(segments, value, at)

    def _example_at(self, segments: list[str], value: Any, at: str) -> Iterator[Mention]:
        for segment in segments:
            if not isinstance(value, dict) or segment not in value:
                return
            value, at = value[segment], at + pointer(segment)
        if _is_code(value):
            yield Mention(str(value), at)

    def in_schema(self, schema: dict[str, Any], at: str, follow_refs: bool) -> Iterator[Mention]:
        """The codes in the enum or const of the schema's code property (``code_path`` through ``properties``)."""
        for segments in self.paths:
            yield from self._schema_at(segments, schema, at, follow_refs)

    def _schema_at(self, segments: list[str], schema: dict[str, Any], at: str, follow_refs: bool) -> Iterator[Mention]:
        current, where = schema, at
        for segment in segments:
            if follow_refs:
                current, where = resolve(self.document, current, where)
            properties = current.get("properties") if isinstance(current, dict) else None
            if not isinstance(properties, dict) or segment not in properties:
                return
            current, where = properties[segment], where + pointer("properties", segment)
        if follow_refs:
            current, where = resolve(self.document, current, where)
        if not isinstance(current, dict):
            return
        if isinstance(current.get("enum"), list):
            yield from (Mention(str(v), where + pointer("enum", i)) for i, v in enumerate(current["enum"]) if _is_code(v))
        if _is_code(current.get("const")):
            yield Mention(str(current["const"]), where + pointer("const"))

    def in_examples(self, node: dict[str, Any], at: str, follow_refs: bool) -> Iterator[Mention]:
        """The codes in a node's ``example`` and ``examples`` (a list of bodies, or a map of Example objects)."""
        if "example" in node:
            yield from self.in_example(node["example"], at + pointer("example"))
        examples = node.get("examples")
        if isinstance(examples, list):
            for i, body in enumerate(examples):
                yield from self.in_example(body, at + pointer("examples", i))
        elif isinstance(examples, dict):
            for name, entry in examples.items():
                where = at + pointer("examples", name)
                if follow_refs and isinstance(entry, dict) and "$ref" in entry:
                    target, _ = resolve(self.document, entry, where)
                    if isinstance(target, dict) and "value" in target:
                        yield from (Mention(m.code, where) for m in self.in_example(target["value"], where))
                elif isinstance(entry, dict) and "value" in entry:
                    yield from self.in_example(entry["value"], where + pointer("value"))

    def mentions(self, subtree: Any, at: str, schema_refs: bool, example_refs: bool) -> list[Mention]:
        """Every code named under ``subtree``, once per pointer."""
        found: dict[str, Mention] = {}
        for node, where in spec_file.nodes(subtree, at):
            if not isinstance(node, dict):
                continue
            if "properties" in node:
                found.update((m.pointer, m) for m in self.in_schema(node, where, schema_refs))
            found.update((m.pointer, m) for m in self.in_examples(node, where, example_refs))
        return list(found.values())


def spec_operations(document: dict[str, Any], reader: _Reader) -> list[SpecOperation]:
    """The spec's operations, each with the codes its responses document by status."""
    out = []
    paths = document.get("paths")
    for path, item in (paths.items() if isinstance(paths, dict) else ()):
        item, item_at = resolve(document, item, pointer("paths", path))
        for method in _METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            at = item_at + pointer(method)
            responses: dict[str, list[Mention]] = {}
            raw = operation.get("responses")
            for status, response in (raw.items() if isinstance(raw, dict) else ()):
                response, response_at = resolve(document, response, at + pointer("responses", status))
                responses[str(status)] = reader.mentions(response, response_at, schema_refs=False, example_refs=True)
            op_id = operation.get("operationId")
            out.append(SpecOperation(method.upper(), path, op_id if isinstance(op_id, str) else None, at, responses))
    return out


def _status_agrees(key: str, status: int) -> bool:
    if key == "default":
        return True
    if len(key) == 3 and key[1:].upper() == "XX":
        return key[0] == str(status)[0]
    return key == str(status)


def lint(document: dict[str, Any], api: Api) -> list[Finding]:
    """Every disagreement between the spec and the API's catalog, in the spec's order."""
    reader = _Reader(document, api)
    findings = []
    for mention in reader.mentions(document, "", schema_refs=True, example_refs=False):
        if mention.code not in api.codes:
            findings.append(Finding(mention.pointer, f"code {mention.code!r} is not in the catalog of {api.slug}", api.location))
    operations = spec_operations(document, reader)
    for op in operations:
        for status, mentions in op.responses.items():
            for mention in mentions:
                code = api.codes.get(mention.code)
                if code is not None and not _status_agrees(status, code.http_status):
                    message = f"{op.method} {op.path} documents code {code.code!r} under status {status}; the catalog says {code.http_status}"
                    findings.append(Finding(mention.pointer, message, code.location))
    returned = by_operation(api.operations, api.codes.values())
    for declared in api.operations.values():
        findings.extend(_undocumented(declared, returned[declared.id], operations))
    return findings


def _match(declared: Operation, operations: list[SpecOperation]) -> SpecOperation | None:
    by_id = next((op for op in operations if op.operation_id == declared.id), None)
    return by_id or next((op for op in operations if op.method == declared.method and template(op.path) == template(declared.path)), None)


def _undocumented(declared: Operation, codes: list[Code], operations: list[SpecOperation]) -> Iterator[Finding]:
    """The catalog's codes of an operation that the spec's operation does not document (or the operation itself)."""
    found = _match(declared, operations)
    if found is None:
        yield Finding(pointer("paths"), f"the catalog's operation {declared.id} ({declared.label}) is not in the spec", declared.location)
        return
    documented = {mention.code for mentions in found.responses.values() for mention in mentions}
    for code in codes:
        if code.code not in documented:
            status = str(code.http_status)
            at = found.pointer + (pointer("responses", status) if status in found.responses else pointer("responses"))
            message = f"{found.method} {found.path} does not document code {code.code!r} ({status}), which the catalog says it returns"
            yield Finding(at, message, code.location)


def _api_for(document: dict[str, Any], catalog: Catalog) -> Api:
    """The API the spec describes: the one titled as its ``info.title``, else the catalog's only API."""
    info = document.get("info")
    title = info.get("title") if isinstance(info, dict) else None
    titled = [api for api in catalog.apis.values() if api.title == title]
    if len(titled) == 1:
        return titled[0]
    if len(catalog.apis) == 1:
        return next(iter(catalog.apis.values()))
    raise SpecError(f"which API does the spec describe? Name it with --api (the catalog's APIs: {', '.join(catalog.apis)})")


def run(catalog: Catalog, spec: Path, api: Api | None) -> tuple[int, str]:
    """The exit status and the report: findings (1), a line saying they agree (0), or why the input is unusable (2).

    ``api``: the API the spec describes; None to find it (:func:`_api_for`).
    """
    try:
        document = spec_file.read(spec)
        api = api or _api_for(document, catalog)
    except SpecError as exc:
        return 2, f"error: {exc}"
    findings = lint(document, api)
    if not findings:
        return 0, f"ok: {spec} agrees with the catalog of {api.slug}"
    lines = [finding.render(str(spec)) for finding in findings]
    return 1, "\n".join([*lines, f"{len(findings)} finding(s) comparing {spec} with the catalog of {api.slug}"])
