"""The "Client code" section of a code page: the snippets in content tabs.

Tab labels are fixed words, the same on every page, so mkdocs-material's linked tabs keep the
reader's language as they move between codes. Snippet text only ever enters a fenced block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import links
from ..model import Api, Code
from ..snippets import client_snippets
from . import md
from .handling import SEARCH_EXCLUDED

if TYPE_CHECKING:  # code_page imports this module for its SECTIONS
    from .code_page import SiteContext

INTRO = (
    "Each snippet calls the API, recognises this code the way the API's convention says and does what "
    "its behaviour says; the functions its second line names are your app's own."
)


def tabs(snippets) -> str:
    """pymdownx.tabbed blocks (alternate style), one tab per snippet."""
    return "\n\n".join(f'=== "{s.label}"\n\n' + md.code_block(s.text, s.lexer, indent="    ") for s in snippets)


def client_code(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """The tabs of the languages the API shows (none for a transport errcat's HTTP snippets cannot speak)."""
    if code.behaviour not in api.behaviours or not api.snippet_languages:
        return None
    doc_url = links.doc_url(api, code.code, site_url=ctx.base_url)  # as in the example response below
    shown = [s for s in client_snippets(api, code, doc_url) if s.label.lower() in api.snippet_languages]
    return "\n\n".join([f"## Client code {SEARCH_EXCLUDED}", INTRO, tabs(shown)])
