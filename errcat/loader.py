"""Reads ``catalog/`` into a :class:`~errcat.model.Catalog`, or raises one CatalogError listing everything wrong.

Layout: one folder per API, named by its slug. ``<slug>/api.yaml`` describes the API; every other
``*.yaml`` file below the folder holds some of its codes (split them by domain or team as you like).
Which files those are is :func:`errcat.files.walk`'s answer: dot files are skipped, and links leaving
the catalog folder, links to nothing and folders nested too deep are problems, never read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import checks, envelope, files, operations, schema
from .groups import inherited
from .model import (
    SNIPPET_LANGUAGES,
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
    Operation,
    Param,
    StatusUse,
    Tag,
)
from .problems import CatalogError, Problem, did_you_mean
from .retries import RETRYING_ACTIONS, TRANSIENT_STATUSES

API_FILE = "api.yaml"


def load_catalog(root: Path | str, only: set[str] | None = None) -> Catalog:
    """Load and check the catalog under ``root``; ``only`` limits it to some API slugs.

    Raises CatalogError with every error found. Warnings do not stop loading; ``check`` shows them.
    """
    catalog, problems = load_with_problems(root, only)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CatalogError(errors)
    return catalog


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while loading.

    Loading allocates a few objects per YAML event and frees none, which makes the collector scan
    the growing tree again and again: on 10,000 codes that was more than half of the load time.
    Nothing built here forms reference cycles, so pausing it wastes no memory.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Loaded:
    """What loading found: the publishable catalog, every problem, and what the checks saw besides.

    ``checked`` also holds the codes read in part (:class:`checks.PartCode`), and ``incomplete``
    names the APIs of which some file, entry or ``renamed_from`` could not be read, so which codes
    they hold is not known: the ledger check must not call their published codes deleted.
    """

    catalog: Catalog
    problems: list[Problem]
    checked: Catalog
    incomplete: frozenset[str]


def load_with_problems(root: Path | str, only: set[str] | None = None) -> tuple[Catalog, list[Problem]]:
    """Load what can be loaded and return it with all problems (errors and warnings)."""
    loaded = load_all(root, only)
    return loaded.catalog, loaded.problems


def load_all(root: Path | str, only: set[str] | None = None) -> Loaded:
    """Load what can be loaded, with all problems and what the checks saw (see :class:`Loaded`)."""
    with _without_cycle_collector():
        return _load(Path(root), only)


def _load(root: Path, only: set[str] | None) -> Loaded:
    if not root.is_dir():
        raise CatalogError([Problem(str(root), 0, "catalog folder not found")])
    base = root.parent
    boundary = root.resolve()
    # Walk first, then read every file at once (on two cores when the catalog is large), then build
    # the APIs in catalog order: problems come out in the same order however the files were read.
    plan: list[Problem | _ApiFiles] = []
    for found in files.top_level(boundary):
        entry = root / found.path.name
        if found.problem is not None:
            plan.append(Problem(_rel(entry, base), 0, found.problem))
        elif entry.is_dir():
            if only is None or entry.name in only:
                plan.append(_api_files(entry, base, boundary))
        elif entry.suffix in (".yaml", ".yml"):
            plan.append(Problem(_rel(entry, base), 0, f"catalog files belong in an API folder: {root.name}/<api>/"))
    jobs = [job for item in plan if isinstance(item, _ApiFiles) for job in item.jobs()]
    reads = dict(zip((job.path for job in jobs), files.read_files(jobs)))
    problems: list[Problem] = []
    checks_found: list[Problem] = []  # said after the loader's own problems, API by API
    apis: dict[str, Api] = {}
    checked: dict[str, Api] = {}  # the APIs with their codes read in part too: what the checks see
    incomplete: set[str] = set()
    built_now: dict[_ApiFiles, _BuiltApi] = {}
    for item in plan:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        problems.extend(item.strays)
        built = built_now[item] = _build_api(item, reads)
        problems.extend(built.problems)
        if built.loaded is None:
            incomplete.add(item.folder.name)
            continue
        api, checked[api.slug], complete = built.loaded
        apis[api.slug] = api
        checks_found.extend(built.checked)
        if not complete:
            incomplete.add(api.slug)
    if files.remembering():
        _built_apis.clear()
        _built_apis.update(built_now)
    if only is not None:
        for missing in sorted(only - set(apis)):
            problems.append(Problem(str(root), 0, f"no API folder named {missing!r}"))
    return Loaded(Catalog(apis), problems + checks_found, Catalog(checked), frozenset(incomplete))


@dataclass(frozen=True, slots=True)
class _BuiltApi:
    """An API as :func:`_load_api` built it from its files' reads, with its problems and its checks' problems."""

    reads: tuple[files.FileRead, ...]  # what it was built from (kept alive: they are compared by identity)
    loaded: tuple[Api, Api, bool] | None
    problems: tuple[Problem, ...]
    checked: tuple[Problem, ...]


# Under mkdocs serve (files.remembering): each API as the last load built it. An API whose files all
# came back from files.read_files as the very reads it was built from is built the same again.
_built_apis: dict[_ApiFiles, _BuiltApi] = {}


def _build_api(item: _ApiFiles, reads: dict[Path, files.FileRead]) -> _BuiltApi:
    its_reads = tuple(reads[job.path] for job in item.jobs())
    kept = _built_apis.get(item)
    if kept is not None and len(kept.reads) == len(its_reads) and all(a is b for a, b in zip(kept.reads, its_reads)):
        return kept
    problems: list[Problem] = []
    loaded = _load_api(item, reads, problems)
    found = tuple(checks.check_api(loaded[1])) if loaded is not None else ()
    return _BuiltApi(its_reads, loaded, tuple(problems), found)


@dataclass(frozen=True, slots=True)
class _ApiFiles:
    """An API folder's files: its api.yaml (None when missing: nothing of it is read) and its codes files."""

    folder: Path
    name: str
    api: files.FileJob | None
    codes: tuple[files.FileJob, ...]
    strays: tuple[Problem, ...] = ()  # files in the folder that are not catalog files: said, never dropped silently

    def jobs(self) -> list[files.FileJob]:
        return [self.api, *self.codes] if self.api is not None else []


def _api_files(folder: Path, base: Path, boundary: Path) -> _ApiFiles:
    """The files of one API folder, found by :func:`files.walk` (``boundary``: the resolved catalog folder)."""
    found = list(files.walk(folder, boundary))
    refused = tuple(Problem(_rel(f.path, base), 0, f.problem) for f in found if f.problem is not None)
    api_path = folder / API_FILE
    if not api_path.is_file() or any(f.path == api_path for f in found if f.problem is not None):
        return _ApiFiles(folder, _rel(folder, base), None, (), refused)
    entries = [f.path for f in found if f.problem is None and f.path != api_path]
    codes = tuple(files.FileJob(p, _rel(p, base), "codes") for p in entries if p.suffix in CODES_SUFFIXES)
    strays = refused + tuple(_stray(p, base) for p in entries if p.suffix not in CODES_SUFFIXES)
    return _ApiFiles(folder, _rel(folder, base), files.FileJob(api_path, _rel(api_path, base), "api"), codes, strays)


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _take(job: files.FileJob, reads: dict[Path, files.FileRead], problems: list[Problem]) -> tuple[Any, str, bool]:
    """A file's validated content, its name and whether it had problems, recording those problems."""
    read = reads[job.path]
    problems.extend(read.problems)
    return read.value, job.name, bool(read.problems)


def _load_api(found: _ApiFiles, reads: dict[Path, files.FileRead], problems: list[Problem]) -> tuple[Api, Api, bool] | None:
    """The API, the same API with its codes read in part (checks.PartCode) for the checks, and whether
    every code of it was read at least in part with its ``renamed_from``; None if api.yaml failed."""
    slug = found.folder.name
    if found.api is None:
        if not any(p.file == f"{found.name}/{API_FILE}" for p in found.strays):  # else it is there, but refused
            problems.append(Problem(found.name, 0, f"an API folder needs an {API_FILE}"))
        return None
    raw, api_file, _ = _take(found.api, reads, problems)
    documents = [_take(job, reads, problems) for job in found.codes]
    if raw is schema.INVALID or _has_invalid(raw):
        return None  # its problems are recorded; codes cannot be resolved without a valid api.yaml
    groups = _groups(raw.get("groups") or {}, api_file)
    # What codes inherit from their group (or its nearest ancestor), worked out once per group however deep the tree.
    group_defaults = {
        "behaviour": inherited(groups, lambda g: g.behaviour),
        "severity": inherited(groups, lambda g: g.severity),
        "envelope": inherited(groups, lambda g: g.envelope),
    }
    declared = operations.declared(raw.get("operations") or {}, api_file)
    problems.extend(operations.check_declared(declared))
    behaviours = _behaviours(raw["behaviours"])
    convention, envelopes = _convention(raw["convention"])
    problems.extend(_default_envelope_problems(raw["convention"], api_file))
    transport = raw.get("transport", "http")
    codes: dict[str, Code] = {}  # the codes read in part among them, so a code defined twice is found either way
    complete = True
    for doc, name, flawed in documents:
        if doc is schema.INVALID or doc["codes"] is schema.INVALID:
            complete = False
            continue
        if doc["codes"].refused:  # a code's key was refused: that code is in the file, unread
            complete = False
        for code, entry in doc["codes"].items():
            if entry is schema.INVALID:
                complete = False
                continue  # not a mapping: nothing of it to check
            if code in codes:
                first = codes[code].location
                problems.append(Problem(name, entry.line, f"code defined twice (first at {first})", code))
                continue
            unknown = _unknown_fields(entry) if flawed else _ALL_KNOWN
            if "lifecycle" in unknown:  # its renamed_from is not known: which old names live on is not either
                complete = False
            codes[code] = _code(
                slug, code, entry, Location(name, entry.line), raw, group_defaults, behaviours, convention, declared, transport, problems, unknown
            )
    checked = {c: codes[c] for c in sorted(codes, key=_code_order)}
    if complete and not any(flawed for *_, flawed in documents):  # else an unread code may name an operation
        problems.extend(operations.unreturned(declared, checked.values()))
    good = checked
    if any(flawed for *_, flawed in documents):
        good = {c: code for c, code in checked.items() if not isinstance(code, checks.PartCode)}
    api = Api(
        slug=slug,
        title=raw["title"],
        summary=raw["summary"],
        source=raw.get("source"),
        convention=convention,
        default_behaviour=raw["default_behaviour"],
        behaviours=behaviours,
        groups=groups,
        tags={k: Tag(k, v["title"], v.get("description")) for k, v in (raw.get("tags") or {}).items()},
        notes=tuple(raw.get("notes") or ()),
        transport=transport,
        explanation=raw.get("explanation"),
        hide_example_lines=raw.get("hide_example_lines", False),
        constant_scope=raw.get("constant_scope", "api"),
        snippet_languages=_snippet_languages(raw, transport, (convention, *envelopes.values())),
        maintainer_notes=tuple(raw.get("maintainer_notes") or ()),
        codes=good,
        location=Location(api_file, 1),
        lines=_setting_lines(raw),
        operations=declared,
        envelopes=envelopes,
    )
    return api, api if good is checked else replace(api, codes=checked), complete


def _setting_lines(value: Any, path: str = "", out: dict[str, int] | None = None) -> dict[str, int]:
    """Dotted path -> line for every setting of api.yaml whose spec keeps key lines (see schema.Obj)."""
    out = {} if out is None else out
    if isinstance(value, schema.Record) and path:
        out.setdefault(path, value.line)
    if isinstance(value, dict):
        key_lines = getattr(value, "key_lines", None) or {}
        for key, item in value.items():
            inner = f"{path}.{key}" if path else key
            if key in key_lines:
                out[inner] = key_lines[key]
            _setting_lines(item, inner, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _setting_lines(item, f"{path}.{i}", out)
    return out


def _snippet_languages(raw: dict[str, Any], transport: str, conventions: tuple[Convention, ...]) -> tuple[str, ...]:
    """The snippet tabs code pages show: the API's list, else every language for an HTTP API whose JSON
    bodies carry the code where one client helper reads it, else none (errcat's snippets are HTTP clients
    reading a JSON body)."""
    if "snippet_languages" in raw:
        return tuple(raw["snippet_languages"])
    return SNIPPET_LANGUAGES if envelope.snippets_can_read(transport, conventions) else ()


def _code_order(code: str) -> tuple[bool, int, str]:
    """Natural order of codes: codes that start with a digit by length, then character by character,
    digits before letters ("0000" < "1000" < "10000", "09000" < "0A000" < "0B000", 2 < 10), then
    the rest alphabetically (ASCII puts digits before letters, so SQLSTATE classes stay together)."""
    starts_with_digit = code[:1].isdigit()
    return (not starts_with_digit, len(code) if starts_with_digit else 0, code)


CODES_SUFFIXES = (".yaml", ".yml")


def _stray(path: Path, base: Path) -> Problem:
    """A file in an API folder that is not read: an error when it looks like a codes file, else a warning."""
    if path.suffix.lower() in CODES_SUFFIXES or any(s.lower() in CODES_SUFFIXES for s in path.suffixes):
        return Problem(_rel(path, base), 0, f"not read: codes files end in exactly {' or '.join(CODES_SUFFIXES)}; rename it")
    return Problem(_rel(path, base), 0, "not a catalog file, so not read (codes files end in .yaml or .yml)", severity="warning")


_ALL_KNOWN: frozenset[str] = frozenset()


def _unknown_fields(entry: dict[str, Any]) -> frozenset[str]:
    """The fields of a code entry that failed: the checks must not guess them."""
    return frozenset(name for name, value in entry.items() if _has_invalid(value))


def _has_invalid(value: Any) -> bool:
    """True when validation failed anywhere inside ``value`` (its problem is already recorded)."""
    todo = [value]
    while todo:
        v = todo.pop()
        if v is schema.INVALID:
            return True
        if isinstance(v, dict):
            todo.extend(v.values())
        elif isinstance(v, list):
            todo.extend(v)
    return False


def _convention(raw: Any) -> tuple[Convention, dict[str, Convention]]:
    """The API's default convention and its named envelopes (none for an API with one envelope).

    Each named envelope is a whole Convention: the API-wide settings of ``raw`` with the envelope's
    wire settings, so whatever reads a code's envelope reads one object, however many the API has.
    """
    api_wide = dict(
        code_type=raw["code_type"],
        code_pattern=raw["code_pattern"],
        code_format=raw["code_format"],
        fixed_http_status=raw.get("fixed_http_status"),
        statuses=tuple(StatusUse(s["status"], s["meaning"], s.get("when")) for s in raw.get("statuses") or ()),
        parsing_order=tuple(raw.get("parsing_order") or ()),
        notes=tuple(raw.get("notes") or ()),
        maintainer_notes=tuple(raw.get("maintainer_notes") or ()),
    )
    if "envelopes" not in raw:
        return Convention(**_wire(raw), **api_wide), {}
    named = {name: Convention(**_wire(entry), **api_wide, name=name, title=entry["title"]) for name, entry in raw["envelopes"].items()}
    default = named.get(raw["default_envelope"]) or next(iter(named.values()))  # an unknown one: _default_envelope_problems
    return default, named


def _default_envelope_problems(raw: Any, file: str) -> list[Problem]:
    """default_envelope names one of the envelopes (until it does, codes without one use the first)."""
    name, known = raw.get("default_envelope"), list(raw.get("envelopes") or ())
    if name is None or name in known:
        return []
    line = (raw.key_lines or {}).get("default_envelope", raw.line)
    return [Problem(file, line, f"default_envelope: unknown envelope {name!r} (declared: {', '.join(known)}){did_you_mean(name, known)}")]


def _wire(raw: Any) -> dict[str, Any]:
    """How one error shape travels: the settings an envelope has of its own."""
    return dict(
        content_type=raw.get("content_type"),
        code_path=raw["code_path"],
        envelope=raw["envelope"],
        fields=tuple(EnvelopeField(f["path"], f["type"], f["meaning"]) for f in raw["fields"]),
        message_path=raw.get("message_path"),
        doc_url_field=raw.get("doc_url_field"),
        problem_type_base=raw.get("problem_type_base"),
        field_errors_path=raw.get("field_errors_path"),
    )


def _behaviours(raw: dict[str, Any]) -> dict[str, Behaviour]:
    return {k: Behaviour(k, v["action"], v["title"], v["description"], v.get("frontend_config")) for k, v in raw.items()}


def _groups(raw: dict[str, Any], file: str) -> dict[str, Group]:
    out = {}
    for gid, g in raw.items():
        bounds = g.get("range")
        numeric = tuple(int(b) for b in bounds) if bounds and all(b.isdigit() for b in bounds) else None
        out[gid] = Group(
            id=gid,
            title=g["title"],
            meaning=g["meaning"],
            location=Location(file, g.line),
            range=numeric,  # type: ignore[arg-type]
            range_text=tuple(bounds) if bounds else None,  # type: ignore[arg-type]
            parent=g.get("parent"),
            behaviour=g.get("behaviour"),
            rules=tuple(g.get("rules") or ()),
            advice_required=g.get("advice_required", False),
            class_prefix=g.get("class"),
            severity=g.get("severity"),
            explanation=g.get("explanation"),
            envelope=g.get("envelope"),
        )
    return out


def _resolve(entry: dict[str, Any], name: str, group_defaults: dict[str, dict[str, str]], default: str) -> str:
    """The code's own ``name`` setting, else its group's (or nearest ancestor's, see groups.inherited), else ``default``."""
    if name in entry:
        return entry[name]
    return group_defaults[name].get(entry.get("group"), default)


def _constants(entry: dict[str, Any], where: Location, code: str, problems: list[Problem]) -> tuple[str, ...]:
    """The code's constants, from ``constant`` (a name or a list) or ``constants``; both at once is an error."""
    if "constant" in entry and "constants" in entry:
        problems.append(Problem(where.file, where.line, "give constant or constants, not both", code))
    names = entry.get("constants", entry.get("constant"))
    return tuple(names) if isinstance(names, list) else (names,) if names else ()


def _default_retryable(action: str | None, status: int | None) -> bool | str:
    """Absent ``retryable``: true for retrying behaviours, conditional for transient statuses, else false."""
    if action in RETRYING_ACTIONS:
        return True
    return "conditional" if status in TRANSIENT_STATUSES else False


def _code(
    slug: str,
    code: str,
    entry: dict[str, Any],
    where: Location,
    api: dict[str, Any],
    group_defaults: dict[str, dict[str, str]],
    behaviours: dict[str, Behaviour],
    convention: Convention,
    declared: dict[str, Operation],
    transport: str,
    problems: list[Problem],
    unknown: frozenset[str],
) -> Code:
    """The code of ``entry``; with ``unknown`` fields (see _unknown_fields), a checks.PartCode built from the others."""
    if unknown:
        entry = {name: value for name, value in entry.items() if name not in unknown}
    fixed = convention.fixed_http_status
    status = entry.get("http_status", fixed)
    if transport != "http":
        if "http_status" in entry:
            problems.append(Problem(where.file, where.line, f"http_status: this API's transport is {transport}, which has no HTTP status", code))
        status = None
    elif status is None and "http_status" not in unknown:
        problems.append(Problem(where.file, where.line, "http_status is required: this API's status varies per code", code))
        status = 0
    elif fixed is not None and status != fixed:
        problems.append(Problem(where.file, where.line, f"http_status {status} contradicts the API's fixed status {fixed}", code))
    behaviour = _resolve(entry, "behaviour", group_defaults, api["default_behaviour"])
    action = behaviours[behaviour].action if behaviour in behaviours else None
    severity = _resolve(entry, "severity", group_defaults, "error")
    unclaimed = api.get("retryable_default") == "unspecified"
    derived = "unspecified" if unclaimed else _default_retryable(action, status)
    retryable = entry.get("retryable", derived if severity == "error" else False)  # nothing failed: nothing to retry
    default_envelope = convention.name  # None: the API has one envelope, and a code naming one is check's error
    constants = _constants(entry, where, code, problems)
    lifecycle = entry.get("lifecycle") or {}
    built = Code(
        api=slug,
        code=code,
        title=entry.get("title"),
        meaning=entry.get("meaning"),
        http_status=status,
        behaviour=behaviour,
        retryable=retryable,
        location=where,
        max_attempts=entry.get("max_attempts"),
        constant=constants[0] if constants else None,
        other_constants=constants[1:],
        severity=severity,
        explanation=entry.get("explanation"),
        message=entry.get("message"),
        user_messages=dict(entry.get("user_messages") or {}),
        group=entry.get("group"),
        advice=tuple(entry.get("advice") or ()),
        causes=tuple(Cause(c["title"], c.get("detail"), tuple(c.get("advice") or ())) for c in entry.get("causes") or ()),
        params=tuple(Param(p["name"], p["type"], p["meaning"], p.get("example")) for p in entry.get("params") or ()),
        example=entry.get("example"),
        raised_by=entry.get("raised_by"),
        tags=tuple(entry.get("tags") or ()),
        notes=tuple(entry.get("notes") or ()),
        maintainer_notes=tuple(entry.get("maintainer_notes") or ()),
        lifecycle=Lifecycle(
            since=lifecycle.get("since", api.get("since")),
            deprecated=lifecycle.get("deprecated"),
            removed=lifecycle.get("removed"),
            replaced_by=lifecycle.get("replaced_by"),
            renamed_from=tuple(lifecycle.get("renamed_from") or ()),
            no_longer_emitted=lifecycle.get("no_longer_emitted", False),
            internal=lifecycle.get("internal", False),
        ),
        operations=operations.resolve(entry.get("operations") or (), declared, where, code, problems),
        envelope=_resolve(entry, "envelope", group_defaults, default_envelope),
    )
    return checks.PartCode.of(built, unknown) if unknown else built
