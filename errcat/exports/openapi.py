"""The API's error contract as an OpenAPI 3.1 document (``<api>/openapi.json``), for SDK generators and API tooling.

What it holds, under ``components``:

- ``ErrorCode``: the code's schema, its ``enum`` every code as it is sent (integers for integer
  APIs), with ``x-enum-varnames`` (the member names of the other exports) and ``x-enum-descriptions``.
- ``Error``: the envelope as a JSON Schema, derived from ``convention.envelope`` (an API with several
  envelopes has ``Error.<name>`` for each, and its variants' ``ErrorBase.<name>``...): a field that is
  exactly one placeholder takes that placeholder's type (``{code}`` is an ``ErrorCode``,
  ``{status}`` an integer), other fields the type of their example value; field meanings become
  descriptions. Where the envelope carries ``{params}`` beside the code, the object holding both is a
  ``oneOf`` with one variant per code (``Error_<code>``: the code as ``const``, its own params schema
  ``Params_<code>``), discriminated by the code for string codes (OpenAPI's discriminator maps
  strings only, so integer codes rely on each variant's ``const``).
- ``examples``: one example response per code, as the code pages show it.

Under ``paths``, each declared operation lists its error responses: per HTTP status, the envelope
schema with the examples of the codes that operation returns. Catalog text lands only as string
values; the keys taken from the catalog are codes (unique in an API, and checked here to fit an
OpenAPI component name), operation paths (unique per method and template, checked on loading) and
the envelope's and params' own field names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .. import envelope, lifecycle, links, operations
from ..model import Api, Code, Convention, Operation
from ..namespaces import member_names
from ..problems import CatalogError, Problem
from ..render.code_page import SiteContext
from .base import ExportFile

OPENAPI_VERSION = "3.1.0"
SCHEMAS = "#/components/schemas/"
_COMPONENT_NAME = re.compile(r"[A-Za-z0-9._-]+")  # what OpenAPI allows as a key under components
_PATH_PARAMETER = re.compile(r"\{([^}]+)\}")
_JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", dict: "object", list: "array"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": SCHEMAS + name}


def _component(prefix: str, code: Code) -> str:
    """``prefix`` + the code as a component name; a code OpenAPI cannot take there is an error naming it."""
    name = f"{prefix}{code.code}"
    if not _COMPONENT_NAME.fullmatch(name):
        where = code.location
        raise CatalogError([Problem(where.file, where.line, f"the code cannot be an OpenAPI component name ({name!r})", code.code)])
    return name


# The schema of an envelope field that is exactly one placeholder (envelope.ENVELOPE_PLACEHOLDERS).
_PLACEHOLDER_SCHEMAS: dict[str, dict[str, Any]] = {
    "code": _ref("ErrorCode"),
    "constant": {"type": "string"},
    "title": {"type": "string"},
    "message": {"type": "string"},
    "status": {"type": "integer", "minimum": 100, "maximum": 599},
    "status_title": {"type": "string"},
    "retryable": {"type": "boolean"},
    "params": {"type": "object"},
    "doc_url": {"type": "string", "format": "uri-reference"},
}


def _value_schema(value: Any) -> dict[str, Any]:
    """The schema of an envelope field holding a literal example value: its JSON type (null: any value)."""
    kind = _JSON_TYPES.get(type(value))
    return {"type": kind} if kind else {}


class _EnvelopeSchema:
    """Builds the envelope's schema; the object at ``holder`` (the code's parent, when params sit beside it) is replaced by a reference."""

    def __init__(self, conv: Convention, holder: str | None, holder_ref: dict[str, str]) -> None:
        self.meanings = {f.path: f.meaning for f in conv.fields}
        self.required = {p for p in (conv.code_path, conv.message_path) if p}
        self.placeholders = _PLACEHOLDER_SCHEMAS
        self.holder, self.holder_ref = holder, holder_ref

    def of(self, value: Any, path: str = "") -> dict[str, Any]:
        if path == self.holder:
            return dict(self.holder_ref)
        if isinstance(value, dict):
            schema = self.object(value, path)
        elif isinstance(value, str) and (whole := envelope.PLACEHOLDER.fullmatch(value)) and whole.group(1) in self.placeholders:
            schema = dict(self.placeholders[whole.group(1)])
        else:
            schema = _value_schema(value)
        if path in self.meanings and "$ref" not in schema:
            schema["description"] = self.meanings[path]
        return schema

    def object(self, value: dict[str, Any], path: str) -> dict[str, Any]:
        """An object of the envelope with the schema of each field; fields on the path to the code or message are required."""
        inner = [(key, f"{path}.{key}" if path else key) for key in value]
        schema: dict[str, Any] = {"type": "object", "properties": {key: self.of(value[key], full) for key, full in inner}}
        required = [key for key, full in inner if any(r == full or r.startswith(full + ".") for r in self.required)]
        if required:
            schema["required"] = required
        return schema


def _params_schema(code: Code) -> dict[str, Any]:
    """The params a code carries, each with its JSON type and meaning."""
    properties = {}
    for param in code.params:
        prop: dict[str, Any] = {"type": param.type, "description": param.meaning}
        if param.example is not None:
            prop["examples"] = [param.example]
        properties[param.name] = prop
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if code.params:
        schema["required"] = [param.name for param in code.params]
    return schema


def _code_schema(api: Api) -> dict[str, Any]:
    names = member_names(api)
    codes = list(api.codes.values())
    return {
        "type": "integer" if api.convention.code_type == "integer" else "string",
        "description": f"{api.convention.code_format}. Each code's page explains it.",
        "enum": [envelope.wire_code(api, code) for code in codes],
        "x-enum-varnames": [names[code.code] for code in codes],
        "x-enum-descriptions": [envelope.title_text(code) for code in codes],
    }


def _last(path: str) -> str:
    return path.rpartition(".")[2]


def error_schema(api: Api, conv: Convention) -> str:
    """The component name of an envelope's schema: ``Error``, or ``Error.<name>`` for each of several envelopes."""
    return "Error" if not api.envelopes else f"Error.{conv.name}"


def schemas(api: Api) -> dict[str, dict[str, Any]]:
    """``components.schemas``: the code enum, and per envelope its schema (see :func:`error_schema`)."""
    out: dict[str, dict[str, Any]] = {"ErrorCode": _code_schema(api)}
    for conv in api.conventions:
        codes = [code for code in api.codes.values() if api.convention_of(code).name == conv.name]
        out.update(_envelope_schemas(conv, codes, error_schema(api, conv), api))
    return out


def _envelope_schemas(conv: Convention, codes: list[Code], schema_name: str, api: Api) -> dict[str, dict[str, Any]]:
    """One envelope's schema ``schema_name`` and, where params sit beside the code, one variant per code of it."""
    suffix = schema_name.removeprefix("Error")  # "" or ".<envelope>", so ErrorBase and ErrorByCode are per envelope too
    params_path = envelope.placeholder_path(conv.envelope, "params")
    holder = conv.code_path.rpartition(".")[0]
    by_code = params_path is not None and params_path.rpartition(".")[0] == holder
    out: dict[str, dict[str, Any]] = {}
    if not by_code or not codes:  # no code of this envelope: nothing to tell apart by code
        out[schema_name] = _EnvelopeSchema(conv, None, {}).of(conv.envelope)
        return out
    union, base = (schema_name if not holder else f"ErrorByCode{suffix}"), f"ErrorBase{suffix}"
    holder_value = envelope.value_at(conv.envelope, holder) if holder else conv.envelope
    out[base] = _EnvelopeSchema(conv, None, {}).object(holder_value, holder)
    variants: dict[str, str] = {}
    for code in codes:
        name, params = _component("Error_", code), _component("Params_", code)
        out[params] = _params_schema(code)
        out[name] = {
            "description": f"{code.title}: {code.meaning}",
            "allOf": [_ref(base)],
            "properties": {_last(conv.code_path): {"const": envelope.wire_code(api, code)}, _last(params_path): _ref(params)},
            "required": [_last(conv.code_path), *([_last(params_path)] if code.params else [])],
        }
        variants[code.code] = SCHEMAS + name
    out[union] = {"oneOf": [{"$ref": ref} for ref in variants.values()]}
    if conv.code_type == "string":
        out[union]["discriminator"] = {"propertyName": _last(conv.code_path), "mapping": variants}
    if holder:
        out[schema_name] = _EnvelopeSchema(conv, holder, _ref(union)).of(conv.envelope)
    return out


def examples(api: Api, ctx: SiteContext) -> dict[str, dict[str, Any]]:
    """``components.examples``: each code's example response, keyed by the code."""
    return {
        _component("", code): {
            "summary": envelope.title_text(code),  # plain text (descriptions are CommonMark)
            "value": envelope.example_response(api, code, links.doc_url(api, code.code, site_url=ctx.base_url)),
        }
        for code in api.codes.values()
    }


def _operation(api: Api, op: Operation, codes: list[Code]) -> dict[str, Any]:
    """One operation with an error response per HTTP status its codes have, each with their examples.

    Codes of several envelopes under one status: each media type gets the schemas of its envelopes (a
    ``oneOf`` when two share one), so a client validates a body against the shapes it may have.
    """
    responses: dict[str, Any] = {}
    shapes: dict[tuple[str, str], list[str]] = {}  # (status, media type) -> the envelope schemas it may hold
    for code in sorted(codes, key=lambda c: c.http_status):
        status, conv = str(code.http_status), api.convention_of(code)
        response = responses.setdefault(status, {"description": envelope.status_title(code.http_status), "content": {}})
        content = response["content"].setdefault(conv.content_type, {"schema": {}, "examples": {}})
        names = shapes.setdefault((status, conv.content_type), [])
        if error_schema(api, conv) not in names:
            names.append(error_schema(api, conv))
        content["examples"][_component("", code)] = {"$ref": "#/components/examples/" + _component("", code)}
    for (status, media), names in shapes.items():
        schema = _ref(names[0]) if len(names) == 1 else {"oneOf": [_ref(n) for n in names]}
        responses[status]["content"][media]["schema"] = schema
    for status, response in responses.items():
        listed = ", ".join(example for content in response["content"].values() for example in content["examples"])
        response["description"] += f" (error codes: {listed})"
    out: dict[str, Any] = {"operationId": op.id, "summary": op.summary}
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in _PATH_PARAMETER.findall(op.path)
    ]
    if parameters:
        out["parameters"] = parameters
    out["responses"] = responses
    return out


def paths(api: Api) -> dict[str, dict[str, Any]]:
    """``paths``: every declared operation under its path and lower-case method."""
    returned = operations.by_operation(api.operations, api.codes.values())
    out: dict[str, dict[str, Any]] = {}
    for op in api.operations.values():
        out.setdefault(op.path, {})[op.method.lower()] = _operation(api, op, returned[op.id])
    return out


def _version(api: Api) -> str:
    """The newest version the catalog's lifecycle fields name: OpenAPI requires one, the catalog has no other."""
    releases = lifecycle.releases(api)
    return releases[0].version if releases else "unversioned"


def document(api: Api, ctx: SiteContext) -> dict[str, Any]:
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": api.title,
            "version": _version(api),
            "description": f"{api.summary}\n\nThe API's error responses, generated by errcat from its error catalog.",
        },
        "paths": paths(api),
        "components": {"schemas": schemas(api), "examples": examples(api, ctx)},
    }


def files(api: Api, ctx: SiteContext) -> Iterator[ExportFile]:
    """The OpenAPI document of an HTTP API; an API of another transport (RPC, a compiler) has none to give."""
    if not api.has_http:
        return
    yield ExportFile(f"{api.slug}/openapi.json", json.dumps(document(api, ctx), indent=2, ensure_ascii=False) + "\n")
