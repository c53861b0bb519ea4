"""Hypothesis strategies: catalog text as hostile as the loader lets through.

The loader refuses control characters other than tab and line feed, and lone surrogates
(errcat.yamlstrict); everything else is legal catalog text, so ``prose`` draws from all of it and
mixes in fragments that mean something to Markdown, HTML, Jinja, YAML and string literals.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Fragments with a meaning somewhere downstream: templates, HTML, Markdown and its extensions,
# string literals and shells. Drawn whole so short examples still combine them.
NASTY = (
    "{{ 7*7 }}",
    "{% include 'mkdocs.yml' %}",
    "{{ cycler.__init__.__globals__.os.getpid() }}",
    "{# c #}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</title>",
    '" onmouseover="alert(1)',
    "[x](javascript:alert(1))",
    "![i](x.png)",
    "<https://example.com>",
    "*<*",
    "|",
    "`",
    "``",
    "#!python ",
    ":::js ",
    "[TOC]",
    "&amp;",
    "&#x3C;",
    "\\",
    "\\n",
    "<!--",
    "]]>",
    "---",
    "***",
    "# ",
    "1. ",
    "- ",
    "> ",
    "    ",
    "{ #id }",
    "{: .x }",
    "!!! note",
    "??? x",
    '=== "Tab"',
    "```",
    "~~~",
    "$x",
    "${x}",
    "'",
    '"',
    "\n",
    "\n\n",
    "\t",
    "\u2028",
    "\u00a0",
    "\u200b",
    "\u202e",
    "\ufeff",
    "Ａ",
    "😀",
)

TEXT_CHARACTERS = st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n")

# Any text a prose field accepts: at least one visible character.
PROSE = (
    st.lists(st.one_of(st.text(TEXT_CHARACTERS, max_size=6), st.sampled_from(NASTY)), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda s: bool(s.strip()))
)

# A param name as the schema allows it.
IDENTIFIER = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)

# A JSON value as an example body may hold it (finite numbers only, as JSON has no others).
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | PROSE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(PROSE, inner, max_size=3),
    max_leaves=6,
)
