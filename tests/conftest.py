"""Shared fixtures: the real data, the publication's text, and strict builds of the site.

``built_site`` builds a copy of the project once per session (``mkdocs build --strict``) and
returns the site directory; tests read its HTML with ``parse_html`` (selectolax, CSS selectors).
``build_project`` builds a copy whose files a test may change first, for altered-data scenarios.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_data import copy_data
from selectolax.lexbor import LexborHTMLParser, LexborNode
from site_build import ROOT, SEED, assert_clean_build, copy_project, run_build, shared_build, warning_lines  # noqa: F401 - re-exported

from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Under pytest-xdist (`make test`: --dist loadgroup) each group runs in one process. Every test
    # that reads the crawl of the whole site (the slowest fixture, tests/browser) shares one, so the
    # site is crawled once; a module whose tests share a module-scoped fixture (a site built with
    # other settings, a page kept open) stays together, so it is set up once. Every other test goes
    # to whichever process is free: one slow module no longer sets the pace of the whole run.
    if not config.pluginmanager.hasplugin("xdist"):  # `-p no:xdist`: the mark is not registered
        return
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        scopes = {d.scope for defs in fixtures.name2fixturedefs.values() for d in defs} if fixtures else set()
        if "site_crawl" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("site-crawl"))
        elif scopes & {"module", "class", "package"}:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


class ProjectBuilder:
    """``build_project(tmp_path, edit=callable)``: copy the project, let ``edit(project_dir)`` change it, build.

    Returns (CompletedProcess, site dir); the caller decides whether the build had to succeed,
    e.g. with ``build_project.assert_clean(result)``.
    """

    assert_clean = staticmethod(assert_clean_build)

    def __call__(
        self, tmp_path: Path, edit: Callable[[Path], object] | None = None, *, env: dict[str, str] | None = None
    ) -> tuple[subprocess.CompletedProcess[str], Path]:
        project = copy_project(tmp_path / "project")
        if edit is not None:
            edit(project)
        return run_build(project, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once per test run from an unmodified copy of the project (also what the browser tests open)."""
    return shared_build(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HUB_OFFLINE=true build (``make offline``, for file://), once per test run."""
    return shared_build(tmp_path_factory.getbasetemp(), {"HUB_OFFLINE": "true"})


@pytest.fixture(scope="session")
def build_project() -> ProjectBuilder:
    """Builds a changed copy of the project; see ``ProjectBuilder``."""
    return ProjectBuilder()


# --- data and seed -------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the real data (and the verified address list) to edit: see helpers_data.copy_data."""
    return copy_data(tmp_path)


@pytest.fixture(scope="session")
def hub() -> Hub:
    """The real data, loaded and validated exactly as the build does."""
    return load_hub(ROOT / "data")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The publication's text that every item in data/ comes from."""
    return SEED.read_text(encoding="utf-8")


# --- the built HTML, parsed as a browser parses it ------------------------------------------------


@pytest.fixture(scope="session")
def parse_html() -> Callable[[Path | str], LexborNode]:
    """``parse_html(path_or_markup)`` -> the ``<html>`` element, by selectolax's HTML5 parser (cached per file)."""
    cache: dict[Path, LexborNode] = {}

    def parse(source: Path | str) -> LexborNode:
        if isinstance(source, str):
            return _root(LexborHTMLParser(source))
        if source not in cache:
            cache[source] = _root(LexborHTMLParser(source.read_text(encoding="utf-8")))
        return cache[source]

    return parse


def _root(document: LexborHTMLParser) -> LexborNode:
    root = document.root
    assert root is not None, "no <html> element"
    return root
