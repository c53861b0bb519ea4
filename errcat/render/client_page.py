"""An API's client page, ``/<api>/client/``: the helper every code's branch plugs into, shown once.

A code page shows only its code's branch (:mod:`.client_code`); sending the request, reading the
API's error envelope, waiting (``Retry-After``, else exponential backoff) and sending again live
here, in the same three languages, so a reader copies them once per API.
"""

from __future__ import annotations

from ..model import Api
from ..snippets import helper_snippets
from ..snippets.naming import camel
from ..snippets.plan import HELPERS
from . import md
from .client_code import tabs
from .handling import SEARCH_EXCLUDED

TITLE = "Client helper"

_HOW = """\
Your app sends every request through `callApi` (`call_api` in Python). The helper sends it with the
access token and reads the response: when the body carries a code that has a branch, the branch
decides; any other response goes to your app's `handleOtherResponse`. A branch returns what the
call should return, or *again*: send the request once more after a wait (`retryDelay` waits as
long as the response's `Retry-After` header asks, in seconds, else 0.5 s, 1 s, 2 s, ...), or with a
changed request (a change made on the reloaded resource).

Each code's page shows its branch; register the branches your app handles once, at startup."""


def has_page(api: Api) -> bool:
    """An API that lists no snippet languages (errcat's HTTP clients cannot speak its transport) gets no client page."""
    return bool(api.snippet_languages)


def body(api: Api) -> str:
    """The page's blocks after its title: how the helper works, the helper in tabs, the app's functions."""
    rows = ((md.code(camel(name)), md.cell(does)) for name, does in HELPERS.items())
    return md.join(
        _HOW,
        f"## The helper {SEARCH_EXCLUDED}",
        tabs([s for s in helper_snippets(api) if s.label.lower() in api.snippet_languages]),
        "## What your app provides",
        "The helper and the branches call these functions of your app (as TypeScript and Dart name them; Python spells them in snake_case):",
        md.table(("Function", "What it does"), rows),
    )
