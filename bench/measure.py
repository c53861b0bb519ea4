"""Running a command and measuring it; reading sizes off a built site."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from errcat import urls


@dataclass(frozen=True)
class Run:
    """One run of a child process: wall-clock and CPU seconds, and its peak resident memory."""

    wall: float
    cpu: float  # user + system time of the child: less sensitive than wall time to other load
    peak_rss_mib: float


PEAK = Path(__file__).with_name("peak.py")


class Failed(RuntimeError):
    """A measured command that exited with an error; the message ends with the end of its output."""

    @property
    def last_line(self) -> str:
        lines = [line for line in str(self).splitlines() if line.strip()]
        return lines[-1].strip() if lines else "no output"


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``args`` to completion and measure it; raise with its output if it fails.

    The command runs as the child of ``bench/peak.py``, which reports that child's own rusage: run
    from this process, which holds loaded catalogs, its peak memory would be at least this process's
    (Linux keeps the high-water mark across fork and exec).
    """
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as output, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "rusage.json"
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(PEAK), str(report), *args], cwd=cwd, env=environ, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            output.seek(0)
            raise Failed(f"{' '.join(args)} failed in {cwd} ({proc.returncode}):\n{output.read().decode(errors='replace')[-4000:]}")
        usage = json.loads(report.read_text(encoding="utf-8"))
    return Run(wall, usage["cpu"], usage["peak_rss_kib"] / 1024)


def median(values: list[float]) -> float:
    return statistics.median(values)


def summary(runs: list[Run]) -> dict[str, list[float] | float]:
    """Every run's wall and CPU seconds, and their medians, as the results file keeps them."""
    return {
        "wall_seconds": [r.wall for r in runs],
        "cpu_seconds": [r.cpu for r in runs],
        "median_wall_seconds": median([r.wall for r in runs]),
        "median_cpu_seconds": median([r.cpu for r in runs]),
    }


def code_pages(site: Path, codes: dict[str, list[str]]) -> dict[str, int]:
    """HTML size in bytes of each code's page, keyed ``<api>/<code>``; a missing page raises."""
    sizes = {}
    for api, api_codes in codes.items():
        for code in api_codes:
            page = site / urls.code_url(api, code) / "index.html"
            sizes[f"{api}/{code}"] = page.stat().st_size
    return sizes


def count_code_pages(site: Path, apis: list[str]) -> int:
    """Pages at ``/<api>/<name>/`` that are not one of the API's own pages: the code pages built."""
    return sum(1 for api in apis for p in (site / api).glob("*/index.html") if p.parent.name not in urls.API_PAGES)


def search_index_bytes(site: Path) -> int:
    return (site / "search" / "search_index.json").stat().st_size
