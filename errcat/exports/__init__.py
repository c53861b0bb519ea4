"""Exports: the catalog in the forms clients consume, one small module per format.

Each format module has ``files(api, ctx) -> Iterator[ExportFile]``; ``FORMATS`` lists them and
``catalog_files`` runs them all (``python -m errcat export`` writes the result to disk). Exports are
renderers like the site's pages: pure functions of the model, with every catalog value escaped for
its target language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import urls
from ..model import Api, Catalog
from ..render.code_page import SiteContext
from . import arb, dotenv, i18next, json_catalog, openapi, python_module, typescript
from .base import ExportFile

FORMATS: tuple[Callable[[Api, SiteContext], Iterator[ExportFile]], ...] = (
    json_catalog.files,
    typescript.files,
    python_module.files,
    dotenv.files,
    arb.files,
    i18next.files,
    openapi.files,
)
# Formats ``export --format`` writes on their own, by name.
NAMED: dict[str, Callable[[Api, SiteContext], Iterator[ExportFile]]] = {"openapi": openapi.files, "maintainers": json_catalog.maintainer_files}


def catalog_files(catalog: Catalog, ctx: SiteContext, only: str | None = None) -> Iterator[ExportFile]:
    """Every export of every API, then the catalog-wide index (``catalog.json``); ``only``: one of ``NAMED`` for each API."""
    if only is not None:
        for api in catalog.apis.values():
            yield from NAMED[only](api, ctx)
        return
    for api in catalog.apis.values():
        for export in FORMATS:
            yield from export(api, ctx)
    yield ExportFile(urls.CATALOG_INDEX, json_catalog.dumps(json_catalog.index(catalog, ctx)))


__all__ = ["FORMATS", "NAMED", "ExportFile", "catalog_files"]
