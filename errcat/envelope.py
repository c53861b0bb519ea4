"""Example responses: a code's own example, or its envelope (the API's, or the named one it uses) filled in for that code.

An envelope is an example body whose string values may hold placeholders. A value that is exactly
one placeholder takes the typed value (``"{status}"`` becomes 422, ``"{code}"`` becomes 88 for an
integer-coded API); placeholders inside longer strings are filled in as text.

RFC 9457 problem details need three values that are not the link a person follows:
``{problem_type}`` (the code's canonical type URI, see :func:`errcat.urls.problem_type`),
``{title}`` (the code's own title as plain text, stable per type) and ``{instance}`` (the occurrence: the
request's own path, which a backend passes; pages show :data:`EXAMPLE_INSTANCE`).
"""

from __future__ import annotations

import http
import re
from typing import Any

from . import urls
from .model import Api, Code, Convention, Json
from .safe_markdown import plain_line

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
ENVELOPE_PLACEHOLDERS = (
    "code", "constant", "title", "message", "status", "status_title", "retryable", "params", "doc_url", "problem_type", "instance",
)
MISSING = "[missing]"
# What pages show for ``{instance}``: the occurrence is the request a backend answers, which a page has none of.
EXAMPLE_INSTANCE = "/path/of/the/request"


def status_title(status: int) -> str:
    """The standard reason phrase (422 -> "Unprocessable Entity")."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown Status"


def placeholders(value: Json) -> set[str]:
    """Every placeholder name used in the string values of ``value``."""
    found: set[str] = set()
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, str):
            found.update(PLACEHOLDER.findall(v))
        elif isinstance(v, dict):
            todo.extend(v.values())
        elif isinstance(v, list):
            todo.extend(v)
    return found


def value_at(body: Json, path: str) -> Json:
    """The value at a dotted JSON path such as ``error.code``; KeyError when the body has none there."""
    value = body
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(path)
        value = value[part]
    return value


def placeholder_path(value: Json, name: str) -> str | None:
    """Dotted path of the field whose whole value is the ``{name}`` placeholder (``error.retryable``), if any.

    Clients read typed values (the retryable flag, the params object) from the body; the envelope says where.
    """
    todo: list[tuple[str, Json]] = [("", value)]
    while todo:
        prefix, current = todo.pop()
        if isinstance(current, str):
            whole = PLACEHOLDER.fullmatch(current)
            if whole and whole.group(1) == name and prefix:
                return prefix
        elif isinstance(current, dict):
            todo.extend((f"{prefix}.{k}" if prefix else k, v) for k, v in reversed(list(current.items())))
    return None


def client_reading(conv: Convention) -> tuple[str | None, ...]:
    """Where a client reads an envelope: the code, the message, the params, the retryable flag and the field errors."""
    flags = (placeholder_path(conv.envelope, "params"), placeholder_path(conv.envelope, "retryable"))
    return (conv.code_path, conv.message_path, *flags, conv.field_errors_path)


def snippets_can_read(transport: str, conventions: tuple[Convention, ...]) -> bool:
    """errcat's snippets (HTTP clients, one helper per API) can read these envelopes: HTTP, a JSON body that
    carries the code, and every envelope read the same way."""
    if transport != "http" or any(c.code_carrier is not None or not c.json_body for c in conventions):
        return False
    return len({client_reading(c) for c in conventions}) == 1


def fill_message(template: str, values: dict[str, Any]) -> str:
    """Fill ``{param}`` placeholders with text; absent ones become ``[missing]``, never an error."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else MISSING, template)


def example_params(code: Code) -> dict[str, Any]:
    return {p.name: (p.example if p.example is not None else f"<{p.name}>") for p in code.params}


def title_text(code: Code) -> str:
    """The code's title as a response body carries it: text a client shows as it is, without Markdown syntax."""
    return plain_line(code.title)


def message_template(code: Code) -> str:
    """The message the server sends for ``code``, ``{param}`` placeholders unfilled (the title when it has none)."""
    return code.message or title_text(code)


def message_of(code: Code, params: dict[str, Any] | None = None) -> str:
    """The message the server sends for ``code``, filled with ``params`` (default: the example values)."""
    return fill_message(message_template(code), example_params(code) if params is None else params)


def wire_code(api: Api, code: Code) -> str | int:
    """The code as it appears in the JSON body: an integer for integer-coded APIs."""
    return int(code.code) if api.convention.code_type == "integer" else code.code


def example_response(api: Api, code: Code, doc_url: str, params: dict[str, Any] | None = None, instance: str | None = None) -> Json:
    """The body a client receives for ``code``: its own example, or the filled-in envelope.

    ``doc_url`` comes from :func:`errcat.links.doc_url`; ``params`` are the error's actual values
    (a backend's), defaulting to the catalog's examples (the site's); ``instance`` is the request's
    path (a backend's), defaulting to :data:`EXAMPLE_INSTANCE`.
    """
    if code.example is not None:
        return code.example
    values: dict[str, Any] = {
        "code": wire_code(api, code),
        "constant": code.constant or "",
        "title": title_text(code),
        "message": message_of(code, params),
        "status": code.http_status,
        "status_title": status_title(code.http_status),
        "retryable": code.retryable is True,
        "params": example_params(code) if params is None else params,
        "doc_url": doc_url,
        "instance": EXAMPLE_INSTANCE if instance is None else instance,
    }
    conv = api.convention_of(code)
    if conv.problem_type_base is not None:  # check refuses {problem_type} without a declared base
        values["problem_type"] = urls.problem_type(conv.problem_type_base, api.slug, code.code)
    return _fill(conv.envelope, values)


def _fill(value: Json, values: dict[str, Any]) -> Json:
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole and whole.group(1) in values:
            return values[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), value)
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value
