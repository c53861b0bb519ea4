"""Semantic checks: what a schema cannot see, such as ranges, references and URL safety.

Each check is a small function yielding problems for one API; ``check_catalog`` runs them all, so
adding a rule means adding one function to ``API_CHECKS``. All checks are linear in the number of
codes (sorting aside), which keeps ``errcat check`` fast on catalogs of tens of thousands of codes.
"""

from __future__ import annotations

import dataclasses
import http
import re
from collections.abc import Callable, Iterator
from typing import Any

from . import envelope, groups, lifecycle, namespaces, patterns, retries, urls
from .model import Api, Catalog, Code, Convention
from .problems import Problem, Severity, did_you_mean

_REAL_STATUSES = frozenset(s.value for s in http.HTTPStatus)


@dataclasses.dataclass(frozen=True, slots=True)
class PartCode(Code):
    """A code whose entry failed in part (those problems are recorded), checked as far as the rest allows.

    The checks see it beside the good codes, so a code defined twice, an unknown group or a range
    error shows in the same run as the field error, not after it is fixed. Each field named in
    ``unknown`` is empty, never guessed, and the rules that need it skip the code. Only checks see it.
    """

    unknown: frozenset[str] = frozenset()

    @classmethod
    def of(cls, code: Code, unknown: frozenset[str]) -> PartCode:
        """``code`` (built from the fields that loaded) with each field in ``unknown`` emptied, whatever it resolved to."""
        values = {f.name: _empty(f) if f.name in unknown else getattr(code, f.name) for f in dataclasses.fields(Code)}
        return cls(**values, unknown=unknown)


def _empty(f: dataclasses.Field) -> Any:
    """The value a field holds when the catalog says nothing: its default, else None (a required field that failed)."""
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None if f.default is dataclasses.MISSING else f.default


def _knows(code: Code, field: str) -> bool:
    """False when ``code``'s ``field`` failed to load: a rule needing it has nothing to check."""
    return not isinstance(code, PartCode) or field not in code.unknown


def _at(code: Code, message: str, severity: Severity = "error") -> Problem:
    return Problem(code.location.file, code.location.line, message, code.code, severity)


def check_slug(api: Api) -> Iterator[Problem]:
    reason = urls.unsafe_api_reason(api.slug)
    if reason:
        yield Problem(api.location.file, 1, reason)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", api.slug):
        yield Problem(api.location.file, 1, f"API folder name {api.slug!r} must be lower case letters, digits and -")


def _named(conv: Convention) -> str:
    """How a message about one of several envelopes starts ("envelope 'problem': "); nothing for an API's only one."""
    return f"envelope {conv.name!r}: " if conv.name else ""


def check_convention(api: Api) -> Iterator[Problem]:
    conv, file, at = api.convention, api.location.file, api.line_of
    for shape in api.conventions:
        yield from _check_envelope(api, shape)
    if conv.fixed_http_status is not None and conv.fixed_http_status not in _REAL_STATUSES:
        yield Problem(file, at("convention.fixed_http_status"), f"{conv.fixed_http_status} is not a registered HTTP status")
    for i, use in enumerate(conv.statuses):  # declared on purpose (gRPC's 499): said, not refused
        if use.status not in _REAL_STATUSES:
            message = f"{use.status} is not in the IANA HTTP status registry; accepted because the API declares it"
            yield Problem(file, at(f"convention.statuses.{i}.status"), message, severity="warning")
    if api.default_behaviour not in api.behaviours:
        yield Problem(file, at("default_behaviour"), f"default_behaviour {api.default_behaviour!r} is not a declared behaviour")
    settings: dict[str, str] = {}
    for b in api.behaviours.values():  # one .env key per behaviour, or a frontend keeps only the last line
        if b.frontend_config and settings.setdefault(b.frontend_config, b.id) != b.id:
            where = at(f"behaviours.{b.id}.frontend_config")
            yield Problem(file, where, f"behaviours {settings[b.frontend_config]!r} and {b.id!r} share frontend_config {b.frontend_config}")
        reserved = namespaces.env_name_reason(b.frontend_config) if b.frontend_config else None
        if reserved:
            yield Problem(file, at(f"behaviours.{b.id}.frontend_config"), (
                f"frontend_config {b.frontend_config} of behaviour {b.id!r} is an environment variable programs act on "
                f"({reserved}): the .env export would set it for whatever loads that file; use an app's own name, such as VITE_{b.frontend_config}"
            ))


def _check_envelope(api: Api, conv: Convention) -> Iterator[Problem]:
    """One envelope's own settings: its placeholders, and its field_errors_path among its fields."""
    file, prefix = api.location.file, conv.setting_prefix
    unknown = envelope.placeholders(conv.envelope) - set(envelope.ENVELOPE_PLACEHOLDERS)
    if unknown:
        yield Problem(file, api.line_of(f"{prefix}.envelope"), (
            f"{_named(conv)}unknown envelope placeholder(s) {sorted(unknown)}; known: {', '.join(envelope.ENVELOPE_PLACEHOLDERS)}"
        ))
    declared = {f.path for f in conv.fields}
    if conv.field_errors_path is not None and conv.field_errors_path not in declared:
        where = api.line_of(f"{prefix}.field_errors_path")
        yield Problem(file, where, (
            f"{_named(conv)}field_errors_path {conv.field_errors_path!r} is not one of the envelope's fields ({', '.join(sorted(declared))})"
        ))


def _line(api: Api, conv: Convention, setting: str) -> int:
    """The line of one of an envelope's settings (``setting`` of the convention, or of its named entry)."""
    return api.line_of(f"{conv.setting_prefix}.{setting}")


def check_envelope_names(api: Api) -> Iterator[Problem]:
    """The default envelope, and every envelope a group or code names, is one the API declares; only an API
    with named envelopes lets a group or code choose one."""
    known = list(api.envelopes)

    def unknown(name: str) -> str:
        if not known:
            return f"envelope {name!r}: this API has one envelope; declare named ones in convention.envelopes to choose among them"
        return f"unknown envelope {name!r} (declared: {', '.join(known)}){did_you_mean(name, known)}"

    from_groups = groups.inherited(api.groups, lambda g: g.envelope)
    for g in api.groups.values():
        if g.envelope is not None and g.envelope not in api.envelopes:
            yield Problem(g.location.file, g.location.line, f"group {g.id!r}: {unknown(g.envelope)}")
    for code in api.codes.values():
        inherited_from_group = code.group is not None and from_groups.get(code.group) == code.envelope
        if code.envelope is not None and code.envelope not in api.envelopes and not inherited_from_group and _knows(code, "envelope"):
            yield _at(code, unknown(code.envelope))


def check_transport(api: Api) -> Iterator[Problem]:
    """HTTP settings only where the transport is HTTP; snippets only where errcat's HTTP clients can read the code."""
    conv, file, at = api.convention, api.location.file, api.line_of
    if api.has_http:
        for shape in api.conventions:
            if shape.content_type is None:
                yield Problem(file, at(shape.setting_prefix), f"{_named(shape)}content_type is required: this API's transport is http")
    else:
        for setting in ("fixed_http_status", "statuses"):
            if getattr(conv, setting):
                yield Problem(file, at(f"convention.{setting}"), f"{setting}: this API's transport is {api.transport}, which has no HTTP status")
    if api.snippet_languages and not envelope.snippets_can_read(api.transport, api.conventions):
        odd = next((c for c in api.conventions if c.code_carrier is not None or not c.json_body), None)
        if not api.has_http:
            why = f"its transport is {api.transport}"
        elif odd is None:
            why = "its envelopes put the code, message or flags in different places, and one client helper reads one envelope"
        else:
            why = f"the code travels in a {odd.code_carrier[0]}" if odd.code_carrier else f"the body is {odd.content_type}"
            why = _named(odd) + why if odd.name else why
        yield Problem(
            file,
            at("snippet_languages"),
            f"snippet_languages: errcat's snippets are HTTP clients that read the code from a JSON body, and {why}; list none",
        )


def check_groups(api: Api) -> Iterator[Problem]:
    cyclic = _in_parent_cycles(api)
    for g in api.groups.values():
        where = (g.location.file, g.location.line)
        if g.parent is not None and g.parent not in api.groups:
            yield Problem(*where, f"group {g.id!r} has unknown parent {g.parent!r}")
        if g.behaviour is not None and g.behaviour not in api.behaviours:
            yield Problem(*where, f"group {g.id!r} has unknown behaviour {g.behaviour!r}")
        if g.range_text is not None and g.range is None:
            yield Problem(*where, f"group {g.id!r}: range bounds must be digits, found {list(g.range_text)}")
        if g.range is not None and g.range[0] > g.range[1]:
            yield Problem(*where, f"group {g.id!r}: range starts after it ends")
        if g.id in cyclic:
            yield Problem(*where, f"group {g.id!r} is its own ancestor (parent cycle)")
        if g.class_prefix is not None and g.range_text is not None:
            yield Problem(*where, f"group {g.id!r}: give a range or a class, not both")
        outer_class = api.groups[g.parent].class_prefix if g.parent in api.groups else None
        if g.class_prefix is not None and outer_class is not None and not g.class_prefix.startswith(outer_class):
            yield Problem(*where, f"group {g.id!r} class {g.class_prefix!r} is outside its parent's class {outer_class!r}")
        if g.range and g.parent in api.groups:
            outer = api.groups[g.parent].range
            if outer and not (outer[0] <= g.range[0] and g.range[1] <= outer[1]):
                yield Problem(*where, f"group {g.id!r} range {_span(g.range)} is outside its parent's {_span(outer)}")
    yield from _overlaps(api)
    yield from _class_overlaps(api)


def _class_overlaps(api: Api) -> Iterator[Problem]:
    """Sibling classes must not contain one another ("2" and "22"): a code would belong to both."""
    by_parent: dict[str | None, list] = {}
    for g in api.groups.values():
        if g.class_prefix is not None:
            by_parent.setdefault(g.parent, []).append(g)
    for siblings in by_parent.values():
        siblings.sort(key=lambda g: g.class_prefix)
        for before, after in zip(siblings, siblings[1:]):  # sorted: a prefix comes right before what it contains
            if after.class_prefix.startswith(before.class_prefix):
                yield Problem(
                    after.location.file,
                    after.location.line,
                    f"group {after.id!r} class {after.class_prefix!r} is inside group {before.id!r} class {before.class_prefix!r}",
                )


def _in_parent_cycles(api: Api) -> set[str]:
    """The groups that are their own ancestor, found by following each parent link once (linear, however deep the tree)."""
    done: set[str] = set()
    cyclic: set[str] = set()
    for start in api.groups:
        path: list[str] = []
        on_path: set[str] = set()
        gid: str | None = start
        while gid in api.groups and gid not in done and gid not in on_path:
            path.append(gid)
            on_path.add(gid)
            gid = api.groups[gid].parent
        if gid in on_path:
            cyclic.update(path[path.index(gid):])
        done.update(path)
    return cyclic


def _span(r: tuple[int, int]) -> str:
    return f"{r[0]}-{r[1]}"


def _overlaps(api: Api) -> Iterator[Problem]:
    """Sibling ranges (same parent) must not overlap; nested ones are checked against the parent above."""
    by_parent: dict[str | None, list] = {}
    for g in api.groups.values():
        if g.range:
            by_parent.setdefault(g.parent, []).append(g)
    for siblings in by_parent.values():
        siblings.sort(key=lambda g: g.range)
        for before, after in zip(siblings, siblings[1:]):
            if after.range[0] <= before.range[1]:
                yield Problem(
                    after.location.file,
                    after.location.line,
                    f"group {after.id!r} range {_span(after.range)} overlaps group {before.id!r} range {_span(before.range)}",
                )


def check_codes(api: Api) -> Iterator[Problem]:
    folded: dict[str, Code] = {}
    constants: dict[tuple[str | None, str], Code] = {}
    declared_statuses = {use.status for use in api.convention.statuses}
    flags = retries.retryable_flags(api)
    for code in api.codes.values():
        if not patterns.fullmatch(api.convention.code_pattern, code.code):  # the loader refused patterns RE2 cannot compile
            yield _at(code, f"code does not match the API's pattern {api.convention.code_pattern} ({api.convention.code_format})")
        if api.convention.code_type == "integer":
            reason = integer_code_reason(code.code)
            if reason:
                yield _at(code, reason)
        reason = urls.unsafe_code_reason(code.code)
        if reason:
            yield _at(code, reason)
        other = folded.setdefault(code.code.casefold(), code)
        if other is not code:
            yield _at(code, f"differs from {other.code!r} ({other.location}) only by case: both would share one URL on case-insensitive hosts")
        yield from _constant_clashes(api, code, constants)
        if code.http_status and code.http_status not in _REAL_STATUSES and code.http_status not in declared_statuses:
            yield _at(code, f"{code.http_status} is not a registered HTTP status (declare it in convention.statuses to use it)")
        yield from _references(api, code)
        yield from _unused_max_attempts(api, code, flags[api.convention_of(code).name])
        yield from _severity_conflicts(api, code)


def _constant_clashes(api: Api, code: Code, seen: dict[tuple[str | None, str], Code]) -> Iterator[Problem]:
    """A constant names one code within the API's ``constant_scope`` (the whole API, one group, or no check)."""
    if api.constant_scope == "none":
        return
    scope = code.group if api.constant_scope == "group" else None
    where = f" in group {code.group!r}" if api.constant_scope == "group" and code.group else ""
    for name in dict.fromkeys(code.constants):
        twin = seen.setdefault((scope, name), code)
        if twin is not code:
            yield _at(code, f"constant {name} is already used by {twin.code!r}{where} (constant_scope: {api.constant_scope})")
    if len(set(code.constants)) != len(code.constants):
        yield _at(code, "a constant is listed twice")


def _severity_conflicts(api: Api, code: Code) -> Iterator[Problem]:
    """A success, info or warning code did not fail: it cannot be retried or handled as a failure."""
    if code.is_error or not _knows(code, "severity"):
        return
    behaviour = api.behaviours.get(code.behaviour)
    if behaviour is not None and behaviour.action in retries.FAILURE_ACTIONS and _knows(code, "behaviour"):
        yield _at(code, f"a {code.severity} code cannot have behaviour {code.behaviour!r}: its action {behaviour.action} answers a failure")
    if code.retryable not in (False, "unspecified") and _knows(code, "retryable"):
        yield _at(code, f"retryable: a {code.severity} code did not fail, so there is nothing to retry (leave it out)")


# The fields that decide whether a client resends a code's request (the behaviour may come from the group).
_RESEND_INPUTS = ("max_attempts", "retryable", "http_status", "behaviour", "group")


def _unused_max_attempts(api: Api, code: Code, has_flag: bool) -> Iterator[Problem]:
    """Refuse a ``max_attempts`` no client would use: it would read as a promise the snippets and advice ignore."""
    if code.max_attempts is None or code.behaviour not in api.behaviours or not all(_knows(code, f) for f in _RESEND_INPUTS):
        return
    action = api.behaviours[code.behaviour].action
    if retries.mode_of(code, action, has_flag) == "never":
        yield _at(code, (
            f"max_attempts {code.max_attempts} is never used: a client does not resend this code's request with backoff "
            f"(its behaviour's action is {action}, retryable is {str(code.retryable).lower()})"
        ))


# The largest integer a JavaScript number holds exactly: beyond it, 2**53 and 2**53 + 1 read as one value.
MAX_SAFE_INTEGER = 2**53 - 1


def integer_code_reason(code: str) -> str | None:
    """Why an integer API cannot send ``code`` as a JSON number that every client reads back as this code.

    The catalog spells codes as strings, the wire carries numbers: "010" and "10" would be two pages,
    two export keys and one number. So an integer code is written canonically, ``str(int(code))``:
    digits without leading zeros and without a sign (codes are never negative), and small enough for
    JavaScript.
    """
    if not code.isdigit():  # the loader's name rule already keeps codes ASCII, so int() below cannot fail
        return "this API's codes are integers: the code must be digits"
    number = int(code)
    if code != str(number):
        return (
            f"this API's codes are integers (code_type: integer), so {code!r} is sent as {number}: "
            f"write it as '{number}' (no leading zeros), or two codes could be one number"
        )
    if number > MAX_SAFE_INTEGER:
        return (
            f"{code} is larger than {MAX_SAFE_INTEGER} (2**53-1), the largest integer JavaScript reads exactly: "
            "clients would read it as another number"
        )
    return None


def _references(api: Api, code: Code) -> Iterator[Problem]:
    if code.behaviour not in api.behaviours and _knows(code, "behaviour"):
        yield _at(code, f"unknown behaviour {code.behaviour!r} (declared: {', '.join(api.behaviours)})")
    if code.group is not None:
        group = api.groups.get(code.group)
        if group is None:
            yield _at(code, f"unknown group {code.group!r}")
        elif group.range and code.numeric is not None and not group.range[0] <= code.numeric <= group.range[1]:
            yield _at(code, f"code is outside its group {group.id!r} range {_span(group.range)}")
        elif group.class_prefix is not None and not group.admits(code.code):
            yield _at(code, f"code is filed in group {group.id!r} (class {group.class_prefix}) but does not start with {group.class_prefix!r}")
    for tag in code.tags:
        if tag not in api.tags:
            yield _at(code, f"unknown tag {tag!r}")
    declared = {p.name for p in code.params}
    if len(declared) != len(code.params):
        yield _at(code, "a param name is declared twice")
    used = set(envelope.PLACEHOLDER.findall(code.message or ""))
    if used - declared and _knows(code, "params"):
        yield _at(code, f"message uses undeclared param(s) {sorted(used - declared)}")


def _advice_rule_groups(api: Api) -> dict[str, str]:
    """Group id -> the group whose ``advice_required`` applies to it (itself or its nearest ancestor)."""
    return groups.inherited(api.groups, lambda g: g.id if g.advice_required else None)


def check_advice(api: Api) -> Iterator[Problem]:
    """Warn (never fail) about codes without handling advice in groups whose rules ask for it."""
    rule_of = _advice_rule_groups(api)
    for code in api.codes.values():
        rule = rule_of.get(code.group or "")
        if rule is not None and not code.has_advice and _knows(code, "advice") and _knows(code, "causes"):
            yield _at(code, f"no handling advice: group {rule!r} requires `advice` (or a cause with `advice`) for its codes", "warning")


_NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def _spelled(name: str) -> str:
    """A name without case, spaces or punctuation: "Agent sse connection limit" and AGENT_SSE_CONNECTION_LIMIT agree."""
    return _NOT_A_LETTER_OR_DIGIT.sub("", name).casefold()


def check_titles(api: Api) -> Iterator[Problem]:
    """Warn about a title that is its constant or code re-cased ("Agent sse connection limit"): the title is what
    a person reads first on the page, in search and in link previews, so it should say what happened in words."""
    for code in api.codes.values():
        names = {_spelled(n) for n in (code.constant, code.code) if n}
        if _knows(code, "title") and _spelled(code.title) in names:
            yield _at(code, f"title {code.title!r} is the code's name re-cased: write what happened, as a reader would say it", "warning")


# Message syntax of the localisation formats errcat exports to, beyond {param}: a brace opens ICU
# syntax in ARB and interpolation in i18next, and i18next expands $t(key) into another message.
_L10N_SYNTAX = re.compile(r"[{}]|\$t\(")


def i18next_key_problem(code: Code) -> str | None:
    """Why ``code`` cannot key its user messages in i18next, or None: i18next reads '.' in a key as nesting."""
    if code.user_messages and "." in code.code:
        return "i18next reads '.' in a key as nesting; this code cannot be a key"
    return None


def check_user_messages(api: Api) -> Iterator[Problem]:
    """User messages may only use declared params, and no text that ARB or i18next would read as syntax."""
    for code in api.codes.values():
        declared = {p.name for p in code.params}
        key_problem = i18next_key_problem(code)
        if key_problem:  # found by check, not only when exporting
            yield _at(code, key_problem)
        for locale, text in code.user_messages.items():
            used = set(envelope.PLACEHOLDER.findall(text))
            if used - declared and _knows(code, "params"):
                yield _at(code, f"user message ({locale}) uses undeclared param(s) {sorted(used - declared)}")
            syntax = _L10N_SYNTAX.search(envelope.PLACEHOLDER.sub("", text))
            if syntax:
                yield _at(
                    code,
                    f"user message ({locale}) contains {syntax.group(0)!r} outside a {{param}} placeholder; "
                    "ARB and i18next would read it as message syntax",
                )


def check_doc_link(api: Api) -> Iterator[Problem]:
    """The envelope field that carries the doc link must be the one ``doc_url_field`` names, and vice versa (per envelope)."""
    file = api.location.file
    for conv in api.conventions:
        named = _named(conv)
        if conv.doc_url_field is not None:
            try:
                value = envelope.value_at(conv.envelope, conv.doc_url_field)
            except KeyError:
                value = None
            if value != "{doc_url}":
                yield Problem(file, _line(api, conv, "doc_url_field"), f'{named}doc_url_field {conv.doc_url_field!r}: the envelope must hold "{{doc_url}}" at that path')
        elif "doc_url" in envelope.placeholders(conv.envelope):
            yield Problem(file, _line(api, conv, "envelope"), f"{named}the envelope uses {{doc_url}}: name the field that carries it in doc_url_field")


def check_problem_type(api: Api) -> Iterator[Problem]:
    """``{problem_type}`` needs the canonical base it is built from, and a declared base is there to be used (per envelope)."""
    file = api.location.file
    for conv in api.conventions:
        named = _named(conv)
        used = "problem_type" in envelope.placeholders(conv.envelope)
        if used and conv.problem_type_base is None:
            yield Problem(file, _line(api, conv, "envelope"), f"{named}the envelope uses {{problem_type}}: declare its canonical base in problem_type_base")
        elif conv.problem_type_base is not None and not used:
            yield Problem(file, _line(api, conv, "problem_type_base"), f'{named}problem_type_base is declared but the envelope has no "{{problem_type}}" field')


def check_lifecycle(api: Api) -> Iterator[Problem]:
    """Versions in order: a code is deprecated or removed after it appeared."""
    for code in api.codes.values():
        lc = code.lifecycle
        steps = [(name, v) for name, v in (("since", lc.since), ("deprecated", lc.deprecated), ("removed", lc.removed)) if v]
        for (before, v1), (after, v2) in zip(steps, steps[1:]):
            if lifecycle.version_key(v2) < lifecycle.version_key(v1):
                yield _at(code, f"lifecycle: {after} {v2} comes before {before} {v1}")


def check_renames(api: Api) -> Iterator[Problem]:
    """Each old name (``renamed_from``) becomes a redirect to its code's page: one target per old URL, never a live one."""
    live = {code.code.casefold(): code for code in api.codes.values()}
    claimed: dict[str, Code] = {}
    for code in api.codes.values():
        seen: dict[str, str] = {}
        for old in code.lifecycle.renamed_from:
            folded = old.casefold()
            if folded in seen:
                twin = "" if seen[folded] == old else f" (as {seen[folded]!r}: one URL on case-insensitive hosts)"
                yield _at(code, f"renamed_from lists {old!r} twice{twin}")
                continue
            seen[folded] = old
            reason = urls.unsafe_code_reason(old)
            if reason:
                yield _at(code, f"renamed_from: {reason}")
            if old == code.code:
                yield _at(code, f"renamed_from {old!r} names the code itself")
            elif old in api.codes:
                yield _at(code, f"renamed_from {old!r} is still a live code; a renamed code's old URL redirects here")
            elif folded in live:
                twin = live[folded].code
                yield _at(code, f"renamed_from {old!r} differs from live code {twin!r} only by case: both would share one URL on case-insensitive hosts")
            elif claimed.setdefault(folded, code) is not code:
                yield _at(code, f"renamed_from {old!r} is already claimed by {claimed[folded].code!r}: an old URL can redirect to one page only")


def check_replacements(api: Api) -> Iterator[Problem]:
    """``replaced_by`` must name another code, without loops; a replacement that is itself replaced is a detour (warning)."""
    loops = _replacement_loops(api)
    in_loops = {code for loop in loops for code in loop}
    for code in api.codes.values():
        target = code.lifecycle.replaced_by
        if target is None:
            continue
        if target == code.code:
            yield _at(code, "replaced_by names the code itself")
        elif target not in api.codes:
            yield _at(code, f"replaced_by {target!r} is not a code of this API")
        elif api.codes[target].lifecycle.replaced_by is not None and code.code not in in_loops:
            onward = api.codes[target].lifecycle.replaced_by
            message = f"replaced_by {target!r} is itself replaced by {onward!r}; point to the final code"
            yield _at(code, message, "warning")
    for loop in loops:
        yield _at(api.codes[loop[0]], "replaced_by loops: " + " -> ".join([*loop, loop[0]]))


def _replacement_loops(api: Api) -> list[list[str]]:
    """Every replaced_by loop of two or more codes, starting at its first code in catalog order.

    Each code has at most one replaced_by, so following them from every code once is linear.
    """
    on_path, done, loops = set(), set(), []
    for start in api.codes:
        path, current = [], start
        while current in api.codes and current not in done and current not in on_path:
            on_path.add(current)
            path.append(current)
            current = api.codes[current].lifecycle.replaced_by
        if current in on_path and api.codes[current].lifecycle.replaced_by != current:
            loops.append(path[path.index(current):])
        on_path.clear()
        done.update(path)
    return loops


def check_range_spelling(api: Api) -> Iterator[Problem]:
    """A numeric range must hold numbers the API can spell as codes, or the build and ``errcat next`` could not number it."""
    for group, reason in groups.unspellable_ranges(api):
        yield Problem(group.location.file, group.location.line, f"group {group.id!r} range {groups.range_text(group, '-')}: {reason}")


def check_generated_names(api: Api) -> Iterator[Problem]:
    """No two codes or behaviours may get one identifier or key in an export (:mod:`errcat.namespaces`).

    A code whose constant, title or user messages failed to load is left out: its generated names are not known.
    """
    known = {c: code for c, code in api.codes.items() if all(_knows(code, f) for f in ("constant", "title", "user_messages"))}
    yield from namespaces.collisions(dataclasses.replace(api, codes=known) if len(known) < len(api.codes) else api)


API_CHECKS: tuple[Callable[[Api], Iterator[Problem]], ...] = (
    check_slug, check_convention, check_envelope_names, check_transport, check_groups, check_codes, check_user_messages, check_doc_link, check_problem_type,
    check_lifecycle, check_renames, check_replacements, check_advice, check_range_spelling, check_generated_names,
    check_titles,
)


def check_catalog(catalog: Catalog) -> list[Problem]:
    return [problem for api in catalog.apis.values() for problem in check_api(api)]


def check_api(api: Api) -> list[Problem]:
    """Every check of one API: each looks at its API alone, so an unchanged API has the same problems."""
    return [problem for check in API_CHECKS for problem in check(api)]
