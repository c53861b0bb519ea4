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
- the line breaks only YAML sees (U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, U+0085 NEXT
  LINE) anywhere in the file: libyaml ends a line at each, while editors and diffs show one line, so
  ``title: Invalid token<U+2028>    behaviour: fix_request`` would read as two fields behind a
  reviewer's back. Each is reported, naming the entry it is in; to read on, each is read as the
  start of a comment (`` #``), so what follows it on the line can never become a field.

Most of these are reported and reading goes on, so one run lists every fault of a file
(:class:`Fault`, with the path of keys to it, so a caller can say which entry it is in): an anchor
or a tag is reported and its node kept as if untagged; an alias, and text with a control
character, become a :class:`Refused` node (an alias is never expanded, so memory stays flat);
a duplicate key keeps its first value; a merge key's entry, and an entry whose key was refused,
are left out and their mapping marked ``partial``. What leaves no sensible way on raises
:class:`YamlError`: bad syntax, an encoding other than UTF-8, a character YAML itself refuses,
nesting deeper than ``MAX_DEPTH``, a second document, an empty file, a mapping as a key.

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
class Refused(Scalar):
    """Stands where a node was refused (an alias, text with a control character), its fault already reported.

    It keeps the tree's shape, so what reads the tree can treat the value as invalid without a second error.
    """


@dataclass(slots=True)
class Mapping:
    """A mapping whose keys are scalars, in source order, duplicates already refused and left out.

    ``partial``: an entry was left out that may have held some of the mapping's fields (a merge key, a
    refused key), so a field it lacks is not known to be missing.
    """

    line: int
    items: list[tuple[Scalar, "Node"]] = field(default_factory=list)
    partial: bool = False


@dataclass(slots=True)
class Sequence:
    line: int
    items: list["Node"] = field(default_factory=list)


Node = Scalar | Mapping | Sequence
# Where a fault is: the key nodes and list positions from the root to the node concerned.
KeyPath = tuple[Scalar | int, ...]


@dataclass(frozen=True, slots=True)
class Fault:
    """Something in the file that is not acceptable YAML for a catalog; ``line`` is 1-based."""

    line: int
    message: str
    path: KeyPath = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed file: its tree, and the faults reading went on after (the tree holds none of what they refused)."""

    root: Node
    faults: tuple[Fault, ...]


class YamlError(Exception):
    """A fault after which the file cannot be read on (see the module's docstring); ``fault`` says where and why."""

    def __init__(self, line: int, message: str, path: KeyPath = ()) -> None:
        self.fault = Fault(line, message, path)
        super().__init__(f"line {line}: {message}")


def _line(event: events.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


_PLAIN_TAGS: dict[str, str] = {}  # plain text -> YAML 1.1 tag; keys and short values repeat a lot
_PLAIN_TAGS_MAX = 50_000


def _resolve_plain(text: str) -> str:
    """YAML 1.1's tag for a plain scalar, memoised (the resolver tries regexes on every call)."""
    tag = _PLAIN_TAGS.get(text)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
        if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
            _PLAIN_TAGS[text] = tag
    return tag


# C0 controls but tab and line feed, DEL, C1 controls, and lone surrogates (which cannot be written as UTF-8).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UTF16_32_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\x00\x00\xfe\xff": "UTF-32"}


# Line breaks for YAML (libyaml) but not for editors, diffs or str.count("\n"); see the module's docstring.
_HIDDEN_BREAK = re.compile("[\u2028\u2029\x85]")
_HIDDEN_BREAK_NAMES = {"\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR", "\x85": "U+0085 NEXT LINE"}


def parse(data: bytes) -> Document:
    """Parse one YAML document from ``data`` into a node tree with its faults, or raise YamlError."""
    text = _decode(data)
    hidden = [(_line_at(text, m.start()), m.group()) for m in _HIDDEN_BREAK.finditer(text)]
    if hidden:
        text = _HIDDEN_BREAK.sub(" #", text)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlError(1, "the file is empty; a catalog file must hold a mapping")
    try:
        document = _compose(_Parser(text))
    except YamlError:
        if hidden:  # the break is the likelier cause, and the one to fix first
            raise YamlError(hidden[0][0], _hidden_break_message(hidden[0][1])) from None
        raise
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
    if not hidden:
        return document
    faults = [Fault(line, _hidden_break_message(char), path_at_line(document.root, line)) for line, char in hidden]
    return Document(document.root, tuple(sorted((*document.faults, *faults), key=lambda f: f.line)))


def _hidden_break_message(char: str) -> str:
    return (
        f"the line contains {_HIDDEN_BREAK_NAMES[char]}, which YAML reads as a line break while editors and diffs "
        "show one line; delete it (a text that needs a line break can use a block scalar, |)"
    )


def path_at_line(root: Node, line: int) -> KeyPath:
    """The keys and list positions down to the innermost entry that starts at or before ``line``.

    Faults found outside the composer (a character in the raw text) use it to name the entry, and
    so the code, they are in.
    """
    path: list[Scalar | int] = []
    node: Node = root
    while True:
        if isinstance(node, Mapping):
            before = [(key, value) for key, value in node.items if key.line <= line]
            if not before:
                return tuple(path)
            key, node = before[-1]
            path.append(key)
        elif isinstance(node, Sequence):
            before = [(i, item) for i, item in enumerate(node.items) if item.line <= line]
            if not before:
                return tuple(path)
            i, node = before[-1]
            path.append(i)
        else:
            return tuple(path)


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


_QUOTED_STYLES = frozenset(("'", '"', "|", ">"))
_BLOCK_STYLES = frozenset(("|", ">"))


def _compose(parser: _Parser) -> Document:  # noqa: C901 - one flat loop over event kinds reads best
    """Build the node tree from the event stream.

    This loop runs once per YAML event (about 35 per code), so it is written for speed: no helper
    calls on the common path, and the state of the innermost open collection kept in locals
    (``items``, ``key``, ``seen``) and saved on ``stack`` while a nested collection is open. It keeps
    no path of keys: a fault rebuilds its own from ``stack`` (see :class:`_Refusals`).
    """
    stack: list[tuple[Mapping | Sequence | None, list, Scalar | None, dict[str, int] | None]] = []
    current: Mapping | Sequence | None = None  # the innermost open collection
    items: list = []  # its items
    key: Scalar | None = None  # in a mapping: the key waiting for its value
    seen: dict[str, int] | None = None  # in a mapping: key text -> line, to refuse duplicates
    root: Node | None = None
    documents = 0
    refusals = _Refusals()
    get_event, plain_tags, find_control = parser.get_event, _PLAIN_TAGS, _CONTROL.search
    scalar_event, mapping_start, sequence_start = events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent
    mapping_end, sequence_end, alias_event = events.MappingEndEvent, events.SequenceEndEvent, events.AliasEvent
    while (event := get_event()) is not None:
        kind = type(event)
        if kind is scalar_event:
            style = event.style
            text = event.value
            control = find_control(text)
            if control is not None:
                node: Node = Refused(text, "", False, event.start_mark.line + 1)
                message = (
                    f"the text contains the control character U+{ord(control.group()):04X}; "
                    "catalog text must be printable (tabs and line breaks are the only control characters allowed)"
                )
                refusals.add(stack, items, key, seen, node, message)
            elif style in _QUOTED_STYLES:
                node = Scalar(text, STR, True, event.start_mark.line + 1, style in _BLOCK_STYLES)
            else:
                node = Scalar(text, plain_tags.get(text) or _resolve_plain(text), False, event.start_mark.line + 1)
            if event.anchor is not None or event.tag is not None:
                refusals.decorations(stack, items, key, seen, node, event)
        elif kind is mapping_start or kind is sequence_start:
            if len(stack) >= MAX_DEPTH:
                raise YamlError(_line(event), f"nesting is deeper than {MAX_DEPTH} levels", _path(stack, items, key, seen, None))
            node = Mapping(_line(event)) if kind is mapping_start else Sequence(_line(event))
            if event.anchor is not None or event.tag is not None:
                refusals.decorations(stack, items, key, seen, node, event)
        elif kind is mapping_end or kind is sequence_end:
            current, items, key, seen = stack.pop()
            continue
        elif kind is alias_event:
            node = Refused(f"*{event.anchor}", "", False, _line(event))
            refusals.add(stack, items, key, seen, node, f"aliases (*{event.anchor}) are not allowed; write the value out")
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError(_line(event), "a catalog file holds exactly one YAML document")
            continue
        else:
            continue
        # Attach the new node to the innermost open collection.
        if current is None:
            root = node
        elif seen is None:
            items.append(node)
        elif key is None:
            if type(node) is not Scalar:  # a collection, or a Refused key
                if type(node) is not Refused:
                    raise YamlError(node.line, "a mapping key must be a plain or quoted scalar")
                refusals.leave_out(current, node, partial=True)  # type: ignore[arg-type]
            elif node.tag == MERGE and not node.quoted:
                refusals.add(stack, items, key, seen, node, "merge keys (<<) are not allowed; write the fields out")
                refusals.leave_out(current, node, partial=True)  # type: ignore[arg-type]
            else:
                first = seen.get(node.text)
                if first is None:
                    seen[node.text] = node.line
                else:
                    refusals.add(stack, items, key, seen, node, f"duplicate key {node.text!r} (first defined on line {first})")
                    refusals.leave_out(current, node, partial=False)  # type: ignore[arg-type]
            key = node
        else:
            items.append((key, node))
            key = None
        if kind is not scalar_event and kind is not alias_event:  # a collection opened: it receives what follows until its end
            stack.append((current, items, key, seen))
            current, items, key, seen = node, node.items, None, {} if kind is mapping_start else None  # type: ignore[union-attr]
    if root is None:
        raise YamlError(1, "the file is empty; a catalog file must hold a mapping")
    return refusals.document(root)


def _path(stack: list, items: list, key: Scalar | None, seen: dict[str, int] | None, node: Node | None) -> KeyPath:
    """The path to ``node``, about to be attached at the innermost open collection, rebuilt from the composer's state.

    Each saved state on ``stack`` (but the first, from before the root opened) is an open collection
    whose last item holds the next one open; a mapping's node in key position is named by itself.
    """
    path: list[Scalar | int] = [
        outer_items[-1][0] if outer_seen is not None else len(outer_items) - 1 for _, outer_items, _, outer_seen in stack[1:]
    ]
    if stack:
        if seen is None:
            path.append(len(items))
        elif key is not None:
            path.append(key)
        elif isinstance(node, Scalar):
            path.append(node)
    return tuple(path)


class _Refusals:
    """What the composer refused and read on after: the faults, and the entries to leave out of their mappings."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.mappings: dict[int, Mapping] = {}  # id -> mapping with entries to leave out
        self.keys: set[int] = set()  # ids of the key nodes of those entries

    def add(self, stack: list, items: list, key: Scalar | None, seen: dict[str, int] | None, node: Node, message: str) -> None:
        """Report ``message`` at ``node``, which the composer's state (passed as it is) is about to attach."""
        self.faults.append(Fault(node.line, message, _path(stack, items, key, seen, node)))

    def decorations(self, stack: list, items: list, key: Scalar | None, seen: dict[str, int] | None, node: Node, event: events.NodeEvent) -> None:
        """Report the anchor and the explicit tag of ``event``; its node is kept as if it had neither."""
        if event.anchor is not None:
            self.add(stack, items, key, seen, node, f"anchors (&{event.anchor}) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None:  # even the non-specific "!", which would make "! 0100" a string behind the reader's back
            self.add(stack, items, key, seen, node, f"explicit tags ({tag}) are not allowed")

    def leave_out(self, mapping: Mapping, key: Scalar, partial: bool) -> None:
        """Leave the entry of ``key`` out of ``mapping`` once read; ``partial``: it may have held fields the mapping lacks."""
        self.mappings[id(mapping)] = mapping
        self.keys.add(id(key))
        mapping.partial = mapping.partial or partial

    def document(self, root: Node) -> Document:
        """The finished tree without the entries left out (one pass per mapping, however many), and the faults."""
        keys = self.keys
        for mapping in self.mappings.values():
            mapping.items[:] = [(k, v) for k, v in mapping.items if id(k) not in keys]
        return Document(root, tuple(self.faults))
