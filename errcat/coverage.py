"""``python -m errcat coverage``: does a client map exactly the codes the catalog documents?

Generalises seed 002's registry checker (``check_error_code_registry.py``) to any API of the
catalog and to several mapper files (:mod:`errcat.mappers` reads them). The report always has the
checker's three groups:

- documented but not mapped: a code the catalog has (and has not removed) that no mapper names;
- mapped but not documented: a mapper names a code the catalog does not have, or, in a .env file,
  lists a code under a setting its behaviour does not use;
- duplicates: a code named twice by the code mappers, or listed twice across the .env settings.

Code mappers (Dart, TypeScript) given together are one client's mapping split over files, so they
are checked as a whole; .env files are checked setting by setting against the behaviours that name
them. Exit status: 0 when clean, 1 on any inconsistency, 2 when an input cannot be used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import mappers
from .model import Api

ALL_CODES = None  # the slot of code mappers: every code; .env entries are slotted by their setting


@dataclass
class Report:
    api: Api
    files: list[str]
    not_mapped: list[str] = field(default_factory=list)
    not_documented: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.not_mapped or self.not_documented or self.duplicates)

    def render(self) -> str:
        lines = [f"{self.api.slug}: {len(self.api.codes)} codes documented; mappers: {', '.join(self.files)}"]
        for title, entries in (
            ("documented but not mapped", self.not_mapped),
            ("mapped but not documented", self.not_documented),
            ("duplicates", self.duplicates),
        ):
            lines.append(f"{title} ({len(entries)}):" + ("" if entries else " none"))
            lines.extend(f"  {entry}" for entry in entries)
        lines.append("ok: the mapping matches the catalog" if self.clean else "inconsistent: see above")
        return "\n".join(lines)


def expected(api: Api, with_codes: bool, with_env: bool) -> dict[str | None, list[str]]:
    """Per slot, the codes a complete mapping names (removed codes need no mapping)."""
    live = [code for code in api.codes.values() if code.lifecycle.status != "removed"]
    slots: dict[str | None, list[str]] = {ALL_CODES: [c.code for c in live]} if with_codes else {}
    if with_env:
        for behaviour in api.behaviours.values():
            if behaviour.frontend_config:
                slots[behaviour.frontend_config] = [c.code for c in live if c.behaviour == behaviour.id]
    return slots


def compare(api: Api, files: list[str], entries: list[mappers.Mapped], with_codes: bool, with_env: bool) -> Report:
    report = Report(api, files)
    wanted = expected(api, with_codes, with_env)
    setting_of = {b.id: b.frontend_config for b in api.behaviours.values()}
    by_slot: dict[str | None, dict[str, list[mappers.Mapped]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        by_slot[entry.setting][entry.code].append(entry)
    for slot, codes in wanted.items():
        for code in codes:
            if code not in by_slot[slot]:
                report.not_mapped.append(code if slot is ALL_CODES else f"{code} (expected in {slot})")
    for slot, found in by_slot.items():
        for code, places in found.items():
            known = api.codes.get(code)
            if known is None:
                report.not_documented.append(f"{code} at {places[0].where}: not a code of {api.slug}")
            elif slot is not ALL_CODES and setting_of[known.behaviour] != slot:
                right = setting_of[known.behaviour] or f"no setting (behaviour {known.behaviour})"
                report.not_documented.append(f"{code} in {slot} at {places[0].where}: the catalog puts it in {right}")
    for kind in (lambda e: e.setting is ALL_CODES, lambda e: e.setting is not ALL_CODES):
        seen: dict[str, list[mappers.Mapped]] = defaultdict(list)
        for entry in filter(kind, entries):
            seen[entry.code].append(entry)
        report.duplicates += [f"{code} at {', '.join(e.where for e in places)}" for code, places in seen.items() if len(places) > 1]
    return report


def report(api: Api, paths: list[Path]) -> Report:
    """Compare the mappers at ``paths`` with ``api``; raises MapperError when an input cannot be used."""
    entries: list[mappers.Mapped] = []
    for path in paths:
        entries += mappers.read(path, api)
    with_env = any(mappers.is_env(p) for p in paths)
    if with_env and not any(b.frontend_config for b in api.behaviours.values()):
        raise mappers.MapperError(f"{api.slug} names no frontend settings (frontend_config), so a .env file cannot be checked against it")
    return compare(api, [str(p) for p in paths], entries, not all(mappers.is_env(p) for p in paths), with_env)


def run(api: Api, paths: list[Path]) -> tuple[int, str]:
    """The exit status and the report (or the reason an input cannot be used)."""
    try:
        found = report(api, paths)
    except mappers.MapperError as exc:
        return 2, f"error: {exc}"
    return (0 if found.clean else 1), found.render()
