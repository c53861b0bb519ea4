"""The link contract per API, for the hand-written contract page: where each API's responses carry the link.

A pure function of the model; the example links come from :func:`errcat.links.doc_url`, so the page
shows exactly what backends produce.
"""

from __future__ import annotations

from .. import links
from ..envelope import example_params
from ..model import Catalog
from . import md
from .code_page import api_link

_SCALARS = ("string", "integer", "number", "boolean")
HEADER_CARRIER = f'header `{links.LINK_HEADER}: <url>; rel="help"`'


def link_table(catalog: Catalog, from_depth: int = 0) -> str:
    """One row per API: the field (or header) carrying the link, the URL pattern, and a real example path."""
    rows = []
    for api in catalog.apis.values():
        carriers = (f"body field {md.code(c.doc_url_field)}" if c.doc_url_field else HEADER_CARRIER for c in api.conventions)
        carrier = " or ".join(dict.fromkeys(carriers))  # each envelope's, said once
        codes = list(api.codes.values())
        if not codes:
            example = md.EM_DASH
        else:
            # A code with simple params shows the query form; otherwise the plain URL of the first code.
            sample = next((c for c in codes if c.params and all(p.type in _SCALARS for p in c.params)), codes[0])
            params = example_params(sample) if all(p.type in _SCALARS for p in sample.params) else {}
            example = md.code(links.link(api, sample.code, params, site_url="/"))
        rows.append((
            md.link(api.title, api_link(api, None, from_depth)),
            carrier,
            md.code(f"{{site}}/{api.slug}/{{code}}/"),
            example,
        ))
    return md.table(("API", "Link carried in", "URL pattern", "Example (path part)"), rows)
