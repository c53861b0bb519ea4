"""Catalog text inside generated code: string literals that cannot break out, and safe comments.

Catalog strings (codes, messages, titles) are data. Each language gets a plain quoted literal (never
a template literal or an interpolating form) in which every quote, backslash, interpolation sigil
and non-printable character is escaped, so ``"``, ``\\``, ``${...}``, ``$name`` and newlines (also
U+2028, which ends a line in JavaScript) stay text. Comments hold one line of printable text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_COMMON_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


@dataclass(frozen=True)
class StringSyntax:
    """How one language writes a plain string literal."""

    quote: str
    escapes: Mapping[str, str]
    code_point: Callable[[int], str]  # the escape for a character that must not appear raw

    def literal(self, value: str) -> str:
        return self.quote + "".join(self.escape(ch) for ch in value) + self.quote

    def escape(self, ch: str) -> str:
        """One character as it stands inside the literal."""
        escaped = self.escapes.get(ch)
        if escaped is not None:
            return escaped
        return ch if ch.isprintable() else self.code_point(ord(ch))


def _braced_unicode(point: int) -> str:
    return f"\\u{{{point:x}}}"


def _python_unicode(point: int) -> str:
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


# TypeScript: a double-quoted string (no template literal, so `${` is inert); \u{...} is ES2015.
TYPESCRIPT = StringSyntax('"', {**_COMMON_ESCAPES, '"': '\\"'}, _braced_unicode)
PYTHON = StringSyntax('"', {**_COMMON_ESCAPES, '"': '\\"'}, _python_unicode)
# Dart interpolates `$name` and `${...}` in every non-raw string, so `$` is escaped too.
DART = StringSyntax("'", {**_COMMON_ESCAPES, "'": "\\'", "$": "\\$"}, _braced_unicode)


def comment_text(value: str) -> str:
    """Catalog text for a line comment: one line, printable characters only."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in " ".join(value.split()))


_SLOT = re.compile(r"@@([A-Z_]+)@@")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace ``@@NAME@@`` slots in one pass, so filled-in text is never scanned for slots again."""
    return _SLOT.sub(lambda m: values[m.group(1)], template)


_WORDS = re.compile(r"\S+\s*|\s+")


def chunks(syntax: StringSyntax, value: str, width: int) -> list[str]:
    """``value`` as adjacent literals of at most ``width`` characters each, split after spaces where it can.

    The text is split before it is escaped, so an escape sequence is never cut in two; a word too
    long for one literal is cut between characters. Joined back, the pieces are ``value`` exactly.
    Linear in the length of ``value``: each character is escaped once.
    """
    room = max(width - 2 * len(syntax.quote), 8)  # a piece holds at least one escaped character
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for word in _WORDS.findall(value):
        escaped = [syntax.escape(ch) for ch in word]
        size = sum(map(len, escaped))
        if current and used + size > room:
            pieces.append("".join(current))
            current, used = [], 0
        if size <= room:
            current += escaped
            used += size
            continue
        for part in escaped:  # a word longer than a line: cut it between characters
            if current and used + len(part) > room:
                pieces.append("".join(current))
                current, used = [], 0
            current.append(part)
            used += len(part)
    if current or not pieces:
        pieces.append("".join(current))
    return [syntax.quote + piece + syntax.quote for piece in pieces]
