"""Code patterns, matched with RE2: time linear in the code's length, whatever the pattern says.

Python's ``re`` backtracks, so a pattern such as ``([0-9]+)+`` takes exponential time on a code that
almost matches it: one careless line in an api.yaml would hang ``errcat check``, every build and CI.
RE2 never backtracks. The price is that backreferences and lookaround are refused, with the pattern's
line, and a code's spelling never needs them.
"""

from __future__ import annotations

import functools

import re2

_QUIET = re2.Options()
_QUIET.log_errors = False  # errcat reports a bad pattern with its file and line; RE2 would also log it to stderr


class BadPattern(ValueError):
    """The text is not a regular expression RE2 accepts."""


@functools.lru_cache(maxsize=64)
def compile_pattern(pattern: str) -> re2._Regexp:
    """The compiled pattern, once per API however many codes it checks.

    It is compiled over UTF-8 bytes (RE2's own encoding, so the meaning is the same): given str, the
    wrapper converts offsets between characters and bytes on every match, which made matching three
    times slower.
    """
    try:
        return re2.compile(pattern.encode("utf-8"), _QUIET)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise BadPattern(reason) from None


def fullmatch(pattern: str, code: str) -> bool:
    """Whether the whole of ``code`` matches ``pattern`` (which the loader has already accepted)."""
    return compile_pattern(pattern).fullmatch(code.encode("utf-8")) is not None
