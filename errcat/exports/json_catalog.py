"""The catalog as JSON: every field of the model, each code with its URL, and a reader that gives it back.

One API per document (``<api>.json``)::

    {"format": "errcat-api", "version": 1, "api": {...every field of model.Api...}}

The writer is :func:`dataclasses.asdict` plus a few derived keys (``DERIVED``) that tools want and
the model computes: each code's and API's ``url``, a lifecycle's ``status`` and each code's
``title_text`` (its title without Markdown syntax, for tools that show plain text; ``title`` and the
other prose fields keep the catalog's Markdown). The reader rebuilds
the model from the dataclasses' own type hints, so a field added to the model is exported and read
back without touching this module, and ``read(dumps(api)) == api`` holds (a test asserts it).

``index`` builds the site-wide ``/catalog.json`` from the same per-code JSON, keeping the fields a
tool needs to look a code up (URL, title, status, behaviour, retryable, lifecycle).

The export is public (the site serves it): the fields for the catalog's maintainers only
(:data:`MAINTAINER_FIELDS`: where the backend defines and raises codes, notes about the source
documents, rules for new codes) are left out of it, as they are kept off the pages API consumers
read. ``errcat export --format maintainers`` writes the whole model, those fields included
(``<api>.maintainers.json``), which reads back into the same model.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Iterator
from typing import Any

from .. import links, urls
from ..model import Api, Catalog, Code, Convention, Group, Lifecycle
from ..render.code_page import SiteContext
from ..render.prose import plain_line
from .base import ExportFile

FORMAT = "errcat-api"
INDEX_FORMAT = "errcat-catalog"
VERSION = 1
# Keys the writer adds that the model derives; the reader skips them.
DERIVED: dict[type, frozenset[str]] = {Api: frozenset({"url"}), Code: frozenset({"url", "title_text"}), Lifecycle: frozenset({"status"})}
INDEX_CODE_FIELDS = ("code", "url", "title", "title_text", "http_status", "severity", "behaviour", "retryable", "lifecycle", "envelope")
INDEX_API_FIELDS = ("slug", "title", "summary", "url")
# Fields for the catalog's maintainers only: the public export leaves them out (a reader gives them their defaults).
MAINTAINER_FIELDS: dict[type, frozenset[str]] = {
    Api: frozenset({"source", "maintainer_notes"}),
    Convention: frozenset({"maintainer_notes"}),
    Group: frozenset({"rules"}),
    Code: frozenset({"raised_by", "maintainer_notes"}),
}


class JsonCatalogError(ValueError):
    """The JSON is not an errcat export; the message names the path of the offending value."""


# Writing ------------------------------------------------------------------------------------


class _Writer:
    """``dataclasses.asdict`` for the model, several times faster, leaving out the fields ``hidden`` names.

    asdict deep-copies every leaf and looks fields up again for each instance; the model's leaves are
    immutable (str, int, bool, None) or JSON containers, so they are rebuilt, never copied, and each
    dataclass's field names are looked up once. The site writes every code this way (10,000 codes:
    seconds saved per build).
    """

    def __init__(self, hidden: dict[type, frozenset[str]]) -> None:
        self._hidden = hidden
        self._names: dict[type, tuple[str, ...]] = {}

    def plain(self, value: Any) -> Any:
        cls = type(value)
        names = self._names.get(cls)
        if names is None and dataclasses.is_dataclass(cls):
            hidden = self._hidden.get(cls, frozenset())
            names = self._names.setdefault(cls, tuple(f.name for f in dataclasses.fields(cls) if f.init and f.name not in hidden))
        if names is not None:
            return {name: self.plain(getattr(value, name)) for name in names}
        if cls is tuple or cls is list:
            return cls(self.plain(v) for v in value)
        if cls is dict:
            return {self.plain(k): self.plain(v) for k, v in value.items()}
        return value


_PUBLIC, _WHOLE = _Writer(MAINTAINER_FIELDS), _Writer({})


def code_json(api: Api, code: Code, ctx: SiteContext, maintainers: bool = False) -> dict[str, Any]:
    """One code as JSON; ``maintainers``: with the fields for maintainers only."""
    out = (_WHOLE if maintainers else _PUBLIC).plain(code)
    out["url"] = links.page_url(api.slug, code.code, ctx.base_url)  # a code of the API: nothing to check
    out["title_text"] = plain_line(code.title)
    out["lifecycle"]["status"] = code.lifecycle.status
    return out


def api_json(api: Api, ctx: SiteContext, maintainers: bool = False) -> dict[str, Any]:
    out = (_WHOLE if maintainers else _PUBLIC).plain(api.frame())  # codes follow, each with its URL
    out["url"] = ctx.url(urls.api_url(api.slug))
    out["codes"] = {code.code: code_json(api, code, ctx, maintainers) for code in api.codes.values()}
    return out


def dumps(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def document(api: Api, ctx: SiteContext, maintainers: bool = False) -> dict[str, Any]:
    """The API's export: public (what the site serves), or with the maintainers' fields too."""
    return {"format": FORMAT, "version": VERSION, "api": api_json(api, ctx, maintainers)}


def index(catalog: Catalog, ctx: SiteContext) -> dict[str, Any]:
    """``/catalog.json``: every API and code with what a tool needs to find and handle it."""
    return index_of([index_entry(document(api, ctx), ctx) for api in catalog.apis.values()])


def index_entry(api_document: dict[str, Any], ctx: SiteContext) -> dict[str, Any]:
    """An API's part of ``/catalog.json``, from its :func:`document` (a site writes both: each code is converted once)."""
    full = api_document["api"]
    entry = {key: full[key] for key in INDEX_API_FIELDS}
    entry["export"] = ctx.url(urls.export_path(full["slug"]))
    entry["codes"] = [{key: code[key] for key in INDEX_CODE_FIELDS} for code in full["codes"].values()]
    return entry


def index_of(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": INDEX_FORMAT, "version": VERSION, "apis": entries}


def files(api: Api, ctx: SiteContext) -> Iterator[ExportFile]:
    yield ExportFile(f"{api.slug}/{api.slug}.json", dumps(document(api, ctx)))


def maintainer_files(api: Api, ctx: SiteContext) -> Iterator[ExportFile]:
    """The whole model, the maintainers' fields included: for the catalog's own tooling, never published."""
    yield ExportFile(f"{api.slug}/{api.slug}.maintainers.json", dumps(document(api, ctx, maintainers=True)))


# Reading ------------------------------------------------------------------------------------


def read(text: str | bytes) -> Api:
    """The API an ``<api>.json`` export describes, equal to the one it was written from."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonCatalogError(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise JsonCatalogError(f"not an errcat API export: expected format {FORMAT!r} version {VERSION}")
    return _decode(Api, data.get("api"), "api")


def read_catalog(texts: list[str | bytes]) -> Catalog:
    apis = [read(text) for text in texts]
    return Catalog({api.slug: api for api in apis})


def _decode(tp: Any, value: Any, path: str) -> Any:
    """``value`` (parsed JSON) as an instance of the type hint ``tp``, or JsonCatalogError naming ``path``."""
    if tp is Any:
        return value
    if dataclasses.is_dataclass(tp):
        return _decode_dataclass(tp, value, path)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        present = [option for option in args if option is not type(None)]
        if value is not None and len(present) == 1:  # an optional value: the error is its type's ("expected int")
            return _decode(present[0], value, path)
        for option in args:
            try:
                return _decode(option, value, path)
            except JsonCatalogError:
                continue
        raise JsonCatalogError(f"{path}: {value!r} is none of {tp}")
    if origin is typing.Literal:
        if value in args and type(value) is type(args[args.index(value)]):
            return value
        raise JsonCatalogError(f"{path}: expected one of {list(args)}, found {value!r}")
    if origin is tuple:
        if not isinstance(value, list):
            raise JsonCatalogError(f"{path}: expected a list, found {type(value).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item, f"{path}[{i}]") for i, item in enumerate(value))
        if len(args) != len(value):
            raise JsonCatalogError(f"{path}: expected {len(args)} items, found {len(value)}")
        return tuple(_decode(t, item, f"{path}[{i}]") for i, (t, item) in enumerate(zip(args, value)))
    if origin is dict:
        if not isinstance(value, dict):
            raise JsonCatalogError(f"{path}: expected an object, found {type(value).__name__}")
        return {k: _decode(args[1], v, f"{path}.{k}") for k, v in value.items()}
    if tp is type(None):
        if value is None:
            return None
    elif isinstance(value, tp) and not (tp is int and isinstance(value, bool)):
        return value
    raise JsonCatalogError(f"{path}: expected {getattr(tp, '__name__', tp)}, found {value!r}")


def _decode_dataclass(cls: type, value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        raise JsonCatalogError(f"{path}: expected an object, found {type(value).__name__}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    unknown = set(value) - names - DERIVED.get(cls, frozenset())
    if unknown:
        raise JsonCatalogError(f"{path}: unknown field(s) {sorted(unknown)}")
    missing = names - set(value) - _defaulted(cls)
    if missing:
        raise JsonCatalogError(f"{path}: missing field(s) {sorted(missing)}")
    return cls(**{name: _decode(hints[name], value[name], f"{path}.{name}") for name in names if name in value})


@functools.cache
def _defaulted(cls: type) -> frozenset[str]:
    """Fields an export may lack: those with a default, as every field added after version 1 first shipped has
    (an export written before ``max_attempts`` existed reads back with its default)."""
    return frozenset(
        f.name for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    )
