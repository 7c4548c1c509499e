"""Privacy and offline use: no page asks any other origin for anything; no address the site
writes, no citation it copies and no history entry it leaves holds what the person searched for;
the site stores nothing on the device until the person chooses a colour scheme; and the offline
build (``make offline``, HUB_OFFLINE=true) works from file:// with search included.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, quote_plus, unquote, urlsplit

import pytest
from browser_helpers import Crawl, PageProblems, is_same_site, search, site_path, url_of
from playwright.sync_api import BrowserContext, Page, expect

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


# --- no search words in addresses ----------------------------------------------------------------

RECORD_HISTORY_WRITES = """() => {
  for (const name of ['pushState', 'replaceState']) {
    const write = history[name];
    history[name] = function (state, title, url) {
      if (url !== undefined && url !== null) window.hubSawAddress(new URL(url, location.href).href);
      return write.apply(this, arguments);
    };
  }
}"""
"""Installed in every page before the site's scripts: each address a script writes into the history."""

CLICK_RESULT = """href => [...document.querySelectorAll('.md-search-result__list a')].find(a => a.href === href).click()"""


def _queries(hub: Hub) -> list[str]:
    """What a person might type: a word of their own, and names of pages of three kinds (a recommendation
    and a practice page carry "Cite this"; a resource is an entry of a long page, ``?entry=``)."""
    return ["harassed", hub.recommendations[1].title, hub.practices[0].name, list(hub.resources.values())[-1].title]


def _words(query: str) -> list[str]:
    return [word for word in re.findall(r"[a-z]+", query.lower()) if len(word) > 2]


def _leaks(address: str, query: str, page: Page | None) -> list[str]:
    """Ways ``address`` carries ``query``: a parameter other than a page entry's id, a fragment or entry
    that names no element of the open page, or a word of the query outside the page's own address."""
    parts = urlsplit(address)
    found = [f"parameter {key}={value!r}" for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "entry"]
    ids = [value for key, value in parse_qsl(parts.query) if key == "entry"] + (
        [unquote(parts.fragment)] if parts.fragment else []
    )
    if page is not None:
        found += [
            f"{name!r} is no element of the page"
            for name in ids
            if not page.evaluate("id => !!document.getElementById(id)", name)
        ]
    # The path, an entry's id and a fragment are the page's own address (checked above when the page is
    # open) and may share a word with the query; everything else must not hold one.
    rest = unquote(f"{parts.netloc}?{'&'.join(f'{k}={v}' for k, v in parse_qsl(parts.query) if k != 'entry')}").lower()
    found += [f"the word {word!r}" for word in _words(query) if word in rest]
    return found


def test_search_words_stay_out_of_every_address_the_history_and_the_citation(
    new_context: Callable[..., BrowserContext], base_url: str, hub_data: Hub
) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    written: list[str] = []
    context.expose_function("hubSawAddress", lambda address: written.append(address))
    context.add_init_script(f"({RECORD_HISTORY_WRITES})()")
    page = context.new_page()
    navigated: list[str] = []
    page.on("framenavigated", lambda frame: navigated.append(frame.url) if frame == page.main_frame else None)
    page.goto(base_url)

    problems: list[str] = []
    citations: list[str] = []
    for query in _queries(hub_data):
        outcome = search(page, query, base_url)
        assert outcome.locations, f"no result for {query!r}"
        links = page.eval_on_selector_all(".md-search-result__list a", "links => links.map(a => a.href)")
        problems += [f"result link {link}: {leak}" for link in links for leak in _leaks(link, query, None)]
        first = links[0]
        page.evaluate(CLICK_RESULT, first)
        page.wait_for_url(lambda url, first=first: site_path(url, base_url) == site_path(first, base_url))
        page.wait_for_load_state()
        for address in (page.url, page.evaluate("location.href")):
            problems += [f"after opening {query!r}, {address}: {leak}" for leak in _leaks(address, query, page)]
        if page.get_by_role("button", name="Copy citation").count():
            page.get_by_role("button", name="Copy citation").first.click()
            expect(page.locator(".hub-cite__status").first).to_have_text("Copied.")
            copied = page.evaluate("navigator.clipboard.readText()")
            citations.append(copied)
            # The citation quotes the page's title, which may share words with the query: its address is what must be clean.
            cited = [address.rstrip(".,;") for address in re.findall(r"https?://\S+", copied)]
            if cited != [page.evaluate("location.origin + location.pathname")]:
                problems.append(f"after opening {query!r}, the citation names {cited} for {page.url}: {copied!r}")
    assert citations, "no result page had a citation to copy: the test proved nothing about citations"

    # The history the Back button walks, entry by entry.
    for _ in range(page.evaluate("history.length") - 1):
        page.go_back()
        navigated.append(page.evaluate("location.href"))
    everything = navigated + written
    problems += [
        f"{address}: {leak}" for address in everything for query in _queries(hub_data) for leak in _leaks(address, query, None)
    ]
    assert len(navigated) > len(_queries(hub_data)), f"too few addresses recorded to judge: {navigated}"
    assert not problems, "\n".join(problems)


def test_the_address_check_sees_materials_highlight_parameter() -> None:
    """The check above can fail: an address carrying the words as Material's ``search.highlight`` did."""
    query = "harassed at work"
    assert _leaks(f"http://127.0.0.1/help/?h={quote_plus(query)}", query, None)
    assert _leaks("http://127.0.0.1/help/?q=harassed", "harassed", None)
    assert _leaks("http://127.0.0.1/resources/?entry=code-of-conduct&h=conduct", "conduct", None)
    assert not _leaks("http://127.0.0.1/harassed/", "harassed", None)
    assert not _leaks("http://127.0.0.1/resources/?entry=code-of-conduct", "code of conduct", None)


def test_a_query_in_the_address_is_read_and_taken_out_when_the_search_closes(page: Page, base_url: str) -> None:
    # A link someone shared may carry ?q=; the site reads it, and once the search closes the history
    # entry is written back without it.
    page.goto(f"{base_url}?q=hotline")
    box = page.locator("input.md-search__input")
    expect(box).to_have_value("hotline")
    expect(page.locator(".md-search-result__list > li").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    page.wait_for_function("() => !location.search")
    assert "hotline" not in page.evaluate("location.href")


# --- nothing stored until the person chooses ------------------------------------------------------

STORAGE = """() => ({
  local: Object.fromEntries(Object.keys(localStorage).map(key => [key, localStorage.getItem(key)])),
  session: Object.fromEntries(Object.keys(sessionStorage).map(key => [key, sessionStorage.getItem(key)])),
})"""

SWITCH = "[data-md-component=palette] label:not([hidden])"
"""Material's colour-scheme switch: the label of the scheme not shown."""


@pytest.mark.parametrize("device", ["light", "dark"])
def test_nothing_is_stored_until_the_person_changes_the_colour_scheme(
    new_context: Callable[..., BrowserContext], base_url: str, kinds: dict[str, str], device: str
) -> None:
    context = new_context(color_scheme=device)
    page = context.new_page()
    for kind in ("home", "recommendation", "help", "resources", "practices"):
        page.goto(f"{base_url}{kinds[kind]}")
    search(page, "hotline", base_url)
    page.keyboard.press("Escape")
    page.goto(f"{base_url}{kinds['about']}")
    assert page.evaluate(STORAGE) == {"local": {}, "session": {}}, "stored without the person asking"

    shown = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator(SWITCH).click()
    chosen = page.evaluate("document.body.dataset.mdColorScheme")
    assert chosen != shown
    key = f"{urlsplit(base_url).path}.__palette"
    stored = page.evaluate(STORAGE)
    assert list(stored["local"]) == [key] and not stored["session"], stored
    assert f'"scheme":"{chosen}"' in stored["local"][key]

    # The choice holds on the next page, and switching back to the device's own scheme forgets it.
    page.goto(f"{base_url}{kinds['help']}")
    assert page.evaluate("document.body.dataset.mdColorScheme") == chosen
    page.locator(SWITCH).click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == shown
    assert page.evaluate(STORAGE) == {"local": {}, "session": {}}


def test_the_citation_names_the_page_without_the_query_or_fragment_it_was_opened_with(
    new_context: Callable[..., BrowserContext], base_url: str, kinds: dict[str, str]
) -> None:
    # An address saved before search.highlight was dropped, or a link someone shared, may still carry words.
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    address = f"{base_url}{kinds['recommendation']}"
    page.goto(f"{address}?h=harassed+boss&q=afraid#cite-this")
    page.get_by_role("button", name="Copy citation").click()
    expect(page.locator("article .hub-cite__status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert [found.rstrip(".,;") for found in re.findall(r"https?://\S+", copied)] == [address], copied
    assert not {"harassed", "boss", "afraid", "cite-this"} & set(re.findall(r"[\w-]+", copied.lower())), copied
