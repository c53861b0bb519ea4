"""Generated pages through Markdown exactly as the site configures it, without building a site.

The Markdown instance is made from mkdocs.yml's own ``markdown_extensions`` (loaded by mkdocs'
config loader, so the list cannot drift from the site's), which lets property tests render
thousands of pages in seconds; a real build checks a few of their findings end to end.
"""

from __future__ import annotations

import functools

import markdown
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from tests.conftest import ROOT
from tests.htmltext import fragment


def fresh_site_markdown() -> markdown.Markdown:
    """A new Markdown instance configured as the site's (for a test that instruments it)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


@functools.cache
def site_markdown() -> markdown.Markdown:
    return fresh_site_markdown()


def to_html(page: str) -> str:
    """A generated page (front matter and Markdown) as the HTML of its article."""
    body, _meta = get_data(page)
    converter = site_markdown()
    converter.reset()
    return converter.convert(body)


def flat(text: str) -> str:
    """Whitespace folded, as a reader sees it in a browser."""
    return " ".join(text.split())


def visible_text(html: str) -> str:
    return flat(" ".join(fragment(html).text))
