"""The client flow: how a client should branch on a response, as a mermaid flowchart.

status -> code -> behaviour -> what the user sees, generated from the API's convention and the
behaviour each code resolves to; a code the client does not know falls back as the behaviours
page says (:func:`errcat.render.matrix.fallback_behaviour`). Mermaid label text is a small
language of its own (quotes end a label, ``#name;`` is an entity, brackets and ``;`` are syntax),
so every label is quoted and everything but letters, digits, spaces and a few inert marks is
written as a numeric entity (``#35;``); node ids are generated, never taken from the catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Api, Code
from . import matrix, md
from .code_page import status_text

CODES_PER_EDGE = 4  # an edge names at most this many codes; the table under the diagram names all

# Left as they are for a readable source (mermaid shows it when its script cannot load); all of
# them are inert inside a quoted label.
_NOT_PLAIN = re.compile(r"[^\w ,.()'/?!-]")


def label(value: object) -> str:
    """Catalog text (without its Markdown syntax) as a quoted mermaid label that mermaid shows literally, on one line."""
    flat = " ".join(md.xml_safe(md.plain_line(value)).split())
    return '"' + _NOT_PLAIN.sub(lambda m: f"#{ord(m.group())};", flat) + '"'


@dataclass(frozen=True, slots=True)
class Branch:
    """The codes that share an HTTP status and a behaviour: one arrow of the flow."""

    status: int | None  # None: the transport has no status
    behaviour: str
    codes: tuple[Code, ...]


def branches(api: Api) -> list[Branch]:
    """Codes grouped by status (ascending), then by behaviour in the order the catalog declares them."""
    order = {bid: i for i, bid in enumerate(api.behaviours)}
    grouped: dict[tuple[int, str], list[Code]] = {}
    for code in api.codes.values():
        grouped.setdefault((code.http_status, code.behaviour), []).append(code)
    keys = sorted(grouped, key=lambda k: (k[0] or 0, order.get(k[1], len(order))))
    return [Branch(status, behaviour, tuple(grouped[status, behaviour])) for status, behaviour in keys]


def unknown_code_fallback(api: Api, status: int) -> str:
    """The behaviour for a code the client does not know that arrives with ``status``.

    An API that always answers one status says nothing with it: the default behaviour. Otherwise the
    behaviour all documented codes of that status share, else the default.
    """
    if api.convention.fixed_http_status is not None or not api.has_http:
        return api.default_behaviour
    return matrix.fallback_behaviour(api, [c for c in api.codes.values() if c.http_status == status])


def code_list(codes: tuple[Code, ...], limit: int = CODES_PER_EDGE) -> str:
    names = ", ".join(c.code for c in codes[:limit])
    return names if len(codes) <= limit else f"{names} and {len(codes) - limit} more"


def client_flow(api: Api) -> str:
    """The mermaid source of ``api``'s client flow."""
    conv = api.convention
    found = branches(api)
    statuses = sorted({b.status for b in found}, key=lambda s: -1 if s is None else s)
    behaviours = [bid for bid in api.behaviours if bid == api.default_behaviour or any(b.behaviour == bid for b in found)]
    node = {bid: i for i, bid in enumerate(behaviours)}
    if api.has_http:
        lines = ["flowchart LR", f"    response([{label('Response arrives')}]) --> status{{{label('HTTP status')}}}"]
    else:  # no status to branch on: the result goes straight to its code
        lines = ["flowchart LR", f"    response([{label('Result arrives')}]) --> code0{{{label('Read ' + conv.code_path)}}}"]
    for i, status in enumerate(statuses):
        if status is not None:
            said = status_text(status) + (", every response" if conv.fixed_http_status is not None else "")
            lines.append(f"    status -->|{label(said)}| code{i}{{{label('Read ' + conv.code_path)}}}")
        for branch in (b for b in found if b.status == status):
            lines.append(f"    code{i} -->|{label(code_list(branch.codes))}| behaviour{node[branch.behaviour]}")
        lines.append(f"    code{i} -.->|{label('any other code')}| behaviour{node[unknown_code_fallback(api, status)]}")
    for bid in behaviours:
        b = api.behaviours[bid]
        lines.append(f"    behaviour{node[bid]}[{label(b.title)}] --> user{node[bid]}([{label(b.description)}])")
    return "\n".join(lines)
