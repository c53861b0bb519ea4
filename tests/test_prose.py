"""Catalog prose as safe Markdown: what renders, what stays inert, and that the work is linear in the text.

Speed is never timed here (bench/ measures it as ratios): linearity is shown by counting work. The page's
Markdown makes no inline match inside catalog prose at all, and errcat's renderer (markdown-it-py and
errcat's token writer) executes a number of Python lines proportional to the text's length.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from errcat.render import md, prose
from errcat.render.code_page import render_code_page
from errcat.render.text import explain
from errcat import load_catalog
from tests.catalogs import write_catalog
from tests.conftest import built_site
from tests.hostile.dressing import BASE_API, BASE_CODES, CONTEXT
from tests.hostile.rendering import fresh_site_markdown
from tests.htmltext import fragment
from tests.workcount import lines_run

PUNCTUATION = {
    "dots": ". ",
    "stars": "* ",
    "underscores": "_a",
    "brackets": "[",
    "links": "[a](",
    "images": "![",
    "backticks": "`a``",
    "backslashes": "\\",
    "tags": "<a ",
    "entities": "&amp;",
    "jinja": "{{ 7*7 }}",
    "mixed": "*_[`]!\\<&{|#",
}


@pytest.mark.parametrize("unit", PUNCTUATION.values(), ids=PUNCTUATION.keys())
@pytest.mark.parametrize("render", [prose.block_html, prose.inline_html, prose.plain], ids=lambda f: f.__name__)
def test_rendering_work_grows_linearly_with_the_text(unit: str, render: Callable[[str], str]) -> None:
    """Four times the text, at most about four times the work (a quadratic path would be sixteen)."""
    small, large = ((unit * (size // len(unit) + 1))[:size] for size in (1_000, 4_000))
    render(small)  # the parser is built once, on first use
    assert lines_run(render, large) <= 4.4 * lines_run(render, small)


class CountingMatches:
    """Wraps every inline pattern of a Markdown instance and counts the matches it handles."""

    def __init__(self, converter: markdown.Markdown) -> None:
        self.count = 0
        for pattern in converter.inlinePatterns:
            pattern.handleMatch = self._counted(pattern.handleMatch)

    def _counted(self, handle: Callable) -> Callable:
        def handle_and_count(*args, **kwargs):
            self.count += 1
            return handle(*args, **kwargs)

        return handle_and_count


def test_the_pages_markdown_never_matches_inside_catalog_prose(tmp_path: Path) -> None:
    """A 320 KB meaning of punctuation costs the page's Markdown exactly the inline matches a one-word one does."""
    base_api = load_catalog(write_catalog(tmp_path, BASE_CODES, BASE_API)).apis["demo"]
    converter = fresh_site_markdown()
    counter = CountingMatches(converter)
    code = base_api.codes["2001"]
    counts = []
    for meaning in ("word", "*_[`]!\\<&{|#. " * 25_000):
        page = render_code_page(base_api, dataclasses.replace(code, meaning=meaning), CONTEXT)
        counter.count = 0
        converter.reset()
        converter.convert(page.split("---\n", 2)[2])
        counts.append(counter.count)
    assert counts[0] == counts[1] and counts[0] > 0


PROSE = """Show `msg` as an *error* or **warning**; see [the guide](https://example.org/guide) or [the codes](/demo/codes/).

- one `a`
- two

3. third
4. fourth

```python
if a < b: print("{{ 7*7 }}")
```

Raw <b>html</b> <script>alert(1)</script> [bad](javascript:alert(1)) [rel](x.png) ![img](https://x/i.png) &amp; {: .cls } \\*kept\\*"""


def test_catalog_markdown_renders_to_a_closed_set_of_tags(tmp_path: Path) -> None:
    """On a real built page: the supported Markdown renders; raw HTML, bad links, images and attributes stay text."""
    codes = (
        'codes:\n  "2001":\n    title: "Token `expired` *now*"\n'
        f"    meaning: {json.dumps(PROSE)}\n    http_status: 401\n    group: auth\n"
    )
    site = built_site(tmp_path, codes)
    html = (site / "demo" / "2001" / "index.html").read_text(encoding="utf-8")
    article = html[html.index('<div class="errcat-prose">') : html.index("</div>", html.index('<div class="errcat-prose">'))]
    page = fragment(article)
    tags = {tag for tag, _ in page.tags} - {"article"}  # fragment() wraps what it parses
    assert tags == {"div", "p", "code", "em", "strong", "a", "ul", "ol", "li", "pre"}
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert hrefs == ["https://example.org/guide", "/demo/codes/", "https://x/i.png"]  # images are off: ![i](u) is "!" and a link
    assert all(set(attrs) <= {"href", "class", "start"} for _, attrs in page.tags)
    text = " ".join(page.text)
    for shown in ("Raw <b>html</b> <script>alert(1)</script>", "[bad](javascript:alert(1))", "[rel](x.png)", "&amp;", "{: .cls }", "*kept*", '{{ 7*7 }}'):
        assert shown in text, shown
    assert '<code class="language-python">' in article and "<ol start=\"3\">" in article
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert heading and "<code>expired</code>" in heading.group(1) and "<em>now</em>" in heading.group(1)
    head_description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert head_description is None or "`" not in head_description.group(1)


def test_plain_text_drops_the_syntax_and_keeps_the_words() -> None:
    assert md.plain_line("Show `msg` as an *error*; see [the guide](https://example.org).") == "Show msg as an error; see the guide."
    assert prose.plain("Intro\n\n- one\n- two\n\n3. three") == "Intro\n\n- one\n- two\n\n3. three"
    assert md.plain_line("<b>x</b> [j](javascript:x) {{ y }}") == "<b>x</b> [j](javascript:x) {{ y }}"  # text stays text


def test_plain_text_outputs_of_the_real_site_carry_no_markdown_syntax(site: Path, catalog) -> None:
    """A meaning written with backticks: the page renders <code>, the meta tags and the terminal show plain words."""
    api = catalog.apis["assistant"]
    code = api.codes["SCHEDULE_ITEM_INVALID_TIME_RANGE"]
    assert "`end_at`" in code.meaning
    html = (site / "assistant" / code.code / "index.html").read_text(encoding="utf-8")
    assert "<code>end&#95;at</code> must be after <code>start&#95;at</code>" in html  # underscores as references
    assert '<meta name="description" content="end_at must be after start_at">' in html
    assert '<meta property="og:description" content="end_at must be after start_at">' in html
    terminal = explain(api, code, "https://example.org/assistant/SCHEDULE_ITEM_INVALID_TIME_RANGE/")
    assert "end_at must be after start_at" in terminal and "`" not in terminal.split("Example response")[0]
