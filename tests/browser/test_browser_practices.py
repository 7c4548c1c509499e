"""The good-practices filter: it appears only with JavaScript, filters the "All practices" list
instantly, announces the count, and resets. The oracle is the data (data/practices.yaml).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_helpers import url_of
from playwright.sync_api import BrowserContext, Locator, Page, expect

from knowledge_hub import paths
from knowledge_hub.hub import Hub


@pytest.fixture
def catalogue(page: Page, base_url: str) -> Page:
    page.goto(f"{base_url}{url_of(paths.PRACTICES)}")
    expect(page.locator("#practices-filter")).to_be_visible()
    return page


def _select(page: Page, label: str) -> Locator:
    return page.locator("#practices-filter").get_by_label(label, exact=True)


def _shown(page: Page) -> list[str]:
    return page.locator("#all-practices li[data-practice]:visible").evaluate_all("items => items.map(i => i.dataset.practice)")


def test_each_filter_shows_exactly_the_matching_practices(catalogue: Page, hub_data: Hub) -> None:
    everything = [p.id for p in hub_data.practices]
    assert _shown(catalogue) == everything
    expect(catalogue.locator("#practices-count")).to_have_text(f"Showing all {len(everything)} practices.")
    rec = hub_data.recommendations[8]
    _select(catalogue, "Recommendation").select_option(rec.slug)
    expected = [p.id for p in hub_data.practices if rec.slug in p.recommendations]
    assert expected and _shown(catalogue) == expected
    expect(catalogue.locator("#practices-count")).to_have_text(f"Showing {len(expected)} of {len(everything)} practices.")
    _select(catalogue, "Recommendation").select_option("")
    _select(catalogue, "Type of organization").select_option("member-state")
    _select(catalogue, "Tag").select_option("leadership")
    expected = [p.id for p in hub_data.practices if p.organisation_type == "member-state" and "leadership" in p.tags]
    assert expected and _shown(catalogue) == expected


def test_no_match_is_said_and_show_all_resets(catalogue: Page, hub_data: Hub) -> None:
    combos = [
        (r.slug, t)
        for r in hub_data.recommendations
        for t in ("academia", "member-state")
        if not any(r.slug in p.recommendations and p.organisation_type == t for p in hub_data.practices)
    ]
    slug, kind = combos[0]
    _select(catalogue, "Recommendation").select_option(slug)
    _select(catalogue, "Type of organization").select_option(kind)
    assert _shown(catalogue) == []
    expect(catalogue.locator("#practices-count")).to_contain_text("No practice matches")
    catalogue.locator("#practices-filter").get_by_role("button", name="Show all").click()
    expect(catalogue.locator("#practices-count")).to_have_text(f"Showing all {len(hub_data.practices)} practices.")
    assert len(_shown(catalogue)) == len(hub_data.practices)


def test_keyboard_alone_can_filter(catalogue: Page, hub_data: Hub) -> None:
    select = _select(catalogue, "Type of organization")
    select.focus()
    catalogue.keyboard.press("ArrowDown")  # the first type after "All types"
    first_type = select.input_value()
    assert first_type
    assert _shown(catalogue) == [p.id for p in hub_data.practices if p.organisation_type == first_type]


def test_without_javascript_the_grouped_lists_answer(
    new_context: Callable[..., BrowserContext], base_url: str, hub_data: Hub
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{base_url}{url_of(paths.PRACTICES)}")
    expect(page.locator("#practices-filter")).to_be_hidden()
    for heading in ("By recommendation", "By type of organization", "By tag"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert page.locator("#all-practices li[data-practice]:visible").count() == len(hub_data.practices)
