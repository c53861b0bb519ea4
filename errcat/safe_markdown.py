"""Catalog prose's Markdown below every renderer: the parser setup, its link policy, and the text without syntax.

Catalog text is hostile. Every reader of its Markdown starts from :func:`safe_parser`: raw HTML off
(``<script>`` stays text), no linkify and no typographer (the text means what it says), and one link
policy, :func:`safe_href`. Short prose (titles, meanings, advice) is parsed by :func:`prose_parser`, a
small subset; errcat.render.prose writes it as HTML, :func:`plain` as the text a reader sees.

The plain text lives here, not among the renderers, because the stages before them need it too:
an example response (errcat.envelope) carries a code's title as the text a client shows, and the
exports and snippets carry titles in string literals. markdown-it-py parses in time linear in the
text and bounds its nesting (``maxNesting``); :func:`plain` visits each token once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # markdown-it is imported when a parser is first built: `errcat check` never needs it
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

LINK_SCHEMES = ("http", "https", "mailto")
# The subset short prose may use: paragraphs, lists, fenced code; inline code, emphasis, links, escapes.
PROSE_BLOCK_RULES = ("paragraph", "list", "fence")
PROSE_INLINE_RULES = ("backticks", "emphasis", "link", "escape", "newline")


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
    from markdown_it import MarkdownIt

    parser = MarkdownIt(preset, {"html": False, "linkify": False, "typographer": False})
    parser.validateLink = safe_href
    return parser


@functools.cache
def prose_parser(links: bool = True) -> MarkdownIt:
    """The parser of short catalog prose (no raw HTML, images, autolinks, tables, headings, entities or
    reference definitions): the pages and the plain text read the same Markdown the same way. ``links=False``:
    the same without the link rule, for text in which no link can form (:func:`parser_for`)."""
    parser = safe_parser("zero").enable([*PROSE_BLOCK_RULES, *PROSE_INLINE_RULES])
    return parser if links else parser.disable("link")


def parser_for(text: str) -> MarkdownIt:
    """The prose parser for ``text``. Without reference definitions a link is ``[label](target)``, so text
    without ``](`` holds none, and its parser leaves the link rule out: the rule scans ahead from every ``[``
    for a closing bracket, which made a meaning dense with ``[`` several times slower to render than letters."""
    return prose_parser(links="](" in text)


def _plain(tokens: Sequence[Token]) -> str:
    out: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "inline":
            out.append(_plain(token.children or ()))
        elif kind in ("text", "code_inline"):
            out.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "fence":
            out.append(token.content.rstrip("\n") + "\n\n")
        elif kind == "list_item_open":
            out.append(f"{token.info}{token.markup} " if token.info else "- ")  # an ordered item keeps its number
        elif kind == "paragraph_close" and not token.hidden:
            out.append("\n\n")
        elif kind == "list_item_close" or kind.endswith("_list_close"):
            out.append("\n")
    return "".join(out)


_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@functools.lru_cache(maxsize=8192)  # the same texts are on thousands of pages; the function is pure, the cache bounded
def plain(value: str) -> str:
    """Catalog Markdown as the text a reader sees, without its syntax: for exports, string literals, meta tags,
    search titles, example responses and the terminal. Link targets are dropped (the label stays), list items
    keep a ``- `` or ``1. `` marker, and blocks are separated by one blank line."""
    return _BLANK_LINES.sub("\n\n", _plain(parser_for(value).parse(value))).strip()


def plain_line(value: str) -> str:
    """:func:`plain` on one line: for titles in string literals, comments, search results and meta tags."""
    return " ".join(plain(value).split())
