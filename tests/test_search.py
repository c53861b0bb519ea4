"""Search by code, constant or meaning, read from the built site's search/search_index.json.

The browser tests type into the real search box; these check every code of every API in the index.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from errcat import Catalog, urls
from errcat.render import md
from errcat.render.code_page import SEARCH_BOOST


@pytest.fixture(scope="module")
def index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def plain(fragment: str) -> str:
    """Indexed HTML as the words a person reads."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_every_code_page_is_indexed_with_its_code_constant_and_meaning(index: dict, catalog: Catalog) -> None:
    entries = {doc["location"]: doc for doc in index["docs"]}
    for api in catalog.apis.values():
        for code in api.codes.values():
            doc = entries[urls.code_url(api.slug, code.code)]
            # Each result names its API: NOT_FOUND is a code of several.
            assert plain(doc["title"]) == f"{code.code} {md.plain_line(code.title)} · {api.title}", code.code
            assert doc["tags"] == [k for k in (code.code, code.constant) if k], code.code
            assert doc["boost"] == SEARCH_BOOST
            assert md.plain_line(code.meaning) in plain(doc["text"]), code.code
            if code.constant:
                assert code.constant in plain(doc["text"]), code.code


def test_a_code_or_constant_is_a_keyword_of_its_own_page_only(index: dict) -> None:
    pages_by_keyword: dict[str, set[str]] = defaultdict(set)
    for doc in index["docs"]:
        for tag in doc.get("tags", []):
            pages_by_keyword[tag].add(doc["location"].split("#")[0])
    assert pages_by_keyword["2103"] == {"admin/2103/"}
    assert pages_by_keyword["TODO_NOT_FOUND"] == {"assistant/TODO_NOT_FOUND/"}
    assert pages_by_keyword["TOKEN_EXPIRED"] == {"admin/2103/", "expenses/TOKEN_EXPIRED/"}  # a constant and a code
    assert all(location.count("/") == 2 for pages in pages_by_keyword.values() for location in pages)  # only code pages


def test_search_weighs_keywords_above_titles_above_text(index: dict) -> None:
    fields = index["config"]["fields"]
    assert fields["tags"]["boost"] > fields["title"]["boost"] > fields["text"]["boost"]
    assert re.fullmatch(index["config"]["separator"], "_") is None  # TODO_NOT_FOUND stays one search term


def test_listings_of_every_code_stay_out_of_the_index(index: dict, catalog: Catalog) -> None:
    """A code is found on its own page, not again as a row of its API's Codes page (whose one field, at
    10,000 codes, is also more than Zensical's index takes)."""
    for api in catalog.apis.values():
        listing = [doc for doc in index["docs"] if doc["location"].startswith(f"{api.slug}/codes/")]
        assert listing, api.slug  # the page is still found by its title
        for doc in listing:
            assert all(md.plain_line(code.title) not in plain(doc["text"]) for code in api.codes.values()), api.slug
