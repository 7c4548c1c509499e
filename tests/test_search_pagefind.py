"""Pagefind takes over the search of a hub too large for lunr, from the same documents; offline keeps lunr."""

from __future__ import annotations

import dataclasses
import html
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from site_build import REPOSITORY, ROOT

from knowledge_hub import node_packages
from knowledge_hub.hub import Hub
from knowledge_hub.models import SearchFile
from knowledge_hub.search import INDEX_FILE, finish, prepare_index
from knowledge_hub.search_index import BOOST_FIELD, BROWSER_WORDS_FILE, add_boosts, add_search_terms
from knowledge_hub.search_pagefind import (
    LUNR_BUDGET_GZIP,
    OUTPUT_FOLDER,
    choose_engine,
    pagefind_command,
    pagefind_records,
    record_page,
)
from knowledge_hub.variants import expand_search_index


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
    script = (site / "search" / BROWSER_WORDS_FILE).read_text(encoding="utf-8")
    return json.loads(script.partition(" = ")[2].rstrip().removesuffix(";"))


def test_the_real_hub_is_searched_with_lunr(built_site) -> None:
    assert _terms(built_site)["engine"] == "lunr"
    assert not (built_site / OUTPUT_FOLDER).exists()
    assert json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.slow  # a full build; finish() is tested without one below
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


@pytest.mark.slow  # a full build; finish() is tested without one below
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


# --- knowledge_hub.search.finish: what the hook and the benchmark call after MkDocs has built ---

CONFIG = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]}

TYPED_TITLE = 'Q&A <3 "quoted"'
TYPED_TEXT = 'zebrafish Tom & "Jerry" <b>bold</b> &lt;i&gt; it\'s written out'
"""Text as the data has it: an ampersand, markup, quotes and an entity written out, each to be shown as typed."""


def _site(tmp_path: Path) -> Path:
    """A built site's search index as Material's search plugin writes it (text HTML-escaped)."""
    site = tmp_path / "site"
    (site / INDEX_FILE).parent.mkdir(parents=True)
    docs = [
        {
            "location": "a/",
            "title": html.escape(TYPED_TITLE, quote=False),
            "text": f"<p>{html.escape(TYPED_TEXT, quote=False)}</p>",
        },
        {"location": "a/#why", "title": "Why", "text": "<p>Because.</p>"},
    ]
    (site / INDEX_FILE).write_text(json.dumps({"config": CONFIG, "docs": docs}), encoding="utf-8")
    return site


def _plain_hub(hub: Hub) -> Hub:
    """The real hub without search words of its own, so a record holds the index's words only."""
    return dataclasses.replace(hub, search=SearchFile(variants=[]), search_variants=[])


def test_finish_with_pagefind_writes_its_index_the_words_file_and_an_empty_lunr_index(hub: Hub, tmp_path: Path) -> None:
    site = _site(tmp_path)
    written = finish(site, _plain_hub(hub), engine="pagefind")
    assert sorted(written) == sorted([site / OUTPUT_FOLDER, site / INDEX_FILE, site / "search" / BROWSER_WORDS_FILE])
    assert (site / OUTPUT_FOLDER / "pagefind.js").is_file()
    assert json.loads((site / INDEX_FILE).read_text(encoding="utf-8")) == {"config": CONFIG, "docs": []}
    assert _terms(site)["engine"] == "pagefind"
    assert "zebrafish" in _terms(site)["words"]


def test_finish_keeps_lunr_for_a_small_hub_and_offline(hub: Hub, tmp_path: Path) -> None:
    for engine, offline in (("auto", False), ("lunr", False), ("pagefind", True)):
        site = _site(tmp_path / f"{engine}-{offline}")
        expected = prepare_index(json.loads((site / INDEX_FILE).read_text(encoding="utf-8")), hub)
        written = finish(site, hub, engine=engine, offline=offline)
        assert written == [site / INDEX_FILE, site / "search" / BROWSER_WORDS_FILE]
        assert not (site / OUTPUT_FOLDER).exists()
        assert json.loads((site / INDEX_FILE).read_text(encoding="utf-8")) == expected
        assert _terms(site)["engine"] == "lunr"


def test_finish_refuses_an_unknown_engine_before_writing_anything(hub: Hub, tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = (site / INDEX_FILE).read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="HUB_SEARCH='fast'"):
        finish(site, hub, engine="fast")
    assert (site / INDEX_FILE).read_text(encoding="utf-8") == before
    assert not (site / "search" / BROWSER_WORDS_FILE).exists()


def _search_as_the_box_shows(site: Path, query: str) -> list[dict[str, str]]:
    """Pagefind's own script searching ``site``, each result as docs/javascripts/hub-query.js gives it to Material."""
    node = shutil.which("node")
    assert node, "Node.js is needed (it runs Pagefind and the search box's script)"
    done = subprocess.run(
        [node, str(REPOSITORY / "tests" / "js" / "pagefind-search.mjs"), str(site), query],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_a_pagefind_result_shows_ampersands_angle_brackets_and_quotes_escaped_exactly_once(hub: Hub, tmp_path: Path) -> None:
    site = _site(tmp_path)
    finish(site, _plain_hub(hub), engine="pagefind")
    (result,) = [shown for shown in _search_as_the_box_shows(site, "zebrafish") if shown["location"] == "a/"]
    # Material inserts a result's title and text as HTML: read once, they are the data's text as typed.
    title = LexborHTMLParser(f"<p>{result['title']}</p>").css_first("p")
    assert title is not None and title.text() == TYPED_TITLE
    assert [node.tag for node in title.traverse(include_text=False)] == ["p"]
    text = LexborHTMLParser(f"<p>{result['text']}</p>").css_first("p")
    assert text is not None and text.text() == f"{TYPED_TITLE} {TYPED_TEXT}"
    assert [(node.tag, node.text()) for node in text.traverse(include_text=False)] == [("p", text.text()), ("mark", "zebrafish")]
