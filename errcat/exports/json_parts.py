"""The site's JSON files (each API's export, ``/catalog.json``) kept as parts, so an edit re-encodes only what it changed.

``json.dumps`` with an indent runs json's pure-Python encoder: at 10,000 codes, writing an API's
export and the index again took longer than everything else ``mkdocs serve`` does to show an edit
(:mod:`errcat.mkdocs.live`). :class:`PartedExports` writes exactly the text of
:func:`errcat.exports.json_catalog.dumps` from parts encoded once: each code's entry, each API's part
of the index. A JSON text holds no raw newline (json escapes it inside strings), so a part encoded
on its own is nested by indenting each of its lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..model import Api, Code
from ..render.code_page import SiteContext
from . import json_catalog

_INDENT = "  "  # json_catalog.dumps's indent=2
_SLOT = "\0errcat-part\0"  # stands for a container while the rest is encoded; catalog YAML cannot hold a NUL


def _encoded(value: Any, depth: int) -> str:
    """``value`` as ``dumps`` writes it ``depth`` containers deep."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + _INDENT * depth)


def _around(document: dict[str, Any], path: tuple[str, ...], brackets: str, parts: list[str]) -> str:
    """``dumps(document)`` with the container at ``path`` written from ``parts``, each one of its items."""
    outer = inner = dict(document)
    for key in path[:-1]:
        inner[key] = dict(inner[key])
        inner = inner[key]
    inner[path[-1]] = _SLOT
    text = json_catalog.dumps(outer)
    depth = len(path) + 1
    if parts:
        gap = "\n" + _INDENT * depth
        block = brackets[0] + gap + ("," + gap).join(parts) + "\n" + _INDENT * (depth - 1) + brackets[1]
    else:
        block = brackets
    slot = f"{json.dumps(path[-1])}: {json.dumps(_SLOT)}"
    if text.count(slot) != 1:
        raise ValueError(f"cannot place the parts of {'.'.join(path)}")
    return text.replace(slot, f"{json.dumps(path[-1])}: {block}")


class PartedExports:
    """Each API's export and its part of ``/catalog.json``, with what they were written from.

    :meth:`export` encodes an API whole; :meth:`update` again after its codes changed, re-encoding
    only the codes it is told changed (a code's entry depends on the code and the site's base URL
    alone). :meth:`index` assembles ``/catalog.json`` from each API's part.
    """

    def __init__(self, ctx: SiteContext) -> None:
        self._ctx = ctx
        self._entries: dict[str, dict[str, dict[str, Any]]] = {}  # API -> code -> its entry in the export
        self._parts: dict[str, dict[str, str]] = {}  # API -> code -> that entry encoded
        self._index_parts: dict[str, str] = {}  # API -> its part of /catalog.json, encoded

    def export(self, api: Api) -> str:
        """The API's export (``json_catalog.dumps(json_catalog.document(api, ctx))``)."""
        self._entries[api.slug], self._parts[api.slug] = {}, {}
        return self.update(api, api.codes.values())

    def update(self, api: Api, changed: Iterable[Code]) -> str:
        """The API's export again, after ``changed`` (its codes whose entries may differ) changed."""
        entries, parts = self._entries[api.slug], self._parts[api.slug]
        for code in changed:
            entries[code.code] = json_catalog.code_json(api, code, self._ctx)
            parts[code.code] = f"{json.dumps(code.code, ensure_ascii=False)}: {_encoded(entries[code.code], 3)}"
        document = json_catalog.document(api.frame(), self._ctx)
        shown = [code.code for code in api.codes.values()]
        document["api"]["codes"] = {code: entries[code] for code in shown}
        self._index_parts[api.slug] = _encoded(json_catalog.index_entry(document, self._ctx), 2)
        return _around(document, ("api", "codes"), "{}", [parts[code] for code in shown])

    def index(self, slugs: Iterable[str]) -> str:
        """``/catalog.json`` of the APIs ``slugs``, in that order, each as last written."""
        return _around(json_catalog.index_of([]), ("apis",), "[]", [self._index_parts[slug] for slug in slugs])
