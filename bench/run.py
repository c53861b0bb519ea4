"""The scale benchmark: errcat against hand-written pages, at 1,000 and 10,000 codes.

    python -m bench                      # sizes 1000,10000, 2 repetitions, results in bench/results/
    python -m bench --reps 3 --publish   # also write the Performance page and its data into docs/

For each size it writes a synthetic catalog (bench/synthetic.py), the errcat project around it and
the baseline site (bench/projects.py), then builds both, alternating errcat/baseline and swapping
the order every repetition, and takes medians. Other processes on the machine slow both sides of a
pair alike, so the ratios are fair even when absolute times are not; CPU seconds are given beside
wall-clock seconds because they are less sensitive to such load. Everything is generated into a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from yaml._yaml import CParser  # type: ignore[import-not-found]

from errcat import load_catalog
from errcat.files import PARALLEL_ENV
from errcat.model import Catalog, Code

from . import engines, measure, report, serve, synthetic
from .projects import ROOT, baseline_project, errcat_project

DEFAULT_OUT = ROOT / "bench" / "results"
DOCS = ROOT / "docs"  # --publish writes the Performance page and its data here
SERVE_LIFETIME = 900  # seconds: a served site stops by itself after this, whatever happens here


def _codes(catalog: Catalog) -> dict[str, list[str]]:
    return {slug: list(api.codes) for slug, api in catalog.apis.items()}


def _yaml_events(catalog_dir: Path) -> int:
    """YAML events in the catalog's codes files: the parser's unit of work, to compare catalogs fairly."""
    count = 0
    for path in catalog_dir.rglob("*.yaml"):
        if path.name == "api.yaml":
            continue
        parser = CParser(path.read_bytes())
        while parser.get_event() is not None:
            count += 1
    return count


RENDER_CACHE = Path(".cache") / "errcat-render"  # errcat's conversion cache in a project (errcat/engines/render_cache.py)
WARM_EDITS = 3  # codes whose title a warm build's edit changes


def _mkdocs_build(project: Path, site: Path, cold: bool = True) -> measure.Run:
    """A build of ``project``; ``cold`` empties errcat's cache first (the baseline has none)."""
    if cold:
        shutil.rmtree(project / RENDER_CACHE, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return measure.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], project, {"PYTHONPATH": str(project)})


def _edit_title(catalog_root: Path, code: Code, title: str) -> None:
    """Change ``code``'s title in its YAML file (the first ``title:`` line after the code's key)."""
    path = catalog_root.parent / code.location.file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i in range(code.location.line, len(lines)) if lines[i].lstrip().startswith("title:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f"{indent}title: {json.dumps(title)}\n"
    path.write_text("".join(lines), encoding="utf-8")


def measure_rebuilds(
    project: Path, catalog: Catalog, reps: int, apis: str | None = None, log_to: Path | None = None, engine: str = "mkdocs"
) -> dict:
    """Seconds from editing one code's title in catalog/ until ``mkdocs serve`` (or ``engine``'s) shows it on the
    code's page and on the API's Codes page, which lists it (the server's log to ``log_to``)."""
    api = catalog.apis[apis.split(",")[0]] if apis else next(iter(catalog.apis.values()))
    code = next(iter(api.codes.values()))
    env = {"PYTHONPATH": str(project), **({"ERRCAT_APIS": apis} if apis else {})}
    times = []
    with serve.serving(project, SERVE_LIFETIME, env, log_to, engine) as base:
        url = base + f"{api.slug}/{code.code}/"
        first = serve.wait_for(lambda: serve.fetch(url) is not None, SERVE_LIFETIME / 2, "the first build")
        for rep in range(reps):
            marker = f"Edited title {rep} ({apis or 'all'})"

            def edit(title: str = marker) -> None:
                _edit_title(project / "catalog", code, title)

            pages = [url, base + f"{api.slug}/codes/"]
            times.append(serve.time_edit(pages, edit, lambda html, title=marker: title in html, 300))
    return {"apis": apis or "all", "first_build_seconds": first, "rebuild_seconds": times, "median_rebuild_seconds": measure.median(times)}


def _errcat_cli(catalog_dir: Path, *args: str, env: dict[str, str] | None = None) -> measure.Run:
    return measure.run([sys.executable, "-m", "errcat", "--catalog", str(catalog_dir), *args], ROOT, {"PYTHONPATH": str(ROOT), **(env or {})})


def measure_check(catalog_dir: Path, reps: int) -> dict:
    """``python -m errcat check`` as a user runs it: interpreter start, load, validation, checks, ledger.

    Alternated with the same command reading every file in one process (its own baseline), so the
    worth of the second process is measured under the same load.
    """
    default, one_process = [], []
    for _ in range(reps):
        default.append(_errcat_cli(catalog_dir, "check", env={PARALLEL_ENV: ""}))  # errcat decides, as for a user
        one_process.append(_errcat_cli(catalog_dir, "check", env={PARALLEL_ENV: "0"}))
    summary = measure.summary(default)
    summary["one_process"] = measure.summary(one_process)
    summary["ratio_to_one_process"] = summary["median_wall_seconds"] / summary["one_process"]["median_wall_seconds"]
    return summary


def _prepare(n: int, folder: Path) -> dict:
    """The catalog of ``n`` codes (with its ledger), the errcat project around it, and the baseline."""
    catalog_dir = synthetic.write_catalog(folder / "catalog", n)
    _errcat_cli(catalog_dir, "ledger", "update")  # a real catalog has its ledger, and check reads it
    project = errcat_project(folder / "errcat", catalog_dir)
    return {
        "catalog": load_catalog(catalog_dir),
        "catalog_dir": catalog_dir,
        "errcat": project,
        "baseline": baseline_project(folder / "baseline", project),
    }


def measure_scale(n: int, folder: Path, sizes: dict) -> dict:
    """One cold build of an ``n``-code catalog by errcat alone (the hand-written baseline would take hours
    there): CPU per code beside the compared sizes' (``sizes``, from the results), to show the growth stays linear."""
    catalog_dir = synthetic.write_catalog(folder / "catalog", n)
    _errcat_cli(catalog_dir, "ledger", "update")
    built = _mkdocs_build(errcat_project(folder / "errcat", catalog_dir), folder / "site")
    per_code = {size: entry["errcat"]["median_cpu_seconds"] / int(size) * 1000 for size, entry in sizes.items()}
    return {"codes": n, "wall_seconds": built.wall, "cpu_seconds": built.cpu, "peak_rss_mib": built.peak_rss_mib,
            "cpu_ms_per_code": built.cpu / n * 1000, "compared_cpu_ms_per_code": per_code}


def _warm_build(setup: dict, rep: int, work: Path) -> measure.Run:
    """After a cold build: edit a few codes' titles, then build again with the cache the cold build left."""
    edited = [(api.slug, code) for api in setup["catalog"].apis.values() for code in list(api.codes.values())[:1]][:WARM_EDITS]
    catalog = setup["errcat"] / "catalog"
    for i, (_, code) in enumerate(edited):
        _edit_title(catalog, code, f"Warm edit {rep}.{i}")
    accepted = [arg for slug, code in edited for arg in ("--accept", f"{slug}/{code.code}")]
    _errcat_cli(catalog, "ledger", "update", *accepted)  # a reviewed rewording, as a team would record it (not timed)
    return _mkdocs_build(setup["errcat"], work / "site-warm", cold=False)


def _build_alternating(setups: dict[int, dict], reps: int, work: Path) -> dict[int, dict[str, list[measure.Run]]]:
    """Build both sites of every size ``reps`` times, errcat and baseline back to back, swapping the order each time.

    Each errcat cold build is followed by a warm one (a few codes edited), which the cold build's cache serves.
    """
    builds: dict[int, dict[str, list[measure.Run]]] = {n: {"errcat": [], "warm": [], "baseline": []} for n in setups}
    for rep in range(reps):
        for index, n in enumerate(setups):
            order = ("errcat", "baseline") if (rep + index) % 2 == 0 else ("baseline", "errcat")
            for kind in order:
                result = _mkdocs_build(setups[n][kind], work / str(n) / f"site-{kind}")
                builds[n][kind].append(result)
                print(f"  rep {rep + 1}/{reps}: {n} codes, {kind}: {result.wall:.1f} s wall, {result.cpu:.1f} s cpu", file=sys.stderr)
                if kind == "errcat":
                    warm = _warm_build(setups[n], rep, work / str(n))
                    builds[n]["warm"].append(warm)
                    print(f"  rep {rep + 1}/{reps}: {n} codes, warm: {warm.wall:.1f} s wall, {warm.cpu:.1f} s cpu", file=sys.stderr)
    return builds


def _engine_builds(setups: dict[int, dict], names: list[str], work: Path) -> dict[int, dict[str, dict]]:
    """One cold build per size with each other engine, verified; an engine that is not installed is named, not timed."""
    results: dict[int, dict[str, dict]] = {}
    for n, setup in setups.items():
        results[n] = {}
        for name in names:
            if not engines.available(name):
                results[n][name] = {"skipped": f"{name} is not installed (pip install -r requirements.txt)"}
                continue
            try:
                results[n][name] = engines.build(name, setup["errcat"], work / str(n) / f"site-{name}")
            except measure.Failed as failure:  # one engine's limit is a result; the other measurements stand
                results[n][name] = {"skipped": f"{name} failed: {failure.last_line}"}
                print(f"  {n} codes, {name}: failed: {failure.last_line}", file=sys.stderr)
                continue
            print(f"  {n} codes, {name}: {results[n][name]['wall_seconds']:.1f} s wall, {results[n][name]['cpu_seconds']:.1f} s cpu", file=sys.stderr)
    return results


def _size_results(n: int, setup: dict, builds: dict[str, list[measure.Run]], work: Path) -> tuple[dict, dict[str, int]]:
    """Timings, ratios and sizes of both sites at one size; also errcat's page size per code."""
    codes = _codes(setup["catalog"])
    entry: dict = {"codes": n, "yaml_events_per_code": _yaml_events(setup["catalog_dir"]) / n}
    page_sizes = {}
    for kind in ("errcat", "baseline"):
        site = work / str(n) / f"site-{kind}"
        page_sizes[kind] = measure.code_pages(site, codes)
        entry[kind] = {
            **measure.summary(builds[kind]),
            "peak_rss_mib": max(r.peak_rss_mib for r in builds[kind]),
            "code_pages_built": measure.count_code_pages(site, list(codes)),
            "median_code_page_bytes": measure.median(list(page_sizes[kind].values())),
            "search_index_bytes": measure.search_index_bytes(site),
        }
    entry["warm"] = {**measure.summary(builds["warm"]), "peak_rss_mib": max(r.peak_rss_mib for r in builds["warm"]), "codes_edited": WARM_EDITS}
    entry.update(ratios(entry["errcat"], entry["baseline"]))
    entry["warm_ratio_cpu_paired"] = measure.median([w / b for w, b in zip(entry["warm"]["cpu_seconds"], entry["baseline"]["cpu_seconds"])])
    return entry, page_sizes["errcat"]


def ratios(errcat: dict, baseline: dict) -> dict[str, float]:
    """errcat / baseline: of the medians, and the median of each repetition's back-to-back pair.

    A pair ran under the same outside load, so the paired ratio is the fairer one when that load
    changes during the run; the targets use it.
    """
    return {
        "ratio_wall": errcat["median_wall_seconds"] / baseline["median_wall_seconds"],
        "ratio_cpu": errcat["median_cpu_seconds"] / baseline["median_cpu_seconds"],
        "ratio_wall_paired": measure.median([e / b for e, b in zip(errcat["wall_seconds"], baseline["wall_seconds"])]),
        "ratio_cpu_paired": measure.median([e / b for e, b in zip(errcat["cpu_seconds"], baseline["cpu_seconds"])]),
    }


def _growth(small: dict, large: dict, small_pages: dict[str, int], large_pages: dict[str, int]) -> dict:
    """How time and page size change from the smallest catalog to the largest."""
    same_page = [large_pages[key] / size - 1 for key, size in small_pages.items()]  # code i is in both catalogs
    return {
        "from": small["codes"],
        "to": large["codes"],
        "codes_ratio": large["codes"] / small["codes"],
        "errcat_wall": large["errcat"]["median_wall_seconds"] / small["errcat"]["median_wall_seconds"],
        "errcat_cpu": large["errcat"]["median_cpu_seconds"] / small["errcat"]["median_cpu_seconds"],
        "baseline_wall": large["baseline"]["median_wall_seconds"] / small["baseline"]["median_wall_seconds"],
        "median_code_page_change": large["errcat"]["median_code_page_bytes"] / small["errcat"]["median_code_page_bytes"] - 1,
        "same_code_page_largest_change": max(same_page, key=abs),
    }


def run(sizes: list[int], reps: int, work: Path, serve_reps: int, engine_names: list[str], serve_size: int | None = None, scale: int | None = None) -> dict:
    sizes = sorted(sizes)
    setups = {n: _prepare(n, work / str(n)) for n in sizes}
    builds = _build_alternating(setups, reps, work)
    other_engines = _engine_builds(setups, engine_names, work)
    results: dict = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_end": list(os.getloadavg()),
        },
        "repetitions": reps,
        "sizes": {},
    }
    errcat_pages = {}
    for n in sizes:
        results["sizes"][str(n)], errcat_pages[n] = _size_results(n, setups[n], builds[n], work)
        results["sizes"][str(n)]["engines"] = other_engines[n]
    small, large = sizes[0], sizes[-1]
    results["growth"] = _growth(results["sizes"][str(small)], results["sizes"][str(large)], errcat_pages[small], errcat_pages[large])
    results["load_check"] = {"codes": large, **measure_check(setups[large]["catalog_dir"], max(reps, 3))}
    if serve_reps:
        at = serve_size if serve_size in setups else large
        project, catalog = setups[at]["errcat"], setups[at]["catalog"]
        results["serve"] = {
            "codes": at,
            "all_apis": measure_rebuilds(project, catalog, serve_reps),
            "one_api": measure_rebuilds(project, catalog, serve_reps, next(iter(catalog.apis))),
        }
    if scale:
        results["scale"] = measure_scale(scale, work / f"scale-{scale}", results["sizes"])
    results["targets"] = report.targets(results)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="catalog sizes in codes, comma-separated (default: 1000,10000)")
    parser.add_argument("--reps", type=int, default=2, help="builds of each site at each size (default: 2, about 30 minutes)")
    parser.add_argument("--serve-reps", type=int, default=3, help="timed serve rebuilds; 0 skips (default: 3)")
    parser.add_argument("--serve-size", type=int, help="the size whose serve rebuilds are timed (default: the largest)")
    parser.add_argument("--engines", default=",".join(engines.ENGINES), help="other engines to build each size with once, comma-separated; empty skips (default: properdocs,zensical)")
    parser.add_argument("--scale", type=int, help="also build a catalog of this many codes once, errcat alone (e.g. 100000: about an hour)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for results.json, results.md, scaling.svg")
    parser.add_argument("--publish", action="store_true", help="also write docs/performance.md and its chart and data")
    parser.add_argument("--keep", type=Path, help="generate into this new folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if len(sizes) < 2 or args.reps < 1:
        parser.error("give at least two sizes and one repetition")
    work = args.keep or Path(tempfile.mkdtemp(prefix="errcat-bench-"))
    work.mkdir(parents=True, exist_ok=args.keep is None)
    try:
        names = [e for e in args.engines.split(",") if e]
        unknown = sorted(set(names) - set(engines.ENGINES))
        if unknown:
            parser.error(f"unknown engine(s) {', '.join(unknown)} (known: {', '.join(engines.ENGINES)})")
        results = run(sizes, args.reps, work, args.serve_reps, names, args.serve_size, args.scale)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report.write(results, args.out)
    print(report.table(results))
    print(f"results: {args.out}/", file=sys.stderr)
    if args.publish:
        print(f"published: {report.publish(results, DOCS)}", file=sys.stderr)
    return 0
