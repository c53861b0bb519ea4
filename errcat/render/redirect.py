"""The page left at a renamed code's old URL: a tiny static HTML file that forwards to the new page.

Static hosts cannot answer with HTTP redirects from a config errcat controls, so the old URL keeps a
page of its own: a script forwards at once (keeping the link's query, which the new page reads
for declared params only), a meta refresh does the same without script, and a plain link remains
for anything else. The forward is relative (``../NEW/``), so it works under any site URL. With a
public base URL the page also names the new page's absolute URL as canonical, so search engines
index it under its published address; without one it has none, like every other page (see publish.py).
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from .. import links
from ..model import Api, Code
from .code_page import SiteContext


def redirect_page(old: str, api: Api, code: Code, ctx: SiteContext) -> str:
    """HTML for ``/<api>/<old>/`` sending the reader to ``code``'s page."""
    target = "../" + quote(code.code, safe="") + "/"
    href = html.escape(target, quote=True)
    canonical = (
        f'<link rel="canonical" href="{html.escape(links.doc_url(api, code.code, site_url=ctx.base_url), quote=True)}">\n'
        if ctx.absolute
        else ""
    )
    script_target = json.dumps(target).replace("<", "\\u003c")  # cannot close the script element
    old_name, new_name = html.escape(old), html.escape(code.code)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{old_name} is now {new_name}</title>
<meta name="robots" content="noindex">
{canonical}<meta http-equiv="refresh" content="0; url={href}">
<script>location.replace({script_target} + location.search + location.hash);</script>
</head>
<body>
<p>Code <code>{old_name}</code> was renamed to <a href="{href}"><code>{new_name}</code></a>.</p>
</body>
</html>
"""
