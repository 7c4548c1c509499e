"""The audience pages: each opens with what the publication asks of that audience, in its own words.

Expectations come from data/tags.yaml (the curated asks) and data/recommendations.yaml (the bodies
they are copied from), never from the output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_data import ROOT, copy_data, replace_once
from helpers_text import normalise
from selectolax.lexbor import LexborNode
from test_site import article, page_file, resolve

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.pipeline import check_hub

Parse = Callable[[Path | str], LexborNode]


def audiences(hub: Hub) -> list:
    return [tag for tag in hub.tags.values() if tag.kind == "audience"]


def test_every_audience_is_told_what_the_publication_asks_of_it(hub: Hub) -> None:
    for tag in audiences(hub):
        assert tag.asks, f"{tag.id}: no asks in data/tags.yaml"
        for ask in tag.asks:
            rec = hub.recommendations_by_slug[ask.recommendation]
            assert tag.id in rec.tags, f"{tag.id}: recommendation {rec.number} is not marked for this audience"
            # Word for word, as a reader sees the body (bold, links and note markers left out).
            assert normalise(ask.text) in normalise(" ".join(rec.body)), f"{tag.id}: {ask.text[:60]!r}"


def test_each_audience_page_opens_with_its_asks_each_linked_to_its_recommendation(
    built_site: Path, hub: Hub, parse_html: Parse
) -> None:
    for tag in audiences(hub):
        page = page_file(built_site, paths.audience(tag))
        root = article(parse_html, page)
        first_section = root.css_first("h2")
        assert first_section is not None and first_section.attributes.get("id") == "asks", tag.id
        assert first_section.text().startswith(f"What the publication asks of {tag.label}")
        items = root.css("h2#asks ~ ul")[0].css("li")
        assert len(items) == len(tag.asks), tag.id
        for item, ask in zip(items, tag.asks, strict=True):
            words = item.css_first(".hub-verbatim")
            assert words is not None and normalise(words.text()) == normalise(ask.text)
            links = [resolve(built_site, page, a.attributes["href"] or "") for a in item.css("a")]
            rec = hub.recommendations_by_slug[ask.recommendation]
            assert (page_file(built_site, paths.recommendation(rec)), "") in links, f"{tag.id}: {ask.text[:40]!r}"
        # Then what the hub holds: recommendations, practices (and resources), after the asks.
        headings = [h.attributes.get("id") for h in root.css("h2")]
        assert headings.index("asks") < headings.index("recommendations") < headings.index("practices")


def test_the_managers_page_leads_with_the_publications_words_on_responding(hub: Hub, built_site: Path, parse_html: Parse) -> None:
    managers = hub.tags["leaders-and-managers"]
    first = hub.recommendations_by_slug[managers.asks[0].recommendation]
    assert "victim-centred-approach" in first.tags, "the first thing asked of managers is how to respond"
    opening = " ".join(ask.text for ask in managers.asks[:3])
    for words in ("victim", "support", "corrective action"):
        assert words in opening, words
    text = article(parse_html, page_file(built_site, paths.audience(managers))).css_first("h2#asks ~ ul").text()
    assert normalise(text).startswith(f"“{normalise(managers.asks[0].text)}”")


def test_the_gender_focal_points_page_mentions_pi_4_2_and_links_it(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    indicator = hub.publication.indicator
    assert indicator.audience is not None
    page = page_file(built_site, paths.audience(hub.tags[indicator.audience]))
    root = article(parse_html, page)
    links = {resolve(built_site, page, a.attributes["href"] or ""): a.text() for a in root.css("a")}
    target = (page_file(built_site, paths.INDICATOR), "")
    assert target in links and indicator.code in links[target]
    assert "Performance Indicator 4.2" in root.text()


def _fault_fields(data: Path) -> dict[tuple[str, int | None, str], str]:
    with pytest.raises(DataError) as raised:
        check_hub(data, docs_dir=ROOT / "docs")
    return {(f.file, f.line, f.field): f.message for f in raised.value.faults}


def _first_ask(hub: Hub) -> tuple[int, int, str]:
    """(tag index, ask index, text) of the first ask whose text stands on one line of tags.yaml (under `text: >-`)."""
    tags = list(hub.tags.values())
    for i, tag in enumerate(tags):
        for j, ask in enumerate(tag.asks):
            if len(ask.text) <= 90:  # tags.yaml wraps its text at 90 characters
                return i, j, ask.text
    raise AssertionError("no short ask to edit")


def test_an_ask_that_is_not_its_recommendations_sentence_is_refused_at_its_line(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    i, j, text = _first_ask(load_hub(data))
    changed = text.replace(" ", " really ", 1)
    line = replace_once(data / "tags.yaml", text, changed)
    faults = _fault_fields(data)
    message = faults[("data/tags.yaml", line - 1, f"tags[{i}].asks[{j}].text")]
    assert "is not in the body of recommendation" in message and "copy one whole sentence" in message


def test_an_ask_that_is_only_part_of_a_sentence_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    i, j, text = _first_ask(load_hub(data))
    line = replace_once(data / "tags.yaml", text, text.split(" ", 1)[1])
    message = _fault_fields(data)[("data/tags.yaml", line - 1, f"tags[{i}].asks[{j}].text")]
    assert "is only part of a sentence" in message


def test_an_ask_from_a_recommendation_not_marked_for_the_audience_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    hub = load_hub(data)
    tags = list(hub.tags.values())
    i, tag = next((i, t) for i, t in enumerate(tags) if t.asks)
    ask = tag.asks[0]
    other = next(r for r in hub.recommendations if tag.id not in r.tags)
    # The same sentence, said to come from a recommendation that is not marked for this audience.
    line = replace_once(
        data / "tags.yaml",
        f"      - recommendation: {ask.recommendation}\n        text: >-\n          {ask.text[:30]}",
        f"      - recommendation: {other.slug}\n        text: >-\n          {ask.text[:30]}",
    )
    faults = _fault_fields(data)
    assert f"is not tagged '{tag.id}'" in faults[("data/tags.yaml", line, f"tags[{i}].asks[0].recommendation")]
    assert (
        f"is not in the body of recommendation {other.number}" in faults[("data/tags.yaml", line + 1, f"tags[{i}].asks[0].text")]
    )


def test_asks_on_a_theme_are_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    hub = load_hub(data)
    theme = next(t for t in hub.tags.values() if t.kind == "theme" and not t.description)
    ask = next(t for t in hub.tags.values() if t.asks).asks[0]
    entry = f"  - id: {theme.id}\n    label: {theme.label}\n    kind: theme\n"
    replace_once(
        data / "tags.yaml",
        entry,
        entry + f"    asks:\n      - recommendation: {ask.recommendation}\n        text: {ask.text!r}\n",
    )
    with pytest.raises(DataError) as raised:
        load_hub(data)
    assert any("asks are for audience tags only" in f.message for f in raised.value.faults)
