"""A code page fills its message with the declared params its link passes, as text, and nothing else.

The data is read from the real built pages; the script is the one the site ships, run in Node
against a DOM shim whose innerHTML throws (the browser suite covers a real browser).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from errcat import Catalog, links
from errcat.envelope import fill_message
from tests import pagejs
from tests.htmltext import article

SCRIPT = "assets/errcat/message.js"


def boxes(path: Path) -> list[dict[str, str | None]]:
    """Attributes of every message box on a built page."""
    return [attrs for tag, attrs in article(path).tags if links.FILL_ATTRIBUTE in attrs]


def test_every_code_page_with_params_carries_its_template_and_declared_names(site: Path, catalog: Catalog) -> None:
    with_params = 0
    for api in catalog.apis.values():
        for code in api.codes.values():
            found = boxes(site / api.slug / code.code / "index.html")
            expected = links.fill_data(code)
            if expected is None:
                assert found == [], code.code  # nothing from a link can reach a page without params
                continue
            with_params += 1
            [box] = found
            assert json.loads(box[links.FILL_ATTRIBUTE]) == expected and "hidden" in box, code.code
    assert with_params >= 3


def test_every_page_loads_the_script_and_the_style_that_keeps_empty_boxes_hidden(site: Path) -> None:
    assert (site / SCRIPT).is_file()
    assert ".errcat-message[hidden]" in (site / "assets" / "errcat" / "errcat.css").read_text(encoding="utf-8")
    for path in (site / "index.html", site / "users" / "88" / "index.html"):
        assert f'src="{"../" * (len(path.relative_to(site).parts) - 1)}{SCRIPT}"' in path.read_text(encoding="utf-8")


def test_catalog_markup_in_the_template_stays_inert_in_the_page(lifecycle_site: Path) -> None:
    html = (lifecycle_site / "demo" / "2003" / "index.html").read_text(encoding="utf-8")
    assert "<b>invalid</b>" not in html and "&lt;b&gt;invalid&lt;/b&gt;" in html
    [box] = boxes(lifecycle_site / "demo" / "2003" / "index.html")
    assert json.loads(box[links.FILL_ATTRIBUTE]) == {"template": 'Token {token} is <b>invalid</b> for "{scope}"', "params": ["token", "scope"]}


def expected(template: str, declared: list[str], query: str) -> tuple[bool, str | None]:
    """What the page must show: (hidden, text), by errcat.envelope.fill_message on the declared params given."""
    given = parse_qs(query, keep_blank_values=True)
    values = {name: given[name][0] for name in declared if name in given}
    return (True, None) if not values else (False, fill_message(template, values))


QUERIES = [
    "",  # a plain link: the box stays hidden
    "?token=abc&scope=read",
    "?token=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&scope=%3Cscript%3Ealert(2)%3C%2Fscript%3E",  # shown as text
    "?scope=write",  # token is missing
    "?token=",  # given, but empty
    "?colour=red&__proto__=x&constructor=y",  # undeclared: none of it reaches the page
    "?token=first&token=second&scope=$%26%20$1",  # first value wins; $& is no replacement pattern
    "?token=a+b&scope=%E2%9C%93",
]


@pytest.mark.parametrize("instant", [False, True], ids=["page-load", "instant-navigation"])
def test_the_shipped_script_fills_only_declared_params_as_text(lifecycle_site: Path, instant: bool) -> None:
    path = lifecycle_site / "demo" / "2003" / "index.html"
    [box] = boxes(path)
    attribute = box[links.FILL_ATTRIBUTE]
    data = json.loads(attribute)
    source = (lifecycle_site / SCRIPT).read_text(encoding="utf-8")
    cases = [pagejs.Case(source, f"http://127.0.0.1/demo/2003/{q}", [attribute], document_subject=instant) for q in QUERIES]
    for query, result in zip(QUERIES, pagejs.run(cases)):
        [shown] = result["boxes"]
        assert (shown["hidden"], shown["text"]) == expected(data["template"], data["params"], urlsplit(query).query), query
        assert result["subscribed"] == (1 if instant else 0)
    filled = pagejs.run([pagejs.Case(source, "http://127.0.0.1/demo/2003/?token=%3Cb%3E&scope=read", [attribute])])
    assert filled[0]["boxes"][0]["text"] == 'Token <b> is <b>invalid</b> for "read"'
    missing = pagejs.run([pagejs.Case(source, "http://127.0.0.1/demo/2003/?scope=read", [attribute])])
    assert missing[0]["boxes"][0]["text"] == 'Token [missing] is <b>invalid</b> for "read"'
