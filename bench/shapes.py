"""Shapes of catalog against a flat one of the same size: does any shape make errcat superlinear?

    python -m bench.shapes                          # 2,000 codes and a 320 KB line, 1 repetition
    python -m bench.shapes --codes 500 --reps 3

Three catalogs of the same codes and text (bench/synthetic.py, ``write_shape``): ``flat`` (each code
in its own top-level group, one code with a 320 KB line of ``a``), ``chain`` (each group the parent
of the next, so the tree is as deep as the catalog has codes) and ``punctuation`` (the long line is
``. ``). Each is built with ``mkdocs build`` as an errcat project, the builds alternating shape by
shape each repetition, and each shape's median time is divided by the flat one's. The target: every
shape within :data:`TARGET` times the flat catalog. Results go to ``bench/results/shapes.json``.

Two more shapes put the long text in the prose every reader meets (issue 18): the first code's meaning
and explanation, half the line each, which its page, the Codes table, the search index and the exports
all show. ``meaning-letters`` writes them in letters, ``meaning-dense`` dense with ``* _ [`` (each a
character the site's Markdown would match one by one in a table cell or a heading); the dense one is
also divided by the letters one (``ratio_to_letters``), which must stay within :data:`TARGET` too.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from . import measure, synthetic
from .projects import ROOT, errcat_project

TARGET = 2.0  # a shape may cost at most this many times the flat catalog of the same size
RESULTS = ROOT / "bench" / "results" / "shapes.json"
# The prose shapes: the unit their long meaning and explanation repeat.
PROSE_UNITS = {"meaning-letters": "ab ", "meaning-dense": "*_[ "}
SHAPES = (*synthetic.SHAPES, *PROSE_UNITS)
_FIRST_MEANING = re.compile(r"^    meaning: .*$", re.MULTILINE)


def _build(project: Path, site: Path) -> measure.Run:
    shutil.rmtree(site, ignore_errors=True)
    return measure.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], project, {"PYTHONPATH": str(project)})


def write_prose_shape(dest: Path, shape: str, n_codes: int, line_bytes: int) -> Path:
    """The flat catalog with a short note, whose first code's meaning and explanation hold the long text
    (``line_bytes`` in all, half each) in the shape's unit; returns the catalog folder."""
    catalog = synthetic.write_shape(dest, "flat", n_codes, 2)
    codes = catalog / "shapes" / "codes.yaml"
    unit = PROSE_UNITS[shape]
    half = json.dumps((unit * (line_bytes // len(unit) + 1))[: line_bytes // 2])  # JSON strings are YAML strings
    text = _FIRST_MEANING.sub(lambda _: f"    meaning: {half}\n    explanation: {half}", codes.read_text(encoding="utf-8"), count=1)
    codes.write_text(text, encoding="utf-8")
    return catalog


def _catalog(shape: str, n_codes: int, line_bytes: int, work: Path) -> Path:
    """The shape's catalog with its ledger: a build refuses codes that were never published."""
    dest = work / shape / "catalog"
    if shape in PROSE_UNITS:
        catalog = write_prose_shape(dest, shape, n_codes, line_bytes)
    else:
        catalog = synthetic.write_shape(dest, shape, n_codes, line_bytes)
    measure.run([sys.executable, "-m", "errcat", "--catalog", str(catalog), "ledger", "update"], ROOT, {"PYTHONPATH": str(ROOT)})
    return catalog


def run(n_codes: int, line_bytes: int, reps: int, work: Path) -> dict:
    """Build every shape ``reps`` times; the results with each shape's ratio to the flat catalog."""
    projects = {shape: errcat_project(work / shape / "project", _catalog(shape, n_codes, line_bytes, work)) for shape in SHAPES}
    runs: dict[str, list[measure.Run]] = {shape: [] for shape in SHAPES}
    for rep in range(reps):
        order = SHAPES if rep % 2 == 0 else tuple(reversed(SHAPES))
        for shape in order:
            runs[shape].append(_build(projects[shape], work / shape / "site"))
            print(f"  {shape}: {runs[shape][-1].wall:.1f} s", file=sys.stderr)
    shapes = {shape: {**measure.summary(r), "peak_rss_mib": max(x.peak_rss_mib for x in r)} for shape, r in runs.items()}
    flat = shapes["flat"]
    for shape, entry in shapes.items():
        entry["ratio_wall"] = entry["median_wall_seconds"] / flat["median_wall_seconds"]
        entry["ratio_cpu"] = entry["median_cpu_seconds"] / flat["median_cpu_seconds"]
        entry["met"] = entry["ratio_wall"] <= TARGET
    dense, letters = shapes["meaning-dense"], shapes["meaning-letters"]
    dense["ratio_to_letters"] = dense["median_wall_seconds"] / letters["median_wall_seconds"]
    dense["met"] = dense["met"] and dense["ratio_to_letters"] <= TARGET
    return {"codes": n_codes, "line_bytes": line_bytes, "reps": reps, "target": TARGET, "shapes": shapes}


def table(results: dict) -> str:
    lines = [
        f"{results['codes']} codes, a {results['line_bytes']:,}-byte line, {results['reps']} repetition(s); target: at most {TARGET}x flat",
        "| shape | median wall s | median cpu s | peak MiB | / flat, wall (cpu) | met |",
        "|---|---|---|---|---|---|",
    ]
    for shape, e in results["shapes"].items():
        lines.append(
            f"| {shape} | {e['median_wall_seconds']:.1f} | {e['median_cpu_seconds']:.1f} | {e['peak_rss_mib']:.0f} | "
            f"{e['ratio_wall']:.2f} ({e['ratio_cpu']:.2f}) | {'yes' if e['met'] else '**no**'} |"
        )
    dense = results["shapes"]["meaning-dense"]
    lines.append(f"meaning dense with * _ [ / meaning of letters, wall: {dense['ratio_to_letters']:.2f} (target: at most {TARGET})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.shapes", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--codes", type=int, default=2000, help="codes (and groups) per catalog (default: 2000)")
    parser.add_argument("--line-bytes", type=int, default=synthetic.LONG_LINE_BYTES, help="length of the long line (default: 320000)")
    parser.add_argument("--reps", type=int, default=1, help="builds of each shape (default: 1)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="errcat-shapes-") as work:
        results = run(args.codes, args.line_bytes, args.reps, Path(work))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    return 0 if all(e["met"] for e in results["shapes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
