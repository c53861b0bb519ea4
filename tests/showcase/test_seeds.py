"""The five seed documents survive transcription: every code they list is in the catalog, with their facts.

Each seed is parsed straight from ``../shared/seeds`` (the documents as the teams wrote them), so a
code dropped or a fact changed in ``catalog/`` fails here.
"""

from __future__ import annotations

import re

import pytest

from errcat import Catalog
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")


def seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def same_text(a: str, b: str) -> bool:
    return a.strip().rstrip(".").casefold() == b.strip().rstrip(".").casefold()


def test_admin_numeric_ranges_http_200_and_env_mapping(catalog: Catalog) -> None:
    text, api = seed("000"), catalog.apis["admin"]
    rows = re.findall(r"^(\d{4}) \| (?:Code\.)?([A-Z_]+) \| ([^|\n]+?) \|(?: ([^|\n]+) \|)?$", text, re.M)
    assert len(rows) == 54
    assert set(api.codes) == {r[0] for r in rows}
    for code, constant, meaning, _ in rows:
        entry = api.codes[code]
        assert (entry.constant, entry.http_status) == (constant, 200)
        assert same_text(entry.meaning, meaning), code
    for setting, codes in re.findall(r"(VITE_SERVICE_[A-Z_]+_CODES?)=([\d,]+)", text):
        [behaviour] = [b for b in api.behaviours.values() if b.frontend_config == setting]
        assert {c for c, e in api.codes.items() if e.behaviour == behaviour.id} == set(filter(None, codes.split(","))), setting
    assert api.codes["0000"].code == "0000" and api.groups["project"].range == (4000, 9999)


def test_expenses_string_codes_with_http_statuses(catalog: Catalog) -> None:
    api, status, seen = catalog.apis["expenses"], None, {}
    for line in seed("001").splitlines():
        heading = re.fullmatch(r".* Errors \((\d{3})\)", line)
        if heading:
            status = int(heading.group(1))
        row = re.fullmatch(r"([A-Z][A-Z_]+) (.+)", line)
        if row and status and row.group(1) not in ("Code", "Field", "Status"):
            seen[row.group(1)] = (status, row.group(2))
    seen["VALIDATION_ERROR"] = (400, "One or more validation errors occurred")
    assert set(api.codes) == set(seen) and len(seen) == 20
    for code, (status, meaning) in seen.items():
        assert api.codes[code].http_status == status and same_text(api.codes[code].meaning, meaning), code


def test_assistant_problem_json_registry(catalog: Catalog) -> None:
    text, api = seed("002"), catalog.apis["assistant"]
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([a-z_/]+) \| (\d+) \| (.*) \|$", text, re.M)
    assert len(rows) == 99
    for code, domain, status, meaning in rows:
        entry = api.codes[code]
        assert (entry.group, entry.http_status) == (domain.replace("/", "_"), int(status)), code
        assert api.groups[entry.group].title == domain and entry.meaning == meaning
    agent_set = set(re.findall(r"^- `([A-Z_]+)`$", text.split("## Agent Error Code Set")[1], re.M))
    assert {c for c, e in api.codes.items() if "agent-code-set" in e.tags} == agent_set
    assert set(api.codes) == {r[0] for r in rows} | {"TODO_TITLE_REQUIRED"}  # the example's code, missing from the table
    assert api.convention.content_type == "application/problem+json"


def test_users_integer_meta_code_with_handling_advice(catalog: Catalog) -> None:
    api = catalog.apis["users"]
    rows = re.findall(r"^(\d+) \| (\d{3}) \| ([^|]+) \| ([^|]+) \|$", seed("003"), re.M)
    assert len(rows) == 8 and set(api.codes) == {r[0] for r in rows}
    for code, status, title, meaning in rows:
        entry = api.codes[code]
        assert (entry.http_status, entry.title) == (int(status), title) and same_text(entry.meaning, meaning)
    assert api.convention.code_type == "integer" and api.convention.code_path == "meta.code"
    assert [c.title for c in api.codes["99"].causes] == ["Expired token", "Blocked account", "Two-factor authentication mismatch"]
    assert api.codes["77"].advice[0] == "Implement retry logic with exponential backoff."


def test_scanner_envelope_with_retryable(catalog: Catalog) -> None:
    api = catalog.apis["scanner"]
    rows = re.findall(r"^([a-z_]+) (\d{3}) (.+)$", seed("004"), re.M)
    assert len(rows) == 9 and set(api.codes) == {r[0] for r in rows}
    # The seed writes the retry flag into two meanings; the catalog has it as the retryable field.
    flags = {" retryable: true.": True, " retryable may be true for transient failures.": "conditional"}
    for code, status, meaning in rows:
        assert api.codes[code].http_status == int(status), code
        for suffix, retryable in flags.items():
            if meaning.endswith(suffix):
                meaning = meaning.removesuffix(suffix)
                assert api.codes[code].retryable == retryable, code
        assert same_text(api.codes[code].meaning, meaning), code
    assert api.codes["service_unavailable"].retryable is True and api.codes["internal_error"].retryable == "conditional"
    assert api.convention.envelope["schema_version"] == 1
