"""Search results on the hostile site (tests/test_hostile_data.py's one build) show the data as text.

Material's search inserts a result's title and text as HTML: a search term holding ``<img src=x
onerror=...>`` would run its handler the moment the result list shows it. The payload sets a window
flag; after the search it must be unset, and the result list must show the markup as typed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser_helpers import DESKTOP, search
from playwright.sync_api import Browser
from site_build import ROOT, serve_site, shared_prepared_build
from test_hostile_data import PAYLOADS, _prepare

ONERROR = next(payload for payload in PAYLOADS if payload.name == "img-onerror")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, result = shared_prepared_build(tmp_path_factory.getbasetemp(), "hostile-data", _prepare)
    assert (project / "site" / "index.html").is_file(), result.stderr[-2000:]
    return project


@pytest.fixture(scope="module")
def hostile_url(hostile_project: Path) -> Iterator[str]:
    with serve_site(hostile_project / "site") as url:
        yield url


def _query(project: Path) -> str:
    """The real text of a search term that holds the payload in the hostile data: typing it finds that page."""
    manifest = json.loads((project / "hostile.json").read_text(encoding="utf-8"))
    real = yaml.safe_load((ROOT / "data" / "recommendations.yaml").read_text(encoding="utf-8"))
    for file_name, path, value in manifest["values"]:
        if file_name == "recommendations.yaml" and "search_terms" in path and ONERROR.mark() in value:
            original = real
            for part in path:
                original = original[part]
            return str(original)
    pytest.fail("the check refused the payload in every search term: nothing to search for")


_HANDLERS = """selector => [...document.querySelectorAll(`${selector} *`)]
  .flatMap(element => [...element.attributes].map(attribute => attribute.name))
  .filter(name => name.startsWith("on"))"""
"""The event handler attributes (onerror, onclick...) of the elements under ``selector``."""


def test_a_search_that_finds_hostile_text_runs_none_of_it(chromium: Browser, hostile_project: Path, hostile_url: str) -> None:
    context = chromium.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(hostile_url)
        query = _query(hostile_project)
        outcome = search(page, query, hostile_url)
        assert outcome.locations, f"{query!r} found nothing on the hostile site"
        results = page.locator(".md-search-result__list")
        assert page.evaluate("window.hostileRan") is None, "a handler in the data ran when search showed its result"
        # Nothing in the results could run later either (a broken image reports its error after the
        # list is drawn): no element that loads or runs anything, no event handler attribute.
        assert results.locator("img, script, svg, iframe, object, embed").count() == 0
        assert page.evaluate(_HANDLERS, ".md-search-result__list") == []
        assert query.split()[0].lower() in results.inner_text().lower(), "the results show no text"
    finally:
        context.close()
