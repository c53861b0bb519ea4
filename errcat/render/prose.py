"""Catalog prose as safe Markdown: parsed by markdown-it-py, written out as HTML by errcat's own small renderer.

Catalog authors write Markdown (inline code, emphasis, strong, lists, links, paragraphs, fenced code
blocks with a language). The catalog is hostile, so only that subset is parsed (markdown-it-py's
``zero`` preset with a few rules switched on: no raw HTML, no images, no autolinks, no tables,
headings, entities or reference definitions) and the tokens are written out here, by a renderer
that knows a closed set of tags and exactly two attributes: ``href`` (checked by
:func:`errcat.safe_markdown.safe_href`, the policy explanations share)
and a fenced block's ``class="language-…"`` (a language name of letters, digits and ``+-_.#`` only).
So no tag, attribute, event handler or ``javascript:`` URL can come from catalog text.

The HTML is embedded in pages that Python-Markdown, mkdocs-macros (Jinja) and its extensions read
again. Every character any of them treats as syntax is written as a character reference (see
:data:`_INERT`), and the output is a single line (newlines in code become ``&#10;``), so no
line-based preprocessor (fences, admonitions, snippets) and no inline pattern can match inside it.

Both markdown-it-py and this renderer take time linear in the text: markdown-it bounds its nesting
(``maxNesting``) and scans delimiters once; the plain text (:mod:`errcat.safe_markdown`) and the renderer
visit each token once and escape with ``str.translate``. ``tests/test_prose.py`` counts the work to hold that true.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from markdown_it.token import Token

# The parser, its link policy and the plain text live below the renderers (the example envelope needs plain
# titles too); the renderers keep importing them from here.
from ..safe_markdown import plain, plain_line, safe_href  # noqa: F401 - re-exported
from ..safe_markdown import parser_for

# Characters written as references in text and attributes: HTML's own (& < > " '), Markdown's inline
# syntax (` * _ [ ] \ ! #), table pipes, attribute lists and Jinja ({ }), and the marks that Markdown
# extensions a site may enable react to (~ ^ = + :). Python-Markdown shows a reference as its character
# and matches no pattern inside it.
_INERT = {ord(ch): f"&#{ord(ch)};" for ch in "&<>\"'`*_[]\\!#|{}~^=+:"}

# A fenced block's language becomes a class name: a word such as "python", "c++", "objective-c" or "c#".
_LANGUAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-_.#]{0,31}")


def inert(value: str) -> str:
    """``value`` as HTML text that no Markdown, Jinja or HTML reader after errcat can take as syntax."""
    return value.translate(_INERT)


# Token type -> (open tag, close tag) for the tokens that only open or close an element.
_TAGS = {
    "paragraph_open": "<p>",
    "paragraph_close": "</p>",
    "bullet_list_open": "<ul>",
    "bullet_list_close": "</ul>",
    "ordered_list_close": "</ol>",
    "list_item_open": "<li>",
    "list_item_close": "</li>",
    "em_open": "<em>",
    "em_close": "</em>",
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "link_close": "</a>",
    "softbreak": " ",
    "hardbreak": "<br>",
}


def _token_html(token: Token) -> str:
    kind = token.type
    if kind == "text":
        return inert(token.content)
    if kind == "code_inline":
        return f"<code>{inert(token.content)}</code>"
    if kind == "link_open":
        return f'<a href="{inert(str(token.attrGet("href") or ""))}">'
    if kind == "ordered_list_open":
        start = int(token.attrGet("start") or 1)
        return "<ol>" if start == 1 else f'<ol start="{start}">'
    if kind == "fence":
        language = token.info.split(maxsplit=1)[0] if token.info.strip() else ""
        attribute = f' class="language-{inert(language)}"' if _LANGUAGE.fullmatch(language) else ""
        return f"<pre><code{attribute}>{inert(token.content).replace(chr(10), '&#10;')}</code></pre>"
    if kind in ("paragraph_open", "paragraph_close") and token.hidden:
        return ""  # a tight list's items hold their text without paragraphs
    return _TAGS[kind]


def _html(tokens: Iterable[Token]) -> str:
    out: list[str] = []
    for token in tokens:
        if token.type == "inline":
            out.extend(_token_html(child) for child in token.children or ())
        else:
            out.append(_token_html(token))
    return "".join(out)


# The same texts (a group's title, a behaviour's description) are rendered on thousands of code pages:
# each is parsed once per process. The functions are pure, and the cache's size is bounded.
_KEPT = 8192


@functools.lru_cache(maxsize=_KEPT)
def block_html(value: str) -> str:
    """Block Markdown (paragraphs, lists, fenced code) as one line of inert HTML."""
    return _html(parser_for(value).parse(value))


@functools.lru_cache(maxsize=_KEPT)
def inline_html(value: str) -> str:
    """Inline Markdown (code, emphasis, strong, links) as one line of inert HTML: for titles and table cells.

    Line breaks become spaces: a short field is one line wherever it is shown.
    """
    line = " ".join(value.split())
    return _html(parser_for(line).parseInline(line))


# The end of a sentence: a full stop, question or exclamation mark before white space.
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_CLOSE = {"em_open": "</em>", "strong_open": "</strong>", "link_open": "</a>"}
# How much of a long text's source a summary parses, per character it may show: enough for the link
# targets and markup around those characters, and a summary of a 320 KB meaning parses 6 KB of it.
_SUMMARY_SOURCE = 20


def _shown(token: Token) -> int:
    """How many characters a reader sees of an inline token."""
    if token.type in ("text", "code_inline"):
        return len(token.content)
    return 1 if token.type in ("softbreak", "hardbreak") else 0


@functools.lru_cache(maxsize=_KEPT)
def summary_html(value: str, limit: int) -> str:
    """Inline Markdown as a bounded one-line summary in inert HTML: for table cells, which the page's Markdown
    reads again character by character, in time that grows faster than the text (long text: :func:`block_html`).

    The whole text when a reader would see at most ``limit`` characters of it; else its first sentence when
    that fits; else its first ``limit`` characters, cut after a word, with an ellipsis. Tags the cut leaves
    open are closed, so no Markdown syntax or broken markup shows. Only the start of a long text is parsed
    (:data:`_SUMMARY_SOURCE` source characters per character shown), and the output holds at most ``limit``
    characters of it.
    """
    line = " ".join(value.split())
    if len(line) > _SUMMARY_SOURCE * limit:  # only the start can show: parse that, cut after a word
        line = line[: line.rfind(" ", 0, _SUMMARY_SOURCE * limit) + 1 or _SUMMARY_SOURCE * limit]
    children = [child for token in parser_for(line).parseInline(line) for child in token.children or ()]
    visible: list[str] = []
    seen = 0
    for child in children:  # the text a reader sees, as far as the limit and one character more
        if seen > limit:
            break
        visible.append(child.content if child.type in ("text", "code_inline") else " " * _shown(child))
        seen += _shown(child)
    if seen <= limit:
        return _html(children)
    head = "".join(visible)[:limit]
    sentence = _SENTENCE_END.search(head)
    if sentence:
        cut, ellipsis = sentence.end(), ""
    else:
        space = head.rfind(" ")
        cut, ellipsis = (space if space > limit // 2 else limit), "\u2026"
    out: list[str] = []
    closing: list[str] = []
    position = 0
    for child in children:
        if position >= cut:
            break
        shown = _shown(child)
        if position + shown > cut:  # text or code the cut goes through: its first part
            part = inert(child.content[: cut - position].rstrip())
            out.append(part if child.type == "text" else f"<code>{part}</code>")
            break
        out.append(_token_html(child))
        position += shown
        if child.type in _CLOSE:
            closing.append(_CLOSE[child.type])
        elif child.type in ("em_close", "strong_close", "link_close") and closing:
            closing.pop()
    return "".join(out) + ellipsis + "".join(reversed(closing))
