"""``python -m errcat explain <api> <code>``: a code's documentation as plain terminal text."""

from __future__ import annotations

import pytest

import json
from dataclasses import replace
from pathlib import Path

from errcat import Catalog, load_catalog
from errcat.envelope import example_response
from errcat.render.text import WIDTH, explain
from tests.catalogs import MINIMAL_API, write_catalog
from tests.catalogs import LIFECYCLE_CODES
from tests.test_cli import run


def test_explain_renders_every_part_of_a_code(catalog: Catalog) -> None:
    api = catalog.apis["users"]
    text = explain(api, api.codes["99"], "https://e.example/users/99/")
    assert text.startswith("99: Auth Required\n\nAuthentication token required or invalid.\n\n")
    for line in ("HTTP status       401 Unauthorized", "Group             Authentication errors", "Retry             no",
                 "Raised by         UnauthorizedError", "Since             1.0", "Cause: Expired token", "1. Clear the local authentication token.",
                 "    HTTP/1.1 401 Unauthorized", '        "code": 99,'):
        assert line in text, line
    assert text.endswith("Documentation: https://e.example/users/99/\n")
    assert max(len(line) for line in text.splitlines() if not line.startswith("    ")) <= WIDTH


def test_explain_shows_params_message_and_the_same_example_as_the_page(catalog: Catalog) -> None:
    api = catalog.apis["assistant"]
    code = api.codes["TODO_TITLE_REQUIRED"]
    text = explain(api, code, "/assistant/TODO_TITLE_REQUIRED/")
    assert "Parameters\n----------\n\n- field (string): The field that failed validation." in text
    assert "Message\n-------\n\n    Validation failed" in text
    body = json.dumps(example_response(api, code, "/assistant/TODO_TITLE_REQUIRED/"), indent=2)
    assert "\n".join("    " + line for line in body.splitlines()) in text


def test_explain_says_deprecated_and_names_the_replacement(tmp_path: Path) -> None:
    api = load_catalog(write_catalog(tmp_path, LIFECYCLE_CODES)).apis["demo"]
    assert "DEPRECATED SINCE 1.2. Use 2003 instead." in explain(api, api.codes["2001"], "/demo/2001/")
    assert "DEPRECATED SINCE 1.1; REMOVED IN 2.0: NO LONGER SENT. It has no replacement." in explain(api, api.codes["2002"], "/demo/2002/")
    assert "DEPRECATED" not in explain(api, api.codes["2003"], "/demo/2003/")


def test_terminal_control_characters_in_catalog_text_are_neutralised(tmp_path: Path) -> None:
    """The loader refuses control characters (tests/hostile); a model built another way is still cleaned here."""
    codes = 'codes:\n  "2001":\n    title: T\n    meaning: "Right\\u202eto left"\n    http_status: 401\n'
    api = load_catalog(write_catalog(tmp_path, codes, MINIMAL_API)).apis["demo"]
    code = replace(api.codes["2001"], title="Bad \x1b[2J\x1b]0;pwned\x07 token")
    text = explain(api, code, "/demo/2001/")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "2001: Bad \ufffd[2J\ufffd]0;pwned\ufffd token" in text


@pytest.mark.showcase
def test_cli_explain_prints_the_code_with_its_link() -> None:
    result = run("explain", "users", "88")
    assert result.returncode == 0 and result.stdout.startswith("88: Invalid Parameter\n")
    assert result.stdout.endswith("Documentation: /users/88/\n")
    with_site = run("explain", "users", "88", "--site-url", "https://errors.example.com/")
    assert with_site.stdout.endswith("Documentation: https://errors.example.com/users/88/\n")


@pytest.mark.showcase
def test_cli_explain_follows_a_rename_and_suggests_close_codes(tmp_path: Path) -> None:
    write_catalog(tmp_path, LIFECYCLE_CODES)
    renamed = run("explain", "demo", "TOKEN_BAD", cwd=tmp_path)
    assert renamed.returncode == 0 and renamed.stdout.startswith("2003: Token invalid") and "TOKEN_BAD was renamed to 2003" in renamed.stderr
    close = run("explain", "assistant", "todo_title_required")
    assert close.returncode == 2 and "did you mean TODO_TITLE_REQUIRED?" in close.stderr
    unknown = run("explain", "nope", "1")
    assert unknown.returncode == 2 and "no API 'nope' in the catalog (known: admin, assistant, expenses, scanner, users)" in unknown.stderr
    bad_site = run("explain", "users", "88", "--site-url", "errors.example.com")
    assert bad_site.returncode == 2 and "must be an http(s) URL" in bad_site.stderr
