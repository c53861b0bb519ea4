"""The site's navigation as a literate-nav ``SUMMARY.md``: the nav form engines read from the docs folder.

mkdocs takes the navigation from ``on_config``; an engine that runs no errcat code (Zensical, which
reads mkdocs-literate-nav's file natively) takes it from this file. Titles are written as HTML
entities and backslash escapes, so a title is shown as text, never parsed as a link, emphasis or a tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

SUMMARY = "SUMMARY.md"
_INDENT = "    "
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def _title(text: str) -> str:
    """A nav title as inert inline Markdown (HTML entities first, then the characters Markdown reads)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(html.unescape(text), quote=False))


def _lines(entries: Iterable[Any], depth: int) -> Iterable[str]:
    indent = _INDENT * depth
    for entry in entries:
        if isinstance(entry, str):
            yield f"{indent}- [{_title(Path(entry).stem)}]({entry})" if not entry.endswith("/") else f"{indent}- <{entry}>"
            continue
        for title, target in dict(entry).items():
            if isinstance(target, list):
                yield f"{indent}- {_title(title)}"
                yield from _lines(target, depth + 1)
            else:
                yield f"{indent}- [{_title(title)}](<{target}>)"


def literate_nav(entries: list[Any]) -> str:
    """``entries`` in mkdocs' nav shape (as :func:`errcat.site.full_nav` returns it) as a ``SUMMARY.md``.

    :func:`errcat.site.nav` HTML-escapes API titles for themes that print them unescaped; they are
    unescaped here once, so a title is escaped exactly once in the file.
    """
    return "\n".join(_lines(entries, 0)) + "\n"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav and folders; engine-specific tags (``!ENV``, ``!!python/name``) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict[str, Any]:
    """The parts of an mkdocs.yml errcat needs (``nav``, ``docs_dir``, ``extra``), without running any of its tags."""
    with config_file.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_ConfigLoader) or {}  # noqa: S506 - a SafeLoader that builds no objects
