"""Long-form explanations (``explanation`` of a code, group or API): catalog Markdown rendered safely.

Everything else errcat renders from the catalog is inert text (render/md.py). An explanation is
real Markdown, because a compiler's error index is: failing and fixed examples in fenced code,
headings, lists and reference links. It is rendered here by markdown-it-py, a CommonMark parser
that runs in time linear in the text, with raw HTML off (``<script>`` shows as text) and links
limited to http, https, mailto and site-relative addresses. The HTML it returns enters the page as
one raw block, so mkdocs' Markdown, macros and extensions never read the catalog's text.

A fence's info string names a language and flags, rustdoc style (```` ```compile_fail,E0277 ````,
```` ```rust,no_run ````): the language highlights nothing here but becomes the code's class, and
each flag is shown as a label above the block. Rustdoc's hidden lines (``# fn main() {}``) make an
example compile without being read; an API with ``hide_example_lines`` leaves them out of its rust
blocks. Headings are moved under the page's own: the explanation's largest heading takes the level
the caller gives.

Kept apart from render/md.py on purpose: when the catalog's other prose moves to a safe Markdown
renderer too, both can share one configured parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from ..model import Api, Code

_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_INFO_WORD = re.compile(r"[A-Za-z0-9_+\-.]+")
# rustdoc's flags: a fence whose words are only these (and error codes such as E0277) holds rust.
RUST_FLAGS = frozenset({"compile_fail", "should_panic", "no_run", "ignore", "edition2015", "edition2018", "edition2021", "edition2024", "test_harness", "allow_fail"})
_ERROR_CODE_FLAG = re.compile(r"E[0-9]{4}")


def _safe_link(url: str) -> bool:
    """http, https and mailto links, and addresses without a scheme (site-relative); never javascript: or data:."""
    trimmed = url.strip()
    if not _SCHEME.match(trimmed):
        return not trimmed.startswith("//")  # protocol-relative: another host, chosen by the page's scheme
    return trimmed.lower().startswith(_SAFE_SCHEMES)


def fence_parts(info: str) -> tuple[str | None, list[str]]:
    """A fence's language (None when it names none) and flags: "rust,compile_fail" -> ("rust", ["compile_fail"])."""
    words = _INFO_WORD.findall(info)
    flags = [w for w in words if w in RUST_FLAGS or _ERROR_CODE_FLAG.fullmatch(w)]
    rest = [w for w in words if w not in flags]
    language = rest[0] if rest else ("rust" if flags else None)
    return language, flags + rest[1:]


def shown_lines(content: str, hide: bool) -> str:
    """The block's text without rustdoc's hidden lines when ``hide``: "# " or a lone "#" starts them, "##" escapes one "#"."""
    if not hide:
        return content
    out = []
    for line in content.split("\n"):
        stripped = line.lstrip()
        if stripped == "#" or stripped.startswith("# "):
            continue
        out.append(line.replace("##", "#", 1) if stripped.startswith("##") else line)
    return "\n".join(out)


def _fence(hide_example_lines: bool):
    def render(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        token = tokens[idx]
        language, flags = fence_parts(token.info)
        text = shown_lines(token.content, hide_example_lines and language in ("rust", None))  # rustdoc: a bare fence is rust
        labels = "".join(f'<span class="errcat-flag">{escapeHtml(flag)}</span>' for flag in flags)
        head = f'<p class="errcat-flags">{labels}</p>' if labels else ""
        css = f' class="language-{escapeHtml(language)}"' if language else ""
        return f'<div class="errcat-example">{head}<pre><code{css}>{escapeHtml(text)}</code></pre></div>\n'

    return render


@lru_cache(maxsize=2)
def _parser(hide_example_lines: bool) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.validateLink = _safe_link
    parser.add_render_rule("fence", _fence(hide_example_lines))
    return parser


def _shift_headings(tokens: list[Token], top_level: int) -> None:
    """Make the largest heading ``top_level`` and the others follow it (at most h6)."""
    levels = [int(t.tag[1]) for t in tokens if t.type in ("heading_open", "heading_close")]
    if not levels:
        return
    shift = top_level - min(levels)
    for t in tokens:
        if t.type in ("heading_open", "heading_close"):
            t.tag = f"h{min(6, int(t.tag[1]) + shift)}"


def to_html(text: str, top_level: int = 2, hide_example_lines: bool = False) -> str:
    """The explanation as one HTML block for a Markdown page; its headings start at ``top_level``."""
    parser = _parser(hide_example_lines)
    tokens = parser.parse(text)
    _shift_headings(tokens, top_level)
    # One raw block: Python-Markdown keeps a <div> that starts a line, blank lines inside included, untouched.
    return '<div class="errcat-explanation">\n' + parser.renderer.render(tokens, parser.options, {}) + "</div>"


def block(api: Api, text: str | None, top_level: int) -> str | None:
    """The explanation block for a page of ``api``, or None when there is no explanation."""
    return to_html(text, top_level, api.hide_example_lines) if text else None


def code_explanation(api: Api, code: Code, ctx: object) -> str | None:
    """A code page section: the code's explanation right under its title, its headings under the page's h1."""
    return block(api, code.explanation, 2)
