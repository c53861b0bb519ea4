"""Per-API pages (overview, groups, code index, behaviours) and the list of APIs.

Pure functions of the model returning markdown. Links are relative ``.md`` paths so mkdocs checks
every one of them under ``--strict``.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import envelope, lifecycle, links, urls
from ..groups import capacity_of, group_counts, group_depths, range_text
from ..model import Api, Catalog, Group
from . import flow as client_flow
from . import client_page, explanation, matrix, md, rangemap
from . import operations as api_operations
from .code_page import api_link, code_link, status_text
from .transport import code_location

NO_STATUS = "none"  # the home table's HTTP status cell for an API whose transport has none

API_DEPTH = 1  # <api>/index.md
PAGE_DEPTH = 2  # <api>/<page>/index.md


def page(title: str, *blocks: str | None) -> str:
    """A generated page: its title in front matter (escaped) and macros switched off."""
    return md.front_matter(title=title, render_macros=False) + md.join(*blocks)


def _nav_line(api: Api, depth: int) -> str:
    links = [md.link("Overview", api_link(api, None, depth))]
    links += [md.link(name.capitalize(), api_link(api, name, depth)) for name in pages_of(api)]
    return " · ".join(links)


def status_section(api: Api) -> str | None:
    """The "HTTP status" part of the overview, for HTTP APIs only."""
    return "### HTTP status\n\n" + http_status_usage(api) if api.has_http else None


def http_status_usage(api: Api) -> str:
    conv = api.convention
    if conv.fixed_http_status is not None:
        lead = f"Every response, error or not, has HTTP status **{md.cell(status_text(conv.fixed_http_status))}**: only the code in the body tells success from failure."
    else:
        lead = "The HTTP status varies per code: each code's page gives it."
    if not conv.statuses:
        return lead
    rows = ((md.cell(status_text(s.status)), md.cell(s.meaning), md.cell(s.when or "")) for s in conv.statuses)
    return lead + "\n\n" + md.table(("Status", "Meaning", "When used"), rows)


def overview(api: Api) -> str:
    conv = api.convention
    facts = [
        ("Transport", md.cell(api.transport) if not api.has_http else None),
        ("Content type", md.code(conv.content_type) if conv.content_type else None),
        ("Code field", md.code(conv.code_path)),
        ("Code format", md.cell(conv.code_format)),
        ("Code pattern", md.code(conv.code_pattern)),
        ("Message field", md.code(conv.message_path) if conv.message_path else None),
        ("Doc link field", md.code(conv.doc_url_field) if conv.doc_url_field else None),
        ("Problem type", md.code(conv.problem_type_base + urls.code_url(api.slug, "{code}")) if conv.problem_type_base else None),
        ("Defined in", md.cell(api.source) if api.source else None),
        ("Codes", md.cell(len(api.codes))),
    ]
    field_rows = ((md.code(f.path), md.cell(f.type), md.cell(f.meaning)) for f in conv.fields)
    return page(
        api.title,
        f"# {md.line(api.title)}",
        md.text(api.summary),
        _nav_line(api, API_DEPTH),
        explanation.block(api, api.explanation, 2),
        "## Error convention",
        md.table(("Property", "Value"), ((k, v) for k, v in facts if v)),
        "### Envelope",
        *_envelope_example(api),
        md.table(("Field", "Type", "Meaning"), field_rows),
        status_section(api),
        "### Parsing order" if conv.parsing_order else None,
        md.bullets(conv.parsing_order, ordered=True) if conv.parsing_order else None,
        "### Notes" if conv.notes or api.notes else None,
        md.bullets([*conv.notes, *api.notes]) if conv.notes or api.notes else None,
    )


def _range(group: Group) -> str:
    """A group's range for a table cell or a line, its dashes as entities (render/md.py says why)."""
    return range_text(group, dash=md.EN_DASH, none=md.EM_DASH)


# Subgroups are indented this many levels at most; deeper ones say their level instead. Indenting
# each row by its full depth made a chain of 2,000 nested groups a 49 MB page (quadratic).
MAX_INDENT = 6


def _indent(depth: int) -> str:
    """The indentation of a groups-table row: one step per level, up to MAX_INDENT, then the level as text."""
    steps = "&nbsp;&nbsp;&nbsp;&nbsp;" * min(depth, MAX_INDENT)
    return steps + (f"(level {depth}) " if depth > MAX_INDENT else "")


def groups(api: Api) -> str:
    counts = group_counts(api)
    has_ranges = any(g.range or g.class_prefix for g in api.groups.values())
    headers = ["Group", *(["Range"] if has_ranges else []), "Meaning", "Codes", *(["Used"] if has_ranges else [])]
    rows = []
    for group, depth in group_depths(api):
        row = [_indent(depth) + md.link(group.title, f"#g-{group.id}")]
        if has_ranges:
            row.append(_range(group))
        row += [md.cell(group.meaning), md.cell(counts[group.id])]
        if has_ranges:
            capacity = capacity_of(api, group)
            row.append(md.cell(f"{counts[group.id]} / {capacity}") if capacity else md.EM_DASH)
        rows.append(row)
    by_group: dict[str, list] = {}
    for code in api.codes.values():
        by_group.setdefault(code.group or "", []).append(code)
    sections = []
    for group, _depth in group_depths(api):
        own = by_group.get(group.id, [])
        body = [f"## {md.line(group.title)} {{ #g-{group.id} }}", md.text(group.meaning)]
        body.append(explanation.block(api, group.explanation, 3) or "")
        if group.range_text:
            body.append(f"Range: {_range(group)}")
        if group.rules:
            body.append("Rules:\n\n" + md.bullets(group.rules))
        if own:
            body.append(_code_table(api, own, PAGE_DEPTH, with_group=False))
        sections.append("\n\n".join(b for b in body if b))
    ungrouped = by_group.get("", [])
    if ungrouped and api.groups:
        sections.append("## Codes without a group\n\n" + _code_table(api, ungrouped, PAGE_DEPTH, with_group=False))
    if not api.groups:
        sections.append("This API does not group its codes: see the [code index](" + api_link(api, "codes", PAGE_DEPTH) + ").")
    return page(
        f"{api.title}: groups",
        f"# {md.line(api.title)}: groups",
        _nav_line(api, PAGE_DEPTH),
        md.table(headers, rows) if rows else None,
        range_map_section(api),
        *sections,
    )


def range_map_section(api: Api) -> str | None:
    """The range map picture, for APIs with numeric ranges (raw SVG: its text is XML-escaped by rangemap)."""
    svg = rangemap.range_map(api)
    if svg is None:
        return None
    command = md.code(f"python -m errcat next {api.slug} <group>")
    return "\n\n".join(
        [
            "## Range map { #range-map }",
            f"Each bar is one range, drawn to scale: a tick is a code in use, a shaded block a sub-range. {command} prints the next free code of a group.",
            f'<figure class="errcat-rangemap-figure">\n{svg}\n</figure>',
        ]
    )


def _code_table(api: Api, codes: list, depth: int, with_group: bool = True) -> str:
    headers = ["Code", "Title", *(["HTTP"] if api.has_http else []), *(["Group"] if with_group else [])]
    rows = []
    for code in codes:
        row = [md.link(code.code, code_link(api.slug, code.code, depth)), md.cell(code.title)]
        if api.has_http:
            row.append(md.cell(code.http_status))
        if with_group:
            group = api.groups.get(code.group or "")
            row.append(md.link(group.title, api_link(api, "groups", depth, f"g-{group.id}")) if group else md.EM_DASH)
        rows.append(row)
    return md.table(headers, rows)


def codes(api: Api) -> str:
    return page(
        f"{api.title}: all codes",
        f"# {md.line(api.title)}: all codes",
        _nav_line(api, PAGE_DEPTH),
        f"{len(api.codes)} codes.",
        _code_table(api, list(api.codes.values()), PAGE_DEPTH),
    )


def behaviours(api: Api) -> str:
    """The frontend behaviour matrix and what drives it (:mod:`errcat.render.matrix`)."""
    return page(
        f"{api.title}: client behaviours",
        f"# {md.line(api.title)}: client behaviours",
        _nav_line(api, PAGE_DEPTH),
        *matrix.sections(api),
    )


def _change_table(api: Api, codes: list) -> str:
    rows = []
    for code in codes:
        replaced = code.lifecycle.replaced_by
        rows.append((
            md.link(code.code, code_link(api.slug, code.code, PAGE_DEPTH)),
            md.cell(code.title),
            md.link(replaced, code_link(api.slug, replaced, PAGE_DEPTH)) if replaced else md.EM_DASH,
        ))
    return md.table(("Code", "Title", "Replaced by"), rows)


def changelog(api: Api) -> str:
    """Added, deprecated and removed codes per version, newest first, from the catalog's lifecycle fields."""
    sections = []
    for release in lifecycle.releases(api):
        sections.append(f"## {md.line(release.version)}")
        if release.added:
            sections += [f"### Added ({len(release.added)})", _code_table(api, release.added, PAGE_DEPTH)]
        for heading, changed in (("Deprecated", release.deprecated), ("Removed", release.removed)):
            if changed:
                sections += [f"### {heading} ({len(changed)})", _change_table(api, changed)]
    renames = lifecycle.renames(api)
    if renames:
        rows = ((md.code(old), md.link(code.code, code_link(api.slug, code.code, PAGE_DEPTH))) for old, code in renames)
        sections += ["## Renamed codes", "The old address of each keeps working: it forwards to the new page.",
                     md.table(("Old code", "Now"), rows)]
    retired = lifecycle.retired_without_version(api)
    if retired:
        sections += ["## No longer emitted", "The catalog records no version for when these codes stopped.",
                     _code_table(api, retired, PAGE_DEPTH)]
    internal = lifecycle.internal(api)
    if internal:
        sections += ["## Internal codes", "Documented, but not meant to reach users.", _code_table(api, internal, PAGE_DEPTH)]
    unversioned = lifecycle.unversioned(api)
    if unversioned:
        sections += ["## No version recorded", "These codes give no `lifecycle.since` (and the API no `since`).",
                     _code_table(api, unversioned, PAGE_DEPTH)]
    return page(
        f"{api.title}: changelog",
        f"# {md.line(api.title)}: changelog",
        _nav_line(api, PAGE_DEPTH),
        "Generated from the catalog's lifecycle fields. Codes are never deleted or reused: deprecated and "
        "removed codes keep their pages, and a renamed code's old address forwards to its new page.",
        *sections,
    )


def flow(api: Api) -> str:
    rows = (
        (
            *([md.cell(status_text(b.status))] if api.has_http else []),
            ", ".join(md.code(c.code) for c in b.codes),
            md.link(api.behaviours[b.behaviour].title, api_link(api, "behaviours", PAGE_DEPTH, f"b-{b.behaviour}")),
            md.cell(api.behaviours[b.behaviour].description),
        )
        for b in client_flow.branches(api)
    )
    return page(
        f"{api.title}: client flow",
        f"# {md.line(api.title)}: client flow",
        _nav_line(api, PAGE_DEPTH),
        (f"How a client should branch on a response: the HTTP status, then the code in {md.code(api.convention.code_path)}, "
         if api.has_http else f"How a client should branch on a result: the code ({code_location(api)}), ")
        + "then the behaviour that code calls for, which ends in what the user sees. "
        "A dotted arrow is the fallback for a code the client does not know "
        f"(see [unknown codes]({api_link(api, 'behaviours', PAGE_DEPTH, 'unknown-codes')})).",
        md.code_block(client_flow.client_flow(api), "mermaid"),
        "## Every branch",
        md.table((*(["HTTP status"] if api.has_http else []), "Codes", "Client behaviour", "What the user sees"), rows),
    )


def operations(api: Api) -> str:
    """From operation to codes (:mod:`errcat.render.operations`); only for APIs that declare operations."""
    return page(f"{api.title}: operations", f"# {md.line(api.title)}: operations", _nav_line(api, PAGE_DEPTH), *api_operations.sections(api))


def client(api: Api) -> str:
    return page(f"{api.title}: {client_page.TITLE}", f"# {client_page.TITLE}", _nav_line(api, PAGE_DEPTH), client_page.body(api))


# Pages an API gets besides its overview, by the reserved name in urls.API_PAGES and in its
# order, which the sidebar and each page's link line follow (pages_of leaves out those it lacks).
API_PAGE_RENDERERS = {"codes": codes, "groups": groups, "behaviours": behaviours, "client": client, "changelog": changelog, "flow": flow, "operations": operations}
# Pages only some APIs have: name -> whether ``api`` has it. An API without their content gets no empty page.
ONLY_WHEN = {"client": client_page.has_page, "operations": api_operations.has_page}


def pages_of(api: Api) -> dict[str, Callable[[Api], str]]:
    """The pages ``api`` has besides its overview, by name, in navigation order."""
    return {name: render for name, render in API_PAGE_RENDERERS.items() if name not in ONLY_WHEN or ONLY_WHEN[name](api)}


def _envelope_example(api: Api) -> tuple[str, str]:
    """The envelope as a client receives it, filled in for one code: every value has the type the field table
    gives (``"status": "{status}"`` is shown as the number it becomes, never as a string)."""
    shape = "Every error response has this shape" if api.has_http else "Every error carries this shape"
    sample = next((c for c in api.codes.values() if c.example is None), None)
    if sample is None:
        return f"{shape} (placeholders in braces are filled per code):", md.json_block(api.convention.envelope)
    body = envelope.example_response(api, sample, links.doc_url(api, sample.code, site_url="/"))
    return f"{shape}; the values differ per code (these are {md.code(sample.code)}'s):", md.json_block(body)


def api_table(catalog: Catalog, from_depth: int = 0) -> str:
    """The home page's table of APIs."""
    rows = []
    for api in catalog.apis.values():
        conv = api.convention
        status = str(conv.fixed_http_status) + " always" if conv.fixed_http_status is not None else "per code" if api.has_http else NO_STATUS
        rows.append(
            (
                md.link(api.title, api_link(api, None, from_depth)),
                md.cell(api.summary),
                md.code(conv.code_path),
                md.cell(conv.code_format),
                md.cell(status),
                md.link(str(len(api.codes)), api_link(api, "codes", from_depth)),
            )
        )
    return md.table(("API", "About", "Code field", "Code format", "HTTP status", "Codes"), rows)
