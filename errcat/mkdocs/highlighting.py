"""Highlighting without the work Pygments repeats for every code block.

``pymdownx.highlight`` makes a new Pygments HTML formatter and looks its lexer up by name for each
fenced block. The formatter's constructor rebuilds its style table from the style (a fifth of the
time spent converting a code page, whose snippets are five or six small blocks), and the lookup
walks Pygments' whole lexer table. Both results depend only on their inputs: here they are kept per
input, so every block is highlighted exactly as before, from the same style table and lexer class.
The direct lane (:mod:`errcat.mkdocs.direct_pages`) installs this for its build; its tests compare
the pages with a build that does not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pygments.formatters.html import HtmlFormatter
from pygments.lexer import Lexer

_installed = False


def install() -> None:
    """Keep style tables and lexer classes for the rest of the process (once; later calls do nothing)."""
    global _installed
    if _installed:
        return
    import pymdownx.highlight

    HtmlFormatter._create_stylesheet = _kept_stylesheet(HtmlFormatter._create_stylesheet)  # type: ignore[method-assign]
    pymdownx.highlight.get_lexer_by_name = _kept_lexer_lookup(pymdownx.highlight.get_lexer_by_name)
    _installed = True


def _kept_stylesheet(create: Callable[[HtmlFormatter], None]) -> Callable[[HtmlFormatter], None]:
    """``HtmlFormatter._create_stylesheet``, computed once per style and class prefix (what it reads)."""
    tables: dict[tuple, tuple[dict, dict]] = {}

    def create_stylesheet(self: HtmlFormatter) -> None:
        key = (self.style, self.classprefix)
        if key not in tables:
            create(self)
            tables[key] = (dict(self.ttype2class), dict(self.class2style))
        ttype2class, class2style = tables[key]
        self.ttype2class, self.class2style = dict(ttype2class), dict(class2style)  # each formatter its own, as before

    return create_stylesheet


def _kept_lexer_lookup(lookup: Callable[..., Lexer]) -> Callable[..., Lexer]:
    """``get_lexer_by_name``, with the class found for each name kept; each call still gets a new lexer."""
    classes: dict[str, type[Lexer]] = {}

    def get_lexer_by_name(alias: str, **options: Any) -> Lexer:
        found = classes.get(alias)
        if found is not None:
            return found(**options)
        lexer = lookup(alias, **options)
        classes[alias] = type(lexer)
        return lexer

    return get_lexer_by_name
