"""Highlighting by shape (errcat/mkdocs/highlighting.py) gives, block for block, the HTML Pygments gives.

Blocks are made from templates of every language it cuts (errcat's snippets, and contexts where a quote
does not open a literal: comments, heredocs, raw strings, Python's format fields, regular expressions),
filled with text from every kind of character. Each block is highlighted twice by one shaped highlighter,
so the second time comes from a shape learned from another block, and compared with plain Pygments.
"""

from __future__ import annotations

import pygments
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.lexers import get_lexer_by_name
from pymdownx.highlight import BlockHtmlFormatter, InlineHtmlFormatter

from errcat.mkdocs.highlighting import _ShapedHighlight

# {s}: text inside a literal (not escaped: a quote or backslash in it changes the pairing), {n}: digits.
TEMPLATES = {
    "python": [
        'from x_client import on\nMESSAGE = "{s}"\n\n@on({n}, status={n})\ndef handle(error, attempt):\n    return show(error.message or MESSAGE)\n',
        "x = '{s}' + \"{s}\"  # {s} '{s}' {n}\n",
        'f"{s}{{name}}{s}" % ({n}, "{s}")\n',
        'r"{s}" b\'{s}\' """{s}"{s}""" {n}.{n} {n}e{n} 0x{n}\n',
        '"{s}{{field}}" "{{{s}}}" "{{a[{s}]}}{s}"\n',
    ],
    "typescript": [
        'import {{ on }} from "./x-client";\nconst MESSAGE = "{s}";\non({n}, {n}, async (error, attempt) => {{\n  return show(error.message ?? MESSAGE);\n}});\n',
        "const a = '{s}' / \"{s}\" / {n}; // {s} \"{s}\"\n",
        "/* {s} '{s}' */ let r = /{s}/g.test(\"{s}\"); `{s}` + '{s}'\n",
        "const t = `${{x}} '{s}' ${{ '{s}' }} \"{s}\"`; '{s}{{field}}'\n",
    ],
    "dart": [
        "import 'x_client.dart' show on;\nconst userMessage = '{s}';\nvoid register() {{\n  on({n}, {n}, (error, attempt) async {{\n    return show(error.message ?? userMessage);\n  }});\n}}\n",
        "var a = r'{s}' + \"{s}\" + '''{s}''' + '${s}'; // '{s}' {n}\n",
        "var b = '${{{s}' // '{s}' \"{s}\" {n}\n",
    ],
    "bash": [
        "# HTTP {n}; the code:\ncurl -s \"$URL\" -H \"Authorization: Bearer $TOKEN\" | jq '{s}'\n# {n}\n",
        "echo \"{s}\" '{s}' {n} $'{s}' \"$x{s}\" # '{s}'\n",
        "cat <<EOF\n\"{s}\" {n}\nEOF\necho '{s}'\n",
        "x{n}={n} y=\"{s}\" [ \"{s}\" = '{s}' ]\n",
        "echo ${{x:-'{s}'}} \"${{y}}{s}\" # '{s}' {n}\n",
    ],
    "json": [
        '{{\n  "error": {{\n    "code": {n},\n    "message": "{s}",\n    "docs": "/x/{n}/"\n  }}\n}}\n',
        '{{"{s}": "{s}", "a": [{n}, -{n}, {n}.5, "{s}"], "b": \'{s}\'}} // "{s}"\n',
        '/* "{s}" */ {{"k": "{s}"}}\n',
    ],
}
ANY_TEXT = st.lists(
    st.sampled_from(list("abcXYZ019 _.,:;!?()'\"+=@&^~-{}[]%$\\/*#<>|`\t\né中😀\u2028") + ["if", "EOF", "{name}", "%s", "{{", "*/"]),
    max_size=12,
).map("".join)
PLAIN_TEXT = st.lists(st.sampled_from(list("abcXYZ019 _.,:;!?()'+=@&^~-é中") + ["if", "EOF", "{name}", "Error: "]), max_size=12).map("".join)
TEXT = st.one_of(PLAIN_TEXT, ANY_TEXT)  # text the highlighter puts back, and text it must refuse
NUMBER = st.sampled_from(["0", "1", "7", "42", "503", "1007", "98765001", "65535", "123456789012"])


@st.composite
def blocks(draw: st.DrawFn) -> tuple[str, str]:
    language = draw(st.sampled_from(sorted(TEMPLATES)))
    template = draw(st.sampled_from(TEMPLATES[language]))
    pieces = template.replace("{{", "\0").replace("}}", "\1").replace("{s}", "{s}\2").replace("{n}", "{n}\2").split("\2")
    out = []
    for piece in pieces:
        if piece.endswith("{s}"):
            piece = piece[:-3] + draw(TEXT)
        elif piece.endswith("{n}"):
            piece = piece[:-3] + draw(NUMBER)
        out.append(piece)
    return language, "".join(out).replace("\0", "{").replace("\1", "}")


def _plain(src: str, language: str, inline: bool) -> str:
    return pygments.highlight(src, get_lexer_by_name(language, stripnl=False), _formatter(inline))


def _formatter(inline: bool) -> BlockHtmlFormatter:
    return InlineHtmlFormatter(cssclass="highlight") if inline else BlockHtmlFormatter(cssclass="highlight", wrapcode=True)


SHAPED = _ShapedHighlight(pygments.highlight)  # one for the whole test: shapes learned from earlier examples are used


@settings(max_examples=600, deadline=None)
@given(blocks(), st.booleans())
def test_a_shaped_block_is_highlighted_as_pygments_highlights_it(block: tuple[str, str], inline: bool) -> None:
    language, src = block
    if inline:
        src = src.replace("\n", " ")
    expected = _plain(src, language, inline)
    for _ in range(2):  # learned, then from the kept shape
        assert SHAPED(src, get_lexer_by_name(language, stripnl=False), _formatter(inline)) == expected


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("python", 'm = "Card declined: {n}"\non(402)\n', 'm = "Quota reached, try later {n}"\non(429)\n'),
        ("json", '{"code": 1007, "message": "A: b"}\n', '{"code": 2, "message": "Fine & <dandy>"}\n'),
        ("bash", "# HTTP 503\njq '.error.code'\n", "# HTTP 404\njq '.error.kind'\n"),
    ],
)
def test_blocks_of_one_shape_are_highlighted_once(language: str, first: str, second: str) -> None:
    """The second block comes from the first one's shape: Pygments' lexer is not run for it."""
    shaped = _ShapedHighlight(pygments.highlight)
    assert shaped(first, get_lexer_by_name(language), _formatter(False)) == _plain(first, language, False)

    lexer = get_lexer_by_name(language)

    def refuse(text: str) -> None:
        raise AssertionError("lexed again")

    lexer.get_tokens = refuse  # type: ignore[method-assign]
    assert shaped(second, lexer, _formatter(False)) == _plain(second, language, False)


def test_a_block_with_markers_of_its_own_or_another_language_is_highlighted_plainly() -> None:
    shaped = _ShapedHighlight(pygments.highlight)
    for language, src in [("python", 'x = "Qzx000xzQ"\n'), ("bash", "echo 98765001\n"), ("http", "HTTP/1.1 503 Service Unavailable\n")]:
        assert shaped(src, get_lexer_by_name(language), _formatter(False)) == _plain(src, language, False)
