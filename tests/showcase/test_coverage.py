"""``python -m errcat coverage``: planted gaps, strays and duplicates in real-looking client mappers are found.

The fixtures under tests/showcase/fixtures are written the way clients write them: seed 002's
Flutter ``error_code_mapper.dart`` (a switch with fall-through cases and commented-out history), a
web client's TypeScript table (quoted and unquoted keys, nested options objects, a type alias),
a scanner table whose nested keys look like codes, and seed 000's admin frontend ``.env``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from errcat import Catalog, coverage, mappers
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "showcase" / "fixtures"
DART = FIXTURES / "error_code_mapper.dart"
TYPESCRIPT = FIXTURES / "errorHandling.ts"
SCANNER = FIXTURES / "scannerErrors.ts"
ENV = FIXTURES / "admin.env"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "errcat", "coverage", *args], cwd=ROOT, capture_output=True, text=True)


def planted(tmp_path: Path, source: Path, *edits: tuple[str, str]) -> Path:
    """A copy of ``source`` with each (old, new) edit applied once (each must apply)."""
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    copy = tmp_path / source.name
    copy.write_text(text, encoding="utf-8")
    return copy


def groups(catalog: Catalog, api: str, *paths: Path) -> tuple[bool, list[str], list[str], list[str]]:
    found = coverage.report(catalog.apis[api], list(paths))
    return found.clean, found.not_mapped, found.not_documented, found.duplicates


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("api", "mapper"), [("assistant", DART), ("assistant", TYPESCRIPT), ("scanner", SCANNER), ("admin", ENV)])
def test_clean_mappers_pass(api: str, mapper: Path) -> None:
    result = cli("--api", api, "--mapper", str(mapper))
    assert result.returncode == 0, result.stdout + result.stderr
    for group in ("documented but not mapped (0): none", "mapped but not documented (0): none", "duplicates (0): none"):
        assert group in result.stdout


def test_dart_mapper_gaps_strays_and_duplicates_are_found(tmp_path: Path, catalog: Catalog) -> None:
    mapper = planted(
        tmp_path,
        DART,
        ("      case 'TODO_NOT_FOUND':\n        return l10n.errorTodoNotFound;\n", ""),  # a gap
        ("      case 'AUTH_UNAUTHORIZED':\n", "      case 'AUTH_UNAUTHORISED':\n"),  # a typo: gap + stray
        ("      case 'USER_NOT_FOUND':\n", "      case 'USER_NOT_FOUND':\n      case 'USER_NOT_FOUND':\n"),  # a duplicate
    )
    clean, not_mapped, not_documented, duplicates = groups(catalog, "assistant", mapper)
    assert not clean
    assert not_mapped == ["AUTH_UNAUTHORIZED", "TODO_NOT_FOUND"]
    assert len(not_documented) == 1 and not_documented[0].startswith(f"AUTH_UNAUTHORISED at {mapper}:")
    assert len(duplicates) == 1 and duplicates[0].startswith("USER_NOT_FOUND at ") and duplicates[0].count(str(mapper)) == 2
    result = cli("--api", "assistant", "--mapper", str(mapper))
    assert result.returncode == 1 and "documented but not mapped (2):\n  AUTH_UNAUTHORIZED\n  TODO_NOT_FOUND" in result.stdout


def test_commented_out_codes_status_numbers_and_nested_keys_are_not_codes(catalog: Catalog) -> None:
    dart = [m.code for m in mappers.read(DART, catalog.apis["assistant"])]
    assert "LEGACY_TODO_CODE" not in dart and sorted(dart) == sorted(catalog.apis["assistant"].codes)
    ts = [m.code for m in mappers.read(TYPESCRIPT, catalog.apis["assistant"])]
    assert "UNKNOWN" not in ts and sorted(ts) == sorted(catalog.apis["assistant"].codes)  # the type alias key is no code
    scanner = [m.code for m in mappers.read(SCANNER, catalog.apis["scanner"])]
    assert sorted(scanner) == sorted(catalog.apis["scanner"].codes)  # not "title" or "retryable", which look like codes


def test_typescript_mapper_split_over_two_files_is_checked_as_one(tmp_path: Path, catalog: Catalog) -> None:
    first = planted(tmp_path, TYPESCRIPT, ('  TODO_TITLE_REQUIRED: ', '  TODO_TITLE_REQUIRED_OLD: '))
    second = tmp_path / "extra.ts"
    second.write_text('export const EXTRA = {\n  TODO_TITLE_REQUIRED: { messageKey: "errors.todoTitle" },\n  AGENT_FORBIDDEN: { messageKey: "x" },\n};\n')
    clean, not_mapped, not_documented, duplicates = groups(catalog, "assistant", first, second)
    assert not clean and not_mapped == []
    assert [d.split(" at ")[0] for d in not_documented] == ["TODO_TITLE_REQUIRED_OLD"]
    assert duplicates == [f"AGENT_FORBIDDEN at {first}:{line_of(first, 'AGENT_FORBIDDEN')}, {second}:3"]


def test_env_codes_in_the_wrong_setting_missing_or_listed_twice(tmp_path: Path, catalog: Catalog) -> None:
    env = planted(
        tmp_path,
        ENV,
        ("VITE_SERVICE_LOGOUT_CODES=2100,2101,2104,2105", "VITE_SERVICE_LOGOUT_CODES=2100,2101,2102,2105,9999"),
    )
    clean, not_mapped, not_documented, duplicates = groups(catalog, "admin", env)
    assert not clean
    assert not_mapped == ["2104 (expected in VITE_SERVICE_LOGOUT_CODES)"]
    line = line_of(env, "VITE_SERVICE_LOGOUT_CODES=")
    assert not_documented == [
        f"2102 in VITE_SERVICE_LOGOUT_CODES at {env}:{line}: the catalog puts it in VITE_SERVICE_MODAL_LOGOUT_CODES",
        f"9999 at {env}:{line}: not a code of admin",
    ]
    assert duplicates == [f"2102 at {env}:{line}, {env}:{line_of(env, 'VITE_SERVICE_MODAL_LOGOUT_CODES=')}"]


def test_env_and_code_mappers_together(tmp_path: Path, catalog: Catalog) -> None:
    ts = tmp_path / "adminCodes.ts"
    ts.write_text("export const MESSAGES: Record<string, string> = {\n" + "".join(f'  "{c}": "x",\n' for c in catalog.apis["admin"].codes) + "};\n")
    assert cli("--api", "admin", "--mapper", str(ts), "--mapper", str(ENV)).returncode == 0
    ts.write_text(ts.read_text().replace('  "4007": "x",\n', ""))
    result = cli("--api", "admin", "--mapper", str(ts), "--mapper", str(ENV))
    assert result.returncode == 1 and "documented but not mapped (1):\n  4007\n" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--api", "assistant", "--mapper", "tests/showcase/fixtures/missing.dart"], "missing.dart: no such file"),
        (["--api", "assistant", "--mapper", "README.md"], "unknown mapper kind"),
        (["--api", "nope", "--mapper", str(DART)], "no API 'nope'"),
        (["--api", "users", "--mapper", str(ENV)], "users names no frontend settings"),
    ],
)
def test_unusable_input_exits_2_with_a_reason(args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.returncode == 2 and message in result.stderr


def test_malformed_env_line_names_file_and_line(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("VITE_SERVICE_SUCCESS_CODE=0000\nthis is not a setting\n")
    result = cli("--api", "admin", "--mapper", str(env))
    assert result.returncode == 2 and f"{env}:2: expected KEY=VALUE" in result.stderr


def test_a_backtracking_code_pattern_cannot_hang_the_mapper_reader(tmp_path: Path) -> None:
    """Mapper strings can be long and Python's re would take ~2**60 steps on this one; RE2 is linear.

    Run in a child with a generous timeout, so that a regression fails here instead of hanging CI.
    """
    mapper = tmp_path / "errors.ts"
    mapper.write_text('switch (code) {\n  case "' + "a" * 60 + '!": break;\n  case "ab": break;\n}\n', encoding="utf-8")
    program = f"""
import dataclasses, pathlib
from errcat import loader, mappers
api = loader.load_catalog("catalog").apis["scanner"]
api = dataclasses.replace(api, convention=dataclasses.replace(api.convention, code_pattern="([a-z]+)+"))
print([m.code for m in mappers.read(pathlib.Path({str(mapper)!r}), api)])
"""
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['ab']"
