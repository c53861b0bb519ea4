"""Any legal text in any field comes out of every export and snippet exactly, inside its literal.

Titles come out as the text a reader sees (``prose.plain_line``: no Markdown syntax, one line); the JSON
export keeps every field as the catalog has it (the public one all but the maintainers' fields).

Exports of generated catalogs are read back the way their users read them (the Python module is
executed, JSON and localisation files are parsed, .env lines split) and compared with the model.
TypeScript runs under Node for a few catalogs of many hostile titles; snippets are parsed with the
tree-sitter grammars and must keep the interpolations of the plain version (catalog text adds none).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from itertools import cycle
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from errcat import envelope, exports, load_catalog
from errcat.exports import json_catalog
from errcat.model import Api, Catalog
from errcat.render.prose import plain_line
from errcat.snippets import client_snippets
from tests.catalogs import write_catalog
from tests.hostile.dressing import BASE_API, BASE_CODES, CONTEXT, dress, plain
from tests.hostile.strategies import IDENTIFIER, JSON_VALUES, NASTY, PROSE, catalogs
from tests.snippet_parsers import node_types, syntax_errors
from tests.test_exports import run_typescript, without_maintainer_material

PROPERTY = settings(max_examples=60)
# Node types through which text becomes code instead of staying data.
INTERPOLATIONS = ("template_substitution", "interpolation", "string_interpolation", "expansion", "simple_expansion", "command_substitution")


def python_module(source: str) -> ModuleType:
    module = ModuleType("exported")
    exec(compile(source, "codes.py", "exec"), module.__dict__)  # noqa: S102 - running the generated module is the test
    return module


def assert_exports_hold(catalog: Catalog, files: dict[str, str]) -> None:
    for slug, api in catalog.apis.items():
        module = python_module(files[f"{slug}/codes.py"])
        assert module.API_TITLE == plain_line(api.title)
        assert {str(c.value): info.title for c, info in module.CODE_INFO.items()} == {c.code: plain_line(c.title) for c in api.codes.values()}
        assert json_catalog.read(files[f"{slug}/{slug}.json"]) == without_maintainer_material(api)
        assert json_catalog.read(json_catalog.dumps(json_catalog.document(api, CONTEXT, maintainers=True))) == api
        for locale in {locale for code in api.codes.values() for locale in code.user_messages}:
            wanted = {c.code: c.user_messages[locale] for c in api.codes.values() if locale in c.user_messages}
            assert json.loads(files[f"{slug}/l10n/i18next/{locale}/{slug}.json"]) == wanted
            arb = json.loads(files[f"{slug}/l10n/arb/{slug}_{locale.replace('-', '_')}.arb"])
            assert Counter(v for k, v in arb.items() if not k.startswith("@")) == Counter(wanted.values())
        env = files.get(f"{slug}/frontend.env", "#\n").splitlines()[1:]
        settings_by_key = dict(line.split("=", 1) for line in env)
        for behaviour in api.behaviours.values():
            if behaviour.frontend_config:
                codes = [c.code for c in api.codes.values() if c.behaviour == behaviour.id]
                assert settings_by_key[behaviour.frontend_config].split(",") == (codes or [""])


@PROPERTY
@given(catalogs())
def test_every_export_holds_the_catalog_text_exactly(catalog: Catalog) -> None:
    assert_exports_hold(catalog, {f.path: f.content for f in exports.catalog_files(catalog, CONTEXT)})


@pytest.fixture(scope="module")
def base_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    return load_catalog(write_catalog(tmp_path_factory.mktemp("base"), BASE_CODES, BASE_API)).apis["demo"]


def interpolations(api: Api) -> list[Counter[str]]:
    counts = []
    for snippet in client_snippets(api, api.codes["2001"]):
        assert syntax_errors(snippet.lexer, snippet.text) == [], f"{snippet.label}:\n{snippet.text}"
        types = node_types(snippet.lexer, snippet.text)
        counts.append(Counter({t: types[t] for t in INTERPOLATIONS}))
    return counts


@PROPERTY
@given(st.data())
def test_snippets_parse_and_catalog_text_adds_no_interpolation(base_api: Api, data: st.DataObject) -> None:
    texts = cycle(data.draw(st.lists(PROSE, min_size=1, max_size=6)))
    api = dress(base_api, lambda: next(texts), data.draw(IDENTIFIER), data.draw(JSON_VALUES))
    placeholder = bool(envelope.PLACEHOLDER.search(api.codes["2001"].message or ""))
    assert interpolations(api) == interpolations(plain(base_api, placeholder))


@pytest.mark.parametrize("fragment", NASTY, ids=repr)
def test_each_nasty_fragment_in_every_snippet_field(base_api: Api, fragment: str) -> None:
    """Deterministic companion of the property: every fragment at both ends of every field, once."""
    api = dress(base_api, lambda: f"{fragment}x{fragment}")
    placeholder = bool(envelope.PLACEHOLDER.search(api.codes["2001"].message or ""))
    assert interpolations(api) == interpolations(plain(base_api, placeholder))


@settings(max_examples=3)
@given(st.lists(PROSE, min_size=30, max_size=30))
def test_typescript_modules_hold_hostile_titles_exactly(base_api: Api, tmp_path_factory: pytest.TempPathFactory, titles: list[str]) -> None:
    """Node is slow to start, so each example carries thirty titles."""
    [template] = base_api.codes.values()
    codes = {str(2000 + i): replace(template, code=str(2000 + i), title=title) for i, title in enumerate(titles)}
    api = replace(base_api, title=titles[0], codes=codes)
    out = tmp_path_factory.mktemp("ts")
    [module] = [f for f in exports.catalog_files(Catalog({"demo": api}), CONTEXT) if f.path == "demo/codes.ts"]
    (out / "demo").mkdir()
    (out / "demo" / "codes.ts").write_text(module.content, encoding="utf-8")
    loaded = run_typescript({"demo": Path(out / "demo" / "codes.ts")})["demo"]
    assert loaded["API_TITLE"] == plain_line(titles[0])
    assert {code: info["title"] for code, info in loaded["CODE_INFO"].items()} == {c: plain_line(codes[c].title) for c in codes}
