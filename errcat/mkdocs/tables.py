"""errcat's listing pages converted table row by table row, each row's HTML kept for the process.

A 10,000-code catalog's Codes page is one Markdown table of 3,333 rows per API, and Python-Markdown
spends about a second on it, nearly all of it parsing the cells inline. Editing one code's title
changes a row on five such pages per API, so a ``mkdocs serve`` rebuild converting them whole takes
seconds. Here a generated page's tables (in the shape :func:`errcat.render.md.table` writes) are cut
out of its Markdown, each left as a placeholder paragraph; the rest of the page is converted as
usual, and each table is printed from its head and rows, each converted once per process: the rows
no conversion has seen yet are converted together, as one table of the same head, and its
``<tbody>`` is cut into ``<tr>`` blocks. A cold build converts about what it did; an edit converts
the changed rows.

A row's HTML depends on its Markdown, its table's head, the page it is on (links are made relative
to its source path and URL) and the build's settings and files (:func:`conversion_cache.build_key`):
that is its key. The page gets what mkdocs' ``Page.render`` sets, the links the rows hold included, in
the order mkdocs would have met them. Whatever cannot be shown to convert the same in pieces is
converted whole: a site with Markdown extensions that may carry state from one part of a page to
another (footnotes, abbreviations), a page with reference links, a row with HTML that is not a
complete inline tag or with the toc extension's marker, a table whose rows do not cut cleanly, a row
with an anchor, a placeholder that does not come out as a paragraph of its own, and any page whose
link processing logged anything (it is converted again whole, so mkdocs logs it as it always does,
and none of its rows is kept).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .conversion_cache import build_key
from .direct_pages import Conversion, Converter, digest

log = logging.getLogger("mkdocs.plugins.errcat")

# Extensions whose effect on a table row depends only on the row (and on the site's settings). With any
# other extension in the site's list (abbreviations and footnotes are defined anywhere on a page), pages
# are converted whole.
LOCAL_EXTENSIONS = {
    "admonition", "attr_list", "def_list", "fenced_code", "md_in_html", "sane_lists", "tables", "toc",
    "pymdownx.details", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.superfences", "pymdownx.tabbed",
}  # fmt: skip
# Rows kept per process, the least recently used dropped first: about 70 MB at most (a row takes ~700 bytes);
# a 10,000-code catalog's listings hold about 31,000 rows.
ROW_LIMIT = 100_000

_HEADER = re.compile(r"\| .* \|")  # a head or a row as md.table writes it
_SEPARATOR = re.compile(r"\|(?:---\|)+")
# A complete inline tag (errcat's cells hold <br>, <wbr>, <code>, <strong>...). Any other "<" (a comment, a
# tag left open, a block-level tag that could end an HTML block around the table) keeps the table whole.
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-\w:.]*(?:=\"[^\"<>]*\")?)*)\s*/?>")
_ANCHOR_OR_MARKDOWN = re.compile(r"\s(?:id|name|markdown)\b", re.IGNORECASE)  # as an attribute's name (or in a value)
_UNSAFE = re.compile("[\r\x02\x03]")  # a line break Markdown sees; the markers of its stash
_TOKEN = "errcattable" + secrets.token_hex(6)  # a placeholder paragraph is _TOKEN + "n<number>z"
_PLACEHOLDER = re.compile(f"<p>({_TOKEN}n\\d+z)</p>")
_HEAD_START, _BODY_START, _TABLE_END = "<table>\n<thead>\n", "<tbody>\n", "</tbody>\n</table>"

_Links = tuple[tuple[str, str, str], ...]  # (source path of the page linked to, anchor, the link as written)
_Render = Callable[[MkDocsConfig, Files], None]  # a page's render method


@dataclass(frozen=True, slots=True)
class _Row:
    """A converted row (or a table's head, through ``<tbody>``) and the links to anchors it holds."""

    html: str
    links: _Links


class _Rows:
    """The process's converted rows by key, the least recently used dropped beyond ``limit``: ``mkdocs
    serve`` loads the config and plugins again for every rebuild, so rows are kept at module level."""

    def __init__(self, limit: int) -> None:
        self._rows: OrderedDict[bytes, _Row] = OrderedDict()
        self._limit = limit

    def get(self, key: bytes) -> _Row | None:
        row = self._rows.get(key)
        if row is not None:
            self._rows.move_to_end(key)
        return row

    def put(self, key: bytes, row: _Row) -> None:
        self._rows[key] = row
        self._rows.move_to_end(key)
        while len(self._rows) > self._limit:
            self._rows.popitem(last=False)


ROWS = _Rows(ROW_LIMIT)


@dataclass
class _New:
    """What converting one page added: rows to keep once the page is done, and counts for the build log."""

    rows: list[tuple[bytes, _Row]] = field(default_factory=list)
    converted: int = 0
    printed: int = 0


class _Table(NamedTuple):
    start: int  # its first line in the page's Markdown
    end: int  # the line after its last row
    header: str
    separator: str
    rows: list[str]


@dataclass
class _Listing:
    """A table of the page being converted: the keys of its head and rows, what is kept of them (head first;
    None where nothing is), and the rows to convert (``batch``; the first row alone when only the head is missing)."""

    table: _Table
    keys: list[bytes]
    kept: list[_Row | None]
    batch: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, table: _Table, context: bytes) -> _Listing:
        head = digest(context, table.header, table.separator) + b"head"
        keys = [head, *(digest(head, row) for row in table.rows)]
        kept = [ROWS.get(key) for key in keys]
        missing = [number for number, row in enumerate(kept[1:]) if row is None]
        return cls(table, keys, kept, missing or ([0] if kept[0] is None else []))

    def text(self) -> str:
        """The rows to convert, as a table with this one's head."""
        return "\n".join([self.table.header, self.table.separator, *(self.table.rows[number] for number in self.batch)])

    def keep(self, number: int, row: _Row, new: _New) -> None:
        """Row ``number`` (-1: the head) as just converted."""
        self.kept[number + 1] = row
        new.rows.append((self.keys[number + 1], row))
        if number >= 0:
            new.converted += 1

    def printed(self) -> tuple[str, _Links] | None:
        """The table's HTML and links, if every part of it is kept or has just been converted."""
        rows = [row for row in self.kept if row is not None]
        if len(rows) != len(self.kept):
            return None
        return "".join(row.html for row in rows) + _TABLE_END, tuple(link for row in rows for link in row.links)


def _tables(lines: list[str]) -> Iterator[_Table]:
    """The tables in md.table's shape standing as blocks of their own (a blank line before and after)."""
    at = 0
    while at + 2 < len(lines):
        if (at == 0 or lines[at - 1] == "") and _HEADER.fullmatch(lines[at]) and _SEPARATOR.fullmatch(lines[at + 1]):
            end = at + 2
            while end < len(lines) and lines[end] != "":
                end += 1
            rows = lines[at + 2 : end]
            if all(_HEADER.fullmatch(row) for row in rows):
                yield _Table(at, end, lines[at], lines[at + 1], rows)
            at = end
        else:
            at += 1


# errcat's listings written as raw HTML (the behaviours matrix, render/matrix.py): Python-Markdown passes such a
# block through as it is, so it is put back as it is, unless it holds what a raw block's processing reads
# (an anchor, a markdown attribute, a comment, a blank line that would end it, the stash's markers).
_RAW_LISTING = '<table class="errcat-matrix"'
_RAW_UNSAFE = re.compile(r"\s(?:id|name|markdown)=|<!--|[\r\x02\x03]")


def _raw_listings(lines: list[str]) -> Iterator[tuple[int, int]]:
    """The (first line, line after the last) of each raw HTML listing standing as a block of its own."""
    at = 0
    while at < len(lines):
        if not (lines[at].startswith(_RAW_LISTING) and (at == 0 or lines[at - 1] == "")):
            at += 1
            continue
        end = at
        while end < len(lines) and lines[end] not in ("</table>", ""):
            end += 1
        # Followed by a blank line and more blocks: the last block of a page comes out without its line break.
        whole = end + 1 < len(lines) and lines[end] == "</table>" and lines[end + 1] == "" and any(lines[end + 2 :])
        if whole and not any(_RAW_UNSAFE.search(line) for line in lines[at : end + 1]):
            yield at, end + 1
        at = end + 1


def _flat(links_to_anchors: dict[File, dict[str, str]]) -> _Links:
    return tuple((target.src_uri, anchor, url) for target, anchors in links_to_anchors.items() for anchor, url in anchors.items())


class _RowLinks(mkdocs_pages._RelativePathTreeprocessor):
    """mkdocs' link processor run row by row over a converted table: ``rows`` holds each row's links."""

    rows: list[_Links]

    def run(self, root):  # type: ignore[no-untyped-def]
        self.rows = []
        for row in root.iter("tr"):
            self.links_to_anchors = {}
            super().run(row)
            self.rows.append(_flat(self.links_to_anchors))
        return root


class _PageLinks(mkdocs_pages._RelativePathTreeprocessor):
    """mkdocs' link processor for the page around its tables: at a table's placeholder it records the table's
    links (resolved when its rows were converted), where mkdocs' own walk would have met them."""

    def __init__(self, file: File, files: Files, config: MkDocsConfig, tables: dict[str, _Links]) -> None:
        super().__init__(file, files, config)
        self._tables = tables
        self.placeholders: list[str] = []  # the tables' placeholders met as paragraphs of their own

    def run(self, root):  # type: ignore[no-untyped-def]
        targets: dict[str, File | None] = {}  # a listing's links go to a few pages many times
        for element in root.iter():
            if element.tag == "p" and element.text in self._tables and not len(element):
                self.placeholders.append(element.text)
                for source, anchor, url in self._tables[element.text]:
                    if source not in targets:
                        targets[source] = self.files.get_file_from_path(source)
                    if (target := targets[source]) is not None:
                        self.links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
            elif element.tag in ("a", "img"):
                key = "href" if element.tag == "a" else "src"
                element.set(key, self.path_to_url(element.get(key)))
        return root


@contextmanager
def _held_link_logs() -> Iterator[list[logging.LogRecord]]:
    """What mkdocs' link processors log inside the block, held back (the page is then converted whole)."""
    held: list[logging.LogRecord] = []

    def hold(record: logging.LogRecord) -> bool:
        held.append(record)
        return False

    logger = logging.getLogger(mkdocs_pages.__name__)
    logger.addFilter(hold)
    try:
        yield held
    finally:
        logger.removeFilter(hold)


def nonlocal_extensions(config: MkDocsConfig) -> list[str]:
    """The site's Markdown extensions whose effect on a row may depend on the rest of the page."""
    names = [ext if isinstance(ext, str) else type(ext).__module__ for ext in config.markdown_extensions]
    return [name for name in names if name.removeprefix("markdown.extensions.") not in LOCAL_EXTENSIONS]


class TableConverter:
    """One build's conversion of errcat's generated pages (``generated``: their source paths)."""

    def __init__(self, config: MkDocsConfig, generated: set[str]) -> None:
        self._config = config
        self._generated = generated
        self._unusable = nonlocal_extensions(config)
        if self._unusable:
            log.debug(f"errcat: listing pages are converted whole: the site uses {', '.join(self._unusable)}")
        self._converter: Converter | None = None
        self._context = b""  # the build's key, set at the first page
        self.stats: Counter[str] = Counter()

    def prepare(self, page: Page) -> bool:
        """Make ``page.render`` convert a generated page's tables row by row; whether it will."""
        if page.file.src_uri not in self._generated or self._unusable:
            return False
        whole = page.render
        page.render = lambda config, files: self.render(page, config, files, whole)  # type: ignore[method-assign]
        return True

    def render(self, page: Page, config: MkDocsConfig, files: Files, whole: _Render) -> None:
        """Set what ``whole`` (mkdocs' ``Page.render``) sets, converting only rows not converted before."""
        source = page.markdown
        lines = source.split("\n") if source is not None and _TOKEN not in source else []
        tables = [table for table in _tables(lines) if not any(_UNSAFE.search(line) for line in (table.header, *table.rows))]
        raw = list(_raw_listings(lines))
        if not tables and not raw:
            whole(config, files)
            return
        new = _New()
        with _held_link_logs() as held:
            done = self._spliced(page, files, lines, tables, raw, new)
        if done is None or held:
            self.stats["whole"] += 1
            whole(config, files)
            return
        for key, row in new.rows:
            ROWS.put(key, row)
        self.stats.update({"spliced": 1, "converted rows": new.converted, "printed rows": new.printed})
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = done.html, done.toc, done.title, done.anchors
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:  # as Page.render
            page.links_to_anchors = done.links.links_to_anchors

    def _spliced(
        self, page: Page, files: Files, lines: list[str], tables: list[_Table], raw: list[tuple[int, int]], new: _New
    ) -> Conversion | None:
        """The page converted with its tables printed from their rows and its raw listings as they are, or None
        when that may differ."""
        if self._converter is None:
            self._converter = Converter(self._config)
            self._context = build_key(self._config, files).encode()
        context = digest(self._context, page.file.src_uri, page.url)
        listings = [_Listing.of(table, context) for table in tables]
        self._convert([listing for listing in listings if listing.batch], page, files, new)
        # A raw block comes out with the line break that ended it, then the one between blocks.
        cuts: list[tuple[int, int, tuple[str, _Links]]] = [(start, end, ("\n".join(lines[start:end]) + "\n", ())) for start, end in raw]
        for listing in listings:
            if (table_html := listing.printed()) is not None:
                new.printed += len(listing.table.rows)
                cuts.append((listing.table.start, listing.table.end, table_html))
        printed: dict[str, tuple[str, _Links]] = {}
        rest: list[str] = []
        at = 0
        for number, (start, end, cut) in enumerate(sorted(cuts, key=lambda cut: cut[0])):
            token = f"{_TOKEN}n{number}z"
            printed[token] = cut
            rest += [*lines[at:start], token]
            at = end
        if not printed:
            return None
        links = _PageLinks(page.file, files, self._config, {token: table_links for token, (_, table_links) in printed.items()})
        done = self._converter.convert("\n".join(rest + lines[at:]), page.file, files, links)
        if self._converter.md.references or sorted(links.placeholders) != sorted(printed):
            return None
        parts = _PLACEHOLDER.split(done.html)
        tokens = parts[1::2]
        if sorted(tokens) != sorted(printed) or any(_TOKEN in part for part in parts[::2]):
            return None
        parts[1::2] = [printed[token][0] for token in tokens]
        return done._replace(html="".join(parts))

    def _convert(self, listings: list[_Listing], page: Page, files: Files, new: _New) -> None:
        """The rows no conversion has seen yet, of every table of the page, converted in one go (a page of 35
        groups or releases pays for one conversion's setup), each table with its head, then cut into rows."""
        assert self._converter is not None
        batches = [(listing, text) for listing in listings if _local(text := listing.text(), self._converter.md)]
        if not batches:
            return
        listings = [listing for listing, _ in batches]
        links = _RowLinks(page.file, files, self._config)
        text = "\n\n".join(text for _, text in batches)
        done = self._converter.convert(text, page.file, files, links, raw_anchors=False)  # _local: no id, no name
        tables = (done.html + "\n").split("</table>\n")  # "</table>" ends a table only: the cells have no block tag
        converted_rows = sum(len(listing.batch) + 1 for listing in listings)  # the heads too
        if done.anchors or tables.pop() or len(tables) != len(listings) or len(links.rows) != converted_rows:
            return
        cut = [_cut(html + "</table>", len(listing.batch)) for html, listing in zip(tables, listings)]
        if any(pieces is None for pieces in cut):
            return
        row_links = iter(links.rows)
        for listing, pieces in zip(listings, cut):
            assert pieces is not None
            for number, html in zip((-1, *listing.batch), pieces):
                listing.keep(number, _Row(html, next(row_links)), new)

    def finish(self) -> None:
        """Say in the build log what was converted how (tests read it to know the rows were cut)."""
        stats = self.stats
        kept = stats["printed rows"] - stats["converted rows"]
        if stats["spliced"] or stats["whole"]:
            log.info(
                f"errcat: {stats['spliced']} listing pages converted row by row ({kept} rows kept from earlier conversions, "
                f"{stats['converted rows']} converted), {stats['whole']} converted whole"
            )


def _cut(html: str, rows: int) -> list[str] | None:
    """A converted table cut into its head (through ``<tbody>``) and each row, if it has exactly ``rows`` rows."""
    body = html.find(_BODY_START)
    if not html.startswith(_HEAD_START) or not html.endswith(_TABLE_END) or body < 0 or html.count("<tr>") != rows + 1:
        return None
    cut = html[body + len(_BODY_START) : -len(_TABLE_END)].split("</tr>\n")
    pieces = [piece + "</tr>\n" for piece in cut[:-1]]
    if cut[-1] or len(pieces) != rows or not all(piece.startswith("<tr>\n") for piece in pieces):
        return None
    return [html[: body + len(_BODY_START)], *pieces]


def _local(text: str, md: markdown.Markdown) -> bool:
    """Whether ``text`` converts the same wherever it stands on a page: every ``<`` opens a complete inline tag
    with no attribute that makes an anchor (``id``, ``name``) or Markdown (md_in_html's ``markdown``), and no
    cell is the toc extension's marker (its place gets the page's table of contents)."""
    block_level = set(md.block_level_elements)
    tags = _TAG.findall(text)
    unsafe = (name.lower() in block_level or _ANCHOR_OR_MARKDOWN.search(attributes) for name, attributes in tags)
    marker = getattr(md.treeprocessors["toc"], "marker", "") if "toc" in md.treeprocessors else ""
    return len(tags) == text.count("<") and not any(unsafe) and not (marker and marker in text)
