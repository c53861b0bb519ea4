"""The behaviours page of each API in the real built site: matrix, frontend settings, parsing order, fallback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from errcat import Catalog
from errcat.exports import json_catalog
from tests.htmltext import article, article_text, tables


def behaviours_page(site: Path, api: str) -> Path:
    return site / api / "behaviours" / "index.html"


def matrix_table(site: Path, api: str) -> list[list[str]]:
    [table] = [t for t in tables(behaviours_page(site, api)) if t and t[0][:3] == ["Code", "Title", "HTTP"]]
    return table


def test_matrix_has_one_row_per_code_marked_in_its_behaviour_column(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        header, *rows = matrix_table(site, api.slug)
        titles = [b.title for b in api.behaviours.values()]
        assert header == ["Code", "Title", "HTTP", *titles, "Retryable"]
        assert [row[0] for row in rows] == list(api.codes)  # linear: each code once, nothing else
        for row in rows:
            code = api.codes[row[0]]
            marked = [titles[i] for i, cell in enumerate(row[3:-1]) if cell == "✓"]
            assert marked == [api.behaviours[code.behaviour].title], code.code
            assert row[2] == str(code.http_status)
        links = [unquote(l) for l in article(behaviours_page(site, api.slug)).links]
        assert [l for l in links if l.removeprefix("../").removesuffix("/") in api.codes] == [f"../{c}/" for c in api.codes]


def test_admin_shows_which_codes_force_logout_and_its_generated_env(site: Path, catalog: Catalog) -> None:
    _, *rows = matrix_table(site, "admin")
    column = {title: i + 3 for i, title in enumerate(b.title for b in catalog.apis["admin"].behaviours.values())}
    assert [r[0] for r in rows if r[column["Force logout"]] == "✓"] == ["2100", "2101", "2104", "2105"]
    assert [r[0] for r in rows if r[column["Modal then logout"]] == "✓"] == ["2102", "2106"]
    assert [r[0] for r in rows if r[column["Auto-refresh and retry"]] == "✓"] == ["2103"]
    text = article_text(behaviours_page(site, "admin"))
    env = ("VITE_SERVICE_SUCCESS_CODE=0000 VITE_SERVICE_LOGOUT_CODES=2100,2101,2104,2105 "
           "VITE_SERVICE_MODAL_LOGOUT_CODES=2102,2106 VITE_SERVICE_EXPIRED_TOKEN_CODES=2103")
    assert env in text
    assert "so the status cannot tell anything about a code the client does not know: fall back to Show message" in text
    assert "Frontend configuration" not in article_text(behaviours_page(site, "users"))


def test_parsing_order_and_unknown_code_fallback_by_status(site: Path) -> None:
    assistant = article_text(behaviours_page(site, "assistant"))
    assert re.search(r"Parsing order ¶ Read a response in this order: code params status fallback detail Unknown codes", assistant)
    users = tables(behaviours_page(site, "users"))
    [fallback] = [t for t in users if t[0][0] == "Status"]
    by_status = {row[0]: row for row in fallback[1:]}
    assert by_status["401 Unauthorized"][2:] == ["1", "Clear token and log in", "no"]  # every 401 code logs in
    assert by_status["500 Internal Server Error"][3] == "Show a user-friendly message"  # mixed behaviours: the default
    assert "Any other status, or a body without a readable code: Show a user-friendly message ." in article_text(behaviours_page(site, "users"))


def test_behaviour_anchors_that_code_pages_link_to_exist(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        ids = {attrs.get("id") for _, attrs in article(behaviours_page(site, api.slug)).tags}
        assert {f"b-{b}" for b in api.behaviours} <= ids, api.slug
        for code in list(api.codes.values())[:3]:
            hrefs = article(site / api.slug / code.code / "index.html").links
            assert f"../behaviours/#b-{code.behaviour}" in hrefs, code.code


def test_catalog_json_lists_every_code_with_a_url_that_resolves(site: Path, catalog: Catalog) -> None:
    index = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert [a["slug"] for a in index["apis"]] == list(catalog.apis)
    for entry in index["apis"]:
        api = catalog.apis[entry["slug"]]
        assert [c["code"] for c in entry["codes"]] == list(api.codes)
        for code in entry["codes"]:
            page = site / unquote(urlsplit(code["url"]).path).lstrip("/") / "index.html"
            assert page.is_file() and code["code"] in article_text(page), code["url"]
            known = api.codes[code["code"]]
            assert (code["title"], code["http_status"], code["behaviour"], code["retryable"]) == (
                known.title, known.http_status, known.behaviour, known.retryable)
            assert code["lifecycle"]["status"] == known.lifecycle.status
        served = (site / entry["export"].lstrip("/")).read_text(encoding="utf-8")
        assert json_catalog.read(served) == api  # the site serves the same JSON the export command writes


def test_expenses_conflict_reloads_the_resource_before_its_one_retry(site: Path) -> None:
    """Seed 001's "Refresh and retry" for CONCURRENCY_CONFLICT: reload the resource, not the same request with backoff."""
    text = article_text(behaviours_page(site, "expenses"))
    assert "Refresh and retry ¶ Reload the resource to get its current version, then retry the change. Property Value Action reload_and_retry Codes 1" in text
    _, *rows = matrix_table(site, "expenses")
    assert [row[0] for row in rows if row[-1] == "once, on the reloaded resource"] == ["CONCURRENCY_CONFLICT"]
