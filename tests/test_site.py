"""The real site, built with ``mkdocs build --strict``: one page per code, working links (hostile text: tests/hostile)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bench import synthetic
from errcat import Catalog, load_catalog, site as site_plan, urls
from errcat.render import api_pages
from errcat.render.code_page import SiteContext
from errcat.envelope import status_title
from tests.catalogs import ONE_CODE, write_catalog
from tests.conftest import build, make_project
from tests.htmltext import article, article_text


def code_pages(site: Path, api: str) -> set[str]:
    reserved = set(urls.API_PAGES)
    return {p.parent.name for p in (site / api).glob("*/index.html") if p.parent.name not in reserved}


def test_every_code_has_exactly_one_page_with_code_title_and_status(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        assert code_pages(site, api.slug) == set(api.codes), api.slug  # nothing missing, nothing extra
        for code in api.codes.values():
            text = article_text(site / api.slug / code.code / "index.html")
            assert code.code in text and code.title in text, code.code
            assert f"{code.http_status} {status_title(code.http_status)}" in text, code.code


def test_index_and_group_links_all_resolve(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        for page in {"codes", "groups", "behaviours"} & set(api_pages.pages_of(api)):
            path = site / api.slug / page / "index.html"
            links = [link for link in article(path).links if not link.startswith(("#", "http"))]
            assert links, path
            for link in links:
                target = (path.parent / unquote(urlsplit(link).path)).resolve()
                assert (target / "index.html").is_file() or target.is_file(), f"{path}: {link}"
        index_links = {urlsplit(l).path for l in article(site / api.slug / "codes" / "index.html").links}
        assert {f"../{c}/" for c in api.codes} <= index_links


def test_seed_facts_survive_into_the_pages(site: Path) -> None:
    success = article_text(site / "admin" / "0000" / "index.html")
    assert "0000 Request succeeded" in success and '"code": "0000"' in success and "200 OK" in success
    params = article_text(site / "users" / "88" / "index.html")
    assert '"code": 88' in params and "400 Bad Request" in params and "Missing required parameter" in params
    problem = article_text(site / "assistant" / "TODO_TITLE_REQUIRED" / "index.html")
    assert "application/problem+json" in problem and '"params": { "field": "title" }' in problem
    groups = article_text(site / "admin" / "groups" / "index.html")
    assert re.search(r"Authentication 2100–2199 Token and session problems.*? 7 Authorization", groups)
    assert re.search(r"Authentication 2100–2199 7 / 100 2107", article_text(site / "maintainers" / "admin" / "index.html"))


def test_an_api_without_groups_gets_no_empty_groups_page(site: Path, catalog: Catalog) -> None:
    assert not catalog.apis["scanner"].groups
    assert not (site / "scanner" / "groups").exists()
    assert "groups/" not in article(site / "scanner" / "index.html").links


def test_code_pages_stay_out_of_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "2100/" not in home and "TODO_NOT_FOUND/" not in home
    code_page = (site / "admin" / "2100" / "index.html").read_text(encoding="utf-8")
    # No page links every other code: a code page links only its neighbours in its group (2101 here).
    assert re.findall(r'href="\.\./(2\d{3})/"', code_page) == ["2101"]


def test_home_page_lists_every_api(site: Path, catalog: Catalog) -> None:
    text = article_text(site / "index.html")
    links = article(site / "index.html").links
    for api in catalog.apis.values():
        assert api.title in text and f"{api.slug}/" in links


def test_sidebar_and_link_line_list_an_apis_pages_in_one_order(site: Path, catalog: Catalog) -> None:
    """An API's sidebar section and the link line atop its pages name its pages in urls.API_PAGES order
    (an API without groups has no groups page, one that declares no operations no operations page)."""
    for api in catalog.apis.values():
        expected = ["./", *(f"{name}/" for name in urls.API_PAGES if (name != "operations" or api.operations) and (name != "groups" or api.groups))]
        page = article(site / api.slug / "index.html")
        sidebar = [a["href"] for tag, a in page.tags if tag == "a" and "md-nav__link" in (a.get("class") or "") and a.get("href") in expected]
        link_line = [href for href in page.links if not href.startswith("#")][: len(expected)]
        assert sidebar == expected, (api.slug, sidebar)
        assert link_line == expected, (api.slug, link_line)


def test_generated_pages_are_latin_1_when_the_catalog_text_is(tmp_path: Path) -> None:
    """errcat's own typography is written as entities (render/md.py): CPython stores a page's str at
    the width of its widest character, so one “ doubled the memory every page took through a build.

    The synthetic benchmark catalog has all of errcat's features and Latin-1 text only.
    """
    catalog = load_catalog(synthetic.write_catalog(tmp_path / "catalog", 300))
    wide = {
        page.path: sorted({ch for ch in page.content if ord(ch) > 0xFF})
        for page in site_plan.pages(catalog, SiteContext("https://example.org/errors/"))
    }
    assert len(wide) >= catalog.code_count() + sum(1 + len(api_pages.pages_of(api)) for api in catalog.apis.values())
    assert {path: chars for path, chars in wide.items() if chars} == {}


def test_an_api_named_like_a_hand_written_page_fails_the_build_naming_both(tmp_path: Path) -> None:
    """docs/performance.md and an API "performance" are two sources of one file, performance/index.html."""
    catalog = write_catalog(tmp_path / "src", ONE_CODE, slug="performance")
    project = make_project(tmp_path / "project", catalog)
    result = build(project, tmp_path / "site")
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "errcat: API 'performance' would replace docs/performance.md: both are built to performance/index.html "
        "(errcat's performance/index.md); rename the API folder or the hand-written file"
    ) in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_generated_page_may_not_take_a_site_files_destination_in_any_case() -> None:
    taken = site_plan.SiteFiles({"performance/index.html": "docs/performance.md", "catalog.json": "docs/catalog.json"})
    overview = site_plan.GeneratedPage("Performance/index.md", "", "Performance")
    assert taken.replaced_by(overview, "Performance/index.html") == (
        "errcat: API 'Performance' would replace docs/performance.md: both are built to Performance/index.html "
        "(errcat's Performance/index.md); rename the API folder or the hand-written file"
    )
    index = site_plan.GeneratedPage("catalog.json", "")
    assert (taken.replaced_by(index, "catalog.json") or "").startswith("errcat: errcat's site index would replace docs/catalog.json:")
    assert taken.replaced_by(overview, "performance/results.json") is None
