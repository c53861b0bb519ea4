"""A code page answers first: what happened and what to do, then the details; and the words and the code agree.

Built-site tests read every code page of the real site; the derived advice is checked on small
catalogs; a test holds each step beside every language's branch (the same plan makes both).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from errcat import Catalog, load_catalog
from errcat.loader import load_with_problems
from errcat.render.handling import Step, retry_fact, steps, what_to_do
from errcat.render.prose import plain_line
from errcat.snippets import client_snippets, dart, python, typescript
from tests.catalogs import MINIMAL_API, write_catalog
from tests.htmltext import article_text

LABELS = ["TypeScript", "Python", "Dart", "curl"]
MAX_SNIPPET_LINES = 15
MAX_SNIPPET_WIDTH = 90


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def answer_items(page: str) -> list[str]:
    """The "What to do" box's list items, as text."""
    box = re.search(r'<div class="admonition tip errcat-answer">(.*?)</div>', page, re.S)
    assert box, "no What to do box"
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", box.group(1), re.S)]


def snippets_on(page: str) -> list[str]:
    """The text of each code block in the page's "Client code" section."""
    start = page.index('id="client-code"')
    end = page.find("<h2", start)
    section = page[start : end if end > 0 else len(page)]
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in re.findall(r"<pre[^>]*>(.*?)</pre>", section, re.S)]


def hrefs_in(page: str, css_class: str) -> list[str]:
    block = re.search(rf'<p class="{css_class}">(.*?)</p>', page, re.S)
    return re.findall(r'href="([^"]+)"', block.group(1)) if block else []


def active_entries(page: str) -> list[str]:
    """The sidebar entries the theme marks active, by their text."""
    return [_text(entry) for entry in re.findall(r'<li class="md-nav__item md-nav__item--active[^"]*">(.*?)</(?:a|label)>', page, re.S)]


def code_pages(site: Path, catalog: Catalog):
    for api in catalog.apis.values():
        for code in api.codes.values():
            yield api, code, (site / api.slug / code.code / "index.html").read_text(encoding="utf-8")


# The real site --------------------------------------------------------------------------------


def test_every_code_page_puts_title_meaning_and_action_before_the_details(site: Path, catalog: Catalog) -> None:
    for api, code, page in code_pages(site, catalog):
        text = article_text(site / api.slug / code.code / "index.html")
        where = f"{api.slug} {code.code}"
        items = answer_items(page)
        assert items, where
        title_at = text.index(plain_line(code.title))
        meaning_at = text.index(plain_line(code.meaning)[:40], title_at)
        action_at = text.index(items[0], meaning_at)
        details = [text.find(h) for h in ("Client code", "Parameters", "Message", "Example response", "Causes")]
        assert action_at < min(d for d in details if d >= 0), where
        assert text.index("What to do") < text.index(f"HTTP {code.http_status}"), where  # the facts follow the answer


def test_the_advice_is_stated_once_and_the_old_tables_are_gone(site: Path, catalog: Catalog) -> None:
    for api, code, page in code_pages(site, catalog):
        text = article_text(site / api.slug / code.code / "index.html")
        for item in answer_items(page):
            assert text.count(item) == 1, (api.slug, code.code, item)
        assert "Property Value" not in text and "Question Answer" not in text and "Raised by" not in text, code.code
        assert "Conditional" not in text, code.code  # the retry fact comes from the plan, like the snippets


def test_every_code_pages_snippets_fit_the_column(site: Path, catalog: Catalog) -> None:
    for api, code, page in code_pages(site, catalog):
        blocks = snippets_on(page)
        assert len(blocks) == len(LABELS), (api.slug, code.code)
        for block in blocks:
            lines = block.rstrip("\n").splitlines()
            assert len(lines) <= MAX_SNIPPET_LINES, (api.slug, code.code, block)
            assert max(map(len, lines)) <= MAX_SNIPPET_WIDTH, (api.slug, code.code, block)


def test_every_code_page_has_four_linked_tabs_and_a_client_page_to_go_with_them(site: Path, catalog: Catalog) -> None:
    tab_labels = re.compile(r'<div class="tabbed-labels">(.*?)</div>')
    for api, code, page in code_pages(site, catalog):
        labels = re.findall(r"<label[^>]*>([^<]*)</label>", tab_labels.search(page).group(1))
        assert labels == LABELS, (api.slug, code.code)
        assert '<a href="../client/">client helper</a>' in page, code.code
    for api in catalog.apis.values():
        client = article_text(site / api.slug / "client" / "index.html")
        assert "export async function callApi" in client and "def call_api(client: httpx.Client" in client


def test_breadcrumb_and_pager_walk_each_group_in_order(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        groups: dict[str | None, list[str]] = {}
        for code in api.codes.values():
            groups.setdefault(code.group, []).append(code.code)
        for group, members in groups.items():
            walked, here = [members[0]], site / api.slug / members[0] / "index.html"
            while True:
                page = here.read_text(encoding="utf-8")
                crumbs = hrefs_in(page, "errcat-breadcrumb")
                assert crumbs[0] == "../", here  # the API's overview
                if group is not None:
                    assert crumbs[-1] == f"../groups/#g-{group}", here
                    assert f'id="g-{group}"' in (site / api.slug / "groups" / "index.html").read_text(encoding="utf-8")
                following = [h for h, word in zip(hrefs_in(page, "errcat-pager"), re.findall(r"(Previous|Next):", page)) if word == "Next"]
                if not following:
                    break
                here = (here.parent / following[0] / "index.html").resolve()
                assert here.is_file(), here
                walked.append(here.parent.name)
            assert walked == members, (api.slug, group)


def test_a_code_page_highlights_its_apis_section_in_the_navigation(site: Path) -> None:
    page = (site / "admin" / "2103" / "index.html").read_text(encoding="utf-8")
    assert active_entries(page) == ["Admin platform", "Codes"]
    assert active_entries((site / "assistant" / "AGENT_SSE_CONNECTION_LIMIT" / "index.html").read_text(encoding="utf-8")) == ["Assistant API", "Codes"]
    assert active_entries((site / "index.html").read_text(encoding="utf-8")) == ["Home"]  # marked for code pages only, then undone


def test_causes_follow_the_answer_once(site: Path) -> None:
    text = article_text(site / "users" / "99" / "index.html")
    assert text.count("Blocked account") == 1 and "Display customer support contact information." in text
    users_77 = article_text(site / "users" / "77" / "index.html")
    assert "Implement retry logic with exponential backoff." in users_77  # the catalog's own advice is the answer


def test_only_the_catalogs_own_advice_is_searched(site: Path) -> None:
    """Snippets and the derived, repeated advice stay out of the search index; catalog advice and causes are in it."""
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "on(&quot;2103&quot;" not in texts and "def handle" not in texts and "def call_api" not in texts
    assert "Get a new access token" not in texts and "Never tokens or passwords" not in texts
    assert "Implement retry logic with exponential backoff." in texts
    locations = {doc["location"] for doc in index["docs"]}
    assert "users/99/#blocked-account" in locations and "admin/2103/" in locations


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


def answer(demo, code: str) -> str:
    return what_to_do(demo, demo.codes[code], None)


def test_codes_without_advice_get_steps_from_their_plan(demo) -> None:
    assert "Clear the session" in answer(demo, "2001") and "do not retry" in answer(demo, "2001")
    assert "Get a new access token with the refresh token, then send the request once more with it." in answer(demo, "2002")
    assert retry_fact(demo, demo.codes["2002"]) == "once, with a new token"
    assert "else 0.5 s, then 1 s; 3 attempts in all" in answer(demo, "2003")
    assert "next to their inputs" in answer(demo, "2004")
    for code in demo.codes:
        assert "What to do" in answer(demo, code)


def test_retryable_and_status_change_the_advice(demo) -> None:
    slow = answer(demo, "2005")  # conditional and 429: transient, so retried, as Retry-After asks
    assert "`Retry-After`" in slow and retry_fact(demo, demo.codes["2005"]) == "up to 3 attempts"
    assert retry_fact(demo, demo.codes["2006"]) == "no" and "do not resend the request unchanged" in answer(demo, "2006")
    odd = answer(demo, "2007")  # conditional, not transient, no retryable flag in the body
    assert "may try again once the situation changes" in odd and "Retry-After" not in odd
    assert retry_fact(demo, demo.codes["2007"]) == "no"
    module = answer(demo, "2008")
    assert "<ol><li>Ask the module team.</li></ol>" in module and "data-search-exclude" not in module  # the catalog's own, searched


def test_the_retryable_flag_of_the_body_is_named(catalog: Catalog) -> None:
    scanner = catalog.apis["scanner"]
    code = scanner.codes["internal_error"]
    assert "While <code>error.retryable</code> in the response is true" in what_to_do(scanner, code, None)
    assert retry_fact(scanner, code) == "while <code>error.retryable</code> is true, up to 3 attempts"


def test_max_attempts_sets_the_attempts_the_advice_names(demo) -> None:
    assert "else 0.5 s, then 1 s, then 2 s; 4 attempts in all" in answer(demo, "2009")
    once = answer(demo, "2010")  # a show_message code that is retryable: retried, as often as it says
    assert "else 0.5 s; 2 attempts in all" in once and "3 attempts" not in once


def test_reload_and_retry_reloads_then_sends_the_change_once_more(demo) -> None:
    conflict = answer(demo, "2011")
    assert "Reload the resource, make the change again on its current version and send that once" in conflict
    assert "backoff" not in conflict and retry_fact(demo, demo.codes["2011"]) == "once, on the reloaded resource"


def test_users_500_retries_once_as_its_advice_says(site: Path) -> None:
    text = article_text(site / "users" / "500" / "index.html")
    assert "Retry the request once." in text and "Retry: up to 2 attempts" in text and "3 attempts" not in text


# Steps and snippets say the same thing -----------------------------------------------------------

LANGUAGES = {typescript: "TypeScript", python: "Python", dart: "Dart"}


def _calls(language, step: Step) -> list[str]:
    """How a language's branch spells what ``step`` does: app functions and the helper's retry_delay."""
    names = language.DIALECT.helper_names
    return [names[d] if d in names else ("ApiError" if d == "ApiError" else language.DIALECT.name(d)) + ("" if d == "ApiError" else "(") for d in step.does]


def _agree(api, code) -> None:
    derived = steps(api, code)
    branches = {s.label: s.text for s in client_snippets(api, code)}
    for language, label in LANGUAGES.items():
        branch = branches[label]
        for step in derived:
            for call in _calls(language, step):
                assert call in branch, (api.slug, code.code, label, step.text, branch)
        said = {d for step in derived for d in step.does}
        provided = re.search(r"Your app provides (.*)\.", branch)
        for name in re.findall(r"(\w+)\(\)", provided.group(1)) if provided else []:
            assert any(language.DIALECT.name(d) == name for d in said), (api.slug, code.code, label, name)  # no unsaid call
        assert ("Retry-After" in " ".join(s.text for s in derived)) == (language.DIALECT.helper_names["retry_delay"] + "(" in branch)


def test_every_step_is_in_every_languages_branch(catalog: Catalog, demo) -> None:
    """Each step's action appears in the TypeScript, Python and Dart branch, and the branch does nothing no step says."""
    checked = 0
    for api in [*catalog.apis.values(), demo]:
        for code in api.codes.values():
            _agree(api, code)
            checked += 1
    assert checked == catalog.code_count() + len(demo.codes)


def test_the_agreement_check_can_fail(catalog: Catalog) -> None:
    """A step the branch does not implement is caught: AGENT_SSE_CONNECTION_LIMIT's steps against a non-retried code's branch."""
    assistant = catalog.apis["assistant"]
    retried = steps(assistant, assistant.codes["AGENT_SSE_CONNECTION_LIMIT"])
    other = next(c for c in assistant.codes.values() if c.http_status == 400 and not c.advice)
    branch = client_snippets(assistant, other)[0].text
    assert "retryDelay(" not in branch and any("retry_delay" in s.does for s in retried)


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
