"""knowledge_hub.preview: a preview keeps the last good pages and shows every fault, escaped."""

from __future__ import annotations

from pathlib import Path

from helpers_data import copy_data, replace_once

from knowledge_hub.preview import PROBLEMS_PAGE, PreviewState, fault_banner_html, fault_list_html, problems_page
from knowledge_hub.loader import DataError
from knowledge_hub.yaml_source import Fault

HOSTILE = DataError([Fault("data/people.yaml", 12, "people[0].name", "'<script>alert(1)</script>' & more: fix it")])


def _break(data_dir: Path) -> None:
    replace_once(data_dir / "people.yaml", 'name: "Martin Kimani"', 'name: ""')


def test_only_serve_previews() -> None:
    state = PreviewState()
    state.start("build")
    assert not state.active
    state.start("serve")
    assert state.active


def test_a_fault_after_a_good_save_keeps_the_last_good_pages_and_adds_the_list(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    state = PreviewState()
    good = state.check(data_dir)
    assert good.error is None and good.hub is not None and good.nav_entry is None
    assert PROBLEMS_PAGE not in good.pages

    _break(data_dir)
    broken = state.check(data_dir)

    assert broken.hub is good.hub
    assert {path: text for path, text in broken.pages.items() if path != PROBLEMS_PAGE} == good.pages
    assert broken.nav_entry == {"Data problems": PROBLEMS_PAGE}
    page = broken.pages[PROBLEMS_PAGE]
    assert "<code>data/people.yaml:" in page and "people[0].name</code>: must not be empty" in page
    assert "last good save" in page


def test_data_broken_at_launch_gives_a_one_page_site_with_the_list_at_home(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    _break(data_dir)
    preview = PreviewState().check(data_dir)
    assert preview.hub is None
    assert sorted(preview.pages) == sorted([PROBLEMS_PAGE, "index.md"])
    assert "no pages to show yet" in preview.pages["index.md"]


def test_fault_text_is_escaped_everywhere_it_is_shown() -> None:
    for html in (str(fault_list_html(HOSTILE)), str(fault_banner_html(HOSTILE, problems_url="../data-problems/")),
                 problems_page(HOSTILE, has_last_good=True)):
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&amp; more" in html
    assert 'href="../data-problems/"' in str(fault_banner_html(HOSTILE, problems_url="../data-problems/"))
    assert 'href="&#34;&gt;' in str(fault_banner_html(HOSTILE, problems_url='">'))
