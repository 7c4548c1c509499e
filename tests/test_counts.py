"""The data holds as many of the 2021 publication's own items as it prints, counted from its text.

A small parser reads the seed (the publication as text): its dialogue headings and dates, its
speaker lists, its numbered recommendations, its quotes set apart with an attribution, and its
Appendix 1. Expected numbers come from that parse, not from the data or the built site. Only
items whose source is the 2021 publication are counted: items from a later publication (named in
their ``source``) may be added without changing any of these numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import pytest
import yaml
from site_build import ROOT

from knowledge_hub.hub import Hub
from knowledge_hub.models import Dialogue, ResourceGroup, Source

DATA = ROOT / "data"

DIALOGUE_HEADING = re.compile(r"^DIALOGUE (ONE|TWO|THREE|FOUR|FIVE|SIX)$")
SPEAKER_LINE = re.compile(r"^- \*\*(?P<name>[^*]+)\*\*, ")
FACILITATOR_LINE = re.compile(r"^Facilitated by \*\*(?P<name>[^*]+)\*\*, ")
RECOMMENDATION_HEADING = re.compile(r"^(?P<number>\d+)\. (?P<title>[A-Z].*)$")
HONORIFIC = re.compile(r"^(?:(?:H\.E\.|Mr\.|Ms\.|Dr\.) )+")
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
NUMBER_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50})


def words_to_number(text: str) -> int:
    """'thirty' -> 30, 'thirty-two' -> 32."""
    return sum(NUMBER_WORDS[part] for part in text.lower().split("-"))


def paragraphs(text: str) -> list[str]:
    """Blocks of text separated by blank lines, each stripped."""
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


@dataclass
class SeedDialogue:
    heading: str
    date: dt.date
    speakers: list[str]  # "Honorific Name" as printed, in order
    facilitator: str
    quotes: list[str]


@dataclass
class Seed:
    text: str

    def section(self, start: str, end: str | None) -> str:
        """Text between a line equal to ``start`` and the next line equal to ``end``."""
        lines = self.text.splitlines()
        begin = lines.index(start) + 1
        finish = lines.index(end, begin) if end is not None else len(lines)
        return "\n".join(lines[begin:finish])

    @property
    def dialogue_headings(self) -> list[str]:
        return [line for line in self.text.splitlines() if DIALOGUE_HEADING.match(line)]

    def people_listed(self) -> set[str]:
        """Every bare name (no honorific) in any speaker list or facilitator line."""
        names = set()
        for dialogue in self.dialogues():
            names.update(HONORIFIC.sub("", n) for n in [*dialogue.speakers, dialogue.facilitator])
        return names

    def dialogues(self) -> list[SeedDialogue]:
        headings = self.dialogue_headings
        ends = [*headings[1:], "CONCLUSION AND RECOMMENDATIONS"]
        result = []
        for heading, end in zip(headings, ends, strict=True):
            body = self.section(heading, end)
            lines = body.splitlines()
            when = lines.index("When")
            date_line = next(line for line in lines[when + 1 :] if line.strip())
            speakers = [m["name"] for m in map(SPEAKER_LINE.match, lines) if m]
            facilitator = next(m["name"] for m in map(FACILITATOR_LINE.match, lines) if m)
            result.append(
                SeedDialogue(heading, dt.datetime.strptime(date_line.strip(), "%d %B %Y").date(), speakers, facilitator, [])
            )
        names = {HONORIFIC.sub("", n) for d in result for n in [*d.speakers, d.facilitator]}
        for dialogue, end in zip(result, ends, strict=True):
            dialogue.quotes = quotes_in(self.section(dialogue.heading, end), names)
        return result

    def recommendation_headings(self) -> list[tuple[int, str]]:
        block = self.section("KEY MESSAGES AND RECOMMENDATIONS", self.dialogue_headings[0])
        return [(int(m["number"]), m["title"]) for m in map(RECOMMENDATION_HEADING.match, paragraphs(block)) if m]

    def conclusion_list(self) -> list[str]:
        """The conclusion's list of recommendations: the short paragraphs after '...emerged from ...:'."""
        block = paragraphs(self.section("CONCLUSION AND RECOMMENDATIONS", "APPENDIX 1: RESOURCES"))
        start = next(i for i, p in enumerate(block) if p.endswith(":") and "recommendations" in p)
        items = []
        for paragraph in block[start + 1 :]:
            if paragraph.endswith((".", "”")) or ". " in paragraph:  # running text again
                break
            items.append(paragraph)
        return items

    def quotes(self) -> dict[str, list[str]]:
        """Quote texts per section: introduction, each dialogue heading, conclusion."""
        names = self.people_listed()
        headings = self.dialogue_headings
        found = {"introduction": quotes_in(self.section("INTRODUCTION", "PEER-TO-PEER LEARNING DIALOGUES"), names)}
        for heading, end in zip(headings, [*headings[1:], "CONCLUSION AND RECOMMENDATIONS"], strict=True):
            found[heading] = quotes_in(self.section(heading, end), names)
        found["conclusion"] = quotes_in(self.section("CONCLUSION AND RECOMMENDATIONS", "APPENDIX 1: RESOURCES"), names)
        return found

    def appendix_groups(self) -> dict[str, list[str]]:
        """Appendix 1: group heading -> its resource lines, in order."""
        groups: dict[str, list[str]] = {}
        current = None
        for line in self.section("APPENDIX 1: RESOURCES", None).splitlines():
            line = line.strip()
            if not line:
                continue
            if line.isupper() and line.endswith("RESOURCES"):
                current = line
                groups[current] = []
            else:
                assert current is not None, f"Appendix 1 line before any group heading: {line!r}"
                groups[current].append(line)
        return groups


def quotes_in(text: str, names: set[str]) -> list[str]:
    """Quotes set apart in ``text``: a paragraph followed by an attribution line.

    An epigraph's attribution starts with '– '; a pull-quote opens with '“' and is followed by a
    line that starts with a listed person's name (after an honorific).
    """
    blocks = paragraphs(text)
    found = []
    for quote, attribution in pairwise(blocks):
        attribution = attribution.replace("**", "")
        if quote.startswith("–"):
            continue
        if attribution.startswith("– "):
            found.append(quote)
        elif quote.startswith("“") and not attribution.startswith("“"):
            bare = HONORIFIC.sub("", attribution)
            if bare != attribution and any(bare.startswith(f"{name},") for name in names):
                found.append(quote)
    return found


def group_id(heading: str) -> str:
    """'CEB TASK FORCE RESOURCES' -> 'ceb-task-force'."""
    return heading.removesuffix(" RESOURCES").lower().replace(" ", "-")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Seed:
    return Seed(seed_text)


def is_own(hub: Hub, source: Source) -> bool:
    """True for a source in the 2021 publication (the first in publication.yaml's sources)."""
    return hub.publication_of(source).id == hub.publication.sources[0].id


def own_dialogues(hub: Hub) -> list[Dialogue]:
    return [d for d in hub.dialogues if is_own(hub, d.source)]


def own_people(hub: Hub) -> set[str]:
    """Names of the people the 2021 publication's dialogues list."""
    return {hub.people[p].name for d in own_dialogues(hub) for p in [*d.speakers, d.facilitator] if p in hub.people}


# --- dialogues ---------------------------------------------------------------------------------


def test_seed_parser_finds_the_four_dialogue_dates(seed: Seed) -> None:
    # The publication's own dates, as the brief states them: a check on the parser itself.
    assert [d.date for d in seed.dialogues()] == [
        dt.date(2021, 2, 8),
        dt.date(2021, 3, 17),
        dt.date(2021, 5, 3),
        dt.date(2021, 6, 17),
    ]


def test_dialogues_match_the_seed(hub: Hub, seed: Seed) -> None:
    printed, own = seed.dialogues(), own_dialogues(hub)
    assert len(own) == len(printed)
    assert [d.number for d in own] == list(range(1, len(printed) + 1))
    assert [d.date for d in own] == [d.date for d in printed]
    assert [d.label.upper() for d in own] == [d.heading for d in printed]


def test_each_dialogue_lists_the_seed_speakers_in_order(hub: Hub, seed: Seed) -> None:
    for dialogue, printed in zip(own_dialogues(hub), seed.dialogues(), strict=True):
        names = [f"{hub.people[p].honorific} {hub.people[p].name}" for p in dialogue.speakers]
        assert names == printed.speakers, dialogue.id
        facilitator = hub.people[dialogue.facilitator]
        assert f"{facilitator.honorific} {facilitator.name}" == printed.facilitator, dialogue.id


# --- people --------------------------------------------------------------------------------------


def test_the_publications_people_each_once(hub: Hub, seed: Seed) -> None:
    raw = yaml.safe_load((DATA / "people.yaml").read_text(encoding="utf-8"))["people"]
    ids = Counter(p["id"] for p in raw)
    names = Counter(p["name"] for p in raw)
    assert [i for i, n in ids.items() if n > 1] == [], "a person id is listed twice"
    assert [i for i, n in names.items() if n > 1] == [], "a person's name is listed twice"
    speakers = {HONORIFIC.sub("", n) for d in seed.dialogues() for n in d.speakers}
    facilitators = {HONORIFIC.sub("", d.facilitator) for d in seed.dialogues()}
    assert speakers and facilitators, "the seed parser found no speaker list"
    assert own_people(hub) == speakers | facilitators == seed.people_listed()


def test_people_count_agrees_with_the_publications_own_sentence(hub: Hub, seed: Seed) -> None:
    match = re.search(r"featured ([a-z-]+) different speakers", seed.text)
    assert match, "the seed no longer says how many speakers the dialogues featured"
    assert len(own_people(hub)) == words_to_number(match[1])


def test_every_person_takes_part_in_a_dialogue(hub: Hub) -> None:
    assert set(hub.people) == set(hub.dialogues_by_person)


# --- recommendations ---------------------------------------------------------------------------


def test_the_publications_recommendations_numbered_in_order(hub: Hub, seed: Seed) -> None:
    printed, own = seed.recommendation_headings(), [r for r in hub.recommendations if is_own(hub, r.source)]
    assert printed, "the seed parser found no numbered recommendation"
    assert [n for n, _ in printed] == list(range(1, len(printed) + 1))
    assert [r.number for r in own] == [n for n, _ in printed]
    assert [r.title for r in own] == [t for _, t in printed]


def test_conclusion_titles_match_the_conclusions_list(hub: Hub, seed: Seed) -> None:
    assert [r.conclusion_title for r in hub.recommendations if is_own(hub, r.source)] == seed.conclusion_list()


# --- quotes --------------------------------------------------------------------------------------


def _data_quotes(hub: Hub) -> dict[str, list[str]]:
    """The 2021 publication's quotes in the data, per section as ``Seed.quotes`` groups them."""
    publication = hub.publication
    found = {"introduction": [publication.introduction.epigraph.text] if publication.introduction.epigraph else []}
    for dialogue in own_dialogues(hub):
        found[dialogue.label.upper()] = [q.text for q in dialogue.quotes if is_own(hub, q.source)]
    found["conclusion"] = [publication.conclusion.epigraph.text] if publication.conclusion.epigraph else []
    return found


def as_printed(text: str) -> str:
    """A quote's words as the data holds them: without the bold, the quotation marks and the line breaks."""
    return " ".join(text.replace("**", "").strip().strip("“”").split())


def test_every_quote_the_publication_sets_apart_is_in_the_data(hub: Hub, seed: Seed) -> None:
    """Each section's set-apart quotes are in the data, in the printed order; the data may add
    words the running text quotes (CONTRIBUTING's "Add a quote"), so it is not a count."""
    printed = {section: [as_printed(q) for q in quotes] for section, quotes in seed.quotes().items()}
    in_data = {section: [as_printed(q) for q in quotes] for section, quotes in _data_quotes(hub).items()}
    assert sum(map(len, printed.values())) > 0, "the seed parser found no quote"
    assert set(in_data) == set(printed)
    for section, quotes in printed.items():
        missing = [q for q in quotes if q not in in_data[section]]
        assert missing == [], f"{section}: quotes the publication sets apart are not in the data"
        positions = [in_data[section].index(q) for q in quotes]
        assert positions == sorted(positions), f"{section}: the data's quotes are not in the printed order"


def test_each_dialogue_starts_with_its_epigraph(hub: Hub) -> None:
    for dialogue in hub.dialogues:
        kinds = [q.kind for q in dialogue.quotes]
        assert kinds[0] == "epigraph" and "epigraph" not in kinds[1:], dialogue.id


# --- resources -----------------------------------------------------------------------------------


def test_the_appendix_resources_in_their_groups(hub: Hub, seed: Seed) -> None:
    printed = seed.appendix_groups()
    assert printed and all(printed.values()), "the seed parser found an empty Appendix 1 group"
    assert [group_id(h) for h in printed] == list(typing.get_args(ResourceGroup))
    in_data = Counter(r.group for r in hub.resources.values() if r.group is not None)
    assert dict(in_data) == {group_id(h): len(lines) for h, lines in printed.items()}


def test_resources_keep_the_appendix_order(hub: Hub) -> None:
    groups = [r.group for r in hub.resources.values() if r.group is not None]
    order = list(typing.get_args(ResourceGroup))
    assert groups == sorted(groups, key=order.index), "data/resources.yaml must list Appendix 1 in its group order"
