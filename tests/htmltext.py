"""Reading built pages the way a person sees them: visible text and links, via the stdlib HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        # Tags and attribute names outside <pre> and <svg>, line breaks aside: a picture wraps its text into
        # as many lines as the text needs, so its structure follows the text by design.
        self.layout: list[tuple[str, tuple[str, ...]]] = []
        self._svg = 0
        self._skip = 0
        self._article = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "svg":
            self._svg += 1
        if not self._pre and not self._svg and tag != "br":
            self.layout.append((tag, tuple(sorted(name for name, _ in attrs))))
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article":
            self._article += 1
        if tag == "pre":
            self._pre += 1
            self.text.append("")
        if tag == "a" and self._article:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg -= 1
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "article":
            self._article -= 1
        if tag == "pre":
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._skip or not self._article:
            return
        if self._pre:  # highlighted code is split into many spans: keep it as one piece of text
            self.text[-1] += data
        else:
            self.text.append(data)


def article(path: Path) -> _Page:
    """Parse a built page; ``text`` and ``links`` cover its main article only."""
    return parse(path.read_text(encoding="utf-8"))


def parse(html: str) -> _Page:
    """Parse a page's HTML, e.g. as a server sent it."""
    page = _Page()
    page.feed(html)
    return page


def article_text(path: Path) -> str:
    return " ".join(" ".join(article(path).text).split())


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() else 1

    def handle_endtag(self, tag: str) -> None:
        """A cell that spans N columns fills N: its text, then N-1 empty cells."""
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1] += [" ".join("".join(self._cell).split())] + [""] * (self._span - 1)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(path: Path) -> list[list[list[str]]]:
    """Every table of a built page as rows of cell texts (the header row first)."""
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def fragment(html: str) -> _Page:
    """Parse an HTML fragment (e.g. what Markdown made of one page) as if it were a page's article."""
    page = _Page()
    page.feed(f"<article>{html}</article>")
    return page
