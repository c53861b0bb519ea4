"""A curl session: the request, and the response a client gets for the code (as comments)."""

from __future__ import annotations

import json
import re

from .. import envelope
from ..model import Api, Code, Json
from ..render.prose import plain_line
from . import literals

LABEL = "curl"
LEXER = "bash"

_JQ_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _jq_path(dotted: str) -> str:
    return "".join(f".{key}" if _JQ_KEY.fullmatch(key) else f'.["{key}"]' for key in dotted.split("."))


def session(api: Api, code: Code, body: Json) -> str:
    """Shell lines; everything taken from the catalog is inside comments, on one line each."""
    conv = api.convention
    # ensure_ascii keeps the body on one line and free of characters that end a comment
    wire = json.dumps(body, ensure_ascii=True)
    shown = json.dumps(envelope.wire_code(api, code), ensure_ascii=True) if conv.code_type == "string" else str(code.code)
    lines = [
        f"# {literals.comment_text(code.code + ' ' + plain_line(code.title))}: what the response looks like",
        'curl -si "$ENDPOINT_URL" -H "Authorization: Bearer $TOKEN"',
        f"# HTTP/1.1 {code.http_status} {envelope.status_title(code.http_status)}",
        f"# Content-Type: {conv.content_type}",
        "#",
        f"# {wire}",
        "",
        "# The code, read the way clients read it:",
        f"curl -s \"$ENDPOINT_URL\" -H \"Authorization: Bearer $TOKEN\" | jq '{_jq_path(conv.code_path)}'",
        f"# {literals.comment_text(shown)}",
    ]
    return "\n".join(lines) + "\n"
