"""errcat's direct lane (errcat/mkdocs/direct_pages.py) writes the same site as mkdocs' page pipeline.

Code pages rendered by the lane (one converter, search entries without excluded sections, the theme
printed through checked shells) are compared byte for byte, search index included, with a build that
sends every page through mkdocs. The catalog has pages of several shapes, several pages per shape
(so shells are learned, checked and then used), and text that every printing context must escape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from errcat.links import SITE_URL_ENV
from tests.catalogs import MINIMAL_API, write_catalog
from tests.conftest import ROOT, build, make_project
from tests.test_render_cache import PLAIN, same_files

HOSTILE = "<script>alert('x')</script> & \"quotes\" {{ macro }}"
CODES = "codes:\n" + "".join(
    f"""  "20{n:02d}":
    title: {json.dumps(f"Token problem {n} {HOSTILE if n % 3 == 0 else ''}".strip())}
    meaning: {json.dumps(f"The token is *bad* in way {n}: `code` and <b>bold</b>. {HOSTILE if n % 2 else ''}".strip())}
    http_status: {401 if n % 2 else 403}
    group: auth
"""
    + (
        f"""    causes:
      - {{title: {json.dumps(f"Cause {n} {HOSTILE}")}, detail: A cause., advice: [Do this.]}}
"""
        if n % 4 == 0
        else ""
    )
    for n in range(1, 13)
)
LANE_LOG = re.compile(r"errcat: (\d+) code pages rendered directly: (\d+) from the render cache, (\d+) through (\d+) checked shells")
TABLES_LOG = re.compile(r"errcat: (\d+) listing pages converted row by row \(.*?\), (\d+) converted whole")


@pytest.mark.parametrize("base_url", ["", "https://errors.example.com/docs/"], ids=["relative", "absolute"])
def test_the_direct_lane_writes_what_mkdocs_writes(tmp_path: Path, base_url: str) -> None:
    """With a base URL, each page prints its own URL (canonical and Open Graph links) where a shell has a place for it."""
    project = make_project(tmp_path / "p", write_catalog(tmp_path / "src", CODES, MINIMAL_API))
    direct = build(project, tmp_path / "direct", env={"ERRCAT_RENDER_CACHE": "0", SITE_URL_ENV: base_url})
    plain = build(project, tmp_path / "plain", env={**PLAIN, SITE_URL_ENV: base_url})
    assert direct.returncode == 0 and plain.returncode == 0, direct.stderr + plain.stderr
    used = LANE_LOG.search(direct.stderr)
    assert used is not None and int(used.group(1)) == 12 and int(used.group(3)) > 0, direct.stderr  # shells were used
    assert LANE_LOG.search(plain.stderr) is None
    spliced = TABLES_LOG.search(direct.stderr)  # the listings' tables were converted row by row (errcat/mkdocs/tables.py)
    assert spliced is not None and int(spliced.group(1)) > 0 and int(spliced.group(2)) == 0, direct.stderr
    assert TABLES_LOG.search(plain.stderr) is None
    assert same_files(tmp_path / "plain", tmp_path / "direct") == []
    page = (tmp_path / "direct" / "demo" / "2003" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    entries = json.loads((tmp_path / "direct" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any(entry["location"] == "demo/2003/" for entry in entries)
    if base_url:
        assert f'<link rel="canonical" href="{base_url}demo/2003/">' in page


def test_a_site_with_a_plugin_the_lane_does_not_know_sends_code_pages_through_mkdocs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", write_catalog(tmp_path / "src", CODES, MINIMAL_API))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n"), encoding="utf-8")
    result = build(project, tmp_path / "site", env={"ERRCAT_RENDER_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    assert LANE_LOG.search(result.stderr) is None
    assert (tmp_path / "site" / "demo" / "2001" / "index.html").is_file()


@pytest.mark.showcase
def test_the_showcase_site_is_the_same_through_either_path(site: Path, tmp_path: Path) -> None:
    """The session's site (render cache on) and one converted afresh (listing pages row by row) equal the plain path's."""
    plain = build(ROOT, tmp_path / "plain", env=PLAIN)
    assert plain.returncode == 0, plain.stderr
    assert same_files(tmp_path / "plain", site) == []
    fresh = build(ROOT, tmp_path / "fresh", env={"ERRCAT_RENDER_CACHE": "0"})
    spliced = TABLES_LOG.search(fresh.stderr)
    assert spliced is not None and int(spliced.group(1)) > 20 and int(spliced.group(2)) == 0, fresh.stderr
    assert same_files(tmp_path / "plain", tmp_path / "fresh") == []


@pytest.mark.showcase
def test_the_search_plugin_indexes_a_listing_page_the_same_without_its_listings(catalog) -> None:
    """index_without_listings hands the search plugin a page without the tables it skips: the same entries."""
    from types import SimpleNamespace

    import markdown
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.config import load_config
    from mkdocs.structure.toc import get_toc
    from mkdocs.utils.meta import get_data

    from errcat import site
    from errcat.mkdocs import direct_pages
    from errcat.render.code_page import SiteContext

    config = load_config(str(ROOT / "mkdocs.yml"))
    api = catalog.apis["admin"]
    for page in site.pages_of_api(api, SiteContext()):
        if not page.path.endswith(("codes/index.md", "behaviours/index.md")):
            continue
        source, meta = get_data(page.content)
        converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        content = converter.convert(source)
        shown = direct_pages._UNINDEXED_LISTING.sub("", content)
        assert len(shown) < len(content) / 2, page.path  # the listing is most of the page, and it is cut
        entries = []
        for html_text in (content, shown):
            index = SearchIndex(**{"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}})
            index.add_entry_from_context(SimpleNamespace(content=html_text, toc=get_toc(converter.toc_tokens), url=page.path, meta=meta, title="T"))
            entries.append(index.entries)
        assert entries[0] == entries[1] and entries[0], page.path
