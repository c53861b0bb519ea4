"""The site as data: which pages errcat generates, and the navigation, independent of mkdocs.

The mkdocs plugin (:mod:`errcat.mkdocs.plugin`) turns this plan into mkdocs files; another generator (Zensical, a plain script) can
write the same pages to disk. Code pages are deliberately left out of the navigation: a sidebar
listing every code would be rendered into every page, making the build quadratic in the number of
codes.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import files, lifecycle, urls
from .exports import json_catalog
from .exports.json_parts import PartedExports
from .loader import load_catalog
from .model import Api, Catalog, Code
from .render import api_pages, maintainers
from .render.code_page import Place, SiteContext, places, render_code_page
from .render.redirect import redirect_page

APIS_ENV = "ERRCAT_APIS"  # comma-separated API slugs: serve a subset of the catalog for speed


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    path: str  # docs-relative source path, e.g. "admin/2100/index.md" (or "catalog.json" for a static file)
    content: str
    api: str | None = None  # the API slug it belongs to; None for the site-wide catalog.json


@dataclass(frozen=True, slots=True)
class CodePage:
    """A code page whose Markdown is written when it is read: an engine that renders pages one at a time
    (errcat's mkdocs plugin does) never holds 10,000 of them in memory.

    The page is a pure function of what it holds, and it holds its API only as a *frame* (the API without
    its codes): other codes reach it only through ``place`` (its neighbours). So a page whose ``inputs``
    are unchanged is unchanged, which is how ``mkdocs serve`` renders again only the pages an edit changes.
    """

    path: str
    api: str
    frame: Api
    code: Code
    place: Place
    ctx: SiteContext

    @property
    def content(self) -> str:
        return render_code_page(self.frame, self.code, self.ctx, self.place)

    @property
    def inputs(self) -> tuple[Code, Place]:
        """What the page reads besides its frame and site context, which a whole API's pages share."""
        return self.code, self.place


def code_pages(catalog: Catalog, ctx: SiteContext) -> Iterator[CodePage]:
    """One page per code, in catalog order."""
    for api in catalog.apis.values():
        yield from api_code_pages(api, ctx)


def api_code_pages(api: Api, ctx: SiteContext) -> Iterator[CodePage]:
    frame, code_places = api.frame(), places(api)
    for code in api.codes.values():
        yield CodePage(urls.code_page_source(api.slug, code.code), api.slug, frame, code, code_places[code.code], ctx)


def pages(catalog: Catalog, ctx: SiteContext, *, with_codes: bool = True) -> Iterator[GeneratedPage | CodePage]:
    """Every generated page: the maintainers' index, each API's own pages (:func:`pages_of_api`), and one page
    per code (unless ``with_codes`` is false: an engine that renders them itself takes them from :func:`code_pages`)."""
    yield maintainers_index(catalog)
    for api in catalog.apis.values():
        yield from pages_of_api(api, ctx)
    if with_codes:
        yield from code_pages(catalog, ctx)


def maintainers_index(catalog: Catalog) -> GeneratedPage:
    return GeneratedPage(maintainers.index_source(), maintainers.index(catalog))


def pages_of_api(api: Api, ctx: SiteContext) -> Iterator[GeneratedPage]:
    """An API's overview, its maintainers' page, its listings (codes, groups...) and a redirect per renamed
    code's old name: pure functions of the API, so an API whose model is unchanged has the same pages."""
    slug = api.slug
    yield GeneratedPage(urls.api_page_source(slug), api_pages.overview(api), slug)
    yield GeneratedPage(maintainers.page_source(api), maintainers.api_page(api), slug)
    for name, render in api_pages.pages_of(api).items():
        yield GeneratedPage(urls.api_page_source(slug, name), render(api), slug)
    for old_name, code in lifecycle.renames(api):
        yield GeneratedPage(urls.redirect_source(slug, old_name), redirect_page(old_name, api, code, ctx), slug)


def static_files(catalog: Catalog, ctx: SiteContext, parted: PartedExports | None = None) -> Iterator[GeneratedPage]:
    """Files the site serves as they are: each API's JSON export and ``/catalog.json`` for tools.

    ``parted`` writes them and keeps their parts, for an edit to re-encode only what it changed (``mkdocs serve``).
    """
    if parted is not None:
        for api in catalog.apis.values():
            yield export_file(api.slug, parted.export(api))
        yield catalog_index(parted.index(catalog.apis))
        return
    documents = {api.slug: json_catalog.document(api, ctx) for api in catalog.apis.values()}
    for slug, document in documents.items():
        yield export_file(slug, json_catalog.dumps(document))
    index = json_catalog.index_of([json_catalog.index_entry(document, ctx) for document in documents.values()])
    yield catalog_index(json_catalog.dumps(index))


def export_file(slug: str, text: str) -> GeneratedPage:
    """An API's JSON export, as the site serves it."""
    return GeneratedPage(urls.export_path(slug), text, slug)


def catalog_index(text: str) -> GeneratedPage:
    """``/catalog.json``, the index of every API's codes for tools."""
    return GeneratedPage(urls.CATALOG_INDEX, text)


class SiteFiles:
    """The site's other files (hand-written docs, theme assets) by where the build writes them.

    A generated page is compared with them by destination, not by source path: docs/performance.md
    and an API ``performance``'s performance/index.md are two sources of one performance/index.html,
    and the one written last silently replaces the other. Case is ignored, as a case-insensitive disk
    or host would ignore it. This replaces no hand-kept list of reserved names: whatever the docs
    folder holds today is what a catalog may not take.
    """

    def __init__(self, sources: Mapping[str, str]) -> None:
        """``sources``: destination (site-relative) -> how to name the file that is built there."""
        self._sources = {destination.casefold(): source for destination, source in sources.items()}

    def replaced_by(self, page: GeneratedPage | CodePage, destination: str) -> str | None:
        """Why ``page`` cannot be written to ``destination`` (a file of the site is built there), or None."""
        source = self._sources.get(destination.casefold())
        if source is None:
            return None
        owner = f"API {page.api!r}" if page.api else "errcat's site index"
        return (
            f"errcat: {owner} would replace {source}: both are built to {destination} (errcat's {page.path}); "
            "rename the API folder or the hand-written file"
        )


def nav(catalog: Catalog) -> list[dict[str, list[dict[str, str]]]]:
    """One navigation section per API, in mkdocs' nav shape; code pages are never listed.

    Themes print nav titles into every page as HTML, unescaped, so the API's title is HTML-escaped here.
    """
    sections = []
    for api in catalog.apis.values():
        entries = [{"Overview": urls.api_page_source(api.slug)}]
        entries += [{name.capitalize(): urls.api_page_source(api.slug, name)} for name in api_pages.pages_of(api)]
        sections.append({html.escape(api.title): entries})
    return sections


MAINTAINERS_SECTION = "Maintainers"


def maintainers_nav(catalog: Catalog) -> list[dict[str, str]]:
    """The generated part of the maintainers' section: its overview and one page per API."""
    entries = [{"Overview": maintainers.index_source()}]
    return entries + [{html.escape(api.title): maintainers.page_source(api)} for api in catalog.apis.values()]


def full_nav(hand_written: list, catalog: Catalog) -> list:
    """The site's navigation: the home page, one section per API, the other hand-written entries, and
    the maintainers' section last (generated pages first, then what mkdocs.yml lists under
    "Maintainers", such as the catalog format and the performance page)."""
    rest = [entry for entry in hand_written[1:] if not (isinstance(entry, dict) and MAINTAINERS_SECTION in entry)]
    theirs = [entry[MAINTAINERS_SECTION] for entry in hand_written[1:] if isinstance(entry, dict) and MAINTAINERS_SECTION in entry]
    own = maintainers_nav(catalog) + [item for section in theirs for item in (section or [])]
    return hand_written[:1] + nav(catalog) + rest + [{MAINTAINERS_SECTION: own}]


def selected_apis(configured: Iterable[str] = ()) -> set[str] | None:
    """The APIs to build: ``$ERRCAT_APIS`` (a quick preview) if set, else the site's configured list; None: all."""
    value = os.environ.get(APIS_ENV, "").strip()
    chosen = value.split(",") if value else configured
    return {slug.strip() for slug in chosen if slug.strip()} or None


_cache: dict[Path, tuple[tuple, Catalog]] = {}


def _fingerprint(root: Path, only: set[str] | None) -> tuple:
    """What changes when any file the loader reads changes: each file found as the loader finds it, with its
    size and time (a file the walk refuses, such as a link to nothing, by its path and the reason alone)."""
    if not root.is_dir():
        return ()  # the loader says the catalog is missing
    found: list[files.Found] = []
    for entry in files.top_level(root):  # a linked folder outside the catalog is never walked (it could be /)
        found += files.walk(entry.path, root) if entry.problem is None and entry.path.is_dir() else [entry]
    return (tuple(sorted(only or ())), *(_stamp(f) for f in found))


def _stamp(found: files.Found) -> tuple:
    if found.problem is not None:
        return (str(found.path), found.problem)
    try:
        stat = found.path.stat()
    except OSError as exc:  # removed between the walk and now: the loader will say so
        return (str(found.path), str(exc))
    return (str(found.path), stat.st_mtime_ns, stat.st_size)


def catalog_for(root: Path, apis: Iterable[str] = ()) -> Catalog:
    """The catalog under ``root``, loaded once per change of its files.

    mkdocs calls both the hooks and the macros module for every (re)build; this keeps them on one
    parsed catalog and lets ``mkdocs serve`` pick up edits without re-parsing unchanged input.
    """
    root = root.resolve()
    only = selected_apis(apis)
    key = _fingerprint(root, only)
    cached = _cache.get(root)
    if cached is None or cached[0] != key:
        _cache[root] = (key, load_catalog(root, only))
    return _cache[root][1]
