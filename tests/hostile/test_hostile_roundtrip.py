"""Nothing silently changed: load(dump(catalog)) == catalog, and no two codes (or old names) share a URL."""

from __future__ import annotations

import inspect
import posixpath
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import NoSuchExample
from hypothesis import strategies as st

from errcat import Catalog, load_catalog, schema, urls
from errcat.loader import load_with_problems
from tests.catalogs import MINIMAL_API, write_catalog
from tests.hostile import dump
from tests.hostile.dump import dump_catalog, flow
from tests.hostile.strategies import NOWHERE, catalogs

PROPERTY = settings(max_examples=100)


def nowhere(catalog: Catalog) -> Catalog:
    """The catalog with every source location blanked: a dumped catalog lives in other files and lines."""
    return Catalog(
        {
            slug: replace(
                api,
                location=NOWHERE,
                lines={},
                groups={k: replace(g, location=NOWHERE) for k, g in api.groups.items()},
                operations={k: replace(op, location=NOWHERE) for k, op in api.operations.items()},
                codes={k: replace(c, location=NOWHERE) for k, c in api.codes.items()},
            )
            for slug, api in catalog.apis.items()
        }
    )


def test_the_dumper_writes_every_field_of_the_catalog_format() -> None:
    """A field the dumper forgot would make the round trip below prove nothing about it."""
    source = inspect.getsource(dump)
    specs = (schema.API_FILE, schema.CONVENTION, schema.NAMED_ENVELOPE, schema.BEHAVIOUR, schema.GROUP, schema.CODE_ENTRY, schema.CAUSE, schema.PARAM, schema.LIFECYCLE,
             schema.OPERATION)
    assert [name for spec in specs for name in spec.fields if f'"{name}"' not in source] == []


def test_the_real_catalog_survives_a_round_trip(catalog: Catalog, tmp_path: Path) -> None:
    assert nowhere(load_catalog(dump_catalog(catalog, tmp_path))) == nowhere(catalog)


@pytest.mark.parametrize(
    ("value", "written"), [(1e20, "1.0e+20"), (1.5e-7, "1.5e-07"), (-0.0, "-0.0"), (2.5, "2.5"), (1e16, "1.0e+16")]
)
def test_floats_are_written_as_yaml_11_and_json_both_read_them(value: float, written: str) -> None:
    assert flow(value) == written


@PROPERTY
@given(catalogs())
def test_load_of_dump_is_the_catalog(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> None:
    root = tmp_path_factory.mktemp("round-trip")
    assert nowhere(load_catalog(dump_catalog(catalog, root))) == catalog


NEW_FIELDS = {
    "another transport": lambda api: not api.has_http,
    "an explanation": lambda api: api.explanation is not None and any(c.explanation for c in api.codes.values()),
    "a class": lambda api: any(g.class_prefix and any(c.group == g.id for c in api.codes.values()) for g in api.groups.values()),
    "a severity": lambda api: any(not c.is_error for c in api.codes.values()),
    "unspecified retryable": lambda api: any(c.retryable == "unspecified" for c in api.codes.values()),
    "several constants in a scope": lambda api: api.constant_scope != "api" and any(c.other_constants for c in api.codes.values()),
    "versionless lifecycle states": lambda api: any(c.lifecycle.no_longer_emitted for c in api.codes.values())
    and any(c.lifecycle.internal for c in api.codes.values()),
    "codes in two envelopes": lambda api: len({c.envelope for c in api.codes.values()} - {None}) == 2,
}


def test_the_generator_uses_the_newer_fields() -> None:
    """The round trip above and the export properties see each of them: one pass over generated catalogs
    meets them all (no shrinking, so it stops at the catalog that shows the last one)."""
    seen: set[str] = set()

    def shows_the_rest(catalog: Catalog) -> bool:
        seen.update(name for name, shows in NEW_FIELDS.items() for api in catalog.apis.values() if shows(api))
        return seen == set(NEW_FIELDS)

    try:
        find(catalogs(), shows_the_rest, settings=settings(max_examples=500, phases=[Phase.generate], database=None))
    except NoSuchExample:
        pass
    assert set(NEW_FIELDS) - seen == set()


# Few characters, both cases, and the punctuation codes may hold: collisions are likely.
NEAR_TWINS = st.text(st.sampled_from("aAbB0._-"), min_size=1, max_size=3)


@PROPERTY
@given(st.lists(NEAR_TWINS, min_size=1, max_size=6, unique=True), st.lists(NEAR_TWINS, max_size=4, unique=True))
def test_no_two_codes_or_old_names_that_load_share_a_url(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], olds: list[str]
) -> None:
    api = MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: ".*"')
    renamed = f"    lifecycle: {{renamed_from: {flow(olds)}}}\n" if olds else ""
    entries = "".join(
        f"  {flow(name)}:\n    title: T\n    meaning: M\n    http_status: 400\n" + (renamed if i == 0 else "")
        for i, name in enumerate(names)
    )
    catalog, problems = load_with_problems(write_catalog(tmp_path_factory.mktemp("urls"), "codes:\n" + entries, api))
    if any(p.severity == "error" for p in problems):
        return
    demo = catalog.apis["demo"]
    paths = [urls.code_url("demo", c) for c in demo.codes] + [
        urls.code_url("demo", o) for c in demo.codes.values() for o in c.lifecycle.renamed_from
    ]
    assert len({p.casefold() for p in paths}) == len(paths), paths
    for path in paths:
        segment = path.split("/")[1]
        assert quote(segment, safe="") == segment and posixpath.normpath(path) == path.rstrip("/"), path
        assert segment.casefold().split(".")[0] not in urls.RESERVED_CODE_NAMES, path


def test_the_url_property_sees_loading_codes(tmp_path: Path) -> None:
    """The generator above is not vacuous: codes like these load, so their URLs are checked."""
    codes = "codes:\n" + "".join(f'  "{c}":\n    title: T\n    meaning: M\n    http_status: 400\n' for c in ("a", "B.0", "b-_"))
    api = MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: ".*"')
    assert set(load_catalog(write_catalog(tmp_path, codes, api)).apis["demo"].codes) == {"a", "B.0", "b-_"}
