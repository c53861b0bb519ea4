"""Reading catalog files in one process or two gives the same catalog and the same problems, in order."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from errcat import CatalogError, files, load_catalog
from errcat.loader import load_with_problems
from tests.catalogs import LIFECYCLE_CODES, MINIMAL_API, ONE_CODE, write_catalog
from tests.conftest import ROOT


def jobs_of(catalog_dir: Path) -> list[files.FileJob]:
    return [files.FileJob(p, p.name, "api" if p.name == "api.yaml" else "codes") for p in sorted(catalog_dir.rglob("*.yaml"))]


# Forking needs a process without other threads (see test_no_fork_while_another_thread_runs), and
# this test process may have server threads alive: comparisons run in a fresh interpreter.
SAME_EITHER_WAY = """
import os, sys
from errcat import files
from errcat.loader import load_with_problems
def load(setting):
    os.environ[files.PARALLEL_ENV] = setting
    return load_with_problems(sys.argv[1])
assert files.can_fork()  # so "1" forks a worker
serial, parallel = load("0"), load("1")
assert parallel == serial, "the two reads differ"
print(serial[0].code_count(), len(serial[1]))
for problem in serial[1]:
    print(problem)
"""


def same_either_way(catalog_dir: Path) -> list[str]:
    """Load ``catalog_dir`` reading in one process, then in two; assert equal; the codes count and problems."""
    result = subprocess.run([sys.executable, "-c", SAME_EITHER_WAY, str(catalog_dir)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_real_catalog_reads_the_same_in_one_process_or_two() -> None:
    codes, problems = map(int, same_either_way(ROOT / "catalog")[0].split())
    assert codes == load_catalog(ROOT / "catalog").code_count() and problems == 0


def test_a_broken_catalog_gives_the_same_problems_in_the_same_order(tmp_path: Path) -> None:
    broken = {
        "a.yaml": ONE_CODE.replace("title: Bad token", "title: Bad token\n    title: Twice"),
        "b.yaml": "codes:\n  \"2002\": [unclosed\n",
        "c.yaml": LIFECYCLE_CODES,
        "d.yaml": 'codes:\n  "2001":\n    title: Defined again\n    meaning: M\n    http_status: 400\n    group: auth\n',
    }
    catalog_dir = write_catalog(tmp_path, broken, MINIMAL_API)
    (catalog_dir / "stray.yaml").write_text("codes: {}\n", encoding="utf-8")
    write_catalog(tmp_path, ONE_CODE, None, slug="no_api")
    messages = same_either_way(catalog_dir)[1:]
    assert len(messages) >= 4, messages
    assert any("duplicate key 'title'" in m for m in messages) and any("code defined twice" in m for m in messages)
    assert any(m.startswith("catalog/no_api: error: an API folder needs an api.yaml") for m in messages)


# Run in a fresh interpreter: this test process may have server threads alive, and then errcat
# rightly refuses to fork (see the next test).
TWO_PROCESSES = """
import os, sys
from pathlib import Path
from errcat import files
jobs = [files.FileJob(p, p.name, "codes") for p in sorted(Path(sys.argv[1]).rglob("*.yaml"))]
files.read_file = lambda job: (os.getpid(), str(job.path))  # the forked worker inherits this
read = files.read_files(jobs, parallel=True)
assert [path for _, path in read] == [str(job.path) for job in jobs], read
pids = {pid for pid, _ in read}
assert os.getpid() in pids and len(pids) == 2, pids  # this process and one worker
print(len(read))
"""


def test_two_processes_share_the_files_and_keep_their_order() -> None:
    result = subprocess.run([sys.executable, "-c", TWO_PROCESSES, str(ROOT / "catalog")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and int(result.stdout) == len(jobs_of(ROOT / "catalog")), result.stderr


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread (mkdocs serve's server, say) may hold a lock a forked child would wait on forever."""
    monkeypatch.setattr(files, "read_file", lambda job: os.getpid())
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert set(files.read_files(jobs_of(ROOT / "catalog"), parallel=True)) == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_a_small_catalog_is_read_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(files.PARALLEL_ENV, raising=False)
    monkeypatch.setattr(files, "read_file", lambda job: os.getpid())
    assert set(files.read_files(jobs_of(ROOT / "catalog"))) == {os.getpid()}  # well under PARALLEL_BYTES


def test_a_bad_setting_is_an_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(files.PARALLEL_ENV, "yes")
    with pytest.raises(CatalogError, match="ERRCAT_PARALLEL_READ='yes': use 0"):
        load_with_problems(ROOT / "catalog")
