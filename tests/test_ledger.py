"""The ledger of published codes: ``check`` refuses deleted or reused codes, ``ledger update`` records new ones."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from errcat import ledger, load_catalog
from tests.catalogs import ONE_CODE, write_catalog
from tests.conftest import ROOT
from tests.test_cli import run

SECOND = '  "2002":\n    title: Token revoked\n    meaning: The token was revoked.\n    http_status: 401\n    group: auth\n'


def line_of(path: Path, needle: str) -> int:
    [number] = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return number


def test_the_committed_ledger_records_every_code_of_the_real_catalog() -> None:
    root = ROOT / "catalog"
    recorded, blocking = ledger.update(root, load_catalog(root))
    assert blocking == []
    assert ledger.path_for(root).read_text(encoding="utf-8") == ledger.dump(recorded), "run errcat ledger update"


@pytest.mark.showcase
def test_deleting_a_published_code_from_a_copy_of_the_real_catalog_fails_check(tmp_path: Path) -> None:
    catalog = shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    codes = catalog / "users" / "codes.yaml"
    text = codes.read_text(encoding="utf-8")
    start = text.index('  "22":\n')
    codes.write_text(text[:start] + text[text.index('  "77":\n'):], encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    line = line_of(catalog / "ledger.json", '"22": {')
    assert (
        f"catalog/ledger.json:{line}: error [22]: published code users/22 ('Password Not Match') is missing from the catalog. "
        "Codes are never deleted: put it back and deprecate it"
    ) in result.stderr
    assert "1 error(s)" in result.stderr
    refused = run("ledger", "update", cwd=tmp_path)
    assert refused.returncode == 1 and "ledger not updated" in refused.stderr
    assert '"22": {' in (catalog / "ledger.json").read_text(encoding="utf-8")  # never forgotten


@pytest.mark.showcase
def test_a_deleted_code_is_reported_beside_the_other_errors(tmp_path: Path) -> None:
    """One run lists every error: a deleted code shows with a field error elsewhere, not after it is fixed."""
    catalog = shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    codes = catalog / "users" / "codes.yaml"
    text = codes.read_text(encoding="utf-8")
    text = text[: text.index('  "22":\n')] + text[text.index('  "77":\n'):]
    ten = text.index('  "10":\n')
    title_at = text.index("    title: ", ten)
    text = text[:title_at] + "    title: NO\n" + text[text.index("\n", title_at) + 1:]  # users 10 now fails to load
    codes.write_text(text, encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "error [10]: expected a string" in result.stderr  # the field error ...
    assert "error [22]: published code users/22 ('Password Not Match') is missing from the catalog" in result.stderr  # ... and the deletion
    assert "published code users/10" not in result.stderr  # the code that failed to load is not called deleted or changed
    assert "2 error(s)" in result.stderr


@pytest.mark.showcase
def test_codes_that_could_not_be_read_are_never_called_deleted(tmp_path: Path) -> None:
    """A file that does not parse, or a code key that is refused, hides which codes are there: no deletion is claimed."""
    catalog = shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    auth = catalog / "admin" / "codes" / "auth.yaml"
    auth.write_text(auth.read_text(encoding="utf-8").replace('  "2103":', "  2103:", 1), encoding="utf-8")
    users = catalog / "users" / "codes.yaml"
    kept = users.read_text(encoding="utf-8")
    users.write_text(kept + "  - not yaml: [\n", encoding="utf-8")
    broken_line = kept.count("\n") + 1
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "auth.yaml:21: error: expected a string, but YAML reads '2103' as a number" in result.stderr
    assert f"users/codes.yaml:{broken_line}: error: YAML syntax error" in result.stderr
    assert "is missing from the catalog" not in result.stderr, result.stderr  # neither 2103 nor any users code
    assert "2 error(s)" in result.stderr


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A small catalog whose codes 2001 and 2002 are recorded in its ledger."""
    write_catalog(tmp_path, ONE_CODE + SECOND)
    result = run("ledger", "update", cwd=tmp_path)
    assert result.returncode == 0 and "2 published codes" in result.stdout, result.stderr
    return tmp_path


def edit(project: Path, old: str, new: str) -> None:
    path = project / "catalog" / "demo" / "codes.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ledger_layout_is_one_line_per_code(published: Path) -> None:
    text = (published / "catalog" / "ledger.json").read_text(encoding="utf-8")
    assert '      "2001": {"title": "Bad token", "meaning": "The token is bad.", "group": "auth", "status": 401, "behaviour": "show", "action": "show_message", "retryable": false},\n' in text
    assert '    "demo": {"error.code": "string"}\n' in text  # the API's envelope fields, one line
    assert run("check", cwd=published).returncode == 0


def test_reusing_a_code_with_another_meaning_fails_and_says_deprecate(published: Path) -> None:
    edit(published, "title: Token revoked\n    meaning: The token was revoked.", "title: Quota exceeded\n    meaning: Too many calls.")
    result = run("check", cwd=published)
    assert result.returncode == 1
    [error] = [line for line in result.stderr.splitlines() if "[2002]" in line]
    assert error.startswith("catalog/demo/codes.yaml:7: error [2002]: published code reused with a different meaning or group: ")
    assert "title 'Token revoked' is now 'Quota exceeded'; meaning 'The token was revoked.' is now 'Too many calls.'" in error
    assert "deprecate it (lifecycle: deprecated, replaced_by) and add a new code" in error
    assert run("ledger", "update", cwd=published).returncode == 1


def test_moving_a_code_to_another_group_fails(published: Path) -> None:
    api = published / "catalog" / "demo" / "api.yaml"
    api.write_text(api.read_text(encoding="utf-8") + '  other: {title: Other, meaning: Other., range: ["2000", "2009"], parent: auth}\n', encoding="utf-8")
    edit(published, "    http_status: 401\n    group: auth\n", "    http_status: 401\n    group: other\n")
    result = run("check", cwd=published)
    assert result.returncode == 1 and "[2001]: published code reused with a different meaning or group: group 'auth' is now 'other'" in result.stderr


def test_a_reviewed_rewording_is_recorded_with_accept(published: Path) -> None:
    edit(published, "meaning: The token was revoked.", "meaning: The token was revoked by an administrator.")
    assert run("check", cwd=published).returncode == 1
    assert "--accept demo/2001: that code has no change to accept" in run("ledger", "update", "--accept", "demo/2001", cwd=published).stderr
    accepted = run("ledger", "update", "--accept", "demo/2002", cwd=published)
    assert accepted.returncode == 0, accepted.stderr
    assert "revoked by an administrator" in (published / "catalog" / "ledger.json").read_text(encoding="utf-8")
    assert run("check", cwd=published).returncode == 0


def test_whitespace_is_no_change_of_meaning(published: Path) -> None:
    edit(published, "meaning: The token was revoked.", "meaning: >-\n      The token  was\n      revoked.")
    assert run("check", cwd=published).returncode == 0


def test_a_new_code_must_be_recorded_in_the_same_change(published: Path) -> None:
    edit(published, SECOND, SECOND + SECOND.replace("2002", "2003").replace("Token revoked", "Token reused"))
    result = run("check", cwd=published)
    assert result.returncode == 1
    assert "catalog/demo/codes.yaml:12: error [2003]: not in catalog/ledger.json yet: run errcat ledger update" in result.stderr
    before = {line.rstrip(",") for line in (published / "catalog" / "ledger.json").read_text(encoding="utf-8").splitlines()}
    assert run("ledger", "update", cwd=published).returncode == 0
    after = [line.rstrip(",") for line in (published / "catalog" / "ledger.json").read_text(encoding="utf-8").splitlines()]
    assert [line for line in after if line not in before] == ['      "2003": {"title": "Token reused", "meaning": "The token was revoked.", "group": "auth", "status": 401, "behaviour": "show", "action": "show_message", "retryable": false}']
    assert run("check", cwd=published).returncode == 0


def test_deprecating_instead_of_deleting_passes(published: Path) -> None:
    edit(published, "    group: auth\n", '    group: auth\n    lifecycle: {deprecated: "1.1", replaced_by: "2002"}\n')
    assert run("check", cwd=published).returncode == 0


def test_a_renamed_code_keeps_its_old_name_published(published: Path) -> None:
    edit(published, '"2002":', '"2009":')
    edit(published, "    title: Token revoked\n", "    title: Token revoked\n    lifecycle: {renamed_from: [\"2002\"]}\n")
    result = run("check", cwd=published)
    assert "[2009]: not in catalog/ledger.json yet" in result.stderr and "missing from the catalog" not in result.stderr
    assert run("ledger", "update", cwd=published).returncode == 0
    text = (published / "catalog" / "ledger.json").read_text(encoding="utf-8")
    assert '"2002": {' in text and '"2009": {' in text
    assert run("check", cwd=published).returncode == 0


def rename_2002_to_2009(project: Path, title: str = "Token revoked", meaning: str = "The token was revoked.", group: str = "auth") -> None:
    """2002 becomes 2009 (``renamed_from: ["2002"]``), with ``title``, ``meaning`` and ``group``."""
    edit(project, SECOND, f'  "2009":\n    title: {title}\n    meaning: {meaning}\n    http_status: 401\n    group: {group}\n'
         '    lifecycle: {renamed_from: ["2002"]}\n')


def test_a_rename_cannot_give_the_old_name_another_meaning(published: Path) -> None:
    rename_2002_to_2009(published, "Quota exceeded", "Too many calls.")
    result = run("check", cwd=published)
    assert result.returncode == 1
    [error] = [line for line in result.stderr.splitlines() if "published code" in line]
    assert error == (
        "catalog/demo/codes.yaml:7: error [2009]: published code demo/2002 was renamed to 2009 (renamed_from), so /demo/2002/ "
        "would forward to a code with another meaning or group: title 'Token revoked' is now 'Quota exceeded'; meaning "
        "'The token was revoked.' is now 'Too many calls.'. A renamed code keeps its meaning: to add a new code, take 2002 "
        "out of renamed_from, put 2002 back and deprecate it (lifecycle: deprecated, replaced_by). If this is only a "
        "rewording, record it after review: errcat ledger update --accept demo/2009"
    )
    refused = run("ledger", "update", cwd=published)
    assert refused.returncode == 1 and "[2009]: published code demo/2002 was renamed to 2009" in refused.stderr


def test_a_rename_cannot_move_the_old_name_to_another_group(published: Path) -> None:
    api = published / "catalog" / "demo" / "api.yaml"
    api.write_text(api.read_text(encoding="utf-8") + '  other: {title: Other, meaning: Other., range: ["2000", "2009"], parent: auth}\n', encoding="utf-8")
    rename_2002_to_2009(published, group="other")
    result = run("check", cwd=published)
    assert result.returncode == 1 and "published code demo/2002 was renamed to 2009 (renamed_from), so /demo/2002/ would forward to a code with another meaning or group: group 'auth' is now 'other'." in result.stderr


def test_a_reviewed_rewording_of_a_rename_is_recorded_for_both_names(published: Path) -> None:
    rename_2002_to_2009(published, meaning="The token was revoked by an administrator.")
    assert run("check", cwd=published).returncode == 1
    accepted = run("ledger", "update", "--accept", "demo/2009", cwd=published)
    assert accepted.returncode == 0, accepted.stderr
    text = (published / "catalog" / "ledger.json").read_text(encoding="utf-8")
    assert text.count("revoked by an administrator") == 2  # 2002 now continues as 2009, under its reviewed wording
    result = run("check", cwd=published)
    assert result.returncode == 0, result.stderr


def test_without_a_ledger_check_fails_saying_how_to_create_it(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "catalog/ledger.json: error: there is no ledger of published codes: run errcat ledger update to "
        "create it, and commit it. If it was deleted, restore it from version control instead: deleting the ledger "
        "does not remove codes (deprecate them: lifecycle: deprecated, replaced_by)"
    )
    assert run("ledger", "update", cwd=tmp_path).returncode == 0
    assert run("check", cwd=tmp_path).returncode == 0


def test_a_catalog_without_codes_needs_no_ledger(tmp_path: Path) -> None:
    write_catalog(tmp_path, "codes: {}\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0 and "ledger" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"apis": {"demo": {\n"2001": {"title": "a", "meaning": "b"},\n"2001": {"title": "a", "meaning": "b"}}}}', "duplicate key '2001'"),
        ('{"apis": {"demo": {\n  "2001": {"title": "a",}}}}', ":2: error: the ledger is not valid JSON"),
        ('{"apis": {"demo": {"2001": {"title": "a"}}}}', "[2001]: demo: entry is not {title, meaning[, group]} strings"),
        ("[]", ':1: error: the ledger must be an object with "apis"'),
    ],
)
def test_a_malformed_ledger_is_an_error_naming_the_file(published: Path, text: str, message: str) -> None:
    (published / "catalog" / "ledger.json").write_text(text, encoding="utf-8")
    result = run("check", cwd=published)
    assert result.returncode == 1 and "catalog/ledger.json" in result.stderr and message in result.stderr, result.stderr
    assert re.search(r"^catalog/ledger\.json", result.stderr, re.M)


def test_a_ledger_written_before_the_contract_fields_is_read_and_completed(published: Path) -> None:
    """Old entries (title, meaning, group only) load; nothing is compared for them; update records the rest."""
    path = published / "catalog" / "ledger.json"
    old = re.sub(r', "status": [^}]*\}', "}", path.read_text(encoding="utf-8"))
    old = old[: old.index(',\n  "envelopes"')] + "\n}\n"
    path.write_text(old.replace('"apis": {', '"future": {"demo": []},\n  "apis": {', 1), encoding="utf-8")
    edit(published, "http_status: 401\n    group: auth\n", "http_status: 403\n    group: auth\n")  # unrecorded before: no change
    assert run("check", cwd=published).returncode == 0
    assert run("ledger", "update", cwd=published).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert '"2001": {"title": "Bad token", "meaning": "The token is bad.", "group": "auth", "status": 403, ' in text
    assert '\n  "future": {"demo": []}\n' in text  # a top-level key this version does not know is kept


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        ("http_status: 401\n    group: auth\n", "http_status: 403\n    group: auth\n", "status 401 is now 403"),
        ("http_status: 401\n    group: auth\n", "http_status: 401\n    group: auth\n    retryable: true\n", None),
    ],
)
def test_a_breaking_contract_change_is_recorded_only_when_accepted(published: Path, old: str, new: str, change: str | None) -> None:
    edit(published, old, new)
    assert run("check", cwd=published).returncode == 0  # not a reuse: check passes, diff shows it
    update = run("ledger", "update", cwd=published)
    if change is None:  # a code that may now be resent breaks no client: recorded without review
        assert update.returncode == 0, update.stderr
        assert '"retryable": true, "max_attempts": 3}' in (published / "catalog" / "ledger.json").read_text(encoding="utf-8")
        return
    assert update.returncode == 1
    assert f"catalog/demo/codes.yaml:2: error [2001]: {change}: this breaks clients coded against the published contract. " in update.stderr
    assert "record it: errcat ledger update --accept demo/2001" in update.stderr
    assert run("ledger", "update", "--accept", "demo/2001", cwd=published).returncode == 0
    assert '"status": 403' in (published / "catalog" / "ledger.json").read_text(encoding="utf-8")


def test_removing_an_envelope_field_is_accepted_per_api(published: Path) -> None:
    api = published / "catalog" / "demo" / "api.yaml"
    text = api.read_text(encoding="utf-8")
    api.write_text(text.replace("    - {path: error.code, type: string, meaning: The code.}\n",
                                "    - {path: error.code, type: integer, meaning: The code.}\n"), encoding="utf-8")
    update = run("ledger", "update", cwd=published)
    assert update.returncode == 1 and "demo: envelope field 'error.code' type 'string' is now 'integer'" in update.stderr
    assert "--accept demo" in update.stderr
    assert run("ledger", "update", "--accept", "demo", cwd=published).returncode == 0


def test_under_serve_an_api_is_compared_again_unless_it_and_the_ledger_are_the_very_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs serve keeps each API's comparison with the ledger (errcat.ledger._compare_api): kept by the identity
    of both, since the loader hands back an unchanged API as the same object; a changed one is a new object."""
    from dataclasses import replace

    from errcat import files
    from errcat.model import Catalog

    monkeypatch.setattr(files, "_last_reads", {})  # as files.remember_reads() leaves it under mkdocs serve
    monkeypatch.setattr(ledger, "_compared", {})
    catalog = load_catalog(ROOT / "catalog")
    recorded = ledger.read(ROOT / "catalog")
    assert recorded is not None and not ledger.compare(catalog, recorded).changed
    assert set(ledger._compared) == set(recorded.apis)  # kept, one per API
    api = next(iter(catalog.apis.values()))
    code = next(iter(api.codes.values()))
    edited = Catalog({**catalog.apis, api.slug: replace(api, codes={**api.codes, code.code: replace(code, title="Something else")})})
    assert [change.name for change in ledger.compare(edited, recorded).changed] == [f"{api.slug}/{code.code}"]
    assert not ledger.compare(catalog, recorded).changed  # the original API object again: the same answer
    reread = ledger.read(ROOT / "catalog")
    assert reread is not None
    reread.apis[api.slug][code.code] = replace(reread.apis[api.slug][code.code], title="Recorded otherwise")
    assert [change.name for change in ledger.compare(catalog, reread).changed] == [f"{api.slug}/{code.code}"]
