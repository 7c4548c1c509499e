"""The built site as a first-time reader meets it: the home page's entry points, the navigation,
copy written for readers (not curators), one pager per page, quote attributions.

Expectations come from the data and ``knowledge_hub.paths``, never from the output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub

from helpers_data import copy_data, replace_once
from test_site import article, html_files, page_file, resolve, site_relative

if TYPE_CHECKING:
    from conftest import Element

    Parse = Callable[[Path | str], Element]

SECTIONS = (
    paths.INTRODUCTION, paths.RECOMMENDATIONS, paths.DIALOGUES, paths.CONCLUSION, paths.TASK_FORCE,
    paths.PRACTICES, paths.RESOURCES, paths.QUOTES, paths.PEOPLE, paths.TAGS, paths.INDICATOR,
    paths.OPEN_DATA, paths.ABOUT, paths.HELP,
)
"""Every section of the site, which the home page must link to."""


def _targets(site: Path, page: Path, container: Element) -> set[str]:
    """Site-relative files that the links inside ``container`` lead to."""
    found = set()
    for anchor in container.find_all("a"):
        resolved = resolve(site, page, anchor.attrs.get("href") or "")
        if resolved is not None:
            found.add(site_relative(site, resolved[0]))
    return found


def _file(site: Path, source: str) -> str:
    return site_relative(site, page_file(site, source))


# --- home ----------------------------------------------------------------------------------------


def test_the_home_page_says_what_the_hub_is_about(built_site: Path, parse_html: Parse) -> None:
    root = parse_html(page_file(built_site, paths.HOME))
    heading = root.find("h1")
    assert heading is not None and "sexual harassment in the UN system" in heading.text()
    title = root.find("title")
    assert title is not None and "sexual harassment" in title.text()
    assert "UN Women" in article(parse_html, page_file(built_site, paths.HOME)).text()


def test_the_home_page_links_to_every_section_and_the_help_page(built_site: Path, parse_html: Parse) -> None:
    home = page_file(built_site, paths.HOME)
    linked = _targets(built_site, home, article(parse_html, home))
    missing = [source for source in SECTIONS if _file(built_site, source) not in linked]
    assert not missing


def test_need_help_comes_before_the_content_and_leads_to_the_help_page(built_site: Path, parse_html: Parse) -> None:
    home = page_file(built_site, paths.HOME)
    body = article(parse_html, home)
    entry = body.find(cls="hub-help-entry")
    assert entry is not None and "Need help or want to report?" in entry.text()
    assert _file(built_site, paths.HELP) in _targets(built_site, home, entry)
    first_h2 = body.find("h2")
    order = [e for e in body.iter() if e is entry or e is first_h2]
    assert order[0] is entry, "the help entry must come before the first section"


def test_each_role_leads_to_a_page_of_its_recommendations_and_practices(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    home = page_file(built_site, paths.HOME)
    roles = article(parse_html, home).find(cls="hub-roles")
    assert roles is not None
    linked = _targets(built_site, home, roles)
    audiences = [tag for tag in hub.tags.values() if tag.kind == "audience"]
    assert {"leaders-and-managers", "hr-and-ethics", "gender-focal-points", "member-states", "all-personnel"} <= {t.id for t in audiences}
    for tag in audiences:
        page = page_file(built_site, paths.audience(tag))
        assert site_relative(built_site, page) in linked, tag.id
        on_page = _targets(built_site, page, article(parse_html, page))
        expected = {_file(built_site, paths.recommendation(r)) for r in hub.recommendations if tag.id in r.tags}
        expected |= {_file(built_site, paths.practice(p)) for p in hub.practices if tag.id in p.tags}
        assert expected and expected <= on_page, tag.id


def test_recommendation_cards_say_what_each_asks_and_count_practices(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    home = page_file(built_site, paths.HOME)
    texts = {item.text() for card in article(parse_html, home).find_all(cls="hub-cards") for item in card.find_all("li")}
    for rec in hub.recommendations:
        card = next((t for t in texts if t.lstrip().startswith(f"{rec.number}. {rec.title}")), None)
        assert card is not None, rec.number
        assert rec.summary and f"“{rec.summary}”" in card, rec.number
        practices = len(hub.practices_by_recommendation.get(rec.slug, []))
        assert f"{practices} practice" in card, rec.number


def test_the_home_page_shows_the_navigation(built_site: Path, parse_html: Parse) -> None:
    sidebar = parse_html(page_file(built_site, paths.HOME)).find(cls="md-sidebar--primary")
    assert sidebar is not None and "hidden" not in sidebar.attrs, "the home page hides the navigation"
    assert sidebar.find("nav") is not None and sidebar.find("a") is not None


def test_a_summary_that_is_not_in_the_body_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    replace_once(data / "recommendations.yaml", 'summary: "engaging male colleagues as allies', 'summary: "engaging men as allies')
    with pytest.raises(DataError) as raised:
        load_hub(data)
    assert "recommendations[8]: summary 'engaging men as allies" in str(raised.value)
    assert "is not in the body" in str(raised.value)
