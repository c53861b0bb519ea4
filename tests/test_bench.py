"""The scale benchmark, run small: it builds both sites, and its results hold together (never timed)."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench import measure, report, synthetic
from errcat import load_catalog
from tests.conftest import ROOT
from tests.htmltext import article_text

SIZES = (50, 100)
SCALE = 150  # --scale: one more size, errcat alone


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, Path]:
    """One run of ``python -m bench`` at 50 and 100 codes, one repetition; its work folder is kept."""
    root = tmp_path_factory.mktemp("bench")
    out, work = root / "out", root / "work"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", ",".join(map(str, SIZES)), "--reps", "1", "--serve-reps", "0",
         "--scale", str(SCALE), "--out", str(out), "--keep", str(work)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| errcat / baseline, median of back-to-back pairs, wall (cpu) |" in result.stdout
    return json.loads((out / report.RESULTS_JSON).read_text(encoding="utf-8")), out, work


def test_every_code_page_is_built_by_both_sites(bench_run) -> None:
    results, _, _ = bench_run
    assert list(results["sizes"]) == [str(n) for n in SIZES]
    for n in SIZES:
        entry = results["sizes"][str(n)]
        for kind in ("errcat", "baseline"):
            built = entry[kind]
            assert built["code_pages_built"] == n, kind
            assert len(built["wall_seconds"]) == len(built["cpu_seconds"]) == 1
            assert built["median_wall_seconds"] > 0 and built["median_cpu_seconds"] > 0
            assert built["peak_rss_mib"] > 10 and built["search_index_bytes"] > 0 and built["median_code_page_bytes"] > 1000
        assert entry["ratio_wall"] == entry["errcat"]["median_wall_seconds"] / entry["baseline"]["median_wall_seconds"]
        assert entry["ratio_wall_paired"] == entry["errcat"]["wall_seconds"][0] / entry["baseline"]["wall_seconds"][0]
        assert 10 < entry["yaml_events_per_code"] < 100
        warm = entry["warm"]
        assert len(warm["cpu_seconds"]) == 1 and warm["median_cpu_seconds"] > 0 and warm["codes_edited"] == 3
        assert entry["warm_ratio_cpu_paired"] == warm["cpu_seconds"][0] / entry["baseline"]["cpu_seconds"][0]
        for engine in ("properdocs", "zensical"):  # each built and passed errcat verify, or says why it did not run
            built = entry["engines"][engine]
            assert "skipped" in built or (built["cpu_seconds"] > 0 and built["peak_rss_mib"] > 10), (engine, built)


def test_the_scale_build_reports_its_cost_per_code_beside_the_compared_sizes(bench_run) -> None:
    results, out, work = bench_run
    scale = results["scale"]
    assert scale["codes"] == SCALE and scale["cpu_seconds"] > 0 and scale["peak_rss_mib"] > 10
    assert scale["cpu_ms_per_code"] == scale["cpu_seconds"] / SCALE * 1000
    assert set(scale["compared_cpu_ms_per_code"]) == {str(n) for n in SIZES}
    apis = list(load_catalog(work / f"scale-{SCALE}" / "catalog").apis)
    assert measure.count_code_pages(work / f"scale-{SCALE}" / "site", apis) == SCALE
    assert any(t["target"] == f"peak memory of the {SCALE}-code build" for t in results["targets"])
    assert (out / "results.md").read_text(encoding="utf-8").count(f"At {SCALE} codes (errcat alone, one cold build)") == 1


def test_results_compare_the_sizes_and_check_every_target(bench_run) -> None:
    results, out, work = bench_run
    growth = results["growth"]
    assert (growth["from"], growth["to"], growth["codes_ratio"]) == (50, 100, 2)
    assert abs(growth["same_code_page_largest_change"]) <= report.MAX_PAGE_CHANGE  # code i is the same code in both
    checked = results["load_check"]
    assert len(checked["wall_seconds"]) == len(checked["one_process"]["wall_seconds"]) == 3 and checked["codes"] == 100
    assert checked["ratio_to_one_process"] == checked["median_wall_seconds"] / checked["one_process"]["median_wall_seconds"]
    assert (work / "100" / "catalog" / "ledger.json").is_file()  # check reads a ledger, as on a real catalog
    assert [t["unit"] for t in results["targets"]] == ["x", "x", "x", "%", "s", "MiB", "MiB"]  # the last: the --scale build
    assert all(isinstance(t["met"], bool) and t["met"] == (t["value"] <= t["limit"]) for t in results["targets"])
    table = (out / report.RESULTS_MD).read_text(encoding="utf-8")
    assert "| 50 codes | 100 codes |" in table and table.count("| yes |") + table.count("| **no** |") == 7
    svg = ET.parse(out / report.CHART_SVG).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert len(svg.findall(f"{ns}polyline")) == 3 and len(svg.findall(f"{ns}circle")) == 4  # 2 sites x 2 sizes, + linear


def test_the_warm_build_shows_the_edited_codes(bench_run) -> None:
    _, _, work = bench_run
    edited = load_catalog(work / "100" / "errcat" / "catalog")
    for api in edited.apis.values():
        code = next(iter(api.codes.values()))
        assert code.title.startswith("Warm edit 0."), code.title
        assert code.title in article_text(work / "100" / "site-warm" / api.slug / code.code / "index.html")


def test_baseline_pages_have_the_same_content_as_errcat_pages(bench_run) -> None:
    _, _, work = bench_run
    catalog = load_catalog(work / "100" / "catalog")
    for api in catalog.apis.values():
        for code in list(api.codes)[:5]:
            page = Path(api.slug) / code / "index.html"
            assert article_text(work / "100" / "site-errcat" / page) == article_text(work / "100" / "site-baseline" / page)
    baseline_config = (work / "100" / "baseline" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks: []" in baseline_config and "macros" not in baseline_config


def test_publish_writes_the_performance_page(bench_run, tmp_path: Path) -> None:
    results, _, _ = bench_run
    page = report.publish(results, tmp_path).read_text(encoding="utf-8")
    assert "](performance/scaling.svg)" in page and "](performance/results.json)" in page
    assert results["measured_at"] in page and report.table(results) in page
    assert (tmp_path / "performance" / report.CHART_SVG).is_file()


def test_synthetic_catalogs_grow_by_adding_codes(tmp_path: Path) -> None:
    small = load_catalog(synthetic.write_catalog(tmp_path / "small", 30))
    large = load_catalog(synthetic.write_catalog(tmp_path / "large", 90))
    assert small.code_count() == 30 and large.code_count() == 90
    for slug, api in small.apis.items():
        for code in api.codes.values():
            twin = large.apis[slug].codes[code.code]
            assert (twin.title, twin.meaning, twin.advice, twin.causes, twin.params) == (code.title, code.meaning, code.advice, code.causes, code.params)
    ledger = large.apis["ledger"]
    assert any(g.parent and ledger.groups[g.parent].range for g in ledger.groups.values())  # nested numeric ranges
    assert any(c.causes for c in large.apis["orders"].codes.values()) and any(c.params for c in large.apis["devices"].codes.values())


def test_a_builds_peak_memory_is_its_own_not_the_benchmarks(tmp_path: Path) -> None:
    """Linux keeps the memory high-water mark across fork and exec: a child of a large process must not report it."""
    held = bytearray(b"x") * (300 * 2**20)  # written, so resident: this process now holds 300 MiB
    small = measure.run([sys.executable, "-c", "pass"], tmp_path)
    large = measure.run([sys.executable, "-c", "x = bytearray(b'x') * (200 * 2**20)"], tmp_path)
    assert len(held) == 300 * 2**20
    assert small.peak_rss_mib < 50, small  # an empty interpreter, not the 300 MiB of its grandparent
    assert 200 < large.peak_rss_mib < 300, large  # what the child itself used is still measured
    with pytest.raises(RuntimeError, match="failed"):
        measure.run([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)
