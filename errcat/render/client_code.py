"""The "Client code" section of a code page: this code's branch in content tabs, and what to log.

The shared part (send, read the envelope, wait and resend) is the API's client helper, shown once
on its client page (:mod:`.client_page`); a code page shows only the branch that registers for the
code. Tab labels are fixed words, the same on every page, so mkdocs-material's linked tabs keep the
reader's language as they move between codes. Snippet text only ever enters a fenced block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import urls
from ..model import Api, Code
from ..snippets import Snippet, client_snippets
from . import md
from .handling import SEARCH_EXCLUDED, log_advice

if TYPE_CHECKING:  # code_page imports this module for its SECTIONS
    from .code_page import SiteContext

CODE_DEPTH = 2  # <api>/<code>/index.md


def tabs(snippets: list[Snippet]) -> str:
    """pymdownx.tabbed blocks (alternate style), one tab per snippet."""
    return "\n\n".join(f'=== "{s.label}"\n\n' + md.code_block(s.text, s.lexer, indent="    ") for s in snippets)


def client_code(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """The tabs of the languages the API shows (none for a transport errcat's HTTP snippets cannot speak)."""
    if code.behaviour not in api.behaviours:
        return None
    shown = [s for s in client_snippets(api, code) if s.label.lower() in api.snippet_languages]
    log = f"**Log:** {log_advice(api, code)}"
    if not shown:  # no client page either: only the log line is left to say
        return log
    helper = "../" * CODE_DEPTH + urls.api_page_source(api.slug, "client")
    intro = (
        f"This code's branch. Your app sends every request through `callApi` of the {md.link('client helper', helper)}, "
        "which runs the branch registered for the response's code; the functions the comment names are your app's own."
    )
    return "\n\n".join([f"## Client code {SEARCH_EXCLUDED}", intro, tabs(shown), log])
