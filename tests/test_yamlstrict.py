"""The strict YAML reader builds exactly the tree YAML describes, with lines, however deep or mixed."""

from __future__ import annotations

import yaml

from errcat import yamlstrict as ys

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
    tree = ys.parse(NESTED.encode())
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
        assert f"deeper than {ys.MAX_DEPTH}" in exc.message and exc.line == 1
    else:
        raise AssertionError("a document nested deeper than MAX_DEPTH was accepted")
    ys.parse(("a: " + "[" * (ys.MAX_DEPTH - 1) + "]" * (ys.MAX_DEPTH - 1) + "\n").encode())
