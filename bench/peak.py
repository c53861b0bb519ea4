"""Run a command as this small process's child and write the child's own peak memory and CPU time.

Linux carries a process's resident-memory high-water mark across fork and exec: a build started
straight from the benchmark, which holds whole loaded catalogs, reports the benchmark's own peak
whenever that is higher than the build's. Started from this process instead (a fresh interpreter
of a few MiB), the build's ``ru_maxrss`` is its own.

Usage: ``python bench/peak.py REPORT.json COMMAND...``; exits with the command's status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def main(report: str, command: list[str]) -> int:
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    Path(report).write_text(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "peak_rss_kib": usage.ru_maxrss}), encoding="utf-8")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
