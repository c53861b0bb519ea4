"""The maintainers' pages: what only the people who keep the catalog need, away from API consumers.

A frontend developer who arrives with a code from a log reads the API's own pages; where the backend
raises a code, how the numbers are handed out, how full each range is, the rules for new codes and
the notes about the source documents (``maintainer_notes`` in the catalog) are for the team that
edits the catalog, so they live under ``/maintainers/``: one index and one page per API. Pure
functions of the model returning markdown, like every other renderer.
"""

from __future__ import annotations

from ..groups import NoFreeCode, capacity_of, group_counts, group_depths, next_free_code, range_text, range_uses
from ..model import Api, Catalog
from . import md, rangemap
from .api_pages import group_indent
from .code_page import api_link, code_link

SECTION = "maintainers"
INDEX_DEPTH = 1  # maintainers/index.md
PAGE_DEPTH = 2  # maintainers/<api>/index.md


def index_source() -> str:
    return f"{SECTION}/index.md"


def page_source(api: Api) -> str:
    return f"{SECTION}/{api.slug}/index.md"


def _page(title: str, *blocks: str | None) -> str:
    return md.front_matter(title=title, render_macros=False) + md.join(*blocks)


def index(catalog: Catalog) -> str:
    """The maintainers' landing page: what is here and one line per API."""
    rows = (
        (md.link(api.title, f"{api.slug}/index.md"), md.cell(api.source or ""), md.cell(len(api.codes)))
        for api in catalog.apis.values()
    )
    return _page(
        "For maintainers",
        "# For maintainers",
        "These pages are for the people who keep the error catalog: where the backend raises each code, "
        "how numbers are handed out, how full each range is, and notes about the source documents. "
        "API consumers need none of it: each API's own pages say what a code means and what to do.",
        md.table(("API", "Defined in", "Codes"), rows),
    )


def _notes(api: Api) -> str | None:
    notes = [*api.maintainer_notes, *api.convention.maintainer_notes]
    return "## Notes\n\n" + md.bullets(notes) if notes else None


def _rules(api: Api) -> str | None:
    ruled = [(group, depth) for group, depth in group_depths(api) if group.rules]
    if not ruled:
        return None
    parts = ["## Rules for new codes"]
    for group, _depth in ruled:
        parts += [f"### {md.line(group.title)} ({range_text(group, dash=md.EN_DASH, none='no range')})", md.bullets(group.rules)]
    return "\n\n".join(parts)


def _class_rows(api: Api) -> list[tuple[str, ...]]:
    """Each class (a code prefix such as SQLSTATE's ``22``) with its fill in the API's alphabet and next free code."""
    counts = group_counts(api)
    rows = []
    for group, depth in group_depths(api):
        if group.class_prefix is None:
            continue
        capacity = capacity_of(api, group)
        try:
            free = md.code(next_free_code(api, group.id))
        except NoFreeCode:
            free = "none left"
        rows.append((group_indent(depth) + md.cell(group.title), md.code(f"class {group.class_prefix}"),
                     md.cell(f"{counts[group.id]} / {capacity}") if capacity else md.EM_DASH, free))
    return rows


def numbering(api: Api) -> str | None:
    """Each numeric range or class with its fill and next free code, as a table; ranges also drawn to scale."""
    uses = range_uses(api)
    classes = _class_rows(api)
    if not uses and not classes:
        return None
    rows = [
        (
            group_indent(use.depth) + md.cell(use.group.title),
            range_text(use.group, dash=md.EN_DASH),
            md.cell(f"{use.used} / {use.capacity}"),
            md.code(use.next_free) if use.next_free else "none left",
        )
        for use in uses
    ] + classes
    svg = rangemap.range_map(api) if uses else None
    command = md.code(f"errcat next {api.slug} <group>")
    blocks = [
        "## Numbering { #range-map }",
        f"{command} prints the next free code of a group: the lowest number of its range (or, for a class, the first "
        "code of its alphabet) that no code uses and no subgroup claims. A renamed code's old number stays taken.",
        md.table(("Range", "Numbers", "Used / capacity", "Next free"), rows),
        "Each bar is one range, drawn to scale: a tick is a code in use, a shaded block a sub-range." if svg else None,
        f'<figure class="errcat-rangemap-figure">\n{svg}\n</figure>' if svg else None,
    ]
    return "\n\n".join(b for b in blocks if b)


def _codes(api: Api) -> str | None:
    """Codes with something for maintainers: where the backend raises them, and their maintainer notes."""
    noted = [code for code in api.codes.values() if code.raised_by or code.maintainer_notes]
    if not noted:
        return None
    rows = (
        (
            md.link(code.code, code_link(api.slug, code.code, PAGE_DEPTH)),
            md.code(code.raised_by) if code.raised_by else md.EM_DASH,
            "<br>".join(md.cell(note) for note in code.maintainer_notes) or md.EM_DASH,
        )
        for code in noted
    )
    return "## Codes\n\n" + md.table(("Code", "Raised by", "Notes"), rows)


def api_page(api: Api) -> str:
    """One API's page for maintainers: source, notes, numbering and rules, per-code backend details."""
    title = f"{api.title}: for maintainers"
    return _page(
        title,
        f"# {md.line(title)}",
        f"For API consumers: the {md.link(api.title, api_link(api, None, PAGE_DEPTH))} pages.",
        f"Defined in: {md.line(api.source)}" if api.source else None,  # capped as a title is: one line
        _notes(api),
        numbering(api),
        _rules(api),
        _codes(api),
    )
