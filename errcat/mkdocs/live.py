"""``mkdocs serve`` after an edit to the catalog alone: only what the edit changes is rendered again.

mkdocs answers any change by building the whole site again; at 10,000 codes that took half a
minute for one changed title. The errcat plugin wraps the server's builder (:class:`Rebuilder`),
and when every file that changed since the last build is in the catalog folder, :func:`refresh`
updates the built site in place:

- the catalog is loaded again, parsing only the files that changed (:func:`errcat.files.remember_reads`);
- a code page is generated again when its code or its neighbours changed
  (:class:`errcat.site.CodePage` holds all it reads), and rendered and written when its Markdown changed;
- each API whose codes changed has its pages generated again, and each page whose Markdown changed
  is rendered again, by mkdocs, with its plugins; its export and ``/catalog.json`` are written again,
  re-encoding only the edited codes (:mod:`errcat.exports.json_parts`); so is every hand-written page
  whose Markdown after its plugins changed (macros such as ``{{ api_table() }}`` read the catalog);
- the search entries of each page rendered again replace its old ones, in place, and the index is
  written again.

Everything else goes to mkdocs' own full rebuild, which reports problems as it always does: a
change outside the catalog (mkdocs.yml, docs/, a theme file), a change to an API beyond its codes
(its settings, groups, behaviours, title: its *frame*), codes added or removed, a catalog error, a
warning, or a failure of any kind on the way. So no page is ever left stale: a page is either
shown to be unchanged by its inputs, or rendered again.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file
from watchdog.observers.polling import PollingObserver

from .. import CatalogError, files as catalog_files, site
from ..exports.json_parts import PartedExports
from ..model import Api, Catalog, Code
from ..render.code_page import SiteContext
from .conversion_cache import counting_warnings, search_plugin
from .direct_pages import DirectLane, DirectPage, digest

log = logging.getLogger("mkdocs.plugins.errcat")

Stamp = tuple[int, ...]  # errcat.files.stat_key


def snapshot(paths: Iterable[str]) -> dict[str, Stamp]:
    """Every file under ``paths`` (files or folders) with its identity, size and times: what the server watches."""
    found = [path for path in paths if not os.path.isdir(path)]
    for path in paths:
        if os.path.isdir(path):
            found += (os.path.join(folder, name) for folder, _, names in os.walk(path) for name in names)
    stamps = {path: catalog_files.stat_key(Path(path)) for path in found}
    return {path: stamp for path, stamp in stamps.items() if stamp}  # () : gone since the walk


@dataclass
class Built:
    """What the last full build of this process left, for :func:`refresh` to update in place."""

    config: MkDocsConfig
    ctx: SiteContext
    files: Files
    nav: Navigation
    env: Environment
    lane: DirectLane
    catalog: Catalog
    catalog_root: Path
    hand_written_nav: list
    watched: tuple[str, ...]
    stamps: dict[str, Stamp]
    markdown: dict[str, bytes]  # documentation page (source path) -> digest of its Markdown after every plugin
    exports: PartedExports  # what wrote the exports and /catalog.json
    frames: dict[str, Api] = field(init=False)  # each API without its codes
    search_index: SearchIndex = field(default_factory=lambda: SearchIndex())

    def __post_init__(self) -> None:
        self.frames = {slug: api.frame() for slug, api in self.catalog.apis.items()}


class Refused(Exception):
    """The edit needs mkdocs' full rebuild; the message says why (the server's log shows it)."""


@dataclass
class Outcome:
    """What an update rendered or wrote again: code pages, other pages, and files served as they are."""

    code_pages: int = 0
    pages: int = 0
    files: int = 0


def refresh(built: Built, load: Callable[[], Catalog], check_ledger: Callable[[Catalog], None]) -> Outcome:
    """Update the site ``built`` left after an edit to the catalog alone; raises :class:`Refused` otherwise."""
    stamps = snapshot(built.watched)
    changed = {path for path in stamps.keys() | built.stamps.keys() if stamps.get(path) != built.stamps.get(path)}
    if not changed:
        raise Refused("no watched file changed: something else did (a theme file, another plugin's input)")
    outside = sorted(path for path in changed if not Path(path).resolve().is_relative_to(built.catalog_root))
    if outside:
        raise Refused(f"{outside[0]} changed, outside the catalog")
    try:
        catalog = load()
    except CatalogError:
        raise Refused("the catalog has errors") from None
    config, ctx = built.config, built.ctx
    if site.full_nav(built.hand_written_nav, catalog) != config.nav:
        raise Refused("the navigation changed")
    if catalog.apis.keys() != built.catalog.apis.keys():
        raise Refused("APIs were added or removed")
    frames = {slug: api.frame() for slug, api in catalog.apis.items()}
    if frames != built.frames:
        raise Refused("an API changed beyond its codes")
    check_ledger(catalog)
    outcome = Outcome()
    with counting_warnings() as warnings:
        edited_apis = _refresh_code_pages(built, catalog, ctx, outcome)
        _refresh_generated(built, catalog, edited_apis, ctx, outcome)
        if outcome.code_pages or outcome.pages:  # only a page rendered again has new search entries
            _write_search_index(built)
    if warnings.count:
        raise Refused("rendering the edit logged a warning: the full build reports it")
    built.catalog, built.stamps = catalog, stamps
    return outcome


def _refresh_code_pages(built: Built, catalog: Catalog, ctx: SiteContext, outcome: Outcome) -> dict[str, list[Code]]:
    """Render again each code page whose inputs and Markdown changed; return each API's edited codes."""
    by_api: dict[str, dict[str, DirectPage]] = {}
    for direct in built.lane.direct_pages():
        by_api.setdefault(direct.code_page.api, {})[direct.src_uri] = direct
    edited_apis: dict[str, list[Code]] = {}
    rendered: list[DirectPage] = []
    for slug, api in catalog.apis.items():
        if api is built.catalog.apis[slug]:
            continue  # built from the very same reads (errcat.loader): its pages are the ones on disk
        fresh, by_path = list(site.api_code_pages(api, ctx)), by_api.get(slug, {})
        if len(fresh) != len(by_path) or any(page.path not in by_path for page in fresh):
            raise Refused(f"codes of {slug} were added, removed or renamed")
        for page in fresh:
            direct = by_path[page.path]
            old, direct.code_page = direct.code_page, page  # the old catalog is let go either way
            if old.inputs == page.inputs:
                continue
            if old.code != page.code:
                edited_apis.setdefault(slug, []).append(page.code)
            if direct.markdown_digest != digest(page.content):
                rendered.append(direct)
    with _SearchEntries(built) as search:
        for direct in rendered:
            output, entries = built.lane.render_alone(direct)
            write_file(output.encode("utf-8", errors="xmlcharrefreplace"), direct.abs_dest_path)
            search.replace(direct.url, entries)
    outcome.code_pages = len(rendered)
    return edited_apis


def _refresh_generated(built: Built, catalog: Catalog, edited_apis: dict[str, list[Code]], ctx: SiteContext, outcome: Outcome) -> None:
    """The pages and files each edited API generates, the site-wide ones, and the hand-written pages."""
    files_by_path = {file.src_uri: file for file in built.files}
    generated = [site.maintainers_index(catalog)]
    for slug, codes in edited_apis.items():
        api = catalog.apis[slug]
        generated += site.pages_of_api(api, ctx)
        generated.append(site.export_file(slug, built.exports.update(api, codes)))
    if edited_apis:
        generated.append(site.catalog_index(built.exports.index(catalog.apis)))
    pages: list[Page] = []
    for made in generated:
        file = files_by_path.get(made.path)
        if file is None:
            raise Refused(f"{made.path} is new")
        if file.content_string == made.content:
            continue
        file.content_string = made.content
        if file.page is None:  # a static file (an export)
            write_file(made.content.encode("utf-8"), file.abs_dest_path)
            outcome.files += 1
        else:
            pages.append(file.page)
    hand_written = [file.page for file in built.files.documentation_pages() if file.abs_src_path and file.page is not None]
    with _SearchEntries(built) as search:
        rendered = [_render(built, page, search, source_changed=True) for page in pages]
        rendered += [_render(built, page, search, source_changed=False) for page in hand_written]
    outcome.pages = sum(rendered)


def _render(built: Built, page: Page, search: _SearchEntries, source_changed: bool) -> bool:
    """Render ``page`` again as mkdocs builds a page (its plugins' events, the theme) when its source changed or
    its Markdown after the plugins did (a hand-written page's macros read the catalog); return whether it was."""
    config, files = built.config, built.files
    before = built.markdown.get(page.file.src_uri)  # taken first: the page's events record the new one there
    page.__dict__.pop("render", None)  # as a new page has it: the last build's plugins may have replaced it (the render cache does)
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    finally:
        config._current_page = None
    if not source_changed and before == digest(page.markdown or ""):
        return False
    with search.collecting(page.url):
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        mkdocs_build._build_page(page, config, files.documentation_pages(), built.nav, built.env)
    return True


class _SearchEntries:
    """The search plugin's entries while pages are rendered again: each page's new entries are taken aside, and
    put in the place of its old ones at the end (:class:`SearchIndex`)."""

    def __init__(self, built: Built) -> None:
        self._built = built
        index = getattr(search_plugin(built.config), "search_index", None)
        self._entries: list | None = getattr(index, "entries", None)
        self._pending: dict[str, list] = {}

    def __enter__(self) -> _SearchEntries:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None and self._pending and self._entries is not None:
            self._built.search_index.replace(self._entries, self._pending)

    def replace(self, url: str, entries: list) -> None:
        self._pending[url] = entries

    def collecting(self, url: str) -> _Collecting:
        """Take the entries a page adds to the index while it is built, to put them in the old ones' place."""
        return _Collecting(self, url)


@dataclass
class _Collecting:
    search: _SearchEntries
    url: str
    start: int = 0

    def __enter__(self) -> _Collecting:
        entries = self.search._entries
        self.start = len(entries) if entries is not None else 0
        return self

    def __exit__(self, *exc: object) -> None:
        entries = self.search._entries
        if entries is None or exc[0] is not None:
            return
        self.search.replace(self.url, entries[self.start :])
        del entries[self.start :]


def _write_search_index(built: Built) -> None:
    plugin = search_plugin(built.config)
    if plugin is not None and not built.search_index.write(plugin, built.config):
        plugin.on_post_build(config=built.config)


class SearchIndex:
    """The search plugin's entries as runs, one per page in the order a full build gives them, each with its JSON.

    After an edit a few pages' entries change among tens of thousands (30,000 at 10,000 codes): here a
    page's run is replaced without reading the others, and ``search/search_index.json`` is written as
    Material writes it, re-encoding only the new runs. Encoding each entry alone with Material's options
    and joining them with its separator gives the same text as its one ``json.dumps`` of the whole index.
    """

    def __init__(self) -> None:
        self._runs: dict[str, list] = {}  # page URL -> its entries
        self._encoded: dict[str, str] = {}  # page URL -> its entries' JSON, joined
        self._made_from = (0, -1)  # the plugin's list of entries (its id) and its length, as the runs hold them

    def replace(self, entries: list, replacements: dict[str, list]) -> None:
        """Put each page's new entries (``replacements``) in the place of its old ones, in ``entries`` too;
        a page that had none must get none (where its entries would go is unknown)."""
        runs = self._runs_of(entries)
        if runs is None:
            raise Refused("the search index does not keep each page's entries together")
        for url, new in replacements.items():
            if url not in runs and new:
                raise Refused(f"the page {url!r} has search entries now and had none")
        for url, new in replacements.items():
            if url in runs:
                runs[url] = new
                self._encoded.pop(url, None)
        entries[:] = [entry for run in runs.values() for entry in run]
        self._made_from = (id(entries), len(entries))

    def write(self, plugin: Any, config: MkDocsConfig) -> bool:
        """Write the index as ``plugin.on_post_build`` would; False when this is not the plugin it knows."""
        text = self.text(plugin)
        if text is not None:
            write_file(text.encode("utf-8"), os.path.join(config.site_dir, "search", "search_index.json"))
        return text is not None

    def text(self, plugin: Any) -> str | None:
        """The index as ``plugin`` would write it now, or None; runs not encoded before are encoded and kept."""
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", None)
        known = type(plugin).__module__.startswith("material.plugins.search") and isinstance(entries, list)
        if not known or not plugin.config.enabled or getattr(plugin, "search_index_prev", None) is not None:
            return None
        index.entries = []
        try:
            empty = index.generate_search_index(None)
        finally:
            index.entries = entries
        if not empty.endswith(_NO_DOCS):
            return None
        runs = self._runs_of(entries)
        if runs is None:
            return None
        texts = []
        for url, run in runs.items():
            if url not in self._encoded:
                self._encoded[url] = ",".join(json.dumps(entry, separators=(",", ":"), default=str) for entry in run)
            if run:
                texts.append(self._encoded[url])
        return empty[: -len(_NO_DOCS)] + '"docs":[' + ",".join(texts) + "]}"

    def _runs_of(self, entries: list) -> dict[str, list] | None:
        """The runs, found again when ``entries`` is not what they were made from; None when some page's
        entries are not all together (then they are not a page's run)."""
        if self._made_from != (id(entries), len(entries)):
            runs: dict[str, list] = {}
            last = None
            for entry in entries:
                url = entry.get("location", "").partition("#")[0]
                if url != last and url in runs:
                    return None
                runs.setdefault(url, []).append(entry)
                last = url
            self._runs, self._encoded, self._made_from = runs, {}, (id(entries), len(entries))
        return self._runs


_NO_DOCS = '"docs":[]}'


# How often mkdocs serve looks at the watch list (the catalog) for edits, at most and at least: mkdocs polls
# every half second, so an edit waited a quarter of a second on average before anything else happened.
FASTEST_POLL, SLOWEST_POLL = 0.1, 0.5
POLL_SHARE = 0.05  # of one core, at most, spent looking at the watched files


def quicken_polling(observer: object, watched: Iterable[str]) -> float | None:
    """Let ``observer`` (the server's, from ``on_serve``) poll what is watched from now on, the config's
    ``watch`` list, up to ten times a second; return the interval, or None if it is not mkdocs' polling
    observer. A large watch list is polled less often: one look takes at most ``POLL_SHARE`` of a core."""
    if not isinstance(observer, PollingObserver) or not isinstance(getattr(observer, "_timeout", None), (int, float)):
        return None
    start = time.perf_counter()
    snapshot(list(watched))
    look = time.perf_counter() - start
    interval = min(max(FASTEST_POLL, look / POLL_SHARE), SLOWEST_POLL, observer.timeout)
    observer._timeout = interval  # watchdog gives each watch scheduled later an emitter polling at this interval
    return interval


def settle_heap(after_full_build: bool) -> None:
    """Keep Python's cycle collector from pausing an update: what a build leaves is moved out of its sight.

    At 10,000 codes a full collection of what a build keeps takes about 0.2 s, and one falls inside an
    update every few edits. Frozen objects are still freed when their last reference goes; only garbage
    *cycles* among them wait, for the next full build, which unfreezes and collects everything first.
    """
    if after_full_build:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)  # the update's own young cycles: only objects made since the last freeze are scanned
    gc.freeze()


class Rebuilder:
    """The server's builder: :func:`refresh` when the last build left what it needs and the edit allows it,
    else mkdocs' full rebuild."""

    def __init__(self, full: Callable[..., None], quick: Callable[[], Outcome]) -> None:
        self._full = full
        self._quick = quick

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        if config is None:
            start = time.perf_counter()
            try:
                outcome = self._quick()
            except Refused as why:
                log.info(f"errcat: building the whole site: {why}")
            except Exception as exc:  # anything unforeseen: the full rebuild puts the whole site right
                log.info(f"errcat: the quick rebuild failed ({type(exc).__name__}: {exc}); building the whole site")
            else:
                log.info(
                    f"errcat: catalog edit shown in {time.perf_counter() - start:.2f} s: {outcome.code_pages} code pages, "
                    f"{outcome.pages} other pages and {outcome.files} files rendered again"
                )
                return
        self._full(config)
