"""Does an error response a backend really sent keep the catalog's contract?

:func:`check_response` is a pure function of the API's model and one response (status, headers,
body): it returns what differs, each finding naming the code and the field, so a team's own tests
can call it (or :func:`assert_conforms`) on responses they already have, and ``errcat conformance``
calls it on responses it sends for or reads from a recording. It checks what a client relies on:
the status, the content type, the envelope's shape and its stable values (the code's title,
problem type, constant...), that the code is in the catalog, that the documentation link (the
envelope's link field, else ``Link: <url>; rel="help"``) points at that code's page, that the
params are declared ones, and that the retryable flag agrees with the catalog.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from .. import envelope, urls
from ..model import Api, Code, Convention, Json

# Values of one occurrence: present (and of the right JSON type), but not equal to anything the catalog knows.
_OCCURRENCE = {"message": str, "params": dict, "doc_url": str, "instance": str}
_LINK = re.compile(r'<([^>]*)>\s*;[^,]*\brel="?help"?', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One way a response breaks the contract: the code it carried (if any), the field, what is wrong."""

    code: str | None
    field: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code or '?'}] {self.field}: {self.message}"


def header(headers: Mapping[str, str] | Any, name: str) -> str | None:
    """A header's value, whatever the case of its name (dicts, email.message.Message, httpx headers)."""
    value = headers.get(name) if hasattr(headers, "get") else None
    if value is not None:
        return value
    wanted = name.lower()
    return next((v for k, v in dict(headers).items() if k.lower() == wanted), None)


def help_link(headers: Mapping[str, str]) -> str | None:
    """The target of ``Link: <url>; rel="help"``, if the response has one."""
    found = _LINK.search(header(headers, "link") or "")
    return found.group(1) if found else None


def check_response(
    api: Api, status: int, headers: Mapping[str, str], body: bytes | str | Json, *,
    site_url: str | None = None, expected_code: str | None = None,
) -> list[Finding]:
    """Everything in one error response that disagrees with the catalog; empty when it conforms.

    ``body`` is the raw body (bytes or text) or already parsed JSON. ``site_url``, when given, is
    where the links must lead (this environment's documentation site); without it only their path
    is checked. ``expected_code`` is the code the request was meant to produce.
    """
    media = (header(headers, "content-type") or "").split(";")[0].strip().lower()
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except ValueError:
            return _media(api, api.convention, media, known=False) + [Finding(None, "body", "is not JSON")]
    read = _read_code(api, body)
    if read is None:
        conv = api.convention
        where = " or ".join(dict.fromkeys(c.code_path for c in api.conventions))
        return _media(api, conv, media, known=False) + [Finding(None, where, "the body has no code at the API's code field")]
    read_from, sent = read
    code = _known(api, sent)
    if code is None:
        out = _media(api, read_from, media, known=False)
        return out + [Finding(str(sent), read_from.code_path, f"unknown code {sent!r}: the catalog of {api.slug} has no such code")]
    conv = api.convention_of(code)
    out = _media(api, conv, media, known=True)
    if read_from.code_path != conv.code_path:
        out.append(Finding(code.code, read_from.code_path, f"the catalog sends {code.code} in envelope {conv.name!r}, with the code at {conv.code_path}"))
        return out
    if expected_code is not None and code.code != expected_code:
        out.append(Finding(code.code, conv.code_path, f"the request should have produced {expected_code}"))
    wanted_status = conv.fixed_http_status or code.http_status
    if status != wanted_status:
        out.append(Finding(code.code, "status", f"HTTP {status}, the catalog documents {wanted_status}"))
    out += _shape(api, code, body)
    out += _link(api, code, body, headers, site_url)
    return out


def assert_conforms(api: Api, status: int, headers: Mapping[str, str], body: bytes | str | Json, **options: Any) -> None:
    """For a team's tests: fail with every finding listed when a response breaks the catalog's contract."""
    findings = check_response(api, status, headers, body, **options)
    if findings:
        raise AssertionError(f"response breaks the {api.slug} error contract:\n" + "\n".join(f"  {f}" for f in findings))


def _media(api: Api, conv: Convention, media: str, known: bool) -> list[Finding]:
    """The response's media type against the code's envelope (``known``), else against any envelope of the API."""
    if media == conv.content_type or (not known and media in {c.content_type for c in api.conventions}):
        return []
    return [Finding(None, "content-type", f"is {media or 'missing'!r}, the API documents {conv.content_type!r}")]


def _read_code(api: Api, body: Json) -> tuple[Convention, Any] | None:
    """The envelope whose code field the body has (the default first) and the value there; None when it has none."""
    for conv in api.conventions:
        try:
            return conv, envelope.value_at(body, conv.code_path)
        except KeyError:
            continue
    return None


def _known(api: Api, sent: Any) -> Code | None:
    """The catalog's code for the value a response carries (an integer API's code as the number it sends)."""
    if api.convention.code_type == "integer":
        spelled = str(sent) if isinstance(sent, int) and not isinstance(sent, bool) else None
    else:
        spelled = sent if isinstance(sent, str) else None
    return api.codes.get(spelled) if spelled is not None else None


def _stable_values(api: Api, code: Code) -> dict[str, Any]:
    """The placeholder values that are the same in every response with ``code``."""
    values = {
        "code": envelope.wire_code(api, code), "constant": code.constant or "", "title": envelope.title_text(code),
        "status": code.http_status, "status_title": envelope.status_title(code.http_status),
    }
    base = api.convention_of(code).problem_type_base
    if base is not None:
        values["problem_type"] = urls.problem_type(base, api.slug, code.code)
    return values


def _shape(api: Api, code: Code, body: Json) -> list[Finding]:
    """The body against the envelope (or the code's own example): every field there, stable values equal."""
    stable = _stable_values(api, code)
    out = []
    conv = api.convention_of(code)
    todo: list[tuple[str, Json]] = [("", code.example if code.example is not None else conv.envelope)]
    while todo:
        path, template = todo.pop()
        if path and path == conv.doc_url_field:
            continue  # the link check owns it
        try:
            value = envelope.value_at(body, path) if path else body
        except KeyError:
            out.append(Finding(code.code, path, "missing: the envelope has this field"))
            continue
        if isinstance(template, dict):
            if not isinstance(value, dict):
                out.append(Finding(code.code, path or "body", "is not an object"))
                continue
            todo.extend((f"{path}.{key}" if path else key, child) for key, child in reversed(list(template.items())))
        elif code.example is None and isinstance(template, str):
            out += _placeholder_field(code, path, template, value, stable)
        elif code.example is None and not isinstance(template, list) and value != template:  # a literal number, flag or null
            out.append(Finding(code.code, path, f"is {value!r}, the catalog documents {template!r}"))
    return out


def _placeholder_field(code: Code, path: str, template: str, value: Any, stable: dict[str, Any]) -> list[Finding]:
    whole = envelope.PLACEHOLDER.fullmatch(template)
    name = whole.group(1) if whole else None
    if name in _OCCURRENCE:
        if not isinstance(value, _OCCURRENCE[name]):
            return [Finding(code.code, path, f"is {type(value).__name__}, expected {_OCCURRENCE[name].__name__}")]
        if name == "params":
            undeclared = sorted(set(value) - {p.name for p in code.params})
            return [Finding(code.code, path, f"undeclared param(s) {', '.join(undeclared)}")] if undeclared else []
        return []
    if name == "retryable":
        return _retryable(code, path, value)
    if set(envelope.PLACEHOLDER.findall(template)) & set(_OCCURRENCE):
        return []  # text around an occurrence's value: only its presence is known
    expected = stable[name] if name in stable else envelope.PLACEHOLDER.sub(lambda m: str(stable.get(m.group(1), m.group(0))), template)
    if value != expected:
        return [Finding(code.code, path, f"is {value!r}, the catalog documents {expected!r}")]
    return []


def _retryable(code: Code, path: str, value: Any) -> list[Finding]:
    if not isinstance(value, bool):
        return [Finding(code.code, path, f"is {value!r}, expected true or false")]
    if code.retryable != "conditional" and value is not code.retryable:
        return [Finding(code.code, path, f"is {str(value).lower()}, the catalog says {str(code.retryable).lower()}")]
    return []


def _link(api: Api, code: Code, body: Json, headers: Mapping[str, str], site_url: str | None) -> list[Finding]:
    """The documentation link (body field, else header) leads to ``code``'s page, with declared params only."""
    field = api.convention_of(code).doc_url_field
    try:
        link = envelope.value_at(body, field) if field else help_link(headers)
    except KeyError:
        link = None
    where = field or 'Link rel="help"'
    if not isinstance(link, str) or not link:
        return [Finding(code.code, where, "no documentation link" + ("" if field else ': the response has no Link: <url>; rel="help" header'))]
    page = urls.code_url(quote(api.slug, safe=""), quote(code.code, safe=""))
    parts = urlsplit(link)
    target = f"{site_url.rstrip('/')}/{page}" if site_url else None
    if not parts.path.endswith("/" + page) or (target and link.split("?")[0] != target):
        return [Finding(code.code, where, f"{link!r} does not lead to the code's page {target or '/' + page!r}")]
    undeclared = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)} - {p.name for p in code.params})
    if undeclared:
        return [Finding(code.code, where, f"the link carries undeclared param(s) {', '.join(undeclared)}")]
    return []
