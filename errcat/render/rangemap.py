"""The range map: an SVG picture of an API's numeric ranges, how full each is and its next free code.

Built as a plain string (no drawing library), so it is a pure function of the model like every
other renderer. Catalog text only ever lands in SVG text nodes, XML-escaped; colours come from the
theme's CSS variables (with fallbacks), so the picture follows light and dark mode when embedded
in a page, and stays readable as a standalone file.

Each range is one row: its bar is the range's own number line, a tick marks a code in use, a
shaded block marks a sub-range. The figures beside it are codes used / capacity and the next free
code, the same numbers ``python -m errcat next`` and the groups table give.
"""

from __future__ import annotations

import html

from ..groups import RangeUse, range_text, range_uses
from ..model import Api
from . import md

# Columns: name and range, then the figures, then the bar; on a narrow screen the figure scrolls
# sideways, and what stays in view first is the text.
WIDTH = 800
LABEL_X, INDENT, LABEL_W = 8, 16, 250
FIGURE_X = LABEL_X + LABEL_W + 6
BAR_X, BAR_W, BAR_H = FIGURE_X + 200, 300, 14
HEAD_H, ROW_H = 30, 42

STYLE = """\
.errcat-rangemap text{font:13px var(--md-text-font-family,sans-serif);fill:var(--md-default-fg-color,#222)}
.errcat-rangemap .span,.errcat-rangemap .head,.errcat-rangemap .next{font-size:12px;fill:var(--md-default-fg-color--light,#555)}
.errcat-rangemap .d0 .name{font-weight:700}
.errcat-rangemap .track{fill:var(--md-default-fg-color--lightest,#e6e6e6)}
.errcat-rangemap .sub{fill:var(--md-accent-fg-color--transparent,rgba(80,110,255,.15));stroke:var(--md-default-fg-color--lighter,#aaa);stroke-width:1}
.errcat-rangemap .used{fill:var(--md-typeset-a-color,#3f51b5)}
.errcat-rangemap .full{font-size:12px;fill:var(--md-default-fg-color--light,#555)}"""


def xml_text(value: object) -> str:
    """Catalog text as SVG character data: markup characters escaped, forbidden characters replaced.

    Characters beyond ASCII become numeric references, which XML and HTML both read, so the dash of a
    range does not double the memory of the page the map sits in (render/md.py says why).
    """
    return html.escape(md.xml_safe(value), quote=True).encode("ascii", "xmlcharrefreplace").decode("ascii")


def percent(used: int, capacity: int) -> str:
    share = 100 * used / capacity
    return "<1%" if 0 < share < 1 else f"{share:.0f}%"


def _x(number: int, use: RangeUse) -> float:
    """Where ``number`` sits on its range's bar."""
    low = use.group.range[0]  # type: ignore[index]
    return BAR_X + BAR_W * (number - low) / use.capacity


def _bar(api: Api, use: RangeUse, y: int) -> list[str]:
    parts = [f'<rect class="track" x="{BAR_X}" y="{y}" width="{BAR_W}" height="{BAR_H}" rx="3"/>']
    for kid in api.children(use.group.id):
        if kid.range:
            left, right = _x(kid.range[0], use), _x(kid.range[1] + 1, use)
            parts.append(f'<rect class="sub" x="{left:.2f}" y="{y}" width="{right - left:.2f}" height="{BAR_H}"/>')
    for first, last in use.taken:
        left, right = _x(first, use), _x(last + 1, use)
        # A code is at least one pixel wide, so a single code in a 6000-number range still shows.
        parts.append(f'<rect class="used" x="{left:.2f}" y="{y + 2}" width="{max(right - left, 1):.2f}" height="{BAR_H - 4}"/>')
    return parts


def _row(api: Api, use: RangeUse, top: int) -> str:
    group = use.group
    label_x = LABEL_X + INDENT * use.depth
    fill = f"{use.used} / {use.capacity} used ({percent(use.used, use.capacity)})"
    nxt = f"next free: {use.next_free}" if use.next_free else "full"
    name = md.plain_line(group.title)  # SVG text is plain: no Markdown syntax
    summary = f"{name} {range_text(group)}: {fill}, {nxt}"
    return "\n".join(
        [
            f'<g class="row d{use.depth}">',
            f"<title>{xml_text(summary)}</title>",
            f'<text class="name" x="{label_x}" y="{top + 17}" clip-path="url(#errcat-rangemap-labels)">{xml_text(name)}</text>',
            f'<text class="span" x="{label_x}" y="{top + 33}">{xml_text(range_text(group))}</text>',
            *_bar(api, use, top + 7),
            f'<text class="fill" x="{FIGURE_X}" y="{top + 17}">{xml_text(fill)}</text>',
            f'<text class="{"next" if use.next_free else "full"}" x="{FIGURE_X}" y="{top + 33}">{xml_text(nxt)}</text>',
            "</g>",
        ]
    )


def range_map(api: Api) -> str | None:
    """The API's range map as an SVG document, or None when it has no numeric ranges."""
    uses = range_uses(api)
    if not uses:
        return None
    height = HEAD_H + ROW_H * len(uses)
    title = f"{api.title}: numeric ranges, codes used and next free code"
    rows = [_row(api, use, HEAD_H + i * ROW_H) for i, use in enumerate(uses)]
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="errcat-rangemap" role="img" aria-labelledby="errcat-rangemap-title"'
            f' viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" style="min-width:600px;max-width:100%;height:auto">',
            f'<title id="errcat-rangemap-title">{xml_text(title)}</title>',
            f"<style>\n{STYLE}\n</style>",
            f'<clipPath id="errcat-rangemap-labels"><rect x="0" y="0" width="{FIGURE_X - 6}" height="{height}"/></clipPath>',
            f'<text class="head" x="{LABEL_X}" y="18">Range</text>',
            f'<text class="head" x="{FIGURE_X}" y="18">Used / capacity, next free</text>',
            f'<text class="head" x="{BAR_X}" y="18">Codes in use (tick: a code; shade: a sub-range)</text>',
            *rows,
            "</svg>",
        ]
    )
