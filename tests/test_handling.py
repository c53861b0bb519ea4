"""The "How to handle" section and the client code tabs, on the real site and from small catalogs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from errcat import Catalog, load_catalog
from errcat.loader import load_with_problems
from errcat.render.handling import how_to_handle
from tests.catalogs import MINIMAL_API, write_catalog
from tests.htmltext import article_text

LABELS = ["TypeScript", "Python", "Dart", "curl"]


def section(text: str, heading: str) -> str:
    """The article text from ``heading`` up to the next section the page always has after it."""
    start = text.index(heading)
    ends = [text.find(h, start + len(heading)) for h in ("Client code", "Parameters", "Example response")]
    return text[start : min(e for e in ends if e > 0)]


# The real site --------------------------------------------------------------------------------


def test_every_code_page_has_handling_advice_and_four_linked_tabs(site: Path, catalog: Catalog) -> None:
    tab_labels = re.compile(r'<div class="tabbed-labels">(.*?)</div>')
    for api in catalog.apis.values():
        for code in api.codes.values():
            html = (site / api.slug / code.code / "index.html").read_text(encoding="utf-8")
            assert 'id="how-to-handle"' in html, code.code
            labels = re.findall(r"<label[^>]*>([^<]*)</label>", tab_labels.search(html).group(1))
            assert labels == LABELS, (api.slug, code.code)


def test_code_page_shows_the_snippets_and_the_advice(site: Path) -> None:
    page = site / "admin" / "2103" / "index.html"
    text = article_text(page)
    handling = section(text, "How to handle")
    assert "Auto-refresh and retry" in handling and "Yes, once" in handling
    assert "Get a new access token with the refresh token." in handling
    assert 'const CODE = "2103";' in text and "await refreshAccessToken();" in text  # TypeScript
    assert 'CODE = "2103"' in text and "def call_api(client: httpx.Client" in text  # Python
    assert "const errorCode = '2103';" in text and "package:http/http.dart" in text  # Dart
    assert '# {"code": "2103", "msg": "Access token expired", "data": null}' in text  # curl
    html = page.read_text(encoding="utf-8")
    assert '<span class="k">def</span>' in html and '<span class="kd">const</span>' in html  # highlighted, not plain text


def test_causes_and_advice_are_folded_into_how_to_handle(site: Path) -> None:
    users_99 = article_text(site / "users" / "99" / "index.html")
    handling = section(users_99, "How to handle")
    assert "Causes" in handling and "Blocked account" in handling and "Display customer support contact information." in handling
    assert users_99.count("Blocked account") == 1  # once, not in a second "Causes" section
    users_77 = section(article_text(site / "users" / "77" / "index.html"), "How to handle")
    assert "Advice" in users_77 and "Implement retry logic with exponential backoff." in users_77
    assert "Steps" not in users_77  # the catalog's own advice replaces the derived steps


def test_only_the_catalogs_own_advice_is_searched(site: Path) -> None:
    """Snippets and the derived, repeated advice stay out of the search index; catalog advice and causes are in it."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "refreshAccessToken" not in texts and "def call_api" not in texts
    assert "Recognise the code" not in texts and "Never tokens or passwords" not in texts
    locations = {doc["location"] for doc in index["docs"]}
    assert "users/99/#blocked-account" in locations and "users/77/#advice" in locations
    assert "admin/2103/" in locations  # the page itself is still found


# Advice derived from behaviour, retryable and status --------------------------------------------

API = MINIMAL_API.replace(
    "  show: {action: show_message, title: Show, description: Show the message.}\n",
    "".join(
        f"  {b}: {{action: {a}, title: {b.capitalize()}, description: Does {a}.}}\n"
        for b, a in [
            ("show", "show_message"),
            ("out", "logout"),
            ("refresh", "refresh_token"),
            ("again", "retry"),
            ("fix", "fix_request"),
            ("page", "caller_handles"),
            ("reload", "reload_and_retry"),
        ]
    ),
)
CODES = """\
codes:
  "2001": {title: Signed out, meaning: M, http_status: 401, group: auth, behaviour: out}
  "2002": {title: Expired, meaning: M, http_status: 401, group: auth, behaviour: refresh}
  "2003": {title: Busy, meaning: M, http_status: 503, group: auth, behaviour: again}
  "2004": {title: Bad field, meaning: M, http_status: 422, group: auth, behaviour: fix}
  "2005": {title: Slow down, meaning: M, http_status: 429, group: auth, retryable: conditional}
  "2006": {title: Not found, meaning: M, http_status: 404, group: auth}
  "2007": {title: Odd, meaning: M, http_status: 409, group: auth, retryable: conditional}
  "2008": {title: Module, meaning: M, http_status: 400, group: auth, behaviour: page, advice: [Ask the module team.]}
  "2009": {title: Flaky, meaning: M, http_status: 503, group: auth, behaviour: again, max_attempts: 4}
  "2010": {title: Once more, meaning: M, http_status: 500, group: auth, retryable: true, max_attempts: 2}
  "2011": {title: Conflict, meaning: M, http_status: 409, group: auth, behaviour: reload}
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return load_catalog(write_catalog(tmp_path_factory.mktemp("advice"), CODES, API)).apis["demo"]


def advice(demo, code: str) -> str:
    return how_to_handle(demo, demo.codes[code], None)


def test_codes_without_advice_get_steps_from_their_behaviour(demo) -> None:
    assert "Clear the session" in advice(demo, "2001") and "do not retry" in advice(demo, "2001")
    refresh = advice(demo, "2002")
    assert "Yes, once" in refresh and "Send the original request once more with the new token." in refresh
    busy = advice(demo, "2003")
    assert "Yes: the same request can succeed later" in busy and "wait 0.5 s, 1 s; 3 attempts in all" in busy
    assert "Log | At level error" in busy  # a 503
    fix = advice(demo, "2004")
    assert "next to their inputs" in fix and "Never the submitted values" in fix
    for code in demo.codes:
        assert "### Steps" in advice(demo, code) or "### Advice" in advice(demo, code)


def test_retryable_and_status_change_the_advice(demo) -> None:
    slow = advice(demo, "2005")  # conditional and 429: transient, so retried, honouring Retry-After
    assert "Yes: the same request can succeed later" in slow and "Retry-After" in slow
    not_found = advice(demo, "2006")
    assert "| Retry | No:" in not_found and "Log | At level warning" in not_found
    odd = advice(demo, "2007")  # conditional, not transient, no retryable flag in the body
    assert "Not automatically" in odd and "Retry-After" not in odd
    module = advice(demo, "2008")
    assert "### Advice\n\n<ol><li>Ask the module team.</li></ol>" in module and "### Steps" not in module
    assert "Whatever the page that made the request decides" in module


def test_the_retryable_flag_of_the_body_is_named(catalog: Catalog) -> None:
    scanner = catalog.apis["scanner"]
    text = how_to_handle(scanner, scanner.codes["internal_error"], None)
    assert "Sometimes" in text and "<code>error.retryable</code>" in text


def test_max_attempts_sets_the_attempts_the_advice_names(demo) -> None:
    assert "wait 0.5 s, 1 s, 2 s; 4 attempts in all" in advice(demo, "2009")
    once = advice(demo, "2010")  # a show_message code that is retryable: retried, as often as it says
    assert "wait 0.5 s; 2 attempts in all" in once and "3 attempts" not in once


def test_reload_and_retry_reloads_then_sends_the_change_once_more(demo) -> None:
    conflict = advice(demo, "2011")
    assert "Yes, once: reload the resource, then send the change again on its current version" in conflict
    assert "Reload the resource to get its current version; do not resend the request unchanged." in conflict
    assert "Make the change to that version and send it once more." in conflict
    assert "backoff" not in conflict and "Log | At level info" in conflict


def test_users_500_retries_once_as_its_advice_says(site: Path) -> None:
    handling = section(article_text(site / "users" / "500" / "index.html"), "How to handle")
    assert "Retry the request once." in handling and "wait 0.5 s; 2 attempts in all" in handling
    assert "3 attempts" not in handling


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("behaviour: out, max_attempts: 2", "max_attempts 2 is never used: a client does not resend this code's request with backoff"),
        ("behaviour: reload, max_attempts: 2", "its behaviour's action is reload_and_retry"),
        ("retryable: false, max_attempts: 3", "retryable is false"),
        ("max_attempts: 1", "1 is outside 2..10"),  # one attempt is no retry: say retryable: false
        ("retryable: true, max_attempts: 11", "11 is outside 2..10"),
    ],
)
def test_a_max_attempts_no_client_uses_is_refused_with_its_line(tmp_path: Path, entry: str, message: str) -> None:
    codes = f'codes:\n  "2001": {{title: T, meaning: M, http_status: 500, group: auth}}\n  "2002": {{title: T, meaning: M, http_status: 500, group: auth, {entry}}}\n'
    _, problems = load_with_problems(write_catalog(tmp_path, codes, API))
    [problem] = [p for p in problems if p.severity == "error"]
    assert (problem.file, problem.line) == ("catalog/demo/codes.yaml", 3) and message in problem.message, str(problem)


def test_an_unused_max_attempts_shows_beside_another_fields_error(tmp_path: Path) -> None:
    """A code read in part still gets the max_attempts rule when what it needs loaded: one run, both errors."""
    codes = 'codes:\n  "2002": {title: T, meaning: M, http_status: 500, group: auth, behaviour: out, max_attempts: 3, notes: [0100]}\n'
    _, problems = load_with_problems(write_catalog(tmp_path, codes, API))
    messages = sorted(p.message for p in problems if p.severity == "error")
    assert len(messages) == 2, messages
    assert messages[0].startswith("expected a string, but YAML reads '0100' as a number")
    assert messages[1].startswith("max_attempts 3 is never used")
