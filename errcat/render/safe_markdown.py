"""The one markdown-it-py setup every piece of catalog Markdown is parsed with.

Catalog text is hostile. Short prose (render/prose.py) and long-form explanations
(render/explanation.py) enable different rules, but both start here, so the guarantees they share
are written once: raw HTML off (``<script>`` stays text), no linkify and no typographer (the text
means what it says), and one link policy, :func:`safe_href`, for inline and reference links alike.
markdown-it-py parses in time linear in the text and bounds its nesting (``maxNesting``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt

LINK_SCHEMES = ("http", "https", "mailto")


def safe_href(url: str) -> bool:
    """True for the links catalog text may carry: http, https and mailto URLs, and site paths (``/api/``).

    A relative path (``x.png``) would point somewhere different from every page the text lands on, and
    any other scheme (``javascript:``, ``data:``, ``vbscript:``) could run code, so both stay text.
    """
    parts = urlsplit(url)
    if parts.scheme:
        return parts.scheme.lower() in LINK_SCHEMES and (parts.scheme.lower() == "mailto" or bool(parts.netloc))
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def safe_parser(preset: str) -> MarkdownIt:
    """A parser of markdown-it's ``preset`` ("zero", "commonmark") with raw HTML, linkify and typographer off
    and links checked by :func:`safe_href`; callers enable their rules on it and keep it (parsers are reusable)."""
    parser = MarkdownIt(preset, {"html": False, "linkify": False, "typographer": False})
    parser.validateLink = safe_href
    return parser
