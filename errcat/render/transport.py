"""Words about how an API carries its codes, shared by the pages that must not assume JSON over HTTP.

Kept below the page renderers (it imports only md), so the code page, the behaviours page and the
API pages can all say where the code travels without importing one another.
"""

from __future__ import annotations

from ..model import Api
from . import md


def code_location(api: Api) -> str:
    """Where the code travels, as Markdown: "`error.code` in the body", or "the `grpc-status` trailer"."""
    carrier = api.convention.code_carrier
    if carrier is not None:
        return f"the {md.code(carrier[1])} {carrier[0]}"
    return f"{md.code(api.convention.code_path)} in the body"
