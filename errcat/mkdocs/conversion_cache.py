"""The render cache (:mod:`errcat.engines.render_cache`) wired into mkdocs' page events.

At ``on_page_markdown``, run after every other plugin (macros included) so the key is the Markdown
that is converted, a hit replaces the page's ``render`` with one that restores the stored result;
a miss wraps it to store what it produces, unless the conversion logged a warning. What is stored
is exactly what mkdocs' ``Page.render`` sets: the HTML, the table of contents, the title taken from
the first heading, the page's anchors and its links to other pages' anchors (by source path, since
File objects belong to one build). The search plugin's entries for the page are kept the same way.

The page's whole output (what the theme's template renders, before ``on_post_page``) is kept too,
under the Markdown's key, the page's URL and fingerprints of the navigation and of the theme files
outside installed packages: a page whose output is stored is given a one-line template that prints
it, so neither conversion nor the theme's templates run for it. ``ERRCAT_RENDER_CACHE=0`` turns it
all off (the plain path).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..engines.render_cache import RenderCache, global_key

SWITCH_ENV = "ERRCAT_RENDER_CACHE"
FOLDER = Path(".cache") / "errcat-render"  # beside mkdocs.yml
CACHED_PAGE_TEMPLATE = "errcat-cached-page.html"  # in errcat's theme folder: prints errcat_cached_page
_PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "pygments", "mkdocs-macros-plugin", "errcat")


def enabled() -> bool:
    return os.environ.get(SWITCH_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def _settings(config: MkDocsConfig) -> bytes:
    """The site's settings as loaded (a parent config named by INHERIT and !ENV values included), as bytes.

    Objects YAML tags put there (``!!python/name:`` functions) are named by module and qualified name.
    Where the site is written and served from (``--site-dir``, ``--dev-addr``) changes no page.
    """
    where = {"site_dir", "dev_addr"}
    with warnings.catch_warnings():  # ProperDocs keeps user_configs but warns, with a stack, that it will go
        warnings.simplefilter("ignore", DeprecationWarning)
        layers = getattr(config, "user_configs", None)
    if layers is None:  # an engine without it: the settings as validated, which the layers also decide
        layers = [dict(config.items())]
    settings = [{key: value for key, value in layer.items() if key not in where} for layer in layers]

    def name(value: object) -> str:
        return f"{type(value).__module__}.{getattr(value, '__qualname__', type(value).__qualname__)}"

    return json.dumps(settings, sort_keys=True, default=name).encode("utf-8", "surrogatepass")


def _version(package: str) -> str:
    try:
        return f"{package}={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package}=none"


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def counting_warnings() -> Iterator[_WarningCounter]:
    """Count what mkdocs logs at WARNING or above inside the block: a page whose rendering warned is never
    stored, so its warning shows on every build."""
    counter = _WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)


def _stored(page: Page) -> dict[str, Any]:
    links = {target.src_uri: anchors for target, anchors in (page.links_to_anchors or {}).items()}
    return {
        "content": page.content,
        "toc": page.toc,
        "title": page._title_from_render,
        "anchors": page.present_anchor_ids,
        "links_to_anchors": links,
    }


def _restore(page: Page, result: dict[str, Any], files: Files) -> None:
    page.content = result["content"]
    page.toc = result["toc"]
    page._title_from_render = result["title"]
    page.present_anchor_ids = result["anchors"]
    targets = ((files.get_file_from_path(src), anchors) for src, anchors in result["links_to_anchors"].items())
    page.links_to_anchors = {file: anchors for file, anchors in targets if file is not None}


def _nav_fingerprint(items: list) -> str:
    """Every nav entry's kind, title and URL, in order: what the theme's navigation is drawn from."""
    digest = hashlib.sha256()

    def walk(entries: list, depth: int) -> None:
        for item in entries:
            digest.update(f"{depth}\0{type(item).__name__}\0{item.title}\0{getattr(item, 'url', '')}\n".encode("utf-8", "surrogatepass"))
            if isinstance(item, Section):
                walk(item.children, depth + 1)

    walk(items, 0)
    return digest.hexdigest()


def _theme_fingerprint(config: MkDocsConfig) -> str:
    """The bytes of the theme's own files outside installed packages (a site's custom_dir, errcat's
    editable theme); installed themes are covered by their package version in the global key."""
    digest = hashlib.sha256()
    for folder in config.theme.dirs:
        root = Path(folder).resolve()
        if {"site-packages", "dist-packages"} & set(root.parts):
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin (Material's, or mkdocs' own), or None."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def build_key(config: MkDocsConfig, files: Files) -> str:
    """What every page's conversion depends on besides its own Markdown (the render cache's global key).

    The engine running the build is part of it: ProperDocs reads the same mkdocs.yml but prints its own
    name in every page's generator tag, so a page stored by one engine is never printed by the other.
    """
    engine = type(config).__module__.partition(".")[0]
    return global_key(
        Path(config.config_file_path).read_bytes() + b"\0" + _settings(config),
        config.site_url or "",
        [f"engine={engine}", *(_version(p) for p in _PACKAGES)],
        (f"{f.src_uri}\0{f.dest_uri}" for f in files),
    )


class ConversionCache:
    """One build's use of the render cache; the plugin makes one per build (``start``)."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        """Open the cache for this build's global key (config bytes, base URL, package versions, file list)."""
        self._cache = RenderCache(Path(config.config_file_path).parent / FOLDER, build_key(config, files))
        self._page_keys: dict[str, str] = {}  # source path -> the key of the Markdown it converted in this build
        self._theme = _theme_fingerprint(config)
        self._nav = ""  # set by on_nav, before any page is read
        self._outputs: dict[str, str] = {}  # source path -> key of its whole output
        self._cached_outputs: set[str] = set()  # source paths whose stored output this build prints
        self._warned: set[str] = set()  # pages whose conversion warned: their output is never stored
        self._cache_search_entries(config)

    def set_nav(self, nav: Navigation) -> None:
        self._nav = _nav_fingerprint(nav.items)

    def _output_key(self, kind: str, url: str, page_key: str) -> str:
        """The key of a page's whole output: its Markdown's key, its URL, the navigation and the theme."""
        return f"{kind}-" + RenderCache.page_key(f"{url}\0{self._nav}\0{self._theme}", page_key)

    def prepare(self, markdown: str, page: Page) -> None:
        """Make ``page.render`` restore a stored conversion of ``markdown``, or store the one it makes."""
        cache, key = self._cache, RenderCache.page_key(page.file.src_uri, markdown)
        self._page_keys[page.file.src_uri] = key
        output_key = self._outputs[page.file.src_uri] = self._output_key("page", page.url, key)
        self._cached_outputs.discard(page.file.src_uri)  # what an earlier rendering of the page found (mkdocs serve)
        self._warned.discard(page.file.src_uri)
        if cache.has(output_key):
            self._cached_outputs.add(page.file.src_uri)
            page.meta["template"] = CACHED_PAGE_TEMPLATE
        hit = cache.get(key)
        if hit is not None:
            page.render = lambda config, files: _restore(page, hit, files)  # type: ignore[method-assign]
            return
        convert = page.render

        def render_and_store(config: MkDocsConfig, files: Files) -> None:
            with counting_warnings() as counter:
                convert(config, files)
            if counter.count == 0:
                cache.put(key, _stored(page))
            else:
                self._warned.add(page.file.src_uri)

        page.render = render_and_store  # type: ignore[method-assign]

    def context(self, context: dict[str, Any], page: Page) -> dict[str, Any]:
        """Give the one-line template of a page with a stored output what it prints."""
        source = page.file.src_uri
        if source in self._cached_outputs:
            output = self._cache.get(self._outputs[source])
            if output is None:  # removed since prepare() saw it (another build pruning the same folder)
                raise PluginError(f"errcat: the render cache lost {source} during the build: build again, or set {SWITCH_ENV}=0")
            context["errcat_cached_page"] = Markup(output)
        return context

    def rendered(self, output: str, page: Page) -> None:
        """Keep what the theme rendered for ``page`` (before any plugin's ``on_post_page`` changes it)."""
        source = page.file.src_uri
        if source in self._outputs and source not in self._cached_outputs and source not in self._warned:
            self._cache.put(self._outputs[source], output)

    def output_key(self, source: str, url: str, markdown: str) -> str:
        """The key of a page's whole output and search entries, for pages rendered outside mkdocs' page
        events (:mod:`errcat.mkdocs.direct_pages`)."""
        return self._output_key("direct", url, RenderCache.page_key(source, markdown))

    def stored(self, key: str) -> dict[str, Any] | None:
        return self._cache.get(key)

    def store(self, key: str, result: dict[str, Any]) -> None:
        self._cache.put(key, result)

    def finish(self) -> None:
        """Forget what this build did not use."""
        self._cache.prune()

    def _cache_search_entries(self, config: MkDocsConfig) -> None:
        """Let the search plugin reuse a page's index entries when the page is unchanged.

        Material's search plugin parses every page's HTML again on every build (a quarter of a cold
        build, most of a warm one). A page's entries depend on its HTML, table of contents and front
        matter (all fixed by its Markdown's key), its URL and its title (which the nav may give): those
        make the key. When the plugin is not the one this was written against (no ``search_index`` with
        ``entries`` and ``add_entry_from_context``), nothing is changed and it indexes as it always did.
        """
        index = getattr(search_plugin(config), "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if add is None or not isinstance(getattr(index, "entries", None), list):
            return
        cache, page_keys = self._cache, self._page_keys

        def add_entries(page: Page) -> None:
            page_key = page_keys.get(page.file.src_uri)
            if page_key is None:
                add(page)
                return
            key = "search-" + RenderCache.page_key(f"{page.url}\0{page.title}", page_key)
            entries = cache.get(key)
            if entries is None:
                start = len(index.entries)
                add(page)
                cache.put(key, index.entries[start:])
            else:
                index.entries.extend(entries)

        index.add_entry_from_context = add_entries


def start(config: MkDocsConfig, files: Files) -> ConversionCache | None:
    """This build's cache, or None when ``ERRCAT_RENDER_CACHE`` turns it off."""
    return ConversionCache(config, files) if enabled() else None
