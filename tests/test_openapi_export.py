"""``python -m errcat export --format openapi``: a valid OpenAPI 3.1 document per API, whose schemas accept
each code's example and reject what the catalog does not say, and whose types an SDK generator turns into
the code enum and one model per code."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from datamodel_code_generator import DataModelType, InputFileType, generate
from openapi_spec_validator import validate

from errcat import Catalog
from errcat.envelope import wire_code
from errcat.safe_markdown import plain_line
from tests.catalogs import HOSTILE_LABEL, OPERATIONS_API, OPERATIONS_CODES, write_catalog
from tests.conftest import ROOT

BASE_URL = "https://errors.example.com"


def export_openapi(catalog_dir: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "errcat", "--catalog", str(catalog_dir), "export", "--format", "openapi", "--out", str(out), "--base-url", BASE_URL],
        cwd=ROOT, capture_output=True, text=True,
    )


def documents(out: Path) -> dict[str, dict[str, Any]]:
    return {path.parent.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(out.glob("*/openapi.json"))}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("openapi")
    result = export_openapi(ROOT / "catalog", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote 5 files for 5 APIs to {out}\n"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        f"{slug}/openapi.json" for slug in ("admin", "assistant", "expenses", "scanner", "users")
    ]  # only the OpenAPI documents
    return documents(out)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("openapi-demo")
    result = export_openapi(write_catalog(root, OPERATIONS_CODES, OPERATIONS_API), root / "out")
    assert result.returncode == 0, result.stderr
    return documents(root / "out")["demo"]


def error_validator(document: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A JSON Schema validator of the document's ``Error`` schema, its references resolved within the document."""
    return jsonschema.Draft202012Validator({**document, "$ref": "#/components/schemas/Error"})


def test_every_shipped_api_exports_a_valid_openapi_3_1_document(shipped: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    assert set(shipped) == set(catalog.apis)
    for slug, document in shipped.items():
        validate(document)  # raises, naming the fault, on an invalid document
        assert document["openapi"] == "3.1.0" and document["info"]["title"] == catalog.apis[slug].title


def test_the_code_enum_is_every_code_as_sent(shipped: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    for slug, document in shipped.items():
        api = catalog.apis[slug]
        code_schema = document["components"]["schemas"]["ErrorCode"]
        assert code_schema["enum"] == [wire_code(api, code) for code in api.codes.values()], slug
        assert code_schema["type"] == ("integer" if slug == "users" else "string")
        assert code_schema["x-enum-descriptions"] == [code.title for code in api.codes.values()]


def test_each_codes_example_is_a_valid_error_and_other_bodies_are_not(shipped: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    for slug, document in shipped.items():
        validator = error_validator(document)
        found = document["components"]["examples"]
        assert list(found) == list(catalog.apis[slug].codes), slug  # one example per code
        for code, example in found.items():
            errors = [e.message for e in validator.iter_errors(example["value"])]
            assert errors == [], (slug, code, errors)
    assistant = error_validator(shipped["assistant"])
    title_required = shipped["assistant"]["components"]["examples"]["TODO_TITLE_REQUIRED"]["value"]
    assert title_required["params"] == {"field": "title"}
    assert not assistant.is_valid({**title_required, "code": "NO_SUCH_CODE"})
    assert not assistant.is_valid({**title_required, "params": {"field": 5}})  # the code's own params schema
    assert not assistant.is_valid({**title_required, "params": {}})  # its declared param is required
    scanner = shipped["scanner"]["components"]["examples"]["not_found"]["value"]
    assert not error_validator(shipped["scanner"]).is_valid({**scanner, "error": {**scanner["error"], "code": "missing"}})
    assert not error_validator(shipped["users"]).is_valid({"meta": {"code": "88", "message": "x"}})  # integer codes


def test_params_are_a_oneof_discriminated_by_the_code(shipped: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    schemas = shipped["assistant"]["components"]["schemas"]
    codes = list(catalog.apis["assistant"].codes)
    assert schemas["Error"]["discriminator"] == {
        "propertyName": "code",
        "mapping": {code: f"#/components/schemas/Error_{code}" for code in codes},
    }
    assert schemas["Error"]["oneOf"] == [{"$ref": f"#/components/schemas/Error_{code}"} for code in codes]
    variant = schemas["Error_TODO_TITLE_REQUIRED"]
    assert variant["properties"]["code"] == {"const": "TODO_TITLE_REQUIRED"} and variant["required"] == ["code", "params"]
    assert schemas["Params_TODO_TITLE_REQUIRED"]["properties"]["field"]["type"] == "string"
    for slug in ("admin", "expenses", "users", "scanner"):  # no params field in their envelopes: one Error schema
        assert "oneOf" not in shipped[slug]["components"]["schemas"]["Error"], slug


@pytest.mark.showcase
def test_declared_operations_get_their_error_responses(shipped: dict[str, dict[str, Any]]) -> None:
    scanner = shipped["scanner"]["paths"]
    assert list(scanner) == ["/v1/repositories/{repoId}"]
    get = scanner["/v1/repositories/{repoId}"]["get"]
    assert get["operationId"] == "getRepository"
    assert get["parameters"] == [{"name": "repoId", "in": "path", "required": True, "schema": {"type": "string"}}]
    content = get["responses"]["404"]["content"]["application/json"]
    assert content == {"schema": {"$ref": "#/components/schemas/Error"}, "examples": {"not_found": {"$ref": "#/components/examples/not_found"}}}
    todo = shipped["assistant"]["paths"]["/api/v1/todo"]["post"]["responses"]
    assert list(todo) == ["422"] and list(todo["422"]["content"]["application/problem+json"]["examples"]) == ["TODO_TITLE_REQUIRED"]
    for slug in ("admin", "expenses", "users"):
        assert shipped[slug]["paths"] == {}, slug


def test_each_operation_lists_its_codes_by_status(demo: dict[str, Any]) -> None:
    validate(demo)
    create, get = demo["paths"]["/items"]["post"], demo["paths"]["/items/{itemId}"]["get"]
    examples = {status: list(r["content"]["application/json"]["examples"]) for status, r in create["responses"].items()}
    assert examples == {"401": ["2001"], "422": ["4001", "4029"]}
    assert create["responses"]["422"]["description"] == "Unprocessable Entity (error codes: 4001, 4029)"
    assert {status: list(r["content"]["application/json"]["examples"]) for status, r in get["responses"].items()} == {"401": ["2001"], "404": ["4004"]}
    params = demo["components"]["schemas"]["Params_4001"]
    assert params["properties"]["limit"]["type"] == "integer" and params["required"] == ["field", "limit"]
    # The params sit beside the code inside "error": the union is that object's schema.
    assert demo["components"]["schemas"]["Error"]["properties"]["error"] == {"$ref": "#/components/schemas/ErrorByCode"}
    assert demo["components"]["schemas"]["ErrorByCode"]["discriminator"]["propertyName"] == "code"
    assert error_validator(demo).is_valid(demo["components"]["examples"]["4001"]["value"])


def test_catalog_text_lands_as_data(tmp_path: Path) -> None:
    """Hostile titles, meanings and summaries are strings of the document, byte for byte, never keys or syntax;
    a code's title where OpenAPI wants plain text (an example's summary, an enum description) without its Markdown."""
    hostile = json.dumps(HOSTILE_LABEL)
    codes = OPERATIONS_CODES.replace("title: Item name missing", f"title: {hostile}").replace(
        "meaning: The item has no name.", f"meaning: {hostile}"
    )
    api = OPERATIONS_API.replace("summary: Create an item.", f"summary: {hostile}")
    result = export_openapi(write_catalog(tmp_path, codes, api), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    document = documents(tmp_path / "out")["demo"]
    validate(document)
    assert document["components"]["schemas"]["ErrorCode"]["x-enum-descriptions"][1] == plain_line(HOSTILE_LABEL)
    assert document["components"]["examples"]["4001"]["summary"] == plain_line(HOSTILE_LABEL) != HOSTILE_LABEL
    assert document["paths"]["/items"]["post"]["summary"] == HOSTILE_LABEL
    assert document["components"]["schemas"]["Error_4001"]["description"] == f"{HOSTILE_LABEL}: {HOSTILE_LABEL}"


# An SDK generator's view ----------------------------------------------------------------------


def generated_models(document: dict[str, Any], folder: Path) -> ModuleType:
    """Pydantic models generated from ``document`` by datamodel-code-generator, imported."""
    path = folder / "models.py"
    generate(json.dumps(document), input_file_type=InputFileType.OpenAPI, output=path, output_model_type=DataModelType.PydanticV2BaseModel)
    spec = importlib.util.spec_from_file_location(f"generated_{folder.name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the models' forward references through it
    spec.loader.exec_module(module)
    return module


@pytest.mark.filterwarnings("ignore::FutureWarning")  # the generator's notice about its future default formatters
def test_an_sdk_generator_turns_the_code_enum_and_variants_into_types(
    shipped: dict[str, dict[str, Any]], catalog: Catalog, tmp_path: Path
) -> None:
    for slug, document in shipped.items():
        api = catalog.apis[slug]
        (tmp_path / slug).mkdir()
        models = generated_models(document, tmp_path / slug)
        assert [member.value for member in models.ErrorCode] == [wire_code(api, code) for code in api.codes.values()], slug
    admin = sys.modules["generated_admin"]  # members are named as in the other exports (x-enum-varnames)
    assert admin.ErrorCode.SUCCESS.value == "0000" and admin.ErrorCode.INVALID_TOKEN.value == "2100"
    assistant = sys.modules["generated_assistant"]
    example = shipped["assistant"]["components"]["examples"]["TODO_TITLE_REQUIRED"]["value"]
    parsed = assistant.Error.model_validate(example).root  # the discriminated union picks the code's own model
    assert type(parsed).__name__ == "ErrorTODOTITLEREQUIRED" and parsed.params.field == "title"


def test_integer_codes_get_a_oneof_without_a_discriminator(tmp_path: Path) -> None:
    """OpenAPI's discriminator maps strings only; integer codes pick their variant by each variant's const."""
    api = OPERATIONS_API.replace("code_type: string", "code_type: integer").replace('code_pattern: "[0-9]{4}"', 'code_pattern: "[1-9][0-9]*"')
    result = export_openapi(write_catalog(tmp_path, OPERATIONS_CODES, api), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    document = documents(tmp_path / "out")["demo"]
    validate(document)
    union = document["components"]["schemas"]["ErrorByCode"]
    assert "discriminator" not in union and len(union["oneOf"]) == 4
    assert document["components"]["schemas"]["Error_4001"]["properties"]["code"] == {"const": 4001}
    validator = error_validator(document)
    example = document["components"]["examples"]["4001"]["value"]
    assert example["error"]["code"] == 4001 and validator.is_valid(example)
    assert not validator.is_valid({"error": {**example["error"], "code": "4001"}})  # the string is not the code
