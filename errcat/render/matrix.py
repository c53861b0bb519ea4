"""The frontend behaviour matrix of one API: what a client does for each code, and how it gets there.

The behaviours page (``/<api>/behaviours/``) is made of these sections: each behaviour with its
``b-<id>`` anchor (code pages link to it), the frontend settings that drive them (the same lines
``python -m errcat export`` writes to ``frontend.env``), the order in which a client reads a
response, the fallback for a code the client does not know, and the matrix itself: one row per
code, one column per behaviour. The page grows by one row per code, never more.
"""

from __future__ import annotations

from collections import Counter

from ..exports.dotenv import env_lines
from ..retries import TRANSIENT_STATUSES
from ..model import Api, Code
from . import md
from .code_page import code_link, status_text
from .handling import retry_fact
from .transport import code_location

PAGE_DEPTH = 2  # <api>/behaviours/index.md


def _anchor(behaviour_id: str) -> str:
    return f"#b-{behaviour_id}"


def behaviour_sections(api: Api) -> str:
    uses = Counter(code.behaviour for code in api.codes.values())
    sections = []
    for b in api.behaviours.values():
        facts = [("Action", md.code(b.action)), ("Codes", md.cell(uses[b.id]))]
        if b.frontend_config:
            facts.append(("Frontend setting", md.code(b.frontend_config)))
        if b.id == api.default_behaviour:
            facts.append(("Default", md.cell("yes: codes that name no behaviour get this one")))
        sections.append(
            "\n\n".join([f"### {md.line(b.title)} {{ #b-{b.id} }}", md.text(b.description), md.table(("Property", "Value"), facts)])
        )
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
        steps = f"Read the code ({code_location(api)}), then act on its behaviour below."
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


def matrix(api: Api) -> str:
    behaviours = list(api.behaviours.values())
    headers = ["Code", "Title", *(["HTTP"] if api.has_http else []), *(md.link(b.title, _anchor(b.id)) for b in behaviours), "Retryable"]
    rows = (
        [
            md.link(code.code, code_link(api.slug, code.code, PAGE_DEPTH)),
            md.cell(code.title),
            *([md.cell(code.http_status)] if api.has_http else []),
            *(md.CHECK_MARK if code.behaviour == b.id else "" for b in behaviours),
            retry_fact(api, code),
        ]
        for code in api.codes.values()
    )
    return "## Matrix\n\nOne row per code, one column per behaviour.\n\n" + md.table(headers, rows)


def sections(api: Api) -> list[str | None]:
    """The behaviours page's sections, in reading order."""
    return [behaviour_sections(api), frontend_config(api), parsing_order(api), unknown_codes(api), matrix(api)]
