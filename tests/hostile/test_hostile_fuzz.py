"""Fuzzing the loader: whatever the bytes, the only exception out of it is errcat's own.

Three kinds of input: raw bytes, a soup of YAML tokens, and byte-level mutations of a valid file
that uses every field (which reach the schema, the checks and the renderers, not just the
parser). When a mutant still loads, every page is rendered and encoded as the build would.
A fourth kind is valid but extreme in shape (issue 17): a chain of nested groups as deep as drawn,
and a long run of punctuation in the text; its pages must be about as large as those of the same
catalog with flat groups, which a renderer quadratic in the depth is not.
The run is bounded by example counts (a few seconds); set ERRCAT_FUZZ_EXAMPLES to fuzz longer.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from errcat import CatalogError, load_catalog, site, yamlstrict
from errcat.model import Catalog
from tests.catalogs import write_catalog
from tests.hostile.dressing import BASE_API, CONTEXT

EXAMPLES = int(os.environ.get("ERRCAT_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES)

SEED_CODES = """\
codes:
  "2001":
    constant: BAD_TOKEN
    title: Bad token
    meaning: The token is bad.
    message: "Token {token} is bad"
    http_status: 401
    group: auth
    retryable: conditional
    advice: [Log in again.]
    causes:
      - {title: Expired, detail: Too old., advice: [Refresh.]}
    params:
      - {name: token, type: string, meaning: The token., example: abc}
    example: {error: {code: "2001", n: 1.5, ok: true, none: null, list: [1, "a"]}}
    raised_by: AuthError
    tags: [t]
    notes: [A note.]
    lifecycle: {since: "1.0", deprecated: "2.0", replaced_by: "2002", renamed_from: ["2000"]}
  "2002":
    title: Other
    meaning: Something else.
    http_status: 400
    behaviour: show
"""

TOKENS = (
    "codes:",
    "\n",
    "  ",
    "    ",
    '"2001":',
    "2001:",
    "title: ",
    "meaning: ",
    "http_status: ",
    "params:",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!",
    "? ",
    "|",
    ">-",
    "# c",
    "'",
    '"',
    "\\",
    "\\x02",
    "\\ud800",
    "\t",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "0100",
    "1e3",
    "1e400",
    "~",
    "null",
    "yes",
    "---",
    "...",
    "%YAML 1.2",
    "9" * 30,
    "é",
    "😀",
    "{{ 7*7 }}",
    "<script>",
)

RAW = st.binary(max_size=300)
SOUP = st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=40).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
)


@st.composite
def mutants(draw: st.DrawFn, seed: bytes = SEED_CODES.encode()) -> bytes:
    """The seed file with a few bytes deleted, replaced or inserted at random places."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 3))
        data[at : at + cut] = draw(
            st.binary(max_size=3) | st.text(max_size=3).map(str.encode) | st.sampled_from(TOKENS).map(str.encode)
        )
    return bytes(data)


FUZZ_INPUT = st.one_of(RAW, SOUP, mutants())

PUNCTUATION = ".!*_`[]()#<>&|\\-+ "


@dataclass(frozen=True)
class Shape:
    """A valid catalog of ``depth`` groups with one code each, as a chain (each group the parent of the
    next) or flat; the last code's meaning is ``text``, a long run of punctuation."""

    depth: int
    ranged: bool  # each group has a range: nested in the chain (each inside its parent's), one number when flat
    text: str

    def api_yaml(self, chain: bool) -> str:
        last = 3000 + self.depth - 1
        groups = "".join(
            f"  g{k}: {{"
            + ", ".join([
                f"title: G{k}", "meaning: M.", *([f"parent: g{k - 1}"] if k and chain else []),
                *([f'range: ["{3000 + k}", "{last if chain else 3000 + k}"]'] if self.ranged else []),
            ])
            + "}\n"
            for k in range(self.depth)
        )
        auth = next(line for line in BASE_API.splitlines(keepends=True) if line.startswith("  auth:"))
        return BASE_API.replace(auth, auth + groups)

    def codes_yaml(self) -> str:
        return "codes:\n" + "".join(
            f'  "{3000 + k}": {{title: T, meaning: {json.dumps(self.text if k == self.depth - 1 else "M.")}, http_status: 400, group: g{k}}}\n'
            for k in range(self.depth)
        )


SHAPES = st.builds(
    Shape,
    st.integers(1, 200),
    st.booleans(),
    # a meaning must hold more than white space (the loader refuses one that does not)
    st.builds(lambda unit, times: unit * times, st.text(PUNCTUATION, min_size=1, max_size=8).filter(str.strip), st.integers(1, 4000)),
)
# A chain's pages may be this much larger than the same catalog's flat: each level of the groups
# table once added its own indentation to every row below it, 1.5 times the flat site at depth 200.
MAX_CHAIN_TO_FLAT = 1.25
# Two catalogs loaded and rendered per example: a tenth of the other kinds' examples takes as long.
SHAPE_FUZZ = settings(max_examples=max(EXAMPLES // 10, 10))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def test_the_seed_is_a_valid_catalog_using_every_code_field(folder: Path) -> None:
    code = load_catalog(write_catalog(folder / "seed", SEED_CODES, BASE_API)).apis["demo"].codes["2001"]
    assert code.params and code.causes and code.example and code.lifecycle.renamed_from and code.tags


@FUZZ
@given(FUZZ_INPUT)
def test_parse_raises_nothing_but_yaml_error(data: bytes) -> None:
    try:
        yamlstrict.parse(data)
    except yamlstrict.YamlError:
        pass


def render_everything(catalog: Catalog) -> None:
    for page in site.pages(catalog, CONTEXT):
        page.content.encode("utf-8")  # as mkdocs writes it: a lone surrogate would fail here


@FUZZ
@given(FUZZ_INPUT, st.booleans())
def test_loading_raises_nothing_but_catalog_error(folder: Path, data: bytes, as_api_file: bool) -> None:
    files = {"codes.yaml": data} if not as_api_file else {"codes.yaml": SEED_CODES}
    catalog_folder = write_catalog(folder / "case", files, data if as_api_file else BASE_API)
    try:
        catalog = load_catalog(catalog_folder)
    except CatalogError:
        return
    render_everything(catalog)


@SHAPE_FUZZ
@given(SHAPES)
def test_deep_and_punctuation_heavy_catalogs_render_as_much_as_flat_ones(folder: Path, shape: Shape) -> None:
    rendered = {}
    for chain in (False, True):
        catalog = load_catalog(write_catalog(folder / f"shape-{chain}", shape.codes_yaml(), shape.api_yaml(chain)))
        rendered[chain] = sum(len(page.content.encode("utf-8")) for page in site.pages(catalog, CONTEXT))
    assert rendered[True] <= MAX_CHAIN_TO_FLAT * rendered[False], rendered
