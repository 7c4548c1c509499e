"""Looks right: every kind of page at phone and desktop width (and a recommendation in print),
saved to test-artifacts/screenshots/ for people to look at, with the checks a screenshot cannot
make: nothing wider than the screen, quotes styled as quotes, print without the screen chrome.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_helpers import ARTIFACTS, DESKTOP, PHONE, ROOT, page_kinds
from playwright.sync_api import Page, expect

from knowledge_hub.loader import load_hub

SHOTS = ARTIFACTS / "screenshots"
KINDS = list(page_kinds(load_hub(ROOT / "data")))
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

OVERFLOW = """() => [...document.querySelectorAll('.md-content *')]
  .filter(el => { const r = el.getBoundingClientRect();
                  return r.width > 0 && r.right > document.documentElement.clientWidth + 1
                         && !el.closest('.md-typeset__scrollwrap, pre, .md-sidebar'); })
  .slice(0, 5).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_screenshot_and_nothing_wider_than_the_screen(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], kind: str, width: str
) -> None:
    viewport = WIDTHS[width]
    page = open_page(viewport=viewport, is_mobile=width == "phone", has_touch=width == "phone")
    page.goto(f"{base_url}{kinds[kind]}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{kind}-{viewport['width']}.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= viewport["width"], f"{kind} at {viewport['width']} px scrolls sideways ({scroll_width} px wide)"
    overflowing = page.evaluate(OVERFLOW)
    assert not overflowing, f"{kind} at {viewport['width']} px: content sticks out of the screen: {overflowing}"


def test_quotes_read_as_quotes(page: Page, base_url: str, kinds: dict[str, str]) -> None:
    page.goto(f"{base_url}{kinds['recommendation']}")
    quote = page.locator("figure.hub-quote blockquote").first
    expect(quote).to_be_visible()
    style = quote.evaluate(
        """q => { const s = getComputedStyle(q), p = q.querySelector('p');
                  return {border: parseFloat(s.borderLeftWidth), italic: s.fontStyle,
                          open: getComputedStyle(p, '::before').content, close: getComputedStyle(p, '::after').content}; }"""
    )
    assert style["border"] > 0 and style["italic"] == "italic", style
    assert style["open"] == '"“"' and style["close"] == '"”"', style
    expect(page.locator("figure.hub-quote figcaption").first).to_contain_text("—")


def test_print_view_of_a_recommendation(open_page: Callable[..., Page], base_url: str, kinds: dict[str, str]) -> None:
    page = open_page(viewport=DESKTOP)
    page.goto(f"{base_url}{kinds['recommendation']}")
    page.emulate_media(media="print")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "recommendation-print.png", full_page=True)
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator("figure.hub-quote").first).to_be_visible()
