"""The 404 page's logic, run under Node from the very file the built site ships.

``assets/errcat/not-found.js`` turns the missing address and catalog.json into what the page shows:
the unknown code (as text), the API the path names, and the closest known codes. Here on small
made-up catalogs; the served page with the real /catalog.json is checked in test_publish.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.notfound import SCRIPT, explain, suggested


def api(slug: str, *codes: str) -> dict[str, Any]:
    return {"slug": slug, "title": f"{slug.title()} API", "codes": [{"code": c, "title": f"Title of {c}"} for c in codes]}


CATALOG = {
    "apis": [
        api("demo", "1999", "2100", "2101", "2105", "2199", "2200"),
        api("words", "TOKEN_EXPIRED", "RESET_TOKEN_EXPIRED", "TOKEN_INVALID", "NOT_FOUND"),
        api("ints", "8", "88", "89", "880", "99"),
    ]
}
KNOWN = {f"{a['slug']}/{c['code']}" for a in CATALOG["apis"] for c in a["codes"]}


def test_numeric_codes_rank_by_shared_prefix_then_numeric_distance(site: Path) -> None:
    four_digits, integers = explain(site, CATALOG, "/errors/", "/errors/demo/2104/", "/errors/ints/87/")
    assert four_digits["code"] == "2104" and four_digits["api"]["slug"] == "demo" and not four_digits["known"]
    assert suggested(four_digits) == ["demo/2105", "demo/2101", "demo/2100", "demo/2199", "demo/2200"]
    assert suggested(integers) == ["ints/88", "ints/89", "ints/8", "ints/880", "ints/99"]


def test_word_codes_rank_by_edit_distance_and_unrelated_codes_are_left_out(site: Path) -> None:
    typo, lower, unrelated = explain(site, CATALOG, "/errors/", "/errors/words/TOKEN_EXPIRE/", "/errors/words/token_expired/", "/errors/words/PAYMENT/")
    assert suggested(typo) == ["words/TOKEN_EXPIRED", "words/RESET_TOKEN_EXPIRED"]
    assert suggested(lower)[0] == "words/TOKEN_EXPIRED" and not lower["known"]  # URLs are case-sensitive
    assert unrelated["code"] == "PAYMENT" and suggested(unrelated) == []


def test_the_api_is_named_when_known_and_reported_when_not(site: Path) -> None:
    known_api, unknown_api, bare_code = explain(site, CATALOG, "/errors/", "/errors/words/NOPE_X/", "/errors/nope/2100/", "/errors/2105/")
    assert known_api["api"] == {"slug": "words", "title": "Words API", "url": "/errors/words/", "codesUrl": "/errors/words/codes/"}
    assert unknown_api["api"] is None and unknown_api["apiNamed"] == "nope"
    assert unknown_api["known"] and suggested(unknown_api)[0] == "demo/2100"  # right code, wrong API: found anyway
    assert bare_code["apiNamed"] is None and suggested(bare_code)[0] == "demo/2105"


def test_the_path_is_only_text_and_links_go_only_to_listed_codes(site: Path) -> None:
    paths = [
        "/errors/demo/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/",
        "/errors/%3Cscript%3E/2100/",
        "/errors/__proto__/constructor/",
        "/errors/%E0%A4%A/2100/",  # not decodable: kept as typed
        "/errors/words/" + "A" * 5000 + "/",
    ]
    views = explain(site, CATALOG, "/errors/", *paths)
    assert views[0]["code"] == "<img src=x onerror=alert(1)>" and views[0]["suggestions"] == []
    assert views[1]["apiNamed"] == "<script>" and views[1]["api"] is None
    assert views[2]["api"] is None and views[3]["apiNamed"] == "%E0%A4%A"
    for view in views:
        for s in view["suggestions"]:
            assert f"{s['api']}/{s['code']}" in KNOWN and s["url"] == f"/errors/{s['api']}/{s['code']}/"


def test_links_follow_the_base_path_of_the_site(site: Path) -> None:
    root, nested = explain(site, CATALOG, "/", "/demo/2104/"), explain(site, CATALOG, "/docs/errors/", "/docs/errors/demo/2104/")
    assert root[0]["suggestions"][0]["url"] == "/demo/2105/" and root[0]["api"]["url"] == "/demo/"
    assert nested[0]["suggestions"][0]["url"] == "/docs/errors/demo/2105/"


def test_without_catalog_json_the_page_still_names_the_code(site: Path) -> None:
    (view,) = explain(site, None, "/errors/", "/errors/demo/2104/")
    assert view["code"] == "2104" and view["apiNamed"] == "demo" and view["suggestions"] == []


def test_the_script_writes_text_never_markup(site: Path) -> None:
    source = (site / SCRIPT).read_text(encoding="utf-8")
    assert "textContent" in source and "createTextNode" in source
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(\s*[\"']on", source)


def test_the_search_looks_for_an_unknown_codes_range_or_prefix(site: Path) -> None:
    """Searching the unknown code itself finds nothing; its range (numeric codes) or prefix (word codes) does."""
    views = explain(site, CATALOG, "/errors/", "/errors/demo/2104/", "/errors/words/TOKEN_FOO/", "/errors/words/PAYMENT/", "/errors/ints/87/")
    assert [v["query"] for v in views] == ["21*", "TOKEN*", "PAYMENT", "87"]
