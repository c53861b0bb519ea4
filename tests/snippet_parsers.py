"""Real parsers for the snippet languages: the tree-sitter grammars published on PyPI."""

from __future__ import annotations

from collections import Counter

import tree_sitter
import tree_sitter_bash
import tree_sitter_dart
import tree_sitter_python
import tree_sitter_typescript

GRAMMARS = {
    "typescript": tree_sitter.Language(tree_sitter_typescript.language_typescript()),
    "python": tree_sitter.Language(tree_sitter_python.language()),
    "dart": tree_sitter.Language(tree_sitter_dart.language()),
    "bash": tree_sitter.Language(tree_sitter_bash.language()),
}


def parse(lexer: str, text: str) -> tree_sitter.Tree:
    return tree_sitter.Parser(GRAMMARS[lexer]).parse(text.encode("utf-8"))


def _nodes(tree: tree_sitter.Tree):
    todo = [tree.root_node]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(node.children)


def syntax_errors(lexer: str, text: str) -> list[str]:
    """Every ERROR and MISSING node, as 'type at line:column' (empty when the text parses cleanly)."""
    tree = parse(lexer, text)
    return [
        f"{'MISSING ' if node.is_missing else ''}{node.type} at {node.start_point[0] + 1}:{node.start_point[1] + 1}"
        for node in _nodes(tree)
        if node.is_error or node.is_missing
    ]


def node_types(lexer: str, text: str) -> Counter[str]:
    return Counter(node.type for node in _nodes(parse(lexer, text)))
