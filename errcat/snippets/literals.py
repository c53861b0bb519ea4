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
        out = [self.quote]
        for ch in value:
            escaped = self.escapes.get(ch)
            if escaped is not None:
                out.append(escaped)
            elif ch.isprintable():
                out.append(ch)
            else:
                out.append(self.code_point(ord(ch)))
        out.append(self.quote)
        return "".join(out)


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
