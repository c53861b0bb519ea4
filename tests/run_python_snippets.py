"""Runs Python snippets against the loopback test server, one process for many snippets.

Reads ``{"helpers": {id: name}, "module": name, "helper": source, "cases": [{"key", "url", "source"}]}``
as JSON on stdin and prints one JSON list: per case, the app calls the code's branch made
(``[id, args]``) and the error it raised, if any. The helper becomes an importable module under
its own name, so each branch's ``from <api>_client import ...`` runs as it would in an app; then
every branch registers and each case sends its request through the helper's ``call_api``.

The app functions are fakes that record their calls; the helper's ``time.sleep`` records the wait
instead of waiting, so a backoff costs nothing. ``reload_resource`` hands back the request with the
reloaded version (``If-Match: version-2``), so the server sees whether the retried change carries it.
"""

from __future__ import annotations

import json
import sys
import types
from typing import Any

import httpx


class ApiError(Exception):
    """Stands in for the app's own error type in ``caller_handles`` snippets."""


class App:
    """The app's functions, recording into the running case's list."""

    def __init__(self, helpers: dict[str, str]) -> None:
        self.calls: list[list[Any]] = []
        self.token = 1
        special = {
            "access_token": lambda: f"token-{self.token}",
            "refresh_access_token": self.refresh_access_token,
            "reload_resource": self.reload_resource,
            "ApiError": ApiError,
        }
        self.functions = {name: special.get(helper_id) or self.recorder(helper_id) for helper_id, name in helpers.items()}

    def recorder(self, helper_id: str):
        def record(*args: Any) -> str:
            # handle_other_response(response, body): the response object is no JSON, its body is
            self.calls.append([helper_id, list(args[1:] if helper_id == "handle_other_response" else args)])
            return helper_id

        return record

    def refresh_access_token(self) -> None:
        self.calls.append(["refresh_access_token", []])
        self.token += 1

    def reload_resource(self, request: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(["reload_resource", []])
        return {**request, "headers": {**request.get("headers", {}), "If-Match": "version-2"}}

    def sleep(self, seconds: float) -> None:
        if seconds > 0:  # again(0) after a refresh or reload sends at once: no wait to record
            self.calls.append(["wait", [round(seconds * 1000)]])


def main() -> None:
    job = json.load(sys.stdin)
    app = App(job["helpers"])
    helper = types.ModuleType(job["module"])
    helper.__dict__.update(app.functions)
    sys.modules[job["module"]] = helper  # as an import would, before the module runs
    exec(compile(job["helper"], f"<{job['module']}>", "exec"), helper.__dict__)
    helper.time = types.SimpleNamespace(sleep=app.sleep)  # after the helper's own `import time`
    for case in job["cases"]:
        exec(compile(case["source"], f"<branch {case['key']}>", "exec"), dict(app.functions))
    results = []
    with httpx.Client(timeout=10) as client:
        for case in job["cases"]:
            app.calls, app.token = [], 1
            error = None
            try:
                helper.call_api(client, "GET", case["url"])
            except ApiError as exc:
                error = ["ApiError", list(exc.args)]
            except Exception as exc:  # reported to the test, which names the code
                error = ["crash", [f"{type(exc).__name__}: {exc}"]]
            results.append({"key": case["key"], "calls": app.calls, "error": error})
    print(json.dumps(results))


if __name__ == "__main__":
    main()
