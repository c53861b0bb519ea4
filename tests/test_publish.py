"""Publishing: the site built for a public base URL and served from a sub-path, as a team deploys it.

One extra build (the real catalog plus a demo API with hostile text and a renamed code) with ``ERRCAT_SITE_URL`` set to a loopback
server that serves it under ``/errors/``: every link and asset resolves there, the sitemap lists every
page, code pages carry canonical and description tags, and unknown codes land on a helpful 404.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import yaml

from errcat import Catalog, load_catalog, publish, site as site_plan, urls
from errcat.render import md
from errcat.render.code_page import SiteContext, title_of
from errcat.render.prose import plain_line
from tests.browser import SCREENSHOTS
from tests.catalogs import ONE_CODE, write_catalog
from tests.conftest import ROOT, build, make_project
from tests.htmltext import article
from tests.notfound import explain, suggested
from tests.subpath import PREFIX, SubPathServer, crawl, fetch, references

RENAMED_FROM = "2000"  # demo/2001's old name: its URL keeps a redirect page
# Attribute-breaking text: quotes, markup, an entity, template syntax and a line break.
HOSTILE_MEANING = 'Says "hi" & \'bye\' <script>alert(1)</script> onmouseover="alert(2)" {{ 7*7 }}\nsecond line'


@dataclass(frozen=True)
class Published:
    url: str  # the public base URL the site was built for, e.g. http://127.0.0.1:PORT/errors/
    site: Path
    catalog: Catalog
    output: str  # what mkdocs printed


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    root = tmp_path_factory.mktemp("published")
    shutil.copytree(ROOT / "catalog", root / "src" / "catalog")
    hostile = ONE_CODE.replace("meaning: The token is bad.", f"meaning: {json.dumps(HOSTILE_MEANING)}")
    hostile += f'    lifecycle: {{renamed_from: ["{RENAMED_FROM}"]}}\n'
    project = make_project(root / "project", write_catalog(root / "src", hostile))
    server = SubPathServer(root / "site")
    try:
        result = build(project, root / "site", env={publish.SITE_URL_ENV: server.url})
        assert result.returncode == 0, result.stdout + result.stderr
        server.start()
        yield Published(server.url, root / "site", load_catalog(project / "catalog"), result.stdout + result.stderr)
    finally:
        server.stop()


def code_urls(catalog: Catalog, base: str) -> list[str]:
    return [base + urls.code_url(api.slug, code) for api in catalog.apis.values() for code in api.codes]


def head_tags(html_path: Path, tag: str, **match: str) -> list[dict[str, str | None]]:
    return [attrs for name, attrs in article(html_path).tags if name == tag and all(attrs.get(k) == v for k, v in match.items())]


# Serving from a sub-path ----------------------------------------------------------------------


def test_every_link_and_asset_resolves_when_served_from_a_sub_path(published: Published) -> None:
    start = [published.url, *code_urls(published.catalog, published.url), f"{published.url}demo/{RENAMED_FROM}/"]
    result = crawl(start, origin=published.url.removesuffix(PREFIX), limit=2000)
    assert result.complete, "crawl hit its limit"
    assert result.failures == {}
    pages = [u for u in result.statuses if u.endswith("/")]
    assert len(pages) >= published.catalog.code_count() + len(published.catalog.apis)
    assert any(u.endswith("/search/search_index.json") for u in result.statuses)  # what the search box loads
    assert any("/assets/stylesheets/" in u for u in result.statuses)
    assert all(u.startswith(published.url) for u in result.statuses)  # nothing escapes the prefix


@pytest.mark.showcase
def test_example_responses_link_with_the_public_base_url(published: Published) -> None:
    page = published.site / "assistant" / "NOT_FOUND" / "index.html"
    text = " ".join(article(page).text)
    assert f'"doc_url": "{published.url}assistant/NOT_FOUND/"' in text
    assert '"type": "https://errors.example.com/assistant/NOT_FOUND/"' in text  # the problem type does not follow the site URL


# Search engines and link previews -------------------------------------------------------------


def page_url(source: str) -> str:
    """The directory URL mkdocs gives a markdown source: ``a/index.md`` -> ``a/``, ``format.md`` -> ``format/``."""
    stem = source.removesuffix(".md").removesuffix("index")
    return stem if not stem or stem.endswith("/") else stem + "/"


def test_sitemap_lists_every_code_page_and_every_other_page(published: Published) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(published.site / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    codes = code_urls(published.catalog, published.url)
    plan = site_plan.pages(published.catalog, SiteContext(published.url))
    generated = [page.path for page in plan if page.path.endswith(".md")]  # redirects are HTML files, not pages
    written = [str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")]
    expected = {published.url + page_url(source) for source in generated + written}
    assert len(locs) == len(set(locs)) == len(expected)
    assert set(locs) == expected
    assert set(codes) <= set(locs) and len(codes) == published.catalog.code_count()
    assert f"{published.url}demo/{RENAMED_FROM}/" not in locs


def test_code_pages_have_a_canonical_url_and_their_meaning_as_description(published: Published) -> None:
    for api in published.catalog.apis.values():
        for code in api.codes.values():
            page = published.site / api.slug / code.code / "index.html"
            canonical = head_tags(page, "link", rel="canonical")
            assert [c["href"] for c in canonical] == [published.url + urls.code_url(api.slug, code.code)], page
            descriptions = head_tags(page, "meta", name="description")
            assert [d["content"] for d in descriptions] == [md.plain_line(code.meaning)], page
            # Link previews (chat apps read Open Graph first) show the same title, meaning and URL.
            assert open_graph(page) == {
                "og:type": "article",
                "og:site_name": "errcat",
                "og:title": title_of(api, code),
                "og:description": md.plain_line(code.meaning),
                "og:url": canonical[0]["href"],
            }, page


def open_graph(page: Path) -> dict[str, str | None]:
    tags = [attrs for name, attrs in article(page).tags if name == "meta" and str(attrs.get("property")).startswith("og:")]
    found = {attrs["property"]: attrs["content"] for attrs in tags}
    assert len(found) == len(tags), tags  # each property once
    return found


def test_a_renamed_codes_old_url_names_the_new_page_as_canonical(published: Published) -> None:
    page = published.site / "demo" / RENAMED_FROM / "index.html"
    assert [c["href"] for c in head_tags(page, "link", rel="canonical")] == [published.url + urls.code_url("demo", "2001")]


def test_hostile_meaning_stays_inside_the_description_attribute(published: Published) -> None:
    page = published.site / "demo" / "2001" / "index.html"
    (meta,) = head_tags(page, "meta", name="description")
    assert set(meta) == {"name", "content"} and meta["content"] == plain_line(HOSTILE_MEANING)  # one line, no Markdown
    (og,) = head_tags(page, "meta", property="og:description")
    assert set(og) == {"property", "content"} and og["content"] == plain_line(HOSTILE_MEANING)
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "49" not in meta["content"]


# Without a base URL ---------------------------------------------------------------------------


def test_a_build_without_base_url_names_every_output_that_lacks_absolute_links(site_build: tuple[Path, subprocess.CompletedProcess[str]], published: Published) -> None:
    site, result = site_build
    output = result.stdout + result.stderr
    assert output.count("no public base URL") == 1
    notice = output[output.index("no public base URL"):]
    for name, _ in publish.RELATIVE_WITHOUT_BASE_URL:
        assert f"- {name}:" in notice
    assert "no public base URL" not in published.output
    # ... and what it says is true of that build:
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert head_tags(site / "admin" / "2100" / "index.html", "link", rel="canonical") == []
    assert "og:url" not in open_graph(site / "admin" / "2100" / "index.html")
    assert '"doc_url": "/assistant/NOT_FOUND/"' in " ".join(article(site / "assistant" / "NOT_FOUND" / "index.html").text)
    assert 'data-base="/"' in (site / "404.html").read_text(encoding="utf-8")
    assert first_code_url(site / urls.CATALOG_INDEX) == "/admin/0000/"
    assert first_code_url(published.site / urls.CATALOG_INDEX) == published.url + "admin/0000/"


def first_code_url(catalog_json: Path) -> str:
    return json.loads(catalog_json.read_text(encoding="utf-8"))["apis"][0]["codes"][0]["url"]


def test_the_base_url_is_configured_once_and_read_from_the_environment() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.findall(r"^site_url:.*$", config, re.MULTILINE) == [f"site_url: !ENV {publish.SITE_URL_ENV}"]


def test_a_site_url_written_into_mkdocs_yml_fails_the_build(tmp_path: Path) -> None:
    """Exports and doc_url read $ERRCAT_SITE_URL: a second base URL in mkdocs.yml would split the link contract."""
    project = make_project(tmp_path / "project", write_catalog(tmp_path / "src"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"site_url: !ENV {publish.SITE_URL_ENV}", "site_url: https://docs.example.org/"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"site_url is 'https://docs.example.org/' but {publish.SITE_URL_ENV} is 'unset'" in result.stderr
    agreeing = build(project, tmp_path / "site", env={publish.SITE_URL_ENV: "https://docs.example.org"})
    assert agreeing.returncode == 0, agreeing.stderr  # the same URL, with or without its trailing slash


# The 404 page ----------------------------------------------------------------------------------


def test_an_unknown_code_lands_on_the_helpful_404_page_with_working_assets(published: Published) -> None:
    url = published.url + "admin/2108/"
    response = fetch(url)
    assert response.status == 404
    html = response.body.decode("utf-8")
    assert f'<div id="errcat-not-found" data-base="{PREFIX}">' in html
    assert "Page not found" in html and "not documented yet" in html  # says something useful before any script runs
    assert re.search(rf'<form action="{PREFIX}" method="get" role="search">', html) and 'name="q"' in html
    assert 'data-md-component="search-query"' in html  # Material's own search box in the header
    loaded = {ref: fetch(ref) for ref in references(url, html) if ref.startswith(published.url)}
    assert {ref: r.status for ref, r in loaded.items() if r.status != 200} == {}
    script = loaded[published.url + "assets/errcat/not-found.js"]
    assert script.body == (ROOT / "errcat" / "mkdocs" / "theme" / "assets" / "errcat" / "not-found.js").read_bytes()
    assert fetch(published.url + "?q=2108").status == 200  # where the search form goes: Material opens search with q


@pytest.mark.showcase
def test_the_404_page_suggests_known_codes_from_the_served_catalog_json(published: Published) -> None:
    served = fetch(published.url + urls.CATALOG_INDEX)  # where the script looks: data-base + catalog.json
    assert served.status == 200 and served.content_type == "application/json"
    catalog = json.loads(served.body)
    numeric, words, hostile = explain(
        published.site, catalog, PREFIX, f"{PREFIX}admin/2108/", f"{PREFIX}assistant/TODO_TITLE_REQUIRE/", f"{PREFIX}demo/%3Cb%3E/"
    )
    assert numeric["api"]["title"] == published.catalog.apis["admin"].title and not numeric["known"]
    assert len(numeric["suggestions"]) == 5 and all(s["code"].startswith("21") for s in numeric["suggestions"])
    assert suggested(words)[0] == "assistant/TODO_TITLE_REQUIRED"
    assert hostile["code"] == "<b>" and hostile["api"]["slug"] == "demo"
    listed = {f"{a['slug']}/{c['code']}": urlsplit(c["url"]).path for a in catalog["apis"] for c in a["codes"]}
    for view in (numeric, words):
        for s in view["suggestions"]:
            assert listed[f"{s['api']}/{s['code']}"] == s["url"]  # the same URL catalog.json gives
            assert fetch(published.url.removesuffix(PREFIX) + s["url"]).status == 200


# The GitHub Pages workflow ----------------------------------------------------------------------


def step_index(steps: list[dict], predicate) -> int:
    matches = [i for i, step in enumerate(steps) if predicate(step)]
    assert len(matches) == 1, matches
    return matches[0]


NOT_ON_PULL_REQUESTS = "github.event_name != 'pull_request'"


def test_the_publishing_workflow_builds_strictly_tests_and_deploys_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    # Pull requests run the check (the ledger guard), the build and the tests, so a deleted code is stopped in review.
    assert "pull_request" in triggers
    assert workflow["permissions"] == {"contents": "read"}  # only the deploy job may write to Pages
    build_job, deploy_job = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "write" not in build_job["permissions"].values()
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    steps = build_job["steps"]
    uses = lambda action: lambda step: step.get("uses", "").startswith(action + "@")  # noqa: E731
    runs = lambda text: lambda step: text in step.get("run", "")  # noqa: E731

    python = steps[step_index(steps, uses("actions/setup-python"))]
    assert python["with"]["python-version"] == "3.11"
    install = step_index(steps, runs("pip install -r requirements-dev.txt"))
    pages = steps[step_index(steps, uses("actions/configure-pages"))]
    assert pages["if"] == NOT_ON_PULL_REQUESTS
    assert step_index(steps, runs("python -m errcat check")) < step_index(steps, runs("mkdocs build --strict"))
    build_at = step_index(steps, runs("mkdocs build --strict"))
    site_dir = re.search(r"--site-dir (\S+)", steps[build_at]["run"]).group(1)
    assert steps[build_at]["env"][publish.SITE_URL_ENV] == f"${{{{ vars.{publish.SITE_URL_ENV} || steps.{pages['id']}.outputs.base_url }}}}"
    tests_at = step_index(steps, runs("pytest"))
    upload_at = step_index(steps, uses("actions/upload-pages-artifact"))
    assert steps[upload_at]["with"]["path"] == site_dir
    assert install < build_at < tests_at < upload_at  # nothing is uploaded unless the build and the tests pass
    assert steps[upload_at]["if"] == NOT_ON_PULL_REQUESTS and deploy_job["if"] == NOT_ON_PULL_REQUESTS
    # The screenshots the browser tests save stay downloadable, also when a test failed.
    screenshots = steps[step_index(steps, uses("actions/upload-artifact"))]
    assert screenshots["if"] == "always()" and tests_at < step_index(steps, uses("actions/upload-artifact"))
    assert screenshots["with"]["path"].rstrip("/") == SCREENSHOTS.relative_to(ROOT).as_posix()
    # The browser and snippet tests get what .ci/run gives them (GitHub sets CI, so missing tools fail them).
    browser_at = step_index(steps, runs("ERRCAT_CHROMIUM="))
    script = "bash .ci/fetch-typescript"
    assert f'="$({script})"' in steps[browser_at]["run"] and browser_at < tests_at  # assigned: a failed fetch fails the step
    assert script in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

    assert deploy_job["needs"] == "build" and deploy_job["environment"]["name"] == "github-pages"
    (deploy,) = deploy_job["steps"]
    assert deploy["uses"].startswith("actions/deploy-pages@")
    assert deploy_job["environment"]["url"] == f"${{{{ steps.{deploy['id']}.outputs.page_url }}}}"


def test_exports_written_outside_the_site_take_the_same_base_url(tmp_path: Path) -> None:
    env = {**os.environ, publish.SITE_URL_ENV: "https://example.org/errors/"}
    command = [sys.executable, "-m", "errcat", "--catalog", str(write_catalog(tmp_path)), "export", "--out"]
    from_env = subprocess.run([*command, str(tmp_path / "env")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert from_env.returncode == 0, from_env.stderr
    assert first_code_url(tmp_path / "env" / urls.CATALOG_INDEX) == "https://example.org/errors/demo/2001/"
    assert "no public base URL" not in from_env.stderr
    relative = subprocess.run([*command, str(tmp_path / "rel")], cwd=ROOT, env={**env, publish.SITE_URL_ENV: ""}, capture_output=True, text=True)
    assert relative.returncode == 0, relative.stderr
    assert first_code_url(tmp_path / "rel" / urls.CATALOG_INDEX) == "/demo/2001/"
    assert f"no public base URL (set {publish.SITE_URL_ENV} or pass --base-url): code URLs are site-relative" in relative.stderr
    explicit = subprocess.run([*command, str(tmp_path / "arg"), "--base-url", "https://staging.example.org/"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert explicit.returncode == 0, explicit.stderr
    assert first_code_url(tmp_path / "arg" / urls.CATALOG_INDEX) == "https://staging.example.org/demo/2001/"
