"""The "Where to get help" page: the hub says first that it takes no reports, then the publication's mechanisms.

Expectations come from data/help.yaml and the publication's text, never from the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers_data import copy_data, replace_once
from selectolax.lexbor import LexborNode
from test_practices import normalise
from test_site import article, html_files, page_file, resolve

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub

if TYPE_CHECKING:
    Parse = Callable[[Path | str], LexborNode]

E_MAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


@pytest.fixture(scope="module")
def help_page(built_site: Path, parse_html: Parse) -> tuple[Path, LexborNode]:
    path = page_file(built_site, paths.HELP)
    return path, article(parse_html, path)


def test_the_page_says_first_in_the_hubs_own_words_that_it_takes_no_reports(help_page: tuple[Path, LexborNode]) -> None:
    _, page = help_page
    blocks = [child for child in page.iter() if child.is_element_node and child.tag not in {"h1", "a"}]
    first = blocks[0]
    classes = set((first.attributes.get("class") or "").split())
    assert "hub-own" in classes, "the first block after the title is not marked as the hub's own words"
    assert first.css_first(".hub-own__label") is not None
    assert "cannot receive reports" in first.text()
    assert "not a reporting channel" in first.text()


def test_each_mechanism_quotes_the_publication_verbatim(hub: Hub, seed_text: str) -> None:
    seed = normalise(seed_text)
    for mechanism in hub.help.mechanisms:
        for excerpt in mechanism.said:
            assert normalise(excerpt.text) in seed, f"{mechanism.id}: not the publication's words: {excerpt.text[:80]}"


def test_at_least_four_mechanisms_each_link_to_their_hub_entry(
    help_page: tuple[Path, LexborNode], built_site: Path, hub: Hub
) -> None:
    path, page = help_page
    headings = page.css("h3.hub-mechanism")
    assert len(headings) == len(hub.help.mechanisms) >= 4
    linked = 0
    for mechanism in hub.help.mechanisms:
        targets = set()
        for anchor in (a for node in _section(page, mechanism.id) for a in node.css("a.hub-mechanism__entry")):
            resolved = resolve(built_site, path, anchor.attrs["href"] or "")
            assert resolved is not None and resolved[0].is_file(), f"{mechanism.id}: broken link {anchor.attrs['href']}"
            targets.add(resolved[0].relative_to(built_site).as_posix())
        expected = set()
        if mechanism.practice:
            expected.add(
                page_file(built_site, paths.practice(hub.practices_by_id[mechanism.practice])).relative_to(built_site).as_posix()
            )
        if mechanism.resources:
            expected.add(page_file(built_site, paths.RESOURCES).relative_to(built_site).as_posix())
        assert targets == expected, mechanism.id
        linked += bool(targets)
    assert linked >= 4


def test_every_address_on_the_page_is_one_the_data_holds(help_page: tuple[Path, LexborNode], hub: Hub) -> None:
    _, page = help_page
    external = {a.attrs["href"] for a in page.css("a") if (a.attrs.get("href") or "").startswith("http")}
    allowed = {str(link.url) for m in hub.help.mechanisms for link in m.links} | {str(link.url) for link in hub.help.other_links}
    allowed |= {str(hub.resources[r].link.url) for m in hub.help.mechanisms for r in m.resources if hub.resources[r].link}  # type: ignore[union-attr]
    assert external, "the page links to no public page at all"
    assert external <= allowed


def test_the_page_shows_no_phone_number_or_e_mail_address(help_page: tuple[Path, LexborNode]) -> None:
    _, page = help_page
    text = page.text()
    assert not E_MAIL.findall(text)
    # Dates and years are not phone numbers; a run of eight or more digits and separators is.
    assert not [number for number in PHONE.findall(text) if len(re.sub(r"\D", "", number)) >= 8]


def test_every_page_leads_to_the_help_page_in_one_step(built_site: Path, parse_html: Parse) -> None:
    help_file = page_file(built_site, paths.HELP)
    missing = []
    for page in html_files(built_site):
        banner = parse_html(page).css_first(".hub-help-banner")
        links = banner.css("a") if banner is not None else []
        if not any((resolve(built_site, page, a.attrs.get("href") or "") or (None,))[0] == help_file for a in links):
            missing.append(page.relative_to(built_site).as_posix())
    assert not missing, f"pages without a link to the help page: {missing[:10]}"


def test_a_mechanism_that_names_an_unknown_practice_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    replace_once(data / "help.yaml", "practice: speak-up-helpline", "practice: speak-up-hepline")
    with pytest.raises(DataError) as raised:
        load_hub(data)
    message = str(raised.value)
    assert "data/help.yaml:" in message and "mechanisms[0].practice" in message
    assert "unknown practice 'speak-up-hepline' (did you mean 'speak-up-helpline'?)" in message


def _section(page: LexborNode, heading_id: str) -> list[LexborNode]:
    """The elements under the h3 ``heading_id`` up to the next heading."""
    children = [c for c in page.iter() if c.is_element_node]
    start = next(i for i, c in enumerate(children) if c.tag == "h3" and c.attrs.get("id") == heading_id)
    end = next((i for i in range(start + 1, len(children)) if children[i].tag in {"h2", "h3"}), len(children))
    return children[start + 1 : end]
