"""The mkdocs plugin: ``plugins: [search, errcat]`` is all the mkdocs integration a site needs.

Each event is short and delegates to errcat's engine-independent modules (:mod:`errcat.site` plans
the pages, :mod:`errcat.verify` checks the output). The plugin brings its own theme files (the
unknown-code 404 page, Open Graph tags, the message-fill script and the styles) and checks the
Markdown extensions its pages rely on, so a site never copies them by hand.
"""

from __future__ import annotations

import logging
import os
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import CatalogError, files as catalog_files, ledger, links, publish, site, verify
from ..exports.json_parts import PartedExports
from ..model import Catalog
from ..render.code_page import NAV_PARENT, SiteContext
from . import conversion_cache, direct_pages, live, tables
from .config import ErrcatConfig
from .requirements import missing_extensions

log = logging.getLogger("mkdocs.plugins.errcat")

THEME_DIR = Path(__file__).parent / "theme"
# Site paths of the plugin's own assets (files under theme/, which mkdocs copies like the theme's own).
SCRIPTS = ("assets/errcat/message.js", "assets/errcat/filter.js")  # filter.js: the Codes page and matrix filter box
STYLESHEETS = ("assets/errcat/errcat.css",)


class _CompiledTemplates(BytecodeCache):
    """The theme's templates compiled, kept for the process. Jinja checks each entry against the template's
    source before it uses it, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (compiled := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


class ErrcatPlugin(BasePlugin[ErrcatConfig]):
    previewing = False  # under ``mkdocs serve``: a preview publishes nothing, so the ledger only informs
    conversions: conversion_cache.ConversionCache | None = None  # this build's render cache
    lane: direct_pages.DirectLane | None = None  # renders the code pages, unless they go through mkdocs
    listings: tables.TableConverter | None = None  # converts errcat's listing pages row by row, with the lane

    def __init__(self) -> None:
        super().__init__()
        self._marked: list[Page] = []  # nav entries marked active for the code page being rendered
        self._nav: Navigation | None = None
        self._files: Files | None = None
        self._env: Environment | None = None
        self._exports: PartedExports | None = None
        # Under mkdocs serve: what the build in progress will leave for live.refresh, and the last complete build's.
        self._starting: tuple[dict[str, live.Stamp], list] = ({}, [])
        self._markdown: dict[str, bytes] = {}
        self._built: live.Built | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.previewing = command == "serve"
        if self.previewing:
            catalog_files.remember_reads()  # a rebuild parses only the catalog files that changed

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the site's setup, load the catalog and put one navigation section per API after the home page."""
        if self.previewing:  # what is watched is stamped before anything is read: an edit during the build is seen
            self._built, self._markdown = None, {}
            self._starting = (live.snapshot(_watched(config)), list(config.nav or []))
        problems = missing_extensions(config.markdown_extensions, config.mdx_configs)
        if problems:
            raise PluginError("\n".join(problems))
        self._add_theme_files(config)
        catalog = self._catalog(config)
        self._check_ledger(config, catalog)
        config.nav = site.full_nav(list(config.nav or []), catalog)
        dev_server = (config.dev_addr.host, config.dev_addr.port)
        if (mismatch := publish.site_url_mismatch(config.site_url, os.environ.get(links.SITE_URL_ENV), dev_server)) is not None:
            raise PluginError(mismatch)
        if not _site_context(config).absolute:
            log.info(publish.missing_base_url_notice())  # INFO: a relative build is valid, so --strict passes
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add errcat's pages; fail, naming each, when one would be built where a file of the site already is."""
        ctx = _site_context(config)
        catalog = self._catalog(config)
        project = Path(config.config_file_path).parent
        taken = site.SiteFiles({f.dest_uri: _shown(f, project) for f in files})
        if (why_not := direct_pages.unusable(config)) is not None:
            log.debug(f"errcat: code pages go through mkdocs: {why_not}")
        lane = self.lane = direct_pages.DirectLane(config, keep_digests=self.previewing) if why_not is None else None
        self._exports = PartedExports(ctx) if self.previewing else None
        planned = chain(site.pages(catalog, ctx, with_codes=lane is None), site.static_files(catalog, ctx, self._exports))
        made = [(generated, File.generated(config, generated.path, content=generated.content)) for generated in planned]
        made += [(code_page, lane.file(code_page)) for code_page in site.code_pages(catalog, ctx)] if lane else []
        clashes = []
        for generated, file in made:
            if (clash := taken.replaced_by(generated, file.dest_uri)) is not None:
                clashes.append(clash)
            files.append(file)
        if clashes:
            raise PluginError("\n".join(clashes))
        direct_pages.index_without_listings(config)  # before the render cache wraps the search plugin's indexer
        self.conversions = conversion_cache.start(config, files)
        self.listings = tables.TableConverter(config, {file.src_uri for _, file in made}) if lane is not None else None
        return files

    @event_priority(-100)  # after macros: the cache is keyed on the Markdown that is converted
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Convert only pages whose Markdown changed since a build with the same config and files."""
        by_rows = self.listings is not None and self.listings.prepare(page)  # first: a stored conversion still wins
        # ... except under mkdocs serve, where a listing page is converted, so that its rows are kept in the
        # process for the next edit (errcat/mkdocs/live.py): restored whole, it would leave none.
        if self.conversions is not None and not (self.previewing and by_rows):
            self.conversions.prepare(markdown, page)
        if self.previewing:
            self._markdown[page.file.src_uri] = direct_pages.digest(markdown)
        return markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.conversions is not None:
            self.conversions.set_nav(nav)
        self._nav = nav
        return nav

    @event_priority(-100)  # the last to see the environment: the code pages are rendered with it as it is
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if env.bytecode_cache is None:  # mkdocs serve makes a new environment per rebuild: compile each template once
            env.bytecode_cache = COMPILED_TEMPLATES
        self._files, self._env = files, env
        if self.lane is not None:
            self.lane.start(files, self._nav, env, self.conversions)
        return env

    @event_priority(-100)  # after search, which indexes the page and edits its HTML first
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """A code page is in no nav entry: mark its API's code index active, so the sidebar shows where it is.

        Marked before the render cache looks at the page: a stored output was printed with the same marks,
        since the page's front matter (in its Markdown, the cache's key) names the entry.
        """
        parent = page.meta.get(NAV_PARENT)
        for entry in nav.pages if parent else ():
            if entry.file.src_uri == parent:
                entry.active = True  # marks its API's section too; undone in on_post_page
                self._marked.append(entry)
        return context if self.conversions is None else self.conversions.context(context, page)

    @event_priority(100)  # before any other plugin changes the output: a stored output gets the same changes again
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.conversions is not None:
            self.conversions.rendered(output, page)
        while self._marked:
            self._marked.pop().active = False
        return output

    @event_priority(100)  # before the search plugin writes its index
    def _finish_pages(self, config: MkDocsConfig) -> None:
        if self.lane is not None:
            self.lane.finish()
        if self.listings is not None:
            self.listings.finish()

    def _verify(self, config: MkDocsConfig) -> None:
        """Nothing lost: every code has its page, and every link and anchor in the built site resolves."""
        if self.conversions is not None:
            self.conversions.finish()
        if not self.config.verify:
            return
        if self.previewing:  # a preview publishes nothing; checking 10,000 pages after every edit would slow it
            log.info("errcat: mkdocs serve does not check the built site; mkdocs build does")
            return
        problems = verify.verify_site(Path(config.site_dir), self._catalog(config), urlsplit(config.site_url or "/").path)
        if problems:
            raise PluginError(verify.report(problems))

    @event_priority(-100)  # after the search plugin wrote its index: the build is complete
    def _keep_for_serve(self, config: MkDocsConfig) -> None:
        """Under mkdocs serve, what an edit to the catalog alone needs to update this build in place."""
        if not self.previewing or self.lane is None or self._nav is None or self._files is None or self._env is None or self._exports is None:
            return
        stamps, hand_written_nav = self._starting
        self._built = live.Built(
            config, _site_context(config), self._files, self._nav, self._env, self.lane, self._catalog(config), self.catalog_root(config).resolve(),
            hand_written_nav, _watched(config), stamps, self._markdown, self._exports,
        )
        self._built.search_index.text(conversion_cache.search_plugin(config))  # each entry encoded now, not on the first edit
        live.settle_heap(after_full_build=True)

    on_post_build = CombinedEvent(_finish_pages, _verify, _keep_for_serve)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Rebuild after an edit to the catalog alone by rendering only what it changed, and notice the edit
        sooner (:mod:`errcat.mkdocs.live`)."""
        server.builder = live.Rebuilder(builder, self._refresh)
        interval = live.quicken_polling(getattr(server, "observer", None), config.watch)  # before mkdocs watches config.watch
        if interval is not None:
            log.info(f"errcat: mkdocs serve looks for edits to {', '.join(map(str, config.watch))} every {interval:.2f} s")
        return server

    def _refresh(self) -> live.Outcome:
        built = self._built
        if built is None:
            raise live.Refused("the last build did not complete, or its code pages went through mkdocs")
        self._built = None  # until the update completes: a failed one leaves the site to the full rebuild
        outcome = live.refresh(
            built,
            lambda: site.catalog_for(built.catalog_root, self.config.apis),
            lambda catalog: self._check_ledger(built.config, catalog),
        )
        self._built = built
        live.settle_heap(after_full_build=False)
        return outcome

    def catalog_root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.catalog

    def _catalog(self, config: MkDocsConfig) -> Catalog:
        try:
            return site.catalog_for(self.catalog_root(config), self.config.apis)
        except CatalogError as exc:
            raise PluginError(f"errcat: the catalog has errors:\n{exc}") from None

    def _check_ledger(self, config: MkDocsConfig, catalog: Catalog) -> None:
        """What ``errcat check`` says of the ledger, said by the build too: a published code deleted or reused
        is a warning (so ``--strict`` fails with check's message); a new code not yet recorded is only noted.
        ``mkdocs serve`` only notes both: an editor rewording a title sees the result before recording it."""
        if site.selected_apis(self.config.apis) is not None:
            return  # a partial build cannot tell a deleted code from one left out
        violations, unrecorded = ledger.check_parts(self.catalog_root(config), catalog)
        for problem in violations:
            (log.info if self.previewing else log.warning)(f"errcat: {problem}")
        for problem in unrecorded:
            log.info(f"errcat: {problem}")

    def _add_theme_files(self, config: MkDocsConfig) -> None:
        """Templates and assets: after the site's own custom_dir (which may override them), before the theme's."""
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        for script in SCRIPTS:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        for sheet in STYLESHEETS:
            if sheet not in config.extra_css:
                config.extra_css.append(sheet)


def _watched(config: MkDocsConfig) -> tuple[str, ...]:
    """What mkdocs serve watches: the docs folder, mkdocs.yml and the config's ``watch`` list (the catalog)."""
    return tuple(str(path) for path in (config.docs_dir, config.config_file_path, *config.watch) if path)


def _site_context(config: MkDocsConfig) -> SiteContext:
    return SiteContext(config.site_url or "/")


def _shown(file: File, project: Path) -> str:
    """How an error names a file of the site: relative to the project (docs/performance.md)."""
    return os.path.relpath(file.abs_src_path, project) if file.abs_src_path else file.src_uri
