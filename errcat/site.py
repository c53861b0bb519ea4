"""The site as data: which pages errcat generates, and the navigation, independent of mkdocs.

``hooks.py`` turns this plan into mkdocs files; another generator (Zensical, a plain script) can
write the same pages to disk. Code pages are deliberately left out of the navigation: a sidebar
listing every code would be rendered into every page, making the build quadratic in the number of
codes.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import lifecycle, urls
from .exports import json_catalog
from .loader import load_catalog
from .model import Catalog
from .render import api_pages
from .render.code_page import SiteContext, render_code_page
from .render.redirect import redirect_page

APIS_ENV = "ERRCAT_APIS"  # comma-separated API slugs: serve a subset of the catalog for speed


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    path: str  # docs-relative source path, e.g. "admin/2100/index.md" (or "catalog.json" for a static file)
    content: str


def pages(catalog: Catalog, ctx: SiteContext) -> Iterator[GeneratedPage]:
    """Every generated page: each API's own pages, one page per code, a redirect per renamed code's old name."""
    for api in catalog.apis.values():
        yield GeneratedPage(urls.api_page_source(api.slug), api_pages.overview(api))
        for name, render in api_pages.API_PAGE_RENDERERS.items():
            yield GeneratedPage(urls.api_page_source(api.slug, name), render(api))
        for code in api.codes.values():
            yield GeneratedPage(urls.code_page_source(api.slug, code.code), render_code_page(api, code, ctx))
        for old_name, code in lifecycle.renames(api):
            yield GeneratedPage(urls.redirect_source(api.slug, old_name), redirect_page(old_name, api, code, ctx))


def static_files(catalog: Catalog, ctx: SiteContext) -> Iterator[GeneratedPage]:
    """Files the site serves as they are: each API's JSON export and ``/catalog.json`` for tools."""
    documents = {api.slug: json_catalog.document(api, ctx) for api in catalog.apis.values()}
    for slug, document in documents.items():
        yield GeneratedPage(urls.export_path(slug), json_catalog.dumps(document))
    yield GeneratedPage(urls.CATALOG_INDEX, json_catalog.dumps(json_catalog.index(catalog, ctx, documents)))


def nav(catalog: Catalog) -> list[dict[str, list[dict[str, str]]]]:
    """One navigation section per API, in mkdocs' nav shape; code pages are never listed.

    Themes print nav titles into every page as HTML, unescaped, so the API's title is HTML-escaped here.
    """
    sections = []
    for api in catalog.apis.values():
        entries = [{"Overview": urls.api_page_source(api.slug)}]
        entries += [{name.capitalize(): urls.api_page_source(api.slug, name)} for name in api_pages.API_PAGE_RENDERERS]
        sections.append({html.escape(api.title): entries})
    return sections


def full_nav(hand_written: list, catalog: Catalog) -> list:
    """The site's navigation: the first hand-written entry (the home page), one section per API, the rest."""
    return hand_written[:1] + nav(catalog) + hand_written[1:]


def selected_apis() -> set[str] | None:
    value = os.environ.get(APIS_ENV, "").strip()
    return {slug.strip() for slug in value.split(",") if slug.strip()} or None


_cache: dict[Path, tuple[tuple, Catalog]] = {}


def _fingerprint(root: Path, only: set[str] | None) -> tuple:
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))
    return (tuple(sorted(only or ())), *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


def catalog_for(root: Path) -> Catalog:
    """The catalog under ``root``, loaded once per change of its files.

    mkdocs calls both the hooks and the macros module for every (re)build; this keeps them on one
    parsed catalog and lets ``mkdocs serve`` pick up edits without re-parsing unchanged input.
    """
    root = root.resolve()
    only = selected_apis()
    key = _fingerprint(root, only)
    cached = _cache.get(root)
    if cached is None or cached[0] != key:
        _cache[root] = (key, load_catalog(root, only))
    return _cache[root][1]
