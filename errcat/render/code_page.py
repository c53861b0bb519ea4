"""The page of one code, at ``/<api>/<code>/``: pure functions of the model.

A page is a sequence of sections; each section is a function ``(api, code, ctx) -> markdown | None``
listed in ``SECTIONS``. A page links only to its own API's pages and to codes it names (replaced_by),
never to every other code, so building N pages costs O(N).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import envelope, lifecycle, links, urls
from ..model import Api, Code
from . import md
from .client_code import client_code
from .explanation import code_explanation
from .handling import how_to_handle
from .operations import returned_by


@dataclass(frozen=True)
class SiteContext:
    """What renderers need to know about the site: its public base URL, when one is configured.

    ``base_url`` is the one base every absolute link errcat emits starts from (mkdocs ``site_url``,
    or ``ERRCAT_SITE_URL``): code page links are joined to it by :func:`errcat.links.doc_url`, any
    other site URL by :meth:`url`. Without a base URL (``"/"``) links are site-relative;
    :mod:`errcat.publish` lists which outputs that affects.
    """

    base_url: str = "/"

    @property
    def absolute(self) -> bool:
        """True when links carry scheme and host, so they work outside the site (logs, responses)."""
        return bool(urlsplit(self.base_url).netloc)

    def url(self, site_relative: str) -> str:
        """An absolute URL of a site page or file; a code page's URL comes from :func:`errcat.links.doc_url`."""
        return self.base_url.rstrip("/") + "/" + site_relative


def up(levels: int) -> str:
    """Relative prefix from a generated page back to the docs root (pages are folder indexes)."""
    return "../" * levels


def api_link(api: Api, page: str | None, from_depth: int, anchor: str = "") -> str:
    """A markdown link target to one of ``api``'s pages, from a page ``from_depth`` folders deep."""
    return up(from_depth) + urls.api_page_source(api.slug, page) + (f"#{anchor}" if anchor else "")


def code_link(api_slug: str, code: str, from_depth: int) -> str:
    return up(from_depth) + urls.code_page_source(api_slug, code)


def retry_words(code: Code) -> str:
    return {True: "Yes", False: "No", "conditional": "Conditional: the response says", "unspecified": "Not specified by the API"}[code.retryable]


def status_text(status: int) -> str:
    return f"{status} {envelope.status_title(status)}"


def title_of(api: Api, code: Code) -> str:
    """The page's title as tabs, search results and link previews show it: plain text naming the API
    ("NOT_FOUND Not found · Assistant API"), since several APIs may share a code."""
    return f"{code.code} {md.plain_line(code.title)} · {md.plain_line(api.title)}"


# Sections -----------------------------------------------------------------------------------

Section = Callable[[Api, Code, SiteContext], "str | None"]
CODE_DEPTH = 2  # <api>/<code>/index.md


def heading(api: Api, code: Code, ctx: SiteContext) -> str:
    # The API's name is part of the heading, which Material's search shows as the result's title.
    api_name = f'<span class="errcat-api">&middot; {md.label(api.title)}</span>'
    return f"# {md.code(code.code)} {md.line(code.title)} {api_name}\n\n{md.text(code.meaning)}"


def lifecycle_banner(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """Deprecated and removed codes keep their page: a banner says since when and what replaces them."""
    sentence = lifecycle.status_sentence(code)
    if sentence is None:
        return None
    kind, title = lifecycle.banner(code)
    replaced = code.lifecycle.replaced_by
    instead = f"Use {md.link(replaced, code_link(api.slug, replaced, CODE_DEPTH))} instead." if replaced else "It has no replacement."
    if not replaced and code.lifecycle.status == "internal":
        instead = ""
    return f'!!! {kind} "{title}"\n\n    {md.line(sentence)} {instead}'


def facts(api: Api, code: Code, ctx: SiteContext) -> str:
    behaviour = api.behaviours.get(code.behaviour)
    status = status_text(code.http_status) if code.http_status is not None else None
    if status and api.convention.fixed_http_status is not None:
        status += " (every response of this API)"
    rows = [
        ("API", md.link(api.title, api_link(api, None, CODE_DEPTH))),
        ("Code", md.code(code.code)),
        ("Constant", ", ".join(md.code(c) for c in code.constants) if code.constants else None),
        ("Severity", md.cell(code.severity) if not code.is_error else None),
        ("HTTP status", md.cell(status) if status else None),
        ("Group", md.link(api.groups[code.group].title, api_link(api, "groups", CODE_DEPTH, f"g-{code.group}")) if code.group else None),
        ("Client behaviour", md.link(behaviour.title, api_link(api, "behaviours", CODE_DEPTH, f"b-{code.behaviour}")) if behaviour else None),
        ("Retryable", md.cell(retry_words(code)) if code.is_error else None),  # nothing to retry in a success
        ("Raised by", md.code(code.raised_by) if code.raised_by else None),
        ("Tags", ", ".join(md.cell(api.tags[t].title) for t in code.tags) if code.tags else None),
        ("Since", md.cell(code.lifecycle.since) if code.lifecycle.since else None),
        ("Status", md.cell(code.lifecycle.status) if code.lifecycle.status != "active" else None),
        ("Replaced by", md.link(code.lifecycle.replaced_by, code_link(api.slug, code.lifecycle.replaced_by, CODE_DEPTH)) if code.lifecycle.replaced_by else None),
    ]
    return md.table(("Property", "Value"), ((name, value) for name, value in rows if value))


def params(api: Api, code: Code, ctx: SiteContext) -> str | None:
    if not code.params:
        return None
    rows = ((md.code(p.name), md.cell(p.type), md.cell(p.meaning)) for p in code.params)
    return "## Parameters\n\n" + md.table(("Name", "Type", "Meaning"), rows)


def message(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """The message template, and a box that errcat-message.js fills from the link's query (declared params only)."""
    data = links.fill_data(code)
    if data is None:
        return None
    attribute = md.html_attribute(json.dumps(data, ensure_ascii=False))
    box = (
        f'<div class="admonition info errcat-message" {links.FILL_ATTRIBUTE}="{attribute}" hidden>'
        f'<p class="admonition-title">With the values from your link</p><p {links.FILLED_ATTRIBUTE}></p></div>'
    )
    intro = "Values in braces are the parameters above; a link to this page may pass them, e.g. `?name=value`."
    return "\n\n".join(["## Message", md.code(data["template"]), intro, box])


def example(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """An HTTP response with the code's JSON body; other transports and bodies have no response errcat can show."""
    if not api.has_http or code.http_status is None or not api.convention.json_body:
        return None
    conv = api.convention
    body = envelope.example_response(api, code, links.doc_url(api, code.code, site_url=ctx.base_url))
    head = f"HTTP/1.1 {status_text(code.http_status)}\nContent-Type: {conv.content_type}"
    return "\n\n".join(["## Example response", md.code_block(head, "http"), md.json_block(body)])


def notes(api: Api, code: Code, ctx: SiteContext) -> str | None:
    if not code.notes:
        return None
    return "## Notes\n\n" + md.bullets(code.notes)


SECTIONS: tuple[Section, ...] = (heading, lifecycle_banner, code_explanation, facts, how_to_handle, client_code, params, message, example, returned_by, notes)


# Code pages outrank the index, group and flow pages that also mention a code (Material multiplies
# a page's search score by its front matter ``search.boost``).
SEARCH_BOOST = 2


def search_keywords(code: Code) -> list[str]:
    """What people type to find a code: the code from a log line and the constant from the source.

    They go into front matter ``tags``, which Material's search indexes as its most heavily boosted
    field and shows on each result; the site does not enable the tags plugin, so nothing else uses them.
    """
    return list(dict.fromkeys((code.code, *code.constants)))


def render_code_page(api: Api, code: Code, ctx: SiteContext) -> str:
    """The full markdown of a code page, front matter included; never evaluated as a template."""
    head = md.front_matter(
        title=title_of(api, code),
        description=md.plain_line(code.meaning),
        tags=search_keywords(code),
        search={"boost": SEARCH_BOOST},
        render_macros=False,
    )
    return head + md.join(*(section(api, code, ctx) for section in SECTIONS))
