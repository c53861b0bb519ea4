"""One real build with hostile text in every field: shown literally everywhere, never evaluated, never HTML.

The property tests cover any text through Markdown alone; this build covers what only a real site
has: the theme's navigation, <title> and meta tags, the home page's macro, the search index, and
files on disk.
"""

from __future__ import annotations

import html as html_module
import json
import re
from itertools import cycle
from pathlib import Path

import pytest

from errcat import load_catalog
from errcat.model import Api, Catalog
from tests.catalogs import write_catalog
from tests.conftest import build, make_project
from tests.hostile.dressing import BASE_API, BASE_CODES, dress, expected_text, shown_forms
from tests.hostile.dump import dump_catalog
from tests.hostile.rendering import flat, visible_text
from tests.hostile.test_hostile_corpus import files_under
from tests.htmltext import article_text, fragment, tables

# Seeded and Hypothesis-found strings, each with its own alert(n) so any that leaks is identified.
NASTY_FIELDS = (
    "{{ 7*7 }} </title><script>alert(1)</script>",
    "\" onmouseover=\"alert(2) {% include 'mkdocs.yml' %} <img src=x onerror=alert(3)>",
    "{{ cycler.__init__.__globals__.os.getpid() }} [x](javascript:alert(4))",
    "#!python import os; alert(5)",
    "a|b\nc | d *<* `tick` ``two`` alert(6)",
    ":::js alert(7)\n\n# not a heading\n- not a list",
    "[TOC] ${7*7} \\ ' \" &amp; &#x3C; alert(8)",
    "line\u2028sep\u00a0nbsp\u200bzero\u202eRLO\ufeffbom 😀 Ａ alert(9)",
    "<!-- alert(10) --> ]]> {# c #} {: .x } { #id }",
)


def hostile_api(base: Api) -> Api:
    texts = cycle(NASTY_FIELDS)
    return dress(base, lambda: next(texts), "p", {"k": "<b>alert(11)</b>", "n": 1.5})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Api, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("hostile")
    api = hostile_api(load_catalog(write_catalog(root / "base", BASE_CODES, BASE_API)).apis["demo"])
    project = make_project(root / "work" / "project", dump_catalog(Catalog({"demo": api}), root / "src"))
    before = files_under(root / "work")
    result = build(project, root / "work" / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    written = {path: data for path, data in files_under(root / "work").items() if before.get(path) != data}
    return root / "work" / "site", api, written


def test_every_field_shows_verbatim_on_its_page(hostile: tuple[Path, Api, dict]) -> None:
    site, api, _ = hostile
    for source, values in expected_text(api).items():
        shown = article_text(site / source.replace(".md", ".html"))
        for value in values:
            assert any(form in shown for form in shown_forms(value)), f"{source}: {value!r}"


def test_nothing_is_evaluated(hostile: tuple[Path, Api, dict]) -> None:
    site, _, _ = hostile
    page = article_text(site / "demo" / "2001" / "index.html")
    assert "{{ 7*7 }}" in page and "49" not in page and "site_name" not in page and "getpid() }}" in page


def test_no_catalog_text_becomes_html_anywhere_in_the_site(hostile: tuple[Path, Api, dict]) -> None:
    """Navigation, titles and meta tags included: no tag, event handler or javascript: link comes from the catalog."""
    site, api, _ = hostile
    for path in sorted(site.rglob("*.html")):
        for tag, attributes in fragment(path.read_text(encoding="utf-8")).tags:
            assert tag != "b", f"{path}: <b> from catalog text"
            # The catalog's <img src=x ...> would point nowhere; the site's own images are its files.
            assert tag != "img" or (path.parent / (attributes.get("src") or "")).resolve().is_file(), f"{path}: {attributes}"
            assert not [name for name in attributes if name.startswith("on")], f"{path}: <{tag} {attributes}>"
            assert not (attributes.get("href") or "").lower().startswith("javascript"), f"{path}: {attributes}"
    home = visible_text((site / "index.html").read_text(encoding="utf-8"))
    assert flat(api.title) in home  # in the navigation and the home page's table of APIs, as text


def test_titles_and_meta_descriptions_are_escaped(hostile: tuple[Path, Api, dict]) -> None:
    site, api, _ = hostile
    html = (site / "demo" / "2001" / "index.html").read_text(encoding="utf-8")
    # The title names the API (search results and tabs tell NOT_FOUND of one API from another's).
    title = "2001 {{ 7*7 }} &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · " + html_module.escape(api.title)
    assert "&lt;img src=x onerror=alert(3)&gt;" in title
    assert f"<title>{title} - errcat</title>" in html
    assert (
        '<meta name="description" content="&quot; onmouseover=&quot;alert(2) {% include &#x27;mkdocs.yml&#x27; %} &lt;img src=x onerror=alert(3)&gt;">'
        in html
    )
    # The link-preview tags print the same front matter, escaped the same way.
    assert f'<meta property="og:title" content="{title}">' in html
    assert (
        '<meta property="og:description" content="&quot; onmouseover=&quot;alert(2) {% include &#x27;mkdocs.yml&#x27; %} &lt;img src=x onerror=alert(3)&gt;">'
        in html
    )


def test_tables_keep_their_columns(hostile: tuple[Path, Api, dict]) -> None:
    site, _, _ = hostile
    for path in sorted(site.rglob("*.html")):
        for number, table in enumerate(tables(path)):
            assert len({len(row) for row in table}) == 1, f"{path}: table {number} has rows of different widths: {table}"


def test_the_search_index_holds_no_active_html(hostile: tuple[Path, Api, dict]) -> None:
    site, _, _ = hostile
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    tags = {tag for doc in index["docs"] for field in ("title", "text") for tag, _ in fragment(doc.get(field, "")).tags}
    assert tags <= {"article", "p", "code", "pre", "br", "ul", "ol", "li"}, tags  # structure only: no script, img, b or a


def test_the_build_wrote_only_inside_its_site_directory(hostile: tuple[Path, Api, dict]) -> None:
    _, _, written = hostile
    # Besides the site, only errcat's render cache (errcat/engines/render_cache.py): its index and packs, in a folder named by a hash.
    cache = re.compile(r"project/\.cache/errcat-render/[0-9a-f]{16}/(?:index|pack-[0-9]+-[0-9a-f]{8})")
    outside = sorted(p for p in written if not p.startswith("site/") and not cache.fullmatch(p))
    assert written and not outside, outside
