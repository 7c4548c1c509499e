"""The search index holds each thing once, boosts what data/search.yaml asks, and feeds the search box.

Pure functions on small indexes first, then the real built index (``search/search_index.json``)
and the words file the search box loads (``search/hub-words.js``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from knowledge_hub.models import SearchFile
from knowledge_hub.search_index import (
    BOOST_FIELD,
    BROWSER_WORDS_FILE,
    acronym_phrases,
    add_boosts,
    add_search_terms,
    browser_words,
    browser_words_script,
    index_words,
    page_address,
    paragraphs_outside_lists,
    plain_text,
    tidy_search_index,
)


def _doc(location: str, text: str = "<p>Words.</p>", title: str = "T") -> dict:
    return {"location": location, "title": title, "text": text}


def _locations(index: dict) -> list[str]:
    return [doc["location"] for doc in index["docs"]]


def test_citations_and_cross_reference_sections_are_left_out() -> None:
    index = {
        "docs": [
            _doc("practices/gender-pledge/"),
            _doc("practices/gender-pledge/#who"),
            _doc("practices/gender-pledge/#recommendations", "<ul> <li>2. Demonstrate leadership</li> </ul>"),
            _doc("practices/gender-pledge/#cite-this", "<p>UN Women (2021).</p>"),
            _doc("people/richard-arbeiter/#dialogues"),
            _doc("people/richard-arbeiter/#quotes"),
            _doc("about/#cite-this"),
        ]
    }
    assert tidy_search_index(index) == 4
    assert _locations(index) == ["practices/gender-pledge/", "practices/gender-pledge/#who", "people/richard-arbeiter/#quotes"]


def test_overview_pages_keep_their_introduction_without_the_lists() -> None:
    index = {
        "docs": [
            _doc("practices/", "<p>Practices the publication describes.</p> <ul> <li>Gender pledge</li> </ul>", "Good practices"),
            _doc("tags/#leadership", "<ul> <li>Gender pledge</li> </ul>"),
            _doc("quotes/#d1-member-states-update", "<p>A quote said again.</p>"),
        ]
    }
    tidy_search_index(index)
    assert index["docs"] == [_doc("practices/", "<p>Practices the publication describes.</p>", "Good practices")]


def test_an_overview_page_leaves_out_a_nested_list_whole() -> None:
    # A paragraph inside an item after a nested list is still the list's: the list ends at its own </ul>.
    text = (
        "<p>Practices the publication describes.</p> <ul> <li><p>Gender pledge</p> <ul> <li>Leadership</li> </ul>"
        " <p>Also under Gender pledge</p></li> </ul> <p>Pick one to read more.</p>"
    )
    index = {"docs": [_doc("practices/", text, "Good practices")]}
    tidy_search_index(index)
    assert index["docs"][0]["text"] == "<p>Practices the publication describes.</p> <p>Pick one to read more.</p>"


def test_paragraphs_outside_lists_are_cut_out_as_written_across_lines() -> None:
    markup = "<p>Intro &amp; more.</p>\n<ol>\n<li>One</li>\n</ol>\n<p>Outro\nover two lines.</p >"
    assert paragraphs_outside_lists(markup) == ["<p>Intro &amp; more.</p>", "<p>Outro\nover two lines.</p >"]


def test_each_resource_is_a_result_of_its_own() -> None:
    index = {
        "docs": [
            _doc("resources/", "<p>Every resource.</p>", "Resources"),
            _doc("resources/#ceb-task-force", "", "CEB Task Force resources"),
            _doc("resources/#model-policy", "<p>UN System Model Policy.</p>", "UN System Model Policy"),
        ]
    }
    tidy_search_index(index)
    # Material groups results by what comes before '#': a distinct address per entry, without '#'.
    assert _locations(index) == ["resources/", "resources/?entry=model-policy"]
    assert index["docs"][1]["boost"] < 1


def test_boost_words_go_into_their_own_heavy_field_of_the_page_itself() -> None:
    index = {
        "config": {"fields": {"title": {"boost": 1000}}},
        "docs": [_doc("practices/speak-up-helpline/"), _doc("practices/speak-up-helpline/#who")],
    }
    search = SearchFile(
        variants=[],
        boosts=[{"page": "practices/speak-up-helpline/", "words": ["help", "report"]}, {"page": "help/", "words": ["help"]}],
    )
    assert add_boosts(index, search) == ["help/"]
    assert index["docs"][0][BOOST_FIELD] == "help report"
    assert BOOST_FIELD not in index["docs"][1]
    assert index["config"]["fields"][BOOST_FIELD]["boost"] > index["config"]["fields"]["title"]["boost"]


def test_index_words_count_documents_not_occurrences_and_drop_markup() -> None:
    index = {
        "config": {"separator": r"[\s\-]+"},
        "docs": [
            _doc("a/", "<p>Harassment, harassment “harassment”.</p>", "Speak-Up"),
            _doc("b/", "<p>Harassment at 24 hours.</p>"),
        ],
    }
    words = index_words(index)
    assert words["harassment"] == 2
    assert words["speak"] == 1 and words["up"] == 1
    assert "24" not in words and "p" not in words


def test_acronym_phrases_pair_short_forms_with_phrases_only() -> None:
    groups = [
        ["CSW", "Commission on the Status of Women"],
        ["behaviour", "behavior"],
        ["online sexual harassment", "cyber harassment"],
    ]
    assert acronym_phrases(groups) == [["CSW", "Commission on the Status of Women"]]


def test_words_script_defines_one_global_with_json() -> None:
    script = browser_words_script({"words": {"harassment": 2}, "stopWords": ["to"], "phrases": []})
    name, _, value = script.partition(" = ")
    assert name == "window.hubWords"
    assert json.loads(value.rstrip().removesuffix(";")) == {"words": {"harassment": 2}, "stopWords": ["to"], "phrases": []}


# --- data text is text in the index -------------------------------------------------------------

HOSTILE_WORDS = ["zebrafish", "<img src=x onerror=alert(1)>", "Q&A", 'say "quoted"', "<b>bold</b>"]
"""Words a pull request may put in data/: markup, an ampersand, quotes."""


def _markup_of(field: str) -> tuple[list[str], str]:
    """An index field's HTML as Material renders it: the tags of its elements, and the text a reader sees."""
    body = LexborHTMLParser(f"<body>{field}</body>").body
    assert body is not None
    return [node.tag for node in body.traverse(include_text=False)][1:], body.text()


def test_a_pages_search_terms_are_text_in_its_first_document() -> None:
    page = "recommendations/1-x/"
    index = {"docs": [_doc(page, "<p>Words &amp; more.</p>"), _doc(f"{page}#why", "<p>Why.</p>")]}
    add_search_terms(index, {page: HOSTILE_WORDS})
    tags, shown = _markup_of(index["docs"][0]["text"])
    assert tags == ["p"], f"the search terms became elements: {tags}"
    assert shown == f"Words & more. {' '.join(HOSTILE_WORDS)}"
    assert index["docs"][1]["text"] == "<p>Why.</p>"


def test_boost_words_are_text_in_the_index() -> None:
    index = {"docs": [_doc("help/")]}
    add_boosts(index, SearchFile(variants=[], boosts=[{"page": "help/", "words": HOSTILE_WORDS}]))
    tags, shown = _markup_of(index["docs"][0][BOOST_FIELD])
    assert tags == [] and shown == " ".join(HOSTILE_WORDS)


MATERIAL_SEPARATOR = r"[\s\-,:!=\[\]()\"/]+|\.(?!\d)|&[lg]t;|&amp;"
"""mkdocs.yml's search separator: it takes the escapes Material writes for "&", "<" and ">" for spaces."""


def test_index_words_are_the_words_as_typed_not_their_escapes() -> None:
    def words_of(separator: str | None) -> set[str]:
        index = {"config": {"separator": separator}, "docs": [_doc("a/", "<p>Tom &amp; Jerry.</p>", title="T")]}
        add_search_terms(index, {"a/": HOSTILE_WORDS})
        add_boosts(index, SearchFile(variants=[], boosts=[{"page": "a/", "words": ["<i>okapi</i>"]}]))
        return set(index_words(index))

    typed = " ".join(["T", "Tom & Jerry.", *HOSTILE_WORDS, "<i>okapi</i>"])
    # Split on spaces (the default separator), without edge punctuation, as a reader would type each.
    expected = {re.sub(r"^\W+|\W+$", "", token.lower()) for token in re.split(r"[\s\-]+", typed)}
    assert words_of(None) == {w for w in expected if len(w) >= 2}
    with_material_separator = words_of(MATERIAL_SEPARATOR)
    assert {"zebrafish", "img", "quoted", "bold", "okapi", "tom", "jerry"} <= with_material_separator
    assert not {"amp", "lt", "gt"} & with_material_separator, sorted(with_material_separator)


def test_the_search_box_gets_plain_titles_and_words_as_typed() -> None:
    # A title is HTML in the index; the search box script escapes it where it shows one.
    index = {"docs": [_doc("help/", title="Help &amp; &lt;b&gt;support&lt;/b&gt;")]}
    search = SearchFile(
        variants=[{"words": ["CSW", "Commission <b>on</b> the Status"]}],
        stop_words=["<img src=x onerror=alert(1)>", "&"],
        boosts=[{"page": "help/", "words": HOSTILE_WORDS}],
    )
    words = browser_words(index, search)
    assert words["boosts"] == [{"page": "help/", "words": HOSTILE_WORDS, "title": "Help & <b>support</b>"}]
    assert words["stopWords"] == sorted(["<img src=x onerror=alert(1)>", "&"])
    assert words["phrases"] == [["CSW", "Commission <b>on</b> the Status"]]


def test_the_search_box_gets_the_everyday_words_distress_words_and_common_words() -> None:
    search = SearchFile(
        variants=[],
        everyday=[
            {"words": ["Boss", "bosses"], "means": ["supervisor", "Manager"]},
            {"words": ["boss"], "means": ["manager", "head"]},
        ],
        distress=["Scared", "afraid"],
        common_words=["happens", "Contract"],
    )
    words = browser_words({"docs": [_doc("a/")]}, search)
    # Lower case, as the box compares them; a word in two groups means the words of both, once each.
    assert words["everyday"] == {"boss": ["supervisor", "manager", "head"], "bosses": ["supervisor", "manager"]}
    assert words["distress"] == ["afraid", "scared"]
    assert words["commonWords"] == ["contract", "happens"]


def test_the_help_line_links_to_the_help_page_as_the_build_writes_it() -> None:
    search = SearchFile(variants=[])
    served = {"docs": [_doc("about/"), _doc("help/#who"), _doc("help/")]}
    offline = {"docs": [_doc("help.html#who"), _doc("help.html")]}
    assert browser_words(served, search)["help"] == "help/"
    assert browser_words(offline, search)["help"] == "help.html"
    assert browser_words({"docs": [_doc("about/")]}, search)["help"] is None


def test_no_data_text_can_end_the_words_script() -> None:
    tricky = ['"; alert(1); "', "back\\slash\\", "</script><script>alert(1)</script>", "line\u2028break\u2029", "<!--", "-->"]
    words = {"words": {"harassment": 2}, "stopWords": tricky, "phrases": [tricky]}
    script = browser_words_script(words)
    name, _, value = script.partition(" = ")
    assert name == "window.hubWords" and script.endswith(";\n")
    assert json.loads(value.rstrip().removesuffix(";")) == words
    # Inside a page or not, nothing of it reads as the end of a script or of a line.
    assert not {"<", ">", "\u2028", "\u2029"} & set(script), script


# --- the real built index ------------------------------------------------------------------------


def _index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_no_cite_this_block_is_in_the_built_index(built_site, parse_html) -> None:
    cited = []
    for page in sorted(built_site.rglob("index.html")):
        for block in parse_html(page).css("div.hub-cite"):
            cited += [" ".join(p.text().split()) for p in block.css(".hub-cite__line")]
    assert cited, "no page shows a Cite-this block: the test would prove nothing"
    docs = _index(built_site)
    index_text = " ".join(plain_text(f"{doc['title']} {doc['text']}") for doc in docs)
    leaked = sorted({line for line in cited if line in index_text})
    assert not leaked, f"citations in search_index.json: {leaked[:3]}"
    assert not [doc["location"] for doc in docs if doc["title"] == "Cite this"]


LISTS = (
    "quotes/",
    "tags/",
    "practices/#",
    "people/#",
    "dialogues/#",
    "recommendations/#",
    "#practices",
    "#dialogues",
    "#recommendations",
)
"""Where a list would repeat what has a page of its own: overview pages' sections, cross-reference sections."""


def test_no_list_is_repeated_in_the_built_index(built_site, hub) -> None:
    docs = _index(built_site)
    texts = [plain_text(doc["text"]) for doc in docs]

    def holders(words: str) -> list[str]:
        return [doc["location"] for doc, text in zip(docs, texts, strict=True) if words in text]

    # A practice is found on its own page; a quote where it was said; neither again in a
    # catalogue, a tag list, the quotes pages or another page's list of links.
    for practice in hub.practices:
        found = holders(" ".join(practice.description.split()[:12]))
        assert f"practices/{practice.id}/" in found, f"{practice.id}: its own page does not index its description"
        repeated = [location for location in found if location.startswith(LISTS) or location.endswith(LISTS)]
        assert not repeated, f"{practice.id}: its description is repeated in the index at {repeated}"
    for record in hub.quotes.values():
        found = holders(" ".join(record.quote.text.split()[:10]))
        repeated = [location for location in found if location.startswith(LISTS) or location.endswith(LISTS)]
        assert found and not repeated, f"{record.quote.id}: indexed at {found}"
    titles = [p.name for p in hub.practices] + [f"{p.honorific} {p.name}" for p in hub.people.values()]
    # (The dialogues' overview is the publication's own prose, which names its speakers.)
    overviews = [doc for doc in docs if doc["location"] in {"", "practices/", "people/", "recommendations/"}]
    listed = [(doc["location"], t) for doc in overviews for t in titles if t in plain_text(doc["text"])]
    assert len(listed) < 3, f"overview pages list items that have pages of their own: {listed[:5]}"


def test_tag_chips_are_not_indexed_as_a_pages_words(built_site, hub) -> None:
    practice = next(p for p in hub.practices if p.tags)
    first = next(doc for doc in _index(built_site) if doc["location"] == f"practices/{practice.id}/")
    chips = " ".join(hub.tags[t].label for t in practice.tags)
    assert chips not in plain_text(first["text"]), f"{practice.id}: its tag chips ({chips}) are in its search text"


def test_built_index_boosts_the_pages_data_search_yaml_names(built_site, hub) -> None:
    docs = {doc["location"]: doc for doc in _index(built_site)}
    assert hub.search is not None and hub.search.boosts
    for boost in hub.search.boosts:
        assert docs[boost.page][BOOST_FIELD].split() == boost.words


def test_search_box_words_file_is_written_beside_the_index(built_site, hub) -> None:
    script = (built_site / "search" / BROWSER_WORDS_FILE).read_text(encoding="utf-8")
    words = json.loads(script.partition(" = ")[2].rstrip().removesuffix(";"))
    assert {"harassment", "connors", "kochhar", "intersectionality"} <= set(words["words"])
    assert set(words["stopWords"]) == {w.lower() for w in hub.search.stop_words}
    assert ["CSW", "Commission on the Status of Women"] in words["phrases"]
    assert words["help"] == "help/"
    assert set(words["commonWords"]) == {w.lower() for w in hub.search.common_words}
    assert set(words["distress"]) == {w.lower() for w in hub.search.distress}


def test_a_boost_to_a_missing_page_stops_the_build_naming_the_line_to_fix(build_project, tmp_path) -> None:
    def edit(project: Path) -> None:
        path = project / "data" / "search.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("- page: help/", "- page: where-to-get-help/"),
            encoding="utf-8",
        )

    result, site = build_project(tmp_path, edit)
    assert result.returncode != 0
    assert re.search(r"data/search\.yaml:\d+: boosts\[0\]\.page: the site has no page 'where-to-get-help/'", result.stderr), (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (site / "search" / "search_index.json").exists()


def test_offline_urls_name_the_same_pages() -> None:
    assert [
        page_address(u)
        for u in ("index.html", "practices/index.html", "pi-4-2.html", "practices/gender-pledge.html", "pi-4-2/", "")
    ] == [
        "",
        "practices/",
        "pi-4-2/",
        "practices/gender-pledge/",
        "pi-4-2/",
        "",
    ]
    index = {
        "docs": [
            _doc("practices/index.html", "<p>Intro.</p> <ul> <li>Gender pledge</li> </ul>"),
            _doc("practices/index.html#by-tag"),
            _doc("resources/index.html#model-policy"),
        ]
    }
    tidy_search_index(index)
    assert _locations(index) == ["practices/index.html", "resources/index.html?entry=model-policy"]
