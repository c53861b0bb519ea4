"""An API with several error envelopes: a legacy JSON envelope beside RFC 9457 problem details.

The fixture catalog tests/fixtures/catalogs/envelopes/ names both in ``convention.envelopes`` with
``legacy`` the default; the group ``orders`` and the code ``ACCOUNT_LOCKED`` choose ``problem``. It is
built with ``mkdocs build --strict`` once, and the tests read the HTML and the exports a client gets.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from errcat import load_catalog, schema
from errcat.contract.conformance import check_response
from errcat.loader import load_with_problems
from tests.catalogs import MINIMAL_API, write_catalog
from tests.conftest import ROOT, build, make_project
from tests.htmltext import article_text

FIXTURE = ROOT / "tests" / "fixtures" / "catalogs" / "envelopes"
PROBLEM_CODES = {"ORDER_NOT_FOUND", "CARD_DECLINED", "ORDER_SPLIT", "ACCOUNT_LOCKED"}  # by group, and by the code's own choice
LEGACY_CODES = {"SESSION_EXPIRED", "USER_NOT_FOUND"}  # the default


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("envelopes")
    result = build(make_project(root / "project", FIXTURE), root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def _errcat(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "errcat", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def _example(site: Path, code: str) -> tuple[str, dict]:
    """The content type and JSON body of a code page's example response."""
    page = html.unescape(re.sub(r"<[^>]+>", "", (site / "shop" / code / "index.html").read_text()))
    content_type = re.search(r"Content-Type: (\S+)", page).group(1)
    body = re.search(r"Content-Type: \S+\s+(\{.*?\n\})", page, re.S).group(1)
    return content_type, json.loads(body)


def test_each_code_page_shows_its_own_envelope(site: Path) -> None:
    for code in PROBLEM_CODES:
        content_type, body = _example(site, code)
        assert content_type == "application/problem+json" and body["code"] == code, code
        assert body["type"] == f"https://errors.example.com/problems/shop/{code}/" and "error" not in body
        assert "In the Problem details (RFC 9457) envelope." in article_text(site / "shop" / code / "index.html")
    for code in LEGACY_CODES:
        content_type, body = _example(site, code)
        assert (content_type, set(body)) == ("application/json", {"error"}) and body["error"]["code"] == code, code
        assert "In the Legacy error envelope envelope." in article_text(site / "shop" / code / "index.html")
    page = (site / "shop" / "ACCOUNT_LOCKED" / "index.html").read_text()
    assert 'href="../#envelope-problem"' in page  # the envelope's section on the overview
    # What the page tells a client to read and log follows the code's envelope too.
    text = article_text(site / "shop" / "ACCOUNT_LOCKED" / "index.html")
    assert "Show detail from the body" in text and "error.message" not in text


def test_the_overview_describes_every_envelope_with_its_fields(site: Path) -> None:
    page = (site / "shop" / "index.html").read_text()
    assert re.search(r'<h3 id="envelope-legacy">Legacy error envelope', page)
    assert re.search(r'<h3 id="envelope-problem">Problem details \(RFC 9457\)', page)
    text = article_text(site / "shop" / "index.html")
    legacy, problem = text.split("Problem details (RFC 9457) ¶")
    assert "Envelope legacy (the default), used by 2 codes." in legacy and "Envelope problem , used by 4 codes." in problem
    assert "Content type application/json Code field error.code Message field error.message" in legacy
    assert "Content type application/problem+json Code field code Message field detail" in problem
    assert "type string (URI) The problem type" in problem and "type string (URI)" not in legacy
    behaviours = article_text(site / "shop" / "behaviours" / "index.html")
    assert "error.code in the body (Legacy error envelope) or code in the body (Problem details (RFC 9457))" in behaviours


def test_the_exports_name_each_code_s_envelope(site: Path, tmp_path: Path) -> None:
    index = json.loads((site / "catalog.json").read_text())
    codes = {c["code"]: c["envelope"] for api in index["apis"] for c in api["codes"]}
    assert codes == {**dict.fromkeys(PROBLEM_CODES, "problem"), **dict.fromkeys(LEGACY_CODES, "legacy")}
    export = json.loads((site / "exports" / "shop.json").read_text())["api"]
    assert list(export["envelopes"]) == ["legacy", "problem"] and export["convention"]["name"] == "legacy"
    assert export["envelopes"]["problem"]["content_type"] == "application/problem+json"
    assert export["codes"]["ACCOUNT_LOCKED"]["envelope"] == "problem"
    result = _errcat("--catalog", FIXTURE, "export", "--format", "openapi", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "shop" / "openapi.json").read_text())
    schemas = document["components"]["schemas"]
    assert {"Error.legacy", "Error.problem"} <= set(schemas) and "Error" not in schemas
    assert schemas["Error.problem"]["properties"]["code"] == {"$ref": "#/components/schemas/ErrorCode"}
    assert schemas["Error.problem"]["properties"]["detail"] == {"type": "string", "description": "What went wrong in this occurrence."}
    assert set(schemas["Error.legacy"]["properties"]) == {"error"}
    content = document["paths"]["/orders/{orderId}"]["get"]["responses"]["404"]["content"]  # one status, two envelopes
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Error.legacy"}
    assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Error.problem"}
    assert list(content["application/problem+json"]["examples"]) == ["ORDER_NOT_FOUND"]
    validator = jsonschema.Draft202012Validator({**document, "$ref": "#/components/schemas/Error.problem"})
    assert validator.is_valid(document["components"]["examples"]["ORDER_NOT_FOUND"]["value"])
    assert not validator.is_valid(document["components"]["examples"]["USER_NOT_FOUND"]["value"])


def test_conformance_reads_the_code_s_envelope() -> None:
    api = load_catalog(FIXTURE).apis["shop"]
    problem = {
        "type": "https://errors.example.com/problems/shop/ORDER_NOT_FOUND/", "title": "No such order", "status": 404,
        "detail": "No such order", "instance": "/orders/7", "code": "ORDER_NOT_FOUND",
    }
    headers = {"content-type": "application/problem+json", "link": '</shop/ORDER_NOT_FOUND/>; rel="help"'}
    assert check_response(api, 404, headers, problem) == []
    legacy = {"error": {"code": "ORDER_NOT_FOUND", "message": "No such order"}}
    findings = [str(f) for f in check_response(api, 404, {**headers, "content-type": "application/json"}, legacy)]
    assert findings == [
        "[?] content-type: is 'application/json', the API documents 'application/problem+json'",
        "[ORDER_NOT_FOUND] error.code: the catalog sends ORDER_NOT_FOUND in envelope 'problem', with the code at code",
    ]


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURE, root)
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_unknown_envelope_is_an_error_naming_file_line_and_code(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    codes = root / "shop" / "codes.yaml"
    _replace(codes, "    envelope: problem\n", "    envelope: problme\n")
    _replace(root / "shop" / "api.yaml", "    envelope: problem\n", "    envelope: legasy\n")  # the group orders
    result = _errcat("--catalog", root, "check")
    assert result.returncode == 1
    line = codes.read_text().splitlines().index('  "ACCOUNT_LOCKED":') + 1
    group_line = (root / "shop" / "api.yaml").read_text().splitlines().index("  orders:") + 1
    assert (
        f"shop/codes.yaml:{line}: error [ACCOUNT_LOCKED]: unknown envelope 'problme' (declared: legacy, problem); did you mean problem?"
    ) in result.stderr
    assert f"shop/api.yaml:{group_line}: error: group 'orders': unknown envelope 'legasy' (declared: legacy, problem); did you mean legacy?" in result.stderr
    assert "ORDER_NOT_FOUND" not in result.stderr  # it inherits the group's: said once, for the group


def test_a_default_that_is_no_envelope_and_a_choice_without_envelopes_are_errors(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _replace(root / "shop" / "api.yaml", "default_envelope: legacy", "default_envelope: problems")
    _, problems = load_with_problems(root)
    line = (root / "shop" / "api.yaml").read_text().splitlines().index("  default_envelope: problems") + 1
    assert [(p.line, p.message) for p in problems] == [
        (line, "default_envelope: unknown envelope 'problems' (declared: legacy, problem); did you mean problem?")
    ]
    codes = 'codes:\n  "2001": {title: Bad token, meaning: The token is bad., http_status: 401, group: auth, envelope: problem}\n'
    _, problems = load_with_problems(write_catalog(tmp_path / "single", codes))
    assert [(p.code, p.message) for p in problems] == [
        ("2001", "envelope 'problem': this API has one envelope; declare named ones in convention.envelopes to choose among them")
    ]


def test_one_envelope_or_named_envelopes_not_both(tmp_path: Path) -> None:
    api = MINIMAL_API.replace("convention:\n", "convention:\n  default_envelope: main\n  envelopes: {main: {title: Main, code_path: x, envelope: {x: '{code}'}, fields: [{path: x, type: string, meaning: M}]}}\n")
    _, problems = load_with_problems(write_catalog(tmp_path, api=api))
    assert [p.message for p in problems] == [
        "give code_path, envelope, fields, content_type, message_path or envelopes, default_envelope, not both: they are different ways of writing this"
    ]
    validator = jsonschema.Draft202012Validator(schema.json_schemas()["api.schema.json"])
    assert not validator.is_valid(yaml.safe_load(api))
    assert validator.is_valid(yaml.safe_load((FIXTURE / "shop" / "api.yaml").read_text()))


def test_a_field_removed_from_one_envelope_breaks_its_clients(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _replace(root / "shop" / "api.yaml", "        - path: detail\n          type: string\n          meaning: What went wrong in this occurrence.\n", "")
    _replace(root / "shop" / "api.yaml", "      message_path: detail\n", "")
    result = _errcat("--catalog", root, "ledger", "update")
    assert result.returncode == 1
    assert "envelope field 'problem:detail' removed" in result.stderr and "--accept shop" in result.stderr, result.stderr
    assert _errcat("--catalog", root, "ledger", "update", "--accept", "shop").returncode == 0


def test_snippets_need_envelopes_a_client_reads_alike(tmp_path: Path) -> None:
    api = load_catalog(FIXTURE).apis["shop"]
    assert api.snippet_languages == ()  # the code is at error.code in one envelope and at code in the other
    root = _copy(tmp_path)
    _replace(root / "shop" / "api.yaml", "since:", "snippet_languages: [curl]\nsince:")
    _, problems = load_with_problems(root)
    assert [p.message for p in problems] == [
        "snippet_languages: errcat's snippets are HTTP clients that read the code from a JSON body, and its envelopes put the code, "
        "message or flags in different places, and one client helper reads one envelope; list none"
    ]
