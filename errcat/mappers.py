"""Reading the codes a client maps, out of its own source: a Dart or TypeScript mapper, or a frontend .env.

Seed 002's Flutter client maps codes in ``error_code_mapper.dart``; web clients keep a TypeScript
object or switch; seed 000's frontend lists codes in ``.env`` settings. errcat does not run or fully
parse that code. It reads the places where a mapper names a code: a literal (string or number) used
as a ``case`` label, a switch-expression arm (``'X' => ...``), a comparison (``code == 'X'``), or a
key of a map or object literal that is assigned, passed or returned (``{'X': ...}``; in TypeScript
also unquoted, ``{ X: ... }``), but not the keys of objects nested in it; comments are skipped. A literal counts only when it matches the API's code pattern, so other keys in the same
file (messages, routes) are not mistaken for codes. In a .env file, only the settings the catalog's
behaviours name (``frontend_config``) are read, each as a comma-separated list of codes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import patterns
from .model import Api

SOURCE_SUFFIXES = {".dart": "dart", ".ts": "ts", ".tsx": "ts", ".js": "ts", ".jsx": "ts", ".mjs": "ts", ".cjs": "ts"}

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>r?'(?:[^'\\\n]|\\.)*'|r?"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)
    |(?P<number>[0-9][0-9_]*)
    |(?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
    |(?P<punct>===|==|=>|\S)
    |(?P<space>\s+)
    """,
    re.S | re.X,
)
_COMPARISON = {"==", "==="}
# What precedes a map or object literal whose keys may be codes: an assignment, a call argument, a
# return value, a Dart type argument list (<String, String>{...}). Not a nested value (":"), a list
# element, a class, interface or function body, or a TypeScript type alias.
_MAP_OPENERS = {"=", "(", "return", "default", ">", "=>"}
_ENV_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")


class MapperError(Exception):
    """The mapper cannot be read (missing file, unknown kind, malformed line)."""


@dataclass(frozen=True, slots=True)
class Mapped:
    """One place where a client names a code; ``setting`` is the .env key it is listed under."""

    code: str
    file: str
    line: int
    setting: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def is_env(path: Path) -> bool:
    return path.name == ".env" or path.name.startswith(".env.") or path.suffix == ".env"


def read(path: Path, api: Api) -> list[Mapped]:
    """The codes ``path`` maps, in file order; raises MapperError when it cannot be read."""
    if not path.is_file():
        raise MapperError(f"{path}: no such file")
    if not is_env(path) and path.suffix not in SOURCE_SUFFIXES:
        raise MapperError(f"{path}: unknown mapper kind; expected .dart, .ts/.tsx/.js or a .env file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MapperError(f"{path}: cannot be read: {exc}") from None
    if is_env(path):
        return list(_env_codes(text, str(path), api))
    return list(_source_codes(text, str(path), SOURCE_SUFFIXES[path.suffix], api.convention.code_pattern))


def _env_codes(text: str, name: str, api: Api) -> Iterator[Mapped]:
    settings = {b.frontend_config for b in api.behaviours.values() if b.frontend_config}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _ENV_LINE.fullmatch(line)
        if match is None:
            raise MapperError(f"{name}:{number}: expected KEY=VALUE, found {line[:60]!r}")
        key, value = match.groups()
        if key not in settings:
            continue  # other settings (API URLs, feature flags) are not about codes
        value = _env_value(value)
        for code in value.split(","):
            if code.strip():
                yield Mapped(code.strip(), name, number, key)


def _env_value(value: str) -> str:
    """The value as dotenv reads it: quotes removed, or an unquoted value's ``# comment`` dropped."""
    if len(value) >= 2 and value[0] in "'\"" and value.endswith(value[0]):
        return value[1:-1]
    return re.split(r"\s+#", value, maxsplit=1)[0]


def _source_codes(text: str, name: str, language: str, code_pattern: str) -> Iterator[Mapped]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("comment", "space")]
    mapping_object: list[bool] = []  # per open brace: does it start a map/object literal whose keys may be codes?
    for i, (kind, value, start) in enumerate(tokens):
        before = tokens[i - 1][1] if i else ""
        if value == "{":
            mapping_object.append(before in _MAP_OPENERS and not (i >= 3 and tokens[i - 3][1] == "type"))
        elif value == "}" and mapping_object:
            mapping_object.pop()
        if kind not in ("string", "number", "ident"):
            continue
        after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        is_key = after == ":" and before in ("{", ",") and bool(mapping_object) and mapping_object[-1]
        if kind == "ident":
            named = language == "ts" and is_key  # an unquoted TypeScript object key
        else:
            named = is_key or before == "case" or before in _COMPARISON or after == "=>"
        code = _literal_text(kind, value)
        if named and code is not None and patterns.fullmatch(code_pattern, code):
            yield Mapped(code, name, bisect.bisect_right(line_starts, start))


def _literal_text(kind: str, token: str) -> str | None:
    """The text a literal stands for; None for strings that escape or interpolate (never a plain code)."""
    if kind in ("number", "ident"):
        return token
    body = token.removeprefix("r")[1:-1]
    return None if "\\" in body or "$" in body else body
