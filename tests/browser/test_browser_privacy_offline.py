"""Privacy and offline use: no page asks any other origin for anything, and the offline build
(``make offline``, HUB_OFFLINE=true) works from file:// with search included.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_helpers import Crawl, PageProblems, is_same_site, url_of
from playwright.sync_api import BrowserContext, expect

from knowledge_hub import paths
from knowledge_hub.hub import Hub


def test_no_request_leaves_the_site(site_crawl: Crawl, base_url: str) -> None:
    assert len(site_crawl.problems) > 10 and site_crawl.requests, "the crawl loaded nothing"
    foreign = sorted({url for url in site_crawl.requests if not is_same_site(url, base_url)})
    assert not foreign, f"requests to other origins while loading every page: {foreign}"
    assert any("search_index.json" in url for url in site_crawl.requests), "the search index was never requested"


def test_offline_build_works_from_file_urls(
    offline_site_dir: Path, new_context: Callable[..., BrowserContext], hub_data: Hub
) -> None:
    root = offline_site_dir.as_uri() + "/"
    context = new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    problems = PageProblems().watch(page)
    page.goto(f"{root}index.html")

    # Links point at .html files (no directory URLs from file://): click through to a recommendation.
    rec = hub_data.recommendations[0]
    target = url_of(paths.recommendation(rec), directory_urls=False)
    page.locator(f'.md-content a[href="{target}"]').first.click()
    page.wait_for_url(f"{root}{target}")
    expect(page.locator("article h1")).to_contain_text(f"{rec.number}.")

    # Search runs from file:// too (the index is inlined as a script, the worker runs in an iframe).
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("hotline", delay=30)
    results = page.locator(".md-search-result__list > li.md-search-result__item")
    expect(results.first).to_be_visible(timeout=20_000)
    first = results.first.locator("a").first
    href = first.get_attribute("href") or ""
    assert href.startswith(root) and ".html" in href, f"search result link {href!r} is not a file in the offline site"
    first.click()
    page.wait_for_url(lambda url: url.split("?")[0].split("#")[0] == href.split("?")[0].split("#")[0])
    expect(page.locator("article h1")).to_be_visible()

    foreign = sorted({url for url in requests if not is_same_site(url, root)})
    assert not foreign, f"the offline site requested other origins: {foreign}"
    assert not problems.messages, problems.messages
