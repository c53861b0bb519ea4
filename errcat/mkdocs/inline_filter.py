"""Python-Markdown's inline pass without trying patterns that cannot match.

The inline pass tries every inline pattern (links, emphasis, code spans, entities...) on every piece
of text, by index into a registry that checks its sort order on each access: on a code page that is
hundreds of tries, most of them on text without a single ``[``, ``*``, ``<`` or ``&``, and it was the
largest share of converting one. Here each pattern's regular expression is read once for the
characters a match can start with (:func:`first_characters`), and a pattern is skipped for a text
holding none of them, which is what trying it would have found. Patterns whose first character is not
known (a match may be empty, start with any character, or the expression ignores case) are always
tried. The direct lane (:mod:`errcat.mkdocs.direct_pages`) uses this for its converter; its tests
compare its pages with mkdocs' own.
"""

from __future__ import annotations

import re
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from collections.abc import Callable
from typing import Any

import markdown
from markdown import inlinepatterns, treeprocessors, util

_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", sre_constants.MAX_REPEAT)}
_Firsts = tuple[frozenset[str], bool] | None  # the characters a match can start with, and whether it can be empty


def first_characters(expression: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a non-empty match of ``expression`` can start with; None when that is not known or a
    match can be empty (then it can happen anywhere)."""
    if expression.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parser.parse(expression.pattern, expression.flags)
    except Exception:  # an expression this Python reads differently: no shortcut
        return None
    found = _sequence(list(parsed))
    return None if found is None or found[1] else found[0]


def _sequence(items: list[tuple[Any, Any]]) -> _Firsts:
    chars: set[str] = set()
    for item in items:
        found = _item(*item)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return frozenset(chars), False
    return frozenset(chars), True


def _item(op: Any, value: Any) -> _Firsts:
    if op is sre_constants.LITERAL:
        return frozenset(chr(value)), False
    if op in _ZERO_WIDTH:
        return frozenset(), True
    if op is sre_constants.IN:
        return _char_set(value)
    if op is sre_constants.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is getattr(sre_constants, "ATOMIC_GROUP", None):
        return _sequence(list(value))
    if op is sre_constants.BRANCH:
        chars: set[str] = set()
        empty = False
        for alternative in value[1]:
            found = _sequence(list(alternative))
            if found is None:
                return None
            chars |= found[0]
            empty = empty or found[1]
        return frozenset(chars), empty
    if op in _REPEATS:
        low, _, body = value
        found = _sequence(list(body))
        return None if found is None else (found[0], found[1] or low == 0)
    return None  # any character, a category, a back reference: the first character is not known


def _char_set(members: list[tuple[Any, Any]]) -> _Firsts:
    chars: set[str] = set()
    for op, value in members:
        if op is sre_constants.LITERAL:
            chars.add(chr(value))
        elif op is sre_constants.RANGE and value[1] - value[0] < 128:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        else:
            return None  # negated, a category, a wide range
    return frozenset(chars), False


class SkippingInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's inline pass, skipping each pattern for a text holding none of its first characters."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._known: dict[int, tuple[inlinepatterns.Pattern, _Test]] = {}  # by id: each pattern, kept alive
        self._tries: list[tuple[inlinepatterns.Pattern, _Test]] = []

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._tries = [self._try(pattern) for pattern in self.inlinePatterns]  # the patterns, in order, for this run
        return super().run(tree, ancestors)

    def _try(self, pattern: inlinepatterns.Pattern) -> tuple[inlinepatterns.Pattern, _Test]:
        kept = self._known.get(id(pattern))
        if kept is None or kept[0] is not pattern:
            firsts = first_characters(pattern.getCompiledRegExp()) if isinstance(pattern, inlinepatterns.InlineProcessor) else None
            test = re.compile("[" + "".join(sorted(map(re.escape, firsts))) + "]").search if firsts else None
            kept = self._known[id(pattern)] = (pattern, test)
        return kept

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803 (the method it replaces)
        if isinstance(data, util.AtomicString):
            return data
        tries = self._tries
        startIndex = 0  # noqa: N806
        while patternIndex < len(tries):
            pattern, could_match = tries[patternIndex]
            if could_match is not None and could_match(data) is None:
                matched, startIndex = False, 0  # noqa: N806 (what trying it returns)
            else:
                data, matched, startIndex = self._InlineProcessor__applyPattern(pattern, data, patternIndex, startIndex)  # noqa: N806
            if not matched:
                patternIndex += 1
        return data


_Test = Callable[[str], object] | None  # finds one of a pattern's first characters in a text; None: always try


def install(md: markdown.Markdown) -> bool:
    """Put the skipping pass in the place of ``md``'s inline pass; False (nothing changed) when an extension
    replaced that pass with its own."""
    if "inline" not in md.treeprocessors or type(md.treeprocessors["inline"]) is not treeprocessors.InlineProcessor:
        return False
    priority = next(item.priority for item in md.treeprocessors._priority if item.name == "inline")
    md.treeprocessors.register(SkippingInlineProcessor(md), "inline", priority)
    return True
