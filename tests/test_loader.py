"""Strict loading: YAML 1.1 traps, duplicates, aliases and schema errors, each reported with file, line and code."""

from __future__ import annotations

from pathlib import Path

import pytest

from errcat import CatalogError, load_catalog
from errcat.loader import load_with_problems
from tests.catalogs import MINIMAL_API, ONE_CODE, write_catalog


def errors_for(tmp_path: Path, codes: str | dict[str, str], api: str = MINIMAL_API) -> list[str]:
    root = write_catalog(tmp_path, codes, api)
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    return [str(p) for p in info.value.problems]


def test_minimal_catalog_loads(tmp_path: Path) -> None:
    catalog = load_catalog(write_catalog(tmp_path))
    code = catalog.apis["demo"].codes["2001"]
    assert (code.title, code.http_status, code.group, code.behaviour, code.retryable) == ("Bad token", 401, "auth", "show", False)
    assert code.location.file == "catalog/demo/codes.yaml" and code.location.line == 2


@pytest.mark.parametrize(
    ("written", "reads_as"),
    [("0100", "a number"), ("2001", "a number"), ("NO", "a boolean"), ("on", "a boolean"), ("1:30", "a number"), ("2024-01-01", "a date")],
)
def test_unquoted_code_is_refused_with_a_hint(tmp_path: Path, written: str, reads_as: str) -> None:
    [error] = errors_for(tmp_path, f"codes:\n  {written}:\n    title: T\n    meaning: M\n    http_status: 400\n")
    assert error.startswith("catalog/demo/codes.yaml:2: error")
    assert reads_as in error and f'"{written}"' in error


@pytest.mark.parametrize("written", ["TOKEN", "1e3"])
def test_unquoted_string_code_must_still_be_quoted(tmp_path: Path, written: str) -> None:
    [error] = errors_for(tmp_path, f"codes:\n  {written}:\n    title: T\n    meaning: M\n    http_status: 400\n")
    assert f'must be quoted: "{written}"' in error and ":2:" in error


def test_text_that_yaml_would_convert_is_refused(tmp_path: Path) -> None:
    [error] = errors_for(tmp_path, 'codes:\n  "2001":\n    title: Yes\n    meaning: M\n    http_status: 400\n')
    assert 'codes.yaml:3: error [2001]' in error and "a boolean" in error and '"Yes"' in error


def test_duplicate_key_names_both_lines_and_the_code(tmp_path: Path) -> None:
    [error] = errors_for(tmp_path, 'codes:\n  "2001":\n    title: A\n    title: B\n    meaning: M\n    http_status: 400\n')
    assert error == "catalog/demo/codes.yaml:4: error [2001]: duplicate key 'title' (first defined on line 3)"


def test_every_yaml_fault_of_a_file_is_reported_with_its_code(tmp_path: Path) -> None:
    body = "    title: T\n    meaning: M\n    http_status: 400\n"
    text = (
        'codes:\n  "2002":\n' + body + "    colour: red\n"  # 2-6
        + '  "2003":\n' + body + "    title: U\n"  # 7-11
        + '  "2004":\n    <<: {group: auth}\n' + body  # 12-16
        + '  "2005": &shared\n' + body + '    message: "\\e[31m"\n'  # 17-21
        + '  "2006":\n' + body + "    advice: !!seq [*shared]\n"  # 22-26
    )
    known = "constant, title, meaning, message, user_messages, http_status, group, behaviour, retryable, max_attempts, advice, causes, params, example, raised_by, tags, notes, maintainer_notes, lifecycle, operations, constants, severity, explanation, envelope"
    assert errors_for(tmp_path, text) == [
        f"catalog/demo/codes.yaml:6: error [2002]: unknown field 'colour' (known fields: {known})",
        "catalog/demo/codes.yaml:11: error [2003]: duplicate key 'title' (first defined on line 8)",
        "catalog/demo/codes.yaml:13: error [2004]: merge keys (<<) are not allowed; write the fields out",
        "catalog/demo/codes.yaml:17: error [2005]: anchors (&shared) are not allowed; write the value out",
        "catalog/demo/codes.yaml:21: error [2005]: the text contains the control character U+001B; "
        "catalog text must be printable (tabs and line breaks are the only control characters allowed)",
        "catalog/demo/codes.yaml:26: error [2006]: explicit tags (tag:yaml.org,2002:seq) are not allowed",
        "catalog/demo/codes.yaml:26: error [2006]: aliases (*shared) are not allowed; write the value out",
    ]


def test_code_defined_in_two_files(tmp_path: Path) -> None:
    [error] = errors_for(tmp_path, {"a.yaml": ONE_CODE, "b.yaml": ONE_CODE})
    assert error.startswith("catalog/demo/b.yaml:2: error [2001]") and "first at catalog/demo/a.yaml:2" in error


@pytest.mark.parametrize("flawed", ["a.yaml", "b.yaml"])
def test_a_code_with_a_field_error_is_still_found_defined_twice(tmp_path: Path, flawed: str) -> None:
    files = {"a.yaml": ONE_CODE, "b.yaml": ONE_CODE}
    files[flawed] = ONE_CODE + "    retryable: NO\n"
    assert errors_for(tmp_path, files) == [
        f"catalog/demo/{flawed}:7: error [2001]: expected true, false, conditional or unspecified, found 'NO'",
        "catalog/demo/b.yaml:2: error [2001]: code defined twice (first at catalog/demo/a.yaml:2)",
    ]


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ('codes:\n  "2001": &c\n    title: T\n    meaning: M\n    http_status: 400\n', "anchors (&c) are not allowed"),
        ('x: &a 1\ncodes:\n  "2001":\n    title: *a\n', "anchors (&a) are not allowed"),
        ('codes:\n  "2001":\n    <<: {title: T}\n    meaning: M\n', "merge keys (<<) are not allowed"),
        ('codes:\n  "2001":\n    title: !!python/object:os.system T\n', "explicit tags"),
        ("codes:\n\t- x\n", "YAML syntax error"),
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping, found a list"),
    ],
)
def test_yaml_features_that_hide_data_are_refused(tmp_path: Path, yaml_text: str, message: str) -> None:
    errors = errors_for(tmp_path, yaml_text)
    assert any(message in e and e.startswith("catalog/demo/codes.yaml:") for e in errors), errors


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    (root / "demo" / "codes.yaml").write_bytes(b'codes:\n  "2001":\n    title: caf\xe9\n')
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    assert "codes.yaml:3: error: the file is not valid UTF-8" in str(info.value)


def test_unknown_missing_and_mistyped_fields_are_all_reported(tmp_path: Path) -> None:
    errors = errors_for(
        tmp_path,
        'codes:\n  "2001":\n    title: T\n    colour: red\n    http_status: "400"\n  "2002":\n    meaning: M\n    http_status: 400\n',
    )
    text = "\n".join(errors)
    assert "codes.yaml:4: error [2001]: unknown field 'colour'" in text
    assert "codes.yaml:5: error [2001]: expected a plain decimal integer" in text
    assert "codes.yaml:3: error [2001]: missing required field(s): meaning" in text
    assert "codes.yaml:7: error [2002]: missing required field(s): title" in text


def test_retryable_accepts_only_true_false_conditional(tmp_path: Path) -> None:
    [error] = errors_for(tmp_path, ONE_CODE + "    retryable: yes\n")
    assert "expected true, false, conditional or unspecified" in error and "[2001]" in error


def test_example_body_keeps_order_and_refuses_yaml11_scalars(tmp_path: Path) -> None:
    good = ONE_CODE + "    example: {z: 1, a: [true, null, 1.5, \"0100\"], m: text}\n"
    code = load_catalog(write_catalog(tmp_path / "good", good)).apis["demo"].codes["2001"]
    assert list(code.example) == ["z", "a", "m"] and code.example["a"] == [True, None, 1.5, "0100"]
    [error] = errors_for(tmp_path / "bad", ONE_CODE + "    example: {flag: on}\n")
    assert "YAML 1.1 reads 'on' as a boolean" in error


def test_deep_nesting_is_a_catalog_error_not_a_crash(tmp_path: Path) -> None:
    deep = ONE_CODE + "    example: " + "[" * 5000 + "]" * 5000 + "\n"
    [error] = errors_for(tmp_path, deep)
    assert "nesting is deeper than 64 levels" in error


def test_problems_of_every_file_are_collected(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, {"a.yaml": "codes:\n  0100: {}\n", "b.yaml": "codes: [1]\n"})
    _, problems = load_with_problems(root)
    files = {p.file for p in problems}
    assert files == {"catalog/demo/a.yaml", "catalog/demo/b.yaml"}


def test_other_files_in_an_api_folder_are_named_never_silently_skipped(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, {"codes.yaml": ONE_CODE, "README.md": "# notes\n", ".codes.yaml.swp": "editor state"})
    catalog, problems = load_with_problems(root)
    assert [str(p) for p in problems] == ["catalog/demo/README.md: warning: not a catalog file, so not read (codes files end in .yaml or .yml)"]
    assert list(catalog.apis["demo"].codes) == ["2001"]  # a warning only: the catalog still loads; the swap file is an editor's
