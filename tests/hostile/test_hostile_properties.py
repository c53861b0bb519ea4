"""Properties over any legal text: it shows as its Markdown renders, it adds no other HTML, and codes never share a URL.

Pages are rendered through Markdown configured from mkdocs.yml (see rendering.py): the same
extensions the site uses, at a few milliseconds per page instead of seconds per build.
"""

from __future__ import annotations

from itertools import cycle
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from errcat import envelope, load_catalog, site, urls
from errcat.model import Api, Catalog
from errcat import safe_markdown
from tests.catalogs import write_catalog
from tests.hostile.dressing import BASE_API, BASE_CODES, CONTEXT, dress, expected_text, plain, shown_forms
from tests.hostile.rendering import to_html, visible_text
from tests.hostile.strategies import IDENTIFIER, JSON_VALUES, NASTY, PROSE
from tests.htmltext import fragment

PROPERTY = settings(max_examples=150)


@pytest.fixture(scope="module")
def base_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    return load_catalog(write_catalog(tmp_path_factory.mktemp("base"), BASE_CODES, BASE_API)).apis["demo"]


@st.composite
def hostile_apis(draw: st.DrawFn, base: Api) -> Api:
    """``base`` with every text field drawn from a few hostile texts (one draw is much faster than forty)."""
    texts = cycle(draw(st.lists(PROSE, min_size=1, max_size=9)))
    return dress(base, lambda: next(texts), draw(IDENTIFIER), draw(JSON_VALUES))


def rendered(api: Api, only: str | None = None) -> dict[str, str]:
    pages = site.pages(Catalog({api.slug: api}), CONTEXT)
    return {page.path: to_html(page.content) for page in pages if only in (None, page.path)}


# The tags catalog Markdown may add (errcat/render/prose.py), with the only attributes they may carry.
MARKDOWN_TAGS = {"p": (), "em": (), "strong": (), "code": ("class",), "pre": (), "ul": (), "ol": ("start",), "li": (), "a": ("href",), "br": ()}


def structure(layout: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """A page's layout without the tags Markdown in catalog text may legitimately add (with their own attributes
    only: a Markdown tag with any other attribute stays, so the comparison sees it)."""
    return [(tag, attrs) for tag, attrs in layout if tag not in MARKDOWN_TAGS or not set(attrs) <= set(MARKDOWN_TAGS[tag])]


@pytest.fixture(scope="module")
def plain_layouts(base_api: Api) -> dict[bool, dict[str, list]]:
    """Page -> HTML structure of the plain API, for messages without and with a {placeholder}."""
    return {
        placeholder: {path: structure(fragment(html).layout) for path, html in rendered(plain(base_api, placeholder)).items()}
        for placeholder in (False, True)
    }


def assert_verbatim_and_inert(api: Api, plain_layouts: dict[bool, dict[str, list]], only: str | None = None) -> None:
    expected = expected_text(api)
    layouts = plain_layouts[bool(envelope.PLACEHOLDER.search(api.codes["2001"].message or ""))]
    for path, html in rendered(api, only).items():
        page = fragment(html)
        assert structure(page.layout) == layouts[path], f"{path}: catalog text changed the HTML structure\n{html}"
        for tag, attrs in page.tags:
            assert not [name for name in attrs if name.startswith("on")], f"{path}: an event handler on <{tag}>: {attrs}"
        hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
        assert not [h for h in hrefs if urlsplit(h).scheme and not safe_markdown.safe_href(h)], f"{path}: a link with a bad scheme: {hrefs}"
        shown = visible_text(html)
        for value in expected[path]:
            assert any(form in shown for form in shown_forms(value)), f"{path}: {value!r} is not shown\n{html}"


@PROPERTY
@given(st.data())
def test_any_text_on_a_code_page_is_verbatim_and_adds_no_tag(base_api: Api, plain_layouts: dict, data: st.DataObject) -> None:
    assert_verbatim_and_inert(data.draw(hostile_apis(base_api)), plain_layouts, only=urls.code_page_source("demo", "2001"))


@settings(PROPERTY, max_examples=40)
@given(st.data())
def test_any_text_on_the_api_pages_is_verbatim_and_adds_no_tag(base_api: Api, plain_layouts: dict, data: st.DataObject) -> None:
    assert_verbatim_and_inert(data.draw(hostile_apis(base_api)), plain_layouts)


@pytest.mark.parametrize("fragment_text", NASTY, ids=repr)
def test_each_nasty_fragment_in_every_field_at_both_ends(base_api: Api, plain_layouts: dict, fragment_text: str) -> None:
    """Deterministic companion of the properties: prefixes such as ``#!python `` only bite at the start."""
    assert_verbatim_and_inert(dress(base_api, lambda: f"{fragment_text}x{fragment_text}"), plain_layouts)
