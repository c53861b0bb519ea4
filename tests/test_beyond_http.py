"""Catalogs that are not JSON over HTTP: a compiler's error index, SQLSTATE-like classes, RPC status codes.

Each fixture catalog under tests/fixtures/catalogs/ is built with ``mkdocs build --strict`` once per
session, and the tests read the HTML a reader gets.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from errcat import load_catalog
from errcat.loader import load_with_problems
from errcat.render import api_pages
from tests.catalogs import MINIMAL_API, write_catalog
from tests.conftest import ROOT, build, make_project
from tests.htmltext import article_text

FIXTURES = ROOT / "tests" / "fixtures" / "catalogs"
# Words that speak of failing or retrying: a success or warning code's page has none of them.
FAILURE_WORDS = re.compile(r"\b(fail\w*|retr(y|ies|ied|ying|yable))\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three fixture catalogs, each built as a site with --strict."""
    out = {}
    for kind in ("compiler", "sqlstate", "rpc"):
        root = tmp_path_factory.mktemp(kind)
        result = build(make_project(root / "project", FIXTURES / kind), root / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        out[kind] = root / "site"
    return out


def _pages(site: Path, api: str) -> list[Path]:
    return sorted((site / api).rglob("*.html"))


def _meta_description(page: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert match, "no meta description"
    return html.unescape(match.group(1))


def _heading(page: str, anchor: str) -> tuple[str, str]:
    """(tag, text) of the heading with id ``anchor``; it carries a permalink, as every heading of the page does."""
    found = re.findall(rf'<(h[1-6]) id="{re.escape(anchor)}">(.*?)<a class="headerlink" href="#{re.escape(anchor)}"', page, re.S)
    assert len(found) == 1, (anchor, found)
    tag, inner = found[0]
    return tag, html.unescape(re.sub(r"<[^>]+>", "", inner))


def _toc(page: str) -> list[tuple[str, str]]:
    """(href, text) of every entry of the page's table of contents (Material's secondary nav)."""
    nav = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>\s*</div>', page, re.S)
    assert nav, "no table of contents"
    entries = re.findall(r'<a href="(#[^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>', nav.group(0), re.S)
    return [(href, html.unescape(re.sub(r"<[^>]+>", "", text)).strip()) for href, text in entries]


# Compiler error index: explanations --------------------------------------------------------


def test_an_explanation_code_block_keeps_its_indentation_and_blank_lines(sites: dict[str, Path]) -> None:
    page = (sites["compiler"] / "rustc" / "E0038" / "index.html").read_text()
    blocks = re.findall(r'<pre><code class="language-rust">(.*?)</code></pre>', page, re.S)
    assert html.unescape(blocks[0]) == "trait Trait {\n    fn new() -> Self;\n\n    fn name(&self) -> String;\n}\n\nfn show(t: &dyn Trait) {}\n"
    assert '<span class="errcat-flag">compile_fail</span><span class="errcat-flag">E0038</span>' in page
    assert "fn main" not in page  # rustdoc's hidden lines, in the flagged fence and the bare one
    assert _heading(page, "explanation--erroneous-example") == ("h2", "Erroneous example")  # #### placed under the page's h1
    assert _heading(page, "explanation--fix") == ("h2", "Fix")
    assert '<a href="https://doc.rust-lang.org/reference/types/trait-object.html">Trait Objects</a>' in page
    assert '<a href="https://doc.rust-lang.org/reference/items/traits.html#dyn-compatibility">dyn compatibility</a>' in page


def test_no_page_shows_markdown_syntax_and_the_meta_description_stays_short(sites: dict[str, Path]) -> None:
    catalog = load_catalog(FIXTURES / "compiler")
    for path in _pages(sites["compiler"], "rustc"):
        page = path.read_text()
        assert "```" not in page and "####" not in page, path
    for code in catalog.apis["rustc"].codes.values():
        page = (sites["compiler"] / "rustc" / code.code / "index.html").read_text()
        assert _meta_description(page) == code.meaning and len(code.meaning) < 160
        assert re.search(r"<title>([^<]*)</title>", page).group(1).startswith(f"{code.code} {code.title}")
        assert re.search(r'<h1 id="([^"]*)"', page).group(1).startswith(code.code.lower())


def test_explanation_headings_are_entries_of_the_table_of_contents(sites: dict[str, Path]) -> None:
    page = (sites["compiler"] / "rustc" / "E0038" / "index.html").read_text()
    toc = _toc(page)
    assert ("#explanation--erroneous-example", "Erroneous example") in toc and ("#explanation--fix", "Fix") in toc
    ids = re.findall(r' id="([^"]+)"', page)
    for href, _text in toc:
        assert ids.count(href[1:]) == 1, href  # every entry links to one heading of the page
    # Two headings with one text get two ids; catalog text in a heading stays text (no tag, no template).
    page = (sites["compiler"] / "rustc" / "E0277" / "index.html").read_text()
    fixes = [entry for entry in _toc(page) if entry[1].startswith("Fix")]
    assert fixes == [("#explanation--fix-impl-foo-for-i32-7-7", "Fix: impl Foo for <i32> & {{ 7*7 }}"),
                     ("#explanation--fix-impl-foo-for-i32-7-7-2", "Fix: impl Foo for <i32> & {{ 7*7 }}")]
    assert _heading(page, "explanation--fix-impl-foo-for-i32-7-7") == ("h2", "Fix: impl Foo for <i32> & {{ 7*7 }}")
    assert "<i32>" not in page and "<code>impl Foo</code>" in page
    # The API overview's and a class's explanation headings are in their pages' contents too.
    assert ("#explanation--reading-an-example", "Reading an example") in _toc((sites["compiler"] / "rustc" / "index.html").read_text())
    assert ("#g-data_exception--numbering", "Numbering") in _toc((sites["sqlstate"] / "sqlstate" / "groups" / "index.html").read_text())


def test_explanation_heading_ids_are_unique_even_when_a_text_repeats() -> None:
    from errcat.render.explanation import to_html

    ids = re.findall(r"\{#([^}]+)\}", to_html("# a\n\n# a\n\n# a 2\n\n# a\n\n# `<b>`\n", scope="g-x"))
    assert ids == ["g-x--a", "g-x--a-2", "g-x--a-2-2", "g-x--a-3", "g-x--b"]


def test_explanation_html_and_script_links_stay_text(sites: dict[str, Path]) -> None:
    page = (sites["compiler"] / "rustc" / "E0277" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page and "[a trap](javascript:alert(1))" in html.unescape(page)
    assert "{{ 7*7 }}" in html.unescape(page) and "49" not in article_text(sites["compiler"] / "rustc" / "E0277" / "index.html")


def test_api_explanation_headings_sit_under_the_overview_title(sites: dict[str, Path]) -> None:
    page = (sites["compiler"] / "rustc" / "index.html").read_text()
    assert _heading(page, "explanation--reading-an-example") == ("h2", "Reading an example")


def test_lifecycle_states_without_a_version_invent_none(sites: dict[str, Path]) -> None:
    retired = article_text(sites["compiler"] / "rustc" / "E0001" / "index.html")
    assert "No longer emitted" in retired and "unknown" not in retired.lower()
    assert "Internal" in article_text(sites["compiler"] / "rustc" / "E0700" / "index.html")
    changelog = article_text(sites["compiler"] / "rustc" / "changelog" / "index.html")
    assert "No longer emitted" in changelog and "Internal codes" in changelog
    assert "unknown" not in changelog.lower() and "Removed in" not in changelog


# SQLSTATE-like classes -----------------------------------------------------------------------


def test_a_class_page_lists_codes_in_natural_order(sites: dict[str, Path]) -> None:
    for page in ("codes", "groups"):
        text = article_text(sites["sqlstate"] / "sqlstate" / page / "index.html")
        assert text.index("09000") < text.index("0A000") < text.index("0B000") < text.index("22000") < text.index("HV000"), page


def test_a_class_counts_its_capacity_in_the_api_alphabet_and_shows_its_explanation(sites: dict[str, Path]) -> None:
    page = sites["sqlstate"] / "sqlstate" / "groups" / "index.html"
    assert _heading(page.read_text(), "g-data_exception--numbering") == ("h3", "Numbering")  # the explanation's heading, under the group's h2
    numbering = article_text(sites["sqlstate"] / "maintainers" / "sqlstate" / "index.html")  # capacity is maintainers' business
    assert "Data exception class 22 11 / 46656 2200A" in numbering  # 36**3 codes; 22000-22009 and 2200B taken


def test_next_returns_a_free_code_of_the_class_alphabet() -> None:
    catalog_dir = FIXTURES / "sqlstate"
    result = subprocess.run(
        [sys.executable, "-m", "errcat", "--catalog", str(catalog_dir), "next", "sqlstate", "data_exception"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip()
    api = load_catalog(catalog_dir).apis["sqlstate"]
    # 22000-22009 are taken: the class continues with letters, and skips 2200B, which is taken too.
    assert code == "2200A" and code not in api.codes and re.fullmatch(api.convention.code_pattern, code)


def _sqlstate_copy(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "sqlstate", root)
    codes = root / "sqlstate" / "codes.yaml"
    text = codes.read_text()
    assert old in text
    codes.write_text(text.replace(old, new))
    return root


def test_a_code_filed_in_the_wrong_class_is_an_error_naming_file_line_and_code(tmp_path: Path) -> None:
    root = _sqlstate_copy(tmp_path, '  "23505":', '  "22ZZZ": {title: Misfiled, meaning: Filed under 23., group: integrity_constraint_violation}\n  "23505":')
    result = subprocess.run([sys.executable, "-m", "errcat", "--catalog", str(root), "check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    line = next(i for i, text in enumerate((root / "sqlstate" / "codes.yaml").read_text().splitlines(), 1) if "22ZZZ" in text)
    assert (
        f"sqlstate/codes.yaml:{line}: error [22ZZZ]: code is filed in group 'integrity_constraint_violation' (class 23) "
        "but does not start with '23'"
    ) in result.stderr


def test_a_constant_is_unique_within_its_declared_scope(tmp_path: Path) -> None:
    # string_data_right_truncation is 01004 (a warning) and 22001 (an error): two classes, allowed with constant_scope: group.
    api = load_catalog(FIXTURES / "sqlstate").apis["sqlstate"]
    assert api.codes["01004"].constants == ("string_data_right_truncation", "WARNING_STRING_DATA_RIGHT_TRUNCATION")
    root = _sqlstate_copy(tmp_path, "group: data_exception}\n  \"22003\"", "group: data_exception, constant: data_exception}\n  \"22003\"")
    _, problems = load_with_problems(root)
    assert [p.message for p in problems if p.code == "22002"] == [
        "constant data_exception is already used by '22000' in group 'data_exception' (constant_scope: group)"
    ]


def test_success_and_warning_codes_say_nothing_of_failure(sites: dict[str, Path]) -> None:
    api = load_catalog(FIXTURES / "sqlstate").apis["sqlstate"]
    quiet = [c for c in api.codes.values() if not c.is_error]
    assert {c.severity for c in quiet} == {"success", "warning"}
    for code in quiet:
        text = article_text(sites["sqlstate"] / "sqlstate" / code.code / "index.html")
        assert not FAILURE_WORDS.search(text), (code.code, FAILURE_WORDS.search(text))
        assert "the result is simply not there" not in text
    warning = article_text(sites["sqlstate"] / "sqlstate" / "01004" / "index.html")
    assert "the operation succeeded; keep the warning for the log" in warning


def _severity_banner(page: Path) -> tuple[str, str] | None:
    """(admonition kind, title) of a code page's severity banner, or None when it has none."""
    found = re.findall(r'<div class="admonition (success|info|warning)">\s*<p class="admonition-title">(Success|Information|Warning)</p>', page.read_text())
    assert len(found) <= 1, found
    return found[0] if found else None


def test_a_non_error_code_page_has_a_severity_banner_near_the_top(sites: dict[str, Path]) -> None:
    expected = {("sqlstate", "sqlstate", "00000"): ("success", "Success"), ("sqlstate", "sqlstate", "01004"): ("warning", "Warning"),
                ("rpc", "grpc", "0"): ("success", "Success"), ("sqlstate", "sqlstate", "22001"): None, ("rpc", "grpc", "4"): None}
    for (site, api, code), banner in expected.items():
        page = sites[site] / api / code / "index.html"
        assert _severity_banner(page) == banner, (api, code)
    success = (sites["rpc"] / "grpc" / "0" / "index.html").read_text()
    # Near the top: right under the meaning, before the facts line.
    assert success.index("The call completed.") < success.index('class="admonition success"') < success.index('class="errcat-facts"')
    assert "This code reports an operation that worked; nothing to handle." in article_text(sites["rpc"] / "grpc" / "0" / "index.html")


# RPC status codes ----------------------------------------------------------------------------


def test_rpc_pages_say_nothing_of_http_or_fetch(sites: dict[str, Path]) -> None:
    pages = _pages(sites["rpc"], "grpc")
    api_page_count = 1 + len(api_pages.pages_of(load_catalog(FIXTURES / "rpc").apis["grpc"]))  # the overview and the rest
    assert sites["rpc"] / "grpc" / "0" / "index.html" in pages and len(pages) >= 17 + api_page_count
    for path in pages:
        page = path.read_text()
        assert "HTTP" not in page and "fetch" not in page, path
        assert "Client code" not in page and "Example response" not in page, path


def test_rpc_code_in_a_trailer_and_unspecified_retry(sites: dict[str, Path]) -> None:
    text = article_text(sites["rpc"] / "grpc" / "4" / "index.html")
    assert "Recognise the code: the grpc-status trailer is 4" in text
    assert "Retry: not specified: the API makes no claim" in text and "Conditional" not in text
    ok = article_text(sites["rpc"] / "grpc" / "0" / "index.html")
    assert "Severity success" in ok and not FAILURE_WORDS.search(ok)


def test_a_status_outside_the_registry_is_a_warning_when_declared(tmp_path: Path) -> None:
    api = MINIMAL_API.replace("behaviours:", "  statuses:\n    - {status: 499, meaning: Client closed the request.}\nbehaviours:")
    codes = 'codes:\n  "2001": {title: Cancelled, meaning: The client cancelled., http_status: 499, group: auth}\n  "2002": {title: Odd, meaning: Odd., http_status: 599, group: auth}\n'
    _, problems = load_with_problems(write_catalog(tmp_path, codes, api))
    found = {(p.severity, p.code, p.message) for p in problems}
    assert found == {
        ("warning", None, "499 is not in the IANA HTTP status registry; accepted because the API declares it"),
        ("error", "2002", "599 is not a registered HTTP status (declare it in convention.statuses to use it)"),
    }


def test_http_settings_on_another_transport_are_errors(tmp_path: Path) -> None:
    api = MINIMAL_API.replace("title: Demo API", "title: Demo API\ntransport: rpc\nsnippet_languages: [python]")
    _, problems = load_with_problems(write_catalog(tmp_path, 'codes:\n  "2001": {title: A, meaning: B., http_status: 400, group: auth}\n', api))
    messages = sorted(p.message for p in problems)
    assert messages == [
        "http_status: this API's transport is rpc, which has no HTTP status",
        "snippet_languages: errcat's snippets are HTTP clients that read the code from a JSON body, and its transport is rpc; list none",
    ]


# The shipped APIs ----------------------------------------------------------------------------


@pytest.mark.parametrize("api, code", [("admin", "0000"), ("users", "200")])
def test_shipped_success_codes_say_nothing_of_failure(site: Path, api: str, code: str) -> None:
    text = article_text(site / api / code / "index.html")
    assert "Severity success" in text
    assert _severity_banner(site / api / code / "index.html") == ("success", "Success")
    assert not FAILURE_WORDS.search(text), FAILURE_WORDS.search(text)


def test_a_code_in_a_trailer_of_a_binary_http_body_gets_no_json_snippets_or_example(tmp_path: Path) -> None:
    api = MINIMAL_API.replace("content_type: application/json", "content_type: application/grpc").replace(
        "code_path: error.code", 'code_path: "trailer:grpc-status"'
    )
    catalog, problems = load_with_problems(write_catalog(tmp_path / "a", api=api))
    assert problems == [] and catalog.apis["demo"].snippet_languages == ()
    assert catalog.apis["demo"].convention.code_carrier == ("trailer", "grpc-status")
    _, problems = load_with_problems(write_catalog(tmp_path / "b", api=api.replace("title: Demo API", "title: Demo API\nsnippet_languages: [curl]")))
    assert [p.message for p in problems] == [
        "snippet_languages: errcat's snippets are HTTP clients that read the code from a JSON body, and the code travels in a trailer; list none"
    ]


@pytest.mark.parametrize(
    "markdown, refused",
    [
        ("[x](javascript:alert(1))", 'href="javascript:'),
        ("[x](JAVASCRIPT:alert(1))", "href="),
        ("[x](data:text/html,hi)", "href="),
        ("[x](//evil.example/)", "href="),
        ("<img src=x onerror=alert(1)>", "<img"),
    ],
)
def test_explanations_refuse_unsafe_links_and_html(markdown: str, refused: str) -> None:
    from errcat.render.explanation import to_html

    rendered = to_html(markdown)
    assert refused not in rendered
    assert rendered.startswith('<div class="errcat-explanation">\n') and rendered.endswith("</div>")
    heading = to_html(f"# {markdown}\n\ntext")  # in a heading, which is the page's Markdown, not a raw block
    assert heading.startswith("## ") and refused not in heading


def test_exports_of_the_fixture_catalogs_compile_and_import(tmp_path: Path) -> None:
    """codes.ts under tsc --strict (httpStatus null, retryable "unspecified") and codes.py as a module."""
    import importlib.util

    from errcat.exports import openapi, python_module, typescript
    from errcat.render.code_page import SiteContext
    from tests.outside_tools import typescript_compiler
    from tests.snippet_harness import NODE

    files = []
    for kind in ("compiler", "sqlstate", "rpc"):
        for api in load_catalog(FIXTURES / kind).apis.values():
            ts = tmp_path / f"{api.slug}.ts"
            ts.write_text(typescript.module(api, SiteContext()), encoding="utf-8")
            files.append(str(ts))
            py = tmp_path / f"{api.slug}_codes.py"
            py.write_text(python_module.module(api, SiteContext()), encoding="utf-8")
            spec = importlib.util.spec_from_file_location(f"{api.slug}_codes", py)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            assert list(openapi.files(api, SiteContext())) == []  # no HTTP operations or statuses to describe
            first = next(iter(api.codes.values()))
            assert module.CODE_INFO[module.Code(first.code if api.convention.code_type == "string" else int(first.code))].http_status is None
    options = ["--strict", "--noEmit", "--target", "es2022", "--module", "esnext"]
    result = subprocess.run([str(NODE), str(typescript_compiler()), *options, *files], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
