"""The other engines' builds of the errcat project: ProperDocs (runs errcat's hooks, as mkdocs does)
and Zensical (runs none: ``errcat render`` writes its docs folder first, then it builds)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from . import measure

ENGINES = ("properdocs", "zensical")


def available(engine: str) -> bool:
    return importlib.util.find_spec(engine) is not None


def build(engine: str, project: Path, site: Path) -> dict:
    """One cold build of ``project`` with ``engine`` (CPU and wall summed over its steps), then ``errcat verify``."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    env = {"PYTHONPATH": str(project)}
    steps: list[measure.Run] = []
    if engine == "properdocs":
        steps.append(measure.run([sys.executable, "-m", "properdocs", "build", "--site-dir", str(site)], project, env))
    else:
        steps.append(measure.run([sys.executable, "-m", "errcat", "render", "--out", "build/docs"], project, env))
        steps.append(measure.run([sys.executable, "-m", "zensical", "build", "-f", "zensical.yml"], project, env))
        shutil.move(project / "build" / "zensical-site", site)
    measure.run([sys.executable, "-m", "errcat", "verify", str(site)], project, env)  # raises if the output is broken
    return {
        "wall_seconds": sum(s.wall for s in steps),
        "cpu_seconds": sum(s.cpu for s in steps),
        "peak_rss_mib": max(s.peak_rss_mib for s in steps),
        "steps": len(steps),
    }
