"""Spelling variants reach the search index: the pure functions and the real built index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_data import ROOT, copy_data, replace_once
from selectolax.lexbor import LexborHTMLParser

from knowledge_hub.faults import DataError, Fault
from knowledge_hub.loader import load_hub
from knowledge_hub.pipeline import check_hub
from knowledge_hub.site_check import page_words
from knowledge_hub.variants import expand_search_index, missing_variants

GROUPS = [["behaviour", "behavior"], ["helpline", "hotline"], ["centred", "centered"]]


def test_missing_variants_lists_only_what_the_text_lacks() -> None:
    assert missing_variants("Inappropriate behaviour online.", GROUPS) == ["behavior"]
    assert missing_variants("behaviour and behavior", GROUPS) == []
    assert missing_variants("Nothing relevant here.", GROUPS) == []


@pytest.mark.parametrize("text", ["BEHAVIOUR", "Behav\u0131our", "behav\u0130our", "\u017fafeguarding", "\u212ait"])
def test_a_word_is_found_in_any_case_the_search_would_match(text: str) -> None:
    # Python's case-insensitive matching takes these four characters for ASCII letters; the quick
    # test that skips a group must not miss them.
    groups = [["behaviour", "behavior"], ["safeguarding", "safe-guarding"], ["kit", "toolkit"]]
    assert missing_variants(text, groups) == {"B": ["behavior"], "\u017f": ["safe-guarding"], "\u212a": ["toolkit"]}.get(
        text[0], ["behavior"]
    )


def test_words_inside_hyphenated_terms_count_but_not_inside_other_words() -> None:
    assert missing_variants("a victim/survivor-centred approach", GROUPS) == ["centered"]
    assert missing_variants("misbehaviours", GROUPS) == []


def test_link_targets_are_not_read_as_page_words() -> None:
    assert missing_variants("[the guide](https://example.org/helpline-behaviour)", GROUPS) == []


def test_expand_search_index_adds_variants_to_the_section_that_has_the_word() -> None:
    index = {
        "docs": [
            {"location": "a/", "title": "A", "text": "Call the helpline."},
            {"location": "b/", "title": "B", "text": "Unrelated."},
        ]
    }
    assert expand_search_index(index, GROUPS) == 1
    assert index["docs"][0]["text"].endswith("hotline")
    assert index["docs"][1]["text"] == "Unrelated."


HOSTILE_GROUPS = [
    ["zebrafish", "<img src=x onerror=alert(1)>", 'say "fish"', "<b>bold</b>"],
    ["Q&A", "questions & answers"],
]
"""Variant words a pull request may put in data/search.yaml: markup, ampersands, quotes."""


def test_variants_go_into_the_index_as_text_and_are_matched_as_the_reader_sees_the_page() -> None:
    index = {
        "docs": [
            {"location": "a/", "title": "Fish", "text": "<p>A zebrafish.</p>"},
            {"location": "b/", "title": "B", "text": "<p>Read the Q&amp;A &lt;b&gt;first&lt;/b&gt;.</p>"},
        ]
    }
    assert expand_search_index(index, HOSTILE_GROUPS) == 2
    shown = []
    for doc in index["docs"]:
        body = LexborHTMLParser(f"<body>{doc['text']}</body>").body
        assert body is not None
        assert [node.tag for node in body.traverse(include_text=False)][1:] == ["p"], doc["text"]
        shown.append(body.text())
    assert shown == [
        f"A zebrafish. {' '.join(HOSTILE_GROUPS[0][1:])}",
        "Read the Q&A <b>first</b>. questions & answers",
    ]


def test_built_index_has_the_variants_of_each_section(built_site, hub) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    checked = 0
    for doc in docs:
        for words in hub.search_variants:
            text = f"{doc['title']} {doc['text']}".lower()
            if words[0].lower() in text.split():
                checked += 1
                assert all(w.lower() in text for w in words), (
                    f"{doc['location']}: has {words[0]!r} but lacks a variant of {words}"
                )
    assert checked > 0, "no section of the index holds any word of data/search.yaml"


# --- data/search.yaml's everyday words and acronyms are checked against the pages ---------------


def _search_faults(data_dir: Path) -> list[Fault]:
    with pytest.raises(DataError) as raised:
        check_hub(data_dir, docs_dir=ROOT / "docs")
    return [fault for fault in raised.value.faults if fault.file == "data/search.yaml"]


def test_page_words_are_what_a_reader_reads() -> None:
    markdown = 'A [Supervisor\'s guide](../people/x.md "title") <span class="hub-note">Hub</span> note, co-workers.'
    assert page_words(markdown) == ("a", "supervisor", "s", "guide", "hub", "note", "co", "workers")


def test_an_everyday_word_meaning_a_word_no_page_uses_is_located(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    hub = load_hub(data_dir)
    assert hub.search is not None and hub.search.everyday, "data/search.yaml has no everyday words: the test would prove nothing"
    first = hub.search.everyday[0]
    written = f"means: [{', '.join(first.means)}]"
    line = replace_once(data_dir / "search.yaml", written, f"means: [{first.means[0]}, zqxwvk]")
    (fault,) = _search_faults(data_dir)
    assert (fault.line, fault.field) == (line, "everyday[0].means[1]")
    assert "no page uses a word that starts with 'zqxwvk'" in fault.message


def test_the_start_of_a_page_word_is_enough_for_an_everyday_meaning(tmp_path: Path) -> None:
    # The search matches a word at its start: "supervis" finds "supervisors".
    data_dir = copy_data(tmp_path)
    hub = load_hub(data_dir)
    assert hub.search is not None
    first = hub.search.everyday[0]
    replace_once(data_dir / "search.yaml", f"means: [{', '.join(first.means)}]", f"means: [{first.means[0][:-2]}]")
    assert check_hub(data_dir, docs_dir=ROOT / "docs").hub


def test_an_acronym_of_the_hubs_own_must_lead_to_a_name_the_pages_use(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    search_file = data_dir / "search.yaml"
    hub = load_hub(data_dir)
    assert hub.search is not None
    added = len(hub.search.variants)
    line = replace_once(
        search_file,
        "\n\n# Small words",
        "\n  - words: [ZQXV, Zebra Quagga Xylophone Vole]\n  - words: [UN, Zebra Quagga Xylophone Vole]\n\n# Small words",
    )
    (fault,) = _search_faults(data_dir)
    # The first group's acronym is on no page, so its name must be; the second's ("UN") is the pages' own.
    assert (fault.line, fault.field) == (line + 1, f"variants[{added}].words[1]")
    assert "no page says 'Zebra Quagga Xylophone Vole'" in fault.message


def test_each_long_form_of_the_hubs_acronyms_is_on_the_pages() -> None:
    checked = check_hub(ROOT / "data", docs_dir=ROOT / "docs")
    text = " ".join(" ".join(page_words(page)) for page in checked.pages.values())
    search = checked.hub.search
    assert search is not None
    hub_acronyms = [g.words for g in search.variants if any(w.isupper() and f" {w.lower()} " not in f" {text} " for w in g.words)]
    assert hub_acronyms, "no acronym of data/search.yaml is the hub's own: the test would prove nothing"
    for words in hub_acronyms:
        for form in (w for w in words if " " in w):
            assert " ".join(page_words(form)) in text, f"{words}: no page says {form!r}"
