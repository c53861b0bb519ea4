"""Client snippets are code: every one parses, and the Python and TypeScript ones run and take the right branch.

The branch oracle below is written from the catalog's meaning (behaviour action, ``retryable``,
status, the example response), not from the snippet generator, so a generator that picks the wrong
branch, reads the wrong field or retries the wrong number of times fails here.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

from errcat import Catalog, load_catalog
from errcat.envelope import example_response, placeholder_path, wire_code
from errcat.model import Api, Code
from errcat.exports import typescript as typescript_export
from errcat.render.code_page import SiteContext
from errcat.snippets import client_snippets, code_snippet, literals, naming, typescript
from errcat.retries import DEFAULT_MAX_ATTEMPTS
from errcat.snippets.plan import BASE_DELAY_MS, HELPERS, TEMPLATE_LOCALE, plan_for
from tests.catalogs import write_catalog
from tests.snippet_harness import NODE, example_server, run_python, run_typescript
from tests.outside_tools import typescript_compiler
from tests.snippet_parsers import node_types, syntax_errors

LABELS = ["TypeScript", "Python", "Dart", "curl"]
TRANSIENT = {429, 502, 503, 504}


def _at(body: Any, dotted: str | None) -> Any:
    if not dotted:
        return None
    for key in dotted.split("."):
        body = body.get(key) if isinstance(body, dict) else None
    return body


def _fill(template: str, params: Any) -> str:
    params = params if isinstance(params, dict) else {}
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m[1]]) if m[1] in params else m[0], template)


def expected_run(api: Api, code: Code) -> tuple[list[list[Any]], list[Any] | None, int]:
    """(app calls, error raised, requests sent) that the catalog says a client makes for ``code``."""
    conv = api.convention
    body = example_response(api, code, "unused")
    action = api.behaviours[code.behaviour].action
    user = code.user_messages
    template = user.get(TEMPLATE_LOCALE) or next(iter(user.values()), None) or code.message or code.title
    params_path = placeholder_path(conv.envelope, "params")
    if params_path:  # a code-first API: the client's own text, filled with the body's params
        message = _fill(template, _at(body, params_path))
    elif user:  # the catalog's text for users wins over the server's
        message = template
    else:
        message = _at(body, conv.message_path) or template
    flag_path = placeholder_path(conv.envelope, "retryable")
    if code.retryable == "conditional":
        can_pass = _at(body, flag_path) is True if flag_path else code.http_status in TRANSIENT
    else:
        can_pass = code.retryable is True
    retries = action == "retry" or (action in ("show_message", "silent", "caller_handles") and can_pass)
    attempts = code.max_attempts or DEFAULT_MAX_ATTEMPTS  # the catalog's count, else the documented default
    waits = [["wait", [BASE_DELAY_MS * 2**n]] for n in range(attempts - 1)] if retries else []
    logout = [["clear_session", []], ["redirect_to_login", []]]
    final = {
        "success": [["on_success", [body]]],
        "logout": logout,
        "confirm_logout": [["show_modal", [message]], *logout],
        "refresh_token": [["refresh_access_token", []], *logout],
        "reload_and_retry": [["reload_resource", []], ["show_message", [message]]],
        "retry": [["show_message", [message]]],
        "show_message": [["show_message", [message]]],
        "fix_request": [["show_field_errors", [_at(body, conv.field_errors_path) or {}, message]]],
        "silent": [],
        "caller_handles": [],
    }[action]
    error = ["ApiError", [wire_code(api, code), message, body]] if action == "caller_handles" else None
    requests = attempts if retries else 2 if action in ("refresh_token", "reload_and_retry") else 1
    return waits + final, error, requests


def all_codes(catalog: Catalog):
    return [(api, code) for api in catalog.apis.values() for code in api.codes.values()]


# Parsing -------------------------------------------------------------------------------------


def test_every_snippet_of_every_code_parses(catalog: Catalog) -> None:
    checked = 0
    for api, code in all_codes(catalog):
        snippets = client_snippets(api, code, f"https://docs.example/{api.slug}/{code.code}/")
        assert [s.label for s in snippets] == LABELS
        for s in snippets:
            assert syntax_errors(s.lexer, s.text) == [], f"{api.slug} {code.code} {s.label}:\n{s.text}"
            checked += 1
        compile(snippets[1].text, f"<{api.slug} {code.code}>", "exec")  # CPython's own parser agrees
    assert checked == 4 * catalog.code_count()


def test_snippets_embed_the_l10n_template_locale() -> None:
    from errcat.exports import l10n
    from errcat.snippets import plan

    assert plan.TEMPLATE_LOCALE == l10n.TEMPLATE_LOCALE


def test_the_parsers_do_reject_broken_code() -> None:
    """The parse test can fail: each grammar reports a plainly broken snippet."""
    assert syntax_errors("typescript", "const a = ;\nif (a {")
    assert syntax_errors("python", "def f(:\n    return")
    assert syntax_errors("dart", "void main() { print('a' }")
    assert syntax_errors("dart", "void main() { print('$'); }")  # a bare $ is not a Dart string
    assert syntax_errors("bash", 'curl "$URL')


def test_curl_tab_shows_the_example_response(catalog: Catalog) -> None:
    api = catalog.apis["scanner"]
    code = api.codes["internal_error"]
    curl = client_snippets(api, code, "https://docs.example/x/")[3].text
    body_line = next(line for line in curl.splitlines() if line.startswith("# {"))
    assert json.loads(body_line[2:]) == example_response(api, code, "https://docs.example/x/")
    assert "# HTTP/1.1 500 Internal Server Error" in curl and "jq '.error.code'" in curl and '# "internal_error"' in curl
    users = catalog.apis["users"]
    assert "jq '.meta.code'\n# 88\n" in client_snippets(users, users.codes["88"], "u")[3].text  # an integer, unquoted


# Running ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory):
    """Every code's Python and TypeScript snippet run once against the example server."""
    workdir = tmp_path_factory.mktemp("ts")
    with example_server() as server:
        results = {}
        for api in catalog.apis.values():
            codes = list(api.codes.values())
            results[api.slug] = {"python": run_python(server, api, codes), "typescript": run_typescript(server, api, codes, workdir)}
        yield results, server


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_every_snippet_takes_the_branch_its_behaviour_says(runs, catalog: Catalog, lang: str) -> None:
    results, server = runs
    ran = 0
    for api, code in all_codes(catalog):
        calls, error, requests = expected_run(api, code)
        got = results[api.slug][lang][code.code]
        where = f"{lang} {api.slug} {code.code}"
        assert got["calls"] == calls, where
        assert got["error"] == error, where
        sent = server.requests[f"/{lang}/{api.slug}/{code.code}"]
        assert len(sent) == requests, where
        if api.behaviours[code.behaviour].action == "reload_and_retry":  # the retry is the change on the reloaded version
            assert [r["if-match"] for r in sent] == [None, "version-2"], where
        ran += 1
    assert ran == catalog.code_count()


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_seed_behaviours_run_as_documented(runs, lang: str) -> None:
    """Spot checks in plain words, one per kind of behaviour in the seeds."""
    results, server = runs
    admin = results["admin"][lang]
    # 2103 TOKEN_EXPIRED: refresh, retry once with the new token, then give up and log out.
    assert [c[0] for c in admin["2103"]["calls"]] == ["refresh_access_token", "clear_session", "redirect_to_login"]
    assert [r["authorization"] for r in server.requests[f"/{lang}/admin/2103"]] == ["Bearer token-1", "Bearer token-2"]
    assert admin["2100"]["calls"] == [["clear_session", []], ["redirect_to_login", []]]  # force logout
    assert admin["2102"]["calls"][0] == ["show_modal", ["Account disabled by an administrator"]]  # modal, then logout
    assert admin["4000"]["error"][0] == "ApiError"  # module codes go back to the calling page
    users = results["users"][lang]
    assert users["77"]["calls"] == [["wait", [500]], ["wait", [1000]], ["show_message", ["Database Rollback"]]]
    assert users["99"]["calls"] == [["clear_session", []], ["redirect_to_login", []]]
    # 500 Unknown Error, "Retry the request once": one wait, two requests in all, then the message.
    assert users["500"]["calls"] == [["wait", [500]], ["show_message", ["Unknown Error"]]]
    assert len(server.requests[f"/{lang}/users/500"]) == 2
    expenses = results["expenses"][lang]["VALIDATION_ERROR"]["calls"]
    assert expenses == [["show_field_errors", [{"title": ["Title is required"], "amount": ["Amount must be greater than 0"]}, "One or more validation errors occurred"]]]
    # CONCURRENCY_CONFLICT: reload the resource, send the change once more on its current version, then tell the user.
    conflict = results["expenses"][lang]["CONCURRENCY_CONFLICT"]["calls"]
    assert conflict == [["reload_resource", []], ["show_message", ["Changed by someone else meanwhile"]]]
    assert [r["if-match"] for r in server.requests[f"/{lang}/expenses/CONCURRENCY_CONFLICT"]] == [None, "version-2"]
    scanner = results["scanner"][lang]
    assert scanner["internal_error"]["calls"] == [["show_message", ["Unexpected server error"]]]  # its retryable flag is false
    assert [c[0] for c in scanner["service_unavailable"]["calls"]] == ["wait", "wait", "show_message"]


# Hostile catalog text -------------------------------------------------------------------------

# No control characters: the loader refuses them (tests/hostile); the literal tests below still cover them.
NASTY = "He said \"hi\" \\ 'x' `tick` ${process.exit(7)} $HOME {field} */ <!-- -->\nnew line\u2028sep\u202eRTL end"
HOSTILE_API = """\
title: Hostile
summary: Problem details with params.
default_behaviour: show
convention:
  content_type: application/problem+json
  code_path: code
  code_type: string
  code_pattern: "[A-Z_]+"
  code_format: UPPER_SNAKE
  envelope: {title: "{title}", status: "{status}", detail: "{message}", code: "{code}", params: "{params}"}
  fields:
    - {path: code, type: string, meaning: The code.}
behaviours:
  show: {action: show_message, title: "Show $it ${now}", description: Show the message.}
  modal: {action: confirm_logout, title: Modal, description: Modal then logout.}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Api:
    root = tmp_path_factory.mktemp("hostile-snippets")
    codes = "codes:\n"
    for code, behaviour in (("SHOWN", "show"), ("MODAL", "modal")):
        codes += (
            f'  "{code}":\n    title: {json.dumps(NASTY)}\n    meaning: M\n    message: {json.dumps(NASTY)}\n'
            f"    http_status: 400\n    behaviour: {behaviour}\n"
            f"    params:\n      - {{name: field, type: string, meaning: F, example: {json.dumps(NASTY)}}}\n"
        )
    return load_catalog(write_catalog(root, codes, HOSTILE_API, slug="hostile")).apis["hostile"]


def test_hostile_text_stays_inside_string_literals_and_comments(hostile: Api) -> None:
    for code in hostile.codes.values():
        for s in client_snippets(hostile, code, "https://docs.example/"):
            assert syntax_errors(s.lexer, s.text) == [], f"{s.label}:\n{s.text}"
            assert "process.exit(7)" in s.text  # shown, as text
        dart = client_snippets(hostile, code, "u")[2].text
        # The only interpolation is the snippet's own '$value' in fillParams: catalog text never interpolates.
        assert node_types("dart", dart)["template_substitution"] == 1, dart


def test_hostile_messages_reach_the_user_exactly(hostile: Api, tmp_path: Path) -> None:
    expected = NASTY.replace("{field}", NASTY)
    with example_server() as server:
        codes = list(hostile.codes.values())
        for results in (run_python(server, hostile, codes), run_typescript(server, hostile, codes, tmp_path)):
            assert results["SHOWN"]["calls"] == [["show_message", [expected]]]
            assert results["MODAL"]["calls"][0] == ["show_modal", [expected]]


NASTY_STRINGS = [NASTY, "", "\\", '"', "'", "$", "${x}", "$x", "`${x}`", "\r\n\t\b\f\v", "\u2029\x85\ufeff", "emoji 🎉 ünï", "\\u0041"]


def test_typescript_snippets_and_exports_type_check_strictly(catalog: Catalog, hostile: Api, tmp_path: Path) -> None:
    """Node.js strips types without checking them; a team compiles with ``tsc --strict``, so check that too.

    Each snippet is its own module, against declarations of the helpers its header says the app
    provides; the exported code modules are checked beside them.
    """
    import subprocess

    tsc = typescript_compiler()
    provided = [f"declare function {naming.camel(h)}(...args: any[]): any;" for h in HELPERS if h != "ApiError"]
    provided.append("declare class ApiError extends Error { constructor(...args: unknown[]); }")
    (tmp_path / "app.d.ts").write_text("\n".join(provided) + "\n", encoding="utf-8")
    apis = [*catalog.apis.values(), hostile]
    for api in apis:
        (tmp_path / f"{api.slug}-codes.ts").write_text(typescript_export.module(api, SiteContext()), encoding="utf-8")
        for index, code in enumerate(api.codes.values()):
            source = code_snippet(typescript, plan_for(api, code)) + "\nexport { callApi };\n"  # as an app would use it
            (tmp_path / f"{api.slug}-{index}.ts").write_text(source, encoding="utf-8")
    files = sorted(str(path) for path in tmp_path.glob("*.ts"))
    assert len(files) == 1 + len(apis) + sum(len(api.codes) for api in apis)
    options = ["--strict", "--noEmit", "--noUnusedLocals", "--target", "es2022", "--lib", "es2022,dom", "--module", "esnext"]
    result = subprocess.run([str(NODE), str(tsc), *options, *files], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_literals_read_back_exactly() -> None:
    for value in NASTY_STRINGS:
        assert ast.literal_eval(literals.PYTHON.literal(value)) == value


def test_typescript_literals_read_back_exactly(tmp_path: Path) -> None:
    import subprocess

    script = tmp_path / "literals.mts"
    script.write_text("console.log(JSON.stringify([" + ",".join(literals.TYPESCRIPT.literal(v) for v in NASTY_STRINGS) + "]));\n")
    result = subprocess.run([str(NODE), str(script)], capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout) == NASTY_STRINGS, result.stderr


def test_dart_literals_are_plain_strings() -> None:
    for value in NASTY_STRINGS:
        source = f"var a = {literals.DART.literal(value)};"
        assert syntax_errors("dart", source) == [], source
        assert node_types("dart", source)["template_substitution"] == 0, source


def test_comments_stay_on_one_line() -> None:
    text = literals.comment_text("a\nb\u2028c\r\nd\x00e\u202e")
    assert len(text.splitlines()) == 1 and text.isprintable()


def test_a_matching_code_with_another_status_is_not_this_code(catalog: Catalog, tmp_path: Path) -> None:
    """Where the status varies per code, snippets check both, as the users API asks; other responses go to the app."""
    users = catalog.apis["users"]
    code = users.codes["88"]
    with example_server() as server:
        server.status_override[code.code] = 200
        for results in (run_python(server, users, [code]), run_typescript(server, users, [code], tmp_path)):
            assert results["88"]["calls"] == [["handle_other_response", [example_response(users, code, "unused")]]]


def test_the_dart_snippet_sends_the_reloaded_change_and_any_method(catalog: Catalog) -> None:
    """Dart snippets are parsed, not run: check that every attempt sends a fresh request from the builder,
    and that reload_and_retry swaps in the app's builder of the change on the current version."""
    expenses = catalog.apis["expenses"]
    dart = client_snippets(expenses, expenses.codes["CONCURRENCY_CONFLICT"], "u")[2]
    assert dart.label == "Dart" and syntax_errors("dart", dart.text) == []
    assert "Future<dynamic> callApi(http.Request Function() newRequest) async {" in dart.text  # any method and body
    reload_at = dart.text.index("newRequest = await reloadResource(newRequest);")
    send_at = dart.text.index("await newRequest().send()")
    loop_at = dart.text.index("for (var attempt = 1; ; attempt++) {")
    assert loop_at < send_at < reload_at and "http.get(" not in dart.text  # the next attempt sends the reloaded builder
