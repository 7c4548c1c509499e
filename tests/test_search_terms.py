"""Spelling variants reach the search index: the pure functions and the real built index."""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from knowledge_hub.search_terms import expand_search_index, missing_variants

GROUPS = [["behaviour", "behavior"], ["helpline", "hotline"], ["centred", "centered"]]


def test_missing_variants_lists_only_what_the_text_lacks() -> None:
    assert missing_variants("Inappropriate behaviour online.", GROUPS) == ["behavior"]
    assert missing_variants("behaviour and behavior", GROUPS) == []
    assert missing_variants("Nothing relevant here.", GROUPS) == []


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
