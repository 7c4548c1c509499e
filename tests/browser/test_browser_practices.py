"""The practices filter: it appears only with JavaScript, filters the one list of practices
instantly, announces the count and the active filters, resets, and keeps its state in the address
(shareable, survives reload and Back). The oracle is the data (data/practices.yaml).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_helpers import assert_filter_survives_reload_and_back, url_of
from playwright.sync_api import Locator, Page, expect

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


def test_the_kind_filter_shows_the_publications_good_practices(catalogue: Page, hub_data: Hub) -> None:
    _select(catalogue, "Kind").select_option("good-practice")
    expected = [p.id for p in hub_data.practices if p.kind == "good-practice"]
    assert expected and _shown(catalogue) == expected
    assert "kind=good-practice" in catalogue.url


def test_each_filter_shows_exactly_the_matching_practices(catalogue: Page, hub_data: Hub) -> None:
    everything = [p.id for p in hub_data.practices]
    assert _shown(catalogue) == everything
    expect(catalogue.locator("#practices-count")).to_have_text(f"Showing all {len(everything)} practices.")
    rec = hub_data.recommendations[8]
    _select(catalogue, "Recommendation").select_option(rec.slug)
    expected = [p.id for p in hub_data.practices if rec.slug in p.recommendations]
    assert expected and _shown(catalogue) == expected
    expect(catalogue.locator("#practices-count")).to_have_text(
        f"Showing {len(expected)} of {len(everything)} practices. Recommendation: {rec.number}. {rec.conclusion_title}."
    )
    _select(catalogue, "Recommendation").select_option("")
    _select(catalogue, "Type of organization").select_option("member-state")
    _select(catalogue, "Theme").select_option("leadership")
    expected = [p.id for p in hub_data.practices if p.organisation_type == "member-state" and "leadership" in p.tags]
    assert expected and _shown(catalogue) == expected


def test_no_match_is_said_and_show_all_resets(catalogue: Page, hub_data: Hub) -> None:
    combos = [
        (r.slug, t)
        for r in hub_data.recommendations
        if hub_data.practices_by_recommendation.get(r.slug)  # the select lists only these
        for t in sorted({p.organisation_type for p in hub_data.practices if p.organisation_type})
        if not any(r.slug in p.recommendations and p.organisation_type == t for p in hub_data.practices)
    ]
    slug, kind = combos[0]
    _select(catalogue, "Recommendation").select_option(slug)
    _select(catalogue, "Type of organization").select_option(kind)
    assert _shown(catalogue) == []
    expect(catalogue.locator("#practices-count")).to_contain_text("Nothing matches")
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


def test_without_javascript_the_whole_list_shows(open_page: Callable[..., Page], base_url: str, hub_data: Hub) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}{url_of(paths.PRACTICES)}?audience=member-states")
    expect(page.locator("#practices-filter")).to_be_hidden()
    assert page.locator("#all-practices li[data-practice]:visible").count() == len(hub_data.practices)


def test_the_address_keeps_the_filter_through_reload_and_back(
    catalogue: Page, open_page: Callable[..., Page], base_url: str, hub_data: Hub
) -> None:
    _select(catalogue, "Audience").select_option("member-states")
    _select(catalogue, "Type of organization").select_option("member-state")
    expected = [p.id for p in hub_data.practices if "member-states" in p.tags and p.organisation_type == "member-state"]
    assert expected and _shown(catalogue) == expected
    assert "audience=member-states" in catalogue.url and "organisation-type=member-state" in catalogue.url
    filtered_url = catalogue.url
    first = next(p for p in hub_data.practices if p.id == expected[0])
    assert_filter_survives_reload_and_back(
        catalogue,
        shown=_shown,
        count="#practices-count",
        leave_by=f'#all-practices li[data-practice="{first.id}"] a',
        leave_to=f"{base_url}{url_of(paths.practice(first))}",
    )
    assert _select(catalogue, "Audience").input_value() == "member-states"
    # A shared address opens the same list in a fresh page.
    fresh = open_page()
    fresh.goto(filtered_url)
    assert _shown(fresh) == expected
