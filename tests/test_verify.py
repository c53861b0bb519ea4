"""Nothing lost: the check every build runs on its output (errcat.verify via hooks.on_post_build).

Unit tests feed ``verify_site`` small hand-made sites; real builds show mkdocs' own validation
(strict) and errcat's check each failing a build that lost a page or broke a link.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from errcat import Catalog, load_catalog, verify
from errcat.verify import report, verify_site
from tests.catalogs import write_catalog
from tests.conftest import build, make_project

PAGE = '<html><body><h1 id="top">T</h1>{links}</body></html>'


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for path, links in pages.items():
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(
            PAGE.format(links="".join(f'<a class="x" href="{href}">l</a>' for href in links.split())), encoding="utf-8"
        )
    return root


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(write_catalog(tmp_path_factory.mktemp("demo")))  # one API "demo" with one code "2001"


def complete(**extra: str) -> dict[str, str]:
    """The pages a build of ``demo`` makes, plus ``extra`` (path -> space-separated hrefs)."""
    pages = {"index.html": "demo/ demo/2001/", "demo/index.html": "", "demo/2001/index.html": "../ ../codes/#top"}
    pages.update({f"demo/{name}/index.html": "" for name in ("codes", "groups", "behaviours")})
    return {**pages, **extra}


def test_the_real_site_has_every_code_page_and_no_broken_link(site: Path, catalog: Catalog) -> None:
    assert verify_site(site, catalog) == []


def test_links_that_resolve(tmp_path: Path, demo: Catalog) -> None:
    hrefs = "#top # ./ ../ ../../ ../2001/ ../2001/index.html ../../demo/codes/#top /demo/ /demo/2001/#top /. https://x.org/a mailto:a@b.c //cdn.x.org/y ../../style.css?v=1"
    pages = complete(**{"demo/2001/index.html": hrefs, "style.css": ""})
    assert verify_site(write_site(tmp_path, pages), demo) == []


def test_missing_code_page_stray_page_and_broken_links_are_all_listed(tmp_path: Path, demo: Catalog) -> None:
    pages = complete(
        **{
            "demo/old/index.html": "",
            "demo/codes/index.html": "../2002/ ../groups/#nope ../../../etc/passwd javascript:alert(1) /other/",
        }
    )
    del pages["demo/2001/index.html"]
    assert verify_site(write_site(tmp_path, pages), demo) == [
        "demo/2001/: the code '2001' has no page in the built site",
        "demo/old/: a page that is neither a code of 'demo' nor one of its pages (codes, groups, behaviours, client, changelog, flow, operations)",
        "demo/codes/index.html: link '../2002/' points to no file of the site",
        "demo/codes/index.html: link '../groups/#nope' points to an anchor that demo/groups/index.html does not have",
        "demo/codes/index.html: link '../../../etc/passwd' points to no file of the site",
        "demo/codes/index.html: link 'javascript:alert(1)' uses the scheme 'javascript' (allowed: ftp, http, https, mailto, tel)",
        "demo/codes/index.html: link '/other/' points to no file of the site",
        "index.html: link 'demo/2001/' points to no file of the site",
    ]


def test_absolute_links_resolve_under_the_site_url_path(tmp_path: Path, demo: Catalog) -> None:
    site = write_site(tmp_path, complete(**{"demo/2001/index.html": "/docs/demo/codes/ /demo/codes/"}))
    assert verify_site(site, demo, "/docs/") == ["demo/2001/index.html: link '/demo/codes/' points to no file of the site"]


def test_renamed_codes_may_have_redirect_pages(tmp_path: Path) -> None:
    renamed = '  "2002":\n    title: T\n    meaning: M\n    http_status: 400\n    lifecycle: {renamed_from: ["2099"]}\n'
    catalog = load_catalog(write_catalog(tmp_path / "src", "codes:\n" + renamed))
    pages = complete(**{"demo/2002/index.html": "", "demo/2099/index.html": "../2002/"})
    del pages["demo/2001/index.html"], pages["index.html"]
    assert verify_site(write_site(tmp_path / "site", pages), catalog) == []


def test_report_lists_the_first_problems_and_counts_the_rest() -> None:
    text = report([f"p{i}" for i in range(60)], limit=2)
    assert text == "errcat: the built site has 60 problem(s):\np0\np1\n... and 58 more"


def test_a_broken_link_or_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    """mkdocs.yml's validation settings make mkdocs warn (strict: fail); errcat's own check lists them too."""
    project = make_project(tmp_path / "project", write_catalog(tmp_path / "src"))
    (project / "docs" / "format.md").write_text(
        "# Format\n\n[gone](nowhere.md) and [anchor](index.md#no-such-anchor)\n", encoding="utf-8"
    )
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    lines = output.splitlines()
    assert (
        "WARNING -  Doc file 'format.md' contains a link 'nowhere.md', but the target is not found among documentation files."
        in lines
    )
    assert (
        "WARNING -  Doc file 'format.md' contains a link 'index.md#no-such-anchor', but the doc 'index.md' does not contain an anchor '#no-such-anchor'."
        in lines
    )
    assert "format/index.html: link '../#no-such-anchor' points to an anchor that index.html does not have" in lines


def test_errcat_fails_the_build_on_a_lost_page_or_a_link_mkdocs_does_not_check(tmp_path: Path) -> None:
    """An exclude_docs pattern drops a generated code page (mkdocs only logs it), and raw HTML links are not validated."""
    project = make_project(tmp_path / "project", write_catalog(tmp_path / "src"))
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nexclude_docs: |\n  /demo/2001/\n")
    (project / "docs" / "format.md").write_text('# Format\n\n<a href="../nowhere/">raw</a>\n', encoding="utf-8")
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "ERROR   -  errcat: the built site has " in output
    for line in (
        "demo/2001/: the code '2001' has no page in the built site",
        "demo/codes/index.html: link '../2001/' points to no file of the site",
        "format/index.html: link '../nowhere/' points to no file of the site",
    ):
        assert line in output.splitlines(), output


_PIECES = ["../", "../", "a", "b/", "a/", "index.html", "#x", "#", "?q", ":", "/", " ", "\t", "%2E%2E/", ".", "./", "mailto:", "//h", "x:y/"]
_SITE = ["index.html", "a/index.html", "a/b/index.html", "b/index.html", "a/b/c/index.html", "a/x.html"]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(_SITE), min_size=1, unique=True),
    st.lists(st.lists(st.sampled_from(_PIECES), max_size=5).map("".join), min_size=1, max_size=5),
    st.sets(st.sampled_from(_SITE)),
    st.sampled_from(["/", "/docs/"]),
)
def test_links_resolved_once_per_folder_report_what_resolving_each_one_reports(
    pages_found: list[str], hrefs: list[str], with_anchor: set[str], base: str
) -> None:
    """verify resolves a link once for every page that reads it the same way (verify._resolved_from): what it
    reports is what resolving every link of every page one by one reports. Every page links to each href
    from its own folder and from each folder above it, so links that share a key meet."""
    files = set(pages_found) | {"a/style.css", "x:y/index.html"}
    pages = {
        path: verify._Page(frozenset({"x"} if path in with_anchor else ()), tuple("../" * up + href for href in hrefs for up in range(path.count("/") + 1)))
        for path in pages_found
    }
    one_by_one = [
        f"{path}: link {href!r} {reason}"
        for path, page in sorted(pages.items())
        for href in page.links
        if (reason := verify._link_problem(path, href, files, pages, base))
    ]
    assert verify._broken_links(files, pages, base) == one_by_one
