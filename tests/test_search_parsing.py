"""The quick search parser (errcat/mkdocs/search_parsing.py) makes the handler calls HTMLParser makes.

Documents are put together from the HTML Python-Markdown writes and from HTML it does not (comments,
single-quoted or unquoted attributes, raw-text elements, a stray ``<``); both parsers record every
call to Material's handlers, and the calls and the resulting sections must be the same.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from errcat.mkdocs.search_parsing import events, quick_parser

PLAIN_PIECES = [
    '<h1 id="title">', "</h1>", '<h2 id="causes">', "</h2>", "<p>", "</p>", "<code>", "</code>", "<pre>", "</pre>",
    '<div class="admonition tip" data-search-exclude>', "</div>", "<br />", "<br/>", "<hr>",
    '<img alt="&lt;x&gt; &amp; y" src="a.png" />', '<a class="headerlink" href="#causes" title="Permanent link">', "</a>",
    '<input disabled checked="">', '<P CLASS="Up">', "</P >", "<ul>", "<li>", "</li>", "</ul>", '<td\nclass="x">', "</td>",
    "text", " ", "\n", "&amp;", "&lt;", "&#95;", "&nbsp;", "&bogus;", "&", "a & b", "é", "  spaces  ", "&#x27;", "1 > 0",
]
OTHER_PIECES = ["<!-- note -->", "<script>if (a < b) {}</script>", "<title>t</title>", "< p>", "<3", "<x-y>", "<a href=x>", "<span class='s'>", "<!DOCTYPE html>", "<p/ >"]


class Recording(Parser):
    """Material's parser, noting each handler call."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.calls.append(("start", tag, list(attrs)))
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag))
        super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data))
        super().handle_data(data)


QuickRecording = quick_parser(Recording)


def _parsed(parser_class: type, html: str) -> tuple[list, list]:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return parser.calls, [("".join(s.title), "".join(s.text), s.id, s.depth) for s in parser.data]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PLAIN_PIECES), max_size=40), st.lists(st.tuples(st.integers(0, 40), st.sampled_from(OTHER_PIECES)), max_size=2))
def test_the_quick_parser_calls_the_handlers_as_htmlparser_does(pieces: list[str], others: list[tuple[int, str]]) -> None:
    for at, piece in others:
        pieces.insert(at, piece)
    html = "".join(pieces)
    assert _parsed(QuickRecording, html) == _parsed(Recording, html)


def test_plain_html_is_read_without_htmlparser_and_anything_else_with_it() -> None:
    assert events('<h2 id="a">A &amp; B</h2><br />') == [
        ("start", "h2", [("id", "a")]),
        ("data", "A & B", None),
        ("end", "h2", None),
        ("startend", "br", []),
    ]
    for other in OTHER_PIECES:
        assert events(f"<p>{other}</p>") is None, other
