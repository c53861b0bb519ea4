"""Words about how an API carries its codes, shared by the pages that must not assume JSON over HTTP.

Kept below the page renderers (it imports only md), so the code page, the behaviours page and the
API pages can all say where the code travels without importing one another.
"""

from __future__ import annotations

from ..model import Api, Convention
from . import md


def code_location(conv: Convention) -> str:
    """Where the code travels in one envelope, as Markdown: "`error.code` in the body", or "the `grpc-status` trailer"."""
    carrier = conv.code_carrier
    if carrier is not None:
        return f"the {md.code(carrier[1])} {carrier[0]}"
    return f"{md.code(conv.code_path)} in the body"


def envelope_anchor(conv: Convention) -> str:
    """The id of a named envelope's section on its API's overview page; code pages link there."""
    return f"envelope-{conv.name}"


def code_locations(api: Api) -> str:
    """Where the code travels in each of the API's envelopes: one place, or each envelope's named by its title."""
    if len(api.conventions) == 1:
        return code_location(api.convention)
    return " or ".join(f"{code_location(conv)} ({md.line(conv.title or conv.name)})" for conv in api.conventions)
