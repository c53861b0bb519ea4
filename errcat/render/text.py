"""A code's documentation as plain terminal text, for ``python -m errcat explain`` (like ``rustc --explain``).

A pure function of the model. Catalog text is printed without its Markdown syntax
(:func:`errcat.render.prose.plain`), and control characters (escape
sequences could recolour or rewrite the terminal) are replaced, so a catalog entry cannot drive it.
"""

from __future__ import annotations

import json
import re
import textwrap

from .. import envelope, lifecycle
from ..model import Api, Code
from .code_page import status_text
from .handling import retry_fact
from .prose import plain, plain_line

WIDTH = 79
# C0/C1 controls (tab and newline kept) and bidirectional overrides, which reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    return _UNSAFE.sub("\ufffd", str(value))


def _paragraph(value: object, indent: str = "") -> str:
    lines = clean(value).splitlines() or [""]
    return "\n".join(textwrap.fill(line, WIDTH, initial_indent=indent, subsequent_indent=indent) or indent for line in lines)


def _heading(title: str) -> str:
    return f"{title}\n{'-' * len(title)}"


def _list(items: tuple[str, ...], ordered: bool) -> str:
    out = []
    for i, item in enumerate(items, 1):
        mark = f"{i}. " if ordered else "- "
        text = textwrap.fill(clean(item), WIDTH, initial_indent=mark, subsequent_indent=" " * len(mark))
        out.append(text)
    return "\n".join(out)


def explain(api: Api, code: Code, doc_url: str) -> str:
    """The documentation of ``code`` as plain text; ``doc_url`` (from :mod:`errcat.links`) ends it."""
    behaviour = api.behaviours.get(code.behaviour)
    group = api.groups.get(code.group or "")
    facts = [
        ("API", f"{api.title} ({api.slug})"),
        ("Code", code.code),
        ("Constant", ", ".join(code.constants) or None),
        ("Severity", code.severity if not code.is_error else None),
        ("HTTP status", status_text(code.http_status) if code.http_status is not None else None),
        ("Group", plain_line(group.title) if group else None),
        ("Client behaviour", f"{plain_line(behaviour.title)}: {plain_line(behaviour.description)}" if behaviour else None),
        ("Retry", retry_fact(api, code, str)),  # "—" for a success, info or warning
        ("Raised by", code.raised_by),
        ("Since", code.lifecycle.since),
    ]
    width = max(len(name) for name, value in facts if value)
    blocks = [
        _paragraph(f"{code.code}: {plain_line(code.title)}"),
        _paragraph(plain(code.meaning)),
        "\n".join(
            textwrap.fill(clean(value), WIDTH, initial_indent=f"{name:<{width}}  ", subsequent_indent=" " * (width + 2))
            for name, value in facts
            if value
        ),
    ]
    status = lifecycle.status_sentence(code)
    if status:
        replaced = code.lifecycle.replaced_by
        blocks.append(_paragraph(status.upper() + (f" Use {replaced} instead." if replaced else " It has no replacement.")))
    for cause in code.causes:
        parts = [_heading(f"Cause: {clean(plain_line(cause.title))}")]
        if cause.detail:
            parts.append(_paragraph(plain(cause.detail)))
        if cause.advice:
            parts.append(_list(tuple(map(plain, cause.advice)), ordered=True))
        blocks.append("\n\n".join(parts))
    if code.advice:
        blocks.append(_heading("Advice") + "\n\n" + _list(tuple(map(plain, code.advice)), ordered=True))
    if code.params:
        rows = tuple(f"{p.name} ({p.type}): {plain(p.meaning)}" for p in code.params)
        blocks.append(_heading("Parameters") + "\n\n" + _list(rows, ordered=False))
        blocks.append(_heading("Message") + "\n\n" + _paragraph(envelope.message_template(code), "    "))
    if api.has_http and code.http_status is not None:
        body = json.dumps(envelope.example_response(api, code, doc_url), indent=2, ensure_ascii=False)
        head = f"HTTP/1.1 {status_text(code.http_status)}\nContent-Type: {api.convention_of(code).content_type}"
        blocks.append(_heading("Example response") + "\n\n" + textwrap.indent(clean(head + "\n\n" + body), "    "))
    if code.notes:
        blocks.append(_heading("Notes") + "\n\n" + _list(tuple(map(plain, code.notes)), ordered=False))
    blocks.append(f"Documentation: {clean(doc_url)}")
    return "\n\n".join(blocks) + "\n"
