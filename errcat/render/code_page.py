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
from .handling import SEARCH_EXCLUDED, causes, retry_fact, what_to_do
from .operations import returned_by
from .transport import envelope_anchor


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


def status_text(status: int) -> str:
    return f"{status} {envelope.status_title(status)}"


def title_of(api: Api, code: Code) -> str:
    """The page's title as tabs, search results and link previews show it: plain text naming the API
    ("NOT_FOUND Not found · Assistant API"), since several APIs may share a code."""
    return f"{code.code} {md.plain_line(code.title)} · {md.plain_line(api.title)}"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a code sits: its group's outermost ancestor (for the breadcrumb) and its neighbours in the group."""

    top_group: str | None = None  # the outermost group above the code's own, when it has one
    previous: Code | None = None
    next: Code | None = None


def places(api: Api) -> dict[str, Place]:
    """Every code's :class:`Place`, worked out once per API: per page, neighbours would cost O(N) and
    the walk up a chain of groups O(depth) each, so a deep or large catalog would render in O(N^2)."""
    tops: dict[str, str] = {}  # group -> its outermost ancestor (itself, at the top)

    def top(group: str) -> str:
        path: list[str] = []
        seen: set[str] = set()  # a loop (which check refuses) must not hang the walk
        while group not in tops:
            path.append(group)
            seen.add(group)
            parent = api.groups[group].parent
            if parent not in api.groups or parent in seen:
                tops[group] = group
                break
            group = parent
        for walked in path:
            tops[walked] = tops[group]
        return tops[group]

    by_group: dict[str | None, list[Code]] = {}
    for code in api.codes.values():
        by_group.setdefault(code.group, []).append(code)
    out = {}
    for group, members in by_group.items():
        outer = top(group) if group in api.groups else None
        for i, code in enumerate(members):
            before, after = members[i - 1] if i else None, members[i + 1] if i + 1 < len(members) else None
            out[code.code] = Place(outer if outer != group else None, before, after)
    return out


# Sections -----------------------------------------------------------------------------------

Section = Callable[[Api, Code, SiteContext], "str | None"]
CODE_DEPTH = 2  # <api>/<code>/index.md
SEPARATOR = " &rsaquo; "  # between breadcrumb links (an entity: see md.EN_DASH for why)


def breadcrumb(api: Api, code: Code, place: Place) -> str:
    """API › outermost group › group, right under the title, so a reader from a log sees where the code belongs.

    Under it, not above: search indexes a page's first section (up to the first heading) as the page
    itself, and that section must hold the title and the meaning for a search of the meaning's
    words to rank the page first. At most three links, however deep the groups nest.
    """
    groups = [g for g in (place.top_group, code.group) if g in api.groups]
    crumbs = [md.link(api.title, api_link(api, None, CODE_DEPTH))]
    crumbs += [md.link(api.groups[g].title, api_link(api, "groups", CODE_DEPTH, f"g-{g}")) for g in groups]
    return f'<p class="errcat-breadcrumb" markdown>{SEPARATOR.join(crumbs)}</p>'


def title(api: Api, code: Code, ctx: SiteContext) -> str:
    # The API's name is part of the heading, which Material's search shows as the result's title.
    api_name = f'<span class="errcat-api">&middot; {md.label(api.title)}</span>'
    return f"# {md.code(code.code)} {md.line(code.title)} {api_name}"


def meaning(api: Api, code: Code, ctx: SiteContext) -> str:
    return md.text(code.meaning)


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


# A non-error code's banner: (admonition kind, title, sentence). errcat's words, never catalog text, so a
# reader who arrives from a log sees at once that nothing failed. Error codes need none.
SEVERITY_BANNERS: dict[str, tuple[str, str, str]] = {
    "success": ("success", "Success", "This code reports an operation that worked; nothing to handle."),
    "info": ("info", "Information", "This code reports something worth knowing; the operation went ahead and nothing needs handling."),
    "warning": ("warning", "Warning", "This code reports something worth a look; the operation went ahead, so note it rather than undo anything."),
}


def severity_banner(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """A success, info or warning code says so in a banner beside the lifecycle one (the facts line is easy to miss)."""
    if code.is_error:
        return None
    kind, heading, sentence = SEVERITY_BANNERS[code.severity]
    return f'!!! {kind} "{heading}"\n\n    {sentence}'


def facts(api: Api, code: Code, ctx: SiteContext) -> str:
    """The code's metadata on one small line, after the answer (MDN's side box, Stripe's machine fields)."""
    behaviour = api.behaviours.get(code.behaviour)
    status = status_text(code.http_status) if code.http_status is not None else None
    if status and api.convention.fixed_http_status is not None:
        status += " (every response)"
    items = [
        ", ".join(md.code(c) for c in code.constants) if code.constants else None,
        f"Severity {md.cell(code.severity)}" if not code.is_error else None,
        f"HTTP {md.cell(status)}" if status else None,
        f"Retry: {retry_fact(api, code)}" if behaviour and code.is_error else None,  # nothing to retry in a success
        "Behaviour: " + md.link(behaviour.title, api_link(api, "behaviours", CODE_DEPTH, f"b-{code.behaviour}")) if behaviour else None,
        "Tags: " + ", ".join(md.cell(api.tags[t].title) for t in code.tags if t in api.tags) if code.tags else None,
        f"Since {md.cell(code.lifecycle.since)}" if code.lifecycle.since else None,
    ]
    return '<p class="errcat-facts" markdown>' + " &middot; ".join(i for i in items if i) + "</p>"


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
    template = f'<p class="errcat-template">{md.code(data["template"])}</p>'  # a raw block: never re-read, however long
    return "\n\n".join(["## Message", template, intro, box])


def example(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """An HTTP response with the code's JSON body; other transports and bodies have no response errcat can show."""
    conv = api.convention_of(code)
    if not api.has_http or code.http_status is None or not conv.json_body:
        return None
    body = envelope.example_response(api, code, links.page_url(api.slug, code.code, ctx.base_url))
    head = f"HTTP/1.1 {status_text(code.http_status)}\nContent-Type: {conv.content_type}"
    # Out of search: every code's example has the same fields, so a search for one would list every code.
    shape = f"In the {md.link(conv.title or conv.name, api_link(api, None, CODE_DEPTH, envelope_anchor(conv)))} envelope." if conv.name else None
    return "\n\n".join(b for b in (f"## Example response {SEARCH_EXCLUDED}", shape, md.code_block(head, "http"), md.json_block(body)) if b)


def notes(api: Api, code: Code, ctx: SiteContext) -> str | None:
    if not code.notes:
        return None
    return "## Notes\n\n" + md.bullets(code.notes)


# The answer first (what happened, what to do), then the details, as the error references the
# brief holds up (Twilio, Rust's error index, MDN, Stripe) do; where the code is raised is for
# maintainers and stays off this page.
SECTIONS: tuple[Section, ...] = (
    meaning, lifecycle_banner, severity_banner, what_to_do, facts, code_explanation, causes, client_code, params, message, example, returned_by, notes,
)


def _neighbour(api: Api, word: str, other: Code | None) -> str | None:
    if other is None:
        return None
    return f"{word}: " + md.link(f"{other.code} {other.title}", code_link(api.slug, other.code, CODE_DEPTH))


def pager(api: Api, place: Place) -> str | None:
    """Previous and next code in the same group, so a reader can walk a group without the nav listing codes."""
    steps = [s for s in (_neighbour(api, "Previous", place.previous), _neighbour(api, "Next", place.next)) if s]
    if not steps:
        return None
    return '<p class="errcat-pager" data-search-exclude markdown>' + " &middot; ".join(steps) + "</p>"


# Code pages outrank the index, group and flow pages that also mention a code (Material multiplies
# a page's search score by its front matter ``search.boost``).
SEARCH_BOOST = 2


def search_keywords(code: Code) -> list[str]:
    """What people type to find a code: the code from a log line and the constant from the source.

    They go into front matter ``tags``, which Material's search indexes as its most heavily boosted
    field and shows on each result; the site does not enable the tags plugin, so nothing else uses them.
    """
    return list(dict.fromkeys((code.code, *code.constants)))


# The front matter key that names the navigation entry a code page belongs under (its API's code
# index): the mkdocs adapter marks that entry active while the page renders, so the sidebar shows
# where the code is although code pages are never listed in it.
NAV_PARENT = "errcat_nav_parent"


def render_code_page(api: Api, code: Code, ctx: SiteContext, place: Place | None = None) -> str:
    """The full markdown of a code page, front matter included; never evaluated as a template.

    ``place``: from :func:`places` (none: the breadcrumb names only the code's own group, and no pager).
    """
    head = md.front_matter(
        title=title_of(api, code),
        description=md.description(code.meaning),
        tags=search_keywords(code),
        search={"boost": SEARCH_BOOST},
        render_macros=False,
        **{NAV_PARENT: urls.api_page_source(api.slug, "codes")},
    )
    place = place or Place()
    body = (section(api, code, ctx) for section in SECTIONS)
    return head + md.join(title(api, code, ctx), breadcrumb(api, code, place), *body, pager(api, place))
