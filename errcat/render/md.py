"""Markdown primitives for errcat's pages: catalog text goes in as safe Markdown and comes out as inert HTML.

Catalog text is written in a small Markdown subset and rendered by :mod:`errcat.render.prose` (markdown-it-py
and errcat's own renderer) to HTML in which every character that Markdown, its extensions or Jinja treat as
syntax is a character reference. Block text (:func:`text`) and lists (:func:`bullets`) are emitted as
raw HTML blocks, which Python-Markdown stashes whole: the page's Markdown never re-parses them, so a
320 KB line of punctuation costs what a line of letters does. Short fields (:func:`line`, :func:`cell`,
link labels) are inline HTML that may sit in a heading, a table cell or a sentence; Python-Markdown sees
only character references there, which it shows as the characters they stand for.

errcat's own words around catalog text stay Markdown (headings, admonitions, tabs, fenced snippets).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from . import prose

_BACKTICK_RUN = re.compile(r"`+")


# Characters XML 1.0 (and so an HTML page) cannot carry; hiding them would hide data, so they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: object) -> str:
    """Catalog text with every character XML cannot carry replaced by U+FFFD (then escape it for its target)."""
    return _NOT_XML.sub("\ufffd", str(value))


def text(value: object) -> str:
    """Catalog Markdown as a block (paragraphs, lists, fenced code): one raw HTML line, never re-parsed.

    It must stand at the start of a line with blank lines around it (``join`` does that); indented (in an
    admonition or a list) it would be read as a paragraph, so use :func:`line` there.
    """
    rendered = prose.block_html(str(value))
    return f'<div class="errcat-prose">{rendered}</div>' if rendered else ""


def line(value: object) -> str:
    """Catalog Markdown on one line, inline only (code, emphasis, links): for titles, headings and sentences."""
    return prose.inline_html(str(value))


# The most characters of catalog text a table cell shows; longer text is summarised (prose.summary_html).
# Generous: no cell of the shipped catalog comes near it (the longest, an API's summary, has 276).
CELL_LIMIT = 300


def cell(value: object) -> str:
    """Catalog text for a table cell: inline, on one line, never splitting the row, at most :data:`CELL_LIMIT`
    characters (its first sentence, or its start with an ellipsis, when longer): a cell is re-read by the
    page's Markdown in time that grows faster than its length, and the whole text is on the page it links to."""
    return prose.summary_html(str(value), CELL_LIMIT) or " "


def plain_line(value: object) -> str:
    """Catalog Markdown as plain text on one line (:func:`errcat.render.prose.plain`): for titles and meta tags."""
    return prose.plain_line(str(value))


def description(value: object) -> str:
    """Catalog Markdown as a page's meta description: plain text on one line, at most :data:`CELL_LIMIT`
    characters (a longer text's start, cut after a word, with an ellipsis; search results and link previews
    show about 160). Only that start is read, so a 320 KB meaning costs what a short one does."""
    text = str(value)
    if len(text) > 20 * CELL_LIMIT:
        text = text[: 20 * CELL_LIMIT]
    shown = plain_line(text)
    if len(shown) <= CELL_LIMIT and text == str(value):
        return shown
    cut = shown[:CELL_LIMIT]
    return cut[: cut.rfind(" ")] + "\u2026" if " " in cut else cut + "\u2026"


# errcat's own typography is written as HTML entities, never as characters. CPython stores a str at
# the width of its widest character and mkdocs keeps every page's markdown and HTML until the build
# ends, so a single “ on a page doubled the memory all of that page took: a 2,000-code build peaked
# at 248 MB with the characters and 176 MB with the entities. (Catalog text keeps its characters.)
EN_DASH = "&ndash;"  # between a range's bounds
EM_DASH = "&mdash;"  # an empty table cell
CHECK_MARK = "&#10003;"


def quoted(value: str) -> str:
    """Markdown (already made inert) in typographic quotes."""
    return f"&ldquo;{value}&rdquo;"


def code(value: object) -> str:
    """Inline code, e.g. a code or JSON path, shown exactly (no Markdown inside) on one line."""
    raw = " ".join(str(value).split())
    return f"<code>{prose.inert(raw)}</code>" if raw else cell(raw)


def code_block(content: str, language: str = "", indent: str = "") -> str:
    """A fenced block whose fence is longer than any backtick run inside, so it cannot be closed early."""
    longest = max((len(m) for m in _BACKTICK_RUN.findall(content)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [fence + language, *content.splitlines(), fence]
    return "\n".join(indent + line if line else line for line in lines)


def json_block(value: Any, indent: str = "") -> str:
    return code_block(json.dumps(value, indent=2, ensure_ascii=False), "json", indent)


def label(value: object) -> str:
    """Catalog text as plain, inert inline HTML on one line: for link labels and names beside a heading."""
    return prose.inert(plain_line(value))


def link(name: str, target: str) -> str:
    """A Markdown link (mkdocs resolves ``target``, a docs source path errcat built, never catalog text) whose
    label is catalog text, shown plain: a link holds no link."""
    return f"[{label(name) or ' '}]({target})"


def identifier_link(name: str, target: str) -> str:
    """:func:`link` for an identifier (a code), which may wrap after an underscore but never inside a word: in a
    table, AUTOMATION_SYSTEM_JOB_MODIFICATION_FORBIDDEN on one line took the column the meaning needed."""
    return f"[{label(name).replace('&#95;', '&#95;<wbr>') or ' '}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; callers pass cells made inert with :func:`cell`, :func:`code` or :func:`link`.

    Python-Markdown parses each cell inline, in time that grows faster than the cell's count of characters
    written as references; :func:`cell` bounds that count, and titles and names are capped by the schema, so
    a table costs time linear in its rows. Long catalog prose belongs in :func:`text`, which is never re-parsed.
    """
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def bullets(items: Iterable[object], ordered: bool = False) -> str:
    """Catalog items (advice, notes, rules) as one raw HTML list; each item is inline Markdown."""
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{line(item)}</li>" for item in items) + f"</{tag}>"


# Characters YAML accepts raw inside a double-quoted scalar; everything else is escaped.
_YAML_UNSAFE = re.compile("[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\\\\\"]")


def _yaml_escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in '\\"':
        return "\\" + ch
    point = ord(ch)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def yaml_value(value: Any) -> str:
    """A value for front matter that YAML reads back exactly (strings double-quoted and escaped; lists and
    string-keyed mappings in flow style)."""
    if isinstance(value, str):
        return '"' + _YAML_UNSAFE.sub(_yaml_escape, value) + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_value(str(k))}: {yaml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def _html_escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, (list, tuple)):
        return [_html_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _html_escaped(item) for key, item in value.items()}
    return value


def front_matter(**fields: Any) -> str:
    """YAML front matter from plain values; None values are left out.

    Themes print ``title`` and ``description`` into ``<title>`` and ``<meta content="...">``
    without escaping them, so strings (in lists and mappings too) are HTML-escaped here (quotes included).
    """
    lines = [f"{key}: {yaml_value(_html_escaped(value))}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def html_attribute(value: object) -> str:
    """A value for a double-quoted HTML attribute in a raw HTML block: every markup character escaped.

    Raw HTML blocks pass through markdown untouched, so this escaping is the only one applied.
    """
    return html.escape(str(value), quote=True)


def join(*blocks: str | None) -> str:
    """Join markdown blocks with blank lines, skipping empty ones."""
    return "\n\n".join(b for b in blocks if b) + "\n"
