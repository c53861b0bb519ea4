"""Highlighting without the work Pygments repeats for every code block.

``pymdownx.highlight`` makes a new Pygments HTML formatter and looks its lexer up by name for each
fenced block. The formatter's constructor rebuilds its style table from the style, and the lookup
walks Pygments' whole lexer table. Both results depend only on their inputs: here they are kept per
input, from the same style table and lexer class. Then the blocks themselves: a code page's five or
six snippets are the same code with other literals on every page, and lexing them was a sixth of a
cold build. Each snippet *shape* is highlighted once, and a block of that shape gets its own
literals put back into the kept HTML (notes below). The direct lane
(:mod:`errcat.mkdocs.direct_pages`) installs this for its build; its tests compare the pages with a
build that does not, and ``tests/test_highlighting.py`` compares blocks with Pygments.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pygments.formatter import Formatter
from pygments.formatters.html import HtmlFormatter
from pygments.lexer import Lexer
from pygments.token import Token

_installed = False


def install() -> None:
    """Keep style tables and lexer classes for the rest of the process (once; later calls do nothing)."""
    global _installed
    if _installed:
        return
    import pymdownx.highlight

    HtmlFormatter._create_stylesheet = _kept_stylesheet(HtmlFormatter._create_stylesheet)  # type: ignore[method-assign]
    pymdownx.highlight.get_lexer_by_name = _kept_lexer_lookup(pymdownx.highlight.get_lexer_by_name)
    pymdownx.highlight.highlight = _ShapedHighlight(pymdownx.highlight.highlight)
    _installed = True


def _kept_stylesheet(create: Callable[[HtmlFormatter], None]) -> Callable[[HtmlFormatter], None]:
    """``HtmlFormatter._create_stylesheet``, computed once per style and class prefix (what it reads)."""
    tables: dict[tuple, tuple[dict, dict]] = {}

    def create_stylesheet(self: HtmlFormatter) -> None:
        key = (self.style, self.classprefix)
        if key not in tables:
            create(self)
            tables[key] = (dict(self.ttype2class), dict(self.class2style))
        ttype2class, class2style = tables[key]
        self.ttype2class, self.class2style = dict(ttype2class), dict(class2style)  # each formatter its own, as before

    return create_stylesheet


def _kept_lexer_lookup(lookup: Callable[..., Lexer]) -> Callable[..., Lexer]:
    """``get_lexer_by_name``, with the class found for each name kept; each call still gets a new lexer."""
    classes: dict[str, type[Lexer]] = {}

    def get_lexer_by_name(alias: str, **options: Any) -> Lexer:
        found = classes.get(alias)
        if found is not None:
            return found(**options)
        lexer = lookup(alias, **options)
        classes[alias] = type(lexer)
        return lexer

    return get_lexer_by_name


# --- Highlighting by shape --------------------------------------------------------------------------
#
# A catalog's snippets differ from code to code only in their literals: the code, the status, the
# message. Each block is cut into its *shape* (every plain string literal's text and every integer
# replaced by a numbered marker) and its literals. A shape is highlighted once; each block of that
# shape gets its literals put back into the kept HTML, escaped as the formatter escapes token text.
#
# Why that gives the very HTML Pygments would: inside a string literal the lexers listed in
# ``_STRING_TEXT`` read every character of the "inert" set with rules that neither change state nor
# change the token type, so a literal's text only changes the characters of its tokens (the formatter
# joins tokens of one type into one span); a `{name}` field keeps its braces and only its name is
# cut out (Python reads `{` word `}` as one format field whatever the word); an integer of plain
# digits is one number token whatever its digits. Before a shape is used, its tokens are checked: each marker must lie inside a string
# token that does not reach past the literal's quotes (so the lexer read it as the literal's text,
# not as code or a heredoc), or inside a comment, which inert text cannot end (but JSON's lexer may
# read a `*/` in a string); each integer marker must be a whole number token or in a comment; every
# marker must come out once, in order. A block whose shape fails, a literal with any other character
# (a backslash, a `$`, a brace outside a `{name}` field), and every other language are highlighted
# as before, whole blocks of other languages kept by their text.
# ``tests/test_highlighting.py`` compares blocks of every listed language with plain Pygments, and the
# direct lane's tests compare whole sites with a build that does not install this.

_STRING_MARK = "Qzx{:03d}xzQ"
_NUMBER_MARK = "98765{:03d}"
_MARKS = re.compile(r"Qzx(\d{3})xzQ|98765(\d{3})")
_MARK_WIDTH = len(_STRING_MARK.format(0))
_MAX_SLOTS = 1000  # three digits per marker
_MAX_SHAPES = 4096  # kept shapes per process: a catalog's snippets have a few hundred
_MAX_BLOCKS = 512  # kept whole blocks of other languages: an HTTP head repeats, prose blocks rarely do
# A literal on one line (escapes skipped, so pairing follows the lexers'), else a plain decimal integer.
_SLOTS = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|(?<![\w.$-])([1-9][0-9]{0,17})(?![\w.])')
# Text the listed lexers read uniformly inside a literal: letters, digits, spaces and plain punctuation.
# Not a backslash, `$`, backtick, `%`, `/`, `*`, `#`, `<`, `>`, `|`, `[`, `]` or a brace: characters that
# start an escape or an interpolation, or could end a construct opened before the literal (Dart's and
# Bash's `${...}`, a `/* */` comment, a regular expression). JSON's lexer reads anything but a
# backslash or a quote as string text.
_PLAIN_TEXT = re.compile(r"[\w .,:;!?()'\"+=@&^~-]+")
_JSON_TEXT = re.compile(r'[^"\\]+')
# A `{name}` field (a message's parameter) keeps its braces in the shape, and only its name is cut
# out: Python reads any `{name}` as an interpolation, and a brace could close a `${` opened before.
_FIELD = re.compile(r"(\{\w+\})")


@dataclass(frozen=True)
class _StringText:
    """How one lexer's plain literals may be cut: the quotes that open one, its inert text, the groups kept as they are."""

    quotes: str
    inert: re.Pattern[str]
    kept_groups: re.Pattern[str] | None = None
    comments_inert: bool = True  # a comment ends at a line's end or at `*/`, neither of which inert text holds

    def inert_run(self, run: str) -> bool:
        """Whether the lexer reads ``run`` inside a literal as plain literal text. (A run holds its literal's
        quote only escaped, and no inert text holds a backslash.)"""
        return run.isprintable() and self.inert.fullmatch(run) is not None


_STRING_TEXT: dict[str, _StringText] = {
    "PythonLexer": _StringText("\"'", _PLAIN_TEXT, _FIELD),
    "TypeScriptLexer": _StringText("\"'", _PLAIN_TEXT, _FIELD),
    "JavascriptLexer": _StringText("\"'", _PLAIN_TEXT, _FIELD),
    "DartLexer": _StringText("\"'", _PLAIN_TEXT, _FIELD),
    "BashLexer": _StringText("\"'", _PLAIN_TEXT, _FIELD),
    "JsonLexer": _StringText('"', _JSON_TEXT, comments_inert=False),  # its string text may hold `*/`
}
_STRING_TOKENS = (Token.Literal.String, Token.Name.Tag)  # JSON's keys are strings read as tags


@dataclass(frozen=True)
class _Slot:
    value: str
    is_number: bool
    lead: int = 0  # marker start minus the literal's opening quote
    trail: int = 0  # literal's end (after its closing quote) minus the marker's end


def _cut(src: str, text: _StringText) -> tuple[str, list[_Slot]] | None:
    """``src`` as its shape and its literals, or None when it cannot be cut (markers already in it, too many)."""
    if _MARKS.search(src) or "<<" in src:  # `<<`: a heredoc reads on to a word, which a literal may hold
        return None
    slots: list[_Slot] = []

    def literal(match: re.Match[str]) -> str:
        number = match.group(3)
        if number is not None:
            slots.append(_Slot(number, True))
            return _NUMBER_MARK.format(len(slots) - 1)
        whole = match.group(0)
        quote, content = whole[0], whole[1:-1]
        if quote not in text.quotes or not content:
            return whole
        parts = text.kept_groups.split(content) if text.kept_groups is not None and "{" in content else [content]
        if not all(text.inert_run(run) for run in parts[0::2] if run):
            return whole
        pieces, width, marked = [quote], 1, []  # marked: (text, marker offset in the literal's shape)
        for index, part in enumerate(parts):
            if not part:
                continue
            value, opening, closing = (part, "", "") if index % 2 == 0 else (part[1:-1], "{", "}")  # a field: its name
            marked.append((value, width + len(opening)))
            pieces += (opening, _STRING_MARK.format(len(slots) + len(marked) - 1), closing)
            width += len(opening) + _MARK_WIDTH + len(closing)
        pieces.append(quote)
        width += 1
        for value, at in marked:
            slots.append(_Slot(value, False, lead=at, trail=width - at - _MARK_WIDTH))
        return "".join(pieces)

    shape = _SLOTS.sub(literal, src)
    if len(slots) > _MAX_SLOTS:
        return None
    return shape, slots


def _shape_holds(tokens: list[tuple[Any, str]], slots: list[_Slot], text: _StringText) -> bool:
    """Whether the lexer read every marker of the shape as the text of its literal (see the notes above)."""
    seen = 0
    position = 0
    for ttype, value in tokens:
        for mark in _MARKS.finditer(value):
            index = int(mark.group(1) or mark.group(2))
            slot = slots[index] if index == seen else None
            if slot is None or slot.is_number != (mark.group(2) is not None):
                return False
            if not (text.comments_inert and ttype in Token.Comment or _read_as_literal(ttype, value, mark, position, slot)):
                return False
            seen += 1
        position += len(value)
    return seen == len(slots)


def _read_as_literal(ttype: Any, value: str, mark: re.Match[str], position: int, slot: _Slot) -> bool:
    """Whether the token holding ``mark`` is the slot's whole number, or string text inside the slot's literal."""
    if slot.is_number:
        return ttype in Token.Literal.Number and mark.start() == 0 and mark.end() == len(value)
    start, end = position + mark.start(), position + mark.end()
    return any(ttype in kind for kind in _STRING_TOKENS) and position >= start - slot.lead and position + len(value) <= end + slot.trail


class _ShapedHighlight:
    """``pygments.highlight`` for ``pymdownx.highlight``: each block shape highlighted once (see the notes above)."""

    def __init__(self, highlight: Callable[[str, Lexer, Formatter], str]) -> None:
        self._highlight = highlight
        self._shapes: dict[tuple, list[str] | None] = {}  # None: the shape does not hold
        self._blocks: dict[tuple, str] = {}  # other languages: whole blocks (an HTTP head is the same on many pages)

    def __call__(self, src: str, lexer: Lexer, formatter: Formatter) -> str:
        if lexer.filters or formatter.encoding:
            return self._highlight(src, lexer, formatter)
        settings = (type(lexer), _options(lexer.options), type(formatter), _options(formatter.options))
        text = _STRING_TEXT.get(type(lexer).__name__)
        cut = None if text is None else _cut(src, text)
        if cut is None:
            return _kept(self._blocks, _MAX_BLOCKS, (src, *settings), lambda: self._highlight(src, lexer, formatter))
        shape, slots = cut
        parts = _kept(self._shapes, _MAX_SHAPES, (shape, *settings), lambda: self._learn(shape, slots, text, lexer, formatter))
        if parts is None:
            return self._highlight(src, lexer, formatter)
        out = [parts[0]]
        for slot, after in zip(slots, parts[1:]):
            out.append(slot.value if slot.is_number else html.escape(slot.value, quote=False))
            out.append(after)
        return "".join(out)

    @staticmethod
    def _learn(shape: str, slots: list[_Slot], text: _StringText, lexer: Lexer, formatter: Formatter) -> list[str] | None:
        """The shape's HTML cut at its markers, or None when the lexer did not read every marker as its literal."""
        tokens = list(lexer.get_tokens(shape))
        if not _shape_holds(tokens, slots, text):
            return None
        out = io.StringIO()
        formatter.format(iter(tokens), out)
        pieces = _MARKS.split(out.getvalue())
        parts, indexes = pieces[0::3], [int(a or b) for a, b in zip(pieces[1::3], pieces[2::3])]
        return parts if indexes == list(range(len(slots))) else None


def _options(options: dict) -> str:
    return repr(options)  # in the order its maker gave them: the same maker gives the same order


def _kept(kept: dict[tuple, Any], limit: int, key: tuple, make: Callable[[], Any]) -> Any:
    """``kept[key]``, made by ``make`` the first time; the dict is emptied when it holds ``limit`` values."""
    if key in kept:
        return kept[key]
    if len(kept) >= limit:
        kept.clear()
    value = kept[key] = make()
    return value
