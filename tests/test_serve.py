"""``mkdocs serve`` picks up catalog edits, and ERRCAT_APIS serves a subset of the APIs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from bench.projects import errcat_project
from bench import serve
from bench.run import _edit_title, measure_rebuilds
from errcat import Catalog, load_catalog
from errcat.mkdocs import live
from tests.conftest import ROOT, build
from tests.htmltext import article_text
from tests.outside_tools import skip_or_fail


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of this repository's site, so editing its catalog leaves the real one alone."""
    return errcat_project(tmp_path / "project", ROOT / "catalog")


def test_editing_a_code_while_serving_shows_the_change(project: Path, tmp_path: Path) -> None:
    catalog = load_catalog(project / "catalog")
    log = tmp_path / "serve.log"
    served = measure_rebuilds(project, catalog, reps=1, log_to=log)  # raises unless the served page shows the edit in time
    assert served["apis"] == "all" and len(served["rebuild_seconds"]) == 1 and served["rebuild_seconds"][0] > 0
    # The edit was shown by errcat's in-place update (errcat/mkdocs/live.py), not by a full rebuild.
    said = log.read_text(encoding="utf-8")
    assert "errcat: catalog edit shown in" in said and "building the whole site" not in said, said[-3000:]
    # ... and the catalog, a handful of files, was polled ten times a second rather than mkdocs' two.
    assert f"looks for edits to {project / 'catalog'} every 0.10 s" in said, said[:3000]
    first = next(iter(catalog.apis.values()))
    edited = load_catalog(project / "catalog").apis[first.slug].codes[next(iter(first.codes))]
    assert edited.title == "Edited title 0 (all)"


def test_a_large_watch_list_is_polled_less_often(tmp_path: Path) -> None:
    """Polling costs a look at every watched file: a catalog of many files is looked at less often, never more
    rarely than mkdocs' own half second; the paths mkdocs watched before keep its interval."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    (small / "a.yaml").write_text("x", encoding="utf-8")
    for folder in range(40):
        (large / str(folder)).mkdir(parents=True)
        for name in range(250):
            (large / str(folder) / f"{name}.yaml").write_text("x", encoding="utf-8")
    observer = PollingObserver(timeout=0.5)
    before = observer.schedule(FileSystemEventHandler(), str(small))
    assert live.quicken_polling(observer, [str(small)]) == live.FASTEST_POLL
    after = observer.schedule(FileSystemEventHandler(), str(small / "a.yaml"))
    assert observer._emitter_for_watch[before].timeout == 0.5 and observer._emitter_for_watch[after].timeout == live.FASTEST_POLL
    slower = live.quicken_polling(PollingObserver(timeout=0.5), [str(large)])
    assert slower is not None and live.FASTEST_POLL < slower <= live.SLOWEST_POLL
    assert live.quicken_polling(object(), [str(small)]) is None  # not mkdocs' polling observer: left alone


def test_properdocs_serve_updates_the_site_in_place_as_properdocs_builds_it(project: Path, tmp_path: Path) -> None:
    """ProperDocs' server has mkdocs' shape: the in-place update runs there too, and the pages it renders again
    are ProperDocs' (each page names its generator)."""
    if importlib.util.find_spec("properdocs") is None:
        skip_or_fail("properdocs is not installed: pip install -r requirements-dev.txt")
    api = next(iter(load_catalog(project / "catalog").apis.values()))
    code = next(iter(api.codes.values()))
    log, title = tmp_path / "serve.log", "Edited under ProperDocs"
    with serve.serving(project, 300, {"PYTHONPATH": str(project)}, log, engine="properdocs") as base:
        pages = [base + f"{api.slug}/{code.code}/", base + f"{api.slug}/codes/"]
        serve.wait_for(lambda: serve.fetch(pages[0]) is not None, 150, "the first build")
        serve.time_edit(pages, lambda: _edit_title(project / "catalog", code, title), lambda html: title in html, 60)
        for url in pages:
            generator = re.search(r'<meta name="generator" content="([^"]*)"', serve.fetch(url) or "")
            assert generator is not None and "ProperDocs" in generator.group(1), (url, generator)
    said = log.read_text(encoding="utf-8")
    assert "errcat: catalog edit shown in" in said and "building the whole site" not in said, said[-3000:]


@pytest.mark.showcase
def test_serving_a_subset_of_apis(project: Path) -> None:
    catalog = load_catalog(project / "catalog")
    served = measure_rebuilds(project, catalog, reps=1, apis="scanner")
    assert served["apis"] == "scanner" and len(served["rebuild_seconds"]) == 1


def test_errcat_apis_builds_only_the_named_apis(tmp_path: Path, catalog: Catalog) -> None:
    result = build(ROOT, tmp_path / "site", env={"ERRCAT_APIS": "scanner,users"})
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    for api in catalog.apis:
        assert (site / api / "index.html").is_file() == (api in ("scanner", "users")), api
    assert (site / "scanner" / "not_found" / "index.html").is_file() and not (site / "admin" / "0000").exists()
    home = article_text(site / "index.html")
    assert catalog.apis["scanner"].title in home and catalog.apis["admin"].title not in home
