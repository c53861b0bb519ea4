"""Writes a catalog model back as catalog YAML, so a round trip can prove the loader keeps every value.

Everything is written explicitly (resolved behaviours, retryable flags) in YAML flow style, with
every string double-quoted and escaped by errcat's own ``yaml_value``: nothing is left for YAML
1.1 to reinterpret. Test support only: it drops comments and file layout, so it is no formatter.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from errcat.model import Api, Catalog, Code, Convention
from errcat.render.md import yaml_value


def flow(value: Any) -> str:
    """One value as YAML flow: JSON's shape, YAML's string escapes, floats YAML 1.1 reads as floats."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, float):
        assert math.isfinite(value)
        mantissa, _, exponent = repr(value).partition("e")
        mantissa = mantissa if "." in mantissa else mantissa + ".0"  # YAML 1.1 needs the dot: 1e+20 would be a string
        return mantissa + (f"e{'' if exponent[0] in '+-' else '+'}{exponent}" if exponent else "")
    return yaml_value(value)  # strings quoted and escaped; None, booleans and ints as JSON writes them


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None and v != ()}


def wire_fields(conv: Convention) -> dict[str, Any]:
    """What one envelope says of its own: the convention's in the single form, each named envelope's otherwise."""
    return {
        "content_type": conv.content_type,
        "code_path": conv.code_path,
        "message_path": conv.message_path,
        "doc_url_field": conv.doc_url_field,
        "problem_type_base": conv.problem_type_base,
        "field_errors_path": conv.field_errors_path,
        "envelope": conv.envelope,
        "fields": tuple({"path": f.path, "type": f.type, "meaning": f.meaning} for f in conv.fields),
    }


def api_fields(api: Api) -> dict[str, Any]:
    conv = api.convention
    if api.envelopes:
        envelopes = {name: _present({"title": c.title, **wire_fields(c)}) for name, c in api.envelopes.items()}
        shape = {"default_envelope": conv.name, "envelopes": envelopes}
    else:
        shape = wire_fields(conv)
    convention = _present(
        {
            **shape,
            "fixed_http_status": conv.fixed_http_status,
            "code_type": conv.code_type,
            "code_pattern": conv.code_pattern,
            "code_format": conv.code_format,
            "statuses": tuple(_present({"status": s.status, "meaning": s.meaning, "when": s.when}) for s in conv.statuses),
            "parsing_order": conv.parsing_order,
            "notes": conv.notes,
            "maintainer_notes": conv.maintainer_notes,
        }
    )
    groups = {
        g.id: _present(
            {
                "title": g.title,
                "meaning": g.meaning,
                "range": g.range_text,
                "parent": g.parent,
                "behaviour": g.behaviour,
                "rules": g.rules,
                "advice_required": g.advice_required or None,
                "class": g.class_prefix,
                "severity": g.severity,
                "explanation": g.explanation,
                "envelope": g.envelope,
            }
        )
        for g in api.groups.values()
    }
    behaviours = {
        b.id: _present({"action": b.action, "title": b.title, "description": b.description, "frontend_config": b.frontend_config})
        for b in api.behaviours.values()
    }
    tags = {t.id: _present({"title": t.title, "description": t.description}) for t in api.tags.values()}
    return _present(
        {
            "title": api.title,
            "summary": api.summary,
            "source": api.source,
            "convention": convention,
            "default_behaviour": api.default_behaviour,
            "behaviours": behaviours,
            "groups": groups or None,
            "tags": tags or None,
            "notes": api.notes,
            "maintainer_notes": api.maintainer_notes,
            "operations": {op.id: {"method": op.method, "path": op.path, "summary": op.summary} for op in api.operations.values()} or None,
            "transport": api.transport,
            "explanation": api.explanation,
            "hide_example_lines": api.hide_example_lines or None,
            "constant_scope": api.constant_scope,
            "snippet_languages": list(api.snippet_languages),  # a list, so an empty one is written too
            "retryable_default": None,  # every code's retryable is written resolved
        }
    )


def code_fields(code: Code) -> dict[str, Any]:
    life = code.lifecycle
    lifecycle = _present(
        {
            "since": life.since,
            "deprecated": life.deprecated,
            "removed": life.removed,
            "replaced_by": life.replaced_by,
            "renamed_from": life.renamed_from,
            "no_longer_emitted": life.no_longer_emitted or None,
            "internal": life.internal or None,
        }
    )
    return _present(
        {
            "constant": None if code.other_constants else code.constant,
            "constants": code.constants if code.other_constants else None,
            "severity": code.severity,
            "explanation": code.explanation,
            "title": code.title,
            "meaning": code.meaning,
            "message": code.message,
            "user_messages": code.user_messages or None,
            "http_status": code.http_status,
            "group": code.group,
            "behaviour": code.behaviour,
            "retryable": code.retryable,
            "max_attempts": code.max_attempts,
            "advice": code.advice,
            "causes": tuple(_present({"title": c.title, "detail": c.detail, "advice": c.advice}) for c in code.causes),
            "params": tuple(
                _present({"name": p.name, "type": p.type, "meaning": p.meaning, "example": p.example}) for p in code.params
            ),
            "example": code.example,
            "raised_by": code.raised_by,
            "tags": code.tags,
            "notes": code.notes,
            "maintainer_notes": code.maintainer_notes,
            "lifecycle": lifecycle or None,
            "operations": code.operations,
            "envelope": code.envelope,
        }
    )


def dump_catalog(catalog: Catalog, root: Path) -> Path:
    """Write ``catalog`` under ``root/catalog`` (api.yaml and codes.yaml per API); returns that folder."""
    for api in catalog.apis.values():
        folder = root / "catalog" / api.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "api.yaml").write_text("".join(f"{k}: {flow(v)}\n" for k, v in api_fields(api).items()), encoding="utf-8")
        entries = "".join(f"  {flow(c.code)}: {flow(code_fields(c))}\n" for c in api.codes.values())
        (folder / "codes.yaml").write_text("codes:\n" + entries if entries else "codes: {}\n", encoding="utf-8")
    return root / "catalog"
