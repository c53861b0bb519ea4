"""Client snippets for a code page: TypeScript, Python and Dart that implement the code's handling, and curl.

Every snippet follows the API's own convention (where the code, message, params and flags sit) and
the code's behaviour (see :mod:`.plan`). Templates are rendered once per shape and language; a page
only fills in its escaped literals, so thousands of code pages cost little more than one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import envelope
from ..model import Api, Code
from . import curl, dart, literals, python, typescript
from .plan import Plan, plan_for

LANGUAGES = (typescript, python, dart)


@dataclass(frozen=True, slots=True)
class Snippet:
    label: str  # the tab title, identical on every page so tab choice follows across pages
    lexer: str  # the fence's language, for highlighting
    text: str


def code_snippet(language, plan: Plan) -> str:
    """One language's snippet for ``plan``: its cached template with the escaped literals filled in."""
    strings = language.DIALECT.strings
    values = {
        "CODE": str(plan.code) if isinstance(plan.code, int) else strings.literal(plan.code),
        "MESSAGE": strings.literal(plan.message),
        "STATUS": str(plan.status),
        "SUMMARY": plan.summary,
    }
    return literals.fill(language.template(plan.shape), values)


def client_snippets(api: Api, code: Code, doc_url: str) -> list[Snippet]:
    """The snippets of one code page, in tab order."""
    plan = plan_for(api, code)
    out = [Snippet(lang.LABEL, lang.LEXER, code_snippet(lang, plan)) for lang in LANGUAGES]
    body = envelope.example_response(api, code, doc_url)
    out.append(Snippet(curl.LABEL, curl.LEXER, curl.session(api, code, body)))
    return out
