"""Helpers for the browser tests: where pages are, how people search, what the browser reported.

Imported by conftest.py and the test modules (pytest puts this folder on sys.path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from a11y_probes import AXE_TAGS
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, expect
from site_build import REPOSITORY, ROOT  # noqa: F401 - ROOT re-exported: the project the tests read ($HUB_PROJECT_DIR)

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.site_tools import CHROMIUM, SearchOutcome, search, site_path  # noqa: F401 - re-exported for the tests

ARTIFACTS = REPOSITORY / "test-artifacts"
"""Screenshots and reports (git-ignored)."""

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


# --- where pages are -----------------------------------------------------------------------------


def url_of(source_path: str, *, directory_urls: bool = True) -> str:
    """The site-relative URL of a source page: ``people/index.md`` -> ``people/``, ``pi-4-2.md`` -> ``pi-4-2/``.

    With ``directory_urls=False`` (the offline build) pages are ``.html`` files instead.
    """
    path, _, anchor = source_path.partition("#")
    url = paths.url(path) if directory_urls else f"{path.removesuffix('.md')}.html"
    return f"{url}#{anchor}" if anchor else url


def example_recommendation(hub: Hub):
    """A recommendation with quotes from a dialogue, footnotes if any: the richest page of its kind."""
    rich = [r for r in hub.recommendations if r.quotes and any(hub.quote(q).dialogue for q in r.quotes)]
    with_footnotes = [r for r in rich if r.footnotes]
    return (with_footnotes or rich or hub.recommendations)[0]


def page_kinds(hub: Hub) -> dict[str, str]:
    """One page of every kind the site has, as kind -> site-relative URL."""
    person = max(hub.people.values(), key=lambda p: len(hub.quotes_by_person.get(p.id, [])))
    dialogue = max(hub.dialogues, key=lambda d: len(d.quotes))
    kinds = {
        "home": paths.HOME,
        "recommendations": paths.RECOMMENDATIONS,
        "recommendation": paths.recommendation(example_recommendation(hub)),
        "dialogues": paths.DIALOGUES,
        "dialogue": paths.dialogue(dialogue),
        "people": paths.PEOPLE,
        "person": paths.person(person),
        "quotes": paths.QUOTES,
        "quotes-by-recommendation": paths.QUOTES_BY_RECOMMENDATION,
        "resources": paths.RESOURCES,
        "pi-4-2": paths.INDICATOR,
        "introduction": paths.INTRODUCTION,
        "conclusion": paths.CONCLUSION,
        "task-force": paths.TASK_FORCE,
        "tags": paths.TAGS,
        "about": paths.ABOUT,
        "help": paths.HELP,
        "safety": paths.SAFETY,
        "audience": paths.audience(next(t for t in hub.tags.values() if t.kind == "audience")),
        "accessibility": paths.ACCESSIBILITY,
    }
    if hub.practices:
        kinds["practices"] = paths.PRACTICES
        kinds["practice"] = paths.practice(hub.practices[0])
    if getattr(paths, "OPEN_DATA", None):
        kinds["open-data"] = paths.OPEN_DATA
    urls = {kind: url_of(source) for kind, source in kinds.items()}
    urls["not-found"] = "404.html"
    return urls


def is_same_site(url: str, base: str) -> bool:
    """True for the local server (or file:// for the offline build) and for in-page schemes."""
    scheme = urlsplit(url).scheme
    if scheme in {"data", "blob", "about"}:
        return True
    return url.startswith(base)


# --- what the browser reported -------------------------------------------------------------------


@dataclass
class PageProblems:
    """Console errors, uncaught page errors and failed loads seen by one page."""

    messages: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> PageProblems:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda response: self.messages.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None,
        )
        return self

    def _failed(self, request: Request) -> None:
        # Aborted is the browser's own doing (the page moved on before the last one's favicon
        # arrived), not the site's; a missing file is reported by its response (HTTP 404).
        if request.failure != "net::ERR_ABORTED":
            self.messages.append(f"request failed: {request.url} ({request.failure})")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(f"console error: {message.text} ({message.location.get('url', '')})")


UNNAMED_LINKS = """links => links.filter(a => {
  const byId = (a.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)?.textContent ?? '').join(' ');
  const images = [...a.querySelectorAll('img[alt], [role=img][aria-label], svg title')]
    .map(el => el.getAttribute('alt') ?? el.getAttribute('aria-label') ?? el.textContent).join(' ');
  const name = [byId, a.getAttribute('aria-label') ?? '', a.textContent, images, a.getAttribute('title') ?? ''].join(' ');
  return name.trim() === '';
}).map(a => a.outerHTML.slice(0, 160))"""
"""An approximation of the accessible-name computation, enough to catch an empty link on any page."""


@dataclass
class Crawl:
    problems: dict[str, list[str]]
    """Every page reached (site-relative path) -> what went wrong while loading it."""
    requests: list[str]
    """Every URL the browser requested during the crawl, in order."""
    unnamed_links: dict[str, list[str]]
    """Page -> links on it without an accessible name."""


def crawl_site(
    context: BrowserContext,
    base: str,
    *,
    extra: tuple[str, ...] = ("404.html",),
    visit: Callable[[Page, str], None] | None = None,
) -> Crawl:
    """Open every page reachable by links from home (plus ``extra``), recording problems and requests."""
    result = Crawl({}, [], {})
    context.on("request", lambda request: result.requests.append(request.url))
    page = context.new_page()
    current = PageProblems().watch(page)  # one page, reused: its list is swapped per address
    queue = ["", *extra]
    while queue:
        path = queue.pop(0)
        if path in result.problems:
            continue
        current.messages = result.problems[path] = []
        page.goto(f"{base}{path}")
        if visit is not None:
            visit(page, path)
        unnamed = page.eval_on_selector_all("a[href]", UNNAMED_LINKS)
        if unnamed:
            result.unnamed_links[path] = unnamed
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            if href.startswith(base):
                target = site_path(href, base)
                if (target == "" or target.endswith(("/", ".html"))) and target not in result.problems:
                    queue.append(target)
    page.close()
    return result


# --- search as people use it (``search`` itself is knowledge_hub.site_tools') ---------------------


@dataclass
class SearchRecord:
    query: str
    expected: tuple[str, ...]
    top: list[str]
    meta: str

    @property
    def hit(self) -> bool:
        return any(location in self.expected for location in self.top[:3])


SEARCH_LOG: list[SearchRecord] = []
"""Filled by the search tests; written to test-artifacts/search-report.txt at the end of the session."""

AXE_LOG: dict[tuple[str, ...], list[str]] = {}
"""(page kind or state, size, scheme) -> axe violations as 'rule (impact): n nodes'; written to test-artifacts/axe-report.txt."""


def search_report() -> str:
    hits = sum(record.hit for record in SEARCH_LOG)
    lines = [
        f"Search hit rate (expected page among the first 3 results): {hits}/{len(SEARCH_LOG)} = {hits / len(SEARCH_LOG):.0%}",
        "",
    ]
    for record in SEARCH_LOG:
        mark = "hit " if record.hit else "MISS"
        lines.append(f"{mark} {record.query!r} -> expected {' or '.join(record.expected)}; {record.meta}")
        lines += [f"       {rank}. {location or '(home)'}" for rank, location in enumerate(record.top[:5], start=1)]
    return "\n".join(lines) + "\n"


def axe_report() -> str:
    total = sum(len(v) for v in AXE_LOG.values())
    lines = [f"axe-core ({', '.join(AXE_TAGS)}): {total} violation rule(s) over {len(AXE_LOG)} page/size/scheme runs", ""]
    for where, violations in sorted(AXE_LOG.items()):
        lines.append(
            f"{' '.join(f'{part:26}' for part in where)} {len(violations)}" + ("".join(f"\n    {v}" for v in violations))
        )
    return "\n".join(lines) + "\n"


def assert_filter_survives_reload_and_back(
    page: Page, *, shown: Callable[[Page], list[str]], count: str, leave_by: str, leave_to: str
) -> None:
    """A filtered catalogue shows the same items and count after a reload, and after leaving by
    clicking ``leave_by`` (which loads ``leave_to``) and coming Back."""
    filtered_url, expected = page.url, shown(page)
    said = page.locator(count).inner_text()
    page.reload()
    assert shown(page) == expected
    expect(page.locator(count)).to_have_text(said)
    page.locator(leave_by).first.click()
    page.wait_for_url(leave_to)
    page.go_back()
    page.wait_for_url(filtered_url)
    assert shown(page) == expected
    expect(page.locator(count)).to_have_text(said)
