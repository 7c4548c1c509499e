"""Pagefind takes over the search of a hub too large for lunr, from the same documents; offline keeps lunr."""

from __future__ import annotations

import json
import random

import pytest
from selectolax.lexbor import LexborHTMLParser
from site_build import ROOT

from knowledge_hub import node_packages
from knowledge_hub.models import SearchFile
from knowledge_hub.search_index import BOOST_FIELD, SEARCH_TERMS_FILE, add_boosts, add_search_terms
from knowledge_hub.search_pagefind import (
    LUNR_BUDGET_GZIP,
    OUTPUT_FOLDER,
    choose_engine,
    pagefind_command,
    pagefind_records,
    record_page,
)
from knowledge_hub.search_terms import expand_search_index


def test_auto_takes_pagefind_only_past_the_lunr_budget() -> None:
    small = b'{"docs": []}'
    large = random.Random(0).randbytes(LUNR_BUDGET_GZIP + 1000)  # does not compress
    assert choose_engine(small, offline=False) == "lunr"
    assert choose_engine(large, offline=False) == "pagefind"
    assert choose_engine(large, offline=True) == "lunr"
    assert choose_engine(small, offline=False, requested="pagefind") == "pagefind"
    assert choose_engine(small, offline=True, requested="pagefind") == "lunr"
    with pytest.raises(ValueError, match="HUB_SEARCH='fast': use one of auto, lunr, pagefind"):
        choose_engine(small, offline=False, requested="fast")


def test_records_are_the_index_documents_in_plain_text_with_their_page() -> None:
    index = {
        "docs": [
            {
                "location": "practices/speak-up-helpline/",
                "title": "Helpline (Speak-Up)",
                "text": "<p>Support &amp; reporting.</p>",
                BOOST_FIELD: "help report",
            },
            {"location": "practices/speak-up-helpline/#who", "title": "Who", "text": "<ul> <li>UN Secretariat</li> </ul>"},
        ]
    }
    first, second = pagefind_records(index)
    assert first == {
        "url": "practices/speak-up-helpline/",
        "content": "Helpline (Speak-Up) Support & reporting. help report",
        "language": "en",
        "meta": {"title": "Helpline (Speak-Up)", "page": "practices/speak-up-helpline/", "page_title": "Helpline (Speak-Up)"},
    }
    assert second["url"] == "practices/speak-up-helpline/#who"
    assert second["meta"] == {"title": "Who", "page": "practices/speak-up-helpline/", "page_title": "Helpline (Speak-Up)"}


def test_a_record_page_carries_its_address_and_titles_as_text_never_as_markup() -> None:
    hostile = '"><script>alert(1)</script>'
    record = {
        "url": "practices/x/#who",
        "content": f"Body {hostile}",
        "language": "en",
        "meta": {"title": f"T {hostile}", "page": "practices/x/", "page_title": "P & Q"},
    }
    page = LexborHTMLParser(record_page(record))
    assert page.css("script") == []
    meta = {node.attributes["data-pagefind-meta"]: node.text() for node in page.css("[data-pagefind-meta]")}
    assert meta == {"title": f"T {hostile}", "page": "practices/x/", "page_title": "P & Q", "location": "practices/x/#who"}
    body = page.css_first("[data-pagefind-body]")
    assert body is not None and body.text() == f"Body {hostile}"


def test_records_hold_the_datas_words_as_typed_once() -> None:
    # The index holds HTML (Material's escapes, the hub's added words escaped the same way); a
    # record holds what a reader sees, which record_page escapes once more for Pagefind's command.
    terms = ["zebrafish <img src=x onerror=alert(1)>", 'Q&A say "quoted" <b>bold</b>']
    variant = "okapi <i>&amp;</i>"
    boost = "help & <u>now</u>"
    index = {
        "docs": [
            {"location": "a/", "title": "Tom &amp; Jerry &lt;3", "text": "<p>Cats &amp; mice.</p>"},
            {"location": "a/#why", "title": "Why &quot;this&quot;", "text": "<p>Because.</p>"},
        ]
    }
    add_search_terms(index, {"a/": terms})
    expand_search_index(index, [["zebrafish", variant]])
    add_boosts(index, SearchFile(variants=[], boosts=[{"page": "a/", "words": [boost]}]))
    first, second = pagefind_records(index)
    assert first["content"] == " ".join(["Tom & Jerry <3", "Cats & mice.", *terms, variant, boost])
    assert first["meta"] == {"title": "Tom & Jerry <3", "page": "a/", "page_title": "Tom & Jerry <3"}
    assert second["meta"] == {"title": 'Why "this"', "page": "a/", "page_title": "Tom & Jerry <3"}
    page = LexborHTMLParser(record_page(first))
    body = page.css_first("[data-pagefind-body]")
    assert body is not None and body.text() == first["content"]
    assert [node.tag for node in body.traverse(include_text=False)] == ["main"]


def _terms(site):
    script = (site / "search" / SEARCH_TERMS_FILE).read_text(encoding="utf-8")
    return json.loads(script.partition(" = ")[2].rstrip().removesuffix(";"))


def test_the_real_hub_is_searched_with_lunr(built_site) -> None:
    assert _terms(built_site)["engine"] == "lunr"
    assert not (built_site / OUTPUT_FOLDER).exists()
    assert json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_pagefind_build_writes_its_index_and_leaves_lunr_an_empty_one(build_project, tmp_path) -> None:
    result, site = build_project(tmp_path, env={"HUB_SEARCH": "pagefind"})
    build_project.assert_clean(result)
    assert _terms(site)["engine"] == "pagefind"
    assert (site / OUTPUT_FOLDER / "pagefind.js").is_file()
    assert list((site / OUTPUT_FOLDER / "fragment").iterdir()), "Pagefind wrote no record"
    # Written by the Pagefind package.json pins (npm's), not by some other copy on the machine.
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["pagefind"]
    assert json.loads((site / OUTPUT_FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))["version"] == pinned
    assert json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []


def test_the_offline_copy_keeps_lunr_whatever_is_asked(build_project, tmp_path) -> None:
    result, site = build_project(tmp_path, env={"HUB_SEARCH": "pagefind", "HUB_OFFLINE": "true"})
    build_project.assert_clean(result)
    assert _terms(site)["engine"] == "lunr"
    assert not (site / OUTPUT_FOLDER).exists()
    assert "var __index = " in (site / "search" / "search_index.js").read_text(encoding="utf-8")


def test_a_missing_pagefind_says_how_to_install_it(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(node_packages, "PACKAGE_ROOT", tmp_path)
    with pytest.raises(RuntimeError, match=r"node_modules/\.bin/pagefind is missing: run `npm ci`"):
        pagefind_command(tmp_path)
