"""``mkdocs serve`` on a loopback port, and how long it takes to show an edit to the catalog.

Used by the test of the rebuild path and by the benchmark's rebuild measurement. The server is
started under coreutils ``timeout``, so it stops by itself even if its caller dies; every wait is
bounded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.05  # the resolution of a measured edit-to-refresh time


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The body at ``url``, or None while the server is not answering it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Poll ``condition`` until it holds; return the seconds it took, or raise after ``timeout``."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - start


@contextmanager
def serving(project: Path, lifetime: float, env: dict[str, str] | None = None, log_to: Path | None = None, engine: str = "mkdocs") -> Iterator[str]:
    """Run ``mkdocs serve`` (or ``engine``'s, ProperDocs') for ``project`` on a free loopback port; yields its base URL.

    The server lives at most ``lifetime`` seconds, and is stopped when the block ends. Its log goes
    to ``log_to`` when given (else it is shown only if the block fails).
    """
    port = free_port()
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    command = [sys.executable, "-m", engine, "serve", "--dev-addr", f"127.0.0.1:{port}"]
    with (open(log_to, "w+b") if log_to is not None else tempfile.TemporaryFile()) as log:
        proc = subprocess.Popen(
            ["timeout", "--kill-after=5", str(int(lifetime)), *command],
            cwd=project, env=environ, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        try:
            yield f"http://127.0.0.1:{port}/"
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def time_edit(page_urls: list[str], edit: Callable[[], None], shows_edit: Callable[[str], bool], timeout: float) -> float:
    """Seconds from ``edit()`` until every page at ``page_urls`` shows it (``shows_edit(html)``)."""
    if any(shows_edit(fetch(url) or "") for url in page_urls):
        raise ValueError(f"{page_urls} show the edit before it is made")
    edit()
    return wait_for(lambda: all(shows_edit(fetch(url) or "") for url in page_urls), timeout, f"{', '.join(page_urls)} to show the edit")
