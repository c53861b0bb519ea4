"""Markdown primitives that keep catalog text inert.

Catalog text is data. Every ASCII punctuation character in it is backslash-escaped, which the
``pymdownx.escapeall`` extension turns back into the literal character (HTML-escaped where needed),
so no catalog string can open a tag, a link, emphasis, a table cell, an HTML block or a Jinja
expression. Newlines are folded in table cells so a row keeps its columns.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

# Matches the empty string before each ASCII punctuation character; replacing it with a backslash
# escapes the character. A literal replacement skips re's per-match template expansion (~30% faster).
_BEFORE_PUNCTUATION = re.compile(r"(?=[!-/:-@\[-`{-~])")
_BACKTICK_RUN = re.compile(r"`+")


# Characters XML 1.0 (and so an HTML page) cannot carry; hiding them would hide data, so they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: object) -> str:
    """Catalog text with every character XML cannot carry replaced by U+FFFD (then escape it for its target)."""
    return _NOT_XML.sub("\ufffd", str(value))


def text(value: object) -> str:
    """Catalog text as inert inline markdown (paragraph breaks survive as line breaks)."""
    escaped = _BEFORE_PUNCTUATION.sub(r"\\", str(value))
    rows = [row.strip() for row in escaped.splitlines()]
    return "  \n".join(row for row in rows if row)


def line(value: object) -> str:
    """Catalog text as inert inline markdown on one line: for headings, where a line break would end the heading."""
    return " ".join(_BEFORE_PUNCTUATION.sub(r"\\", str(value)).split())


def cell(value: object) -> str:
    """Catalog text for a table cell: inert, on one line, never splitting the row."""
    return line(value) or " "


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


# Inline code starting like this is read by pymdownx.inlinehilite as a language prefix and dropped.
_LANGUAGE_PREFIX = re.compile(r"(#!|:::)")


def code(value: object) -> str:
    """Inline code, e.g. a code or JSON path: backticks in it cannot close the span, nor a newline split a table row."""
    raw = " ".join(str(value).split())
    longest = max((len(m) for m in _BACKTICK_RUN.findall(raw)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") or _LANGUAGE_PREFIX.match(raw) else ""
    return f"{fence}{pad}{raw}{pad}{fence}" if raw.strip() else cell(raw)


def code_block(content: str, language: str = "", indent: str = "") -> str:
    """A fenced block whose fence is longer than any backtick run inside, so it cannot be closed early."""
    longest = max((len(m) for m in _BACKTICK_RUN.findall(content)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [fence + language, *content.splitlines(), fence]
    return "\n".join(indent + line if line else line for line in lines)


def json_block(value: Any, indent: str = "") -> str:
    return code_block(json.dumps(value, indent=2, ensure_ascii=False), "json", indent)


def link(label: str, target: str) -> str:
    """A link whose label is catalog text; ``target`` is built by errcat, never taken from the catalog."""
    return f"[{cell(label)}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A markdown table; callers pass cells already made safe with :func:`cell`, :func:`code` or :func:`link`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def bullets(items: Iterable[object], ordered: bool = False) -> str:
    return "\n".join(f"{i}. {text(item)}" if ordered else f"- {text(item)}" for i, item in enumerate(items, 1))


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
