"""Flutter ARB files (``<api>_<locale>.arb``), one per locale of the catalog's user messages.

Keys are Dart identifiers made from the code's member name (``errorTodoNotFound``) because Flutter's
gen-l10n turns each key into a getter (two codes with one key are refused: :mod:`errcat.namespaces`);
``x-errcat-code`` in the metadata maps a key back to its code.
``{param}`` is ARB's own placeholder syntax, and each placeholder is declared with its type. The
catalog's check keeps every other brace out of messages; apostrophes stay literal, as gen-l10n reads
them by default (``use-escaping: false``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..model import Api
from ..namespaces import arb_keys
from ..render.code_page import SiteContext
from ..render.prose import plain
from . import l10n
from .base import ExportFile

# The catalog's param types as gen-l10n placeholder types.
PLACEHOLDER_TYPES = {"string": "String", "integer": "int", "number": "num", "boolean": "Object", "object": "Object", "array": "Object"}


def arb(api: Api, locale: str) -> dict[str, object]:
    keys = arb_keys(api)
    out: dict[str, object] = {"@@locale": locale.replace("-", "_")}
    for code, text in l10n.messages(api, locale):
        key = keys[code.code]
        meta: dict[str, object] = {"description": plain(code.meaning), "x-errcat-code": code.code}
        placeholders = {
            p.name: {"type": PLACEHOLDER_TYPES[p.type], **({"example": str(p.example)} if p.example is not None else {})}
            for p in l10n.params_used(code, text)
        }
        if placeholders:
            meta["placeholders"] = placeholders
        out[key] = text
        out["@" + key] = meta
    return out


def files(api: Api, ctx: SiteContext) -> Iterator[ExportFile]:
    for locale in l10n.locales(api):
        content = json.dumps(arb(api, locale), indent=2, ensure_ascii=False) + "\n"
        yield ExportFile(f"{api.slug}/l10n/arb/{api.slug}_{locale.replace('-', '_')}.arb", content)
