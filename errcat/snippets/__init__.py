"""Client snippets: per API a client helper, per code the branch that handles it, in three languages.

Every snippet follows the API's own convention (where the code, message, params and flags sit) and
the code's behaviour (see :mod:`.plan`). The helper (send, read the envelope, retry) is the same for
every code of an API and is shown once, on the API's client page; a code page shows only that
code's branch and a curl line. Templates are rendered once per shape and language; a page only
fills in its escaped literals, so thousands of code pages cost little more than one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Api, Code
from . import curl, dart, literals, python, typescript
from .plan import Plan, Wire, plan_for

LANGUAGES = (typescript, python, dart)


@dataclass(frozen=True, slots=True)
class Snippet:
    label: str  # the tab title, identical on every page so tab choice follows across pages
    lexer: str  # the fence's language, for highlighting
    text: str


def code_snippet(language, plan: Plan, slug: str) -> str:
    """One language's branch for ``plan``: its cached template with the escaped literals filled in."""
    d = language.DIALECT
    values = {
        "KEY": str(plan.code) if isinstance(plan.code, int) else d.strings.literal(plan.code),
        "STATUS": str(plan.status),
        "MESSAGE": "\n".join(d.constant_lines(d.message_const, plan.message)),
    }
    return literals.fill(language.branch(plan.shape, slug), values)


def client_snippets(api: Api, code: Code) -> list[Snippet]:
    """The snippets of one code page, in tab order: the code's branch per language, then curl."""
    plan = plan_for(api, code)
    out = [Snippet(lang.LABEL, lang.LEXER, code_snippet(lang, plan, api.slug)) for lang in LANGUAGES]
    out.append(Snippet(curl.LABEL, curl.LEXER, curl.session(api, code)))
    return out


def helper_snippets(api: Api) -> list[Snippet]:
    """The API's client helper per language, in the same tab order as a code page's branches."""
    wire = Wire.of(api)
    return [Snippet(lang.LABEL, lang.LEXER, lang.helper(wire)) for lang in LANGUAGES]


def helper_files(api: Api) -> dict[str, str]:
    """Where an app (or a test) keeps each helper, by the file name the branches import it as."""
    wire = Wire.of(api)
    return {
        typescript.module_name(api.slug) + ".ts": typescript.helper(wire),
        python.module_name(api.slug) + ".py": python.helper(wire),
        dart.module_name(api.slug): dart.helper(wire),
    }
