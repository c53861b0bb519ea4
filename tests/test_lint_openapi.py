"""``python -m errcat lint-openapi``: each planted mismatch of a fixture spec is found with its JSON pointer and
catalog location; errcat's own OpenAPI export agrees with the catalog; unusable input exits 2 with a message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from errcat import openapi_spec
from tests.catalogs import OPERATIONS_API, OPERATIONS_CODES, write_catalog
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "openapi" / "demo.yaml"
SPEC = "tests/fixtures/openapi/demo.yaml"
# Each planted mismatch of the fixture: its pointer, what is wrong, and where the catalog says otherwise.
PLANTED = [
    "#/paths/~1items/post/responses/422/content/application~1json/examples/ghost/value/error/code:"
    " code '4777' is not in the catalog of demo (catalog: catalog/demo/api.yaml:1)",
    "#/components/schemas/ErrorCode/enum/4: code '4999' is not in the catalog of demo (catalog: catalog/demo/api.yaml:1)",
    "#/paths/~1items/post/responses/400/content/application~1json/examples/tooLong:"
    " POST /items documents code '4001' under status 400; the catalog says 422 (catalog: catalog/demo/codes.yaml:8)",
    "#/paths/~1items~1{id}/get/responses/410/content/application~1json/example/error/code:"
    " GET /items/{id} documents code '4004' under status 410; the catalog says 404 (catalog: catalog/demo/codes.yaml:18)",
    "#/paths/~1items~1{id}/get/responses/410/content/application~1json/schema/properties/error/properties/code/enum/0:"
    " GET /items/{id} documents code '4004' under status 410; the catalog says 404 (catalog: catalog/demo/codes.yaml:18)",
    "#/paths/~1items/post/responses/422:"
    " POST /items does not document code '4029' (422), which the catalog says it returns (catalog: catalog/demo/codes.yaml:24)",
    "#/paths/~1items~1{id}/get/responses:"
    " GET /items/{id} does not document code '2001' (401), which the catalog says it returns (catalog: catalog/demo/codes.yaml:2)",
]


def lint(catalog_dir: Path, spec: Path | str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "errcat", "--catalog", str(catalog_dir), "lint-openapi", str(spec), *options],
        cwd=ROOT, capture_output=True, text=True,
    )


@pytest.fixture(scope="module")
def demo_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("lint"), OPERATIONS_CODES, OPERATIONS_API)


def test_every_planted_mismatch_is_found_with_its_pointer(demo_catalog: Path) -> None:
    result = lint(demo_catalog, SPEC)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [SPEC + line for line in PLANTED] + [
        f"{len(PLANTED)} finding(s) comparing {SPEC} with the catalog of demo"
    ]
    assert result.stderr == ""


def test_a_json_spec_gives_the_same_findings(demo_catalog: Path, tmp_path: Path) -> None:
    spec = tmp_path / "demo.json"
    spec.write_text(json.dumps(openapi_spec.read(FIXTURE)), encoding="utf-8")
    result = lint(demo_catalog, spec, "--api", "demo")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:-1] == [f"{spec}{line}" for line in PLANTED]


def test_a_catalog_operation_missing_from_the_spec_is_named(demo_catalog: Path, tmp_path: Path) -> None:
    document = openapi_spec.read(FIXTURE)
    del document["paths"]["/items"]
    spec = tmp_path / "no-items.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    result = lint(demo_catalog, spec)
    assert f"{spec}#/paths: the catalog's operation createItem (POST /items) is not in the spec (catalog: catalog/demo/api.yaml:22)" in result.stdout.splitlines()


@pytest.mark.showcase
def test_the_openapi_export_of_every_shipped_api_agrees_with_the_catalog(tmp_path: Path) -> None:
    exported = subprocess.run(
        [sys.executable, "-m", "errcat", "export", "--format", "openapi", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert exported.returncode == 0, exported.stderr
    for slug in ("admin", "assistant", "expenses", "scanner", "users"):
        spec = tmp_path / slug / "openapi.json"
        result = lint(ROOT / "catalog", spec)  # the API is found by the spec's info.title
        assert (result.returncode, result.stdout) == (0, f"ok: {spec} agrees with the catalog of {slug}\n"), result.stdout + result.stderr


@pytest.mark.showcase
def test_the_lint_can_disagree_with_a_real_export(tmp_path: Path) -> None:
    """The clean result above is earned: the same export against another API's catalog is all findings."""
    subprocess.run([sys.executable, "-m", "errcat", "export", "--format", "openapi", "--out", str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    result = lint(ROOT / "catalog", tmp_path / "scanner" / "openapi.json", "--api", "expenses")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == f"9 finding(s) comparing {tmp_path / 'scanner' / 'openapi.json'} with the catalog of expenses"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.yaml", "error: cannot read {spec}: No such file or directory"),
        ("title: Demo\n", "notes.yaml", "error: {spec} is not an OpenAPI 3 document (no openapi: 3.x field)"),
        ('swagger: "2.0"\n', "old.yaml", "error: {spec} is not an OpenAPI 3 document (swagger 2.0)"),
        ("[1, 2]\n", "list.yaml", "error: {spec} is not an OpenAPI 3 document (no openapi: 3.x field)"),
        ("openapi: 3.1\n", "number.yaml", "error: {spec}: openapi: 3.1 is a number, but OpenAPI wants the version as a string; quote it"),
        ('{"openapi": "3.1.0", "paths": {}, "paths": {"/x": {}}}', "twice.json", "error: {spec} has the key 'paths' twice in one object"),
        ('{"openapi": "3.1.0",', "broken.json", "error: {spec} is not JSON: Expecting property name enclosed in double quotes: line 1 column 21 (char 20)"),
        ("openapi: 3.1.0\npaths: {\n", "broken.yaml", "error: {spec}:3: cannot read it as YAML: YAML syntax error: did not find expected node content"),
        ("openapi: 3.1.0\na: &x [1]\nb: *x\n", "alias.yaml", "error: {spec}:2: anchors (&x) are not allowed; write the value out\n{spec}:3: aliases (*x) are not allowed; write the value out"),
        ("openapi: 3.1.0\nopenapi: 3.0.0\n", "twice.yaml", "error: {spec}:2: duplicate key 'openapi' (first defined on line 1)"),
        ("openapi: !!python/object:os.system 3.1.0\n", "tag.yaml", "error: {spec}:1: explicit tags (tag:yaml.org,2002:python/object:os.system) are not allowed"),
    ],
)
def test_unusable_input_exits_2_with_a_message(demo_catalog: Path, tmp_path: Path, content: str | None, name: str, message: str) -> None:
    spec = tmp_path / name
    if content is not None:
        spec.write_text(content, encoding="utf-8")
    result = lint(demo_catalog, spec)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == message.replace("{spec}", str(spec)) + "\n"
    assert "Traceback" not in result.stderr


def test_an_unknown_or_unnamed_api_exits_2(demo_catalog: Path, tmp_path: Path) -> None:
    result = lint(demo_catalog, FIXTURE, "--api", "deme")
    assert (result.returncode, result.stderr) == (2, "error: no API 'deme' in the catalog (known: demo); did you mean demo?\n")
    two = write_catalog(tmp_path, OPERATIONS_CODES, OPERATIONS_API, slug="demo")
    write_catalog(tmp_path, OPERATIONS_CODES, OPERATIONS_API, slug="other")  # titled "Demo API" too
    result = lint(two, FIXTURE)
    assert result.returncode == 2
    assert result.stderr == "error: which API does the spec describe? Name it with --api (the catalog's APIs: demo, other)\n"
