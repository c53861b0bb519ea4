"""``user_messages``: per-locale text for the user, checked so every localisation format can carry it."""

from __future__ import annotations

from pathlib import Path

import pytest

from errcat import Catalog, CatalogError, load_catalog
from tests.catalogs import ONE_CODE, write_catalog

PARAMS = "    params:\n      - {name: field, type: string, meaning: The field.}\n"


def problems(tmp_path: Path, messages: str, params: str = PARAMS) -> list[str]:
    codes = ONE_CODE + params + "    user_messages:\n" + messages
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(tmp_path, codes))
    return [str(p) for p in info.value.problems]


def test_declared_params_and_plain_text_load(tmp_path: Path) -> None:
    codes = ONE_CODE + PARAMS + '    user_messages:\n      en: "Fill in {field}, it\'s \\"required\\"."\n      pt-BR: "Preencha {field}."\n'
    code = load_catalog(write_catalog(tmp_path, codes)).apis["demo"].codes["2001"]
    assert code.user_messages == {"en": "Fill in {field}, it's \"required\".", "pt-BR": "Preencha {field}."}


def test_undeclared_param_is_an_error_naming_file_line_and_code(tmp_path: Path) -> None:
    [found] = problems(tmp_path, '      en: "Fill in {field} and {other}."\n')
    assert found == "catalog/demo/codes.yaml:2: error [2001]: user message (en) uses undeclared param(s) ['other']"


@pytest.mark.parametrize("text", ["Use {{field}} here", "A } alone", "{ field }", "See $t(other.key)"])
def test_text_that_arb_or_i18next_would_read_as_syntax_is_refused(tmp_path: Path, text: str) -> None:
    [found] = problems(tmp_path, f'      de: "{text}"\n')
    assert "[2001]: user message (de) contains" in found and "outside a {param} placeholder" in found


@pytest.mark.parametrize("locale", ["english", "EN", "en_US", "de-de"])
def test_locale_must_be_a_bcp47_tag(tmp_path: Path, locale: str) -> None:
    [found] = problems(tmp_path, f'      {locale}: "Hello"\n')
    assert f"codes.yaml:10: error [2001]: '{locale}' does not match" in found and "e.g. en, pt-BR" in found


def test_assistant_has_english_for_every_code_and_german_for_some(catalog: Catalog) -> None:
    codes = catalog.apis["assistant"].codes.values()
    assert all(code.user_messages.get("en") for code in codes)
    german = [code.code for code in codes if "de" in code.user_messages]
    assert 10 <= len(german) < len(codes) and "TODO_TITLE_REQUIRED" in german
    assert all(not code.user_messages for api in ("admin", "users") for code in catalog.apis[api].codes.values())
