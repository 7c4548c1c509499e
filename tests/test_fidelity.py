"""Every word the data attributes to the publication is in the publication, verbatim.

Both sides are normalised the same way before comparing (``helpers_text.normalise``: link markup,
footnote markers, bold markers and escapes dropped, whitespace folded); nothing else is forgiven.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers_text import normalise

from knowledge_hub.hub import Hub
from knowledge_hub.models import Quote
from knowledge_hub.references import walk_strings

DATA = Path(__file__).resolve().parents[1] / "data"

@pytest.fixture(scope="module")
def seed(seed_text: str) -> str:
    return normalise(seed_text)


def _quotes(hub: Hub) -> Iterator[Quote]:
    yield from (record.quote for record in hub.quotes.values())


def verbatim_items(hub: Hub) -> Iterator[tuple[str, str]]:
    """(where, text) for every field the data says is the publication's own words."""
    for quote in _quotes(hub):
        yield f"quote {quote.id} text", quote.text
        yield f"quote {quote.id} attribution", quote.attribution
    for person in hub.people.values():
        yield f"person {person.id} name", person.name
        yield f"person {person.id} as listed", f"{person.honorific} {person.name}, {person.title}"
    for dialogue in hub.dialogues:
        yield f"dialogue {dialogue.id} title", dialogue.title
        yield f"dialogue {dialogue.id} audience", dialogue.audience
        for host in dialogue.hosts:
            yield f"dialogue {dialogue.id} host", host
        for i, paragraph in enumerate(dialogue.summary):
            yield f"dialogue {dialogue.id} summary[{i}]", paragraph
    yield "recommendations introduction", hub.recommendations_intro
    for rec in hub.recommendations:
        yield f"recommendation {rec.number} title", rec.title
        yield f"recommendation {rec.number} conclusion_title", rec.conclusion_title
        for i, paragraph in enumerate(rec.body):
            yield f"recommendation {rec.number} body[{i}]", paragraph
        for footnote in rec.footnotes:
            yield f"recommendation {rec.number} footnote {footnote.number}", footnote.text
    publication = hub.publication
    for name in ("introduction", "dialogues_overview", "conclusion"):
        section = getattr(publication, name)
        for i, paragraph in enumerate([*section.paragraphs, *section.closing]):
            yield f"{name} paragraph {i}", paragraph
        for footnote in section.footnotes:
            yield f"{name} footnote {footnote.number}", footnote.text
    for i, paragraph in enumerate(publication.task_force.description):
        yield f"task_force description[{i}]", paragraph
    for workstream in publication.task_force.workstreams:
        yield f"workstream {workstream.number}", workstream.name
        if workstream.lead:
            yield f"workstream {workstream.number} lead", workstream.lead
    card = publication.toolkit_card
    for i, line in enumerate([card.subheading, *card.what, *card.why]):
        yield f"toolkit card line {i}", line
    indicator = publication.indicator
    yield "indicator name", indicator.name
    for level in indicator.levels:
        yield f"level {level.id} name", level.name
        yield f"level {level.id} criterion", level.criterion
    imprint = publication.publication
    for i, line in enumerate([imprint.title, imprint.overview, imprint.rights, *imprint.credits]):
        yield f"imprint line {i}", line
    for resource in hub.resources.values():
        if resource.description:
            yield f"resource {resource.id} description", resource.description


def test_every_verbatim_field_is_in_the_seed(hub: Hub, seed: str) -> None:
    missing = [f"{where}: {normalise(text)[:120]!r}" for where, text in verbatim_items(hub) if normalise(text) not in seed]
    assert not missing, f"{len(missing)} item(s) not found verbatim in the seed:\n" + "\n".join(missing)


def headings(hub: Hub) -> Iterator[tuple[str, str]]:
    """Headings, which the publication prints in capitals and the data writes in sentence case."""
    publication = hub.publication
    for name in ("introduction", "dialogues_overview", "conclusion"):
        yield f"{name} title", getattr(publication, name).title
    yield "toolkit card heading", publication.toolkit_card.heading
    for dialogue in hub.dialogues:
        yield f"dialogue {dialogue.id} label", dialogue.label


def test_every_heading_is_in_the_seed_in_capitals(hub: Hub, seed_text: str) -> None:
    lines = {line.strip() for line in seed_text.splitlines()}
    missing = [where for where, text in headings(hub) if normalise(text).upper() not in lines]
    assert not missing


def table_of_contents(seed_text: str) -> list[tuple[str, int]]:
    """(title, page) as the seed's table of contents prints them; a label line joins the next title."""
    lines = seed_text.split("TABLE OF CONTENTS", 1)[1].strip("\n").split("\n\n", 1)[0].splitlines()
    entries, label = [], None
    for line in lines:
        title, _, page = line.partition("\t")
        if not page.strip():
            label = title.strip()
            continue
        entries.append((f"{label}: {title.strip()}" if label else title.strip(), int(page)))
        label = None
    return entries


def test_contents_match_the_seeds_table_of_contents(hub: Hub, seed_text: str) -> None:
    printed = table_of_contents(seed_text)
    assert len(printed) == 9
    in_data = [(normalise(e.title).upper(), e.page) for e in hub.publication.publication.contents]
    assert in_data == [(title.upper(), page) for title, page in printed]


def test_the_comparison_forgives_layout_but_not_words(hub: Hub, seed: str) -> None:
    assert len(list(verbatim_items(hub))) > 300
    text = next(_quotes(hub)).text
    assert normalise(text.replace(" ", "\n  ")) in seed
    assert normalise(text.replace("e", "é", 1)) not in seed


def test_every_person_names_their_organisation_in_their_title(hub: Hub) -> None:
    wrong = [p.id for p in hub.people.values() if p.organisation not in p.title]
    assert not wrong


def test_every_quote_attribution_names_its_speaker(hub: Hub) -> None:
    wrong = [q.id for q in _quotes(hub) if hub.people[q.speaker].name not in normalise(q.attribution)]
    assert not wrong


def test_appendix_titles_are_printed_in_the_appendix(hub: Hub, seed_text: str) -> None:
    appendix = seed_text.split("APPENDIX 1: RESOURCES", 1)[1]
    lines = [normalise(line).removeprefix("Publication: ") for line in appendix.splitlines() if line.strip()]
    grouped = [r for r in hub.resources.values() if r.group is not None]
    printed = [normalise(r.appendix_title or r.title) for r in grouped]
    assert all(title in lines for title in printed), [t for t in printed if t not in lines]
    assert [line for line in lines if line in printed] == printed, "Appendix 1 order differs"


# --- links ---------------------------------------------------------------------------------------


def _urls(node: object) -> Iterator[str]:
    """Every web address anywhere in a parsed YAML tree: url fields and links inside text."""
    for _, text in walk_strings(node):
        yield from re.findall(r"(?:https?:)?//[^\s)\"'<>\]]+", text)


def test_every_url_in_the_data_is_a_verified_address(shared_dir: Path) -> None:
    verified_file = shared_dir / "resource-links.yaml"
    if not verified_file.is_file():
        pytest.fail(f"missing {verified_file}: the list of verified addresses that every link must come from")
    verified = {entry["url"] for entry in yaml.safe_load(verified_file.read_text(encoding="utf-8"))["links"]}
    found = {
        (path.name, url)
        for path in sorted(DATA.glob("*.yaml"))
        for url in _urls(yaml.safe_load(path.read_text(encoding="utf-8")))
    }
    assert found, "no address found at all: the scan is broken"
    invented = sorted(f"{name}: {url}" for name, url in found if url not in verified)
    assert not invented, "addresses not in shared/resource-links.yaml:\n" + "\n".join(invented)


def test_links_are_labelled_as_the_verified_list_labels_them(hub: Hub, shared_dir: Path) -> None:
    # pydantic writes a bare host with a closing slash ("https://example.org/"): compare without it.
    entries = yaml.safe_load((shared_dir / "resource-links.yaml").read_text(encoding="utf-8"))["links"]
    verified = {e["url"].rstrip("/"): e for e in entries}
    links = [(r.id, r.link) for r in hub.resources.values() if r.link] + [("indicator", hub.publication.indicator.link)]
    wrong = [rid for rid, link in links if link and verified.get(str(link.url).rstrip("/"), {}).get("page") != link.page]
    assert not wrong
