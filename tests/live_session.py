"""``mkdocs serve``'s build loop without its HTTP server, for tests/test_live.py.

Run in the project folder with the site folder as argument. It builds the site as ``mkdocs serve``
does (``on_startup(command="serve")``, then ``on_serve`` with the server's builder), then reads a
line per rebuild from stdin, calls the builder the plugins left on the server, and prints one JSON
line: whether errcat updated the site in place ("quick") or mkdocs built it all ("full").
"""

from __future__ import annotations

import json
import logging
import sys
from types import SimpleNamespace

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

QUICK = "errcat: catalog edit shown in"
FULL = ("errcat: building the whole site", "errcat: the quick rebuild failed")


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def main(site_dir: str) -> None:
    said = _Said()
    logging.getLogger("mkdocs").addHandler(said)
    logging.getLogger("mkdocs").setLevel(logging.INFO)

    def get_config() -> MkDocsConfig:
        return load_config(config_file="mkdocs.yml", site_dir=site_dir)

    def builder(config: MkDocsConfig | None = None) -> None:
        build(config or get_config())

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    builder(config)
    server = config.plugins.on_serve(SimpleNamespace(builder=builder), config=config, builder=builder)
    print(json.dumps({"built": True}), flush=True)
    for _ in sys.stdin:
        said.lines.clear()
        try:
            server.builder()
        except Exception as exc:  # a failed full build: the server would show it and wait for the next edit
            print(json.dumps({"rebuild": "failed", "said": [f"{type(exc).__name__}: {exc}"]}), flush=True)
            continue
        quick = [line for line in said.lines if line.startswith(QUICK)]
        print(json.dumps({"rebuild": "quick" if quick else "full", "said": quick + [line for line in said.lines if line.startswith(FULL)]}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
