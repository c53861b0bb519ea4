"""The typed catalog: what every renderer, export and check works from.

Values here are already validated and resolved (a code's behaviour is the one that applies, not
the one written), so consumers never re-derive catalog rules. Everything is frozen: a catalog is
loaded once per build and shared.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Json = Any
# "unspecified": the catalog makes no claim whether the same request can succeed again.
Retryable = bool | Literal["conditional", "unspecified"]
# What a code reports. Only errors are failures: a success, info or warning code's page and handling
# say nothing of failing or retrying.
Severity = Literal["success", "info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("success", "info", "warning", "error")
# How the API carries its codes. Only HTTP has statuses, example responses and HTTP client snippets.
Transport = Literal["http", "rpc", "library", "compiler", "database"]
TRANSPORTS: tuple[Transport, ...] = ("http", "rpc", "library", "compiler", "database")
# Where two codes may not share a constant: anywhere in the API, within one group, or nowhere checked.
ConstantScope = Literal["api", "group", "none"]
# errcat's client snippets, by the name an API lists in snippet_languages: all are HTTP clients.
SNIPPET_LANGUAGES = ("typescript", "python", "dart", "curl")


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class EnvelopeField:
    path: str
    type: str
    meaning: str


@dataclass(frozen=True, slots=True)
class StatusUse:
    status: int
    meaning: str
    when: str | None = None


CARRIERS = ("header", "trailer")  # code_path "trailer:grpc-status": the code travels outside the body


@dataclass(frozen=True, slots=True)
class Convention:
    """How one API reports errors on the wire."""

    content_type: str | None  # None: the transport has no media type (a compiler's diagnostics)
    code_path: str  # a dotted JSON path in the body, or "header:<name>" / "trailer:<name>"
    code_type: Literal["string", "integer"]
    code_pattern: str
    code_format: str
    envelope: Json
    fields: tuple[EnvelopeField, ...]
    fixed_http_status: int | None = None
    message_path: str | None = None
    doc_url_field: str | None = None
    # Canonical base of the API's RFC 9457 problem type URIs: the ``{problem_type}`` placeholder is
    # this base plus ``<api>/<code>/``, the same for every occurrence and in every environment.
    problem_type_base: str | None = None
    field_errors_path: str | None = None
    statuses: tuple[StatusUse, ...] = ()
    parsing_order: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    maintainer_notes: tuple[str, ...] = ()  # for the catalog's maintainers only: never on a consumer's page
    # An API with several error shapes (a legacy envelope beside problem+json) has one Convention per
    # named envelope: the API-wide settings above are the same in each, the wire settings its own.
    name: str | None = None  # the envelope's name in api.yaml; None: the API's only envelope
    title: str | None = None  # what the envelope is, in words ("Problem details (RFC 9457)")

    @property
    def setting_prefix(self) -> str:
        """The dotted path of this envelope's settings in api.yaml (for Api.line_of)."""
        return "convention" if self.name is None else f"convention.envelopes.{self.name}"

    @property
    def json_body(self) -> bool:
        """The body is JSON (application/json, or a +json type such as problem+json), which errcat's snippets parse."""
        media = self.content_type or ""
        return media == "application/json" or media.endswith("+json")

    @property
    def code_carrier(self) -> tuple[str, str] | None:
        """("header" | "trailer", name) when the code travels outside the body (``grpc-status``), else None."""
        kind, sep, name = self.code_path.partition(":")
        return (kind, name) if sep and kind in CARRIERS else None


@dataclass(frozen=True, slots=True)
class Behaviour:
    id: str
    action: str
    title: str
    description: str
    frontend_config: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A range (numeric codes), a class (codes that start with ``class_prefix``) or a domain; ``parent`` makes the hierarchy."""

    id: str
    title: str
    meaning: str
    location: Location
    range: tuple[int, int] | None = None
    range_text: tuple[str, str] | None = None  # the bounds as written ("0000"), for display
    parent: str | None = None
    behaviour: str | None = None
    rules: tuple[str, ...] = ()
    advice_required: bool = False
    class_prefix: str | None = None  # SQLSTATE's "22": every code of the class starts with it
    severity: Severity | None = None  # the default of its codes (and its subgroups'), when set
    explanation: str | None = None  # long-form Markdown
    envelope: str | None = None  # the named envelope of its codes (and its subgroups'), when set

    @property
    def capacity(self) -> int | None:
        """How many codes a numeric range holds; a class's capacity depends on the API's alphabet (groups.class_capacity)."""
        return None if self.range is None else self.range[1] - self.range[0] + 1

    def admits(self, code: str) -> bool | None:
        """Whether ``code`` belongs in this group by its range or class; None when the group has neither."""
        if self.class_prefix is not None:
            return code.startswith(self.class_prefix)
        if self.range is not None and code.isdigit():
            return self.range[0] <= int(code) <= self.range[1]
        return None


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    meaning: str
    example: Json = None


@dataclass(frozen=True, slots=True)
class Cause:
    title: str
    detail: str | None = None
    advice: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lifecycle:
    since: str | None = None
    deprecated: str | None = None
    removed: str | None = None
    replaced_by: str | None = None
    renamed_from: tuple[str, ...] = ()
    # States that need no version: sent no more (the version may be unknown), or never meant for users.
    no_longer_emitted: bool = False
    internal: bool = False

    @property
    def status(self) -> Literal["active", "deprecated", "removed", "internal"]:
        if self.removed or self.no_longer_emitted:
            return "removed"
        if self.internal:
            return "internal"
        return "deprecated" if self.deprecated else "active"


@dataclass(frozen=True, slots=True)
class Operation:
    """An operation of the API (an OpenAPI operation), declared once in api.yaml; codes name those that return them."""

    id: str  # the operationId
    method: str  # upper case, one of errcat.schema.HTTP_METHODS
    path: str  # as OpenAPI writes it: /v1/repositories/{repoId}
    summary: str
    location: Location

    @property
    def label(self) -> str:
        """``GET /v1/repositories/{repoId}``: how people name an operation."""
        return f"{self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class Code:
    """One error code, with every default already applied."""

    api: str
    code: str
    title: str
    meaning: str
    http_status: int | None  # None: the API's transport has no HTTP status
    behaviour: str
    retryable: Retryable
    location: Location
    # How often a client sends the request at most when it retries it with backoff, as the catalog
    # says; None: errcat's default (errcat.retries.max_attempts resolves it).
    max_attempts: int | None = None
    constant: str | None = None
    other_constants: tuple[str, ...] = ()  # further names of the code in the source, beside ``constant``
    severity: Severity = "error"
    explanation: str | None = None  # long-form Markdown; titles, anchors and descriptions never use it
    message: str | None = None
    user_messages: dict[str, str] = field(default_factory=dict)  # locale -> text for the user
    group: str | None = None
    advice: tuple[str, ...] = ()
    causes: tuple[Cause, ...] = ()
    params: tuple[Param, ...] = ()
    example: Json = None
    raised_by: str | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    maintainer_notes: tuple[str, ...] = ()  # for the catalog's maintainers only: never on a consumer's page
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    operations: tuple[str, ...] = ()  # ids of the API's operations that return the code, in catalog order
    envelope: str | None = None  # the API's named envelope the code is sent in (its own, its group's or the default); None: the only one

    @property
    def has_advice(self) -> bool:
        """True when the catalog says how to handle the code, for the code or one of its causes."""
        return bool(self.advice) or any(cause.advice for cause in self.causes)

    @property
    def constants(self) -> tuple[str, ...]:
        """Every name of the code in the source, the main one first."""
        return (self.constant, *self.other_constants) if self.constant else self.other_constants

    @property
    def is_error(self) -> bool:
        """False for success, info and warning codes: nothing about them fails or needs a retry."""
        return self.severity == "error"

    @property
    def numeric(self) -> int | None:
        """The code as a number, for range checks, when it is all digits."""
        return int(self.code) if self.code.isdigit() else None


@dataclass(frozen=True, slots=True)
class Api:
    slug: str
    title: str
    summary: str
    convention: Convention
    default_behaviour: str
    behaviours: dict[str, Behaviour]
    groups: dict[str, Group]
    codes: dict[str, Code]
    location: Location
    source: str | None = None
    tags: dict[str, Tag] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    transport: Transport = "http"
    explanation: str | None = None  # long-form Markdown about the API
    # Hide rustdoc's "# " lines in the rust fences of explanations (they make examples compile, not read).
    hide_example_lines: bool = False
    constant_scope: ConstantScope = "api"
    # The client snippet tabs code pages show, in order (HTTP APIs: all; others: the ones they declare).
    snippet_languages: tuple[str, ...] = SNIPPET_LANGUAGES
    maintainer_notes: tuple[str, ...] = ()  # for the catalog's maintainers only: never on a consumer's page
    # Line in api.yaml of each setting, by dotted path: "default_behaviour", "convention.envelope",
    # "convention.statuses.0.status", "behaviours.show.frontend_config", ...
    lines: dict[str, int] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)  # by operationId, in api.yaml's order
    # Named envelopes, by name in api.yaml's order, when the API has several error shapes; ``convention``
    # is then the default one's. Empty: the API's one envelope is ``convention``.
    envelopes: dict[str, Convention] = field(default_factory=dict)
    # Group id (None: the top level) -> its direct subgroups in catalog order, built once: asking each
    # group for its children by scanning every group made a chain of thousands of groups quadratic.
    # Not an init field, so exports, equality and dataclasses.replace never see it.
    _subgroups: dict[str | None, list[Group]] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        subgroups: dict[str | None, list[Group]] = {}
        for group in self.groups.values():
            subgroups.setdefault(group.parent, []).append(group)
        object.__setattr__(self, "_subgroups", subgroups)

    @property
    def has_http(self) -> bool:
        """The codes travel in HTTP responses: statuses, example responses and HTTP snippets make sense."""
        return self.transport == "http"

    @property
    def conventions(self) -> tuple[Convention, ...]:
        """Every envelope of the API, the default first: what API-wide pages, checks and exports describe."""
        others = tuple(c for c in self.envelopes.values() if c.name != self.convention.name)
        return (self.convention, *others)

    def frame(self) -> Api:
        """The API without its codes: all that a code's page may read of its API (:func:`errcat.site.code_pages`),
        so a page whose code, neighbours and frame are unchanged is unchanged."""
        return dataclasses.replace(self, codes={})

    def convention_of(self, code: Code) -> Convention:
        """The envelope ``code`` is sent in: what its example, parsing and exports follow."""
        return self.envelopes.get(code.envelope, self.convention) if code.envelope else self.convention

    def line_of(self, path: str) -> int:
        """The line of the setting at ``path`` in api.yaml, else of the nearest enclosing one (0: unknown)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 0

    def children(self, group_id: str | None) -> list[Group]:
        """Direct subgroups of ``group_id`` (top-level groups for None), in catalog order."""
        return list(self._subgroups.get(group_id, ()))

    def codes_in(self, group_id: str) -> list[Code]:
        """Codes of a group and all its subgroups."""
        wanted = {group_id} | {g.id for g in self.descendants(group_id)}
        return [c for c in self.codes.values() if c.group in wanted]

    def descendants(self, group_id: str) -> list[Group]:
        out: list[Group] = []
        todo = [group_id]
        while todo:
            kids = self.children(todo.pop())
            out.extend(kids)
            todo.extend(k.id for k in kids)
        return out


@dataclass(frozen=True, slots=True)
class Catalog:
    apis: dict[str, Api]

    def code_count(self) -> int:
        return sum(len(api.codes) for api in self.apis.values())
