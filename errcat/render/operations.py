"""Operations on the site: a code page's "Returned by" section and an API's page from operation to codes.

Pure functions of the model returning markdown. Only APIs that declare operations have the page
(:func:`has_page`), so an API without them gets no empty page and no navigation entry.

The code page imports this module for its section, so it builds its few links from :mod:`errcat.urls`
itself rather than importing the code page's helpers back (a cycle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import envelope, urls
from .. import operations as ops
from ..model import Api, Code, Operation
from . import md

if TYPE_CHECKING:
    from .code_page import SiteContext

PAGE = "operations"  # its name in urls.API_PAGES
_UP = "../../"  # from a code page (<api>/<code>/index.md) or this page (<api>/operations/index.md) to the docs root


def anchor(operation: Operation) -> str:
    """The operation's anchor on the operations page (operationIds are identifiers, so it is a valid id)."""
    return f"op-{operation.id}"


def has_page(api: Api) -> bool:
    return bool(api.operations)


def returned_by(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """The operations that return ``code``, each linked to its entry on the API's operations page."""
    if not code.operations:
        return None
    rows = (
        (md.link(api.operations[op_id].label, f"{_UP}{urls.api_page_source(api.slug, PAGE)}#{anchor(api.operations[op_id])}"),
         md.code(op_id), md.cell(api.operations[op_id].summary))
        for op_id in code.operations
    )
    return "## Returned by\n\n" + md.table(("Operation", "operationId", "Summary"), rows)


def sections(api: Api) -> list[str]:
    """The operations page below its title: every operation, then the codes each returns by HTTP status."""
    returned = ops.by_operation(api.operations, api.codes.values())
    overview = (
        (md.link(op.label, f"#{anchor(op)}"), md.code(op.id), md.cell(op.summary), md.cell(len(returned[op.id])))
        for op in api.operations.values()
    )
    out = [
        "The requests of this API that the catalog says return error codes, and the codes each returns. "
        f"{md.code('python -m errcat export --format openapi')} writes them as the error responses of an OpenAPI document.",
        md.table(("Operation", "operationId", "Summary", "Codes"), overview),
    ]
    for op in api.operations.values():
        rows = (
            (md.cell(f"{code.http_status} {envelope.status_title(code.http_status)}"),
             md.link(code.code, _UP + urls.code_page_source(api.slug, code.code)), md.cell(code.title))
            for code in sorted(returned[op.id], key=lambda c: c.http_status)
        )
        out += [
            f"## {md.code(op.label)} {{ #{anchor(op)} }}",
            f"operationId {md.code(op.id)}: {md.text(op.summary)}",
            md.table(("HTTP status", "Code", "Title"), rows),
        ]
    return out
