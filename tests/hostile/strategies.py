"""Hypothesis strategies: catalog text as hostile as the loader lets through.

The loader refuses control characters other than tab and line feed, and lone surrogates
(errcat.yamlstrict); everything else is legal catalog text, so ``prose`` draws from all of it and
mixes in fragments that mean something to Markdown, HTML, Jinja, YAML and string literals.
"""

from __future__ import annotations

import http
import re
from dataclasses import replace

from hypothesis import assume
from hypothesis import strategies as st

from errcat import envelope, lifecycle, namespaces, retries, schema, urls
from errcat.model import (
    SEVERITIES,
    SNIPPET_LANGUAGES,
    TRANSPORTS,
    Api,
    Behaviour,
    Catalog,
    Cause,
    Code,
    Convention,
    EnvelopeField,
    Group,
    Lifecycle,
    Location,
    Param,
    StatusUse,
    Tag,
)

# Fragments with a meaning somewhere downstream: templates, HTML, Markdown and its extensions,
# string literals and shells. Drawn whole so short examples still combine them.
NASTY = (
    "{{ 7*7 }}",
    "{% include 'mkdocs.yml' %}",
    "{{ cycler.__init__.__globals__.os.getpid() }}",
    "{# c #}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</title>",
    '" onmouseover="alert(1)',
    "[x](javascript:alert(1))",
    "![i](x.png)",
    "<https://example.com>",
    "*<*",
    "|",
    "`",
    "``",
    "#!python ",
    ":::js ",
    "[TOC]",
    "&amp;",
    "&#x3C;",
    "\\",
    "\\n",
    "<!--",
    "]]>",
    "---",
    "***",
    "# ",
    "1. ",
    "- ",
    "> ",
    "    ",
    "{ #id }",
    "{: .x }",
    "!!! note",
    "??? x",
    '=== "Tab"',
    "```",
    "~~~",
    "$x",
    "${x}",
    "'",
    '"',
    "\n",
    "\n\n",
    "\t",
    "\u2028",
    "\u00a0",
    "\u200b",
    "\u202e",
    "\ufeff",
    "Ａ",
    "😀",
)

TEXT_CHARACTERS = st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n")

# Any text a prose field accepts: at least one visible character.
PROSE = (
    st.lists(st.one_of(st.text(TEXT_CHARACTERS, max_size=6), st.sampled_from(NASTY)), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda s: bool(s.strip()))
)

LOWER, UPPER, DIGITS = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"


def word(first: str, rest: str, max_rest: int = 8) -> st.SearchStrategy[str]:
    """A name: one character of ``first``, then up to ``max_rest`` of ``rest`` (much cheaper than from_regex)."""
    return st.builds(str.__add__, st.sampled_from(first), st.text(st.sampled_from(rest), max_size=max_rest))


# A param name as the schema allows it.
IDENTIFIER = word(LOWER + UPPER + "_", LOWER + UPPER + DIGITS + "_")

# A JSON value as an example body may hold it (finite numbers only, as JSON has no others).
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | PROSE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(PROSE, inner, max_size=3),
    max_leaves=6,
)


def _no_placeholder(text: str) -> bool:
    return not envelope.PLACEHOLDER.search(text)


PLAIN_PROSE = PROSE.filter(_no_placeholder)  # for messages and envelopes, whose {placeholders} must be declared
USER_TEXT = PROSE.filter(lambda s: not re.search(r"[{}]|\$t\(", s))  # ARB and i18next read these as syntax
CODES = word(LOWER + UPPER + DIGITS, LOWER + UPPER + DIGITS + "_.-").filter(lambda c: urls.unsafe_code_reason(c) is None)
IDENTS = word(LOWER, LOWER + DIGITS + "_")
ENV_NAMES = word(UPPER, UPPER + DIGITS + "_").filter(lambda name: namespaces.env_name_reason(name) is None)  # PATH is refused
VERSIONS = word(DIGITS + LOWER, DIGITS + LOWER + UPPER + ".-+", 5)
CONSTANTS = IDENTIFIER
STATUSES = st.sampled_from(sorted(s.value for s in http.HTTPStatus if 100 <= s.value <= 599))
NOWHERE = Location("", 0)


def _maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


def _texts(max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(PROSE, max_size=max_size).map(tuple)


@st.composite
def ordered_versions(draw: st.DrawFn) -> list[str | None]:
    """since, deprecated and removed, each maybe absent, the present ones in version order (a check wants that)."""
    present = draw(st.lists(st.booleans(), min_size=3, max_size=3))
    versions = iter(sorted(draw(st.lists(VERSIONS, min_size=3, max_size=3)), key=lifecycle.version_key))
    return [next(versions) if here else None for here in present]


def _envelope(convention: Convention, name: str, title: str) -> Convention:
    return replace(convention, name=name, title=title)


@st.composite
def other_envelope(draw: st.DrawFn, main: Convention, text: st.SearchStrategy[str]) -> Convention:
    """A second envelope beside ``main``: problem+json read like it (so snippets still apply), or read elsewhere."""
    if draw(st.booleans()):  # the same paths: a client helper reads both alike
        fields = tuple(f for f in main.fields if f.path in ("error.code", "error.fields"))
        body = {"error": {"code": "{code}", **({"message": "{message}"} if main.message_path else {})}}
        return replace(main, content_type="application/problem+json", doc_url_field=None, envelope=body, fields=fields)
    problem = draw(st.booleans())
    body = {"code": "{code}", "title": "{title}", "detail": "{message}", **({"type": "{problem_type}"} if problem else {})}
    return replace(
        main,
        content_type="application/problem+json",
        code_path="code",
        message_path="detail",
        doc_url_field=None,
        field_errors_path=None,
        problem_type_base="https://errors.example.com/problems/" if problem else None,
        envelope=body,
        fields=(EnvelopeField("code", draw(text), draw(text)), EnvelopeField("detail", draw(text), draw(text))),
    )


@st.composite
def apis(draw: st.DrawFn, slug: str) -> Api:
    """A valid API using every field, with string codes (numeric ranges are the seeds' and the corpus' business):
    any transport, class groups, severities, several constants, versionless lifecycle states, explanations and
    named envelopes among them."""
    transport = draw(st.sampled_from(TRANSPORTS))
    http = transport == "http"
    # The newer text fields (explanations, envelope titles) pick from a few hostile texts: one draw is much
    # cheaper than one per field, and keeps the run about as long as before they existed.
    pool = draw(st.lists(PROSE, min_size=1, max_size=3))
    extra_text = st.sampled_from(pool)
    behaviour_ids = draw(st.lists(IDENTS, min_size=1, max_size=3, unique=True))
    settings = draw(st.lists(ENV_NAMES, min_size=len(behaviour_ids), max_size=len(behaviour_ids), unique=True))
    behaviours = {  # a frontend setting names one behaviour's codes: never shared (a check says so)
        b: Behaviour(b, draw(st.sampled_from(schema.ACTIONS)), draw(PROSE), draw(PROSE), draw(_maybe(st.just(setting))))
        for b, setting in zip(behaviour_ids, settings)
    }
    group_ids = draw(st.lists(IDENTS, max_size=3, unique=True))
    class_prefixes = iter(draw(st.lists(st.sampled_from(DIGITS + UPPER), min_size=3, max_size=3, unique=True)))
    groups = {}
    for i, g in enumerate(group_ids):  # parents come earlier: no cycles
        parent = draw(_maybe(st.sampled_from(group_ids[:i]))) if i else None
        groups[g] = Group(
            g,
            draw(PROSE),
            draw(PROSE),
            NOWHERE,
            parent=parent,
            behaviour=draw(_maybe(st.sampled_from(behaviour_ids))),
            rules=draw(_texts()),
            advice_required=draw(st.booleans()),
            class_prefix=next(class_prefixes) if parent is None and draw(st.booleans()) else None,  # one character: classes never nest
            severity=draw(_maybe(st.sampled_from(SEVERITIES))),
            explanation=draw(_maybe(extra_text)),
        )
    tag_ids = draw(st.lists(IDENTS, max_size=2, unique=True))
    tags = {t: Tag(t, draw(PROSE), draw(_maybe(PROSE))) for t in tag_ids}
    field_errors = draw(st.booleans())
    convention = Convention(
        content_type="application/json" if http else draw(_maybe(st.just("application/json"))),
        code_path="error.code",
        code_type="string",
        code_pattern=schema.CODE,
        code_format=draw(PROSE),
        envelope={
            "error": {"code": "{code}", "message": "{message}", "doc_url": "{doc_url}"},
            "extra": draw(st.recursive(PLAIN_PROSE, lambda inner: st.lists(inner, max_size=2), max_leaves=3)),
        },
        fields=(EnvelopeField("error.code", draw(PROSE), draw(PROSE)), *([EnvelopeField("error.fields", draw(PROSE), draw(PROSE))] if field_errors else [])),
        fixed_http_status=draw(_maybe(st.just(200))) if http else None,
        message_path=draw(_maybe(st.just("error.message"))),
        doc_url_field="error.doc_url",
        field_errors_path="error.fields" if field_errors else None,  # a check wants it named when the envelope carries {doc_url}
        statuses=tuple(StatusUse(s, draw(PROSE), draw(_maybe(PROSE))) for s in draw(st.lists(STATUSES, max_size=2, unique=True))) if http else (),
        parsing_order=draw(_texts()),
        notes=draw(_texts()),
        maintainer_notes=draw(_texts()),
    )
    envelopes: dict[str, Convention] = {}
    if draw(st.booleans()):  # several envelopes, the first or the second the default
        names = draw(st.lists(IDENTS, min_size=2, max_size=2, unique=True))
        envelopes = {names[0]: _envelope(convention, names[0], draw(extra_text))}
        envelopes[names[1]] = _envelope(draw(other_envelope(convention, extra_text)), names[1], draw(extra_text))
        convention = envelopes[draw(st.sampled_from(names))]
    conventions = (convention, *envelopes.values())
    names = draw(st.lists(CODES, max_size=5, unique_by=str.casefold))
    filed = [draw(_maybe(st.sampled_from(group_ids))) if group_ids else None for _ in names]
    prefixes = [groups[g].class_prefix or "" if g else "" for g in filed]
    names = [prefix + name for prefix, name in zip(prefixes, names)]  # a code of a class starts with it (a check says so)
    assume(len({n.casefold() for n in names}) == len(names) and all(urls.unsafe_code_reason(n) is None for n in names))
    olds = draw(
        st.lists(CODES, max_size=len(names), unique_by=str.casefold).map(
            lambda o: [c for c in o if c.casefold() not in {n.casefold() for n in names}]
        )
    )
    constants = iter(draw(st.lists(CONSTANTS, min_size=2 * len(names), max_size=2 * len(names), unique=True)))
    quiet_behaviours = [b for b in behaviour_ids if behaviours[b].action not in retries.FAILURE_ACTIONS]
    codes = {}
    for i, name in enumerate(names):
        params = draw(
            st.lists(
                st.builds(Param, IDENTIFIER, st.sampled_from(("string", "integer", "object")), PROSE, JSON_VALUES),
                max_size=2,
                unique_by=lambda p: p.name,
            )
        )
        status = (convention.fixed_http_status or draw(STATUSES)) if http else None
        severity = draw(st.sampled_from(SEVERITIES)) if quiet_behaviours else "error"
        behaviour = draw(st.sampled_from(behaviour_ids if severity == "error" else quiet_behaviours))  # a success fails nothing
        retryable = draw(st.sampled_from((True, False, "conditional", "unspecified") if severity == "error" else (False, "unspecified")))
        shape = envelopes[draw(st.sampled_from(list(envelopes)))] if envelopes else convention
        has_flag = retries.has_retryable_flag(shape)
        code = Code(api=slug, code=name, title="", meaning="", http_status=status, behaviour=behaviour, retryable=retryable,
                    location=NOWHERE, severity=severity)
        resent = retries.mode_of(code, behaviours[behaviour].action, has_flag) != "never"
        own_constants = [next(constants) for _ in range(draw(st.integers(0, 2)))]
        codes[name] = replace(
            code,
            title=draw(PROSE),
            meaning=draw(PROSE),
            max_attempts=draw(_maybe(st.integers(2, retries.MAX_ATTEMPTS_LIMIT))) if resent else None,  # check refuses it otherwise
            constant=own_constants[0] if own_constants else None,
            other_constants=tuple(own_constants[1:]),
            explanation=draw(_maybe(extra_text)),
            message=draw(_maybe(PLAIN_PROSE)),
            user_messages=draw(st.dictionaries(st.sampled_from(("en", "de", "pt-BR", "zh-Hant-TW")), USER_TEXT, max_size=2))
            if "." not in name  # i18next keys are codes, and it reads "." as nesting (a check says so)
            else {},
            group=filed[i],
            advice=draw(_texts()),
            causes=tuple(draw(st.lists(st.builds(Cause, PROSE, _maybe(PROSE), _texts()), max_size=2))),
            params=tuple(params),
            example=draw(_maybe(JSON_VALUES)),
            raised_by=draw(_maybe(PROSE)),
            tags=tuple(draw(st.lists(st.sampled_from(tag_ids), unique=True))) if tag_ids else (),
            notes=draw(_texts()),
            maintainer_notes=draw(_texts()),
            lifecycle=Lifecycle(
                *draw(ordered_versions()),
                replaced_by=draw(_maybe(st.sampled_from(names[i + 1 :]))) if names[i + 1 :] else None,  # forward only: no loops
                renamed_from=tuple(olds[i : i + 1]),  # each old name claimed once
                no_longer_emitted=draw(st.booleans()),
                internal=draw(st.booleans()),
            ),
            envelope=shape.name,
        )
    api = Api(
        slug=slug,
        title=draw(PROSE),
        summary=draw(PROSE),
        convention=convention,
        default_behaviour=draw(st.sampled_from(behaviour_ids)),
        behaviours=behaviours,
        groups={g: replace(group, envelope=draw(_maybe(st.sampled_from(list(envelopes))))) for g, group in groups.items()} if envelopes else groups,
        codes=codes,
        location=NOWHERE,
        source=draw(_maybe(PROSE)),
        tags=tags,
        notes=draw(_texts()),
        maintainer_notes=draw(_texts()),
        transport=transport,
        explanation=draw(_maybe(extra_text)),
        hide_example_lines=draw(st.booleans()),
        constant_scope=draw(st.sampled_from(("api", "group", "none"))),
        snippet_languages=SNIPPET_LANGUAGES if envelope.snippets_can_read(transport, conventions) else (),
        envelopes=envelopes,
    )
    assume(not any(namespaces.collisions(api)))  # two generated names alike: a check refuses it (tests/hostile/corpus.py)
    return api


SLUGS = word(LOWER, LOWER + DIGITS + "-").filter(lambda s: urls.unsafe_api_reason(s) is None)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    slugs = draw(st.lists(SLUGS, min_size=1, max_size=2, unique=True))
    return Catalog({slug: draw(apis(slug)) for slug in slugs})
