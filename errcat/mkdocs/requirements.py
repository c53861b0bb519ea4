"""What the plugin needs from the site's configuration, checked before anything is built.

errcat's generated pages use a few Markdown extensions (tables, content tabs, admonitions...). A site
without one of them still builds, but wrongly, and the first symptom is far from the cause ("link
'#b-retry' points to an anchor that ... does not have"), so a missing extension is an error that
names it and the line to add to mkdocs.yml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# extension -> the mkdocs.yml line that enables it as errcat needs it
REQUIRED_EXTENSIONS: dict[str, str] = {
    "tables": "- tables",
    "admonition": "- admonition",
    "attr_list": "- attr_list",
    "md_in_html": "- md_in_html",
    "toc": "- toc: {permalink: true}",
    "pymdownx.highlight": "- pymdownx.highlight",
    "pymdownx.superfences": "- pymdownx.superfences",
    "pymdownx.details": "- pymdownx.details",
    "pymdownx.tabbed": "- pymdownx.tabbed: {alternate_style: true}",
}


def missing_extensions(enabled: Iterable[str], settings: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One message per required extension that is absent or configured in a way errcat's pages break with."""
    enabled = set(enabled)
    out = [
        f"errcat needs the Markdown extension {name!r}: add it under markdown_extensions in mkdocs.yml:  {line}"
        for name, line in REQUIRED_EXTENSIONS.items()
        if name not in enabled
    ]
    if "pymdownx.tabbed" in enabled and not settings.get("pymdownx.tabbed", {}).get("alternate_style"):
        out.append(
            "errcat needs pymdownx.tabbed with alternate_style: true (Material's tabs): in mkdocs.yml write  "
            + REQUIRED_EXTENSIONS["pymdownx.tabbed"]
        )
    return out
