"""The shapes benchmark (``python -m bench.shapes``), run tiny: it builds every shape, and its results hold together (never timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench import shapes, synthetic
from tests.conftest import ROOT


def test_every_shape_builds_and_is_compared_with_the_flat_catalog(tmp_path: Path) -> None:
    out = tmp_path / "shapes.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench.shapes", "--codes", "12", "--line-bytes", "600", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    results = json.loads(out.read_text(encoding="utf-8"))
    assert result.returncode == (0 if all(e["met"] for e in results["shapes"].values()) else 1), result.stderr
    assert (results["codes"], results["line_bytes"], results["target"]) == (12, 600, shapes.TARGET)
    assert list(results["shapes"]) == list(shapes.SHAPES) == [*synthetic.SHAPES, "meaning-letters", "meaning-dense"]
    flat, letters, dense = (results["shapes"][shape] for shape in ("flat", "meaning-letters", "meaning-dense"))
    for entry in results["shapes"].values():
        assert entry["ratio_wall"] == entry["median_wall_seconds"] / flat["median_wall_seconds"]
        if entry is not dense:
            assert entry["met"] == (entry["ratio_wall"] <= shapes.TARGET)
    assert dense["ratio_to_letters"] == dense["median_wall_seconds"] / letters["median_wall_seconds"]
    assert dense["met"] == (dense["ratio_wall"] <= shapes.TARGET and dense["ratio_to_letters"] <= shapes.TARGET)
    assert "| chain |" in result.stdout and "| punctuation |" in result.stdout and "| meaning-dense |" in result.stdout


def test_the_shapes_differ_only_in_depth_and_punctuation(tmp_path: Path) -> None:
    texts = {shape: (synthetic.write_shape(tmp_path / shape, shape, 30, 400) / "shapes" / "codes.yaml").read_text() for shape in synthetic.SHAPES}
    assert texts["flat"] == texts["chain"] == texts["punctuation"].replace(". " * 200, "a " * 200)
    assert ". " * 200 in texts["punctuation"] and ". " * 200 not in texts["flat"]


def test_the_prose_shapes_differ_from_the_flat_one_only_in_the_first_meaning(tmp_path: Path) -> None:
    flat = (synthetic.write_shape(tmp_path / "flat", "flat", 30, 2) / "shapes" / "codes.yaml").read_text()
    texts = {shape: (shapes.write_prose_shape(tmp_path / shape, shape, 30, 400) / "shapes" / "codes.yaml").read_text() for shape in shapes.PROSE_UNITS}
    for shape, unit in shapes.PROSE_UNITS.items():
        half = (unit * 200)[:200]
        assert f'    meaning: "{half}"\n    explanation: "{half}"\n' in texts[shape]
        rest = texts[shape].replace(f'"{half}"\n    explanation: "{half}"', "", 1)
        assert rest == flat.replace(flat.split("    meaning: ", 1)[1].split("\n", 1)[0], "", 1), shape
