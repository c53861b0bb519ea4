"""The direct lane's inline pass (errcat/mkdocs/inline_filter.py) skips only patterns that cannot match, so it
converts any Markdown exactly as Python-Markdown's own pass does."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from errcat import load_catalog, site
from errcat.mkdocs.inline_filter import first_characters, install
from errcat.render.code_page import SiteContext
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (r"\[", "["),
        (r"(?<!\!)\[", "["),  # a look-behind consumes nothing
        (r"\*|_", "*_"),
        (r"[<&]x", "<&"),
        (r"(?:a|b)?c", "abc"),  # an optional start: what follows may start the match
        (r"(a*)b", "ab"),
        (r"^\s*x", None),  # any white space: too many characters to list
        (r"a*", None),  # may match nothing, so anywhere
        (r"(.)\1", None),
        (r"x", "x"),
    ],
)
def test_the_first_characters_of_a_match(expression: str, expected: str | None) -> None:
    found = first_characters(re.compile(expression))
    assert found == (frozenset(expected) if expected is not None else None)


def test_a_pattern_that_ignores_case_is_always_tried() -> None:
    assert first_characters(re.compile("x", re.IGNORECASE)) is None


def _site_markdown(skipping: bool) -> markdown.Markdown:
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
    assert not skipping or install(md)
    return md


PLAIN, SKIPPING = _site_markdown(False), _site_markdown(True)
MARKDOWN_CHARACTERS = st.text(alphabet="ab *_[]()<>&!\\`~:/.@#|-=\n\t'\"x1", max_size=80)


@settings(max_examples=400, deadline=None)
@given(MARKDOWN_CHARACTERS)
def test_no_inline_pattern_of_the_site_matches_a_text_without_one_of_its_first_characters(text: str) -> None:
    for pattern in PLAIN.inlinePatterns:
        expression = pattern.getCompiledRegExp()
        firsts = first_characters(expression)
        if firsts is not None and not any(char in text for char in firsts):
            assert expression.search(text) is None, (pattern, text)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN_CHARACTERS)
def test_any_text_converts_as_python_markdown_converts_it(text: str) -> None:
    PLAIN.reset()
    SKIPPING.reset()
    assert SKIPPING.convert(text) == PLAIN.convert(text)


def test_every_showcase_code_page_converts_as_python_markdown_converts_it() -> None:
    catalog = load_catalog(ROOT / "catalog")
    for page in site.code_pages(catalog, SiteContext("/")):
        PLAIN.reset()
        SKIPPING.reset()
        assert SKIPPING.convert(page.content) == PLAIN.convert(page.content), page.path


def test_an_extension_s_own_inline_pass_is_left_in_place() -> None:
    md = markdown.Markdown()

    class Own(markdown.treeprocessors.InlineProcessor):
        pass

    md.treeprocessors.register(Own(md), "inline", 20)
    assert not install(md) and type(md.treeprocessors["inline"]) is Own
