"""Semantic checks: ranges, references, statuses and URL safety, each naming file, line and code."""

from __future__ import annotations

from pathlib import Path

import pytest

from errcat import CatalogError, load_catalog
from errcat.loader import load_with_problems
from tests.catalogs import MINIMAL_API, write_catalog


def code(code: str, extra: str = "", status: str = "400", group: str = "auth") -> str:
    return f'  "{code}":\n    title: T {code}\n    meaning: M\n    http_status: {status}\n    group: {group}\n{extra}'


def errors(tmp_path: Path, codes: str, api: str = MINIMAL_API) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(tmp_path, "codes:\n" + codes, api))
    return [str(p) for p in info.value.problems]


def test_code_outside_its_group_range(tmp_path: Path) -> None:
    [e] = errors(tmp_path, code("2150"))
    assert e == "catalog/demo/codes.yaml:2: error [2150]: code is outside its group 'auth' range 2000-2099"


def test_code_not_matching_the_api_pattern(tmp_path: Path) -> None:
    [e] = errors(tmp_path, code("20011").replace("    group: auth\n", ""))
    assert e == "catalog/demo/codes.yaml:2: error [20011]: code does not match the API's pattern [0-9]{4} (four digits)"


def test_unknown_group_behaviour_and_tag(tmp_path: Path) -> None:
    found = errors(tmp_path, code("2001", "    behaviour: fly\n    tags: [x]\n", group="nope"))
    text = "\n".join(found)
    assert "[2001]: unknown group 'nope'" in text
    assert "[2001]: unknown behaviour 'fly' (declared: show)" in text
    assert "[2001]: unknown tag 'x'" in text


@pytest.mark.parametrize("status", ["299", "600", "99"])
def test_http_status_must_be_real(tmp_path: Path, status: str) -> None:
    found = "\n".join(errors(tmp_path, code("2001", status=status)))
    assert "[2001]" in found and ("not a registered HTTP status" in found or "outside 100..599" in found)


def test_overlapping_groups(tmp_path: Path) -> None:
    api = MINIMAL_API + '  more: {title: More, meaning: More., range: ["2050", "2199"]}\n'
    [e] = errors(tmp_path, code("2001"), api)
    assert e.startswith("catalog/demo/api.yaml:") and "'more' range 2050-2199 overlaps group 'auth' range 2000-2099" in e


def test_subgroup_outside_parent(tmp_path: Path) -> None:
    api = MINIMAL_API + '  sub: {title: Sub, meaning: Sub., range: ["2090", "2110"], parent: auth}\n'
    [e] = errors(tmp_path, code("2001"), api)
    assert "group 'sub' range 2090-2110 is outside its parent's 2000-2099" in e


def test_codes_that_collide_after_case_folding(tmp_path: Path) -> None:
    api = MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: "[A-Za-z_]+"')
    found = errors(tmp_path, code("NOT_FOUND", group="x").replace("    group: x\n", "") + code("not_found").replace("    group: auth\n", ""), api)
    assert any("[not_found]: differs from 'NOT_FOUND'" in e and "one URL" in e for e in found), found


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("../../mkdocs", "does not match"), ("a/b", "does not match"), ("CON", "device name"), ("nul.txt", "device name"),
     ("codes", "reserved page name"), ("E#1?", "does not match"), ("A\u200bB", "does not match"), ("ＡＢ", "does not match"),
     ("AB ", "does not match"), ("A.", "trailing dot")],
)
def test_codes_unsafe_in_a_url_or_path(tmp_path: Path, bad: str, reason: str) -> None:
    api = MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: ".*"')
    found = errors(tmp_path, code(bad).replace("    group: auth\n", ""), api)
    assert any(reason in e for e in found), found


def test_message_placeholders_must_be_declared_params(tmp_path: Path) -> None:
    [e] = errors(tmp_path, code("2001", "    message: Field {field} is bad\n"))
    assert "[2001]: message uses undeclared param(s) ['field']" in e


def test_every_error_is_reported_not_just_the_first(tmp_path: Path) -> None:
    found = errors(tmp_path, code("2150") + code("2151") + code("9", group="auth"))
    assert {e.split("]")[0].split("[")[1] for e in found} == {"2150", "2151", "9"}


ADVICE_RULE_API = MINIMAL_API.replace(
    'auth: {title: Auth, meaning: Auth errors., range: ["2000", "2099"]}',
    'auth: {title: Auth, meaning: Auth errors., range: ["2000", "2099"], advice_required: true}\n'
    '  sub: {title: Sub, meaning: Sub., range: ["2050", "2059"], parent: auth}\n'
    '  free: {title: Free, meaning: Free., range: ["3000", "3099"]}',
)


def test_missing_advice_is_a_warning_where_the_group_requires_it(tmp_path: Path) -> None:
    codes = (
        code("2001")  # no advice: warned
        + code("2002", "    advice: [Log out.]\n")
        + code("2003", "    causes:\n      - {title: Expired, advice: [Refresh.]}\n")  # a cause's advice counts
        + code("2051", group="sub")  # the rule holds in subgroups: warned
        + code("3001", group="free")  # no rule
    )
    catalog, problems = load_with_problems(write_catalog(tmp_path, "codes:\n" + codes, ADVICE_RULE_API))
    assert [(p.code, p.severity) for p in problems] == [("2001", "warning"), ("2051", "warning")]
    assert str(problems[1]) == (
        "catalog/demo/codes.yaml:20: warning [2051]: no handling advice: group 'auth' requires `advice` (or a cause with `advice`) for its codes"
    )
    assert set(load_catalog(tmp_path / "catalog").apis["demo"].codes) == {"2001", "2002", "2003", "2051", "3001"}  # warnings never stop loading


def test_field_errors_path_must_be_an_envelope_field(tmp_path: Path) -> None:
    api = MINIMAL_API.replace("  message_path: error.message\n", "  message_path: error.message\n  field_errors_path: error.fields\n")
    [e] = errors(tmp_path, code("2001"), api)
    assert "field_errors_path 'error.fields' is not one of the envelope's fields (error.code)" in e


def test_problems_with_the_apis_settings_name_their_line_in_api_yaml(tmp_path: Path) -> None:
    api = (
        MINIMAL_API.replace("default_behaviour: show", "default_behaviour: shout")
        .replace("  content_type: application/json\n", "  content_type: application/json\n  fixed_http_status: 299\n")
        .replace("  message_path: error.message\n", "  message_path: error.message\n  field_errors_path: error.fields\n  doc_url_field: error.type\n")
        .replace('error: {code: "{code}", message: "{message}"}', 'error: {code: "{code}", message: "{message}", hint: "{hint}"}')
        .replace(
            "  show: {action: show_message, title: Show, description: Show the message.}",
            "  show: {action: show_message, title: Show, description: Show the message., frontend_config: VITE_X}\n"
            "  other: {action: silent, title: Other, description: Nothing., frontend_config: VITE_X}",
        )
    )
    lines = api.splitlines()

    def line_of(text: str) -> int:
        [number] = [i for i, line in enumerate(lines, 1) if text in line]
        return number

    found = errors(tmp_path, code("2001"), api)
    expected = {
        "default_behaviour 'shout' is not a declared behaviour": line_of("default_behaviour:"),
        "299 is not a registered HTTP status": line_of("fixed_http_status:"),
        "field_errors_path 'error.fields' is not one of": line_of("field_errors_path:"),
        "doc_url_field 'error.type': the envelope must hold": line_of("doc_url_field:"),
        "unknown envelope placeholder(s) ['hint']": line_of("envelope:"),
        "behaviours 'show' and 'other' share frontend_config VITE_X": line_of("other: {"),
    }
    for message, line in expected.items():
        matching = [e for e in found if message in e]
        assert len(matching) == 1 and matching[0].startswith(f"catalog/demo/api.yaml:{line}: error: "), (message, found)


def test_a_code_with_a_field_error_still_gets_its_other_checks(tmp_path: Path) -> None:
    found = errors(tmp_path, code("2004", "    behaviour: fly\n", group="nope").replace("title: T 2004", "title: NO"))
    assert found == [
        "catalog/demo/codes.yaml:3: error [2004]: expected a string, but YAML reads 'NO' as a boolean; quote it: \"NO\"",
        "catalog/demo/codes.yaml:2: error [2004]: unknown behaviour 'fly' (declared: show)",
        "catalog/demo/codes.yaml:2: error [2004]: unknown group 'nope'",
    ]


def test_range_pattern_and_references_reach_a_code_read_in_part(tmp_path: Path) -> None:
    found = errors(tmp_path, code("2150", "    retryable: NO\n") + code("99", "    retryable: NO\n    tags: [x]\n"))
    assert set(found) == {
        "catalog/demo/codes.yaml:7: error [2150]: expected true, false, conditional or unspecified, found 'NO'",
        "catalog/demo/codes.yaml:13: error [99]: expected true, false, conditional or unspecified, found 'NO'",
        "catalog/demo/codes.yaml:2: error [2150]: code is outside its group 'auth' range 2000-2099",
        "catalog/demo/codes.yaml:8: error [99]: code does not match the API's pattern [0-9]{4} (four digits)",
        "catalog/demo/codes.yaml:8: error [99]: code is outside its group 'auth' range 2000-2099",
        "catalog/demo/codes.yaml:8: error [99]: unknown tag 'x'",
    } and len(found) == 6


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ("    behaviour: Fly\n", "'Fly' does not match"),  # no 'unknown behaviour' for a value that failed
        ("    group: Auth\n", "'Auth' does not match"),  # nor a behaviour guessed without the group's
        ("    http_status: '400'\n", "expected a plain decimal integer"),  # no 'http_status is required'
        ("    message: Hi {name}\n    params:\n      - {name: name, type: text, meaning: M}\n", "expected one of"),
        ("    constant: 1X\n", "'1X' does not match"),
        ("    advice: Log in again.\n", "expected a list"),  # no warning that advice is missing
    ],
)
def test_a_field_that_failed_causes_no_second_error(tmp_path: Path, fields: str, error: str) -> None:
    body = f'  "2001":\n    title: T\n    meaning: M\n{fields}' + "".join(
        f"    {name}: {value}\n" for name, value in (("http_status", "400"), ("group", "auth"), ("advice", "[Retry.]")) if name not in fields
    )
    twin = '  "2002":\n    title: T\n    meaning: M\n    http_status: 400\n    constant: 1X\n' if "constant" in fields else ""
    catalog, problems = load_with_problems(write_catalog(tmp_path, "codes:\n" + body + twin, ADVICE_RULE_API))
    messages = [p.message for p in problems]
    assert all(error in m for m in messages) and len(messages) == (2 if twin else 1), messages
    assert "2001" not in catalog.apis["demo"].codes  # a code read in part is only checked, never published


def test_a_code_read_in_part_still_answers_references_to_it(tmp_path: Path) -> None:
    api = MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: ".*"')
    codes = code("A", '    lifecycle: {replaced_by: "B"}\n', group="x").replace("    group: x\n", "")
    codes += code("B", "    retryable: NO\n").replace("    group: auth\n", "")
    [found] = errors(tmp_path, codes, api)
    assert found == "catalog/demo/codes.yaml:11: error [B]: expected true, false, conditional or unspecified, found 'NO'"  # A's replacement exists



def test_a_title_that_is_the_constant_or_code_re_cased_is_a_warning(tmp_path: Path) -> None:
    codes = (
        '  "2001":\n    constant: AGENT_SSE_CONNECTION_LIMIT\n    title: Agent sse connection limit\n    meaning: M\n    http_status: 429\n    group: auth\n'
        '  "2002":\n    constant: NOT_FOUND\n    title: Resource not found\n    meaning: M\n    http_status: 404\n    group: auth\n'
        '  "2003":\n    title: "2003"\n    meaning: M\n    http_status: 400\n    group: auth\n'
    )
    catalog, problems = load_with_problems(write_catalog(tmp_path, "codes:\n" + codes))
    assert [(p.code, p.severity) for p in problems] == [("2001", "warning"), ("2003", "warning")]
    assert "title 'Agent sse connection limit' is the code's name re-cased" in str(problems[0])
    assert set(catalog.apis["demo"].codes) == {"2001", "2002", "2003"}  # a warning never stops loading
