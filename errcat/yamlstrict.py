"""A strict YAML reader: YAML syntax, JSON-like data, and nothing that YAML 1.1 does behind your back.

PyYAML follows YAML 1.1, which silently reads ``0100`` as 64, ``NO`` as False, ``1:30`` as 90
and ``2024-01-01`` as a date, keeps the last of two duplicate keys, and expands aliases (an
"alias bomb" of a few hundred bytes expands to millions of nodes). A catalog of error codes is
exactly the data those rules corrupt, so this module builds its own small node tree straight from
libyaml's event stream and refuses, with file and line:

- anchors, aliases, explicit tags and merge keys (``<<``);
- duplicate keys in one mapping;
- nesting deeper than ``MAX_DEPTH`` (no RecursionError can happen later);
- bytes that are not UTF-8, and an empty document;
- control characters in any scalar, even when written as an escape (``"\\x02"``): no catalog
  text needs them, and they corrupt what the text lands in (Python-Markdown reserves STX/ETX for
  its own placeholders, terminals obey ESC, .env files and string literals end at CR).

A UTF-8 byte order mark at the start is accepted and dropped: YAML allows one there, Windows
editors write it, and it carries no content.

Plain (unquoted) scalars are resolved with YAML 1.1's rules and keep both the raw text and the
resolved tag, so the schema layer can tell ``"0100"`` (a string) from ``0100`` (an octal int) and
explain the difference. Building the tree is iterative: it never recurses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml import events

try:  # libyaml is ~4x faster; the pure-Python parser is the fallback, with the same events.
    from yaml._yaml import CParser as _Parser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_DEPTH = 64

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MERGE = "tag:yaml.org,2002:merge"

_RESOLVER = yaml.resolver.Resolver()


@dataclass(slots=True)
class Scalar:
    """A scalar as written: its text, whether it was quoted, and what YAML 1.1 would make of it."""

    text: str
    tag: str
    quoted: bool  # written quoted or as a | or > block: always a string
    line: int
    block: bool = False  # written as a | or > block scalar


@dataclass(slots=True)
class Mapping:
    """A mapping whose keys are scalars, in source order, duplicates already refused."""

    line: int
    items: list[tuple[Scalar, "Node"]] = field(default_factory=list)


@dataclass(slots=True)
class Sequence:
    line: int
    items: list["Node"] = field(default_factory=list)


Node = Scalar | Mapping | Sequence


class YamlError(Exception):
    """The file is not acceptable YAML for a catalog; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


def _line(event: events.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def _resolve_plain(text: str) -> str:
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))


# C0 controls but tab and line feed, DEL, C1 controls, and lone surrogates (which cannot be written as UTF-8).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UTF16_32_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\x00\x00\xfe\xff": "UTF-32"}


def parse(data: bytes) -> Node:
    """Parse one YAML document from ``data`` into a node tree, or raise YamlError."""
    text = _decode(data)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlError(1, "the file is empty; a catalog file must hold a mapping")
    try:
        return _compose(_Parser(text))
    except yaml.reader.ReaderError as exc:  # a character YAML refuses anywhere in the stream
        found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        message = f"the file contains the character U+{exc.character:04X}, which YAML does not allow"
        raise YamlError(_line_at(text, found), message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlError(line, f"YAML syntax error: {exc.problem or exc.context}{_tab_hint(text, line)}") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, f"YAML syntax error: {exc}") from None


def _decode(data: bytes) -> str:
    for bom, encoding in _UTF16_32_BOMS.items():
        if data.startswith(bom):
            raise YamlError(1, f"the file is {encoding} (it starts with a {encoding} byte order mark); save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(line, f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8") from None
    return text.removeprefix("\ufeff")


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def _tab_hint(text: str, line: int) -> str:
    """YAML forbids tabs in indentation, and libyaml's message does not say so: add that."""
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        return " (the line is indented with a tab; YAML indents with spaces only)"
    return ""


def _compose(parser: _Parser) -> Node:  # noqa: C901 - one flat loop over event kinds reads best
    stack: list[Mapping | Sequence] = []
    pending_key: list[Scalar | None] = []  # per open mapping: the key waiting for its value
    seen_keys: list[dict[str, int]] = []  # per open mapping: key text -> line, to refuse duplicates
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                raise YamlError(node.line, "a mapping key must be a plain or quoted scalar")
            if not node.quoted and node.tag == MERGE:
                raise YamlError(node.line, "merge keys (<<) are not allowed; write the fields out")
            first = seen_keys[-1].get(node.text)
            if first is not None:
                raise YamlError(node.line, f"duplicate key {node.text!r} (first defined on line {first})")
            seen_keys[-1][node.text] = node.line
            pending_key[-1] = node
        else:
            parent.items.append((key, node))
            pending_key[-1] = None

    get_event, check_event = parser.get_event, parser.check_event
    while check_event():
        event = get_event()
        kind = type(event)
        if kind is events.ScalarEvent:
            _refuse_anchor_and_tag(event)
            control = _CONTROL.search(event.value)
            if control is not None:
                raise YamlError(
                    _line(event),
                    f"the text contains the control character U+{ord(control.group()):04X}; "
                    "catalog text must be printable (tabs and line breaks are the only control characters allowed)",
                )
            quoted = event.style in ("'", '"', "|", ">")
            tag = STR if quoted else _resolve_plain(event.value)
            attach(Scalar(event.value, tag, quoted, _line(event), block=event.style in ("|", ">")))
        elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
            _refuse_anchor_and_tag(event)
            if len(stack) >= MAX_DEPTH:
                raise YamlError(_line(event), f"nesting is deeper than {MAX_DEPTH} levels")
            node: Mapping | Sequence = Mapping(_line(event)) if kind is events.MappingStartEvent else Sequence(_line(event))
            attach(node)
            stack.append(node)
            if isinstance(node, Mapping):
                pending_key.append(None)
                seen_keys.append({})
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            closed = stack.pop()
            if isinstance(closed, Mapping):
                pending_key.pop()
                seen_keys.pop()
        elif kind is events.AliasEvent:
            raise YamlError(_line(event), f"aliases (*{event.anchor}) are not allowed; write the value out")
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError(_line(event), "a catalog file holds exactly one YAML document")
    if root is None:
        raise YamlError(1, "the file is empty; a catalog file must hold a mapping")
    return root


def _refuse_anchor_and_tag(event: events.NodeEvent) -> None:
    if event.anchor is not None:
        raise YamlError(_line(event), f"anchors (&{event.anchor}) are not allowed; write the value out")
    tag = getattr(event, "tag", None)
    if tag is not None:  # even the non-specific "!", which would make "! 0100" a string behind the reader's back
        raise YamlError(_line(event), f"explicit tags ({tag}) are not allowed")
