"""The responses ``errcat conformance`` checks: sent for the requests a team lists, or read from a recording.

A requests file (YAML or JSON) is a list of ``{method, path, body?, headers?, expect?}``; ``path``
is appended to the base URL (it must start with ``/``, so a file cannot send requests elsewhere).
A recording is a HAR file (as browsers and proxies save it) or JSON Lines, one
``{"method", "url", "status", "headers", "body", "expect"?}`` per line. Both are bounded: at most
``limit`` requests or entries, each request with a timeout and each body read up to
:data:`MAX_BODY` bytes; redirects are not followed (an error response is what is checked).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

MAX_BODY = 1 << 20
DEFAULT_LIMIT = 500
DEFAULT_TIMEOUT = 10.0
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class ExchangeError(Exception):
    """A file, URL or host that cannot be used: the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and the response it got, as ``check_response`` needs it."""

    method: str
    target: str  # the request's path or URL, to name it in the report
    status: int
    headers: dict[str, str]
    body: bytes
    expect: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedRequest:
    method: str
    path: str
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    expect: str | None = None


def read_requests(path: Path, limit: int) -> list[PlannedRequest]:
    """The requests listed in ``path``; ExchangeError naming the entry when one is malformed."""
    raw = _read_structured(path)
    if not isinstance(raw, list):
        raise ExchangeError(f"{path}: expected a list of requests ({{method, path, body?, headers?, expect?}})")
    if len(raw) > limit:
        raise ExchangeError(f"{path}: {len(raw)} requests, more than the limit of {limit} (--max-requests)")
    out = []
    for number, entry in enumerate(raw, 1):
        where = f"{path}: request {number}"
        if not isinstance(entry, dict) or not {"path"} <= set(entry) <= {"method", "path", "body", "headers", "expect"}:
            raise ExchangeError(f"{where}: expected {{method, path, body?, headers?, expect?}}")
        method = str(entry.get("method", "GET")).upper()
        target = entry["path"]
        if method not in _METHODS:
            raise ExchangeError(f"{where}: unknown method {method!r}")
        if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
            raise ExchangeError(f"{where}: path must start with / (it is appended to --base-url)")
        headers = entry.get("headers") or {}
        if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
            raise ExchangeError(f"{where}: headers must map names to strings")
        expect = entry.get("expect")
        out.append(PlannedRequest(method, target, entry.get("body"), headers, None if expect is None else str(expect)))
    return out


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExchangeError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _read_structured(path: Path) -> Any:
    """A YAML file, or JSON for ``.json`` and ``.har`` (YAML would read a HAR's text fields differently)."""
    text = _read_text(path)
    as_json = path.suffix in (".json", ".har")
    try:
        return json.loads(text) if as_json else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ExchangeError(f"{path}: not valid {'JSON' if as_json else 'YAML'}: {exc}") from None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx response itself is returned, never followed to another host


def send(base_url: str, requests: list[PlannedRequest], timeout: float) -> Iterator[Exchange]:
    """Send each request to ``base_url`` in turn; ExchangeError when the host cannot be reached."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ExchangeError(f"--base-url {base_url!r} must be an http(s) URL with a host, without query or fragment")
    opener = urllib.request.build_opener(_NoRedirects)
    for planned in requests:
        data = None if planned.body is None else json.dumps(planned.body).encode("utf-8")
        headers = {"Accept": "application/json, application/problem+json", **({"Content-Type": "application/json"} if data else {}), **planned.headers}
        request = urllib.request.Request(base_url.rstrip("/") + planned.path, data=data, method=planned.method, headers=headers)
        try:
            with opener.open(request, timeout=timeout) as response:
                yield Exchange(planned.method, planned.path, response.status, dict(response.headers.items()), response.read(MAX_BODY), planned.expect)
        except urllib.error.HTTPError as error:
            with error:
                yield Exchange(planned.method, planned.path, error.code, dict(error.headers.items()), error.read(MAX_BODY), planned.expect)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ExchangeError(f"cannot reach {request.full_url}: {reason}") from None


def read_recorded(path: Path, limit: int) -> list[Exchange]:
    """The responses in a HAR (``.har``) or JSON Lines file."""
    if path.suffix == ".har":
        raw = _read_structured(path)
        entries = raw.get("log", {}).get("entries") if isinstance(raw, dict) and isinstance(raw.get("log"), dict) else None
        if not isinstance(entries, list):
            raise ExchangeError(f"{path}: not a HAR file (no log.entries)")
        return _bounded(path, [_har_entry(path, number, entry) for number, entry in enumerate(entries[: limit + 1], 1)], limit)
    lines = _read_text(path).splitlines()
    rows = [(number, line) for number, line in enumerate(lines, 1) if line.strip()]
    return _bounded(path, [_jsonl_entry(path, number, line) for number, line in rows[: limit + 1]], limit)


def _bounded(path: Path, exchanges: list[Exchange], limit: int) -> list[Exchange]:
    if len(exchanges) > limit:
        raise ExchangeError(f"{path}: more than {limit} recorded responses (--max-requests)")
    return exchanges


def _har_entry(path: Path, number: int, entry: Any) -> Exchange:
    try:
        request, response = entry["request"], entry["response"]
        content = response.get("content") or {}
        text = content.get("text") or ""
        body = base64.b64decode(text) if content.get("encoding") == "base64" else text.encode("utf-8")
        headers = {h["name"]: h["value"] for h in response.get("headers") or []}
        return Exchange(str(request["method"]), str(request["url"]), int(response["status"]), headers, body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ExchangeError(f"{path}: entry {number} is not a HAR request/response pair ({exc!r})") from None


def _jsonl_entry(path: Path, number: int, line: str) -> Exchange:
    where = f"{path}:{number}"
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise ExchangeError(f"{where}: not valid JSON: {exc}") from None
    if not isinstance(row, dict) or not isinstance(row.get("status"), int) or not isinstance(row.get("headers", {}), dict):
        raise ExchangeError(f"{where}: expected {{status: int, headers: {{}}, body, method?, url?, expect?}}")
    body = row.get("body")
    raw = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
    headers = {str(k): str(v) for k, v in row.get("headers", {}).items()}
    expect = row.get("expect")
    return Exchange(str(row.get("method", "GET")), str(row.get("url", f"line {number}")), row["status"], headers, raw, None if expect is None else str(expect))
