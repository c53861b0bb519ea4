"""No page costs the site's Markdown more work for longer catalog prose: rendering stays linear in the text.

Python-Markdown reads inline text (table cells, headings, sentences) pattern match by pattern match, and
each character errcat writes as a reference is one match, in time that grows faster than the text (a
320 KB cell of ``*_[`` took minutes). So errcat hands it long prose only as raw HTML blocks, which it
stashes whole; a table cell shows a bounded summary (``md.cell``); titles, names and versions are capped
by the schema. The proof counts work, never time: every page of an API whose every prose field is long
punctuation costs the site's Markdown exactly the inline matches it costs when the prose is ten times
shorter. (bench/shapes.py measures the same as build time against a meaning of letters.)
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from mkdocs.utils.meta import get_data

from errcat import load_catalog, site as site_plan
from errcat.model import Api, Catalog
from errcat.render import md, prose
from tests.catalogs import write_catalog
from tests.hostile.dressing import BASE_API, BASE_CODES, CONTEXT, dress
from tests.hostile.rendering import fresh_site_markdown
from tests.test_prose import CountingMatches

UNIT = "*_[`]!\\<&|#. a "  # every inline delimiter Markdown knows, and a sentence end


def with_long_prose(api: Api, size: int) -> Api:
    """``api`` with every prose field ``size`` characters of :data:`UNIT`; its titles and names short, as the
    schema caps them."""
    dressed = dress(api, lambda: (UNIT * (size // len(UNIT) + 1))[:size])
    code = dressed.codes["2001"]
    short = "Short `title`"
    code = replace(code, title=short, raised_by=short, causes=tuple(replace(c, title=short) for c in code.causes))
    return replace(
        dressed,
        title=short,
        source=short,
        convention=replace(dressed.convention, code_pattern="[0-9]{4}"),
        groups={k: replace(g, title=short) for k, g in dressed.groups.items()},
        behaviours={k: replace(b, title=short) for k, b in dressed.behaviours.items()},
        tags={k: replace(t, title=short) for k, t in dressed.tags.items()},
        codes={code.code: code},
    )


def inline_matches(api: Api) -> dict[str, int]:
    """Every page errcat generates for ``api``: the inline matches the site's Markdown makes converting it."""
    converter = fresh_site_markdown()
    counter = CountingMatches(converter)
    counts = {}
    for page in site_plan.pages(Catalog({api.slug: api}), CONTEXT):
        body, _meta = get_data(page.content)
        counter.count = 0
        converter.reset()
        converter.convert(body)
        counts[page.path] = counter.count
    return counts


def test_no_page_costs_more_inline_work_for_longer_prose(tmp_path: Path) -> None:
    base = load_catalog(write_catalog(tmp_path, BASE_CODES, BASE_API)).apis["demo"]
    shorter, longer = (inline_matches(with_long_prose(base, size)) for size in (4_000, 40_000))
    assert len(shorter) >= 8 and shorter == longer  # the same work, page by page, for ten times the text


def test_a_long_cell_shows_its_first_sentence_or_its_start_with_an_ellipsis() -> None:
    sentence = "The token is *expired*. " + "Refresh it with `POST /token` and try again. " * 20
    assert prose.summary_html(sentence, 300) == "The token is <em>expired</em>."
    run_on = "word **strong " + "and more " * 100 + "end**"
    cut = prose.summary_html(run_on, 60)
    assert cut.startswith("word <strong>strong and more") and cut.endswith("\u2026</strong>")  # the cut closes the tag
    assert len(re.sub(r"<[^>]+>", "", cut)) <= 61
    assert md.cell("Short *enough*.") == "Short <em>enough</em>."  # text that fits stays whole
