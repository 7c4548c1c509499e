"""What a reader needs in one step, in a real browser: the help page from any page, at phone and
desktop width; dialogue links on the People page big enough to tap.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_helpers import DESKTOP, PHONE, ROOT, page_kinds, url_of
from playwright.sync_api import BrowserContext, Page, expect

from knowledge_hub import paths
from knowledge_hub.loader import load_hub

KINDS = list(page_kinds(load_hub(ROOT / "data")))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_help_page_is_one_click_away(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], kind: str, viewport: dict[str, int]
) -> None:
    page = open_page(viewport=viewport)
    page.goto(f"{base_url}{kinds[kind]}")
    link = page.get_by_role("link", name="Where to get help").first
    expect(link).to_be_in_viewport()
    link.click()
    page.wait_for_url(f"{base_url}{url_of(paths.HELP)}")
    expect(page.locator("article h1")).to_contain_text("Where to get help")
    expect(page.locator("article .hub-own").first).to_contain_text("cannot receive reports")


def test_dialogue_links_on_the_people_page_are_big_enough_to_tap(open_page: Callable[..., Page], base_url: str) -> None:
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}{url_of(paths.PEOPLE)}")
    links = page.locator("article a.hub-tap")
    assert links.count() > 0
    small = [
        box
        for box in (links.nth(i).bounding_box() for i in range(links.count()))
        if box and (box["width"] < 24 or box["height"] < 24)
    ]
    assert not small, f"{len(small)} dialogue link(s) smaller than 24 x 24 px"


def test_the_citation_is_copied_with_the_address_the_reader_has_open(
    new_context: Callable[..., BrowserContext], base_url: str, kinds: dict[str, str]
) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    address = f"{base_url}{kinds['recommendation']}"
    page.goto(address)
    line = page.locator("article .hub-cite__line")
    expect(line).to_contain_text(address)
    page.get_by_role("button", name="Copy citation").click()
    expect(page.locator("article .hub-cite__status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == " ".join(line.inner_text().split()) and address in copied and copied.startswith("“")


def test_without_javascript_the_citation_is_a_line_of_text_without_a_button(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str]
) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}{kinds['recommendation']}")
    expect(page.locator("article .hub-cite__line")).to_contain_text("page recommendations/")
    expect(page.get_by_role("button", name="Copy citation")).to_have_count(0)
