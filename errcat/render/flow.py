"""The client flow: how a client branches on a response, drawn at build time as an SVG picture.

One branch per behaviour, not per status and code: a response arrives, the client reads its code,
and every code that calls for the same behaviour takes the same arrow (labelled with how many codes
and, where the API's statuses vary, which statuses), which ends in what the user sees. A dashed
last branch is the fallback for a code the client does not know, as the behaviours page says
(:func:`errcat.render.matrix.fallback_behaviour`). The picture is a plain string, a pure function
of the model like the range map, so a page needs no script and no other origin to show it.

Catalog text only lands in SVG text nodes, XML-escaped, one ``<tspan>`` per wrapped line. Lines are
wrapped at a character count estimated from the font size; a word longer than a line keeps its own
line (identifiers never break mid-word) and the figure's text is at least 14 px at its natural size.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..model import Api, Code
from . import matrix, md
from .code_page import status_text

FONT = 14  # px at the picture's natural size; the page never scales it below 12 px at 1280 wide
LINE = 18
PAD = 8
GAP = 14  # between two rows
WIDTH = 760
# Columns: x and width of each box; the trunk is the vertical line the branches leave from.
START = (2, 96)
READ = (118, 112)
TRUNK_X = 246
LABEL = (254, 110)
BEHAVIOUR = (372, 140)
USER = (532, 226)

STYLE = """\
.errcat-flow text{font:14px var(--md-text-font-family,sans-serif);fill:var(--md-default-fg-color,#222)}
.errcat-flow .box{fill:var(--md-default-bg-color,#fff);stroke:var(--md-default-fg-color--light,#666);stroke-width:1.2}
.errcat-flow .behaviour .box{fill:var(--md-accent-fg-color--transparent,rgba(80,110,255,.1));stroke:var(--md-typeset-a-color,#3f51b5)}
.errcat-flow .label text{fill:var(--md-default-fg-color--light,#555)}
.errcat-flow .edge{stroke:var(--md-default-fg-color--light,#666);stroke-width:1.4;fill:none}
.errcat-flow .fallback .edge{stroke-dasharray:5 4}
.errcat-flow marker path{fill:var(--md-default-fg-color--light,#666)}"""


def plain(value: object) -> str:
    """Catalog prose as the words a reader sees (no Markdown syntax), on one line."""
    return " ".join(md.xml_safe(md.plain_line(str(value))).split())


def wrap(text: str, width: float) -> list[str]:
    """``text`` in lines that fit ``width`` px; a word wider than a line is never split."""
    per_line = max(1, int((width - 2 * PAD) / (FONT * 0.56)))  # 0.56 em: a sans-serif letter's average advance
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True, slots=True)
class Branch:
    """Every code that calls for one behaviour: one arrow of the flow."""

    behaviour: str
    codes: tuple[Code, ...]
    statuses: tuple[int, ...]  # the HTTP statuses these codes come with, ascending (none: the transport has none)


def behaviour_branches(api: Api) -> list[Branch]:
    """One branch per behaviour some code calls for, in the order the catalog declares behaviours."""
    by_behaviour: dict[str, list[Code]] = {bid: [] for bid in api.behaviours}
    for code in api.codes.values():
        by_behaviour.setdefault(code.behaviour, []).append(code)
    return [
        Branch(bid, tuple(codes), tuple(sorted({c.http_status for c in codes if c.http_status is not None})))
        for bid, codes in by_behaviour.items()
        if codes
    ]


def unknown_code_fallback(api: Api, status: int | None) -> str:
    """The behaviour for a code the client does not know that arrives with ``status``.

    An API that always answers one status says nothing with it: the default behaviour. Otherwise the
    behaviour all documented codes of that status share, else the default.
    """
    if api.convention.fixed_http_status is not None or not api.has_http:
        return api.default_behaviour
    return matrix.fallback_behaviour(api, [c for c in api.codes.values() if c.http_status == status])


def fallback_words(api: Api) -> str:
    """What a client does with a code it does not know, in one sentence."""
    default = api.behaviours[api.default_behaviour].title
    found = {c.http_status for c in api.codes.values() if c.http_status is not None}
    statuses = sorted(found | {s.status for s in api.convention.statuses})
    special: dict[str, list[int]] = {}
    for status in statuses:
        chosen = unknown_code_fallback(api, status)
        if chosen != api.default_behaviour:
            special.setdefault(chosen, []).append(status)
    if not special:
        return f"Fall back to: {default}"
    parts = [f"{', '.join(str(s) for s in found)}: {api.behaviours[bid].title}" for bid, found in special.items()]
    return "Fall back by HTTP status. " + "; ".join(parts) + f"; any other: {default}"


def branch_label(api: Api, branch: Branch) -> list[str]:
    """How many codes take the branch and, where the API's statuses vary, with which (a count beyond three)."""
    count = f"{len(branch.codes)} code" + ("" if len(branch.codes) == 1 else "s")
    if len({c.http_status for c in api.codes.values()}) == 1 or not branch.statuses:
        return [count]
    found = branch.statuses
    return [count, "HTTP " + ", ".join(str(s) for s in found) if len(found) <= 3 else f"{len(found)} HTTP statuses"]


def _text(lines: list[str], x: float, top: float, css: str = "") -> str:
    """Lines of text starting at ``top``, each a tspan; the text is XML-escaped here."""
    spans = "".join(f'<tspan x="{x:.0f}" dy="{LINE if i else 0}">{html.escape(line, quote=True)}</tspan>' for i, line in enumerate(lines))
    return f'<text{css} x="{x:.0f}" y="{top + FONT:.0f}">{spans}</text>'


def _box(column: tuple[int, int], lines: list[str], middle: float, css: str, rounded: int = 4) -> str:
    x, width = column
    height = _box_height(lines)
    top = middle - height / 2
    return (
        f'<g class="{css}"><rect class="box" x="{x}" y="{top:.1f}" width="{width}" height="{height:.1f}" rx="{rounded}"/>'
        + _text(lines, x + PAD, top + PAD - 2)
        + "</g>"
    )


def _label(lines: list[str], x: float, middle: float) -> str:
    """An arrow's label, above the arrow."""
    return f'<g class="label">{_text(lines, x, middle - 6 - LINE * len(lines) + 2)}</g>'


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<path class="edge" d="M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"/>'


def _rows(api: Api, behaviour_width: int, user_width: int, fallback_width: int) -> list[tuple[str, list[str], list[str], list[str]]]:
    """Each row of the picture: its css class, the arrow's label, the behaviour box, the user box (wrapped to fit)."""
    rows = []
    for branch in behaviour_branches(api):
        behaviour = api.behaviours[branch.behaviour]
        rows.append((
            "branch",
            branch_label(api, branch),
            wrap(plain(behaviour.title), behaviour_width),
            wrap(plain(behaviour.description), user_width),
        ))
    rows.append(("fallback", ["any other code"], wrap(fallback_words(api), fallback_width), []))
    return rows


def _box_height(lines: list[str]) -> float:
    return LINE * len(lines) + 2 * PAD - (LINE - FONT)


def _wide(api: Api) -> tuple[list[str], float]:
    """Columns side by side: response, read the code, a trunk, then per branch behaviour and what the user sees."""
    parts, middles, y = [], [], 0.0
    for css, label, behaviour, user in _rows(api, BEHAVIOUR[1], USER[1], USER[0] + USER[1] - BEHAVIOUR[0]):
        height = max(LINE * max(len(behaviour), len(user)), 2 * LINE * len(label)) + 2 * PAD
        middle = y + height / 2
        middles.append(middle)
        parts.append(f'<g class="{css}">')
        parts.append(_arrow(TRUNK_X, middle, BEHAVIOUR[0] - 2, middle))
        parts.append(_label(label, LABEL[0], middle))
        if user:
            parts.append(_box(BEHAVIOUR, behaviour, middle, "behaviour"))
            parts.append(_arrow(BEHAVIOUR[0] + BEHAVIOUR[1], middle, USER[0] - 2, middle))
            parts.append(_box(USER, user, middle, "user", rounded=14))
        else:  # the fallback's box spans both columns
            parts.append(_box((BEHAVIOUR[0], USER[0] + USER[1] - BEHAVIOUR[0]), behaviour, middle, "behaviour"))
        parts.append("</g>")
        y += height + GAP
    first = middles[0]
    read = wrap("Read " + _code_paths(api), READ[1])
    head = [
        _box(START, ["Response" if api.has_http else "Result", "arrives"], first, "start", rounded=14),
        _arrow(START[0] + START[1], first, READ[0] - 2, first),
        _box(READ, read, first, "read"),
        f'<path class="edge trunk" d="M{READ[0] + READ[1]},{first:.1f} H{TRUNK_X} V{middles[-1]:.1f}" style="marker-end:none"/>',
    ]
    return head + parts, y - GAP + 2


def _code_paths(api: Api) -> str:
    """Where the code sits, in plain words: one path, or each envelope's ("error.code or code")."""
    return " or ".join(dict.fromkeys(plain(conv.code_path) for conv in api.conventions))


# The narrow picture, for a phone: the same boxes stacked, so nothing is off-screen at 390 px.
NARROW_WIDTH = 360
NARROW_TRUNK_X = 12
NARROW_BEHAVIOUR = (28, 330)
NARROW_USER = (48, 310)


def _narrow(api: Api) -> tuple[list[str], float]:
    """Stacked: response, then read the code, then per branch its label, behaviour and, under it, what the user sees."""
    start_h, read = _box_height(["Response arrives"]), wrap("Read " + _code_paths(api), 200)
    read_top = start_h + 16
    parts = [
        _box((2, 160), ["Response arrives"], start_h / 2, "start", rounded=14),
        _arrow(40, start_h, 40, read_top - 2),
        _box((2, 200), read, read_top + _box_height(read) / 2, "read"),
    ]
    y = read_top + _box_height(read) + 10
    trunk_top, middles = y - 10, []
    for css, label, behaviour, user in _rows(api, NARROW_BEHAVIOUR[1], NARROW_USER[1], NARROW_BEHAVIOUR[1]):
        y += LINE * len(label)
        middle = y + _box_height(behaviour) / 2
        middles.append(middle)
        parts += [f'<g class="{css}">', _label(label, NARROW_BEHAVIOUR[0], middle - _box_height(behaviour) / 2 + 4)]
        parts += [_arrow(NARROW_TRUNK_X, middle, NARROW_BEHAVIOUR[0] - 2, middle), _box(NARROW_BEHAVIOUR, behaviour, middle, "behaviour")]
        y += _box_height(behaviour)
        if user:
            x = NARROW_USER[0] + 12
            parts.append(_arrow(x, y, x, y + 14))
            y += 16
            parts.append(_box(NARROW_USER, user, y + _box_height(user) / 2, "user", rounded=14))
            y += _box_height(user)
        parts.append("</g>")
        y += GAP
    parts.insert(3, f'<path class="edge trunk" d="M{NARROW_TRUNK_X},{trunk_top:.1f} V{middles[-1]:.1f}" style="marker-end:none"/>')
    return parts, y - GAP + 2


def _document(api: Api, variant: str, width: int, body: list[str], height: float) -> str:
    """One variant of the picture as an SVG document; ids carry the variant, since both sit on one page."""
    title = f"{api.title}: how a client branches on an error response"
    arrow = f"errcat-flow-arrow-{variant}"
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="errcat-flow {variant}" role="img" aria-labelledby="errcat-flow-title-{variant}"'
            f' viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}">',
            f'<title id="errcat-flow-title-{variant}">{html.escape(plain(title), quote=True)}</title>',
            f"<style>\n{STYLE}\n.errcat-flow.{variant} .edge{{marker-end:url(#{arrow})}}\n</style>",
            f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
            ' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
            *body,
            "</svg>",
        ]
    )


def flow_svg(api: Api) -> str:
    """The API's client flow as two SVG documents: wide (side by side) and narrow (stacked, for a phone);
    the stylesheet shows one of them."""
    return _document(api, "wide", WIDTH, *_wide(api)) + "\n" + _document(api, "narrow", NARROW_WIDTH, *_narrow(api))
