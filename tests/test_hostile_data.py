"""A whole site built from data whose text fields all carry hostile text: nothing of it is live.

Every text field of every data file gets the same payload appended (fields the data rules refuse
it in, such as ids and addresses, keep their value). The payload is text a contributor may
legitimately type — HTML, Markdown punctuation, an emoji shortcode, a title-closing tag — so the
data rules accept it, and the site must show it as typed, on every page, in the nav and in the
browser tab, and in the search index.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from live_markup import live_markup
from selectolax.lexbor import LexborHTMLParser, LexborNode
from site_build import assert_clean_build, copy_project, run_build

from knowledge_hub.loader import DataError, load_hub

PAYLOAD = (
    ' "><script>alert(1)</script></title><img src=https://tracker.example/p.png onerror=alert(2)> *star* _under_ :smile: | pipe'
)
"""Appended to every text field. Each part would be live markup or a third-party load if unescaped."""

SHOWN = (
    '"><script>alert(1)</script></title><img src=https://tracker.example/p.png onerror=alert(2)> *star* _under_ :smile: | pipe'
)
"""What a reader must see, exactly."""

REFUSED_PARTS = {"hosts": " | pipe"}
"""Parts of the payload the data rules refuse in a field, with a located message (tested in the corpus)."""

TEXT_KEYS = {
    "name", "title", "honorific", "organisation", "label", "description", "text", "attribution", "note",
    "hosts", "audience", "summary", "body", "conclusion_title", "publisher", "appendix_title", "section",
    "paragraphs", "closing", "subtitle", "heading", "subheading", "what", "why", "criterion", "lead",
}  # fmt: skip
"""Keys that hold reading text in the data files (ids, numbers, dates and addresses are left alone)."""


KEPT_AS_THEY_ARE = {"recommendations.yaml": {"summary"}}
"""Fields that must repeat words of another field (a recommendation's summary is words of its body)."""


def _append_payload(value: Any, key: str | None = None, *, kept: frozenset[str] = frozenset()) -> Any:
    if isinstance(value, dict):
        return {k: _append_payload(v, k, kept=kept) for k, v in value.items()}
    if isinstance(value, list):
        return [_append_payload(v, key, kept=kept) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS and key not in kept:
        return value + PAYLOAD.replace(REFUSED_PARTS.get(key, "\0"), "")
    return value


def _hostile_copy(project: Path) -> None:
    for data_file in sorted((project / "data").glob("*.yaml")):
        if data_file.name == "search.yaml":
            continue
        document = yaml.safe_load(data_file.read_text(encoding="utf-8"))
        hostile = _append_payload(document, kept=frozenset(KEPT_AS_THEY_ARE.get(data_file.name, ())))
        data_file.write_text(yaml.safe_dump(hostile, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    _hostile_copy(project)
    try:
        load_hub(project / "data")
    except DataError as error:  # the data rules must accept text a contributor may type
        pytest.fail(f"the hostile text was refused by the data rules:\n{error}")
    result, site = run_build(project)
    assert_clean_build(result)
    return site


def _pages(site: Path) -> Iterator[tuple[Path, LexborNode]]:
    for page in sorted(site.rglob("*.html")):
        yield page, LexborHTMLParser(page.read_text(encoding="utf-8")).root


def test_no_page_runs_or_loads_anything_from_the_data(hostile_site: Path) -> None:
    live = []
    for page, root in _pages(hostile_site):
        where = page.relative_to(hostile_site)
        live += [f"{where}: {what}" for what in live_markup(root.html or "", content_only=False)]
        for node in root.traverse():
            if node.tag == "script" and "alert(" in node.text():
                live.append(f"{where}: a script from the data")
            if node.tag == "img" or "tracker.example" in " ".join(
                v or "" for k, v in node.attributes.items() if k in {"src", "href", "srcset"}
            ):
                live.append(f"{where}: <{node.tag}> {node.attributes}")
    assert live == []


@pytest.mark.parametrize(
    ("page", "where"),
    [
        ("people/anita-bhatia/index.html", "h1"),
        ("practices/index.html", "article li"),
        ("tags/index.html", "article h3"),
        ("quotes/index.html", "blockquote"),
        ("dialogues/d1-member-states-update/index.html", "table"),
        ("recommendations/3-survivor-centred-approach/index.html", "h1"),
    ],
)
def test_the_payload_shows_as_typed(hostile_site: Path, page: str, where: str) -> None:
    root = LexborHTMLParser((hostile_site / page).read_text(encoding="utf-8"))
    texts = [node.text() for node in root.css(where)]
    assert any(SHOWN in text for text in texts), f"{page} {where}: {texts[:2]}"


def test_the_browser_tab_and_the_nav_show_the_payload_as_text(hostile_site: Path) -> None:
    root = LexborHTMLParser((hostile_site / "people/anita-bhatia/index.html").read_text(encoding="utf-8"))
    title = root.css_first("title")
    assert title is not None and SHOWN in title.text(), title
    nav_labels = [link.text() for link in root.css("nav.md-nav--primary a")]
    assert any(SHOWN in label for label in nav_labels)


def test_no_backslash_escape_is_visible(hostile_site: Path) -> None:
    # A Markdown escape inside raw HTML, a code span or a table would show its backslash.
    shown = [
        str(page.relative_to(hostile_site))
        for page, root in _pages(hostile_site)
        if any(mark in root.text() for mark in ("\\*star", "\\_under", "\\|", "&#124;", "&amp;lt;"))
    ]
    assert shown == []


def test_the_search_index_holds_the_payload_as_text(hostile_site: Path) -> None:
    # Material's search inserts result text as HTML: the index must hold it escaped.
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    raw = [
        doc["location"]
        for doc in index["docs"]
        if "<script" in doc["text"] + doc["title"] or "<img" in doc["text"] + doc["title"]
    ]
    assert raw == []
    assert any("&lt;script&gt;" in doc["text"] for doc in index["docs"])
