"""Long-form explanations (``explanation`` of a code, group or API): catalog Markdown rendered safely.

Everything else errcat renders from the catalog is inert text (render/md.py). An explanation is
real Markdown, because a compiler's error index is: failing and fixed examples in fenced code,
headings, lists and reference links. It is parsed by the markdown-it-py setup all catalog Markdown
shares (errcat/safe_markdown.py: raw HTML off, so ``<script>`` shows as text; links limited to
http, https, mailto and site paths), with CommonMark's block rules and tables on. The text between
headings enters the page as raw HTML blocks, so mkdocs' Markdown, macros and extensions never read
the catalog's text.

A fence's info string names a language and flags, rustdoc style (```` ```compile_fail,E0277 ````,
```` ```rust,no_run ````): the language highlights nothing here but becomes the code's class, and
each flag is shown as a label above the block. Rustdoc's hidden lines (``# fn main() {}``) make an
example compile without being read; an API with ``hide_example_lines`` leaves them out of its rust
blocks. Headings are moved under the page's own (the explanation's largest heading takes the level
the caller gives) and written as the page's own Markdown headings with an id errcat chooses, so
they are entries of the page's table of contents with a permalink; their text is inert inline
Markdown (render/md.line), as every title errcat shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from ..model import Api, Code
from . import md
from ..safe_markdown import safe_parser

_INFO_WORD = re.compile(r"[A-Za-z0-9_+\-.]+")
# rustdoc's flags: a fence whose words are only these (and error codes such as E0277) holds rust.
RUST_FLAGS = frozenset({"compile_fail", "should_panic", "no_run", "ignore", "edition2015", "edition2018", "edition2021", "edition2024", "test_harness", "allow_fail"})
_ERROR_CODE_FLAG = re.compile(r"E[0-9]{4}")


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


def _fence(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    """A fenced example with its flags as labels; ``env["hide_example_lines"]``: the API hides rustdoc's lines."""
    token = tokens[idx]
    language, flags = fence_parts(token.info)
    text = shown_lines(token.content, env.get("hide_example_lines", False) and language in ("rust", None))  # rustdoc: a bare fence is rust
    labels = "".join(f'<span class="errcat-flag">{escapeHtml(flag)}</span>' for flag in flags)
    head = f'<p class="errcat-flags">{labels}</p>' if labels else ""
    css = f' class="language-{escapeHtml(language)}"' if language else ""
    return f'<div class="errcat-example">{head}<pre><code{css}>{escapeHtml(text)}</code></pre></div>\n'


@lru_cache(maxsize=2)
def _parser(links: bool = True) -> MarkdownIt:
    """``links=False``: without the link and image rules, for text in which none can form (see :func:`to_html`)."""
    parser = safe_parser("commonmark").enable("table")
    parser.add_render_rule("fence", _fence)
    return parser if links else parser.disable(["link", "image"])


def _shift_headings(tokens: list[Token], top_level: int) -> None:
    """Make the largest heading ``top_level`` and the others follow it (at most h6)."""
    levels = [int(t.tag[1]) for t in tokens if t.type in ("heading_open", "heading_close")]
    if not levels:
        return
    shift = top_level - min(levels)
    for t in tokens:
        if t.type in ("heading_open", "heading_close"):
            t.tag = f"h{min(6, int(t.tag[1]) + shift)}"


# Heading ids: "<scope>--<slug>". Neither errcat's own ids (fixed words, "g-<group>", "b-<behaviour>") nor
# the ones Python-Markdown's toc makes from heading text ever hold "--" (its slugs collapse runs of "-"),
# and group ids (schema.IDENT) cannot either, so no explanation heading takes an id the page already uses.
_NOT_SLUG = re.compile(r"[^a-z0-9_]+")
_SLUG_LENGTH = 64


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", md.plain_line(text).lower())[:_SLUG_LENGTH].strip("-") or "section"


def _chunks(tokens: list[Token], scope: str) -> Iterator[tuple[str, list[Token] | str]]:
    """The explanation as ("html", tokens between headings) and ("heading", its Markdown line) parts, in order."""
    used: set[str] = set()
    next_number: dict[str, int] = {}  # per id, the number its next twin tries first: a thousand equal headings stay linear
    start = 0
    i = 0
    while i < len(tokens):
        if tokens[i].type != "heading_open":
            i += 1
            continue
        if i > start:
            yield "html", tokens[start:i]
        source = tokens[i + 1].content  # the heading's inline Markdown
        base = f"{scope}--{_slug(source)}"
        n = next_number.get(base, 1)
        anchor = base if n == 1 else f"{base}-{n}"
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        next_number[base] = n + 1
        used.add(anchor)
        text = md.line(source)
        if text:  # an empty heading says nothing and would be an empty TOC entry
            yield "heading", f"{'#' * int(tokens[i].tag[1])} {text} {{#{anchor}}}"
        i += 3  # heading_open, inline, heading_close
        start = i
    if start < len(tokens):
        yield "html", tokens[start:]


def to_html(text: str, top_level: int = 2, hide_example_lines: bool = False, scope: str = "explanation") -> str:
    """The explanation as Markdown for a page: raw HTML blocks, and headings from ``top_level`` down with ids
    ``<scope>--<slug>`` (``scope``: unique on the page, without "--", e.g. ``g-<group>``)."""
    # A link or image needs "](" or a reference definition ("]:"); without either, the rules that scan ahead
    # from every "[" for its closing bracket are left out (same output, far less work on text dense with "[").
    parser = _parser("](" in text or "]:" in text)
    tokens = parser.parse(text)
    _shift_headings(tokens, top_level)
    env = {"hide_example_lines": hide_example_lines}
    parts = []
    for kind, part in _chunks(tokens, scope):
        if kind == "heading":
            parts.append(part)
        else:
            # One raw block: Python-Markdown keeps a <div> that starts a line, blank lines inside included, untouched.
            parts.append('<div class="errcat-explanation">\n' + parser.renderer.render(part, parser.options, env) + "</div>")
    return "\n\n".join(parts)


def block(api: Api, text: str | None, top_level: int, scope: str = "explanation") -> str | None:
    """The explanation block for a page of ``api``, or None when there is no explanation."""
    return to_html(text, top_level, api.hide_example_lines, scope) if text else None


def code_explanation(api: Api, code: Code, ctx: object) -> str | None:
    """A code page section: the code's explanation right under its title, its headings under the page's h1."""
    return block(api, code.explanation, 2)
