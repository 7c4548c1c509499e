"""Cross-file checks: unique ids and every reference resolving, each fault naming both ends."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from knowledge_hub.models import Model, Section
from knowledge_hub.yaml_source import Fault, YamlDocument, YamlPath, format_path

RESOURCE_LINK = re.compile(r"\]\(resource:([^)\s]*)\)")
"""Markdown links to a resource of the hub: ``[title](resource:<id>)``."""

FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\](?!:)")


class _Checker:
    def __init__(self, documents: dict[str, YamlDocument], display_names: dict[str, str]) -> None:
        self.documents = documents
        self.display_names = display_names
        self.faults: list[Fault] = []

    def fault(self, file_name: str, path: YamlPath, message: str) -> None:
        line = self.documents[file_name].line_of(path)
        self.faults.append(Fault(self.display_names[file_name], line, format_path(path), message))

    def unique(self, file_name: str, items: Iterable[tuple[YamlPath, Any]], what: str, seen: dict[Any, tuple[str, YamlPath]] | None = None) -> None:
        """Every value once; ``seen`` may be shared between files (quote ids live in two files)."""
        seen = {} if seen is None else seen
        for path, value in items:
            if value in seen:
                first_file, first_path = seen[value]
                first_line = self.documents[first_file].line_of(first_path)
                self.fault(
                    file_name,
                    path,
                    f"duplicate {what} '{value}': already used at {self.display_names[first_file]}:{first_line}; give this one another {what}",
                )
            else:
                seen[value] = (file_name, path)

    def known(self, file_name: str, path: YamlPath, value: str, known: Iterable[str], what: str, where: str) -> None:
        from knowledge_hub.loader import did_you_mean  # local: loader imports this module

        known = list(known) if not isinstance(known, (dict, set)) else known
        if value not in known:
            self.fault(file_name, path, f"unknown {what} '{value}'{did_you_mean(value, known)}: use an id defined in {where}")


def check_references(files: dict[str, Model], documents: dict[str, YamlDocument], display_names: dict[str, str]) -> list[Fault]:
    """Every fault across files: duplicate ids, dangling references, unmatched footnotes."""
    c = _Checker(documents, display_names)
    publication = files["publication.yaml"]
    tags = files["tags.yaml"].tags  # type: ignore[attr-defined]
    people = files["people.yaml"].people  # type: ignore[attr-defined]
    dialogues = files["dialogues.yaml"].dialogues  # type: ignore[attr-defined]
    recommendations = files["recommendations.yaml"].recommendations  # type: ignore[attr-defined]
    resources = files["resources.yaml"].resources  # type: ignore[attr-defined]
    practices = files["practices.yaml"].practices  # type: ignore[attr-defined]
    where = {n: display_names[n] for n in display_names}

    c.unique("tags.yaml", ((("tags", i, "id"), t.id) for i, t in enumerate(tags)), "tag id")
    c.unique("people.yaml", ((("people", i, "id"), p.id) for i, p in enumerate(people)), "person id")
    c.unique("dialogues.yaml", ((("dialogues", i, "id"), d.id) for i, d in enumerate(dialogues)), "dialogue id")
    c.unique("dialogues.yaml", ((("dialogues", i, "number"), d.number) for i, d in enumerate(dialogues)), "dialogue number")
    c.unique("recommendations.yaml", ((("recommendations", i, "number"), r.number) for i, r in enumerate(recommendations)), "recommendation number")
    c.unique("recommendations.yaml", ((("recommendations", i, "slug"), r.slug) for i, r in enumerate(recommendations)), "recommendation slug")
    c.unique("resources.yaml", ((("resources", i, "id"), r.id) for i, r in enumerate(resources)), "resource id")
    c.unique("practices.yaml", ((("practices", i, "id"), p.id) for i, p in enumerate(practices)), "practice id")

    # Quotes live in publication.yaml (epigraphs) and dialogues.yaml: one id space.
    quote_places = list(_quotes(publication, dialogues))
    seen_quotes: dict[Any, Any] = {}
    for file_name, path, quote in quote_places:
        c.unique(file_name, [(path + ("id",), quote.id)], "quote id", seen_quotes)

    tag_ids = {t.id for t in tags}
    person_ids = {p.id for p in people}
    dialogue_ids = {d.id for d in dialogues}
    quote_ids = {q.id for _, _, q in quote_places}
    resource_ids = {r.id for r in resources}
    slugs = {r.slug for r in recommendations}
    names = {
        "tags": where["tags.yaml"], "people": where["people.yaml"], "dialogues": where["dialogues.yaml"],
        "quotes": f"{where['dialogues.yaml']} or {where['publication.yaml']}", "resources": where["resources.yaml"],
        "recommendations": where["recommendations.yaml"],
    }

    for file_name, path, quote in quote_places:
        c.known(file_name, path + ("speaker",), quote.speaker, person_ids, "person", names["people"])
        for j, tag in enumerate(quote.tags):
            c.known(file_name, path + ("tags", j), tag, tag_ids, "tag", names["tags"])

    people_in_dialogues: set[str] = set()
    for i, dialogue in enumerate(dialogues):
        base: YamlPath = ("dialogues", i)
        c.known("dialogues.yaml", base + ("facilitator",), dialogue.facilitator, person_ids, "person", names["people"])
        for j, speaker in enumerate(dialogue.speakers):
            c.known("dialogues.yaml", base + ("speakers", j), speaker, person_ids, "person", names["people"])
        c.unique("dialogues.yaml", (((*base, "speakers", j), s) for j, s in enumerate(dialogue.speakers)), "speaker")
        present = {*dialogue.speakers, dialogue.facilitator}
        people_in_dialogues |= present
        for j, quote in enumerate(dialogue.quotes):
            if quote.speaker in person_ids and quote.speaker not in present:
                c.fault("dialogues.yaml", base + ("quotes", j, "speaker"),
                        f"'{quote.speaker}' is not a speaker or the facilitator of this dialogue: add them to its speakers or fix the quote's speaker")

    for i, person in enumerate(people):
        if person.id not in people_in_dialogues:
            c.fault("people.yaml", ("people", i, "id"), f"'{person.id}' speaks at no dialogue: add them to a dialogue's speakers or remove the entry")

    for i, rec in enumerate(recommendations):
        base = ("recommendations", i)
        for j, quote in enumerate(rec.quotes):
            c.known("recommendations.yaml", base + ("quotes", j), quote, quote_ids, "quote", names["quotes"])
        for key in ("cited_resources", "related_resources"):
            for j, resource in enumerate(getattr(rec, key)):
                c.known("recommendations.yaml", base + (key, j), resource, resource_ids, "resource", names["resources"])
        for j, resource in enumerate(rec.related_resources):
            if resource in rec.cited_resources:
                c.fault("recommendations.yaml", base + ("related_resources", j),
                        f"'{resource}' is already in cited_resources: list a resource as cited or as related, not both")
        for j, tag in enumerate(rec.tags):
            c.known("recommendations.yaml", base + ("tags", j), tag, tag_ids, "tag", names["tags"])
        _footnotes(c, "recommendations.yaml", base, rec.body, rec.footnotes)

    for name in ("introduction", "dialogues_overview", "conclusion"):
        section: Section = getattr(publication, name)
        _footnotes(c, "publication.yaml", (name,), [*section.paragraphs, *section.closing], section.footnotes, body_key="paragraphs")

    for i, resource in enumerate(resources):
        for j, tag in enumerate(resource.tags):
            c.known("resources.yaml", ("resources", i, "tags", j), tag, tag_ids, "tag", names["tags"])

    for i, practice in enumerate(practices):
        base = ("practices", i)
        for key, known, what in (
            ("shared_by", person_ids, "person"), ("dialogues", dialogue_ids, "dialogue"),
            ("recommendations", slugs, "recommendation"), ("resources", resource_ids, "resource"), ("tags", tag_ids, "tag"),
        ):
            plural = {"person": "people", "dialogue": "dialogues", "recommendation": "recommendations", "resource": "resources", "tag": "tags"}[what]
            for j, value in enumerate(getattr(practice, key)):
                c.known("practices.yaml", base + (key, j), value, known, what, names[plural])

    # Links written inside any text, in any file.
    for file_name, document in documents.items():
        for path, text in walk_strings(document.data):
            for match in RESOURCE_LINK.finditer(text):
                c.known(file_name, path, match.group(1), resource_ids, "resource", names["resources"])
    return c.faults


def _quotes(publication: Any, dialogues: list[Any]) -> Iterator[tuple[str, YamlPath, Any]]:
    for name in ("introduction", "dialogues_overview", "conclusion"):
        epigraph = getattr(publication, name).epigraph
        if epigraph is not None:
            yield "publication.yaml", (name, "epigraph"), epigraph
    for i, dialogue in enumerate(dialogues):
        for j, quote in enumerate(dialogue.quotes):
            yield "dialogues.yaml", ("dialogues", i, "quotes", j), quote


def _footnotes(c: _Checker, file_name: str, base: YamlPath, paragraphs: list[str], footnotes: list[Any], body_key: str = "body") -> None:
    """Every [^n] marker has a footnote and every footnote is marked, once."""
    marked: dict[int, int] = {}
    for index, text in enumerate(paragraphs):
        for match in FOOTNOTE_MARK.finditer(text):
            marked.setdefault(int(match.group(1)), index)
    numbers = [f.number for f in footnotes]
    for number, index in marked.items():
        if number not in numbers:
            c.fault(file_name, base + (body_key, index), f"footnote marker [^{number}] has no footnote: add a footnote with number {number}")
    for j, number in enumerate(numbers):
        if number not in marked:
            c.fault(file_name, base + ("footnotes", j, "number"), f"footnote {number} is never marked: put [^{number}] in the text where it belongs")
        if numbers.count(number) > 1 and numbers.index(number) != j:
            c.fault(file_name, base + ("footnotes", j, "number"), f"footnote number {number} is used twice: renumber one")


def walk_strings(value: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every string in a tree of dicts and lists (parsed YAML, a nav), with its path; dict keys are not visited."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, path + (index,))
