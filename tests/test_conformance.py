"""``errcat conformance`` and ``check_response``: real responses of the example backend conform, each planted
mistake is caught naming code and field, and bad input ends in a message, never a traceback.

The backend runs on 127.0.0.1 only (tests.test_e2e_backend.running), with bounded startup and request times.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from errcat import Catalog, envelope, links
from errcat.contract.conformance import Finding, assert_conforms, check_response
from examples.fastapi_service.app import create_app
from tests.conftest import ROOT
from tests.test_cli import run
from tests.test_e2e_backend import get, running

SITE = "https://errors.example.com/"
pytestmark = pytest.mark.showcase  # the example backend answers the showcase APIs' codes


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with running(create_app(ROOT / "catalog", SITE, faults=True)) as url:
        yield url


def documented(catalog: Catalog, slug: str, code: str, params: dict | None = None) -> tuple[int, dict[str, str], dict]:
    """The response the catalog documents for a code, as the backend sends it."""
    api = catalog.apis[slug]
    entry = api.codes[code]
    url = links.link(api, code, params or {}, SITE)
    body = envelope.example_response(api, entry, url, params or {}, "/some/request")
    return api.convention.fixed_http_status or entry.http_status, {"Content-Type": api.convention.content_type, "Link": links.link_header(url)}, body


def test_every_documented_response_of_every_api_conforms(catalog: Catalog) -> None:
    for api in catalog.apis.values():
        for code in api.codes.values():
            params = {p.name: links.query_value(v) for p, v in zip(code.params, envelope.example_params(code).values())}
            status, headers, body = documented(catalog, api.slug, code.code, params)
            assert check_response(api, status, headers, json.dumps(body).encode(), site_url=SITE, expected_code=code.code) == [], code.code


def mutated(body: dict, path: str, value: object) -> dict:
    copy = json.loads(json.dumps(body))
    *parents, last = path.split(".")
    target = copy
    for part in parents:
        target = target[part]
    target[last] = value
    return copy


def test_each_kind_of_mistake_is_named_with_its_code_and_field(catalog: Catalog) -> None:
    assistant = catalog.apis["assistant"]
    status, headers, body = documented(catalog, "assistant", "TODO_TITLE_REQUIRED", {"field": "title"})
    cases = [
        (400, headers, body, Finding("TODO_TITLE_REQUIRED", "status", "HTTP 400, the catalog documents 422")),
        (status, {**headers, "Content-Type": "application/json"}, body,
         Finding(None, "content-type", "is 'application/json', the API documents 'application/problem+json'")),
        (status, headers, mutated(body, "title", "Unprocessable Entity"),
         Finding("TODO_TITLE_REQUIRED", "title", "is 'Unprocessable Entity', the catalog documents 'To-do title missing'")),
        (status, headers, mutated(body, "type", "about:blank"),
         Finding("TODO_TITLE_REQUIRED", "type", "is 'about:blank', the catalog documents 'https://errors.example.com/assistant/TODO_TITLE_REQUIRED/'")),
        (status, headers, mutated(body, "params", {"colour": "red"}), Finding("TODO_TITLE_REQUIRED", "params", "undeclared param(s) colour")),
        (status, headers, mutated(body, "code", "TODO_TITEL_REQUIRED"),
         Finding("TODO_TITEL_REQUIRED", "code", "unknown code 'TODO_TITEL_REQUIRED': the catalog of assistant has no such code")),
        (status, headers, mutated(body, "doc_url", SITE + "assistant/AGENT_FORBIDDEN/"),
         Finding("TODO_TITLE_REQUIRED", "doc_url", "'https://errors.example.com/assistant/AGENT_FORBIDDEN/' does not lead to the code's page "
                 "'https://errors.example.com/assistant/TODO_TITLE_REQUIRED/'")),
        (status, headers, mutated(body, "doc_url", SITE + "assistant/TODO_TITLE_REQUIRED/?secret=1"),
         Finding("TODO_TITLE_REQUIRED", "doc_url", "the link carries undeclared param(s) secret")),
        (status, headers, {k: v for k, v in body.items() if k != "instance"}, Finding("TODO_TITLE_REQUIRED", "instance", "missing: the envelope has this field")),
        (status, headers, b"<html>oops</html>", Finding(None, "body", "is not JSON")),
    ]
    for status_sent, headers_sent, body_sent, finding in cases:
        assert check_response(assistant, status_sent, headers_sent, body_sent, site_url=SITE) == [finding]


def test_the_retryable_flag_and_a_header_link_are_checked(catalog: Catalog) -> None:
    scanner = catalog.apis["scanner"]
    code = next(c for c in scanner.codes.values() if c.retryable is True)
    status, headers, body = documented(catalog, "scanner", code.code)
    assert check_response(scanner, status, headers, mutated(body, "error.retryable", False)) == [
        Finding(code.code, "error.retryable", "is false, the catalog says true")
    ]
    users = catalog.apis["users"]  # no link field in the body: the Link header carries it
    code = next(iter(users.codes.values()))
    status, headers, body = documented(catalog, "users", code.code)
    assert check_response(users, status, {"content-type": headers["Content-Type"]}, body) == [
        Finding(code.code, 'Link rel="help"', 'no documentation link: the response has no Link: <url>; rel="help" header')
    ]
    assert check_response(users, status, headers, mutated(body, "meta.code", str(code.code))) == [
        Finding(str(code.code), "meta.code", f"unknown code {str(code.code)!r}: the catalog of users has no such code")  # a string, not the number
    ]


def test_assert_conforms_lists_every_finding_for_a_teams_tests(catalog: Catalog) -> None:
    status, headers, body = documented(catalog, "assistant", "TODO_TITLE_REQUIRED")
    assert_conforms(catalog.apis["assistant"], status, headers, body, site_url=SITE)
    with pytest.raises(AssertionError) as info:
        assert_conforms(catalog.apis["assistant"], 500, headers, mutated(body, "title", "Oops"), site_url=SITE)
    assert str(info.value) == (
        "response breaks the assistant error contract:\n"
        "  [TODO_TITLE_REQUIRED] status: HTTP 500, the catalog documents 422\n"
        "  [TODO_TITLE_REQUIRED] title: is 'Oops', the catalog documents 'To-do title missing'"
    )


def write_requests(path: Path, entries: list[dict]) -> Path:
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def real_routes(catalog: Catalog, slug: str) -> list[dict]:
    api = catalog.apis[slug]
    out = []
    for code in api.codes.values():
        sent = {name: links.query_value(value) for name, value in envelope.example_params(code).items()}
        query = "?" + urlencode(sent) if sent else ""
        out.append({"method": "GET", "path": f"/{slug}/errors/{code.code}{query}", "expect": code.code})
    return out


@pytest.mark.parametrize("slug", ["assistant", "admin", "users", "scanner", "expenses"])
def test_conformance_passes_on_the_real_routes(service: str, catalog: Catalog, tmp_path: Path, slug: str) -> None:
    requests = write_requests(tmp_path / "requests.json", real_routes(catalog, slug))
    result = run("conformance", "--api", slug, "--base-url", service, "--requests", str(requests), "--site-url", SITE)
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(catalog.apis[slug].codes)
    assert result.stdout.splitlines()[-1] == f"{count} error responses checked against {slug}, 0 not conforming"


@pytest.mark.parametrize(
    ("fault", "finding"),
    [
        ("wrong-status", "[TODO_TITLE_REQUIRED] status: HTTP 400, the catalog documents 422"),
        ("unknown-code", "[NOT_IN_THE_CATALOG] code: unknown code 'NOT_IN_THE_CATALOG': the catalog of assistant has no such code"),
        ("no-link", "[TODO_TITLE_REQUIRED] doc_url: no documentation link"),
    ],
)
def test_conformance_fails_on_each_wrong_route_naming_code_and_field(service: str, tmp_path: Path, fault: str, finding: str) -> None:
    requests = tmp_path / "requests.yaml"
    requests.write_text(
        '- {method: GET, path: "/assistant/errors/TODO_TITLE_REQUIRED?field=title", expect: TODO_TITLE_REQUIRED}\n'
        f"- {{path: /faults/assistant/TODO_TITLE_REQUIRED/{fault}}}\n", encoding="utf-8")
    result = run("conformance", "--api", "assistant", "--base-url", service, "--requests", str(requests), "--site-url", SITE)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "ok   GET /assistant/errors/TODO_TITLE_REQUIRED?field=title -> 422"
    assert lines[1].startswith(f"FAIL GET /faults/assistant/TODO_TITLE_REQUIRED/{fault} -> ")
    assert lines[2:-1] == [f"     {finding}"]
    assert lines[-1] == "2 error responses checked against assistant, 1 not conforming"


def test_a_missing_link_header_is_caught_for_an_api_without_a_link_field(service: str, tmp_path: Path) -> None:
    requests = write_requests(tmp_path / "r.json", [{"path": "/faults/users/500/no-link"}])
    result = run("conformance", "--api", "users", "--base-url", service, "--requests", str(requests))
    assert result.returncode == 1 and '[500] Link rel="help": no documentation link' in result.stdout, result.stdout


def test_recorded_responses_are_read_from_har_and_json_lines(service: str, tmp_path: Path) -> None:
    entries, lines = [], []
    for path in ("/assistant/errors/TODO_TITLE_REQUIRED?field=title", "/healthz", "/faults/assistant/TODO_TITLE_REQUIRED/wrong-status"):
        status, headers, raw = get(service + path)
        header_list = [{"name": k, "value": v} for k, v in headers.items()]
        entries.append({"request": {"method": "GET", "url": service + path, "headers": []},
                        "response": {"status": status, "headers": header_list, "content": {"mimeType": headers["content-type"], "encoding": "base64",
                                                                                          "text": base64.b64encode(raw).decode()}}})
        lines.append(json.dumps({"method": "GET", "url": path, "status": status, "headers": dict(headers.items()), "body": json.loads(raw)}))
    har = tmp_path / "session.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}), encoding="utf-8")
    jsonl = tmp_path / "session.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for recorded in (har, jsonl):
        result = run("conformance", "--api", "assistant", "--recorded", str(recorded), "--site-url", SITE)
        assert result.returncode == 1, result.stderr
        assert "     [TODO_TITLE_REQUIRED] status: HTTP 400, the catalog documents 422" in result.stdout
        assert result.stdout.splitlines()[-1] == "2 error responses checked against assistant, 1 not conforming, 1 other responses skipped"
    jsonl.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert run("conformance", "--api", "assistant", "--recorded", str(jsonl), "--site-url", SITE).returncode == 0


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("r.yaml", "- {path: [unclosed\n", (), "r.yaml: not valid YAML"),
        ("r.yaml", "- {path: http://example.com/x}\n", (), "r.yaml: request 1: path must start with / (it is appended to --base-url)"),
        ("r.yaml", "- {path: /x, verb: GET}\n", (), "r.yaml: request 1: expected {method, path, body?, headers?, expect?}"),
        ("r.yaml", "- {path: /a}\n- {path: /b}\n- {path: /c}\n", ("--max-requests", "2"), "r.yaml: 3 requests, more than the limit of 2 (--max-requests)"),
        ("r.har", "{\"log\": {}}", (), "r.har: not a HAR file (no log.entries)"),
        ("r.jsonl", "{\"status\": 500}\nnot json\n", (), "r.jsonl:2: not valid JSON"),
        ("missing.jsonl", None, (), "cannot read"),
    ],
)
def test_bad_files_end_in_a_message_and_exit_2(tmp_path: Path, name: str, content: str | None, extra: tuple[str, ...], message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    mode = ("--recorded", str(path)) if name.endswith((".har", ".jsonl")) else ("--base-url", "http://127.0.0.1:9", "--requests", str(path))
    result = run("conformance", "--api", "assistant", *mode, *extra)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_an_unreachable_host_ends_in_a_message_and_exit_2(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a loopback port nothing listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        requests = write_requests(tmp_path / "r.json", [{"path": "/x"}])
        result = run("conformance", "--api", "assistant", "--base-url", f"http://127.0.0.1:{port}", "--requests", str(requests), "--timeout", "2")
    assert result.returncode == 2 and result.stderr.startswith(f"error: cannot reach http://127.0.0.1:{port}/x: ") and "Traceback" not in result.stderr
    usage = run("conformance", "--api", "assistant")
    assert usage.returncode == 2 and "pass --base-url URL with --requests FILE, or --recorded FILE" in usage.stderr
    assert run("conformance", "--api", "nope", "--recorded", "x.jsonl").returncode == 2
