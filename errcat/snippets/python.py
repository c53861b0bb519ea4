"""Python with httpx (the synchronous API; ``httpx.AsyncClient`` reads the same with ``await``)."""

from __future__ import annotations

import re
from functools import lru_cache

from . import literals, naming
from .codegen import Dialect, branch_template, error_fields, helper_comment, path_literals
from .plan import Shape, Wire

LABEL = "Python"
LEXER = "python"


def module_name(slug: str) -> str:
    """The helper's module name: ``admin_client`` (admin_client.py)."""
    return re.sub(r"\W", "_", slug) + "_client"


DIALECT = Dialect(
    strings=literals.PYTHON,
    name=naming.snake,
    comment="#",
    end="",
    braces=False,
    indent="    ",
    eq="==",
    and_="and",
    coalesce="or",
    true_test="{} is True",
    awaits=False,
    throw="raise {}",
    field=naming.snake,
    module=lambda slug, names: f"from {module_name(slug)} import {names}",
    message_const="MESSAGE",
    constant="{} = {}",
    constant_open="{} = (",
    constant_join="",
    constant_close=")",
    register=lambda key, status: [f"@on({key}{', status=' + status if status else ''})", "def handle(error, attempt):"],
    body_indent="    ",
    close=(),
    no_wait="0",
    reload="reload_resource(error.request)",
    try_open="try:",
    try_failed=("except Exception:", "    pass  # the refresh failed: log out"),
    silent="return None  # nothing to show",
    helper_names={"on": "on", "again": "Again", "retry_delay": "retry_delay", "fill_params": "fill_params"},
)


@lru_cache(maxsize=None)
def branch(shape: Shape, slug: str) -> str:
    return branch_template(DIALECT, shape, slug)


_FILL = '''

def fill_params(template, params):
    """The message with each {name} replaced by its value from the response's params."""
    params = params if isinstance(params, dict) else {}
    return re.sub(r"\\{(\\w+)\\}", lambda m: str(params.get(m[1], m[0])), template)'''


@lru_cache(maxsize=None)
def helper(wire: Wire) -> str:
    """The API's client module: ErrorResponse, on(), Again, retry_delay() and call_api()."""
    fields = error_fields(wire)
    declared = [f"    {name}: Any = None  # {literals.comment_text('.'.join(path))}" for name, path in fields]
    read = [f"        error.{name} = field(body, {path_literals(DIALECT, path)})" for name, path in fields]
    status = "" if wire.fixed_status is None else f"={wire.fixed_status}"
    lines = [
        *helper_comment(DIALECT),
        "import itertools",
        "import json",
        *(["import re"] if wire.params_path else []),
        "import time",
        "from dataclasses import dataclass",
        "from typing import Any",
        "",
        "import httpx",
        "",
        "_branches = {}",
        "",
        "",
        "@dataclass",
        "class ErrorResponse:",
        '    """A response whose code has a registered branch, as the branch sees it."""',
        "",
        "    response: httpx.Response",
        "    body: Any  # the decoded JSON body",
        f"    code: Any  # {literals.comment_text('.'.join(wire.code_path))}",
        "    request: dict  # client.request()'s arguments, for reload_resource()",
        *declared,
        "",
        "",
        "@dataclass",
        "class Again:",
        '    """A branch\'s answer: send the request again after wait seconds (request, when given)."""',
        "",
        "    wait: float",
        "    request: dict | None = None",
        "",
        "",
        f"def on(code, status{status}):",
        '    """Registers the decorated function as the branch for responses with this code."""',
        "",
        "    def register(branch):",
        "        _branches[json.dumps([status, code])] = branch",
        "        return branch",
        "",
        "    return register",
        "",
        "",
        "def field(body, *path):",
        '    """The value at path in the decoded JSON body, or None."""',
        "    for key in path:",
        "        body = body.get(key) if isinstance(body, dict) else None",
        "    return body",
        "",
        "",
        "def retry_delay(error, attempt):",
        '    """Seconds before the next attempt: the Retry-After header\'s, else 0.5, 1, 2, ..."""',
        '    seconds = error.response.headers.get("Retry-After", "")',
        "    if seconds.isascii() and seconds.isdigit():",
        "        return int(seconds)",
        "    return 0.5 * 2 ** (attempt - 1)",
        *(_FILL.splitlines() if wire.params_path else []),
        "",
        "",
        "def call_api(client: httpx.Client, method: str, url: str, **kwargs):",
        '    """Send the request with your shared client; a branch or your handler answers."""',
        '    request = {"method": method, "url": url, **kwargs}',
        "    for attempt in itertools.count(1):",
        '        headers = {**request.get("headers", {})}',
        '        headers["Authorization"] = f"Bearer {access_token()}"',
        '        response = client.request(**{**request, "headers": headers})',
        "        try:",
        "            body = response.json()",
        "        except ValueError:  # not JSON",
        "            body = None",
        f"        code = field(body, {path_literals(DIALECT, wire.code_path)})",
        "        branch = _branches.get(json.dumps([response.status_code, code]))",
        "        if branch is None:",
        "            return handle_other_response(response, body)",
        "        error = ErrorResponse(response, body, code, request)",
        *read,
        "        answer = branch(error, attempt)",
        "        if not isinstance(answer, Again):",
        "            return answer",
        "        time.sleep(answer.wait)",
        "        request = answer.request or request",
    ]
    return "\n".join(lines) + "\n"
