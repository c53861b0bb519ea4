"""The published JSON Schemas are generated from the loader's own specs, and agree with it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from errcat import schema
from errcat.render import md
from tests.conftest import ROOT


def test_committed_schemas_are_the_generated_ones() -> None:
    for name, generated in schema.json_schemas().items():
        committed = json.loads((ROOT / "errcat" / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == generated, f"errcat/schemas/{name} is stale: run `python -m errcat schema`"


def _files() -> list[Path]:
    return sorted((ROOT / "catalog").rglob("*.yaml"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalog_file_validates_against_its_schema(path: Path) -> None:
    name = "api.schema.json" if path.name == "api.yaml" else "codes.schema.json"
    validator = jsonschema.Draft202012Validator(schema.json_schemas()[name])
    assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == []


@pytest.mark.parametrize(
    "bad",
    [
        {"codes": {"2001": {"title": "T"}}},  # missing meaning
        {"codes": {"2001": {"title": "T", "meaning": "M", "colour": "red"}}},  # unknown field
        {"codes": {"2001": {"title": "T", "meaning": "M", "http_status": "400"}}},  # wrong type
        {"codes": {"a/b": {"title": "T", "meaning": "M"}}},  # unsafe code
    ],
)
def test_schema_rejects_what_the_loader_rejects(bad: dict) -> None:
    validator = jsonschema.Draft202012Validator(schema.json_schemas()["codes.schema.json"])
    assert list(validator.iter_errors(bad))


def test_the_field_reference_names_every_field_of_the_format() -> None:
    from errcat.render.reference import field_reference

    text = field_reference()
    specs = [schema.API_FILE, schema.CODES_FILE, schema.CODE_ENTRY, schema.CONVENTION, schema.GROUP, schema.BEHAVIOUR,
             schema.LIFECYCLE, schema.PARAM, schema.CAUSE]
    for spec in specs:
        for name, field in spec.fields.items():
            assert f"| {md.code(name)} |" in text, name
            if field.spec.doc:
                assert field.spec.doc in text
