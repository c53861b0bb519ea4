"""``errcat diff``: what a change to the catalog does to clients, for review before it merges.

The branch is compared with the point where it left the base revision (``git merge-base``), as a
pull request's diff is, so codes the base gained meanwhile are not reported as removed here. Each
change is classed once:

* **breaking**: a client coded against the old contract fails: a code removed or renamed, its
  status, behaviour, action or group changed, a param removed, renamed or retyped, a code that may
  no longer be resent (or fewer times), an envelope field removed or retyped, an API removed.
  It is *accepted* when this branch's ledger records the new contract (``ledger update --accept``).
* **additive**: new codes, params, envelope fields and APIs; a code that may now be resent; a
  deprecation.
* **wording**: title, meaning, message, advice, causes, user messages.

A new code is also looked up in the base revision's *current* ledger: when another branch merged
the same code with another meaning meanwhile, that is a collision, and the second branch renumbers.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .. import lifecycle
from ..ledger import Entry, Ledger, envelope_of
from ..ledger import read as read_ledger
from ..loader import load_catalog
from ..model import Api, Catalog, Code
from ..problems import CatalogError, Problem
from ..render import md
from ..render.text import clean
from . import gitrev
from .changes import FieldChange, mapping_changes

Kind = Literal["breaking", "collision", "additive", "wording"]
KINDS: tuple[Kind, ...] = ("collision", "breaking", "additive", "wording")
# Fields that only reword a code: clients keep working whatever they say.
_WORDING = ("message", "advice", "causes", "user_messages")
_WORDING_FIELDS = frozenset(("title", "meaning", *_WORDING))


@dataclass(frozen=True, slots=True)
class Row:
    """One reviewed change; ``accepted`` matters for breaking rows only."""

    kind: Kind
    api: str
    code: str  # "" for a change of the API itself (its envelope, its existence)
    change: str
    accepted: bool = False

    @property
    def blocks(self) -> bool:
        return self.kind == "collision" or (self.kind == "breaking" and not self.accepted)

    def next_step(self) -> tuple[str, str | None]:
        """What the reviewer or author does about this row, and the command that does it (empty when nothing)."""
        if self.kind != "breaking":
            return "", None
        removal = self.change.startswith(("code removed", "API removed"))
        if self.accepted:
            return ("retired in the ledger" if removal else "accepted (recorded in the ledger)"), None
        if removal:
            what = f"{self.api} {self.code}" if self.code else self.api
            return "not allowed: deprecate it instead, or retire what clients never saw:", f"errcat ledger retire {what} --reason WHY"
        target = f"{self.api}/{self.code}" if self.code else self.api
        return "not accepted:", f"errcat ledger update --accept {target}"


@dataclass(slots=True)
class Review:
    """Every change between the base and the working tree, in catalog order."""

    base: str  # how the output names what was compared, e.g. "main (merge base 1a2b3c4)"
    rows: list[Row] = field(default_factory=list)

    @property
    def blocking(self) -> list[Row]:
        return [row for row in self.rows if row.blocks]


def review(base: Catalog, now: Catalog, ledger: Ledger | None, tip: Ledger | None, base_name: str, tip_name: str = "main") -> Review:
    """Class every change from ``base`` (the merge base's catalog) to ``now`` (the working tree's).

    ``ledger`` is the working tree's, which says whether a breaking change was accepted; ``tip`` is
    the base revision's current ledger (``tip_name``), which says whether a new code was taken meanwhile.
    """
    result = Review(base_name)
    for slug, before in base.apis.items():
        after = now.apis.get(slug)
        retired = ledger.retired.get(slug, {}) if ledger else {}
        if after is None:
            result.rows.append(Row("breaking", slug, "", f"API removed ({len(before.codes)} codes)", accepted=set(before.codes) <= set(retired)))
            continue
        recorded = ledger.envelopes.get(slug) if ledger else None
        result.rows += _rows(slug, "", mapping_changes("envelope field", envelope_of(before), envelope_of(after)), recorded == envelope_of(after))
        result.rows += _api_rows(before, after, ledger.apis.get(slug, {}) if ledger else {}, retired)
    for slug, after in now.apis.items():
        old_codes = base.apis[slug].codes if slug in base.apis else {}
        if slug not in base.apis:
            result.rows.append(Row("additive", slug, "", f"new API ({len(after.codes)} codes)"))
        taken = tip.apis.get(slug, {}) if tip else {}
        for code in after.codes.values():
            if code.code in old_codes or any(old in old_codes for old in code.lifecycle.renamed_from):
                continue
            result.rows.append(_new_code_row(after, code, taken.get(code.code), tip_name))
    return result


def _new_code_row(api: Api, code: Code, taken: Entry | None, tip_name: str) -> Row:
    """A code this branch adds: additive, unless the base took the same code meanwhile with another meaning."""
    if taken is None or not taken.differences(Entry.of(api, code)):
        return Row("additive", api.slug, code.code, f"new code: {code.title}")
    group = api.groups.get(code.group or "")
    if group is not None and group.range is not None:
        renumber = f"move this code to a free number (errcat next {api.slug} {group.id})"
    else:
        renumber = "give this code a name no other code has"
    return Row("collision", api.slug, code.code, (
        f"{tip_name} took {api.slug}/{code.code} meanwhile as {taken.title!r}; this branch adds it as {code.title!r}. "
        f"Two branches took the same new code: rebase on {tip_name}, {renumber}, then run errcat ledger update"
    ))


def _api_rows(before: Api, after: Api, recorded: dict[str, Entry], retired: Mapping[str, object]) -> Iterator[Row]:
    """The rows for the codes ``before`` had: removed (accepted only when the ledger retired it), renamed or changed."""
    successors = dict(lifecycle.renames(after))
    for old in before.codes.values():
        new = after.codes.get(old.code) or successors.get(old.code)
        if new is None:
            yield Row("breaking", before.slug, old.code, f"code removed: {old.title}", accepted=old.code in retired)
            continue
        current = Entry.of(after, new)
        entry = recorded.get(new.code)
        accepted = entry is not None and entry.status is not None and not entry.contract_changes(current) and not entry.differences(current)
        if new.code != old.code:
            yield Row("breaking", before.slug, old.code, f"code renamed to {new.code}: clients matching {old.code} must match {new.code}", accepted)
        yield from _rows(before.slug, new.code, _code_changes(before, old, after, new), accepted)


def _code_changes(before_api: Api, before: Code, after_api: Api, after: Code) -> list[FieldChange]:
    old, new = Entry.of(before_api, before), Entry.of(after_api, after)
    out = [FieldChange(name, text, breaking=name == "group") for name, text in old.changed_fields(new)]
    out += old.contract_changes(new)
    out += [FieldChange(name, f"{name.replace('_', ' ')} reworded", False) for name in _WORDING if getattr(before, name) != getattr(after, name)]
    if before.lifecycle.status != after.lifecycle.status:
        out.append(FieldChange("lifecycle", f"now {after.lifecycle.status}" + (f" (replaced by {after.lifecycle.replaced_by})" if after.lifecycle.replaced_by else ""), False))
    return out


def _rows(slug: str, code: str, changes: list[FieldChange], accepted: bool) -> list[Row]:
    return [Row(_kind(c), slug, code, c.text, accepted and c.breaking) for c in changes]


def _kind(change: FieldChange) -> Kind:
    if change.breaking:
        return "breaking"
    return "wording" if change.field in _WORDING_FIELDS else "additive"


def summary(result: Review) -> str:
    counts = {kind: sum(row.kind == kind for row in result.rows) for kind in KINDS}
    unaccepted = sum(row.kind == "breaking" and not row.accepted for row in result.rows)
    parts = [f"{counts['breaking']} breaking ({unaccepted} not accepted)", f"{counts['additive']} additive", f"{counts['wording']} wording only"]
    if counts["collision"]:
        parts.insert(0, f"{counts['collision']} code collision(s)")
    return ", ".join(parts)


def _ordered(result: Review) -> list[Row]:
    return sorted(result.rows, key=lambda row: KINDS.index(row.kind))


def as_text(result: Review) -> str:
    """The review table for a terminal: one row per change, columns aligned; catalog text cannot drive the terminal.

    A row's last column, in brackets, says what review it needs (breaking changes only).
    """
    rows = [("class", "api", "code", "change", "")]
    rows += [(row.kind, row.api, row.code or "-", clean(row.change), " ".join(filter(None, row.next_step()))) for row in _ordered(result)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"errcat diff: catalog at {result.base} -> working tree"]
    if not result.rows:
        lines.append("no changes")
    for first, second, third, change, step in rows if result.rows else ():
        aligned = "  ".join(cell.ljust(width) for cell, width in zip((first, second, third), widths))
        lines.append(f"{aligned}  {change}" + (f"  [{step}]" if step else ""))
    return "\n".join(lines + [summary(result)]) + "\n"


def _review_cell(row: Row) -> str:
    label, command = row.next_step()
    return " ".join(filter(None, (md.cell(label) if label else "", md.code(command) if command else ""))) or " "


def as_markdown(result: Review) -> str:
    """The review as a pull-request comment; catalog text is made inert Markdown (:mod:`errcat.render.md`)."""
    title = f"### errcat diff against {md.code(result.base)}"
    if not result.rows:
        return f"{title}\n\nNo change to the error catalog.\n"
    table = md.table(
        ("Class", "API", "Code", "Change", "Review"),
        ([row.kind, md.code(row.api), md.code(row.code) if row.code else md.EM_DASH, md.cell(row.change), _review_cell(row)]
         for row in _ordered(result)),
    )
    verdict = "**Blocking:** a breaking change is not accepted, or a new code collides." if result.blocking else "Nothing blocks the merge."
    return f"{title}\n\n{summary(result)}. {verdict}\n\n{table}\n"


def run(catalog_dir: Path, now: Catalog, revision: str | None, markdown: Path | None) -> int:
    """``errcat diff [REV]``: print the review; 0 when nothing blocks, 1 when something does, 2 when it cannot compare."""
    try:
        top, inside = gitrev.repository_path(catalog_dir)
        tip_name = revision or gitrev.default_revision(top)
        tip = gitrev.commit_of(top, tip_name)
        fork = gitrev.merge_base(top, tip_name)
        with tempfile.TemporaryDirectory(prefix="errcat-diff-") as temp:
            base = _catalog_at(top, fork, inside, Path(temp) / "base")
            tip_ledger = base[1] if fork == tip else _catalog_at(top, tip, inside, Path(temp) / "tip")[1]
    except (gitrev.GitError, CatalogError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        ledger = read_ledger(catalog_dir)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 1
    base_name = tip_name if fork == tip else f"{tip_name} (merge base {fork[:7]})"
    result = review(base[0], now, ledger, tip_ledger, base_name, tip_name)
    sys.stdout.write(as_text(result))
    if markdown is not None:
        try:
            markdown.write_text(as_markdown(result), encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {markdown}: {exc.strerror}", file=sys.stderr)
            return 2
    return 1 if result.blocking else 0


def _catalog_at(top: Path, commit: str, inside: str, dest: Path) -> tuple[Catalog, Ledger | None]:
    """The catalog and ledger committed at ``commit``, loaded strictly; an empty catalog when it had none."""
    folder = gitrev.extract(top, commit, inside, dest)
    if folder is None:
        return Catalog({}), None
    try:
        return load_catalog(folder), read_ledger(folder)
    except CatalogError as exc:
        raise CatalogError([Problem(p.file, p.line, f"(at {commit[:7]}) {p.message}", p.code) for p in exc.problems]) from None
