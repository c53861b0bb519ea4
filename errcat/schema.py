"""The catalog format, declared once: it validates YAML nodes and it generates the JSON Schema.

Each spec reads a node from :mod:`errcat.yamlstrict` into plain Python values and records a
:class:`~errcat.problems.Problem` for anything wrong, then carries on so every error is reported.
The same specs emit ``schema/*.schema.json`` for editors, so the published schema and the loader
cannot drift apart (a test compares the committed files with :func:`json_schemas`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

from . import patterns, retries
from . import yamlstrict as ys
from .model import CARRIERS, SEVERITIES, SNIPPET_LANGUAGES, TRANSPORTS
from .problems import Problem


class Invalid:
    """Marks a value that failed validation (the problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"

    def __reduce__(self) -> str:
        return "INVALID"  # unpickles as this module's INVALID, so ``is INVALID`` holds after a worker read a file


INVALID: Any = Invalid()


class Record(dict):
    """A validated mapping that remembers the line it started on, and, where its spec asks, each key's line."""

    line: int = 0
    key_lines: dict[str, int] | None = None


class Entries(dict):
    """A validated mapping of entries (see MapOf); ``refused``: a key was refused, its problem recorded, so an entry is left out."""

    refused: bool = False


@dataclass
class Reader:
    """Collects problems for one file while specs read its nodes."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    code: str | None = None  # the code being read, named in every problem

    def error(self, line: int, message: str) -> Any:
        self.problems.append(Problem(self.file, line, message, self.code))
        return INVALID

    def wrong(self, node: ys.Node, message: str) -> Any:
        """``node`` is not what the spec wants: an error at its line, unless yamlstrict refused it and said why already."""
        return INVALID if isinstance(node, ys.Refused) else self.error(node.line, message)


_YAML_11_SURPRISES = {
    ys.INT: "a number",
    ys.FLOAT: "a number",
    ys.BOOL: "a boolean",
    ys.NULL: "null (nothing)",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _kind(node: ys.Node) -> str:
    if isinstance(node, ys.Mapping):
        return "a mapping"
    if isinstance(node, ys.Sequence):
        return "a list"
    return _YAML_11_SURPRISES.get(node.tag, "a string")


_SHOWN = 60  # error messages quote at most this much of a value, however long it is


def _quote(text: str) -> str:
    return repr(text) if len(text) <= _SHOWN else repr(text[:_SHOWN]) + f"... ({len(text)} characters)"


def _found(node: ys.Node) -> str:
    """What an error message says was found: the scalar as written (shortened), or the kind of node."""
    return _quote(node.text) if isinstance(node, ys.Scalar) else _kind(node)


def _odd_character(text: str) -> str:
    """Name the first space, invisible or non-ASCII character: every restricted pattern here is ASCII without spaces,
    and a zero-width space, a full-width letter or a trailing space is otherwise hard to see in the message."""
    for position, char in enumerate(text, 1):
        if char.isspace() or not char.isascii() or not char.isprintable():
            return f": character {position} is U+{ord(char):04X} {unicodedata.name(char, '(unnamed)')}"
    return ""


_MAX_DIGITS = 20  # longer integers are out of every range errcat has, and int() refuses > 4300 digits


def _integer(text: str) -> int | None:
    return int(text) if len(text.lstrip("-")) <= _MAX_DIGITS else None


class Spec:
    """Base of all specs: ``read`` validates a node, ``schema`` describes it as JSON Schema."""

    doc: str = ""

    def read(self, node: ys.Node, r: Reader) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _described(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Text(Spec):
    """A string. Unquoted words that YAML 1.1 turns into something else are refused with a hint."""

    doc: str = ""
    pattern: str | None = None
    quoted: bool = False  # codes must always be quoted, so "0100" can never become 64
    max_length: int | None = None
    hint: str = ""

    def __post_init__(self) -> None:
        self._regex = re.compile(self.pattern) if self.pattern else None

    def read(self, node: ys.Node, r: Reader) -> Any:
        if not isinstance(node, ys.Scalar):
            return r.error(node.line, f"expected a string, found {_kind(node)}")
        if node.tag != ys.STR:
            return r.wrong(
                node,
                f"expected a string, but YAML reads {_quote(node.text)} as {_kind(node)}; quote it: \"{node.text[:_SHOWN]}\"",
            )
        if self.quoted and not node.quoted:
            return r.error(node.line, f"{_quote(node.text)} must be quoted: \"{node.text[:_SHOWN]}\" (codes are always quoted strings)")
        if self.max_length is not None and len(node.text) > self.max_length:
            return r.error(node.line, f"{_quote(node.text)} is longer than {self.max_length} characters")
        if self._regex is not None and not self._regex.fullmatch(node.text):
            hint = f" ({self.hint})" if self.hint else ""
            return r.error(node.line, f"{_quote(node.text)} does not match {self.pattern}{hint}{_odd_character(node.text)}")
        return node.text

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "string"}
        if self.pattern:
            s["pattern"] = f"^(?:{self.pattern})$"  # JSON Schema patterns search; the loader matches whole strings
        if self.max_length:
            s["maxLength"] = self.max_length
        return self._described(s)


@dataclass
class Regex(Text):
    """A code pattern RE2 accepts (see patterns.py: a backtracking one could hang every check)."""

    def read(self, node: ys.Node, r: Reader) -> Any:
        value = super().read(node, r)
        if value is INVALID:
            return value
        try:
            patterns.compile_pattern(value)
        except patterns.BadPattern as exc:
            return r.error(
                node.line,
                f"{_quote(value)} is not a regular expression errcat can match safely: {exc}"
                " (patterns are matched with RE2, which has no backreferences or lookaround)",
            )
        return value

    def schema(self) -> dict[str, Any]:
        return {**super().schema(), "format": "regex"}


@dataclass
class Int(Spec):
    """A decimal integer written plainly (no octal 0100, no 1_000, no 1:30)."""

    doc: str = ""
    minimum: int | None = None
    maximum: int | None = None

    _DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)")

    def read(self, node: ys.Node, r: Reader) -> Any:
        if not isinstance(node, ys.Scalar) or node.quoted or not self._DECIMAL.fullmatch(node.text):
            return r.wrong(node, f"expected a plain decimal integer, found {_found(node)}")
        value = _integer(node.text)
        if value is None:
            return r.error(node.line, f"{_quote(node.text)} has more than {_MAX_DIGITS} digits")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            return r.error(node.line, f"{value} is outside {self.minimum}..{self.maximum}")
        return value

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            s["minimum"] = self.minimum
        if self.maximum is not None:
            s["maximum"] = self.maximum
        return self._described(s)


@dataclass
class Bool(Spec):
    """``true`` or ``false``, nothing else (YAML 1.1's yes/no/on/off are refused)."""

    doc: str = ""

    def read(self, node: ys.Node, r: Reader) -> Any:
        if isinstance(node, ys.Scalar) and not node.quoted and node.text in ("true", "false"):
            return node.text == "true"
        return r.wrong(node, f"expected true or false, found {_found(node)}")

    def schema(self) -> dict[str, Any]:
        return self._described({"type": "boolean"})


@dataclass
class Enum(Spec):
    values: tuple[str, ...] = ()
    doc: str = ""

    def read(self, node: ys.Node, r: Reader) -> Any:
        if isinstance(node, ys.Scalar) and node.tag == ys.STR and node.text in self.values:
            return node.text
        return r.wrong(node, f"expected one of {', '.join(self.values)}; found {_found(node)}")

    def schema(self) -> dict[str, Any]:
        return self._described({"enum": list(self.values)})


@dataclass
class AnyOf(Spec):
    """The first alternative that accepts the node wins; the error lists what was expected."""

    options: tuple[Spec, ...] = ()
    doc: str = ""
    expected: str = ""

    def read(self, node: ys.Node, r: Reader) -> Any:
        for option in self.options:
            trial = Reader(r.file)
            value = option.read(node, trial)
            if not trial.problems:
                return value
        return r.error(node.line, f"expected {self.expected}, found {_found(node)}")

    def schema(self) -> dict[str, Any]:
        return self._described({"anyOf": [o.schema() for o in self.options]})


@dataclass
class ListOf(Spec):
    item: Spec = field(default_factory=Text)
    doc: str = ""
    min_items: int = 0

    def read(self, node: ys.Node, r: Reader) -> Any:
        if not isinstance(node, ys.Sequence):
            return r.wrong(node, f"expected a list, found {_kind(node)}")
        if len(node.items) < self.min_items:
            return r.error(node.line, f"expected at least {self.min_items} item(s)")
        return [self.item.read(child, r) for child in node.items]

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        return self._described(s)


@dataclass
class OneOrList(Spec):
    """One value, or a non-empty list of them; errors are the item's own (a list is read as a list)."""

    item: Spec = field(default_factory=Text)
    doc: str = ""

    def read(self, node: ys.Node, r: Reader) -> Any:
        if isinstance(node, ys.Sequence):
            return ListOf(self.item, min_items=1).read(node, r)
        return self.item.read(node, r)

    def schema(self) -> dict[str, Any]:
        return self._described({"anyOf": [self.item.schema(), ListOf(self.item, min_items=1).schema()]})


@dataclass
class MapOf(Spec):
    """A mapping from validated keys to values of one spec; the result keeps source order."""

    key: Text = field(default_factory=Text)
    value: Spec = field(default_factory=Text)
    doc: str = ""
    names_code: bool = False  # when the keys are codes, problems inside a value name that code

    def read(self, node: ys.Node, r: Reader) -> Any:
        if not isinstance(node, ys.Mapping):
            return r.wrong(node, f"expected a mapping, found {_kind(node)}")
        out = Entries()
        out.refused = node.partial  # an entry yamlstrict left out (a merge key, a refused key)
        outer_code = r.code
        for key_node, value_node in node.items:
            key = self.key.read(key_node, r)
            if key is INVALID:
                out.refused = True
                continue
            if self.names_code:
                r.code = key
            value = self.value.read(value_node, r)
            if isinstance(value, Record):
                value.line = key_node.line  # an entry is where its key is written
            out[key] = value
            r.code = outer_code
        return out

    def schema(self) -> dict[str, Any]:
        return self._described(
            {"type": "object", "propertyNames": self.key.schema(), "additionalProperties": self.value.schema()}
        )


@dataclass
class Field:
    spec: Spec
    required: bool = False


@dataclass
class Obj(Spec):
    """A mapping with known fields: unknown ones and missing required ones are errors."""

    fields: dict[str, Field] = field(default_factory=dict)
    doc: str = ""
    title: str = ""
    # Keep each key's line in the Record, for checks that run after loading (the API's settings);
    # off for code entries, which are many and whose checks point at the entry.
    key_lines: bool = False

    def __post_init__(self) -> None:
        # read() runs once per mapping in the catalog (several per code): look fields up directly.
        self._specs = {name: f.spec for name, f in self.fields.items()}
        self._required = frozenset(name for name, f in self.fields.items() if f.required)

    def read(self, node: ys.Node, r: Reader) -> Any:
        if not isinstance(node, ys.Mapping):
            return r.wrong(node, f"expected a mapping, found {_kind(node)}")
        out = Record()
        out.line = node.line
        if self.key_lines:
            out.key_lines = {key_node.text: key_node.line for key_node, _ in node.items}
        specs = self._specs
        for key_node, value_node in node.items:
            spec = specs.get(key_node.text)
            if spec is None or key_node.tag != ys.STR:
                known = ", ".join(self.fields)
                r.error(key_node.line, f"unknown field {_quote(key_node.text)} (known fields: {known})")
                continue
            out[key_node.text] = spec.read(value_node, r)
        if node.partial:  # an entry left out may have held any absent field: unknown, not missing
            for name in self._specs:
                out.setdefault(name, INVALID)
        elif not self._required <= out.keys():
            missing = [name for name in self.fields if name in self._required and name not in out]
            r.error(node.line, f"missing required field(s): {', '.join(missing)}")
            for name in missing:
                out[name] = INVALID
        return out

    def required_text(self, name: str) -> str:
        """What the format's reference says in a field's Required column."""
        return "yes" if self.fields[name].required else ""

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {
            "type": "object",
            "properties": {name: f.spec.schema() for name, f in self.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, f in self.fields.items() if f.required]
        if required:
            s["required"] = required
        if self.title:
            s["title"] = self.title
        return self._described(s)


@dataclass
class Form:
    """One way of writing an object (see :class:`Forms`): its ``required`` fields and the ``optional`` ones only it allows."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass
class Forms(Obj):
    """An object written in exactly one of several forms: the single ``envelope`` of an API, or named ``envelopes``.

    A form's fields are refused beside another form's, and its required fields are required once it is chosen.
    """

    forms: tuple[Form, ...] = ()

    def read(self, node: ys.Node, r: Reader) -> Any:
        out = super().read(node, r)
        if out is INVALID or node.partial:
            return out
        chosen = [form for form in self.forms if out.keys() & set(form.names)]
        if not chosen:
            wanted = " (or ".join(", ".join(form.required) for form in self.forms) + ")" * (len(self.forms) - 1)
            r.error(node.line, f"missing required field(s): {wanted}")
            out[self.forms[0].required[0]] = INVALID
        elif len(chosen) > 1:
            given = [", ".join(n for n in form.names if n in out) for form in chosen]
            r.error(node.line, f"give {' or '.join(given)}, not both: they are different ways of writing this")
            out.update(dict.fromkeys(out.keys() & set(chosen[1].names), INVALID))
        else:
            missing = [name for name in chosen[0].required if name not in out]
            if missing:
                r.error(node.line, f"missing required field(s): {', '.join(missing)}")
                out.update(dict.fromkeys(missing, INVALID))
        return out

    def required_text(self, name: str) -> str:
        for form in self.forms:
            if name in form.required:
                others = [", ".join(f.required) for f in self.forms if f is not form]
                return f"yes (or {' or '.join(others)})" if others else "yes"
        return super().required_text(name)

    def schema(self) -> dict[str, Any]:
        s = super().schema()
        if len(self.forms) == 1:
            s["required"] = sorted({*s.get("required", ()), *self.forms[0].required}, key=list(self.fields).index)
            return s
        s["oneOf"] = [
            {
                "required": list(form.required),
                "not": {"anyOf": [{"required": [n]} for other in self.forms if other is not form for n in other.names]},
            }
            for form in self.forms
        ]
        return s


@dataclass
class Json(Spec):
    """Any JSON value (an example body). Plain scalars must mean the same in YAML 1.1 and JSON."""

    doc: str = ""
    _NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")

    def read(self, node: ys.Node, r: Reader) -> Any:
        # Iterative, so a deeply nested example cannot overflow the stack (yamlstrict caps depth too).
        root: list[Any] = [None]
        todo: list[tuple[ys.Node, Callable[[Any], None]]] = [(node, lambda v: root.__setitem__(0, v))]
        while todo:
            current, put = todo.pop()
            if isinstance(current, ys.Mapping):
                # Keys are inserted now, values filled in as the stack unwinds: source order is kept.
                obj: dict[str, Any] = {}
                put(obj)
                for k, v in current.items:
                    if k.tag != ys.STR:
                        r.error(k.line, f"a JSON object key must be a string; quote it: \"{k.text}\"")
                        continue
                    obj[k.text] = None
                    todo.append((v, lambda val, o=obj, key=k.text: o.__setitem__(key, val)))
            elif isinstance(current, ys.Sequence):
                arr: list[Any] = [None] * len(current.items)
                put(arr)
                for i, v in enumerate(current.items):
                    todo.append((v, lambda val, a=arr, i=i: a.__setitem__(i, val)))
            else:
                put(self._scalar(current, r))
        return root[0]

    def _scalar(self, node: ys.Scalar, r: Reader) -> Any:
        if node.quoted:
            return node.text
        if self._NUMBER.fullmatch(node.text):
            if node.tag == ys.STR:  # 1e3: a number in JSON, a string in YAML 1.1
                return r.error(
                    node.line,
                    f"YAML 1.1 reads {_quote(node.text)} as a string, JSON as a number; quote it, or write it with a dot and a signed exponent (1.0e+3)",
                )
            return self._number(node, r)
        if node.tag == ys.STR:
            return node.text
        if node.text in ("true", "false"):
            return node.text == "true"
        if node.text == "null":
            return None
        return r.wrong(
            node,
            f"YAML 1.1 reads {_quote(node.text)} as {_kind(node)}, JSON would not; quote it or write true/false/null/a decimal number",
        )

    def _number(self, node: ys.Scalar, r: Reader) -> Any:
        if not any(c in node.text for c in ".eE"):
            value = _integer(node.text)
            return value if value is not None else r.error(node.line, f"{_quote(node.text)} has more than {_MAX_DIGITS} digits; quote it")
        number = float(node.text)
        return number if math.isfinite(number) else r.error(node.line, f"{_quote(node.text)} is too large for a JSON number")

    def schema(self) -> dict[str, Any]:
        return self._described({})


# --------------------------------------------------------------------------------------------
# The catalog format
# --------------------------------------------------------------------------------------------

IDENT = r"[a-z][a-z0-9_]*(-[a-z0-9_]+)*"
CODE = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
CONSTANT = r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*"
JSON_PATH = r"[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*"
VERSION = r"[0-9A-Za-z][0-9A-Za-z.\-+]*"
LOCALE = r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?"  # BCP 47 language[-Script][-REGION]

# OpenAPI 3.1's operations of a path item, as a code's `operations` and api.yaml's `operations` spell them.
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")
OPERATION_ID = r"[A-Za-z_][A-Za-z0-9_]*"
# A path as OpenAPI's paths object keys it: segments of URL-safe characters (no "." or ".." alone) or one
# {parameter} each, so a path can never leave the API's root or hide a second template in a segment.
OPERATION_PATH = r"/|(/(\.*[A-Za-z0-9_~\-][A-Za-z0-9._~\-]*|\{[A-Za-z_][A-Za-z0-9_]*\}))+/?"
OPERATION_REF = f"({'|'.join(HTTP_METHODS)}) ({OPERATION_PATH})|{OPERATION_ID}"

ACTIONS = ("success", "logout", "confirm_logout", "refresh_token", "reload_and_retry", "retry", "fix_request", "show_message", "silent", "caller_handles")


# Short fields are shown inline (headings, table cells, link labels, inline code), where the site's Markdown
# reads them character by character, in time that grows faster than their length: a cap keeps that work
# bounded. Generous: the longest shipped title has 50 characters, and a title is a name, not the explanation.
TITLE_MAX = 200
NAME_MAX = 200  # ids, constants, JSON paths, param names, settings


def _ident(doc: str) -> Text:
    return Text(doc, pattern=IDENT, max_length=NAME_MAX, hint="lower case letters, digits, _ and -")


def _code(doc: str) -> Text:
    return Text(doc, pattern=CODE, quoted=True, max_length=63, hint="letters, digits, _ . - ; at most 63 characters")


def _prose(doc: str) -> Text:
    return Text(doc, pattern=r"[\s\S]*\S[\s\S]*")


def _title(doc: str) -> Text:
    """A title or name: prose shown inline wherever the thing is named, so at most :data:`TITLE_MAX` characters."""
    return Text(doc, pattern=r"[\s\S]*\S[\s\S]*", max_length=TITLE_MAX)


MAINTAINER_NOTES = "Notes for the catalog's maintainers; shown on the maintainers pages only."


def _prose_list(doc: str) -> ListOf:
    return ListOf(_prose(""), doc)


RETRYABLE = AnyOf(
    (Bool(), Enum(("conditional", "unspecified"))),
    doc="Can the same request succeed if retried? true, false, conditional (the response says) or unspecified (the API makes no claim).",
    expected="true, false, conditional or unspecified",
)

SEVERITY = Enum(SEVERITIES, "What the code reports: only error codes are failures (default: the group's, else error).")


def _explanation(doc: str) -> Text:
    return _prose(doc + " Markdown (fenced code, headings, lists, links); raw HTML is shown as text. Never used for titles or descriptions.")


def _constant(doc: str) -> Text:
    return Text(doc, pattern=CONSTANT, max_length=NAME_MAX)


CONSTANTS = OneOrList(
    _constant(""), doc="Name of the constant in the backend source, or a list of its names (the first is the main one)."
)

PARAM = Obj(
    {
        "name": Field(Text("Placeholder name used in message templates.", pattern=r"[A-Za-z_][A-Za-z0-9_]*", max_length=NAME_MAX), True),
        "type": Field(Enum(("string", "integer", "number", "boolean", "object", "array"), "JSON type of the value."), True),
        "meaning": Field(_prose("What the value tells the client."), True),
        "example": Field(Json("An example value, used in example responses.")),
    },
    doc="A value the error carries (e.g. in params or details) for messages and handling.",
)

CAUSE = Obj(
    {
        "title": Field(_title("A short name for this situation."), True),
        "detail": Field(_prose("When it happens.")),
        "advice": Field(_prose_list("What a client should do in this situation, in order.")),
    },
    doc="One situation that produces the code, with its own handling advice.",
)

LIFECYCLE = Obj(
    {
        "since": Field(Text("Version that introduced the code.", pattern=VERSION)),
        "deprecated": Field(Text("Version that deprecated the code.", pattern=VERSION)),
        "removed": Field(Text("Version after which the code is no longer emitted.", pattern=VERSION)),
        "no_longer_emitted": Field(Bool("The code is sent no more, whether or not the version that stopped it is known.")),
        "internal": Field(Bool("The code is internal to the tool or service: documented, never meant to reach users.")),
        "replaced_by": Field(_code("The code to use instead.")),
        "renamed_from": Field(ListOf(_code(""), "Earlier spellings of this code; their URLs redirect here.")),
    },
    doc="When the code appeared, was deprecated or removed. Codes are never deleted.",
)

CODE_ENTRY = Obj(
    {
        "constant": Field(CONSTANTS),
        "title": Field(_title("Short, stable title (RFC 9457 title)."), True),
        "meaning": Field(_prose("What the code means."), True),
        "message": Field(_prose("The message the server sends; {param} placeholders name declared params.")),
        "user_messages": Field(
            MapOf(
                Text("A locale (BCP 47: en, de, pt-BR).", pattern=LOCALE, hint="language[-Script][-REGION], e.g. en, pt-BR"),
                _prose("The text to show the user in this locale; {param} placeholders name declared params."),
                "What a client shows the user, per locale (exported to Flutter ARB and i18next files).",
            )
        ),
        "http_status": Field(Int("HTTP status of the response (required unless the API fixes it; HTTP transport only).", 100, 599)),
        "group": Field(_ident("The group (range or domain) the code belongs to.")),
        "behaviour": Field(_ident("The client behaviour; defaults to the group's, then the API's.")),
        "retryable": Field(RETRYABLE),
        "max_attempts": Field(
            Int(
                "How often a client sends the request at most when it retries it with backoff, the first time included "
                f"(default {retries.DEFAULT_MAX_ATTEMPTS}); only for a code that is retried that way.",
                2,
                retries.MAX_ATTEMPTS_LIMIT,
            )
        ),
        "advice": Field(_prose_list("How a client should handle the code, in order.")),
        "causes": Field(ListOf(CAUSE, "Situations that produce the code.")),
        "params": Field(ListOf(PARAM, "Values the error carries.")),
        "example": Field(Json("A full example response body; generated from the envelope when absent.")),
        "raised_by": Field(_title("The backend exception or helper that produces the code.")),
        "tags": Field(ListOf(_ident(""), "Tags declared by the API.")),
        "notes": Field(_prose_list("Anything else an integrator should know.")),
        "maintainer_notes": Field(_prose_list(MAINTAINER_NOTES)),
        "lifecycle": Field(LIFECYCLE),
        "operations": Field(
            ListOf(
                Text(
                    "An operation declared in api.yaml: its operationId (getRepository) or its method and path (GET /v1/repositories/{repoId}).",
                    pattern=OPERATION_REF,
                    max_length=600,
                    hint="an operationId, or an upper-case HTTP method, one space and a path starting with /",
                ),
                "The operations that return this code (its page's \"Returned by\" section, the OpenAPI export's responses).",
            )
        ),
        "constants": Field(ListOf(_constant(""), "Names of the code in the backend source (instead of constant), the main one first.", 1)),
        "severity": Field(SEVERITY),
        "explanation": Field(_explanation("Long-form explanation: what went wrong, a failing example and its fix.")),
        "envelope": Field(_ident("The named envelope (convention.envelopes) the code is sent in; defaults to its group's, then the API's default_envelope.")),
    },
    doc="One error code.",
)

CODE_KEY = _code("An error code, quoted.")

CODES_FILE = Obj(
    {"codes": Field(MapOf(CODE_KEY, CODE_ENTRY, names_code=True), True)},
    title="errcat codes file",
    doc="Error codes of one API (an API may split its codes over several files).",
)


def code_at(path: ys.KeyPath) -> str | None:
    """The code a spot in a codes file is inside: the key under the top-level ``codes:``, if it is a valid code.

    yamlstrict's faults carry such a path, so they name their code as the schema's problems do.
    """
    if len(path) < 2 or not isinstance(path[0], ys.Scalar) or not isinstance(path[1], ys.Scalar):
        return None
    if path[0].tag != ys.STR or path[0].text != "codes":
        return None
    code = CODE_KEY.read(path[1], Reader(""))
    return None if code is INVALID else code


BEHAVIOUR = Obj(
    {
        "action": Field(Enum(ACTIONS, "What the client does; snippets and advice follow it."), True),
        "title": Field(_title("Short name."), True),
        "description": Field(_prose("What the client does, precisely."), True),
        "frontend_config": Field(Text("Frontend setting that lists the codes with this behaviour.", pattern=r"[A-Z][A-Z0-9_]*", max_length=NAME_MAX)),
    },
    doc="A client behaviour.",
    key_lines=True,
)

GROUP = Obj(
    {
        "title": Field(_title("Name of the group."), True),
        "meaning": Field(_prose("What codes in the group mean."), True),
        "range": Field(ListOf(_code("Bound, quoted."), "Inclusive bounds, for numeric codes: [\"1000\", \"1999\"].", 2)),
        "class": Field(
            Text(
                "A class: every code of the group starts with these characters (SQLSTATE's \"22\", \"0A\"); instead of a range.",
                pattern=r"[A-Za-z0-9][A-Za-z0-9_.\-]*",
                quoted=True,
                max_length=62,
                hint="letters, digits, _ . -",
            )
        ),
        "severity": Field(SEVERITY),
        "explanation": Field(_explanation("Long-form explanation of the group.")),
        "envelope": Field(_ident("The named envelope (convention.envelopes) its codes are sent in; subgroups inherit it.")),
        "parent": Field(_ident("The enclosing group.")),
        "behaviour": Field(_ident("Default client behaviour for codes in this group.")),
        "rules": Field(_prose_list("Rules for adding codes to this group.")),
        "advice_required": Field(
            Bool("Codes in this group and its subgroups need handling advice (`advice` or a cause's `advice`); `errcat check` warns about those without.")
        ),
    },
    doc="A range or domain of codes.",
)

ENVELOPE_FIELD = Obj(
    {
        "path": Field(Text("Dotted JSON path of the field.", pattern=JSON_PATH, max_length=NAME_MAX), True),
        "type": Field(_prose("JSON type."), True),
        "meaning": Field(_prose("What the field holds."), True),
    }
)

STATUS_USE = Obj(
    {
        "status": Field(Int("HTTP status.", 100, 599), True),
        "meaning": Field(_prose("What the status means in this API."), True),
        "when": Field(_prose("When the API answers with it.")),
    },
    key_lines=True,
)

PATTERN_MAX = 1000  # RE2 needs memory with the pattern's nesting; 100,000 nested parentheses took 23 GB

# How one error shape travels: an API's only envelope sets these in its convention, each named envelope in its own entry.
_WIRE = {
    "content_type": Field(Text("Media type of error responses (required for HTTP; optional for other transports).", pattern=r"[a-z]+/[a-z0-9.+\-]+", max_length=NAME_MAX)),
    "code_path": Field(
        Text(
            "Dotted JSON path of the code in the body, or header:<name> / trailer:<name> when a header or trailer carries it (trailer:grpc-status).",
            pattern=f"{JSON_PATH}|({'|'.join(CARRIERS)}):[A-Za-z0-9][A-Za-z0-9\\-]*",
            max_length=NAME_MAX,
            hint="a dotted JSON path, header:<name> or trailer:<name>",
        ),
    ),
    "message_path": Field(Text("Dotted JSON path of the human-readable message.", pattern=JSON_PATH, max_length=NAME_MAX)),
    "doc_url_field": Field(Text("Dotted JSON path of the field that carries the doc link.", pattern=JSON_PATH, max_length=NAME_MAX)),
    "problem_type_base": Field(Text(
        "Canonical base URI of the API's problem types (RFC 9457 type): {problem_type} is this base plus <api>/<code>/, "
        "the same in every environment (never the environment's site URL).",
        pattern=r"https?://[^\s/?#]+(/[^\s?#]*)?/|tag:[^\s?#]+[:/]",
        max_length=500,
    )),
    "field_errors_path": Field(
        Text("Dotted JSON path of the field-level validation errors a client shows next to its inputs.", pattern=JSON_PATH, max_length=NAME_MAX)
    ),
    "envelope": Field(Json("Example body with placeholders such as {code}, {message}, {status}.")),
    "fields": Field(ListOf(ENVELOPE_FIELD, "Fields of the envelope.", 1)),
}
_WIRE_REQUIRED = ("code_path", "envelope", "fields")

NAMED_ENVELOPE = Forms(
    {"title": Field(_title("What the envelope is, in a few words (Problem details, RFC 9457)."), True), **_WIRE},
    doc="One of the API's error shapes: where its code, message and fields sit, and an example body.",
    key_lines=True,
    forms=(Form(_WIRE_REQUIRED),),
)

CONVENTION = Forms(
    {
        **_WIRE,
        "envelopes": Field(
            MapOf(
                _ident("Envelope name."),
                NAMED_ENVELOPE,
                "The API's error shapes by name, when it has several (a legacy envelope beside problem+json); "
                "instead of envelope, fields and the other settings of one shape. Groups and codes name theirs with envelope.",
            )
        ),
        "default_envelope": Field(_ident("The envelope of codes whose group names none (with envelopes).")),
        "fixed_http_status": Field(Int("The HTTP status of every response, when the API fixes it.", 100, 599)),
        "code_type": Field(Enum(("string", "integer"), "JSON type of the code in the body."), True),
        "code_pattern": Field(Regex("Regular expression every code matches, in RE2 syntax (no backreferences or lookaround).", max_length=PATTERN_MAX), True),
        "code_format": Field(_prose("The code's format in words."), True),
        "statuses": Field(ListOf(STATUS_USE, "How HTTP statuses are used.")),
        "parsing_order": Field(_prose_list("The order in which a client reads the response.")),
        "notes": Field(_prose_list("Other facts about the convention.")),
        "maintainer_notes": Field(_prose_list(MAINTAINER_NOTES)),
    },
    doc="How the API reports errors: one envelope (envelope, fields, code_path, ...), or several named envelopes.",
    key_lines=True,
    forms=(Form(_WIRE_REQUIRED, tuple(n for n in _WIRE if n not in _WIRE_REQUIRED)), Form(("envelopes", "default_envelope"))),
)

OPERATION = Obj(
    {
        "method": Field(Enum(HTTP_METHODS, "HTTP method, upper case."), True),
        "path": Field(
            Text("Path as in OpenAPI, parameters in braces: /v1/repositories/{repoId}.", pattern=OPERATION_PATH, max_length=500,
                 hint="starts with /; segments of letters, digits, . _ ~ - or one {parameter}"),
            True,
        ),
        "summary": Field(_prose("What the operation does, in one line."), True),
    },
    doc="An operation of the API; codes name the operations that return them.",
    key_lines=True,
)

API_FILE = Obj(
    {
        "title": Field(_title("Name of the API."), True),
        "summary": Field(_prose("One paragraph about the API and its error codes."), True),
        "source": Field(_title("Where the codes are defined in the backend.")),
        "since": Field(Text("Version of the API's first published catalog: codes whose lifecycle names no since date from it.", pattern=VERSION)),
        "convention": Field(CONVENTION, True),
        "default_behaviour": Field(_ident("Behaviour of codes that name none."), True),
        "behaviours": Field(MapOf(_ident("Behaviour id."), BEHAVIOUR), True),
        "groups": Field(MapOf(_ident("Group id."), GROUP)),
        "tags": Field(MapOf(_ident("Tag id."), Obj({"title": Field(_title(""), True), "description": Field(_prose(""))}))),
        "notes": Field(_prose_list("Other facts about the API.")),
        "operations": Field(
            MapOf(
                Text("operationId, as in the API's OpenAPI description.", pattern=OPERATION_ID, max_length=100,
                     hint="a letter or _, then letters, digits and _"),
                OPERATION,
                "The API's operations that codes name (by operationId or method and path), each declared once.",
            )
        ),
        "transport": Field(Enum(TRANSPORTS, "How the API carries its codes (default http); only http has HTTP statuses.")),
        "explanation": Field(_explanation("Long-form explanation of the API.")),
        "hide_example_lines": Field(Bool("Hide rustdoc's hidden lines (\"# \" at the start) in the rust code blocks of explanations.")),
        "constant_scope": Field(Enum(("api", "group", "none"), "Where two codes may not share a constant: api (default), group, or none.")),
        "snippet_languages": Field(
            ListOf(Enum(SNIPPET_LANGUAGES), "Client snippet tabs on code pages, in order (default: all for http, none for other transports).")
        ),
        "retryable_default": Field(
            Enum(("derived", "unspecified"), "retryable of codes that give none: derived from behaviour and status (default), or unspecified (the API makes no claim).")
        ),
        "maintainer_notes": Field(_prose_list(MAINTAINER_NOTES)),
    },
    title="errcat API file",
    doc="One API of the catalog: its error convention, groups and client behaviours.",
    key_lines=True,
)


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schemas published under ``schema/``, keyed by file name."""
    out = {}
    for name, spec in (("api.schema.json", API_FILE), ("codes.schema.json", CODES_FILE)):
        out[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **spec.schema()}
    return out
