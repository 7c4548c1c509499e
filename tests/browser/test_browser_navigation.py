"""Navigation: every page is reachable by clicking, links between pages work both ways, and no page
of the site logs a console error, a page error or a failed load.
"""

from __future__ import annotations

import re
from pathlib import Path

from browser_helpers import Crawl, example_recommendation, url_of
from playwright.sync_api import Page, expect
from site_build import is_redirect_notice

from knowledge_hub import paths
from knowledge_hub.hub import Hub


def _click_to(page: Page, base_url: str, target: str) -> None:
    """Click the first link in the page's content that leads to ``target`` and wait for it to load."""
    link = page.locator(f'.md-content a[href="{target}"]').first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"{base_url}{target}")


def _heading(page: Page) -> str:
    return page.locator("article h1").first.inner_text().removesuffix("¶").strip()


def test_every_recommendation_dialogue_and_the_indicator_are_reached_from_home_by_clicking(
    page: Page, base_url: str, hub_data: Hub
) -> None:
    targets = [(url_of(paths.recommendation(r)), f"{r.number}.") for r in hub_data.recommendations]
    targets += [(url_of(paths.dialogue(d)), d.label) for d in hub_data.dialogues]
    targets.append((url_of(paths.INDICATOR), hub_data.publication.indicator.code))
    page.goto(base_url)
    for target, heading_start in targets:
        _click_to(page, base_url, target)
        assert _heading(page).startswith(heading_start), f"{target}: unexpected heading {_heading(page)!r}"
        page.go_back()
        # Material's navigation.tracking may have put the section scrolled to in the address.
        page.wait_for_url(re.compile(re.escape(base_url) + r"(#[\w-]*)?$"))


def test_quote_links_lead_to_the_speaker_and_the_dialogue_and_back(page: Page, base_url: str, hub_data: Hub) -> None:
    rec = example_recommendation(hub_data)
    rec_url = f"{base_url}{url_of(paths.recommendation(rec))}"
    page.goto(rec_url)
    quote = page.locator("figure.hub-quote").filter(has=page.locator('figcaption a[href*="dialogues/"]')).first
    expect(quote).to_be_visible()
    quote_text = quote.locator("blockquote").inner_text().strip()

    speaker = quote.locator('figcaption a[href*="people/"]').first
    speaker_name = speaker.inner_text().strip()
    speaker.click()
    page.wait_for_url(re.compile(r"/people/[^/]+/$"))
    assert speaker_name in _heading(page), f"speaker page heading {_heading(page)!r} does not name {speaker_name!r}"
    page.go_back()
    page.wait_for_url(rec_url)

    where = (
        page.locator("figure.hub-quote").filter(has_text=quote_text[:60]).first.locator('figcaption a[href*="dialogues/"]').first
    )
    where.click()
    page.wait_for_url(re.compile(r"/dialogues/[^/]+/#q-[\w-]+$"))
    anchor = page.url.rsplit("#", 1)[1]
    said = page.locator(f'[id="{anchor}"]')
    expect(said).to_be_visible()
    expect(said).to_be_in_viewport()
    assert quote_text[:60] in said.inner_text(), "the dialogue link does not land on the same quote"
    page.go_back()
    page.wait_for_url(rec_url)


def test_previous_and_next_walk_through_all_recommendations(page: Page, base_url: str, hub_data: Hub) -> None:
    recs = hub_data.recommendations
    page.goto(f"{base_url}{url_of(paths.recommendation(recs[0]))}")
    for rec in recs[1:]:
        page.locator("a.md-footer__link--next").click()
        page.wait_for_url(f"{base_url}{url_of(paths.recommendation(rec))}")
        assert _heading(page).startswith(f"{rec.number}.")
    for rec in reversed(recs[:-1]):
        page.locator("a.md-footer__link--prev").click()
        page.wait_for_url(f"{base_url}{url_of(paths.recommendation(rec))}")
        assert _heading(page).startswith(f"{rec.number}.")


def test_no_page_logs_an_error(site_crawl: Crawl) -> None:
    problems = {path: messages for path, messages in site_crawl.problems.items() if messages}
    assert not problems, "\n".join(f"{path or '(home)'}: {m}" for path, messages in problems.items() for m in messages)


def test_the_crawl_reached_every_built_page(site_crawl: Crawl, site_dir: Path) -> None:
    built = {
        str(p.relative_to(site_dir)).removesuffix("index.html") for p in site_dir.rglob("*.html") if not is_redirect_notice(p)
    }
    missed = sorted(built - set(site_crawl.problems))
    assert not missed, f"built pages that no link leads to: {missed}"
