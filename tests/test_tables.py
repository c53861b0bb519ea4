"""errcat/mkdocs/tables.py converts a listing page to exactly what mkdocs' ``Page.render`` makes of it.

Pages are converted in-process, with the site's own Markdown settings (mkdocs.yml) and mkdocs' own
Page, File and link processors, once by ``Page.render`` and once through the table converter; every
attribute ``Page.render`` sets is compared. Whole sites built both ways are compared in
tests/test_direct_pages.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from errcat.mkdocs import tables
from tests.catalogs import write_catalog
from tests.conftest import ROOT, make_project
from tests.test_direct_pages import CODES

CODES_PAGE = "demo/codes/index.md"  # URL demo/codes/
MORE_PAGE = "demo/codes/more.md"  # URL demo/codes/more/: the same relative links resolve to other URLs
HEADER = "| Code | Title and meaning | HTTP | Group |\n|---|---|---|---|"
ROWS = [
    "| [2001](../2001/index.md) | **Token expired**<br>The token is *old*: `a \\| b` and `x|y`. | 401 | [Auth](../groups/index.md#g-auth) |",
    "| [2002](../2002/index.md) | **Token &ldquo;revoked&rdquo;**<br>&mdash; &#95;<wbr>under &amp; over | 403 | &mdash; |",
    "| [2003](../2003/index.md#causes) |  | 401 | [Here](#codes) |",
    "| [2004](../2004/index.md) | <code>NO&#95;TOKEN</code> &lt;b&gt; \\| _emphasis_ | 401 | [Auth](../groups/index.md#g-auth) |",
]


def listing(rows: list[str]) -> str:
    """A page shaped as errcat writes its Codes page: a title, a link with an anchor, the table in md_in_html
    blocks, then a second table and a heading after it."""
    return "\n\n".join([
        "# Demo API: all codes",
        "[Overview](../index.md) · [Groups](../groups/index.md#g-auth)",
        '<div class="errcat-codes" markdown="1">',
        '<div class="errcat-listing" data-search-exclude markdown="1">',
        HEADER + "\n" + "\n".join(rows),
        "</div>",
        "</div>",
        "## Codes",
        "| Property | Value |\n|---|---|\n| Codes | 4 |\n| Group | [Auth](../groups/index.md#g-auth) |",
        "Last line.",
    ]) + "\n"  # fmt: skip


@pytest.fixture(scope="module")
def config() -> MkDocsConfig:
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "test"  # File.generated records which plugin made a file
    return config


@pytest.fixture()
def files(config: MkDocsConfig) -> Files:
    paths = [CODES_PAGE, MORE_PAGE, "demo/index.md", "demo/groups/index.md", *(f"demo/200{n}/index.md" for n in range(1, 5))]
    return Files([File.generated(config, path, content="# Page\n") for path in paths])


@pytest.fixture(autouse=True)
def no_rows_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no rows kept from another test."""
    monkeypatch.setattr(tables, "ROWS", tables._Rows(tables.ROW_LIMIT))


@pytest.fixture()
def converter(config: MkDocsConfig) -> tables.TableConverter:
    return tables.TableConverter(config, {CODES_PAGE, MORE_PAGE})


def rendered(page: Page) -> tuple:
    """Everything Page.render sets, in a form that compares (links to anchors with their order)."""

    def toc(items: list[AnchorLink]) -> list:
        return [(item.title, item.id, item.level, toc(item.children)) for item in items]

    links = [(target.src_uri, list(anchors.items())) for target, anchors in (page.links_to_anchors or {}).items()]
    return page.content, toc(list(page.toc)), page._title_from_render, page.present_anchor_ids, links


def both_ways(
    markdown: str, path: str, converter: tables.TableConverter, config: MkDocsConfig, files: Files
) -> tuple[tuple, tuple]:
    """The page converted by mkdocs' Page.render, and through the converter."""
    plain, page = Page(None, files.get_file_from_path(path), config), Page(None, files.get_file_from_path(path), config)
    plain.markdown = page.markdown = markdown
    plain.render(config, files)
    converter.prepare(page)
    page.render(config, files)
    return rendered(plain), rendered(page)


def test_a_listing_page_converted_row_by_row_is_what_mkdocs_makes_of_it(
    converter: tables.TableConverter, config: MkDocsConfig, files: Files
) -> None:
    expected, got = both_ways(listing(ROWS), CODES_PAGE, converter, config, files)
    assert got == expected
    assert converter.stats["spliced"] == 1 and converter.stats["whole"] == 0
    assert converter.stats["converted rows"] == len(ROWS) + 2
    content, _, title, _, links = got
    assert (
        title == "Demo API: all codes"
        and "<td></td>" in content
        and "<code>a \\| b</code>" in content
        and "&lt;b&gt; | <em>" in content
    )
    assert dict(links)["demo/2003/index.md"] == [("causes", "../2003/index.md#causes")]  # links in rows count too
    assert ("codes", "#codes") in dict(links)[CODES_PAGE]


def test_an_edited_row_is_converted_again_and_the_others_are_kept(
    converter: tables.TableConverter, config: MkDocsConfig, files: Files
) -> None:
    assert both_ways(listing(ROWS), CODES_PAGE, converter, config, files)[1]
    edited = [*ROWS[:2], ROWS[2].replace("|  |", "| **Now with a title** |"), *ROWS[3:]]
    converter.stats.clear()
    expected, got = both_ways(listing(edited), CODES_PAGE, converter, config, files)
    assert got == expected and "Now with a title" in got[0]
    assert converter.stats["converted rows"] == 1 and converter.stats["printed rows"] == len(ROWS) + 2


def test_the_same_rows_on_a_page_at_another_url_link_from_there(
    converter: tables.TableConverter, config: MkDocsConfig, files: Files
) -> None:
    first = both_ways(listing(ROWS), CODES_PAGE, converter, config, files)[1]
    converter.stats.clear()
    expected, got = both_ways(listing(ROWS), MORE_PAGE, converter, config, files)
    assert got == expected and got[0] != first[0]
    assert 'href="../../2001/"' in got[0] and 'href="../2001/"' in first[0]
    assert converter.stats["converted rows"] == len(ROWS) + 2  # nothing of the other page's rows was reused


@pytest.mark.parametrize(
    "unsplittable",
    [
        "| [2001](../2001/index.md) | An <!-- open comment | 401 | x |",  # not a complete inline tag
        "| [2001](../2001/index.md) | A <div>block</div> in a cell | 401 | x |",  # a block-level tag
        '| [2001](../2001/index.md) | <span markdown="1">*x*</span> | 401 | x |',  # md_in_html inside a cell
        "| [2001](../2001/index.md) | A [broken](../2999/index.md) link | 401 | x |",  # mkdocs logs a warning
        "| [2001](../2001/index.md) | [TOC] | 401 | x |",  # the toc extension puts the page's contents there
        '| [2001](../2001/index.md) | <span id="here">x</span> | 401 | x |',  # an anchor
    ],
    ids=["comment", "block-tag", "markdown-attribute", "broken-link", "toc-marker", "anchor"],
)
def test_a_table_that_cannot_be_cut_safely_is_converted_whole(
    unsplittable: str, converter: tables.TableConverter, config: MkDocsConfig, files: Files, caplog: pytest.LogCaptureFixture
) -> None:
    page = listing([*ROWS[:2], unsplittable]).replace("| Codes | 4 |", "| Codes | <!-- again -->")  # the other table too
    expected, got = both_ways(page, CODES_PAGE, converter, config, files)
    assert got == expected
    assert converter.stats["whole"] == 1 and converter.stats["spliced"] == 0
    assert len([r for r in caplog.records if "2999" in r.getMessage()]) == (
        2 if "broken" in unsplittable else 0
    )  # once per conversion, none held back


def test_a_table_in_a_code_block_is_not_cut_out(converter: tables.TableConverter, config: MkDocsConfig, files: Files) -> None:
    page = "# Example\n\n```text\n\n" + HEADER + "\n" + ROWS[1] + "\n\n```\n"
    expected, got = both_ways(page, CODES_PAGE, converter, config, files)
    assert got == expected and "<table>" not in got[0]
    assert converter.stats["whole"] == 1


def test_sites_with_extensions_that_span_a_page_convert_pages_whole(config: MkDocsConfig, files: Files, tmp_path: Path) -> None:
    with_footnotes = load_config(str(ROOT / "mkdocs.yml"))
    with_footnotes.markdown_extensions.append("footnotes")
    assert tables.nonlocal_extensions(config) == []
    assert tables.nonlocal_extensions(with_footnotes) == ["footnotes"]
    page = Page(None, files.get_file_from_path(CODES_PAGE), with_footnotes)
    original = page.render
    tables.TableConverter(with_footnotes, {CODES_PAGE}).prepare(page)
    assert page.render == original


def test_a_second_build_in_the_same_process_converts_only_the_edited_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """As under ``mkdocs serve``, which loads the config and the plugins again for each rebuild: rows are kept
    for the process, and an edited title is converted again on each listing that shows it."""
    monkeypatch.setenv("ERRCAT_RENDER_CACHE", "0")
    monkeypatch.setenv("ERRCAT_SITE_URL", "")
    project = make_project(tmp_path / "p", write_catalog(tmp_path / "src", CODES))
    codes = project / "catalog" / "demo" / "codes.yaml"

    def build() -> tuple[int, int]:
        caplog.clear()
        with caplog.at_level("INFO", logger="mkdocs.plugins.errcat"):
            mkdocs_build(
                load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=False)
            )  # the ledger warns of the edit
        logged = next(r.getMessage() for r in caplog.records if "listing pages converted row by row" in r.getMessage())
        kept, converted = re.search(r"\((\d+) rows kept from earlier conversions, (\d+) converted\)", logged).groups()  # type: ignore[union-attr]
        return int(kept), int(converted)

    kept, converted = build()
    assert kept == 0 and converted > 12
    codes.write_text(codes.read_text(encoding="utf-8").replace("Token problem 5", "Token problem five"), encoding="utf-8")
    kept, again = build()
    assert kept > 12 and 0 < again <= 4, (kept, again)  # the code's row on the listings that show its title
    listing = (tmp_path / "site" / "demo" / "codes" / "index.html").read_text(encoding="utf-8")
    assert "Token problem five" in listing and "Token problem 5" not in listing


def matrix_page(body: str) -> str:
    """A behaviours page shaped as errcat writes it: the matrix as a raw HTML block between Markdown."""
    return "\n\n".join(["# Demo API: behaviours", "## Matrix", "Every code under the behaviour it calls for.", body, "## Show", "Shown to the user."]) + "\n"


MATRIX = "\n".join([
    '<table class="errcat-matrix" data-search-exclude>',
    '<thead><tr><th scope="col">Code</th><th scope="col">Title</th></tr></thead>',
    '<tbody><tr class="errcat-matrix-behaviour"><th colspan="2" scope="rowgroup"><a href="#b-show">Show &amp; tell</a> <span>2 codes</span></th></tr>',
    '<tr><td data-label="Code"><a href="../2001/"><code>2001</code></a></td><td data-label="Title">Token &lt;b&gt; expired *not emphasis*</td></tr>',
    '<tr><td data-label="Code"><a href="../2002/"><code>2002</code></a></td><td data-label="Title">[not a link](x.md) &amp; `no code`</td></tr></tbody>',
    "</table>",
])  # fmt: skip


@pytest.mark.parametrize("last", [False, True], ids=["between-blocks", "last-block"])
def test_a_raw_html_listing_is_put_back_as_python_markdown_passes_it_through(
    last: bool, converter: tables.TableConverter, config: MkDocsConfig, files: Files
) -> None:
    page = matrix_page(MATRIX) if not last else "# Demo API: behaviours\n\n" + MATRIX + "\n"
    expected, got = both_ways(page, CODES_PAGE, converter, config, files)
    assert got == expected and MATRIX in got[0]
    assert converter.stats["spliced"] == (0 if last else 1) and converter.stats["whole"] == 0  # the last block: left to mkdocs


@pytest.mark.parametrize(
    "unsafe",
    [
        MATRIX.replace('<tr class="errcat-matrix-behaviour">', '<tr id="b-show" class="errcat-matrix-behaviour">'),  # an anchor
        MATRIX.replace("</tbody>", "</tbody>\n\n", 1),  # a blank line ends the raw block early
        MATRIX.replace("<thead>", "<!-- a comment --><thead>"),
    ],
    ids=["anchor", "blank-line", "comment"],
)
def test_a_raw_html_listing_with_what_markdown_reads_in_it_is_converted_whole(
    unsafe: str, converter: tables.TableConverter, config: MkDocsConfig, files: Files
) -> None:
    expected, got = both_ways(matrix_page(unsafe), CODES_PAGE, converter, config, files)
    assert got == expected
    assert converter.stats["spliced"] == 0
