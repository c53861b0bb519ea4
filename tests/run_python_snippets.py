"""Runs Python snippets against the loopback test server, one process for many snippets.

Reads ``{"helpers": {id: name}, "cases": [{"key", "url", "source"}]}`` as JSON on stdin and prints
one JSON list: per case, the app calls the snippet made (``[id, args]``) and the error it raised,
if any. The app functions are fakes that record their calls; ``time.sleep`` records the wait
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


def run_case(client: httpx.Client, case: dict[str, Any], helpers: dict[str, str]) -> dict[str, Any]:
    calls: list[list[Any]] = []
    token = {"n": 1}

    def recorder(helper_id: str):
        def record(*args: Any) -> str:
            # handle_other_response(response, body): the response object is no JSON, its body is
            calls.append([helper_id, list(args[1:] if helper_id == "handle_other_response" else args)])
            return helper_id

        return record

    def access_token() -> str:
        return f"token-{token['n']}"

    def refresh_access_token() -> None:
        calls.append(["refresh_access_token", []])
        token["n"] += 1

    def reload_resource(method: str, url: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        calls.append(["reload_resource", []])
        return {**kwargs, "headers": {**kwargs.get("headers", {}), "If-Match": "version-2"}}

    special = {
        "access_token": access_token,
        "refresh_access_token": refresh_access_token,
        "reload_resource": reload_resource,
        "ApiError": ApiError,
    }
    namespace: dict[str, Any] = {"__name__": "snippet"}
    exec(compile(case["source"], f"<snippet {case['key']}>", "exec"), namespace)
    # After the snippet's own imports ran: its `time` becomes a recorder, the app functions fakes.
    namespace["time"] = types.SimpleNamespace(sleep=lambda seconds: calls.append(["wait", [round(seconds * 1000)]]))
    for helper_id, name in helpers.items():
        namespace[name] = special.get(helper_id) or recorder(helper_id)
    error = None
    try:
        namespace["call_api"](client, "GET", case["url"])
    except ApiError as exc:
        error = ["ApiError", list(exc.args)]
    except Exception as exc:  # reported to the test, which names the code
        error = ["crash", [f"{type(exc).__name__}: {exc}"]]
    return {"key": case["key"], "calls": calls, "error": error}


def main() -> None:
    job = json.load(sys.stdin)
    with httpx.Client(timeout=10) as client:
        print(json.dumps([run_case(client, case, job["helpers"]) for case in job["cases"]]))


if __name__ == "__main__":
    main()
