"""The quick exit and the help bar in Chromium (issue 25, items 1 and 5).

"Exit this page" leaves for the destination mkdocs.yml names (extra.exit_url; a blank page by
default) when Shift is pressed three times alone within 5 seconds, or when the skip link or the
button is activated; it covers the page first and replaces the history entry, so Back does not
return to the page that was left. The help link and the exit stay on screen while a long page
scrolls on a phone, in a bar that leaves most of the screen to the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from browser_helpers import PHONE, ROOT, url_of
from playwright.sync_api import BrowserContext, Page, expect

from knowledge_hub import paths
from knowledge_hub.exit_destination import exit_destination

DESTINATION = exit_destination(
    (yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader).get("extra") or {}).get("exit_url")
)
"""Where the exit leads, as mkdocs.yml sets it (BaseLoader: every value a string, tags ignored)."""

LEFT = "hubExitLeft"
RECORD_LEAVING = f"""() => addEventListener('pagehide', () => sessionStorage.setItem('{LEFT}', JSON.stringify({{
  covered: document.documentElement.classList.contains('hub-exiting')
    && !!document.querySelector('.hub-exit-cover'),
  cover: (document.querySelector('.hub-exit-cover') || {{}}).textContent || '',
}})))"""
"""Record, as the page is left, whether it was covered: read back after returning to the site."""

BAR = "[data-md-component=announce]"
STATUS = ".hub-help-banner [role=status]"


def press_shift(page: Page, times: int) -> None:
    for _ in range(times):
        page.keyboard.press("Shift")


def wait_for_destination(page: Page) -> None:
    page.wait_for_url(lambda url: url == DESTINATION, timeout=10_000)


def open_two_pages(page: Page, base_url: str) -> tuple[str, str]:
    """Home, then the help page by a click: two entries in the history; returns their addresses."""
    page.goto(base_url)
    page.locator(".hub-help-banner__help").click()
    page.wait_for_url(re.compile(r"help/$"))
    expect(page.locator("article h1")).to_be_visible()
    return base_url, page.url


def assert_left_and_replaced(page: Page, first: str) -> None:
    """The page is the destination, Back leads to the page before the one left, and it was covered."""
    wait_for_destination(page)
    page.go_back()
    page.wait_for_url(first)
    left = page.evaluate(f"() => JSON.parse(sessionStorage.getItem('{LEFT}') || 'null')")
    assert left == {"covered": True, "cover": "Leaving this page."}, left


def test_shift_pressed_three_times_leaves_and_back_does_not_return(page: Page, base_url: str) -> None:
    first, _ = open_two_pages(page, base_url)
    page.evaluate(RECORD_LEAVING)
    press_shift(page, 1)
    expect(page.locator(STATUS)).to_have_text("Shift, press 2 more times to exit.")
    expect(page.locator(".hub-exit")).to_have_attribute("data-hub-exit-count", "1")
    press_shift(page, 1)
    expect(page.locator(STATUS)).to_have_text("Shift, press 1 more time to exit.")
    press_shift(page, 1)
    assert_left_and_replaced(page, first)


def test_shift_with_another_key_does_not_count(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{url_of(paths.HELP)}")
    here = page.url
    # Capitals typed three times, and Shift released only after the letter: none is a lone Shift.
    for _ in range(3):
        page.keyboard.press("Shift+KeyA")
    page.keyboard.down("Shift")
    page.keyboard.down("KeyB")
    page.keyboard.up("Shift")
    page.keyboard.up("KeyB")
    expect(page.locator(".hub-exit")).not_to_have_attribute("data-hub-exit-count", re.compile("."))
    # Two lone presses, a letter, then one more: the letter started the count again.
    press_shift(page, 2)
    page.keyboard.press("KeyC")
    press_shift(page, 1)
    expect(page.locator(STATUS)).to_have_text("Shift, press 2 more times to exit.")
    page.wait_for_timeout(300)
    assert page.url == here


def test_three_presses_spread_over_more_than_five_seconds_do_not_leave(open_page: Callable[..., Page], base_url: str) -> None:
    page = open_page()
    page.clock.install()
    page.goto(f"{base_url}{url_of(paths.HELP)}")
    here = page.url
    press_shift(page, 2)
    page.clock.fast_forward(5_100)
    expect(page.locator(STATUS)).to_have_text("Exit this page expired.")
    press_shift(page, 1)
    expect(page.locator(STATUS)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url == here


def test_the_skip_link_is_first_in_the_tab_order_and_leaves_by_keyboard(page: Page, base_url: str) -> None:
    first, _ = open_two_pages(page, base_url)
    page.evaluate(RECORD_LEAVING)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_class(re.compile(r"\bhub-exit-skip\b"))
    expect(focused).to_have_text("Exit this page")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert_left_and_replaced(page, first)


def test_the_exit_button_leaves_by_keyboard(page: Page, base_url: str) -> None:
    first, _ = open_two_pages(page, base_url)
    page.evaluate(RECORD_LEAVING)
    page.locator(".hub-exit").focus()
    page.keyboard.press("Enter")
    assert_left_and_replaced(page, first)


def test_without_javascript_the_exit_is_a_link_to_the_destination(open_page: Callable[..., Page], base_url: str) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}{url_of(paths.HELP)}")
    for link in (page.locator(".hub-exit-skip"), page.locator(".hub-exit")):
        expect(link).to_have_attribute("href", DESTINATION)
    expect(page.locator(".hub-exit")).to_be_visible()
    page.locator(".hub-exit").click()
    wait_for_destination(page)


def test_the_offline_copy_exits_from_file_urls(offline_site_dir: Path, new_context: Callable[..., BrowserContext]) -> None:
    root = offline_site_dir.as_uri() + "/"
    page = new_context().new_page()
    page.goto(f"{root}index.html")
    page.locator(".hub-help-banner__help").click()
    page.wait_for_url(f"{root}{url_of(paths.HELP, directory_urls=False)}")
    press_shift(page, 3)
    wait_for_destination(page)
    page.go_back()
    page.wait_for_url(f"{root}index.html")
    page.locator(".hub-exit").click()
    wait_for_destination(page)


VISIBLE_AND_ON_TOP = """el => {
  const box = el.getBoundingClientRect();
  const inside = box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return inside && !!hit && (hit === el || el.contains(hit));
}"""


@pytest.mark.parametrize("at", [0.5, 1.0])
def test_help_and_exit_stay_on_screen_while_a_long_page_scrolls_on_a_phone(
    open_page: Callable[..., Page], base_url: str, at: float
) -> None:
    page = open_page(viewport=PHONE)
    page.goto(f"{base_url}{url_of(paths.HELP)}")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height > 3 * PHONE["height"], "the help page is expected to be several screens long"
    page.evaluate(f"() => window.scrollTo(0, {at} * (document.documentElement.scrollHeight - innerHeight))")
    page.wait_for_function(f"() => Math.abs(scrollY - {at} * (document.documentElement.scrollHeight - innerHeight)) < 2")
    for name in (".hub-help-banner__help", ".hub-exit"):
        assert page.locator(name).evaluate(VISIBLE_AND_ON_TOP), f"{name} is not visible at {at:.0%} of the page"
    bar = page.locator(BAR).bounding_box()
    assert bar is not None and bar["height"] <= 0.15 * PHONE["height"], bar
    if at == 1.0:
        # The end of the page is not hidden under the bar: the footer's last line is above it.
        footer = page.locator(".md-footer-meta").bounding_box()
        assert footer is not None and footer["y"] + footer["height"] <= bar["y"] + 1, (footer, bar)


@pytest.mark.parametrize(
    "size",
    [{"width": 320, "height": 568}, {"width": 320, "height": 225}],
    ids=["320px", "zoom-400"],
)
def test_the_bar_reflows_at_320_px_and_400_percent_zoom(
    open_page: Callable[..., Page], base_url: str, size: dict[str, int]
) -> None:
    page = open_page(viewport=size)
    page.goto(f"{base_url}{url_of(paths.HELP)}")
    for link in page.locator(f"{BAR} a:visible").all():
        assert link.evaluate(VISIBLE_AND_ON_TOP), link.evaluate("el => el.outerHTML")
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    bar = page.locator(BAR).bounding_box()
    assert bar is not None and bar["height"] <= 0.25 * size["height"], f"the bar takes {bar} of {size}"


CONTRAST = """([el, around]) => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ring = getComputedStyle(el).outlineColor, ground = getComputedStyle(around).backgroundColor;
  const [a, b] = [lum(ring), lum(ground)].sort((x, y) => y - x);
  return { ring, ground, width: parseFloat(getComputedStyle(el).outlineWidth), ratio: (a + 0.05) / (b + 0.05) };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_rings_on_the_dark_bar_are_at_least_3_to_1(open_page: Callable[..., Page], base_url: str, scheme: str) -> None:
    page = open_page(color_scheme=scheme)
    page.goto(f"{base_url}{url_of(paths.HELP)}")
    banner = page.locator(f"{BAR} .md-banner").element_handle()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen = 0
    for _ in range(8):  # the skip link, Material's skip link, then the bar's links
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if not focused.evaluate("el => !!el.closest('.hub-help-banner')"):
            continue
        seen += 1
        found = page.evaluate(CONTRAST, [focused.element_handle(), banner])
        assert found["width"] >= 2 and found["ratio"] >= 3, found
    assert seen >= 2, "the bar's links were not reached by Tab"


def test_a_link_focused_under_the_bar_is_scrolled_above_it(open_page: Callable[..., Page], base_url: str) -> None:
    page = open_page(viewport=PHONE)
    page.goto(f"{base_url}{url_of(paths.HELP)}")
    links = page.locator("article a[href]")
    link = links.nth(links.count() // 2)  # mid-page: room to scroll it under the bar either way
    # Put the link just under the bar's top edge, inside the screen, then give it focus.
    page.evaluate(
        """([el, bar]) => {
          const gap = bar.getBoundingClientRect().top + 4 - el.getBoundingClientRect().top;
          window.scrollBy(0, -gap);
        }""",
        [link.element_handle(), page.locator(BAR).element_handle()],
    )
    assert page.evaluate(
        "([el, bar]) => el.getBoundingClientRect().top > bar.getBoundingClientRect().top",
        [link.element_handle(), page.locator(BAR).element_handle()],
    ), "the set-up did not put the link under the bar"
    link.focus()
    page.wait_for_function(
        "([el, bar]) => el.getBoundingClientRect().bottom <= bar.getBoundingClientRect().top",
        arg=[link.element_handle(), page.locator(BAR).element_handle()],
        timeout=3_000,
    )
