"""A curl session: the request, and the response a client gets for the code (as comments)."""

from __future__ import annotations

import json
import re

from .. import envelope
from ..model import Api, Code
from . import literals

LABEL = "curl"
LEXER = "bash"

_JQ_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _jq_path(dotted: str) -> str:
    return "".join(f".{key}" if _JQ_KEY.fullmatch(key) else f'.["{key}"]' for key in dotted.split("."))


def session(api: Api, code: Code) -> str:
    """The code as clients read it; the whole response is the page's example. Catalog text stays in comments."""
    conv = api.convention_of(code)
    shown = json.dumps(envelope.wire_code(api, code), ensure_ascii=True) if conv.code_type == "string" else str(code.code)
    lines = [
        f"# HTTP {code.http_status}; the code, read the way clients read it:",
        f'curl -s "$ENDPOINT_URL" -H "Authorization: Bearer $TOKEN" | jq \'{_jq_path(conv.code_path)}\'',
        f"# {literals.comment_text(shown)}",
    ]
    return "\n".join(lines) + "\n"
