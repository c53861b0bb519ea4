"""The catalog format's field reference, generated from the specs that validate it (:mod:`errcat.schema`).

The loader, the JSON Schemas and this reference all come from one declaration, so the documented
format cannot drift from the accepted one: a field added to a spec appears here with its doc text.
Each object (the API file, a code entry, a group, ...) gets a table of its fields; objects nested in
lists or mappings get their own table below, linked from the field that holds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import schema as s
from . import md


@dataclass(frozen=True, slots=True)
class _Section:
    anchor: str
    title: str
    spec: s.Obj


def _type(spec: s.Spec, nested: dict[int, _Section]) -> str:
    """A field's type in words, linking to the table of a nested object."""
    if isinstance(spec, s.Obj):
        section = nested[id(spec)]
        return f"[{section.title}](#{section.anchor})"
    if isinstance(spec, s.ListOf):
        return "list of " + _type(spec.item, nested)
    if isinstance(spec, s.MapOf):
        return f"mapping of {_type(spec.key, nested)} to {_type(spec.value, nested)}"
    if isinstance(spec, s.Enum):
        return "one of " + ", ".join(md.code(v) for v in spec.values)
    if isinstance(spec, s.AnyOf):
        return " or ".join(_type(option, nested) for option in spec.options)
    if isinstance(spec, s.Bool):
        return "`true` or `false`"
    if isinstance(spec, s.Int):
        bounds = f" ({spec.minimum}&ndash;{spec.maximum})" if spec.minimum is not None and spec.maximum is not None else ""
        return "integer" + bounds
    if isinstance(spec, s.Json):
        return "any JSON value"
    if isinstance(spec, s.Regex):
        return "regular expression (RE2)"
    if isinstance(spec, s.Text):
        return "quoted string" if spec.quoted else "string"
    return type(spec).__name__.lower()


def _objects(spec: s.Spec, title: str, anchor: str, out: dict[int, _Section]) -> None:
    """Every object spec reachable from ``spec``, each once, in reading order."""
    if isinstance(spec, s.Obj):
        if id(spec) in out:
            return
        out[id(spec)] = _Section(anchor, title, spec)
        for name, field in spec.fields.items():
            _objects(field.spec, f"{title} &rsaquo; {name}", f"{anchor}-{name}".replace("_", "-"), out)
    elif isinstance(spec, s.ListOf):
        _objects(spec.item, title, anchor, out)
    elif isinstance(spec, s.MapOf):
        _objects(spec.value, title, anchor, out)
    elif isinstance(spec, s.AnyOf):
        for option in spec.options:
            _objects(option, title, anchor, out)


def _doc(spec: s.Spec) -> str:
    """What a field means: its own doc, else that of the items or values it holds."""
    inner = spec.item if isinstance(spec, s.ListOf) else spec.value if isinstance(spec, s.MapOf) else None
    return spec.doc or (_doc(inner) if inner is not None else "")


def _table(section: _Section, nested: dict[int, _Section]) -> str:
    rows = []
    for name, field in section.spec.fields.items():
        rows.append((md.code(name), _type(field.spec, nested), section.spec.required_text(name), _doc(field.spec) or md.EM_DASH))
    intro = section.spec.doc + "\n\n" if section.spec.doc else ""
    return f"### {section.title} {{ #{section.anchor} }}\n\n{intro}" + md.table(("Field", "Type", "Required", "Meaning"), rows)


def field_reference() -> str:
    """Markdown: one table per object of the API file and the codes file, every field with its type and meaning."""
    nested: dict[int, _Section] = {}
    _objects(s.API_FILE, "api.yaml", "api-yaml", nested)
    _objects(s.CODES_FILE, "Codes file", "codes-file", nested)
    return "\n\n".join(_table(section, nested) for section in nested.values())


def convention_example(files: dict[str, str]) -> str:
    """A scaffold convention's files (name -> YAML) as fenced blocks, for the format page."""
    return "\n\n".join(f"`{name}`:\n\n" + md.code_block(text.rstrip("\n"), "yaml") for name, text in files.items())
