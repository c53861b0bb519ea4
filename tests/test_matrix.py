"""The behaviours page of each API in the real built site: matrix, frontend settings, parsing order, fallback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from errcat import Catalog
from errcat.exports import json_catalog
from tests.htmltext import article, article_text, tables
from tests.test_exports import without_maintainer_material


def behaviours_page(site: Path, api: str) -> Path:
    return site / api / "behaviours" / "index.html"


def matrix_table(site: Path, api: str) -> list[list[str]]:
    [table] = [t for t in tables(behaviours_page(site, api)) if t and t[0][:2] == ["Code", "Title"]]
    return table


def matrix_groups(site: Path, api: str) -> tuple[list[str], dict[str, list[list[str]]]]:
    """The matrix's header and its rows under each behaviour's heading row ("<title> <n> code(s)")."""
    header, *rows = matrix_table(site, api)
    groups: dict[str, list[list[str]]] = {}
    current = ""
    for row in rows:
        if not any(row[1:]):  # a behaviour's heading row spans the table
            current = re.sub(r" \d+ codes?$", "", row[0])
            groups[current] = []
        else:
            groups[current].append(row)
    return header, groups


def test_matrix_lists_every_code_once_under_its_behaviour_with_only_the_columns_that_vary(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        header, groups = matrix_groups(site, api.slug)
        codes = list(api.codes.values())
        varies = {"HTTP": len({c.http_status for c in codes}) > 1, "Retryable": len({c.retryable for c in codes}) > 1}
        assert header == ["Code", "Title", *(name for name, shown in varies.items() if shown)], api.slug
        assert list(groups) == [b.title for b in api.behaviours.values() if any(c.behaviour == b.id for c in codes)]
        listed = [row[0] for rows in groups.values() for row in rows]
        assert sorted(listed) == sorted(api.codes) and len(listed) == len(set(listed))  # linear: each code once
        for title, rows in groups.items():
            for row in rows:
                assert api.behaviours[api.codes[row[0]].behaviour].title == title, row
        links = [unquote(l) for l in article(behaviours_page(site, api.slug)).links]
        assert sorted(l for l in links if l.removeprefix("../").removesuffix("/") in api.codes) == sorted(f"../{c}/" for c in api.codes)


def test_matrix_comes_first_and_drops_columns_that_never_vary(site: Path) -> None:
    admin = article_text(behaviours_page(site, "admin"))
    assert admin.index("Matrix") < admin.index("Behaviours ¶") < admin.index("Frontend configuration")
    assert "Every code comes with HTTP status 200 OK." in admin  # said once, not in 54 cells
    header, _ = matrix_groups(site, "admin")
    assert "HTTP" not in header
    header, groups = matrix_groups(site, "assistant")
    assert list(groups) == ["Show the localized message"] and len(groups["Show the localized message"]) == 100
    assert header == ["Code", "Title", "HTTP", "Retryable"]  # no column of check marks


def test_admin_shows_which_codes_force_logout_and_its_generated_env(site: Path, catalog: Catalog) -> None:
    _, groups = matrix_groups(site, "admin")
    assert [r[0] for r in groups["Force logout"]] == ["2100", "2101", "2104", "2105"]
    assert [r[0] for r in groups["Modal then logout"]] == ["2102", "2106"]
    assert [r[0] for r in groups["Auto-refresh and retry"]] == ["2103"]
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
        assert json_catalog.read(served) == without_maintainer_material(api)  # the public JSON the export command writes


def test_expenses_conflict_reloads_the_resource_before_its_one_retry(site: Path) -> None:
    """Seed 001's "Refresh and retry" for CONCURRENCY_CONFLICT: reload the resource, not the same request with backoff."""
    text = article_text(behaviours_page(site, "expenses"))
    assert "Refresh and retry ¶ Reload the resource to get its current version, then retry the change. Action reload_and_retry · 1 code." in text
    header, groups = matrix_groups(site, "expenses")
    assert [row[0] for row in groups["Refresh and retry"]] == ["CONCURRENCY_CONFLICT"]
    assert groups["Refresh and retry"][0][header.index("Retryable")] == "once, on the reloaded resource"
