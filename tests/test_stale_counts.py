"""The hub's own sentences never carry a count that the data has outgrown.

A number (a word such as "four" or digits) right before a data noun ("dialogues", "quotes",
"publication"...) in the hub's own text must be the data's count of it: "the four dialogues" is
stale the day a fifth dialogue is added. Text a page marks as the publication's (``.hub-verbatim``)
is the 2021 publication's own words and keeps its numbers. The scan reads every built page, the
page titles and descriptions, and the descriptions of every JSON Schema (``schema/`` and the open
data's ``hub.schema.json``). ``tests/test_growth.py`` runs the same scan on a grown copy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser
from site_build import ROOT

from knowledge_hub import paths
from knowledge_hub.hub import Hub

NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
NOUNS = {
    "dialogue": "dialogues",
    "dialogues": "dialogues",
    "recommendation": "recommendations",
    "recommendations": "recommendations",
    "quote": "quotes",
    "quotes": "quotes",
    "speaker": "speakers",
    "speakers": "speakers",
    "people": "people",
    "practice": "practices",
    "practices": "practices",
    "resource": "resources",
    "resources": "resources",
    "publication": "publications",
    "publications": "publications",
}
COUNT = re.compile(
    # A number, then at most two lower-case words ("four peer-to-peer learning dialogues"), then a noun.
    # A four-digit number from 1900 to 2099 is a year ("the 2021 publication"), not a count; a number
    # after "than" or "least" is a comparison ("more than one recommendation").
    r"(?<![\w-])(?<!than )(?<!least )(?!(?:19|20)\d\d\b)"
    rf"(?P<number>\d+|(?i:{'|'.join(NUMBER_WORDS)}))"
    r"(?:\s+[a-z][a-z-]*){0,2}?"
    rf"\s+(?P<noun>(?i:{'|'.join(sorted(NOUNS, key=len, reverse=True))}))\b"
)
VERBATIM = ".hub-verbatim"
"""The publication's own words (see tests/test_site_fidelity.py): their numbers are the 2021 publication's."""
PER_ITEM = ".hub-cards:not(.hub-sections)"
"""Cards of items: each counts what the hub links to its own item (a recommendation's quotes, a role's
practices). The home page's hand-written cards of sections (``.hub-sections``) are read."""
SKIPPED = f"{VERBATIM}, {PER_ITEM}, nav, script, style, template"
"""Not read: the publication's words, per-item counts, and the navigation (page titles, read on their pages)."""
BLOCKS = "title, h1, h2, h3, h4, h5, h6, p, li, dt, dd, td, th, caption, figcaption, summary"


@dataclass(frozen=True)
class Stale:
    where: str
    number: int
    noun: str
    expected: frozenset[int]
    sentence: str

    def __str__(self) -> str:
        counts = " or ".join(str(n) for n in sorted(self.expected))
        return f"{self.where}: says {self.number} {self.noun}, the data has {counts}: {self.sentence!r}"


def data_counts(hub: Hub) -> dict[str, int]:
    """How many of each data noun the hub holds."""
    speakers = {person for dialogue in hub.dialogues for person in dialogue.speakers}
    return {
        "dialogues": len(hub.dialogues),
        "recommendations": len(hub.recommendations),
        "quotes": len(hub.quotes),
        "speakers": len(speakers),
        "people": len(hub.people),
        "practices": len(hub.practices),
        "resources": len(hub.resources),
        "publications": len(hub.publication.sources),
    }


def page_counts(hub: Hub) -> dict[str, dict[str, int]]:
    """Counts that hold on one page only, by page address: a role page counts what is tagged for that role."""
    counts = {}
    for tag in hub.tags_of(hub.tags, kind="audience"):
        counts[paths.url(paths.audience(tag))] = {
            "recommendations": sum(tag.id in r.tags for r in hub.recommendations),
            "practices": sum(tag.id in p.tags for p in hub.practices),
            "resources": sum(tag.id in r.tags for r in hub.resources.values()),
        }
    return counts


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def stale_counts_in(text: str, where: str, totals: dict[str, int], local: dict[str, int] | None = None) -> Iterator[Stale]:
    """Every count in ``text`` that is not the data's count of its noun (nor, on its page, ``local``'s)."""
    text = " ".join(text.split())
    for match in COUNT.finditer(text):
        noun = NOUNS[match["noun"].lower()]
        expected = frozenset({totals[noun]} | ({local[noun]} if local and noun in local else set()))
        number = _number(match["number"])
        if number not in expected:
            start = text.rfind(". ", 0, match.start()) + 2 if ". " in text[: match.start()] else 0
            end = text.find(". ", match.end())
            yield Stale(where, number, match["noun"], expected, text[start : end + 1 if end >= 0 else len(text)])


def stale_counts_in_page(html: str, where: str, totals: dict[str, int], local: dict[str, int] | None = None) -> list[Stale]:
    """The stale counts of one built page: its blocks' text (the publication's words and cards left out), its description."""
    root = LexborHTMLParser(html).root
    assert root is not None
    for skipped in root.css(SKIPPED):
        skipped.decompose()
    found: dict[tuple[str, int], Stale] = {}
    for block in root.css(BLOCKS):
        # Text nodes joined as they stand: inline markup keeps its spaces, and neighbouring blocks
        # (a list of labels, "Dialogue One" "Dialogue Two") do not run into one sentence.
        for stale in stale_counts_in(block.text(deep=True, separator=""), where, totals, local):
            found.setdefault((stale.sentence, stale.number), stale)
    for meta in root.css('meta[name="description"], meta[property="og:description"]'):
        for stale in stale_counts_in(meta.attributes.get("content") or "", f"{where} (description)", totals, local):
            found.setdefault((stale.sentence, stale.number), stale)
    return list(found.values())


def stale_counts_in_site(site: Path, hub: Hub) -> list[Stale]:
    """The stale counts of every page of a built site and of its open data's JSON Schema."""
    totals, local = data_counts(hub), page_counts(hub)
    faults = []
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        address = where.removesuffix("index.html")
        faults += stale_counts_in_page(page.read_text(encoding="utf-8"), where, totals, local.get(address))
    for schema in sorted(site.rglob("*.schema.json")):
        faults += stale_counts_in_schema(schema, schema.relative_to(site).as_posix(), totals)
    return faults


def _descriptions(node: Any, at: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "title") and isinstance(value, str):
                yield at or "/", value
            else:
                yield from _descriptions(value, f"{at}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _descriptions(value, f"{at}/{index}")


def stale_counts_in_schema(schema: Path, where: str, totals: dict[str, int]) -> list[Stale]:
    """The stale counts in a JSON Schema's descriptions and titles."""
    document = json.loads(schema.read_text(encoding="utf-8"))
    return [stale for at, text in _descriptions(document) for stale in stale_counts_in(text, f"{where} {at}", totals)]


# --- the scan itself -------------------------------------------------------------------------------

TOTALS = {
    "dialogues": 2,
    "recommendations": 3,
    "quotes": 5,
    "speakers": 4,
    "people": 6,
    "practices": 7,
    "resources": 8,
    "publications": 1,
}
"""Counts of a small imaginary hub, for the scan's own tests."""


def _said(html: str, local: dict[str, int] | None = None) -> list[tuple[int, str]]:
    return [(s.number, s.noun) for s in stale_counts_in_page(html, "page", TOTALS, local)]


def test_a_number_word_or_digits_before_a_data_noun_must_be_the_datas_count() -> None:
    page = (
        "<html><head><title>The three dialogues</title>"
        '<meta name="description" content="Ten quotes and 7 practices"></head><body>'
        "<p>The <strong>four</strong> dialogues, its twelve recommendations and 5 quotes.</p>"
        "<h2>Two dialogues</h2><li>The 6 people and the four peer-to-peer learning dialogues</li>"
        "<table><tr><td>one publication, eight resources, 1 recommendation</td></tr></table></body></html>"
    )
    assert sorted(_said(page)) == sorted(
        [
            (3, "dialogues"),
            (10, "quotes"),
            (4, "dialogues"),
            (12, "recommendations"),
            (4, "dialogues"),
            (1, "recommendation"),
        ]
    )


def test_the_publications_words_item_cards_years_comparisons_and_label_lists_are_not_counts() -> None:
    page = (
        "<body><div class='hub-verbatim'><p>the four dialogues</p></div>"
        "<div class='grid cards hub-cards'><ul><li><p>4 quotes · 1 practice</p></li></ul></div>"
        "<div class='grid cards hub-cards hub-sections'><ul><li><p>Nine dialogues</p></li></ul></div>"
        "<p>UN Women's 2021 publication. A quote can support more than one recommendation, at least one quote.</p>"
        "<nav><li>Dialogue One</li><li>Dialogue Two</li></nav>"
        "<p><span>Dialogue One</span><span>Dialogue Two</span></p></body>"
    )
    assert _said(page) == [(9, "dialogues")]


def test_a_pages_own_subset_counts_where_the_page_says_so() -> None:
    page = "<p>The curators marked the 2 recommendations, 5 practices and 8 resources below.</p>"
    assert _said(page, {"recommendations": 2, "practices": 5, "resources": 1}) == []
    assert _said(page) == [(2, "recommendations"), (5, "practices")]


def test_a_stale_count_names_its_page_and_sentence() -> None:
    (stale,) = stale_counts_in_page("<p>Welcome. Read the four dialogues today. Then more.</p>", "index.html", TOTALS)
    assert str(stale) == "index.html: says 4 dialogues, the data has 2: 'Read the four dialogues today.'"


def test_schema_descriptions_are_scanned(tmp_path: Path) -> None:
    schema = tmp_path / "x.schema.json"
    schema.write_text(json.dumps({"properties": {"dialogues": {"description": "The four dialogues.", "type": "array"}}}))
    assert [(s.number, s.where) for s in stale_counts_in_schema(schema, "x", TOTALS)] == [(4, "x /properties/dialogues")]


# --- the real hub -----------------------------------------------------------------------------------


def test_no_page_of_the_site_says_a_count_the_data_does_not_have(built_site: Path, hub: Hub) -> None:
    faults = stale_counts_in_site(built_site, hub)
    assert not faults, "say the count from the data, or drop it ('The dialogues'):\n" + "\n".join(map(str, faults))


def test_no_schema_description_says_a_count_the_data_does_not_have(hub: Hub) -> None:
    totals = data_counts(hub)
    schemas = sorted((ROOT / "schema").glob("*.json"))
    assert schemas
    faults = [stale for schema in schemas for stale in stale_counts_in_schema(schema, f"schema/{schema.name}", totals)]
    assert not faults, "\n".join(map(str, faults))
