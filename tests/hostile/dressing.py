"""One small API whose every text field can be filled with chosen (hostile) text, and where each field shows.

Property tests fill it with Hypothesis text and compare against the same API filled with plain
text: the pages must have the same HTML structure, and every field must appear verbatim on the
pages listed in ``expected_text`` (as its Markdown renders).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from itertools import count

from errcat import links, urls
from errcat.envelope import example_response
from errcat.model import Api, Cause, EnvelopeField, Param, StatusUse
from errcat.render import maintainers, md
from errcat.render.code_page import SiteContext
from tests.catalogs import MINIMAL_API
from tests.hostile.rendering import flat, visible_text

# tests.catalogs' minimal API with every optional text field filled in, and an envelope that shows params.
BASE_API = (
    MINIMAL_API.replace("default_behaviour:", "source: app/errors.py\ndefault_behaviour:")
    .replace(
        'error: {code: "{code}", message: "{message}"}',
        'error: {code: "{code}", title: "{title}", message: "{message}", params: "{params}"}',
    )
    .replace(
        "    - {path: error.code, type: string, meaning: The code.}\n",
        "    - {path: error.code, type: string, meaning: The code.}\n"
        "  statuses:\n    - {status: 400, meaning: Bad input., when: Always.}\n"
        "  parsing_order: [Read the code.]\n  notes: [A note.]\n",
    )
    .replace('range: ["2000", "2099"]}', 'range: ["2000", "2099"], rules: [Keep it short.]}')
    + "tags:\n  t: {title: Tag, description: A tag.}\nnotes: [An API note.]\n"
)

BASE_CODES = """\
codes:
  "2001":
    title: Bad token
    meaning: The token is bad.
    http_status: 400
    group: auth
    tags: [t]
"""

CONTEXT = SiteContext("https://errors.example.com/")


def dress(api: Api, text: Callable[[], str], param_name: str = "p", example: object = 1) -> Api:
    """``api`` (loaded from BASE_API/BASE_CODES) with each text field, at any depth, set to a fresh ``text()``."""
    code = api.codes["2001"]
    code = replace(
        code,
        title=text(),
        meaning=text(),
        message=text(),
        advice=(text(),),
        causes=(Cause(text(), text(), (text(),)),),
        params=(Param(param_name, "string", text(), example),),
        raised_by=text(),
        notes=(text(),),
    )
    convention = replace(
        api.convention,
        code_format=text(),
        code_pattern="[0-9]{4}|" + re.escape(text()),  # still a pattern the code matches, so the API loads
        fields=(EnvelopeField("error.code", text(), text()),),
        statuses=(StatusUse(400, text(), text()),),
        parsing_order=(text(),),
        notes=(text(),),
        envelope={**api.convention.envelope, "hint": text()},
    )
    return replace(
        api,
        title=text(),
        summary=text(),
        source=text(),
        notes=(text(),),
        convention=convention,
        groups={"auth": replace(api.groups["auth"], title=text(), meaning=text(), rules=(text(),))},
        behaviours={"show": replace(api.behaviours["show"], title=text(), description=text())},
        tags={"t": replace(api.tags["t"], title=text(), description=text())},
        codes={code.code: code},
    )


def as_json(value: object) -> str:
    """How a JSON value reads in the page's code block."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def expected_text(api: Api) -> dict[str, list[str]]:
    """Docs-relative page -> the field values that page must show verbatim."""
    [code] = api.codes.values()
    group, behaviour, tag, conv = api.groups["auth"], api.behaviours["show"], api.tags["t"], api.convention
    [cause], [param], [field], [status] = code.causes, code.params, conv.fields, conv.statuses
    return {
        urls.code_page_source(api.slug, code.code): [
            code.title,
            code.meaning,
            *code.advice,
            cause.title,
            cause.detail,
            *cause.advice,
            param.meaning,
            code.raised_by,
            *code.notes,
            api.title,
            group.title,
            behaviour.title,
            tag.title,
            as_json(example_response(api, code, CONTEXT.url(urls.code_url(api.slug, code.code)))),
        ],
        urls.api_page_source(api.slug): [
            api.title,
            api.summary,
            conv.code_format,
            conv.code_pattern,
            field.type,
            field.meaning,
            status.meaning,
            status.when,
            *conv.parsing_order,
            *conv.notes,
            *api.notes,
            as_json(example_response(api, code, links.doc_url(api, code.code, site_url="/"))),  # the envelope, filled in
        ],
        urls.api_page_source(api.slug, "groups"): [api.title, group.title, group.meaning, code.title],
        maintainers.index_source(): [api.title, api.source],
        maintainers.page_source(api): [api.title, api.source, group.title, *group.rules, code.raised_by],
        urls.api_page_source(api.slug, "codes"): [api.title, code.title, group.title],
        urls.api_page_source(api.slug, "behaviours"): [api.title, behaviour.title, behaviour.description],
        urls.api_page_source(api.slug, "client"): [],  # the helper's code names paths, never shows catalog prose
        urls.api_page_source(api.slug, "changelog"): [api.title, code.title],
        # The picture wraps its text into lines; the table under it shows the text whole.
        urls.api_page_source(api.slug, "flow"): [api.title, behaviour.title, behaviour.description],
    }


def plain(api: Api, placeholder: bool) -> Api:
    """The API dressed in distinct harmless words: the structure every hostile version must keep.

    A message with a {placeholder} legitimately adds a line on how it is filled, so both kinds exist.
    """
    numbers = count()
    dressed = dress(api, lambda: f"word{next(numbers)}")
    code = dressed.codes["2001"]
    return replace(dressed, codes={"2001": replace(code, message=code.message + (" {p}" if placeholder else ""))})


def shown_forms(value: str) -> set[str]:
    """How a field may read on a page (whitespace folded): as its Markdown renders (block or inline), as a
    plain label, or literally (codes, JSON and patterns are shown as typed)."""
    return {flat(value), visible_text(md.text(value)), visible_text(md.line(value)), flat(md.plain_line(value))}
