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


def text(value: object) -> str:
    """Catalog text as inert inline markdown (paragraph breaks survive as line breaks)."""
    escaped = _BEFORE_PUNCTUATION.sub(r"\\", str(value))
    lines = [line.strip() for line in escaped.splitlines()]
    return "  \n".join(line for line in lines if line)


def cell(value: object) -> str:
    """Catalog text for a table cell: inert, on one line, never splitting the row."""
    return " ".join(_BEFORE_PUNCTUATION.sub(r"\\", str(value)).split()) or " "


def code(value: object) -> str:
    """Inline code, e.g. a code or JSON path: backticks in it cannot close the span."""
    raw = str(value)
    longest = max((len(m) for m in _BACKTICK_RUN.findall(raw)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") else ""
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
    """A scalar for front matter that YAML reads back exactly (strings double-quoted and escaped)."""
    if isinstance(value, str):
        return '"' + _YAML_UNSAFE.sub(_yaml_escape, value) + '"'
    return json.dumps(value)


def front_matter(**fields: Any) -> str:
    """YAML front matter from plain values; None values are left out.

    Themes print ``title`` and ``description`` into ``<title>`` and ``<meta content="...">``
    without escaping them, so strings are HTML-escaped here (quotes included).
    """
    lines = [
        f"{key}: {yaml_value(html.escape(value) if isinstance(value, str) else value)}"
        for key, value in fields.items()
        if value is not None
    ]
    return "---\n" + "\n".join(lines) + "\n---\n"


def html_attribute(value: object) -> str:
    """A value for a double-quoted HTML attribute in a raw HTML block: every markup character escaped.

    Raw HTML blocks pass through markdown untouched, so this escaping is the only one applied.
    """
    return html.escape(str(value), quote=True)


def join(*blocks: str | None) -> str:
    """Join markdown blocks with blank lines, skipping empty ones."""
    return "\n\n".join(b for b in blocks if b) + "\n"
