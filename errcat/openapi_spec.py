"""Reading someone else's OpenAPI document: JSON or YAML into plain values, JSON pointers, local references.

YAML goes through :mod:`errcat.yamlstrict`, never PyYAML's object constructors: no tag runs code, an
alias is refused rather than expanded (an alias bomb costs nothing), duplicate keys are refused, and
nesting is capped. What cannot be used raises :class:`SpecError` with a message for the command line.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from . import yamlstrict as ys

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS = {
    ys.INT: _CONSTRUCTOR.construct_yaml_int,
    ys.FLOAT: _CONSTRUCTOR.construct_yaml_float,
    ys.BOOL: _CONSTRUCTOR.construct_yaml_bool,
    ys.NULL: lambda node: None,
}
_MAX_REF_HOPS = 32  # a reference to a reference ...: more than this is a loop


class SpecError(Exception):
    """The file cannot be used as an OpenAPI document; the message says why."""


def read(path: Path) -> dict[str, Any]:
    """The OpenAPI 3 document at ``path`` (``.json`` as JSON, anything else as YAML) as plain values."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(f"cannot read {path}: {exc.strerror or exc}") from None
    document = _json(data, path) if path.suffix.lower() == ".json" else _yaml(data, path)
    version = document.get("openapi") if isinstance(document, dict) else None
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        raise SpecError(f"{path}: openapi: {version} is a number, but OpenAPI wants the version as a string; quote it")
    if not isinstance(version, str) or not version.startswith("3."):
        found = "swagger 2.0" if isinstance(document, dict) and "swagger" in document else "no openapi: 3.x field"
        raise SpecError(f"{path} is not an OpenAPI 3 document ({found})")
    return document


def _json(data: bytes, path: Path) -> Any:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """An object whose keys are all different: json would keep the last of two silently."""
        twice = [key for key, count in Counter(key for key, _ in pairs).items() if count > 1]
        if twice:
            raise SpecError(f"{path} has the key {twice[0]!r} twice in one object")
        return dict(pairs)

    try:
        return json.loads(data, object_pairs_hook=unique)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SpecError(f"{path} is not JSON: {exc}") from None
    except RecursionError:
        raise SpecError(f"{path} nests too deeply to read") from None


def _yaml(data: bytes, path: Path) -> Any:
    try:
        parsed = ys.parse(data)
    except ys.YamlError as exc:
        raise SpecError(f"{path}:{exc.fault.line}: cannot read it as YAML: {exc.fault.message}") from None
    if parsed.faults:
        raise SpecError("\n".join(f"{path}:{fault.line}: {fault.message}" for fault in parsed.faults))
    return _plain(parsed.root)


def _plain(root: ys.Node) -> Any:
    """The node tree as JSON-like values, built without recursion (keys are their text, as JSON's are strings)."""
    out: list[Any] = [None]
    todo: list[tuple[ys.Node, Any, Any]] = [(root, out, 0)]
    while todo:
        node, parent, slot = todo.pop()
        if isinstance(node, ys.Mapping):
            value: Any = {}
            todo.extend((child, value, key.text) for key, child in reversed(node.items))  # popped in source order
        elif isinstance(node, ys.Sequence):
            value = [None] * len(node.items)
            todo.extend((child, value, i) for i, child in reversed(list(enumerate(node.items))))
        else:
            construct = _SCALARS.get(node.tag)
            value = construct(yaml.ScalarNode(node.tag, node.text)) if construct and not node.quoted else node.text
        parent[slot] = value
    return out[0]


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer: ``pointer("paths", "/items", "get")`` -> ``/paths/~1items/get``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def resolve(document: dict[str, Any], value: Any, at: str) -> tuple[Any, str]:
    """``value`` (found at pointer ``at``) with local ``$ref``s followed, and the pointer it came from.

    A reference into another file, or one that names nothing, is left as it is: there is nothing to read.
    """
    for _ in range(_MAX_REF_HOPS):
        ref = value.get("$ref") if isinstance(value, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return value, at
        target = _at(document, ref[1:])
        if target is None:
            return value, at
        value, at = target, ref[1:]
    return value, at


def _at(document: Any, where: str) -> Any:
    value = document
    for raw in where.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def nodes(value: Any, at: str = "") -> Iterator[tuple[Any, str]]:
    """Every value of the tree under ``value`` with its pointer, parents first; iterative, so any depth is fine."""
    todo = [(value, at)]
    while todo:
        current, where = todo.pop()
        yield current, where
        if isinstance(current, dict):
            todo.extend((child, where + pointer(key)) for key, child in reversed(list(current.items())))
        elif isinstance(current, list):
            todo.extend((child, where + pointer(i)) for i, child in reversed(list(enumerate(current))))
