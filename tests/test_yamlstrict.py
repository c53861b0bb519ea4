"""The strict YAML reader builds exactly the tree YAML describes, with lines, however deep or mixed.

What it refuses and reads on after, it reports with the path of keys to it, and leaves out of the tree.
"""

from __future__ import annotations

import yaml

from errcat import yamlstrict as ys
from tests.workcount import lines_run

CONTROL = "catalog text must be printable (tabs and line breaks are the only control characters allowed)"

NESTED = """\
codes:
  "2001":
    title: Plain text
    advice: [first, "second", {nested: [1, 2]}]
    causes:
      - title: A
        advice:
          - x
          - y
      - title: B
    message: |
      Block text
  "2002": {title: 'flow', tags: []}
top: 0100
"""


def plain(node: ys.Node):
    """The node tree as Python values, every scalar as its text (what the schema layer sees)."""
    if isinstance(node, ys.Mapping):
        return {k.text: plain(v) for k, v in node.items}
    if isinstance(node, ys.Sequence):
        return [plain(v) for v in node.items]
    return node.text


def test_tree_matches_the_document_structure() -> None:
    document = ys.parse(NESTED.encode())
    tree = document.root
    assert document.faults == ()
    assert plain(tree) == yaml.load(NESTED, Loader=yaml.BaseLoader)  # BaseLoader keeps every scalar a string
    codes = tree.items[0][1]
    first = codes.items[0][1]
    assert (codes.items[0][0].line, first.line, codes.items[1][0].line) == (2, 3, 13)
    message = {k.text: v for k, v in first.items}["message"]
    assert message.quoted and message.block and message.text == "Block text\n"
    top = tree.items[1][1]
    assert (top.text, top.tag, top.quoted, top.line) == ("0100", ys.INT, False, 14)


def test_depth_limit_counts_every_open_collection() -> None:
    deep = "a: " + "[" * ys.MAX_DEPTH + "]" * ys.MAX_DEPTH + "\n"
    try:
        ys.parse(deep.encode())
    except ys.YamlError as exc:
        assert f"deeper than {ys.MAX_DEPTH}" in exc.fault.message and exc.fault.line == 1
        assert keys(exc.fault.path) == ["a", *[0] * (ys.MAX_DEPTH - 1)]  # where the one collection too many opens
    else:
        raise AssertionError("a document nested deeper than MAX_DEPTH was accepted")
    ys.parse(("a: " + "[" * (ys.MAX_DEPTH - 1) + "]" * (ys.MAX_DEPTH - 1) + "\n").encode())


def keys(path: ys.KeyPath) -> list[str | int]:
    return [step.text if isinstance(step, ys.Scalar) else step for step in path]


FAULTY = """\
codes:
  "2001":
    title: A
    title: B
    <<: {meaning: M}
    advice: [ok, *x, "\\e[31m"]
  "2002": &c
    tags: !!seq [a]
    *y : 1
"""


def test_every_recoverable_fault_is_reported_with_the_path_to_it() -> None:
    document = ys.parse(FAULTY.encode())
    assert [(f.line, f.message, keys(f.path)) for f in document.faults] == [
        (4, "duplicate key 'title' (first defined on line 3)", ["codes", "2001", "title"]),
        (5, "merge keys (<<) are not allowed; write the fields out", ["codes", "2001", "<<"]),
        (6, "aliases (*x) are not allowed; write the value out", ["codes", "2001", "advice", 1]),
        (6, f"the text contains the control character U+001B; {CONTROL}", ["codes", "2001", "advice", 2]),
        (7, "anchors (&c) are not allowed; write the value out", ["codes", "2002"]),
        (8, "explicit tags (tag:yaml.org,2002:seq) are not allowed", ["codes", "2002", "tags"]),
        (9, "aliases (*y) are not allowed; write the value out", ["codes", "2002", "*y"]),
    ]


def test_what_was_refused_is_left_out_and_the_rest_kept() -> None:
    [(_, codes)] = ys.parse(FAULTY.encode()).root.items
    first, second = (value for _, value in codes.items)
    # The first title stays, the duplicate and the merge key go; the mapping may now lack what the merge held.
    assert plain(first) == {"title": "A", "advice": ["ok", "*x", "\x1b[31m"]} and first.partial
    advice = {k.text: v for k, v in first.items}["advice"].items
    assert [type(node) for node in advice] == [ys.Scalar, ys.Refused, ys.Refused]  # in their places, never expanded
    # Anchored and tagged nodes are kept, read as if untagged; an entry whose key was refused goes.
    assert plain(second) == {"tags": ["a"]} and second.partial


def test_a_mapping_as_key_is_still_fatal() -> None:
    try:
        ys.parse(b"? [a]\n: b\n")
    except ys.YamlError as exc:
        assert exc.fault.message == "a mapping key must be a plain or quoted scalar" and exc.fault.line == 1
    else:
        raise AssertionError("a collection key was accepted")


def test_many_refused_entries_in_one_mapping_are_left_out_in_linear_time() -> None:
    """Four times the duplicate keys, at most about four times the work (leaving each out with a search of
    the mapping would be sixteen): counted in Python lines run, so no load on the machine can make it flake."""

    def duplicates(count: int) -> bytes:
        return ("a: 1\n" * count).encode()

    document = ys.parse(duplicates(20_000))
    assert len(document.faults) == 20_000 - 1 and plain(document.root) == {"a": "1"}
    small, large = (lines_run(ys.parse, duplicates(count)) for count in (2_000, 8_000))
    assert small > 2_000 and large <= 4.4 * small, (small, large)
