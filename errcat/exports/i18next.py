"""i18next JSON files (``<locale>/<api>.json``, the API slug as namespace), one per locale of the user messages.

Keys are the codes themselves, so a web client calls ``t(body.code, body.params)``. i18next reads
``{{param}}``, so the catalog's ``{param}`` placeholders are rewritten; a ``.`` in a key would be
read as nesting, so such a code is refused with an error rather than exported wrongly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..checks import i18next_key_problem
from ..envelope import PLACEHOLDER
from ..model import Api
from ..problems import CatalogError, Problem
from ..render.code_page import SiteContext
from . import l10n
from .base import ExportFile


def resources(api: Api, locale: str) -> dict[str, str]:
    out = {}
    for code, text in l10n.messages(api, locale):
        problem = i18next_key_problem(code)
        if problem:
            raise CatalogError([Problem(code.location.file, code.location.line, problem, code.code)])
        out[code.code] = PLACEHOLDER.sub(r"{{\1}}", text)
    return out


def files(api: Api, ctx: SiteContext) -> Iterator[ExportFile]:
    for locale in l10n.locales(api):
        content = json.dumps(resources(api, locale), indent=2, ensure_ascii=False) + "\n"
        yield ExportFile(f"{api.slug}/l10n/i18next/{locale}/{api.slug}.json", content)
