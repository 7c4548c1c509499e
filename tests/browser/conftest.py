"""Browser tests: the built hub driven through real Chromium with Playwright.

The run builds the site once (``mkdocs build --strict`` of a copy of the project, shared with the
site tests), each test process serves it on 127.0.0.1 from a thread and launches one Chromium;
tests share one browser context per set of options (see ``SharedContexts``).
Every test in this folder carries the ``browser`` marker (``make test-fast`` leaves them out).
Reports and screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    ARTIFACTS,
    AXE_LOG,
    CHROMIUM,
    DESKTOP,
    ROOT,
    SEARCH_LOG,
    Crawl,
    axe_report,
    crawl_site,
    page_kinds,
    search_report,
)
from playwright.sync_api import Browser, BrowserContext, Page
from site_build import serve_site

from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub
from knowledge_hub.site_tools import launch_chromium

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SEARCH_LOG:
        terminalreporter.write_sep("-", "search")
        terminalreporter.write_line(search_report().splitlines()[0] + "  (details: test-artifacts/search-report.txt)")
        for line in search_report().splitlines():
            if line.startswith("MISS"):
                terminalreporter.write_line(line)
    if AXE_LOG:
        terminalreporter.write_sep("-", "accessibility")
        terminalreporter.write_line(axe_report().splitlines()[0] + "  (details: test-artifacts/axe-report.txt)")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if SEARCH_LOG:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "search-report.txt").write_text(search_report(), encoding="utf-8")
    if AXE_LOG:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-report.txt").write_text(axe_report(), encoding="utf-8")


# --- the site ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def hub_data() -> Hub:
    """The data the site is built from, validated as the build validates it."""
    return load_hub(ROOT / "data")


@pytest.fixture(scope="session")
def kinds(hub_data: Hub) -> dict[str, str]:
    """One page of each kind: kind -> site-relative URL."""
    return page_kinds(hub_data)


@pytest.fixture(scope="session")
def site_dir(built_site: Path) -> Path:
    """The strict build the site tests read, shared with them."""
    return built_site


@pytest.fixture(scope="session")
def offline_site_dir(offline_site: Path) -> Path:
    """The HUB_OFFLINE=true build (``make offline``), meant to be opened from file://."""
    return offline_site


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (an ephemeral port) from a background thread."""
    with serve_site(site_dir) as url:
        yield url


# --- the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"no browser found (CHROMIUM={CHROMIUM!r}): set CHROMIUM to a Chromium or Chrome binary, "
            "or run `make browser-deps` (installs Debian's chromium)",
            pytrace=False,
        )
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def site_crawl(chromium: Browser, base_url: str) -> Crawl:
    """Every page of the site opened once (links walked from home), with what each one logged and requested."""

    def visit(page: Page, path: str) -> None:
        if path == "":  # the search worker and its index are requested too
            page.locator("input.md-search__input").click()
            page.locator("input.md-search__input").press_sequentially("hotline")
            page.locator(".md-search-result__list > li").first.wait_for()

    context = chromium.new_context(viewport=DESKTOP)
    try:
        return crawl_site(context, base_url, visit=visit)
    finally:
        context.close()


class SharedContexts:
    """The browser contexts of one test process, one per set of options, shared by its tests.

    A page opened in a context that has already loaded the site finds its CSS, scripts and search
    index in the HTTP cache (the test server allows that), as a returning reader's browser does;
    a fresh context per test made every test pay for a cold load. What a test can leave behind is
    put back after it: its pages are closed, cookies cleared and local storage emptied (Material
    keeps the chosen colour scheme there), so each test still starts as a first visit.
    """

    def __init__(self, browser: Browser, base_url: str) -> None:
        self._browser, self._base_url = browser, base_url
        self._contexts: dict[str, tuple[BrowserContext, Page | None]] = {}
        self._opened: list[Page] = []

    def open_page(self, **options: Any) -> Page:
        options.setdefault("viewport", DESKTOP)
        key = json.dumps(options, sort_keys=True)
        if key not in self._contexts:
            context = self._browser.new_context(**options)
            context.set_default_timeout(15_000)
            # A page of the site kept open: it holds the origin whose storage is emptied after each test.
            keeper = None
            if options.get("java_script_enabled", True):
                keeper = context.new_page()
                keeper.goto(self._base_url)
            self._contexts[key] = (context, keeper)
        page = self._contexts[key][0].new_page()
        self._opened.append(page)
        return page

    def reset(self) -> None:
        for page in self._opened:
            page.close()
        self._opened.clear()
        for context, keeper in self._contexts.values():
            context.clear_cookies()
            if keeper is not None:
                keeper.evaluate("() => localStorage.clear()")

    def close(self) -> None:
        for context, _ in self._contexts.values():
            context.close()


@pytest.fixture(scope="session")
def shared_contexts(chromium: Browser, base_url: str) -> Iterator[SharedContexts]:
    contexts = SharedContexts(chromium, base_url)
    yield contexts
    contexts.close()


@pytest.fixture
def open_page(shared_contexts: SharedContexts) -> Iterator[Callable[..., Page]]:
    """``open_page(**context options)``: a new page (desktop viewport unless given) in a context shared
    with other tests (warm cache, storage emptied after each test); closed after the test."""
    yield shared_contexts.open_page
    shared_contexts.reset()


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    """A page in the shared desktop context (see ``SharedContexts``)."""
    return open_page()


@pytest.fixture
def new_context(chromium: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """``new_context(**options)``: a context of the test's own (desktop viewport unless given), for a
    test that changes the context itself (permissions, listeners); closed after the test."""
    opened: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        context = chromium.new_context(**options)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()
