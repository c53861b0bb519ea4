"""``mkdocs serve`` after an edit: errcat's in-place update (errcat/mkdocs/live.py) leaves exactly the site a
full build makes, and anything it cannot show to be unchanged goes to the full rebuild.

Each step edits the project, rebuilds through the builder the plugins left on the server
(tests/live_session.py), and compares every file of the served site with a fresh ``mkdocs build``.
"""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, build, make_project

pytestmark = pytest.mark.showcase


class Session:
    """tests/live_session.py on a project: the site as mkdocs serve builds and rebuilds it."""

    def __init__(self, project: Path, site: Path) -> None:
        environ = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "ERRCAT_SITE_URL": ""}
        self.site = site
        self._proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "live_session.py"), str(site)],
            cwd=project, env=environ, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        assert self._answer() == {"built": True}

    def _answer(self) -> dict:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        assert line, "the serve session ended"
        return json.loads(line)

    def rebuild(self) -> dict:
        assert self._proc.stdin is not None
        self._proc.stdin.write("rebuild\n")
        self._proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(timeout=60)


def _differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, below two folders."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp, at: str) -> None:
        found.extend(f"{at}{name}" for name in compared.left_only + compared.right_only + compared.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        found.extend(f"{at}{name}" for name in mismatch + errors)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{at}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _accept(project: Path, *codes: str) -> None:
    """Record reworded codes in the ledger, as a maintainer does after review (a build refuses them otherwise)."""
    command = [sys.executable, "-m", "errcat", "--catalog", str(project / "catalog"), "ledger", "update", *(f"--accept={c}" for c in codes)]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr


def _fresh_build(project: Path, site: Path) -> Path:
    """The site built from scratch: without the render cache, which it would share with the served site."""
    result = build(project, site, env={"ERRCAT_RENDER_CACHE": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


SYSTEM = Path("catalog/admin/codes/system.yaml")

# (what is edited, the edit, how the server rebuilds)
STEPS: list[tuple[str, Callable[[Path], None], str]] = [
    ("a note added to a code", lambda p: _edit(p / SYSTEM, "    group: server\n", '    group: server\n    notes:\n      - "Edited *note* <b>x</b>."\n'), "quick"),
    ("a code's title, accepted in the ledger: its page, its neighbours' pagers, the listings and exports",
     lambda p: (_edit(p / SYSTEM, '"Record does not exist"', '"Record `gone` for good"'), _accept(p, "admin/1101")), "quick"),
    ("a param's example, which a macro shows on the hand-written contract page",
     lambda p: _edit(p / "catalog/assistant/codes/todo.yaml", "        example: title\n", "        example: due_date\n"), "quick"),
    ("a file saved unchanged", lambda p: (p / SYSTEM).write_text((p / SYSTEM).read_text()), "quick"),
    ("a group's title: every page showing it", lambda p: _edit(p / "catalog/admin/api.yaml", "title: Database errors\n", "title: Database failures\n"), "full"),
    ("a hand-written page", lambda p: (p / "docs/index.md").write_text((p / "docs/index.md").read_text() + "\nEdited.\n"), "full"),
    ("a code's meaning again, after a full rebuild", lambda p: (_edit(p / SYSTEM, '"Generic / unhandled exception"', '"Unhandled: *any* exception"'), _accept(p, "admin/1000")), "quick"),
]


def _break(project: Path) -> None:
    _edit(project / SYSTEM, "    group: server\n", "    group: server\n    colour: red\n")


def _mend(project: Path) -> None:
    _edit(project / SYSTEM, "    colour: red\n", "")


# After a failed build nothing is left to update in place: the next rebuild is a full one.
STEPS += [("an unknown field: the full build reports it", _break, "failed"), ("the field removed", _mend, "full")]


def test_every_rebuild_after_an_edit_is_the_site_a_full_build_makes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    served = Session(project, tmp_path / "served")
    try:
        for number, (what, edit, expected) in enumerate(STEPS):
            edit(project)
            answer = served.rebuild()
            assert expected in answer.values(), (what, answer)
            if expected != "failed":
                assert _differences(served.site, _fresh_build(project, tmp_path / f"fresh{number}")) == [], what
    finally:
        served.close()


def _entry(location: str) -> dict:
    return {"location": location, "title": location, "text": ""}


def test_a_page_s_search_entries_are_replaced_in_their_place_and_nowhere_else() -> None:
    from errcat.mkdocs import live

    entries = [_entry("a/"), _entry("a/#x"), _entry("b/"), _entry("c/"), _entry("c/#y")]
    index = live.SearchIndex()
    new_b = [_entry("b/"), _entry("b/#z")]
    index.replace(entries, {"b/": new_b, "c/": []})
    assert [e["location"] for e in entries] == ["a/", "a/#x", "b/", "b/#z"]
    assert entries[2] is new_b[0]
    with pytest.raises(live.Refused, match="had none"):  # where the entries of a page without any go is unknown
        index.replace(entries, {"d/": [_entry("d/")]})
    scattered = [_entry("a/"), _entry("b/"), _entry("a/#x")]
    with pytest.raises(live.Refused, match="together"):
        live.SearchIndex().replace(scattered, {"a/": []})


def test_settling_the_heap_after_a_build_frees_garbage_cycles_at_the_latest_at_the_next_full_build() -> None:
    import gc
    import weakref

    from errcat.mkdocs import live

    class Node:
        pass

    try:
        young = Node()
        young.loop = young
        young_ref = weakref.ref(young)
        del young
        live.settle_heap(after_full_build=False)
        assert young_ref() is None  # made since the last settling: collected at once
        kept = Node()
        kept.loop = kept
        kept_ref = weakref.ref(kept)
        live.settle_heap(after_full_build=False)  # frozen while alive
        assert gc.get_freeze_count() > 0
        del kept
        live.settle_heap(after_full_build=False)
        assert kept_ref() is not None  # frozen: out of the collector's sight until ...
        live.settle_heap(after_full_build=True)
        assert kept_ref() is None  # ... the next full build
    finally:
        gc.unfreeze()
