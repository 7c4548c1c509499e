"""Every word the data attributes to the publication is in the publication, verbatim.

Both sides are normalised the same way before comparing (``helpers_text.normalise``: link markup,
footnote markers, bold markers and escapes dropped, whitespace folded); nothing else is forgiven.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_text import normalise
from site_build import SEED, SOURCES, VERIFIED_ADDRESSES

from knowledge_hub.addresses import address_faults, linked_addresses
from knowledge_hub.hub import Hub
from knowledge_hub.loader import read_data
from knowledge_hub.models import Quote

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def seed(seed_text: str) -> str:
    return normalise(seed_text)


def publication_texts(hub: Hub, sources_dir: Path = SOURCES) -> dict[str, str]:
    """Publication id -> its normalised text, for every publication with a ``text`` file in ``sources_dir``."""
    texts = {}
    for publication in hub.publication.sources:
        if publication.text is not None:
            path = sources_dir / publication.text
            assert path.is_file(), f"publication {publication.id}: its text {path} is missing"
            texts[publication.id] = normalise(path.read_text(encoding="utf-8"))
    return texts


def _quotes(hub: Hub) -> Iterator[Quote]:
    yield from (record.quote for record in hub.quotes.values())


def verbatim_items(hub: Hub) -> Iterator[tuple[str, str, str]]:
    """(where, text, publication id) for every field the data says is a publication's own words."""
    first = hub.publication.sources[0].id
    for quote in _quotes(hub):
        of = hub.publication_of(quote.source).id
        yield f"quote {quote.id} text", quote.text, of
        yield f"quote {quote.id} attribution", quote.attribution, of
    for person in hub.people.values():
        # A person is listed by the publication of the first dialogue they take part in.
        of = (
            hub.publication_of(hub.dialogues_by_person[person.id][0].source).id if person.id in hub.dialogues_by_person else first
        )
        yield f"person {person.id} name", person.name, of
        yield f"person {person.id} as listed", f"{person.honorific} {person.name}, {person.title}", of
    for dialogue in hub.dialogues:
        of = hub.publication_of(dialogue.source).id
        yield f"dialogue {dialogue.id} title", dialogue.title, of
        yield f"dialogue {dialogue.id} audience", dialogue.audience, of
        for host in dialogue.hosts:
            yield f"dialogue {dialogue.id} host", host, of
        for i, paragraph in enumerate(dialogue.summary):
            yield f"dialogue {dialogue.id} summary[{i}]", paragraph, of
    yield "recommendations introduction", hub.recommendations_intro, first
    for rec in hub.recommendations:
        of = hub.publication_of(rec.source).id
        yield f"recommendation {rec.number} title", rec.title, of
        yield f"recommendation {rec.number} conclusion_title", rec.conclusion_title, of
        for i, paragraph in enumerate(rec.body):
            yield f"recommendation {rec.number} body[{i}]", paragraph, of
        for footnote in rec.footnotes:
            yield f"recommendation {rec.number} footnote {footnote.number}", footnote.text, of
    # publication.yaml holds the 2021 publication's own text and the toolkit card that lists it.
    publication = hub.publication
    for name in ("introduction", "dialogues_overview", "conclusion"):
        section = getattr(publication, name)
        for i, paragraph in enumerate([*section.paragraphs, *section.closing]):
            yield f"{name} paragraph {i}", paragraph, first
        for footnote in section.footnotes:
            yield f"{name} footnote {footnote.number}", footnote.text, first
    for i, paragraph in enumerate(publication.task_force.description):
        yield f"task_force description[{i}]", paragraph, first
    for workstream in publication.task_force.workstreams:
        yield f"workstream {workstream.number}", workstream.name, first
        if workstream.lead:
            yield f"workstream {workstream.number} lead", workstream.lead, first
    card = publication.toolkit_card
    for i, line in enumerate([card.subheading, *card.what, *card.why]):
        yield f"toolkit card line {i}", line, first
    indicator = publication.indicator
    yield "indicator name", indicator.name, first
    for level in indicator.levels:
        yield f"level {level.id} name", level.name, first
        yield f"level {level.id} criterion", level.criterion, first
    imprint = publication.publication
    for i, line in enumerate([imprint.title, imprint.overview, imprint.rights, *imprint.credits]):
        yield f"imprint line {i}", line, first
    yield "cover title", imprint.cover_title, first
    yield "cover subtitle", imprint.cover_subtitle, first
    for practice in hub.practices:
        of = hub.publication_of(practice.source[0]).id
        for i, words in enumerate(practice.basis):
            yield f"practice {practice.id} basis[{i}]", words, of
    for resource in hub.resources.values():
        if resource.description:
            yield f"resource {resource.id} description", resource.description, hub.publication_of(resource.source[0]).id


def first_difference(text: str, reference: str) -> str:
    """Where normalised ``text`` stops matching ``reference``: the differing word and what the reference has there."""
    words = text.split(" ")
    low, high = 0, len(words)
    while low < high:  # the most leading words found together in the reference
        middle = (low + high + 1) // 2
        if " ".join(words[:middle]) in reference:
            low = middle
        else:
            high = middle - 1
    if low == len(words):
        return "found"
    if low == 0:
        return f"the first word {words[0]!r} is not in the text"
    prefix = " ".join(words[:low])
    following = reference[reference.index(prefix) + len(prefix) :].split()
    printed = following[0] if following else "(nothing: the text ends)"
    context = " ".join(words[max(0, low - 5) : low])
    return f"word {low + 1} {words[low]!r} differs: the text has {printed!r} after '…{context}'"


def not_verbatim(hub: Hub, texts: dict[str, str]) -> list[str]:
    """One line per item not found word for word in its publication's text (publications without a text are not compared)."""
    problems = []
    for where, text, publication in verbatim_items(hub):
        reference = texts.get(publication)
        if reference is not None and (normalised := normalise(text)) not in reference:
            problems.append(f"{where} (from {publication}): {first_difference(normalised, reference)}")
    return problems


def test_every_verbatim_field_is_in_its_publication(hub: Hub) -> None:
    texts = publication_texts(hub)
    assert hub.publication.sources[0].id in texts, "the 2021 publication's text must be in sources/"
    missing = not_verbatim(hub, texts)
    assert not missing, f"{len(missing)} item(s) not found verbatim in their publication:\n" + "\n".join(missing)


def test_a_reworded_quote_fails_naming_the_word(hub: Hub) -> None:
    quote = next(_quotes(hub))
    words = normalise(quote.text).split(" ")
    position = len(words) // 2
    reworded = " ".join([*words[:position], "reworded", *words[position + 1 :]])
    message = first_difference(reworded, publication_texts(hub)[hub.publication_of(quote.source).id])
    assert message.startswith(f"word {position + 1} 'reworded' differs: the text has {words[position]!r} after"), message


def test_the_2021_publication_is_the_first_source_as_its_imprint_names_it(hub: Hub) -> None:
    first, imprint = hub.publication.sources[0], hub.publication.publication
    assert (first.title, first.publisher, first.year) == (imprint.title, imprint.publisher, imprint.year)
    assert first.text == SEED.name


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


def test_the_citation_title_is_the_covers_in_sentence_case(hub: Hub) -> None:
    """Title and subtitle as cited are the cover's words: only the case differs (not the toolkit card's form)."""
    imprint = hub.publication.publication
    assert imprint.title.upper() == imprint.cover_title.removesuffix(":")
    assert imprint.subtitle.upper() == imprint.cover_subtitle
    assert imprint.subtitle.startswith("Peer-to-peer")


def test_a_resource_title_is_printed_unless_marked_as_the_curators(hub: Hub, seed: str) -> None:
    """A title the publication never prints (footnote 10 prints only the link words) is marked, not shown as its title."""
    printed = seed.lower()
    wrong = [
        f"{r.id}: title_wording {r.title_wording!r}"
        for r in hub.resources.values()
        if any(normalise(t).lower() in printed for t in (r.title, r.appendix_title) if t) != (r.title_wording == "publication")
    ]
    assert not wrong, "\n".join(wrong)
    assert hub.resources["fostering-inclusivity-online-covid-19"].title_wording == "curators"


def test_every_person_names_their_organisation_in_their_title(hub: Hub) -> None:
    wrong = [p.id for p in hub.people.values() if p.organisation not in p.title]
    assert not wrong


def test_every_quote_attribution_names_its_speaker(hub: Hub) -> None:
    wrong = [q.id for q in _quotes(hub) if hub.people[q.speaker].name not in normalise(q.attribution)]
    assert not wrong


def test_appendix_titles_are_printed_in_the_appendix(hub: Hub, seed_text: str) -> None:
    appendix = seed_text.split("APPENDIX 1: RESOURCES", 1)[1]
    lines = [normalise(line) for line in appendix.splitlines() if line.strip()]
    grouped = [r for r in hub.resources.values() if r.group is not None]
    printed = [normalise(r.appendix_title or r.title) for r in grouped]
    assert all(title in lines for title in printed), [t for t in printed if t not in lines]
    assert [line for line in lines if line in printed] == printed, "Appendix 1 order differs"


# --- links ---------------------------------------------------------------------------------------

ADDRESS_POLICY = (
    "Address policy: every URL is https and is listed in sources/verified-addresses.yaml "
    "with what the page shows and when it was checked."
)
"""Stated word for word, on one line, in each file that tells a contributor where addresses come from."""

POLICY_FILES = ("CONTRIBUTING.md", "data/resources.yaml", "data/publication.yaml", "sources/verified-addresses.yaml")


def test_every_address_follows_the_address_policy() -> None:
    """The rule itself is `hub check`'s (knowledge_hub/addresses.py); here: the real data holds addresses, all verified."""
    data = read_data(DATA)
    assert list(linked_addresses(data)), "no address found at all: the scan is broken"
    assert address_faults(data, SOURCES, display_root=DATA.parent) == []


def test_the_address_policy_is_stated_identically_where_contributors_read_it() -> None:
    root = VERIFIED_ADDRESSES.parents[1]
    missing = [
        name
        for name in POLICY_FILES
        if not any(line.lstrip("# ").strip() == ADDRESS_POLICY for line in (root / name).read_text(encoding="utf-8").splitlines())
    ]
    assert not missing, f"state the address policy word for word, on one line, in: {missing}"
