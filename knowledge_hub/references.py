"""Cross-file checks: unique ids and every reference resolving, each fault naming both ends.

``check_references`` runs one small check per entity over the typed ``DataSet`` of all files;
each check reports through ``_Checker``, which turns a path in a file into a located Fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel

from knowledge_hub.faults import Fault, YamlPath, did_you_mean, format_path
from knowledge_hub.markdown_syntax import FOOTNOTE_MARKER, RESOURCE_TARGET, reading_text
from knowledge_hub.model_fields import annotation_metadata as annotation_metadata  # re-exported: older imports
from knowledge_hub.models import (
    EPIGRAPH_SECTIONS,
    DataFile,
    DataSet,
    Footnote,
    Model,
    Quote,
    Recommendation,
    Section,
    Source,
)
from knowledge_hub.text_rules import ID_RULES
from knowledge_hub.yaml_source import YamlDocument

_IdKind = Literal["tag", "person", "dialogue", "quote", "resource", "recommendation"]
"""The kinds of id another entry may refer to (``_Checker.ids``)."""


class _Checker:
    """Where faults are collected, with the ids every check may look up."""

    def __init__(self, data: DataSet, documents: Mapping[DataFile, YamlDocument], display_names: Mapping[DataFile, str]) -> None:
        self.documents = documents
        self.display_names = display_names
        self.faults: list[Fault] = []
        self.quotes = list(quote_places(data))
        self.ids: dict[_IdKind, set[Any]] = {
            "tag": {t.id for t in data.tags.tags},
            "person": {p.id for p in data.people.people},
            "dialogue": {d.id for d in data.dialogues.dialogues},
            "quote": {q.id for _, _, q in self.quotes},
            "resource": {r.id for r in data.resources.resources},
            "recommendation": {r.slug for r in data.recommendations.recommendations},
        }
        where = display_names
        self.defined_in: dict[_IdKind, str] = {
            "tag": where[DataFile.TAGS],
            "person": where[DataFile.PEOPLE],
            "dialogue": where[DataFile.DIALOGUES],
            "quote": f"{where[DataFile.DIALOGUES]} or {where[DataFile.PUBLICATION]}",
            "resource": where[DataFile.RESOURCES],
            "recommendation": where[DataFile.RECOMMENDATIONS],
        }

    def fault(self, file: DataFile, path: YamlPath, message: str) -> None:
        line = self.documents[file].line_of(path)
        self.faults.append(Fault(self.display_names[file], line, format_path(path), message))

    def unique(
        self,
        file: DataFile,
        items: Iterable[tuple[YamlPath, Any]],
        what: str,
        seen: dict[Any, tuple[DataFile, YamlPath]] | None = None,
    ) -> None:
        """Every value once; ``seen`` may be shared between files (quote ids live in two files)."""
        seen = {} if seen is None else seen
        for path, value in items:
            if value in seen:
                first_file, first_path = seen[value]
                first_line = self.documents[first_file].line_of(first_path)
                self.fault(
                    file,
                    path,
                    f"duplicate {what} '{value}': already used at {self.display_names[first_file]}:{first_line}; give this one another {what}",
                )
            else:
                seen[value] = (file, path)

    def known(self, file: DataFile, path: YamlPath, value: str, what: _IdKind) -> None:
        """``value`` is the id of an existing ``what``."""
        if value not in self.ids[what]:
            self.fault(
                file,
                path,
                f"unknown {what} '{value}'{did_you_mean(value, self.ids[what])}: use an id defined in {self.defined_in[what]}",
            )

    def all_known(self, file: DataFile, base: YamlPath, key: str, values: list[str], what: _IdKind) -> None:
        for index, value in enumerate(values):
            self.known(file, base + (key, index), value, what)


def check_references(
    data: DataSet, documents: Mapping[DataFile, YamlDocument], display_names: Mapping[DataFile, str]
) -> list[Fault]:
    """Every fault across files: duplicate ids, dangling references, unmatched footnotes, repeats in a list."""
    c = _Checker(data, documents, display_names)
    for check in (
        _tags,
        _people,
        _quotes,
        _dialogues,
        _recommendations,
        _sections,
        _resources,
        _practices,
        _sources_named,
        _help,
        _indicator,
        _text_links,
    ):
        check(c, data)
    for file, model in data.items():
        _no_repeats(c, file, model, ())
    return c.faults


def _tags(c: _Checker, data: DataSet) -> None:
    c.unique(DataFile.TAGS, ((("tags", i, "id"), t.id) for i, t in enumerate(data.tags.tags)), "tag id")
    by_slug = {r.slug: r for r in data.recommendations.recommendations}
    for i, tag in enumerate(data.tags.tags):
        for j, ask in enumerate(tag.asks):
            path: YamlPath = ("tags", i, "asks", j)
            c.known(DataFile.TAGS, path + ("recommendation",), ask.recommendation, "recommendation")
            rec = by_slug.get(ask.recommendation)
            if rec is None:
                continue
            where = _sentence_place(ask.text, rec)
            if where != "sentence":
                what = "is only part of a sentence in" if where == "part" else "is not in"
                c.fault(
                    DataFile.TAGS,
                    path + ("text",),
                    f"'{_opening(ask.text)}' {what} the body of recommendation {rec.number}: copy one whole sentence of it exactly, "
                    "from its first word to its full stop (leave out bold, links and footnote markers)",
                )
            if tag.id not in rec.tags:
                c.fault(
                    DataFile.TAGS,
                    path + ("recommendation",),
                    f"recommendation {rec.number} is not tagged '{tag.id}', so the audience page would not list it: "
                    f"add '{tag.id}' to its tags in {c.display_names[DataFile.RECOMMENDATIONS]}, or pick a sentence "
                    "from a recommendation that has that tag",
                )


def _opening(text: str, length: int = 60) -> str:
    """The start of a long text, enough to find it in the file."""
    return text if len(text) <= length else text[:length].rstrip() + "…"


_SENTENCE_END = re.compile(r"[.?!][\"'”’)]*$")
_AFTER_A_SENTENCE = re.compile(r"[.?!][\"'”’)]*\s")
_WORD = re.compile(r"[^\W_]")


def _sentence_place(text: str, rec: Recommendation) -> str:
    """'sentence' where ``text`` is a whole sentence of the body as a reader sees it, 'part' where it is only
    inside one, 'absent' where the body does not hold it."""
    found = "absent"
    for paragraph in (reading_text(p) for p in rec.body):
        start = paragraph.find(text)
        while start != -1:
            found = "part"
            end = start + len(text)
            # No word between the end of the sentence before (or the paragraph's start) and the text.
            ends = list(_AFTER_A_SENTENCE.finditer(paragraph, 0, start))
            # or it starts with a capital, as a sentence does (a body edited before it keeps its asks).
            opens = _WORD.search(paragraph, ends[-1].end() if ends else 0, start) is None or text[:1].isupper()
            closes = _SENTENCE_END.search(text) is not None and (end == len(paragraph) or paragraph[end] == " ")
            if opens and closes:
                return "sentence"
            start = paragraph.find(text, start + 1)
    return found


def _people(c: _Checker, data: DataSet) -> None:
    people = data.people.people
    c.unique(DataFile.PEOPLE, ((("people", i, "id"), p.id) for i, p in enumerate(people)), "person id")
    present = {p for d in data.dialogues.dialogues for p in (*d.speakers, d.facilitator)}
    for i, person in enumerate(people):
        if person.id not in present:
            c.fault(
                DataFile.PEOPLE,
                ("people", i, "id"),
                f"'{person.id}' speaks at no dialogue: add them to a dialogue's speakers or remove the entry",
            )


def _quotes(c: _Checker, data: DataSet) -> None:
    """Quotes live in publication.yaml (epigraphs) and dialogues.yaml: one id space."""
    seen: dict[Any, tuple[DataFile, YamlPath]] = {}
    for file, path, quote in c.quotes:
        c.unique(file, [(path + ("id",), quote.id)], "quote id", seen)
        c.known(file, path + ("speaker",), quote.speaker, "person")
        c.all_known(file, path, "tags", quote.tags, "tag")


def _dialogues(c: _Checker, data: DataSet) -> None:
    dialogues = data.dialogues.dialogues
    c.unique(DataFile.DIALOGUES, ((("dialogues", i, "id"), d.id) for i, d in enumerate(dialogues)), "dialogue id")
    c.unique(DataFile.DIALOGUES, ((("dialogues", i, "number"), d.number) for i, d in enumerate(dialogues)), "dialogue number")
    for i, dialogue in enumerate(dialogues):
        base: YamlPath = ("dialogues", i)
        c.known(DataFile.DIALOGUES, base + ("facilitator",), dialogue.facilitator, "person")
        c.all_known(DataFile.DIALOGUES, base, "speakers", dialogue.speakers, "person")
        present = {*dialogue.speakers, dialogue.facilitator}
        for j, quote in enumerate(dialogue.quotes):
            if quote.speaker in c.ids["person"] and quote.speaker not in present:
                c.fault(
                    DataFile.DIALOGUES,
                    base + ("quotes", j, "speaker"),
                    f"'{quote.speaker}' is not a speaker or the facilitator of this dialogue: add them to its speakers or fix the quote's speaker",
                )


def _recommendations(c: _Checker, data: DataSet) -> None:
    recommendations = data.recommendations.recommendations
    c.unique(
        DataFile.RECOMMENDATIONS,
        ((("recommendations", i, "number"), r.number) for i, r in enumerate(recommendations)),
        "recommendation number",
    )
    c.unique(
        DataFile.RECOMMENDATIONS,
        ((("recommendations", i, "slug"), r.slug) for i, r in enumerate(recommendations)),
        "recommendation slug",
    )
    for i, rec in enumerate(recommendations):
        base: YamlPath = ("recommendations", i)
        c.all_known(DataFile.RECOMMENDATIONS, base, "quotes", rec.quotes, "quote")
        c.all_known(DataFile.RECOMMENDATIONS, base, "cited_resources", rec.cited_resources, "resource")
        c.all_known(DataFile.RECOMMENDATIONS, base, "related_resources", rec.related_resources, "resource")
        for j, resource in enumerate(rec.related_resources):
            if resource in rec.cited_resources:
                c.fault(
                    DataFile.RECOMMENDATIONS,
                    base + ("related_resources", j),
                    f"'{resource}' is already in cited_resources: list a resource as cited or as related, not both",
                )
        c.all_known(DataFile.RECOMMENDATIONS, base, "tags", rec.tags, "tag")
        _footnotes(c, DataFile.RECOMMENDATIONS, base, [(("body", j), text) for j, text in enumerate(rec.body)], rec.footnotes)


def _sections(c: _Checker, data: DataSet) -> None:
    for name in ("introduction", "dialogues_overview", "conclusion"):
        section: Section = getattr(data.publication, name)
        paragraphs = [
            *((("paragraphs", j), text) for j, text in enumerate(section.paragraphs)),
            *((("closing", j), text) for j, text in enumerate(section.closing)),
        ]
        _footnotes(c, DataFile.PUBLICATION, (name,), paragraphs, section.footnotes)


def _resources(c: _Checker, data: DataSet) -> None:
    resources = data.resources.resources
    c.unique(DataFile.RESOURCES, ((("resources", i, "id"), r.id) for i, r in enumerate(resources)), "resource id")
    for i, resource in enumerate(resources):
        c.all_known(DataFile.RESOURCES, ("resources", i), "tags", resource.tags, "tag")


def _practices(c: _Checker, data: DataSet) -> None:
    practices = data.practices.practices
    c.unique(DataFile.PRACTICES, ((("practices", i, "id"), p.id) for i, p in enumerate(practices)), "practice id")
    for i, practice in enumerate(practices):
        base: YamlPath = ("practices", i)
        c.all_known(DataFile.PRACTICES, base, "shared_by", practice.shared_by, "person")
        c.all_known(DataFile.PRACTICES, base, "dialogues", practice.dialogues, "dialogue")
        c.all_known(DataFile.PRACTICES, base, "recommendations", practice.recommendations, "recommendation")
        c.all_known(DataFile.PRACTICES, base, "resources", practice.resources, "resource")
        c.all_known(DataFile.PRACTICES, base, "tags", practice.tags, "tag")


def _sources_named(c: _Checker, data: DataSet) -> None:
    """Every source names a listed publication (required once there are two) and a section of its contents."""
    publication = data.publication
    publications = {s.id: s for s in publication.sources}
    where = c.display_names[DataFile.PUBLICATION]
    c.unique(DataFile.PUBLICATION, ((("sources", i, "id"), s.id) for i, s in enumerate(publication.sources)), "source id")
    _contents(c, data)
    for file, model in data.items():
        for path, source in _sources(model):
            if source.publication is None:
                if len(publications) > 1:
                    c.fault(
                        file,
                        path + ("section",),
                        f"say which publication this comes from: add `publication:` with one of {', '.join(publications)} "
                        f"(the ids under sources in {where}); with more than one publication every source names its own",
                    )
                    continue
                cited = publication.sources[0]
            elif source.publication not in publications:
                c.fault(
                    file,
                    path + ("publication",),
                    f"unknown publication '{source.publication}'{did_you_mean(source.publication, set(publications))}: "
                    f"use an id listed under sources in {where}",
                )
                continue
            else:
                cited = publications[source.publication]
            if cited.section_of(source.section) is None:
                sections = [entry.section for entry in cited.contents]
                c.fault(
                    file,
                    path + ("section",),
                    f"'{source.section}' is not a section in the contents of '{cited.id}'"
                    f"{did_you_mean(source.section, set(sections))}: write one of {'; '.join(sections)} "
                    f"(a part of it may follow after ': ' or ', '), or add the section to that publication's contents in {where}",
                )
    for i, person in enumerate(data.people.people):
        for j, title in enumerate(person.titles):
            if title.publication not in publications:
                c.fault(
                    DataFile.PEOPLE,
                    ("people", i, "titles", j, "publication"),
                    f"unknown publication '{title.publication}'{did_you_mean(title.publication, set(publications))}: "
                    f"use an id listed under sources in {where}",
                )


def _contents(c: _Checker, data: DataSet) -> None:
    """Each publication's contents: a section once, and a last page the hub read is the page before the next section."""
    for i, publication in enumerate(data.publication.sources):
        base: YamlPath = ("sources", i, "contents")
        c.unique(
            DataFile.PUBLICATION, (((*base, j, "section"), e.section) for j, e in enumerate(publication.contents)), "section"
        )
        for j, entry in enumerate(publication.contents):
            if not entry.last_page_read:
                continue
            following = publication.contents[j + 1] if j + 1 < len(publication.contents) else None
            if following is None:
                c.fault(
                    DataFile.PUBLICATION,
                    (*base, j, "last_page_read"),
                    "no section follows this one, so its last page cannot be read from the contents: write the last page "
                    "the publication prints and remove last_page_read, or leave out both",
                )
            elif entry.last_page != following.first_page - 1:
                c.fault(
                    DataFile.PUBLICATION,
                    (*base, j, "last_page"),
                    f"the next section, '{following.section}', starts on page {following.first_page}, so the hub's reading "
                    f"of this one's last page is {following.first_page - 1}: write last_page: {following.first_page - 1}, "
                    "or, if the publication prints another last page, write that and remove last_page_read",
                )


def _audience(c: _Checker, data: DataSet, file: DataFile, path: YamlPath, tag_id: str) -> None:
    """``tag_id`` names an audience tag (one with a page of its own)."""
    c.known(file, path, tag_id, "tag")
    kinds = {t.id: t.kind for t in data.tags.tags}
    if kinds.get(tag_id, "audience") != "audience":
        audiences = [t.id for t in data.tags.tags if t.kind == "audience"]
        c.fault(file, path, f"'{tag_id}' is a {kinds[tag_id]}, not an audience: use one of {', '.join(audiences)}")


def _indicator(c: _Checker, data: DataSet) -> None:
    if data.publication.indicator.audience is not None:
        _audience(c, data, DataFile.PUBLICATION, ("indicator", "audience"), data.publication.indicator.audience)


def _help(c: _Checker, data: DataSet) -> None:
    """Each help mechanism links to an entry of the hub: its practice, or its resources."""
    for i, pointer in enumerate(data.help.pointers):
        _audience(c, data, DataFile.HELP, ("pointers", i, "audience"), pointer.audience)
    mechanisms = data.help.mechanisms
    practice_ids = {p.id for p in data.practices.practices}
    c.unique(DataFile.HELP, ((("mechanisms", i, "id"), m.id) for i, m in enumerate(mechanisms)), "mechanism id")
    for i, mechanism in enumerate(mechanisms):
        base: YamlPath = ("mechanisms", i)
        if mechanism.practice is not None and mechanism.practice not in practice_ids:
            c.fault(
                DataFile.HELP,
                base + ("practice",),
                f"unknown practice '{mechanism.practice}'{did_you_mean(mechanism.practice, practice_ids)}: "
                f"use an id defined in {c.display_names[DataFile.PRACTICES]}",
            )
        c.all_known(DataFile.HELP, base, "resources", mechanism.resources, "resource")
        if mechanism.practice is None and not mechanism.resources:
            c.fault(
                DataFile.HELP, base + ("id",), f"'{mechanism.id}' links to no entry of the hub: add its practice or resources"
            )


def _text_links(c: _Checker, data: DataSet) -> None:
    """``[title](resource:<id>)`` links written inside any text, in any file."""
    for file, document in c.documents.items():
        for path, text in walk_strings(document.data):
            for match in RESOURCE_TARGET.finditer(text):
                c.known(file, path, match["id"], "resource")


def _no_repeats(c: _Checker, file: DataFile, model: BaseModel, base: YamlPath) -> None:
    """No id twice in one list of ids (a quote listed twice would be shown twice)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            _no_repeats(c, file, value, base + (name,))
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for index, item in enumerate(value):
                _no_repeats(c, file, item, base + (name, index))
        elif isinstance(value, list) and ID_RULES in annotation_metadata(info.annotation):
            first: dict[str, int] = {}
            for index, item in enumerate(value):
                if item in first:
                    line = c.documents[file].line_of(base + (name, first[item]))
                    c.fault(
                        file,
                        base + (name, index),
                        f"'{item}' is listed twice in {name} (first at line {line}): remove the repeat",
                    )
                else:
                    first[item] = index


def _sources(value: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, Source]]:
    """Every Source inside a file's model, with its path."""
    if isinstance(value, Source):
        yield path, value
    elif isinstance(value, Model):
        for name in type(value).model_fields:
            yield from _sources(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _sources(item, path + (index,))


def quote_places(data: DataSet) -> Iterator[tuple[DataFile, YamlPath, Quote]]:
    """Every quote with its file and path: the sections' epigraphs, then each dialogue's quotes."""
    for name in EPIGRAPH_SECTIONS:
        epigraph = getattr(data.publication, name).epigraph
        if epigraph is not None:
            yield DataFile.PUBLICATION, (name, "epigraph"), epigraph
    for i, dialogue in enumerate(data.dialogues.dialogues):
        for j, quote in enumerate(dialogue.quotes):
            yield DataFile.DIALOGUES, ("dialogues", i, "quotes", j), quote


def _footnotes(
    c: _Checker, file: DataFile, base: YamlPath, paragraphs: Sequence[tuple[YamlPath, str]], footnotes: list[Footnote]
) -> None:
    """Every [^n] marker has a footnote and every footnote is marked, once; ``paragraphs`` are (path, text)."""
    marked: dict[int, YamlPath] = {}
    for where, text in paragraphs:
        for match in FOOTNOTE_MARKER.finditer(text):
            marked.setdefault(int(match["number"]), where)
    numbers = [f.number for f in footnotes]
    for number, where in marked.items():
        if number not in numbers:
            c.fault(file, base + where, f"footnote marker [^{number}] has no footnote: add a footnote with number {number}")
    for j, number in enumerate(numbers):
        if number not in marked:
            c.fault(
                file,
                base + ("footnotes", j, "number"),
                f"footnote {number} is never marked: put [^{number}] in the text where it belongs",
            )
        if numbers.count(number) > 1 and numbers.index(number) != j:
            c.fault(file, base + ("footnotes", j, "number"), f"footnote number {number} is used twice: renumber one")


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
