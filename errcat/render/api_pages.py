"""Per-API pages (overview, groups, code index, behaviours) and the list of APIs.

Pure functions of the model returning markdown. Links are relative ``.md`` paths so mkdocs checks
every one of them under ``--strict``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from .. import envelope, lifecycle, links, urls
from ..groups import group_counts, group_depths, range_text
from ..model import Api, Catalog, Convention, Group
from . import flow as client_flow
from . import client_page, explanation, matrix, md
from . import operations as api_operations
from .code_page import api_link, code_link, status_text
from .transport import code_locations, envelope_anchor


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
    with_when = any(s.when for s in conv.statuses)  # a column nobody filled in says nothing
    headers = ("Status", "Meaning", *(["When used"] if with_when else []))
    rows = ((md.cell(status_text(s.status)), md.cell(s.meaning), *([md.cell(s.when or "")] if with_when else [])) for s in conv.statuses)
    return lead + "\n\n" + md.table(headers, rows)


def group_list(api: Api, depth: int) -> str | None:
    """The API's groups with how many codes each holds, each linking to its codes on the groups page."""
    if not api.groups:
        return None
    counts = group_counts(api)
    rows = (
        (
            group_indent(level) + md.link(group.title, api_link(api, "groups", depth, f"g-{group.id}")),
            md.cell(group.meaning),
            md.cell(counts[group.id]),
        )
        for group, level in group_depths(api)
    )
    return "## Groups\n\n" + md.table(("Group", "Meaning", "Codes"), rows)


def _wire_facts(api: Api, conv: Convention) -> list[tuple[str, str | None]]:
    """The facts of one envelope: its media type and where its code, message and doc link sit."""
    return [
        ("Content type", md.code(conv.content_type) if conv.content_type else None),
        ("Code field", md.code(conv.code_path)),
        ("Message field", md.code(conv.message_path) if conv.message_path else None),
        ("Doc link field", md.code(conv.doc_url_field) if conv.doc_url_field else None),
        ("Problem type", md.code(conv.problem_type_base + urls.code_url(api.slug, "{code}")) if conv.problem_type_base else None),
    ]


def _facts_table(facts: list[tuple[str, str | None]]) -> str:
    return md.table(("Property", "Value"), ((k, v) for k, v in facts if v))


def _envelope_sections(api: Api) -> list[str | None]:
    """The envelope, or each named envelope with its facts, the codes that use it, its example and its fields."""
    if not api.envelopes:
        return ["### Envelope", *_envelope_example(api, api.convention), _field_table(api.convention)]
    used = Counter(api.convention_of(code).name for code in api.codes.values())
    out: list[str | None] = []
    for conv in api.conventions:
        default = " (the default)" if conv.name == api.convention.name else ""
        out += [
            f"### {md.line(conv.title or conv.name)} {{ #{envelope_anchor(conv)} }}",
            f"Envelope {md.code(conv.name)}{default}, used by {used[conv.name]} code{'' if used[conv.name] == 1 else 's'}.",
            _facts_table(_wire_facts(api, conv)),
            *_envelope_example(api, conv),
            _field_table(conv),
        ]
    return out


def _field_table(conv: Convention) -> str:
    return md.table(("Field", "Type", "Meaning"), ((md.code(f.path), md.cell(f.type), md.cell(f.meaning)) for f in conv.fields))


def overview(api: Api) -> str:
    conv = api.convention
    wire = _wire_facts(api, conv) if not api.envelopes else []  # several envelopes: each has its own table
    facts = [
        ("Transport", md.cell(api.transport) if not api.has_http else None),
        *wire[:2],
        ("Code format", md.cell(conv.code_format)),
        ("Code pattern", md.code(conv.code_pattern)),
        *wire[2:],
        ("Codes", md.link(str(len(api.codes)), api_link(api, "codes", API_DEPTH))),
    ]
    notes = [*conv.notes, *api.notes]
    return page(
        api.title,
        f"# {md.line(api.title)}",
        md.text(api.summary),
        _nav_line(api, API_DEPTH),
        explanation.block(api, api.explanation, 2),
        group_list(api, API_DEPTH),
        "## Error convention",
        _facts_table(facts),
        *_envelope_sections(api),
        status_section(api),
        "### Parsing order" if conv.parsing_order else None,
        md.bullets(conv.parsing_order, ordered=True) if conv.parsing_order else None,
        "### Notes" if notes else None,
        md.bullets(notes) if notes else None,
    )


def _range(group: Group) -> str:
    """A group's range for a table cell or a line, its dashes as entities (render/md.py says why)."""
    return range_text(group, dash=md.EN_DASH, none=md.EM_DASH)


# Subgroups are indented this many levels at most; deeper ones say their level instead. Indenting
# each row by its full depth made a chain of 2,000 nested groups a 49 MB page (quadratic).
MAX_INDENT = 6


def group_indent(depth: int) -> str:
    """The indentation of a groups-table row: one step per level, up to MAX_INDENT, then the level as text."""
    steps = "&emsp;" * min(depth, MAX_INDENT)  # one entity per level: the page stays the size of a flat one
    return steps + (f"(level {depth}) " if depth > MAX_INDENT else "")


def groups(api: Api) -> str:
    """Each group with its range, meaning and codes; numbering and capacity are on the maintainers' page."""
    counts = group_counts(api)
    has_ranges = any(g.range or g.class_prefix for g in api.groups.values())
    headers = ["Group", *(["Range"] if has_ranges else []), "Meaning", "Codes"]
    rows = []
    for group, depth in group_depths(api):
        row = [group_indent(depth) + md.link(group.title, f"#g-{group.id}")]
        if has_ranges:
            row.append(_range(group))
        rows.append([*row, md.cell(group.meaning), md.cell(counts[group.id])])
    by_group: dict[str, list] = {}
    for code in api.codes.values():
        by_group.setdefault(code.group or "", []).append(code)
    sections = []
    for group, _depth in group_depths(api):
        own = by_group.get(group.id, [])
        body = [f"## {md.line(group.title)} {{ #g-{group.id} }}", md.text(group.meaning)]
        body.append(explanation.block(api, group.explanation, 3, f"g-{group.id}") or "")
        if group.range_text:
            body.append(f"Range: {_range(group)}")
        if own:  # a group with only subgroups shows their codes under them (the table above gives its count)
            body.append(code_table(api, own, PAGE_DEPTH, with_group=False))
        sections.append("\n\n".join(body))
    ungrouped = by_group.get("", [])
    if ungrouped:
        sections.append("## Codes without a group\n\n" + code_table(api, ungrouped, PAGE_DEPTH, with_group=False))
    return page(
        f"{api.title}: groups",
        f"# {md.line(api.title)}: groups",
        _nav_line(api, PAGE_DEPTH),
        md.table(headers, rows),
        *sections,
    )


def statuses_vary(api: Api) -> bool:
    """True when the API's codes come with more than one HTTP status, so a status column says something."""
    return len({code.http_status for code in api.codes.values()}) > 1


def unindexed(table: str) -> str:
    """A table of codes, out of the search index: each code is found on its own page, and a listing of
    thousands of rows would make one search field larger than Zensical's index takes."""
    return f'<div class="errcat-listing" data-search-exclude markdown="1">\n\n{table}\n\n</div>'


def code_table(api: Api, codes: list, depth: int, with_group: bool = True, with_meaning: bool = False) -> str:
    """Codes as a table: code, title (with the meaning under it), the HTTP status where it varies, the group."""
    with_status = statuses_vary(api)
    with_group = with_group and bool(api.groups)
    headers = ["Code", "Title" + (" and meaning" if with_meaning else ""), *(["HTTP"] if with_status else []), *(["Group"] if with_group else [])]
    rows = []
    for code in codes:
        title = f"**{md.cell(code.title)}**<br>{md.cell(code.meaning)}" if with_meaning else md.cell(code.title)
        row = [md.identifier_link(code.code, code_link(api.slug, code.code, depth)), title]
        if with_status:
            row.append(md.cell(code.http_status))
        if with_group:
            group = api.groups.get(code.group or "")
            row.append(md.link(group.title, api_link(api, "groups", depth, f"g-{group.id}")) if group else md.EM_DASH)
        rows.append(row)
    return unindexed(md.table(headers, rows))


def codes(api: Api) -> str:
    return page(
        f"{api.title}: all codes",
        f"# {md.line(api.title)}: all codes",
        _nav_line(api, PAGE_DEPTH),
        f"All {len(api.codes)} codes with what each means; a code's page says what to do about it.",
        matrix.filter_box("code, title or words of its meaning"),
        # The class lets a phone show each row as a card (errcat.css) instead of a table scrolling sideways.
        '<div class="errcat-codes" markdown="1">',
        code_table(api, list(api.codes.values()), PAGE_DEPTH, with_meaning=True),
        "</div>",
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
    return unindexed(md.table(("Code", "Title", "Replaced by"), rows))


def changelog(api: Api) -> str:
    """Changes per version, newest first, from the catalog's lifecycle fields.

    The first release adds every code there was: listing them again would repeat the code index, so it
    is one line with a count; later additions, deprecations, removals and renames are listed in full.
    """
    sections = []
    found = lifecycle.releases(api)
    for number, release in enumerate(found):
        sections.append(f"## {md.line(release.version)}")
        if release.added and number == len(found) - 1:
            sections.append(f"{len(release.added)} codes first published (see {md.link('all codes', api_link(api, 'codes', PAGE_DEPTH))}).")
        elif release.added:
            sections += [f"### Added ({len(release.added)})", code_table(api, release.added, PAGE_DEPTH)]
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
                     code_table(api, retired, PAGE_DEPTH)]
    internal = lifecycle.internal(api)
    if internal:
        sections += ["## Internal codes", "Documented, but not meant to reach users.", code_table(api, internal, PAGE_DEPTH)]
    unversioned = lifecycle.unversioned(api)
    if unversioned:
        sections += ["## No version recorded", "These codes give no `lifecycle.since` (and the API no `since`).",
                     code_table(api, unversioned, PAGE_DEPTH)]
    return page(
        f"{api.title}: changelog",
        f"# {md.line(api.title)}: changelog",
        _nav_line(api, PAGE_DEPTH),
        "Codes are never deleted or reused: deprecated and removed codes keep their pages, and a renamed "
        "code's old address forwards to its new page.",
        *sections,
    )


def flow(api: Api) -> str:
    """The client flow: one branch per behaviour, drawn at build time (:mod:`errcat.render.flow`)."""
    with_status = statuses_vary(api)
    rows = []
    for branch in client_flow.behaviour_branches(api):
        behaviour = api.behaviours[branch.behaviour]
        rows.append((
            md.link(behaviour.title, api_link(api, "behaviours", PAGE_DEPTH, f"b-{behaviour.id}")),
            md.cell(behaviour.description),
            *([md.cell(", ".join(str(s) for s in branch.statuses))] if with_status else []),
            ", ".join(md.link(c.code, code_link(api.slug, c.code, PAGE_DEPTH)) for c in branch.codes) or md.EM_DASH,
        ))
    headers = ("Client behaviour", "What the user sees", *(["HTTP status"] if with_status else []), "Codes")
    return page(
        f"{api.title}: client flow",
        f"# {md.line(api.title)}: client flow",
        _nav_line(api, PAGE_DEPTH),
        (f"How a client branches on a response: read the code in {md.code(api.convention.code_path)}, do what its "
         if api.has_http else f"How a client branches on a result: read the code ({code_locations(api)}), do what its ")
        +
        "behaviour says, and the user sees the result. A code the client does not know takes the dashed branch "
        f"(see [unknown codes]({api_link(api, 'behaviours', PAGE_DEPTH, 'unknown-codes')})).",
        f'<figure class="errcat-flow-figure">\n{client_flow.flow_svg(api)}\n</figure>',
        "## Every branch",
        md.table(headers, rows),
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
ONLY_WHEN: dict[str, Callable[[Api], bool]] = {
    "groups": lambda api: bool(api.groups),
    "client": client_page.has_page,
    "operations": api_operations.has_page,
}


def pages_of(api: Api) -> dict[str, Callable[[Api], str]]:
    """The pages ``api`` has besides its overview, by name, in navigation order."""
    return {name: render for name, render in API_PAGE_RENDERERS.items() if name not in ONLY_WHEN or ONLY_WHEN[name](api)}


def _envelope_example(api: Api, conv: Convention) -> tuple[str, str]:
    """The envelope as a client receives it, filled in for one of its codes: every value has the type the field
    table gives (``"status": "{status}"`` is shown as the number it becomes, never as a string)."""
    if api.envelopes:
        shape = "Its codes' responses have this shape" if api.has_http else "Its codes carry this shape"
    else:
        shape = "Every error response has this shape" if api.has_http else "Every error carries this shape"
    sample = next((c for c in api.codes.values() if c.example is None and api.convention_of(c).name == conv.name), None)
    if sample is None:
        return f"{shape} (placeholders in braces are filled per code):", md.json_block(conv.envelope)
    body = envelope.example_response(api, sample, links.doc_url(api, sample.code, site_url="/"))
    return f"{shape}; the values differ per code (these are {md.code(sample.code)}'s):", md.json_block(body)


def api_table(catalog: Catalog, from_depth: int = 0) -> str:
    """The home page's table of APIs: what each is and how many codes it has (its overview says the rest)."""
    rows = (
        (
            md.link(api.title, api_link(api, None, from_depth)),
            md.cell(api.summary),
            md.link(str(len(api.codes)), api_link(api, "codes", from_depth)),
        )
        for api in catalog.apis.values()
    )
    return md.table(("API", "About", "Codes"), rows)
