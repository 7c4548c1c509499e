"""Accessibility: axe-core (WCAG 2.0-2.2 A and AA, and its best-practice rules) on every kind of page
at desktop and phone size in the light and the dark scheme, and on a phone with the navigation
drawer and the search open; headings in order, every link named, focus visible, the scheme toggle,
and the accessibility statement reached from every page's footer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import pytest
from a11y_probes import SCHEMES, SETTLE, axe_violations, describe_violation
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import AXE_LOG, DESKTOP, PHONE, ROOT, Crawl, page_kinds
from playwright.sync_api import Page, expect

from knowledge_hub.loader import load_hub

KINDS = list(page_kinds(load_hub(ROOT / "data")))
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def open_in_scheme(open_page: Callable[..., Page], url: str, scheme: str, *, viewport: dict[str, int] = DESKTOP) -> Page:
    """``url`` in a context whose system preference is ``scheme``; Material follows it on a first visit."""
    page = open_page(color_scheme=scheme, viewport=viewport)
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    return page


def _assert_no_violation(axe: Axe, page: Page, where: tuple[str, str]) -> None:
    violations = axe_violations(axe, page)
    AXE_LOG[where] = [describe_violation(v) for v in violations]
    assert not violations, f"{' '.join(where)}:\n" + "\n".join(AXE_LOG[where])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violation(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], axe: Axe, kind: str, size: str, scheme: str
) -> None:
    page = open_in_scheme(open_page, f"{base_url}{kinds[kind]}", scheme, viewport=SIZES[size])
    _assert_no_violation(axe, page, (kind, size, scheme))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_in_the_open_drawer_and_the_open_search_on_a_phone(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], axe: Axe, scheme: str
) -> None:
    page = open_in_scheme(open_page, f"{base_url}{kinds['recommendation']}", scheme, viewport=PHONE)
    page.get_by_role("button", name="Navigation menu").click()
    expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
    page.evaluate(SETTLE)
    _assert_no_violation(axe, page, ("drawer open", "phone", scheme))
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("hotline")
    expect(page.locator(".md-search-result__list > li").first).to_be_visible()
    page.evaluate(SETTLE)
    _assert_no_violation(axe, page, ("search open", "phone", scheme))


def test_palette_toggle_switches_to_dark_and_the_choice_is_kept(page: Page, base_url: str, kinds: dict[str, str]) -> None:
    page.goto(base_url)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator('label[for="__palette_1"]').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator(f'.md-content a[href="{kinds["pi-4-2"]}"]').first.click()
    page.wait_for_url(f"{base_url}{kinds['pi-4-2']}")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # The toggle to go back is labelled for what it does.
    expect(page.locator('label[for="__palette_0"]')).to_have_attribute("title", "Switch to light mode")


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length > 0)
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""


@pytest.mark.parametrize("kind", KINDS)
def test_headings_go_down_one_level_at_a_time(page: Page, base_url: str, kinds: dict[str, str], kind: str) -> None:
    page.goto(f"{base_url}{kinds[kind]}")
    headings = page.evaluate(HEADINGS)
    assert headings, f"{kind}: no heading"
    assert headings[0][0] == 1, f"{kind}: the first heading is {headings[0]}"
    assert [h for h in headings if h[0] == 1] == headings[:1], f"{kind}: more than one h1: {headings}"
    for before, after in pairwise(headings):
        assert after[0] <= before[0] + 1, f"{kind}: {before} is followed by {after} (a level skipped)"


def test_every_link_on_every_page_has_an_accessible_name(site_crawl: Crawl) -> None:
    # axe's link-name rule covers each kind of page above; this covers every page of the site.
    assert not site_crawl.unnamed_links, f"links without an accessible name: {site_crawl.unnamed_links}"


FOCUS_STYLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {tag: el.tagName, inContent: !!el.closest('.md-content'), outlineStyle: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth), boxShadow: style.boxShadow, text: el.textContent.trim().slice(0, 40)};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_focus_is_visible_on_a_content_link(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], scheme: str
) -> None:
    page = open_in_scheme(open_page, f"{base_url}{kinds['recommendation']}", scheme)
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["tag"] == "A" and focus["inContent"]:
            break
    else:
        pytest.fail("Tab never reached a link in the page content")
    visible = (focus["outlineStyle"] != "none" and focus["outlineWidth"] > 0) or focus["boxShadow"] != "none"
    assert visible, f"focused link {focus['text']!r} shows no outline or box-shadow: {focus}"


@pytest.mark.parametrize("kind", ["home", "person", "not-found"])
def test_every_page_links_to_the_accessibility_statement_from_its_footer(
    page: Page, base_url: str, kinds: dict[str, str], kind: str
) -> None:
    page.goto(f"{base_url}{kinds[kind]}")
    page.locator(".md-footer").get_by_role("link", name="Accessibility statement").click()
    page.wait_for_url(f"{base_url}{kinds['accessibility']}")
    expect(page.locator("article h1")).to_have_text(re.compile(r"^Accessibility statement"))
    # How to report a problem, without an address the project has not verified.
    report = page.locator("article h2", has_text="Report a problem")
    expect(report).to_be_visible()
    assert "open an issue in the project's repository" in page.locator("article").inner_text()
