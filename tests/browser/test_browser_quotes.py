"""The quotes filter: one list filtered in place by speaker, dialogue and recommendation, with a
live count, state in the address (reload, Back, sharing), and the whole list without JavaScript.
The oracle is the data.
"""

from __future__ import annotations

from collections.abc import Callable

from browser_helpers import assert_filter_survives_reload_and_back, url_of
from playwright.sync_api import Page, expect

from knowledge_hub import paths
from knowledge_hub.hub import Hub


def _shown(page: Page) -> list[str]:
    return page.locator("#all-quotes figure[data-item]:visible").evaluate_all("items => items.map(i => i.dataset.item)")


def test_filters_count_and_address_survive_reload_and_back(page: Page, base_url: str, hub_data: Hub) -> None:
    page.goto(f"{base_url}{url_of(paths.QUOTES)}")
    form = page.locator("#quotes-filter")
    expect(form).to_be_visible()
    assert len(_shown(page)) == len(hub_data.quotes)
    speaker = max(hub_data.quotes_by_person, key=lambda p: len(hub_data.quotes_by_person[p]))
    form.get_by_label("Speaker", exact=True).select_option(speaker)
    expected = [r.quote.id for r in hub_data.quotes.values() if r.quote.speaker == speaker]
    assert len(expected) > 1 and _shown(page) == expected
    expect(page.locator("#quotes-count")).to_contain_text(f"Showing {len(expected)} of {len(hub_data.quotes)} quotes.")
    rec = next(r for r in hub_data.recommendations if any(q in r.quotes for q in expected))
    form.get_by_label("Recommendation", exact=True).select_option(rec.slug)
    narrowed = [q for q in expected if q in rec.quotes]
    assert narrowed and _shown(page) == narrowed
    assert f"speaker={speaker}" in page.url and f"recommendation={rec.slug}" in page.url
    assert_filter_survives_reload_and_back(
        page,
        shown=_shown,
        count="#quotes-count",
        leave_by=f'figure[data-item="{narrowed[0]}"] .hub-quote__who a',
        leave_to=f"{base_url}{url_of(paths.person(hub_data.people[speaker]))}",
    )
    # Headings of sections with no quote left are hidden with them.
    hidden_groups = page.locator("#all-quotes [data-group][hidden]").count()
    assert hidden_groups > 0


def test_without_javascript_every_quote_shows(open_page: Callable[..., Page], base_url: str, hub_data: Hub) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}{url_of(paths.QUOTES)}?speaker=anita-bhatia")
    expect(page.locator("#quotes-filter")).to_be_hidden()
    assert len(_shown(page)) == len(hub_data.quotes)
