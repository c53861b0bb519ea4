"""Code pages rendered by errcat itself, beside mkdocs' page pipeline: the fast lane.

A catalog's code pages are thousands of pages of a few known shapes. Fed to mkdocs as Markdown
files, each one pays for a new Markdown converter, every plugin's page events, the search plugin
parsing its HTML again, and the theme's templates drawing the whole navigation again. Here each
code page is a file mkdocs copies (:class:`DirectPage`, so links to it still resolve and
validation still sees it), and its HTML is produced when mkdocs copies it:

- converted by one Markdown converter kept for the whole build, with mkdocs' own link and title
  processors registered for each page, so links resolve exactly as on any other page (not its anchor
  processors, which only collect ids that nothing reads for a code page);
- given to the search plugin as mkdocs would give it;
- printed into the theme through a *shell*: the theme's output for pages of one shape (same
  template, navigation section, table of contents and front matter keys), rendered by the real
  templates with probe values, then filled in for each page. A shell is trusted only after the two
  first pages of its shape printed through it equal what the templates print for them;
  otherwise pages of that shape go through the templates one by one.

The result is the same file mkdocs writes for the page (tests build both and compare every page).
The lane is used only when every other plugin of the site is one whose page events it stands in for
(``search``, ``macros``, which errcat's pages switch off); with any other plugin, or with
``ERRCAT_DIRECT_PAGES=0``, code pages go through mkdocs like every other page.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import markdown
from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils.meta import get_data

from ..render.code_page import NAV_PARENT
from ..site import CodePage
from . import highlighting, inline_filter, search_parsing
from .conversion_cache import ConversionCache, counting_warnings, search_plugin

log = logging.getLogger("mkdocs.plugins.errcat")

SWITCH_ENV = "ERRCAT_DIRECT_PAGES"
# Plugins whose page events the lane stands in for: search (given each page as mkdocs gives it),
# macros (errcat's pages say render_macros: false) and errcat itself.
STOOD_IN_FOR = {"search", "material/search", "macros", "errcat"}
_HELPERS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor")


def digest(*parts: bytes | str) -> bytes:
    """A short hash of ``parts``: what tells two versions of a page's Markdown apart under ``mkdocs serve``
    (:mod:`errcat.mkdocs.live`), and the key of a kept table row (:mod:`errcat.mkdocs.tables`), so neither
    keeps the text itself (10,000 pages' would be held)."""
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        hashed.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.digest()


def unusable(config: MkDocsConfig) -> str | None:
    """Why code pages must go through mkdocs' page pipeline on this site, or None."""
    if os.environ.get(SWITCH_ENV, "1").strip().lower() in ("0", "false", "no", "off"):
        return f"{SWITCH_ENV} is off"
    others = sorted(set(config.plugins) - STOOD_IN_FOR)
    if others:
        return f"the site uses plugin(s) whose page events errcat does not stand in for: {', '.join(others)}"
    if not all(hasattr(mkdocs_pages, helper) for helper in _HELPERS) or not hasattr(mkdocs_build, "_build_theme_template"):
        return "this mkdocs version does not have the page processors and template builders errcat reuses"
    return None


class DirectPage(File):
    """A code page mkdocs copies like a static file; its HTML is rendered when it is copied."""

    def __init__(self, page: CodePage, config: MkDocsConfig, lane: DirectLane) -> None:
        as_page = File(page.path, None, config.site_dir, config.use_directory_urls)
        super().__init__(page.path, None, config.site_dir, config.use_directory_urls, dest_uri=as_page.dest_uri)
        self.generated_by = "errcat"
        self.code_page = page
        self.markdown_digest = b""  # of the Markdown it was last rendered from (noted under mkdocs serve only)
        self._lane = lane

    def is_documentation_page(self) -> bool:
        return False  # mkdocs builds no Page for it; the lane renders it

    def is_modified(self) -> bool:
        return True

    def copy_file(self, dirty: bool = False) -> None:
        output_path = self.abs_dest_path
        os.makedirs(os.path.dirname(output_path), exist_ok=True)
        with open(output_path, "wb") as out:
            out.write(self._lane.render(self).encode("utf-8", errors="xmlcharrefreplace"))


_LinkProcessor = mkdocs_pages._RelativePathTreeprocessor  # mkdocs' own, or one that stands in for it


class Conversion(NamedTuple):
    """What ``Page.render`` takes from one conversion."""

    html: str
    toc: TableOfContents
    title: str | None  # the first heading's, when the page starts with an ``<h1>``
    anchors: set[str]
    links: _LinkProcessor  # its ``links_to_anchors``: the page's links to anchors


class Converter:
    """One Markdown converter for many pages, set up for each as mkdocs sets up its converter for a page
    (a new converter per page costs more than converting a code page)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self.md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        inline_filter.install(self.md)  # the same output, without trying patterns that cannot match

    def convert(
        self, text: str, file: File, files: Files, links: _LinkProcessor | None = None, raw_anchors: bool = True, anchors: bool = True
    ) -> Conversion:
        """``text`` converted as on the page of ``file``, with mkdocs' link, anchor and title processors
        (``links``: one that stands in for mkdocs' link processor; ``raw_anchors`` false: the caller has shown
        that no raw HTML tag in ``text`` has an id or name, so mkdocs' pass over it with an HTML parser is skipped;
        ``anchors`` false: the caller reads no anchors, so neither of mkdocs' anchor processors runs; they only
        collect ids and change nothing in the output)."""
        md = self.md
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        if raw_anchors and anchors:
            raw_html._register(md)
        elif "mkdocs_raw_html" in md.preprocessors:
            md.preprocessors.deregister("mkdocs_raw_html")
        found = mkdocs_pages._ExtractAnchorsTreeprocessor(file, files, self._config)
        if anchors:
            found._register(md)
        elif "mkdocs_extract_anchors" in md.treeprocessors:
            md.treeprocessors.deregister("mkdocs_extract_anchors")
        links = links or mkdocs_pages._RelativePathTreeprocessor(file, files, self._config)
        links._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        html = md.convert(text)
        toc = get_toc(getattr(md, "toc_tokens", []))
        return Conversion(html, toc, title.title, found.present_anchor_ids | raw_html.present_anchor_ids, links)

    def render_code_page(self, page: Page, files: Files) -> None:
        """What ``Page.render`` sets that a code page's output needs: content, toc, the title from the first
        heading. Not its anchors: a code page is no mkdocs page, so mkdocs checks no link against them, and
        nothing else reads them (``errcat verify`` checks every anchor in the built HTML); collecting them
        was an HTML parser's pass over every code page."""
        done = self.convert(page.markdown or "", page.file, files, anchors=False)
        page.content, page.toc, page._title_from_render = done.html, done.toc, done.title


def _headings(page: Page) -> list[AnchorLink]:
    """The page's table of contents, depth first."""
    found: list[AnchorLink] = []

    def walk(items: list[AnchorLink]) -> None:
        for item in items:
            found.append(item)
            walk(item.children)

    walk(list(page.toc))
    return found


def _values(page: Page) -> dict[str, str]:
    """What a page's output is filled with: slot name -> its value on the page. Each heading's text and
    anchor is a slot, so pages whose tables of contents differ only in words share a shell."""
    values = {
        "content": page.content or "",
        "title": str(page.meta.get("title", "")),
        "description": str(page.meta.get("description", "")),
    }
    for number, heading in enumerate(_headings(page)):
        values[f"heading{number}"], values[f"anchor{number}"] = heading.title, heading.id
    return values


_OPEN, _CLOSE = "\ue000{}\ue001", "\ue002"  # private-use characters around a probed value: no filter changes them
_TAIL = ' <b class="x">&amp; "q" \'s\'</b>  end'  # added to a value, it shows how the templates transform it
# How a template may print a value, by what it makes of the value and of the value with the tail.
_PRINTS: tuple[Callable[[str], str], ...] = (
    lambda value: value,
    lambda value: str(escape(value)),
    lambda value: Markup(value).striptags(),
    lambda value: str(escape(Markup(value).striptags())),
)
_PROBED = re.compile("\ue000(\\w+)\ue001(.*?)\ue002", re.DOTALL)


def _set(page: Page, values: dict[str, str]) -> None:
    page.content = values["content"]
    page.meta["title"] = values["title"]
    page.meta["description"] = values["description"]
    for number, heading in enumerate(_headings(page)):
        heading.title, heading.id = values[f"heading{number}"], values[f"anchor{number}"]


_URL = object()  # in a shell: where the page's own URL goes


@dataclass
class _Shell:
    """A theme output cut at the pages' own values: literal text, (slot, how it is printed) pairs, and the
    places of the page's URL (a canonical or Open Graph link), found as a whole path, not inside another."""

    parts: list[str | tuple[str, Callable[[str], str]] | object]
    verified: int = 0  # pages whose filled output was compared with the templates' and was equal

    def fill(self, page: Page, values: dict[str, str]) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part is _URL:
                out.append(page.url)
            else:
                slot, printed = part  # type: ignore[misc]
                out.append(printed(values[slot]))
        return "".join(out)


def _with_url(literal: str, url: str) -> list[str | object]:
    """``literal`` split at each whole occurrence of ``url`` (after a quote, slash or space, not inside a longer path)."""
    if not url or url not in literal:
        return [literal] if literal else []
    pieces: list[str | object] = []
    for number, piece in enumerate(re.split(r"(?<![\w.~%-])" + re.escape(url), literal)):
        pieces += ([_URL] if number else []) + ([piece] if piece else [])
    return pieces


def _cut(probed: str, tailed: str, values: dict[str, str], url: str) -> _Shell | None:
    """The shell seen in two outputs of one page: ``probed``, its values marked, and ``tailed``, the tail added
    to each; None when a value is printed in a way this does not know.

    Values are probed with themselves (marked), not with stand-ins, so whatever a template tests about a
    value (Material adds an ``<h1>`` when the content has none) comes out as it does for the page itself.
    """
    parts: list[str | tuple[str, Callable[[str], str]] | object] = []
    first, second = _PROBED.split(probed), _PROBED.split(tailed)
    if len(first) != len(second):
        return None
    for at in range(0, len(first) - 1, 3):
        literal, slot, shown = first[at : at + 3]
        if second[at] != literal or second[at + 1] != slot or slot not in values:
            return None
        printed = next((how for how in _PRINTS if how(values[slot]) == shown and how(values[slot] + _TAIL) == second[at + 2]), None)
        if printed is None:
            return None
        parts += [*_with_url(literal, url), (slot, printed)]
    if first[-1] != second[-1]:
        return None
    return _Shell(parts + _with_url(first[-1], url))


@dataclass
class _Shells:
    """One shell per page shape; a shape whose shell failed a comparison is rendered by the templates."""

    render: Callable[[Page], str]  # the templates' output for a page, as mkdocs renders it
    shells: dict[tuple, _Shell | None] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=lambda: {"filled": 0, "templated": 0})

    def output(self, page: Page) -> str:
        key = _shape(page)
        values = _values(page)
        if key not in self.shells:
            self.shells[key] = self._learn(page, values)
        shell = self.shells[key]
        if shell is not None and shell.verified >= 2:
            self.stats["filled"] += 1
            return shell.fill(page, values)
        self.stats["templated"] += 1
        output = self.render(page)
        if shell is not None:
            if shell.fill(page, values) == output:
                shell.verified += 1
            else:
                self.shells[key] = None
        return output

    def _learn(self, page: Page, values: dict[str, str]) -> _Shell | None:
        try:
            _set(page, {slot: _OPEN.format(slot) + value + _CLOSE for slot, value in values.items()})
            probed = self.render(page)
            _set(page, {slot: _OPEN.format(slot) + value + _TAIL + _CLOSE for slot, value in values.items()})
            tailed = self.render(page)
        finally:
            _set(page, values)
        return _cut(probed, tailed, values, page.url)


def _shape(page: Page) -> tuple:
    """What the theme's output depends on besides the slots and the URL: front matter and the headings' levels."""
    meta = tuple(sorted((key, repr(value)) for key, value in page.meta.items() if key not in ("title", "description", "tags")))
    has_heading = "<h1" in (page.content or "")  # Material's content template tests this

    def levels(items: list[AnchorLink]) -> tuple:
        return tuple((item.level, levels(item.children)) for item in items)

    return (meta, has_heading, levels(list(page.toc)))


class DirectLane:
    """The build's code pages: made into :class:`DirectPage` files, rendered when mkdocs copies them."""

    def __init__(self, config: MkDocsConfig, keep_digests: bool = False) -> None:
        """``keep_digests``: note each page's Markdown digest, for ``mkdocs serve`` to tell which pages an edit changed."""
        self._config = config
        self._keep_digests = keep_digests
        highlighting.install()
        search_parsing.install()
        self._converter = Converter(config)
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._env: Environment | None = None
        self._cache: ConversionCache | None = None
        self._reused = 0  # pages printed from the render cache
        self._direct: list[DirectPage] = []
        self._shells = _Shells(self._templated)
        self._index = _Indexer(config)

    def file(self, page: CodePage) -> DirectPage:
        direct = DirectPage(page, self._config, self)
        self._direct.append(direct)
        return direct

    def start(self, files: Files, nav: Navigation, env: Environment, cache: ConversionCache | None) -> None:
        """From ``on_env``: what rendering a page needs, known once mkdocs has read every file."""
        self._files, self._nav, self._env, self._cache = files, nav, env, cache

    def render(self, file: DirectPage) -> str:
        """The page's whole output, as mkdocs would write it; from the render cache when it has it."""
        if self._files is None:
            raise RuntimeError("errcat: a code page was copied before the build's environment was ready")
        source, cache = file.code_page.content, self._cache
        if self._keep_digests:
            file.markdown_digest = digest(source)
        if cache is None:
            return self._render(file, source)
        key = cache.output_key(file.src_uri, file.url, source)
        stored = cache.stored(key)
        if stored is not None:
            self._reused += 1
            self._index.hold(stored["entries"])
            return stored["output"]
        held = self._index.held()
        with counting_warnings() as counter:
            output = self._render(file, source)
        if counter.count == 0:
            cache.store(key, {"output": output, "entries": self._index.entries_of_last(held)})
        return output

    def render_alone(self, file: DirectPage) -> tuple[str, list]:
        """The page's output and its search entries, which are not held for the build's index (``mkdocs serve``
        puts them in the place of the page's old ones)."""
        held = self._index.held()
        output = self.render(file)
        return output, self._index.take_since(held)

    def direct_pages(self) -> list[DirectPage]:
        return self._direct

    def _render(self, file: DirectPage, source: str) -> str:
        page = Page(None, File(file.src_uri, None, self._config.site_dir, self._config.use_directory_urls), self._config)
        page.markdown, page.meta = get_data(source)
        self._converter.render_code_page(page, self._files)
        self._index(page)
        return self._shells.output(page)

    def finish(self) -> None:
        """After every other page is built, before the search plugin writes its index."""
        self._index.flush()
        self._list_pages_in_site_templates()
        stats = self._shells.stats
        shapes = sum(1 for shell in self._shells.shells.values() if shell is not None)
        total = self._reused + stats["filled"] + stats["templated"]
        if total:
            log.info(
                f"errcat: {total} code pages rendered directly: {self._reused} from the render cache, "
                f"{stats['filled']} through {shapes} checked shells, {stats['templated']} by the theme's templates"
            )

    def _list_pages_in_site_templates(self) -> None:
        """Render the templates that list every page (the theme's sitemap, a site's extra templates) again,
        as mkdocs renders them, with the code pages in the list: mkdocs rendered them from its own pages."""
        assert self._nav is not None and self._env is not None and self._files is not None
        config = self._config
        listed = [file for file in self._files if not isinstance(file, DirectPage)]
        for direct in self._direct:
            shadow = File(direct.src_uri, None, config.site_dir, config.use_directory_urls)
            Page(None, shadow, config)  # sets shadow.page: its URLs and date, as mkdocs makes them for its pages
            listed.append(shadow)
        files = Files(listed)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, self._env, files, config, self._nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, self._nav)

    def _templated(self, page: Page) -> str:
        """The theme's output for ``page``, as mkdocs' ``_build_page`` renders it (errcat marks the page's
        API section active, as its ``on_page_context`` does for a page built by mkdocs)."""
        assert self._nav is not None and self._env is not None and self._files is not None
        config = self._config
        marked = [entry for entry in self._nav.pages if entry.file.src_uri == page.meta.get(NAV_PARENT)]
        for entry in marked:
            entry.active = True
        page.active = True
        config._current_page = page
        try:
            context = get_context(self._nav, self._files, config, page)
            return self._env.get_template(page.meta.get("template", "main.html")).render(context)
        finally:
            page.active = False
            config._current_page = None
            for entry in marked:
                entry.active = False


# errcat's listings of codes (render/api_pages.unindexed, the behaviours matrix), which the search plugin
# skips: tables of plain cells, so the first closing tag ends one.
_UNINDEXED_LISTING = re.compile(
    r'<div class="errcat-listing" data-search-exclude(?:="data-search-exclude")?>\n<table>.*?</table>\n</div>'
    r'|<table class="errcat-matrix" data-search-exclude>.*?</table>',
    re.DOTALL,
)


def index_without_listings(config: MkDocsConfig) -> None:
    """Let the search plugin index a page without the listings of codes it skips anyway.

    It parses a page's whole HTML, skipped parts included: at 10,000 codes a listing page's table is
    about a megabyte, parsed for nothing. The entries are the same (tests compare the search index).
    """
    plugin = search_plugin(config)
    index = getattr(plugin, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if add is None:
        return

    def add_entry(page: Page) -> None:
        content = page.content or ""
        shown = _UNINDEXED_LISTING.sub("", content) if "errcat-" in content else content
        page.content = shown
        try:
            add(page)
        finally:
            page.content = content

    index.add_entry_from_context = add_entry


# A top-level heading the search plugin is told to skip, with its section up to the next top-level heading.
_EXCLUDED_SECTION = re.compile(r"^<h[1-6]\b[^>\n]*\bdata-search-exclude\b.*?(?=^<h[1-6]\b|\Z)", re.DOTALL | re.MULTILINE)


class _Indexer:
    """The site's search plugin's ``on_page_context``, which indexes a page and may edit its HTML.

    The plugin parses a page's whole HTML to index it, then drops the sections marked
    ``data-search-exclude``: a code page's client code, most of its HTML. It is given the page without
    them, which indexes the same; the HTML it edits is the whole page's (given as a page it does not index).
    Code pages are rendered before mkdocs builds the others, so their entries are held back and added
    after the others' (:meth:`flush`), in the order mkdocs would have indexed them.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        plugin = search_plugin(config)
        self._config = config
        self._handler = getattr(plugin, "on_page_context", None)
        index = getattr(plugin, "search_index", None)
        self._entries: list | None = getattr(index, "entries", None)
        self._held: list = []

    def __call__(self, page: Page) -> None:
        if self._handler is None:
            return
        whole, before = page.content or "", len(self._entries) if self._entries is not None else 0
        page.content = _EXCLUDED_SECTION.sub("", whole)
        self._handler({}, page=page, config=self._config, nav=None)
        unindexed = copy.copy(page)
        unindexed.content, unindexed.meta = whole, {"search": {"exclude": True}}
        self._handler({}, page=unindexed, config=self._config, nav=None)
        page.content = unindexed.content
        if self._entries is not None:
            self._held += self._entries[before:]
            del self._entries[before:]

    def entries_of_last(self, count_before: int) -> list:
        """The entries held since ``count_before`` (see :meth:`held`): the last page's."""
        return self._held[count_before:]

    def held(self) -> int:
        return len(self._held)

    def take_since(self, count_before: int) -> list:
        """The entries held since ``count_before``, no longer held."""
        taken = self._held[count_before:]
        del self._held[count_before:]
        return taken

    def hold(self, entries: list) -> None:
        """A stored page's entries, held as if its HTML had been indexed again."""
        self._held += entries

    def flush(self) -> None:
        """Add the code pages' entries after every other page's."""
        if self._entries is not None:
            self._entries += self._held
        self._held = []
