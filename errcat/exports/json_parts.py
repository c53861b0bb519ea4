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


def _container(brackets: str, parts: list[str], depth: int) -> str:
    """An object or array ``depth`` containers deep whose items are ``parts``, each encoded one level deeper."""
    if not parts:
        return brackets
    gap = "\n" + _INDENT * (depth + 1)
    return brackets[0] + gap + ("," + gap).join(parts) + "\n" + _INDENT * depth + brackets[1]


def _placed(value: dict[str, Any], path: tuple[str, ...], text: str, depth: int) -> str:
    """``value`` encoded ``depth`` containers deep, with what is at ``path`` written as ``text``."""
    outer = inner = dict(value)
    for key in path[:-1]:
        inner[key] = dict(inner[key])
        inner = inner[key]
    inner[path[-1]] = _SLOT
    encoded = _encoded(outer, depth)
    slot = f"{json.dumps(path[-1])}: {json.dumps(_SLOT)}"
    if encoded.count(slot) != 1:
        raise ValueError(f"cannot place the parts of {'.'.join(path)}")
    return encoded.replace(slot, f"{json.dumps(path[-1])}: {text}")


class PartedExports:
    """Each API's export and its part of ``/catalog.json``, with what they were written from.

    :meth:`export` encodes an API whole; :meth:`update` again after its codes changed, re-encoding
    only the codes it is told changed (a code's entry depends on the code and the site's base URL
    alone). :meth:`index` assembles ``/catalog.json`` from each API's part.
    """

    def __init__(self, ctx: SiteContext) -> None:
        self._ctx = ctx
        self._entries: dict[str, dict[str, dict[str, Any]]] = {}  # API -> code -> its entry in the export
        self._parts: dict[str, dict[str, tuple[str, str]]] = {}  # API -> code -> that entry encoded, and its index part
        self._index_parts: dict[str, str] = {}  # API -> its part of /catalog.json, encoded

    def export(self, api: Api) -> str:
        """The API's export (``json_catalog.dumps(json_catalog.document(api, ctx))``)."""
        self._entries[api.slug], self._parts[api.slug] = {}, {}
        return self.update(api, api.codes.values())

    def update(self, api: Api, changed: Iterable[Code]) -> str:
        """The API's export again, after ``changed`` (its codes whose entries may differ) changed."""
        entries, parts = self._entries[api.slug], self._parts[api.slug]
        for code in changed:
            entry = entries[code.code] = json_catalog.code_json(api, code, self._ctx)
            listed = {key: entry[key] for key in json_catalog.INDEX_CODE_FIELDS}
            parts[code.code] = f"{json.dumps(code.code, ensure_ascii=False)}: {_encoded(entry, 3)}", _encoded(listed, 4)
        document = json_catalog.document(api.frame(), self._ctx)
        shown = [parts[code] for code in api.codes]
        index_entry = json_catalog.index_entry(document, self._ctx)  # its codes: the index parts
        self._index_parts[api.slug] = _placed(index_entry, ("codes",), _container("[]", [part for _, part in shown], 3), 2)
        return _placed(document, ("api", "codes"), _container("{}", [part for part, _ in shown], 2), 0) + "\n"

    def index(self, slugs: Iterable[str]) -> str:
        """``/catalog.json`` of the APIs ``slugs``, in that order, each as last written."""
        apis = _container("[]", [self._index_parts[slug] for slug in slugs], 1)
        return _placed(json_catalog.index_of([]), ("apis",), apis, 0) + "\n"
