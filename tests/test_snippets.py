"""Client snippets are code: every one parses, and the Python and TypeScript ones run and take the right branch.

The branch oracle below is written from the catalog's meaning (behaviour action, ``retryable``,
status, the example response), not from the snippet generator, so a generator that picks the wrong
branch, reads the wrong field or retries the wrong number of times fails here.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from errcat import Catalog, load_catalog
from errcat.envelope import example_response, placeholder_path, wire_code
from errcat.model import Api, Code
from errcat.exports import typescript as typescript_export
from errcat.render.code_page import SiteContext
from errcat.snippets import client_snippets, code_snippet, helper_snippets, literals, naming, typescript
from errcat.retries import DEFAULT_MAX_ATTEMPTS
from errcat.snippets.plan import BASE_DELAY_MS, HELPERS, TEMPLATE_LOCALE, Wire, plan_for
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
        snippets = client_snippets(api, code)
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


def test_curl_tab_reads_the_code_as_clients_do(catalog: Catalog) -> None:
    api = catalog.apis["scanner"]
    curl = client_snippets(api, api.codes["internal_error"])[3].text
    assert "# HTTP 500;" in curl and "jq '.error.code'" in curl and '# "internal_error"' in curl
    users = catalog.apis["users"]
    assert "jq '.meta.code'\n# 88\n" in client_snippets(users, users.codes["88"])[3].text  # an integer, unquoted


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
        branches = client_snippets(hostile, code)[:3]
        for s in branches:
            assert syntax_errors(s.lexer, s.text) == [], f"{s.label}:\n{s.text}"
            assert "process.exit(7)" in s.text  # shown, as text
        # Catalog text never interpolates (the helper's own '$value' in fillParams is on the client page).
        assert node_types("dart", branches[2].text)["template_substitution"] == 0, branches[2].text
        assert node_types("typescript", branches[0].text)["template_substitution"] == 0, branches[0].text


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

    Each API's client helper is its own module, and each code's branch another that imports it, as
    an app keeps them, against declarations of the functions the comments say the app provides;
    the exported code modules are checked beside them.
    """
    import subprocess

    tsc = typescript_compiler()
    provided = [f"declare function {naming.camel(h)}(...args: any[]): any;" for h in HELPERS if h != "ApiError"]
    provided.append("declare class ApiError extends Error { constructor(...args: unknown[]); }")
    (tmp_path / "app.d.ts").write_text("\n".join(provided) + "\n", encoding="utf-8")
    apis = [*catalog.apis.values(), hostile]
    for api in apis:
        (tmp_path / f"{api.slug}-codes.ts").write_text(typescript_export.module(api, SiteContext()), encoding="utf-8")
        (tmp_path / f"{typescript.module_name(api.slug)}.ts").write_text(typescript.helper(Wire.of(api)), encoding="utf-8")
        for index, code in enumerate(api.codes.values()):
            source = code_snippet(typescript, plan_for(api, code), api.slug)
            (tmp_path / f"{api.slug}-{index}.ts").write_text(source, encoding="utf-8")
    files = sorted(str(path) for path in tmp_path.glob("*.ts"))
    assert len(files) == 1 + 2 * len(apis) + sum(len(api.codes) for api in apis)
    options = ["--strict", "--noEmit", "--noUnusedLocals", "--target", "es2022", "--lib", "es2022,dom"]
    options += ["--module", "esnext", "--moduleResolution", "bundler", "--moduleDetection", "force"]
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


def test_the_dart_helper_sends_the_reloaded_change_and_any_method(catalog: Catalog) -> None:
    """Dart snippets are parsed, not run: check that every attempt sends a fresh request from the builder,
    and that reload_and_retry's answer swaps in the app's builder of the change on the current version."""
    expenses = catalog.apis["expenses"]
    [_, _, helper] = helper_snippets(expenses)
    assert helper.label == "Dart" and syntax_errors("dart", helper.text) == []
    assert "Future<Object?> callApi(http.Request Function() newRequest) async {" in helper.text  # any method and body
    loop_at = helper.text.index("for (var attempt = 1; ; attempt++) {")
    send_at = helper.text.index("await request.send()")
    swap_at = helper.text.index("newRequest = answer.newRequest ?? newRequest;")
    assert loop_at < send_at < swap_at and "http.get(" not in helper.text
    branch = client_snippets(expenses, expenses.codes["CONCURRENCY_CONFLICT"])[2].text
    assert "return Again(Duration.zero, await reloadResource(error.newRequest));" in branch


def test_every_helper_parses(catalog: Catalog) -> None:
    for api in catalog.apis.values():
        helpers = helper_snippets(api)
        assert [h.label for h in helpers] == LABELS[:3]
        for h in helpers:
            assert syntax_errors(h.lexer, h.text) == [], f"{api.slug} {h.label}:\n{h.text}"


# Short enough to read in the page's column ----------------------------------------------------

MAX_LINES = 15
MAX_WIDTH = 90


def test_every_code_pages_snippets_are_short_and_narrow(catalog: Catalog) -> None:
    """A code page shows only its branch: at most 15 lines of at most 90 characters, every language."""
    for api, code in all_codes(catalog):
        for s in client_snippets(api, code):
            lines = s.text.splitlines()
            where = f"{api.slug} {code.code} {s.label}:\n{s.text}"
            assert len(lines) <= MAX_LINES, where
            assert max(len(line) for line in lines) <= MAX_WIDTH, where


def test_a_long_message_is_split_into_literals_that_read_back_exactly(hostile: Api) -> None:
    long = ("Please close one of your other conversations first, then try again in a minute. " * 3).strip()
    code = replace(hostile.codes["SHOWN"], message=long, params=())
    api = replace(hostile, codes={"SHOWN": code})
    for s in client_snippets(api, code)[:3]:
        assert max(len(line) for line in s.text.splitlines()) <= MAX_WIDTH, s.text
        assert syntax_errors(s.lexer, s.text) == [], s.text
    python_branch = client_snippets(api, code)[1].text
    constant = python_branch[python_branch.index("MESSAGE = (") + len("MESSAGE = ") : python_branch.index("\n)\n") + 2]
    assert ast.literal_eval(constant) == long


# Retry-After: the advice names it, so every snippet reads it ------------------------------------


def test_every_retried_snippet_waits_as_retry_after_asks(catalog: Catalog, tmp_path: Path) -> None:
    """AGENT_SSE_CONNECTION_LIMIT (429) is retried: with ``Retry-After: 2`` each wait is 2 s, not the backoff."""
    assistant = catalog.apis["assistant"]
    code = assistant.codes["AGENT_SSE_CONNECTION_LIMIT"]
    message = code.user_messages[TEMPLATE_LOCALE]
    with example_server() as server:
        server.extra_headers[code.code] = {"Retry-After": "2"}
        for results in (run_python(server, assistant, [code]), run_typescript(server, assistant, [code], tmp_path)):
            assert results[code.code]["calls"] == [["wait", [2000]], ["wait", [2000]], ["show_message", [message]]]
