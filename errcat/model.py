"""The typed catalog: what every renderer, export and check works from.

Values here are already validated and resolved (a code's behaviour is the one that applies, not
the one written), so consumers never re-derive catalog rules. Everything is frozen: a catalog is
loaded once per build and shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Json = Any
Retryable = bool | Literal["conditional"]


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


@dataclass(frozen=True, slots=True)
class Convention:
    """How one API reports errors on the wire."""

    content_type: str
    code_path: str
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


@dataclass(frozen=True, slots=True)
class Behaviour:
    id: str
    action: str
    title: str
    description: str
    frontend_config: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A range (numeric codes) or domain of codes; ``parent`` makes the hierarchy."""

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

    @property
    def capacity(self) -> int | None:
        return None if self.range is None else self.range[1] - self.range[0] + 1


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

    @property
    def status(self) -> Literal["active", "deprecated", "removed"]:
        if self.removed:
            return "removed"
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
    http_status: int
    behaviour: str
    retryable: Retryable
    location: Location
    # How often a client sends the request at most when it retries it with backoff, as the catalog
    # says; None: errcat's default (errcat.retries.max_attempts resolves it).
    max_attempts: int | None = None
    constant: str | None = None
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
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    operations: tuple[str, ...] = ()  # ids of the API's operations that return the code, in catalog order

    @property
    def has_advice(self) -> bool:
        """True when the catalog says how to handle the code, for the code or one of its causes."""
        return bool(self.advice) or any(cause.advice for cause in self.causes)

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
    # Line in api.yaml of each setting, by dotted path: "default_behaviour", "convention.envelope",
    # "convention.statuses.0.status", "behaviours.show.frontend_config", ...
    lines: dict[str, int] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)  # by operationId, in api.yaml's order
    # Group id (None: the top level) -> its direct subgroups in catalog order, built once: asking each
    # group for its children by scanning every group made a chain of thousands of groups quadratic.
    # Not an init field, so exports, equality and dataclasses.replace never see it.
    _subgroups: dict[str | None, list[Group]] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        subgroups: dict[str | None, list[Group]] = {}
        for group in self.groups.values():
            subgroups.setdefault(group.parent, []).append(group)
        object.__setattr__(self, "_subgroups", subgroups)

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
