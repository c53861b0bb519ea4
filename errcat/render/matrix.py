"""The frontend behaviour matrix of one API: what a client does for each code, and how it gets there.

The behaviours page (``/<api>/behaviours/``) opens with the matrix, since that is what people come
to scan: the codes grouped by behaviour (one heading row per behaviour, so no column of check marks),
with only the columns that vary in this API, a header that stays in view while the page scrolls and
a filter box. Then each behaviour with its ``b-<id>`` anchor (code pages link to it), the frontend
settings that drive them (the same lines ``python -m errcat export`` writes to ``frontend.env``),
the order in which a client reads a response and the fallback for a code the client does not know.
The page grows by one row per code, never more.

The matrix is an HTML table (a markdown table has no row groups and gets wrapped in a scrolling box,
which would stop its header from sticking); its catalog text is HTML-escaped, its links are built
by errcat.
"""

from __future__ import annotations

import html
from collections import Counter
from urllib.parse import quote

from ..exports.dotenv import env_lines
from ..retries import TRANSIENT_STATUSES
from ..model import Api, Code
from . import md
from .code_page import status_text
from .handling import retry_fact
from .transport import code_locations

PAGE_DEPTH = 2  # <api>/behaviours/index.md


def _anchor(behaviour_id: str) -> str:
    return f"#b-{behaviour_id}"


def behaviour_sections(api: Api) -> str:
    """Each behaviour: what it does, and one line of facts (no table per behaviour)."""
    uses = Counter(code.behaviour for code in api.codes.values())
    sections = []
    for b in api.behaviours.values():
        facts = [f"Action {md.code(b.action)}", f"{uses[b.id]} code{'' if uses[b.id] == 1 else 's'}"]
        if b.frontend_config:
            facts.append(f"setting {md.code(b.frontend_config)}")
        if b.id == api.default_behaviour:
            facts.append("the default: codes that name no behaviour get this one")
        sections.append("\n\n".join([f"### {md.line(b.title)} {{ #b-{b.id} }}", md.text(b.description), " · ".join(facts) + "."]))
    return "## Behaviours\n\n" + "\n\n".join(sections)


def frontend_config(api: Api) -> str | None:
    lines = env_lines(api)
    if not lines:
        return None
    return "\n\n".join(
        [
            "## Frontend configuration",
            "The frontend reads which codes trigger which behaviour from these settings. They are generated "
            "from the codes' behaviours: `python -m errcat export` writes them to `frontend.env`.",
            md.code_block("\n".join(lines), "bash"),
        ]
    )


def parsing_order(api: Api) -> str:
    conv = api.convention
    if conv.parsing_order:
        steps = md.bullets(conv.parsing_order, ordered=True)
    else:
        steps = f"Read the code ({code_locations(api)}), then act on its behaviour below."
    return "## Parsing order\n\nRead a response in this order:\n\n" + steps


def fallback_behaviour(api: Api, codes: list[Code]) -> str:
    """The behaviour every documented code with a status shares, else the API's default."""
    shared = {code.behaviour for code in codes}
    return shared.pop() if len(shared) == 1 else api.default_behaviour


def _behaviour_link(api: Api, behaviour_id: str) -> str:
    return md.link(api.behaviours[behaviour_id].title, _anchor(behaviour_id))


def unknown_codes(api: Api) -> str:
    conv = api.convention
    default = _behaviour_link(api, api.default_behaviour)
    head = "## Unknown codes\n\n"
    if not api.has_http:
        return head + f"A client that meets a code it does not know (a newer version, say) falls back to {default}."
    if conv.fixed_http_status is not None:
        return head + (
            f"Every response has HTTP status {md.cell(status_text(conv.fixed_http_status))}, so the status cannot tell "
            f"anything about a code the client does not know: fall back to {default}."
        )
    by_status: dict[int, list[Code]] = {s.status: [] for s in conv.statuses}
    for code in api.codes.values():
        by_status.setdefault(code.http_status, []).append(code)
    meanings = {s.status: s.meaning for s in conv.statuses}
    rows = [
        (
            md.cell(status_text(status)),
            md.cell(meanings.get(status, "")),
            md.cell(len(by_status[status])),
            _behaviour_link(api, fallback_behaviour(api, by_status[status])),
            "yes (transient status)" if status in TRANSIENT_STATUSES else "no",
        )
        for status in sorted(by_status)
    ]
    return head + "\n\n".join(
        [
            "A client that meets a code it does not know (a newer backend, say) falls back on the HTTP status: "
            "the behaviour every documented code with that status shares, otherwise the API's default.",
            md.table(("Status", "Meaning", "Documented codes", "Fallback", "Retrying may help"), rows),
            f"Any other status, or a body without a readable code: {default}.",
        ]
    )


def filter_box(what: str) -> str:
    """A search field that hides the rows of the table right after it that do not contain what is typed
    (errcat/mkdocs/theme/assets/errcat/filter.js). Hidden until that script shows it: without script the table is whole."""
    return (
        '<div class="errcat-filter" hidden><label>Filter '
        f'<input type="search" placeholder="{md.html_attribute(what)}" autocomplete="off" data-errcat-filter></label> '
        '<span class="errcat-filter-count" aria-live="polite"></span></div>'
    )


def _cell(value: object, label: str) -> str:
    """A matrix cell; ``label`` names the column where a phone shows rows as cards (errcat.css)."""
    return f'<td data-label="{html.escape(label, quote=True)}">{html.escape(md.xml_safe(value))}</td>'


def matrix(api: Api) -> str:
    """The matrix: codes grouped by behaviour, with the HTTP status and retry columns only where they vary."""
    codes = list(api.codes.values())
    with_status = len({c.http_status for c in codes}) > 1
    retry = {c.code: retry_fact(api, c) for c in codes}  # the plan's words, as on the code page; a success's is "—"
    with_retry = len(set(retry.values())) > 1
    headers = ["Code", "Title", *(["HTTP"] if with_status else []), *(["Retryable"] if with_retry else [])]
    head = "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in headers) + "</tr></thead>"
    groups = []
    for b in api.behaviours.values():
        own = [c for c in codes if c.behaviour == b.id]
        if not own:
            continue
        count = f"{len(own)} code{'' if len(own) == 1 else 's'}"
        rows = [
            f'<tr class="errcat-matrix-behaviour"><th colspan="{len(headers)}" scope="rowgroup">'
            f'<a href="{_anchor(b.id)}">{html.escape(md.xml_safe(b.title))}</a> <span>{count}</span></th></tr>'
        ]
        for c in own:
            url = html.escape(f"../{quote(c.code, safe='')}/", quote=True)
            cells = [f'<td data-label="Code"><a href="{url}"><code>{html.escape(md.xml_safe(c.code))}</code></a></td>', _cell(c.title, "Title")]
            if with_status:
                cells.append(_cell(status_text(c.http_status), "HTTP"))
            if with_retry:
                cells.append(f'<td data-label="Retryable">{retry[c.code]}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        groups.append("<tbody>" + "\n".join(rows) + "</tbody>")
    # Out of search, as every listing of codes is (api_pages.unindexed): each code has its page there.
    table = f'<table class="errcat-matrix" data-search-exclude>\n{head}\n' + "\n".join(groups) + "\n</table>"
    same = []
    if codes and not with_status and api.has_http:
        same.append(f"Every code comes with HTTP status {md.cell(status_text(codes[0].http_status))}.")
    if codes and not with_retry:
        same.append(f"Retryable for every code: {retry[codes[0].code]}.")
    return "\n\n".join(
        [
            "## Matrix",
            " ".join(["Every code under the behaviour it calls for.", *same]),
            filter_box("code or title"),
            table,
        ]
    )


def sections(api: Api) -> list[str | None]:
    """The behaviours page's sections, in reading order: the matrix first."""
    return [matrix(api), behaviour_sections(api), frontend_config(api), parsing_order(api), unknown_codes(api)]
