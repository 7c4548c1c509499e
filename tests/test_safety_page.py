"""The "Using this site safely" page: what the exit does and does not do, and what the site keeps.

Expectations come from data/help.yaml (its `safety` part) and from small data written here, never
from the output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers_data import copy_data, replace_once
from test_site import article, page_file, resolve

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.pages import build_nav, build_pages

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    Parse = Callable[[Path | str], LexborNode]


def _words(node: LexborNode) -> str:
    return " ".join(node.text().replace("¶", " ").split())


def test_the_page_has_its_title_and_every_section_in_the_datas_order(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    safety = hub.help.safety
    assert safety is not None, "data/help.yaml has no `safety` part"
    page = article(parse_html, page_file(built_site, paths.SAFETY))
    assert _words(page.css_first("h1")) == safety.title
    assert [h.attrs.get("id") for h in page.css("h2")] == [section.id for section in safety.sections]
    assert [_words(h) for h in page.css("h2")] == [section.title for section in safety.sections]
    text = _words(page)
    for paragraph in safety.intro:
        assert " ".join(paragraph.split()) in text
    for section in safety.sections:
        for point in section.points:
            assert " ".join(point.text.split()) in text, point.text[:60]


def test_it_says_what_the_exit_does_not_do_and_what_the_site_keeps(hub: Hub) -> None:
    safety = hub.help.safety
    assert safety is not None
    text = " ".join(" ".join(p.text for s in safety.sections for p in s.points).split()).lower()
    for said in ("history", "private window", "another device", "no cookies", "no analytics", "no forms", "local storage"):
        assert said in text, f"the safety page does not say: {said}"


def test_each_storage_key_is_shown_as_code_after_its_point(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    safety = hub.help.safety
    assert safety is not None
    keys = [p for s in safety.sections for p in s.points if p.key]
    assert keys, "no storage key in the data: the test checks nothing"
    page = article(parse_html, page_file(built_site, paths.SAFETY))
    for point in keys:
        items = [li for li in page.css("li") if " ".join(point.text.split()) in _words(li)]
        assert len(items) == 1, point.text[:60]
        assert [code.text() for code in items[0].css("code")] == [point.key]


def test_the_page_is_the_hubs_own_words_under_one_quiet_marker(built_site: Path, parse_html: Parse) -> None:
    page = article(parse_html, page_file(built_site, paths.SAFETY))
    assert not page.css(".hub-verbatim"), "nothing on this page is the publication's"
    assert len(page.css(".hub-quiet-mark")) == 1
    assert not page.css(".hub-mark, .hub-own__label"), "a loud badge on the safety page"
    block = page.css_first(".hub-own")
    assert block is not None and all(block.css_first(f"#{h.attrs['id']}") is not None for h in page.css("h2"))


def test_the_help_page_links_to_it_and_it_links_back(built_site: Path, parse_html: Parse) -> None:
    safety_file, help_file = page_file(built_site, paths.SAFETY), page_file(built_site, paths.HELP)
    for source, target in ((help_file, safety_file), (safety_file, help_file)):
        links = article(parse_html, source).css("a")
        assert any((resolve(built_site, source, a.attrs.get("href") or "") or (None,))[0] == target for a in links)


def test_the_page_is_in_the_nav_next_to_the_help_page(hub: Hub) -> None:
    flat = str(build_nav(hub))
    assert paths.SAFETY in flat and flat.index(paths.HELP) < flat.index(paths.SAFETY)


def test_without_a_safety_part_there_is_no_page(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    help_file = data / "help.yaml"
    text = help_file.read_text(encoding="utf-8")
    help_file.write_text(text[: text.index("\nsafety:")] + "\n", encoding="utf-8")
    hub = load_hub(data)
    assert paths.SAFETY not in build_pages(hub)
    assert paths.SAFETY not in str(build_nav(hub))


@pytest.mark.parametrize("key", ["<script>", "a b", "`x`", "x" * 61])
def test_a_storage_key_that_is_not_a_plain_name_stops_the_build(tmp_path: Path, key: str) -> None:
    data = copy_data(tmp_path)
    replace_once(data / "help.yaml", "key: __palette", f"key: '{key}'")
    with pytest.raises(DataError) as raised:
        load_hub(data)
    message = str(raised.value)
    assert "data/help.yaml:" in message and "safety.sections" in message and "key" in message
