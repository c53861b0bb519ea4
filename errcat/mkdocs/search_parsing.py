"""Material's search parser, fed by a tokenizer for the plain HTML that Python-Markdown writes.

The search plugin splits every page's HTML into sections with a subclass of ``html.parser.HTMLParser``,
a tenth of a cold build; most of it is the standard parser's general machinery (tag-end look-ups,
position tracking, tolerant attribute parsing) spent on HTML of a handful of forms: start tags with
double-quoted attributes, end tags, text with character references. :class:`QuickParser` reads a
document made only of those with one regular expression and calls the plugin's own handlers with
the very arguments ``HTMLParser`` would give them (names lower-cased, attribute values and text
unescaped by the same ``html.unescape``, ``<br />`` as a start and an end). Anything else in the
document (a comment, a declaration, a single-quoted or unquoted attribute, a ``<`` that opens no
tag, an element whose content the standard parser reads raw, like ``<script>``) sends the whole
document through ``HTMLParser`` as before. ``tests/test_search_parsing.py`` compares the handler calls
of both parsers on generated documents; the direct lane's tests compare whole search indexes.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

_TAG = re.compile(
    r"<(?:([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*\"[^\"]*\")?)*)\s*(/?)>"
    r"|/([a-zA-Z][a-zA-Z0-9]*)\s*>)"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*\"([^\"]*)\")?")
# Elements whose content HTMLParser reads as raw text (more of them in newer Pythons): never read here.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})

Event = tuple[str, str, Any]  # ("data", text, None) | ("start", tag, attrs) | ("startend", tag, attrs) | ("end", tag, None)


def events(html: str) -> list[Event] | None:
    """The handler calls ``HTMLParser`` (``convert_charrefs=True``) makes for ``html``, or None when it is not plain."""
    found: list[Event] = []
    position, end = 0, len(html)
    while position < end:
        opening = html.find("<", position)
        if opening < 0:
            opening = end
        if opening > position:
            found.append(("data", unescape(html[position:opening]), None))
        if opening == end:
            break
        tag = _TAG.match(html, opening)
        if tag is None:
            return None
        name, attributes, closes, end_name = tag.groups()
        if end_name is not None:
            found.append(("end", end_name.lower(), None))
        else:
            name = name.lower()
            if name in _RAW_TEXT:
                return None
            found.append(("startend" if closes else "start", name, _attributes(attributes)))
        position = tag.end()
    return found


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """As HTMLParser gives them: names lower-cased, a value unescaped, None for an attribute without one."""
    return [(a.group(1).lower(), unescape(a.group(2)) if a.group(2) else a.group(2)) for a in _ATTRIBUTE.finditer(text)]


def quick_parser(parser_class: type) -> type:
    """A subclass of the search plugin's parser that reads plain HTML with :func:`events`."""

    class QuickParser(parser_class):  # type: ignore[misc, valid-type]
        def feed(self, data: str) -> None:
            found = events(data) if self.convert_charrefs and not self.rawdata else None
            if found is None:
                super().feed(data)
                return
            for kind, value, attributes in found:
                if kind == "data":
                    self.handle_data(value)
                elif kind == "start":
                    self.handle_starttag(value, attributes)
                elif kind == "startend":
                    self.handle_startendtag(value, attributes)
                else:
                    self.handle_endtag(value)

    QuickParser.__name__ = QuickParser.__qualname__ = f"Quick{parser_class.__name__}"
    return QuickParser


_installed = False


def install() -> None:
    """Let Material's search plugin parse pages with :func:`quick_parser` (once; later calls do nothing)."""
    global _installed
    if _installed:
        return
    from html.parser import HTMLParser

    import material.plugins.search.plugin as search

    parser = getattr(search, "Parser", None)
    if isinstance(parser, type) and issubclass(parser, HTMLParser):
        search.Parser = quick_parser(parser)
    _installed = True
