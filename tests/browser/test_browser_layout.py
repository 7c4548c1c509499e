"""Layout for small screens and zoom: reflow without sideways scrolling at 320 px and at 200 % and
400 % zoom (WCAG 1.4.10), and links and controls of at least 24 x 24 px on a phone (WCAG 2.5.8).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from a11y_probes import MIN_TARGET, OVERFLOW, TARGETS
from browser_helpers import PHONE, ROOT, page_kinds
from playwright.sync_api import Page

from knowledge_hub.loader import load_hub

KINDS = list(page_kinds(load_hub(ROOT / "data")))

REFLOW = {
    "320px": {"viewport": {"width": 320, "height": 568}},
    # Browser zoom on a 1280 x 900 window: the page gets 1/zoom of the CSS pixels, each drawn larger.
    "zoom-200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
    "zoom-400": {"viewport": {"width": 320, "height": 225}, "device_scale_factor": 4},
}


@pytest.mark.parametrize("layout", REFLOW)
@pytest.mark.parametrize("kind", KINDS)
def test_pages_reflow_without_sideways_scrolling(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], kind: str, layout: str
) -> None:
    page = open_page(**REFLOW[layout])
    page.goto(f"{base_url}{kinds[kind]}")
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["clientWidth"], f"{kind} at {layout}: the page scrolls sideways ({result})"
    assert not result["outside"], f"{kind} at {layout}: content past the right edge, out of reach: {result['outside']}"


@pytest.mark.parametrize("kind", KINDS)
def test_links_and_controls_are_at_least_24_px_on_a_phone(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str], kind: str
) -> None:
    page = open_page(viewport=PHONE)
    page.goto(f"{base_url}{kinds[kind]}")
    small = page.evaluate(TARGETS)
    assert not small, f"{kind}: {len(small)} target(s) under {MIN_TARGET} x {MIN_TARGET} px, e.g. {small[:5]}"


def test_the_layout_probes_see_a_wide_block_and_a_small_link(page: Page, base_url: str) -> None:
    """The probes behind these tests can fail: a block wider than the screen and a tiny link are found."""
    page.set_viewport_size({"width": 320, "height": 568})
    page.goto(base_url)
    page.evaluate("""() => {
      const article = document.querySelector('article');
      const wide = document.createElement('p'); wide.textContent = 'wide'; wide.style.width = '600px';
      const tiny = document.createElement('a'); tiny.href = '#'; tiny.textContent = 'x';
      tiny.style.cssText = 'display:inline-block; padding:0; width:10px; height:10px; font-size:8px';
      article.prepend(wide, tiny);
    }""")
    assert any('"wide"' in item for item in page.evaluate(OVERFLOW)["outside"])
    assert any(target["what"] == 'a "x"' for target in page.evaluate(TARGETS))
