"""Accessibility: axe-core (WCAG 2.0/2.1 A and AA) on every kind of page in the light and the dark
scheme, headings in order, every link named, focus visible, and the scheme toggle itself.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import AXE_LOG, ROOT, Crawl, page_kinds
from playwright.sync_api import BrowserContext, Page, expect

from knowledge_hub.loader import load_hub

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
SCHEMES = {"light": "default", "dark": "slate"}
KINDS = list(page_kinds(load_hub(ROOT / "data")))


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def open_in_scheme(new_context: Callable[..., BrowserContext], url: str, scheme: str) -> Page:
    """``url`` in a context whose system preference is ``scheme``; Material follows it on a first visit."""
    page = new_context(color_scheme=scheme).new_page()
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    return page


def _describe(violation: dict) -> str:
    nodes = violation["nodes"]
    first = nodes[0]
    detail = " ".join(check["message"] for check in first.get("any", []) + first.get("all", []) + first.get("none", []))
    return f"{violation['id']} ({violation['impact']}): {len(nodes)} node(s), e.g. {first['target']}: {detail}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violation(
    new_context: Callable[..., BrowserContext], base_url: str, kinds: dict[str, str], axe: Axe, kind: str, scheme: str
) -> None:
    page = open_in_scheme(new_context, f"{base_url}{kinds[kind]}", scheme)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    AXE_LOG[(kind, scheme)] = [_describe(v) for v in violations]
    assert not violations, f"{kind} ({scheme}):\n" + "\n".join(AXE_LOG[(kind, scheme)])


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
    new_context: Callable[..., BrowserContext], base_url: str, kinds: dict[str, str], scheme: str
) -> None:
    page = open_in_scheme(new_context, f"{base_url}{kinds['recommendation']}", scheme)
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["tag"] == "A" and focus["inContent"]:
            break
    else:
        pytest.fail("Tab never reached a link in the page content")
    visible = (focus["outlineStyle"] != "none" and focus["outlineWidth"] > 0) or focus["boxShadow"] != "none"
    assert visible, f"focused link {focus['text']!r} shows no outline or box-shadow: {focus}"
