"""Finding and reading catalog files: a bounded folder walk, strict YAML, then the file's schema; a large catalog on two cores.

Finding (:func:`walk`) never recurses and never leaves the catalog folder: dot files and folders
(an editor's lock or swap file, ``.git``) are left alone, a link is followed only when it resolves
inside the catalog folder, and a link to nothing, a link leaving the folder, a folder loop and
folders nested deeper than :data:`MAX_FOLDER_DEPTH` are problems naming the path, never a
traceback and never a file silently read from elsewhere.

Reading is most of the cost of loading (libyaml's events become Python objects, about 35 per code,
and each is checked), and every file is read on its own, so a catalog of more than
:data:`PARALLEL_BYTES` is split by size between this process and one forked worker. The worker
sends back plain data (dicts, lists, strings, problems), and the results keep the order the files
were asked in, so what the loader sees does not depend on how the files were read.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import schema, yamlstrict
from .problems import CatalogError, Problem

Kind = Literal["api", "codes"]
SPECS: dict[str, schema.Spec] = {"api": schema.API_FILE, "codes": schema.CODES_FILE}
# Below this many bytes (about 1,800 codes), starting a worker costs more than it saves.
PARALLEL_BYTES = 1_000_000
# "0": always read in this process; "1": always fork a worker (tests, benchmarks); unset: decide.
PARALLEL_ENV = "ERRCAT_PARALLEL_READ"


# Folders below an API folder: more is no way to organise codes, and a walk must end somewhere.
MAX_FOLDER_DEPTH = 64


@dataclass(frozen=True, slots=True)
class Found:
    """A path :func:`walk` found: a file to read, or (``problem`` set) one it will not read, and why."""

    path: Path
    problem: str | None = None


def hidden(name: str) -> bool:
    """A dot file or folder: a tool's own (an editor's ``.#codes.yaml`` lock, a swap file, ``.git``), never the catalog's."""
    return name.startswith(".")


def link_problem(path: Path, catalog: Path) -> str | None:
    """Why the link ``path`` cannot be followed, or None (not a link, or one resolving inside ``catalog``).

    ``catalog`` is the resolved catalog folder. A link out of it would publish whatever it points to
    (another repository's file, a home folder) on the site and in the exports.
    """
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))  # never raises, even on a link loop
    if not target.exists():
        return f"is a link to {os.readlink(path)}, which does not exist; remove the link or restore its target"
    if not target.is_relative_to(catalog):
        return f"is a link to {os.readlink(path)}, outside the catalog folder: errcat reads only what is inside it; copy it in instead"
    return None


def top_level(catalog: Path) -> Iterator[Found]:
    """The entries of the (resolved) catalog folder, sorted, dot entries skipped; a link leaving it is refused, never followed."""
    for entry in sorted(catalog.iterdir()):
        if not hidden(entry.name):
            yield Found(entry, link_problem(entry, catalog))


def walk(folder: Path, catalog: Path) -> Iterator[Found]:
    """Every file below ``folder`` (sorted by path), dot entries skipped, links checked; iterative, so any depth is safe.

    ``catalog`` is the resolved catalog folder, the boundary no link may cross.
    """
    found: list[Found] = []
    seen = {Path(os.path.realpath(folder))}
    todo = [(folder, 0)]
    while todo:
        current, depth = todo.pop()
        try:
            entries = sorted(current.iterdir())  # sorted: which of two ways to a folder counts as second never varies
        except OSError as exc:
            found.append(Found(current, f"cannot be read: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if hidden(entry.name):
                continue
            problem = link_problem(entry, catalog)
            if problem is not None:
                found.append(Found(entry, problem))
            elif entry.is_dir():
                real = Path(os.path.realpath(entry))
                if depth + 1 > MAX_FOLDER_DEPTH:
                    found.append(Found(entry, f"is nested more than {MAX_FOLDER_DEPTH} folders deep in its API folder, so not read; move its files up"))
                elif real in seen:
                    found.append(Found(entry, f"is a second way to the folder {_rel(real, catalog)}, already read (a link loop, or two links to it)"))
                else:
                    seen.add(real)
                    todo.append((entry, depth + 1))
            elif not entry.is_file():  # reading a named pipe would wait for a writer forever
                found.append(Found(entry, "is not a regular file (a pipe, socket or device), so not read"))
            else:
                found.append(Found(entry))
    return iter(sorted(found, key=lambda f: f.path))


def _rel(path: Path, catalog: Path) -> str:
    return (Path(catalog.name) / path.relative_to(catalog)).as_posix()


@dataclass(frozen=True, slots=True)
class FileJob:
    path: Path
    name: str  # the file as problems name it, relative to the catalog's parent
    kind: Kind


@dataclass(frozen=True, slots=True)
class FileRead:
    """The validated content of one file (schema.INVALID where it failed) and its problems.

    A file without problems holds no INVALID anywhere (every INVALID comes with a problem), so the
    loader can skip searching its entries for one.
    """

    value: Any
    problems: tuple[Problem, ...]


def read_file(job: FileJob) -> FileRead:
    """Read one file: its YAML faults and its schema problems, in line order, each naming the code it is inside."""
    reader = schema.Reader(job.name)
    try:
        document = yamlstrict.parse(job.path.read_bytes())
    except yamlstrict.YamlError as exc:
        return FileRead(schema.INVALID, (_problem(job, exc.fault),))
    except OSError as exc:  # unreadable (permissions), or gone since the walk found it
        return FileRead(schema.INVALID, (Problem(job.name, 0, f"cannot be read: {exc.strerror or exc}"),))
    value = SPECS[job.kind].read(document.root, reader)
    if not document.faults:
        return FileRead(value, tuple(reader.problems))
    problems = [_problem(job, fault) for fault in document.faults] + reader.problems
    return FileRead(value, tuple(sorted(problems, key=lambda p: p.line)))


def _problem(job: FileJob, fault: yamlstrict.Fault) -> Problem:
    """A YAML fault as a problem; in a codes file it names the code it is inside, as the schema's problems do."""
    code = schema.code_at(fault.path) if job.kind == "codes" else None
    return Problem(job.name, fault.line, fault.message, code)


def _read_share(jobs: Sequence[FileJob]) -> list[FileRead]:
    return [read_file(job) for job in jobs]


def can_fork() -> bool:
    """Forking is safe here: the platform has fork, and no other thread (a server's, say) could hold a lock."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _parallel_setting() -> bool | None:
    value = os.environ.get(PARALLEL_ENV, "").strip()
    if value not in ("", "0", "1"):
        message = f"{PARALLEL_ENV}={value!r}: use 0 (one process), 1 (two) or leave it unset (decide by size)"
        raise CatalogError([Problem(PARALLEL_ENV, 0, message)])
    return None if value == "" else value == "1"


# The files the last load read, by job and stat (see read_files): one catalog's worth, replaced by each load;
# None (the default) keeps nothing: a one-off build or check would only hold the parsed files longer.
_last_reads: dict[tuple[FileJob, tuple[int, ...]], FileRead] | None = None


def remember_reads() -> None:
    """Keep what each load parsed, for the next load of the same files in this process (``mkdocs serve``)."""
    global _last_reads
    if _last_reads is None:
        _last_reads = {}


def remembering() -> bool:
    """Whether loads keep what they parsed (:func:`remember_reads`): the ledger's reader keeps its own then too."""
    return _last_reads is not None


def stat_key(path: Path) -> tuple[int, ...]:
    """What changes when a file is written: its identity, size and times; () when it cannot be read (never kept)."""
    try:
        stat = path.stat()
    except OSError:
        return ()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def read_files(jobs: Sequence[FileJob], parallel: bool | None = None) -> list[FileRead]:
    """Read every job, in order; a file unchanged since the last call (same path, kind, size and times) is not
    parsed again, so ``mkdocs serve`` re-reads only the file an editor saved.

    ``parallel=None`` follows $ERRCAT_PARALLEL_READ, else the size of what must be read and the machine.
    """
    global _last_reads
    if _last_reads is None:
        return _read_all(jobs, parallel)
    keys = [(job, stat_key(job.path)) for job in jobs]
    kept = {key: _last_reads[key] for key in keys if key[1] and key in _last_reads}
    todo = [job for job, stat in keys if (job, stat) not in kept]
    fresh = dict(zip(todo, _read_all(todo, parallel)))
    results = [kept[key] if key in kept else fresh[key[0]] for key in keys]
    _last_reads = {key: read for key, read in zip(keys, results) if key[1]}
    return results


def _read_all(jobs: Sequence[FileJob], parallel: bool | None) -> list[FileRead]:
    sizes = [job.path.stat().st_size if job.path.is_file() else 0 for job in jobs]
    if parallel is None:
        parallel = _parallel_setting()
    if parallel is None:
        parallel = sum(sizes) >= PARALLEL_BYTES and _cores() > 1
    parallel = parallel and can_fork()
    if not parallel or len(jobs) < 2:
        return _read_share(jobs)
    # Largest files first, each to the lighter share: the two shares end up about equal in bytes.
    shares: tuple[list[int], list[int]] = ([], [])
    loads = [0, 0]
    for i in sorted(range(len(jobs)), key=lambda i: -sizes[i]):
        lighter = loads.index(min(loads))
        shares[lighter].append(i)
        loads[lighter] += sizes[i]
    import multiprocessing  # here, not at the top: a small catalog never pays for importing it
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as worker:
        theirs = worker.submit(_read_share, [jobs[i] for i in shares[1]])
        mine = _read_share([jobs[i] for i in shares[0]])
        results = dict(zip(shares[0], mine)) | dict(zip(shares[1], theirs.result()))
    return [results[i] for i in range(len(jobs))]
