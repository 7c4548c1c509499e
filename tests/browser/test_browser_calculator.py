"""The PI 4.2 calculator: the level for a survey score, clear errors, keyboard use, and the table
that answers without JavaScript. The oracle is the data itself (Indicator.level_for).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_helpers import url_of
from playwright.sync_api import Page, expect

from knowledge_hub import paths
from knowledge_hub.hub import Hub

SCORES = ["49.9", "50", "64", "64.5", "65", "80", "80.1", "100"]

# Fixed expectations, independent of the data: the bands as the card prints them.
FIXED = {"64.5": "Approaches", "65": "Meets", "80": "Meets", "80.1": "Exceeds"}


@pytest.fixture
def calculator(page: Page, base_url: str) -> Page:
    page.goto(f"{base_url}{url_of(paths.INDICATOR)}")
    expect(page.locator("#pi-calculator")).to_be_visible()
    return page


def _check(page: Page, text: str) -> str:
    box = page.locator("#pi-score")
    box.fill(text)
    page.get_by_role("button", name="Show level").click()
    output = page.locator("#pi-result")
    expect(output).not_to_be_empty()
    return output.inner_text()


def _normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("score", SCORES)
def test_a_score_gives_the_level_the_data_defines(calculator: Page, hub_data: Hub, score: str) -> None:
    indicator = hub_data.publication.indicator
    shown = _normalised(_check(calculator, score))
    level = indicator.level_for(float(score))
    if level is None:
        assert _normalised(indicator.below_lowest) in shown, f"{score}: {shown!r}"
        expect(calculator.locator("#pi-result")).to_have_attribute("data-state", "below")
    else:
        assert level.name in shown, f"{score}: expected {level.name!r}, page says {shown!r}"
        expect(calculator.locator("#pi-result")).to_have_attribute("data-state", level.id)
        assert not any(other.name in shown for other in indicator.levels if other is not level)
    if score in FIXED:
        assert shown.split(":", 1)[1].strip().startswith(FIXED[score]), f"{score}: expected {FIXED[score]}…, page says {shown!r}"
    if score == "49.9":
        assert "none of the three levels" in shown or "not yet approach" in shown, shown
    expect(calculator.locator("#pi-score")).not_to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize(
    ("text", "says"), [("", "Enter a percentage"), ("abc", "not a number"), ("101", "100"), ("-5", "below 0")]
)
def test_bad_input_gives_a_clear_error(calculator: Page, hub_data: Hub, text: str, says: str) -> None:
    shown = _check(calculator, text)
    output = calculator.locator("#pi-result")
    expect(output).to_have_attribute("data-state", "error")
    expect(calculator.locator("#pi-score")).to_have_attribute("aria-invalid", "true")
    assert says in shown, f"{text!r}: {shown!r}"
    assert not any(level.name in shown for level in hub_data.publication.indicator.levels), (
        f"{text!r} was given a level: {shown!r}"
    )
    # A good value afterwards clears the error state.
    _check(calculator, "72")
    expect(output).not_to_have_attribute("data-state", "error")
    expect(calculator.locator("#pi-score")).not_to_have_attribute("aria-invalid", "true")


def test_keyboard_only(calculator: Page, hub_data: Hub) -> None:
    page = calculator
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "pi-score":
            break
    else:
        pytest.fail("Tab never reached the calculator's input")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused input shows no focus outline"
    page.keyboard.type("80.1")
    page.keyboard.press("Enter")
    exceeds = hub_data.publication.indicator.level_for(80.1)
    assert exceeds is not None
    expect(page.locator("#pi-result")).to_contain_text(exceeds.name)
    # The button is reachable and works from the keyboard too.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("abc")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#pi-result")).to_have_attribute("data-state", "error")


def test_without_javascript_the_table_answers_and_the_form_stays_hidden(
    open_page: Callable[..., Page], base_url: str, hub_data: Hub
) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}{url_of(paths.INDICATOR)}")
    table = page.locator("article table").filter(has_text=hub_data.publication.indicator.levels[0].name)
    expect(table).to_be_visible()
    for level in hub_data.publication.indicator.levels:
        expect(table).to_contain_text(level.name)
    expect(page.locator("#pi-calculator")).to_be_hidden()
    # Playwright's text selectors skip <noscript>; a CSS selector sees what the reader sees.
    expect(page.locator("noscript p")).to_be_visible()
    expect(page.locator("noscript p")).to_contain_text("needs JavaScript")
