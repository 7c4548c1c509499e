"""Keyboard: Tab from the top of every kind of page reaches the content through stops that can be
seen and show focus; the closed navigation drawer and the closed search hold no Tab stops; the menu
and search buttons work from the keyboard; the Tab order follows the page; Material's single-key
shortcuts act only when focus is on the page itself, not on a link, button or field; Escape from
the search returns focus to the search control.

The drawer and search repairs are docs/javascripts/keyboard.js, written against Material's markup;
``test_the_keyboard_repairs_found_materials_markup`` is the first to fail when an update changes it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from a11y_probes import FOCUSED, SETTLE, tab_stops_before_content
from browser_helpers import DESKTOP, PHONE, ROOT, page_kinds, url_of
from playwright.sync_api import Page, expect

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub

KINDS = list(page_kinds(load_hub(ROOT / "data")))
TAB_SIZES = {"1024x768": {"width": 1024, "height": 768}, "390x844": PHONE}
"""Both are below Material's 1220 px breakpoint, where the navigation becomes a drawer."""

FOCUSABLE_IN = """selector => [...document.querySelectorAll(`${selector} a[href], ${selector} input, ${selector} [tabindex]:not([tabindex="-1"]), ${selector} button`)]
  .filter(el => !el.closest('[inert]') && !el.disabled && el.tabIndex >= 0 && el.checkVisibility())
  .map(el => el.outerHTML.slice(0, 120))"""
"""Elements under ``selector`` that Tab could still reach."""


def _open(open_page: Callable[..., Page], url: str, viewport: dict[str, int]) -> Page:
    page = open_page(viewport=viewport)
    page.goto(url)
    return page


@pytest.mark.parametrize("size", TAB_SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_tab_from_the_top_reaches_the_content_through_visible_focused_stops(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], kind: str, size: str
) -> None:
    page = _open(open_page, f"{base_url}{kinds[kind]}", TAB_SIZES[size])
    stops, reached = tab_stops_before_content(page)
    listing = "\n".join(
        f"  {'visible' if s.visible else 'INVISIBLE'} {'' if s.indicated else '(no focus ring) '}{s.what}" for s in stops
    )
    assert reached, f"{kind} at {size}: Tab never got past the header and navigation:\n{listing}"
    invisible = [s for s in stops if not s.visible]
    assert len(invisible) <= 1, f"{kind} at {size}: {len(invisible)} invisible Tab stops before the content:\n{listing}"
    unmarked = [s for s in stops if s.visible and not s.indicated]
    assert not unmarked, f"{kind} at {size}: focus is not shown on:\n{listing}"


@pytest.mark.parametrize("kind", ["home", "recommendation", "not-found"])
def test_the_keyboard_repairs_found_materials_markup(page: Page, base_url: str, kinds: dict[str, str], kind: str) -> None:
    page.goto(f"{base_url}{kinds[kind]}")
    expect(page.locator("html")).to_have_attribute("data-hub-keyboard", "ready")


@pytest.mark.parametrize("size", TAB_SIZES)
def test_the_closed_drawer_and_the_closed_search_hold_no_tab_stop(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], size: str
) -> None:
    page = _open(open_page, f"{base_url}{kinds['recommendation']}", TAB_SIZES[size])
    # The drawer is off-screen at these sizes: what it holds is in the page but must not be reachable.
    expect(page.locator(".md-sidebar--primary")).not_to_be_in_viewport()
    assert page.locator(".md-sidebar--primary a[href]").count() > 20, "the drawer is not where Material puts it"
    assert page.evaluate(FOCUSABLE_IN, ".md-sidebar--primary") == []
    assert page.evaluate(FOCUSABLE_IN, ".md-search__output") == []


def test_the_menu_button_opens_the_drawer_from_the_keyboard_and_escape_closes_it(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str]
) -> None:
    page = _open(open_page, f"{base_url}{kinds['recommendation']}", PHONE)
    button = page.get_by_role("button", name="Navigation menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.evaluate(SETTLE)
    focused = page.evaluate(FOCUSED)
    assert focused["visible"] and page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null"), (
        f"focus did not move into the drawer: {focused}"
    )
    # Every stop in the open drawer can be seen: sub-menus not opened are out of the way.
    for _ in range(15):
        page.keyboard.press("Tab")
        page.evaluate(SETTLE)
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"an invisible stop in the open drawer: {focused}"
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    page.keyboard.press(" ")
    expect(button).to_have_attribute("aria-expanded", "true")


def test_the_search_button_opens_the_search_from_the_keyboard_on_a_phone(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str]
) -> None:
    page = _open(open_page, f"{base_url}{kinds['home']}", PHONE)
    # On a phone the field is hidden until the search opens, so it is no Tab stop of its own.
    assert page.evaluate(FOCUSABLE_IN, ".md-search") == []
    button = page.get_by_role("button", name="Search")
    button.focus()
    page.keyboard.press("Enter")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    expect(box).to_be_visible()
    page.keyboard.type("hotline")
    expect(page.locator(".md-search-result__list > li").first).to_be_visible()
    # Material closes the search on Tab; focus must not fall into the results it just hid.
    page.keyboard.press("Tab")
    page.evaluate(SETTLE)
    focused = page.evaluate(FOCUSED)
    assert focused is not None and focused["visible"], f"after leaving the search, focus is on something unseen: {focused}"


@pytest.mark.parametrize("kind", ["home", "recommendation", "practices", "pi-4-2"])
def test_tab_order_follows_the_page(page: Page, base_url: str, kinds: dict[str, str], kind: str) -> None:
    # A positive tabindex would pull an element ahead of the reading order.
    page.goto(f"{base_url}{kinds[kind]}")
    assert (
        page.eval_on_selector_all("[tabindex]", "els => els.filter(el => el.tabIndex > 0).map(el => el.outerHTML.slice(0, 120))")
        == []
    )


def test_the_tab_probe_sees_an_invisible_stop(page: Page, base_url: str) -> None:
    """The probe behind these tests can fail: a link moved off-screen counts as invisible."""
    page.goto(base_url)
    page.evaluate("""() => {
      const link = document.createElement('a');
      link.href = '#'; link.textContent = 'hidden'; link.style.cssText = 'position:absolute; left:-9999px';
      document.querySelector('.md-header').prepend(link);
    }""")
    stops, _ = tab_stops_before_content(page)
    assert any(not stop.visible and '"hidden"' in stop.what for stop in stops), [s.what for s in stops]


# --- single-key shortcuts and Escape --------------------------------------------------------------

CATCH_NAVIGATION = """() => {
  window.hubNavigatedTo = null;
  navigation.addEventListener('navigate', event => {
    if (event.destination.sameDocument) return;
    window.hubNavigatedTo = event.destination.url;
    event.preventDefault();
  });
}"""
"""Records (and stops) any move to another page: Material's shortcuts set ``location.href`` while the
key is handled, so the record is there once the key press returns. (Moves within the page are
left alone: Material writes the section in view into the address as the page scrolls.)"""


def _middle_recommendation(open_page: Callable[..., Page], base_url: str, hub: Hub) -> Page:
    """A recommendation page with both a previous and a next page, the navigation catcher installed."""
    page = open_page()
    page.goto(f"{base_url}{url_of(paths.recommendation(hub.recommendations[1]))}")
    assert page.locator("link[rel=prev]").count() and page.locator("link[rel=next]").count()
    page.evaluate(CATCH_NAVIGATION)
    return page


FOCUS_ON = {
    "a link in the content": "article a[href]",
    "the colour-scheme switch": "[data-md-component=palette] input",
    "the copy button": ".hub-cite__copy",
    "a link in the footer": ".md-footer a[href]",
}


@pytest.mark.parametrize("key", ["n", "p", ".", ","])
@pytest.mark.parametrize("focus", FOCUS_ON)
def test_a_shortcut_key_does_not_change_the_page_while_something_operable_has_focus(
    open_page: Callable[..., Page], base_url: str, hub_data: Hub, key: str, focus: str
) -> None:
    page = _middle_recommendation(open_page, base_url, hub_data)
    target = page.locator(FOCUS_ON[focus]).first
    target.focus()
    assert page.evaluate("document.activeElement !== document.body"), f"{focus} did not take focus"
    page.keyboard.press(key)
    assert page.evaluate("hubNavigatedTo") is None, f"{key!r} with focus on {focus} went to {page.evaluate('hubNavigatedTo')}"


def test_typing_with_focus_on_a_link_does_not_open_the_search(
    open_page: Callable[..., Page], base_url: str, hub_data: Hub
) -> None:
    page = _middle_recommendation(open_page, base_url, hub_data)
    page.locator("article a[href]").first.focus()
    page.keyboard.type("s/f")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator("article a[href]").first).to_be_focused()


@pytest.mark.parametrize(("key", "rel"), [("n", "next"), ("p", "prev")])
def test_a_shortcut_key_still_changes_the_page_with_focus_on_the_page_itself(
    open_page: Callable[..., Page], base_url: str, hub_data: Hub, key: str, rel: str
) -> None:
    page = _middle_recommendation(open_page, base_url, hub_data)
    page.evaluate("document.activeElement.blur()")
    assert page.evaluate("document.activeElement === document.body")
    expected = page.evaluate(f"document.querySelector('link[rel={rel}]').href")
    page.keyboard.press(key)
    assert page.evaluate("hubNavigatedTo") == expected


@pytest.mark.parametrize(("size", "control"), [("desktop", "input.md-search__input"), ("phone", ".hub-search-button")])
def test_escape_from_the_search_returns_focus_to_the_search_control(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], size: str, control: str
) -> None:
    page = _open(open_page, f"{base_url}{kinds['recommendation']}", DESKTOP if size == "desktop" else PHONE)
    if size == "desktop":
        page.locator("input.md-search__input").click()
    else:
        page.get_by_role("button", name="Search").click()
    page.keyboard.type("hotline")
    first = page.locator(".md-search-result__list > li").first
    expect(first).to_be_visible()
    expect(page.locator(".md-search-result")).to_have_attribute("data-hub-query", "hotline")
    expect(page.locator(".md-search-result")).to_have_attribute("aria-busy", "false")
    page.keyboard.press("ArrowDown")  # into the results: Escape from there too
    assert page.evaluate("!!document.activeElement.closest('.md-search-result__list')"), "ArrowDown did not reach the results"
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator(control)).to_be_focused()
    expect(page.locator(control)).to_be_visible()
    expect(first).to_be_hidden()
    # Typing again, focus still on the control, brings the search back.
    if size == "phone":
        page.keyboard.press("Enter")
    page.keyboard.type("x")
    expect(page.locator("#__search")).to_be_checked()
    expect(page.locator("input.md-search__input")).to_be_focused()
