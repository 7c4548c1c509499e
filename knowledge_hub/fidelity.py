"""The fidelity rules: what the data gives as a publication's words is what that publication prints.

Each publication in data/publication.yaml ``sources:`` whose ``text`` file is in the sources folder
is compared with that file only; an item names its publication in its ``source.publication``
(none: the first). A publication whose text file is not there is not compared: of these rules only
the page count applies to its items (a copy of the data without sources/ is checked for everything
else). The rules, each a located fault with what to do:

- every field that holds the publication's words (quotes and their attributions, the dialogues'
  titles, hosts, audiences and summaries, the recommendations, the sections of publication.yaml,
  practices' ``basis``, resources' descriptions, people as the speaker lists print them) is found
  in its publication's text word for word; the fault names the first word that differs and shows
  what the publication prints there;
- headings (section titles, the toolkit card's heading, dialogue labels) are lines the
  publication prints, in its capitals; the contents entries are its table of contents;
- a resource's title is printed unless ``title_wording: curators`` says the curators made it,
  and a resource in an Appendix 1 group has its title in the appendix, in the appendix's order;
- a practice's description is the publication's words: one passage, or passages of at least
  ``MIN_EXCERPT`` characters joined (then ``description_joined: true``, and only then); its name is
  printed exactly when ``name_wording`` says so; its organisation is named in its ``basis``;
- a person's title names their organisation, and a quote's attribution names its speaker;
- the citation title is the cover's, in sentence case; the first source is the imprint's publication;
- no page number is beyond its publication's ``pages``.

Both sides are normalised the same way before comparing (``normalise``): link markup is reduced
to its words, footnote markers, bold markers and Markdown escapes are dropped, and every run of
whitespace is one space. Nothing else is forgiven: spelling, case, curly quotes and punctuation
must match. Each text is read and normalised once while it is unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from knowledge_hub.faults import Fault, YamlPath, did_you_mean
from knowledge_hub.hub import Hub
from knowledge_hub.loader import LoadedData
from knowledge_hub.markdown_syntax import reading_text
from knowledge_hub.models import (
    DataFile,
    DataSet,
    EpigraphSection,
    Quote,
    Section,
    Source,
)

_SUPERSCRIPT_DIGITS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` as compared: link words without their target, no footnote markers (``[^n]`` in the
    data, superscript digits in a source text), no bold markers or escapes, whitespace folded."""
    text = reading_text(text)
    text = _SUPERSCRIPT_DIGITS.sub("", text)
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    text = text.replace("**", "")
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class PublicationText:
    """One publication's text, read once: normalised, and as lines (for headings and lists)."""

    shown: str
    """The file as a contributor finds it, e.g. ``sources/making-zero-tolerance-a-reality-2021.txt``."""
    raw: str
    normalised: str
    lines: frozenset[str]
    """Every line, stripped of spaces at either end."""

    @classmethod
    def read(cls, path: Path, shown: str) -> PublicationText:
        raw = path.read_text(encoding="utf-8")
        return cls(shown, raw, normalise(raw), frozenset(line.strip() for line in raw.splitlines()))


@dataclass(frozen=True)
class Difference:
    """Where a text stops matching its publication."""

    index: int
    """The first word (counted from 0) that is not where the publication has the words before it."""
    printed: str
    """The publication's wording there: the last words found and the few it prints next."""


def first_difference(text: str, reference: str) -> Difference | None:
    """Where normalised ``text`` stops matching ``reference``, or None when the whole text is in it."""
    if text in reference:
        return None
    words = text.split(" ")
    low, high = 0, len(words) - 1
    while low < high:  # the most leading words found together in the reference
        middle = (low + high + 1) // 2
        if " ".join(words[:middle]) in reference:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return Difference(0, "")
    prefix = " ".join(words[:low])
    at = reference.index(prefix)
    following = reference[at + len(prefix) :].split()
    shown = ["…", *words[max(0, low - 4) : low], *following[:4]]
    if len(following) > 4:
        shown.append("…")
    return Difference(low, " ".join(shown))


@dataclass(frozen=True)
class _Item:
    """A field that holds a publication's words."""

    file: DataFile
    path: YamlPath
    text: str
    publication: str


def fidelity_faults(data: LoadedData, sources_dir: Path, *, display_root: Path) -> list[Fault]:
    """Every fidelity fault of the data, located (see the module's description)."""
    hub = data.hub
    files = data.files
    texts = _texts(hub, sources_dir, display_root)
    faults = list(_page_faults(data))
    faults += _verbatim_faults(data, files, texts)
    faults += _people_as_listed(data, files, texts)
    faults += _heading_faults(data, files, texts)
    faults += _contents_faults(data, files, texts)
    faults += _resource_faults(data, files, texts)
    faults += _practice_faults(data, files, texts)
    faults += _naming_faults(data, files, texts)
    if hub.publication.sources[0].id in texts:
        faults += _citation_faults(data, files)
    return faults


def _texts(hub: Hub, sources_dir: Path, display_root: Path) -> dict[str, PublicationText]:
    """Publication id -> its text, for every publication whose ``text`` file is in ``sources_dir``."""
    texts = {}
    for publication in hub.publication.sources:
        if publication.text is None:
            continue
        path = sources_dir / publication.text
        if path.is_file():
            stat = path.stat()
            texts[publication.id] = _read_text(path, stat.st_mtime_ns, stat.st_size, _display_name(path, display_root))
    return texts


@functools.lru_cache(maxsize=16)
def _read_text(path: Path, mtime_ns: int, size: int, shown: str) -> PublicationText:
    """A text read and normalised once while it is unchanged (the preview and the tests check many times)."""
    return PublicationText.read(path, shown)


# --- page numbers ---------------------------------------------------------------------------------


def _page_faults(data: LoadedData) -> Iterator[Fault]:
    """A contents entry's page beyond the last page of its publication."""
    for index, publication in enumerate(data.hub.publication.sources):
        for i, entry in enumerate(publication.contents):
            for field in ("first_page", "last_page"):
                page = getattr(entry, field)
                if page is not None and page > publication.pages:
                    yield data.fault(
                        DataFile.PUBLICATION,
                        ("sources", index, "contents", i, field),
                        f"page {page} is beyond the end of '{publication.title}', which has {publication.pages} pages "
                        f"(sources[{index}].pages): give the page as the publication's table of contents prints it, "
                        "or correct its number of pages",
                    )


# --- the publication's words ----------------------------------------------------------------------


def _verbatim_faults(data: LoadedData, files: DataSet, texts: dict[str, PublicationText]) -> Iterator[Fault]:
    for item in _verbatim_items(data.hub, files):
        text = texts.get(item.publication)
        if text is None:
            continue
        normalised = normalise(item.text)
        difference = first_difference(normalised, text.normalised)
        if difference is None:
            continue
        index, words = difference.index, normalised.split(" ")
        copy = f"copy the text exactly as printed in {text.shown} (spelling, capitals, quotation marks and punctuation too)"
        if index == 0:
            message = f"'{words[0]}', the first word, is not in {text.shown}: {copy}"
        else:
            message = f"'{words[index]}' is not what the publication prints here (it prints '{difference.printed}'): {copy}"
        line = _word_line(data, item, normalised, index)
        fault = data.fault(item.file, item.path, message)
        yield Fault(fault.file, line or fault.line, fault.field, fault.message)


def _word_line(data: LoadedData, item: _Item, normalised: str, index: int) -> int | None:
    """The line where the differing word stands in the file, when it can be found; else None."""
    words = normalised.split(" ")
    if index >= len(words):
        return None
    word = words[index]
    skip = " ".join(words[:index]).count(word)  # the word may stand earlier in the text too
    place = data.documents[item.file].locate(item.path, word, skip=skip)
    return place[0] if place else None


def _verbatim_items(hub: Hub, files: DataSet) -> Iterator[_Item]:
    """Every field the data gives as a publication's own words, with its file, path and publication."""
    first = hub.publication.sources[0].id

    def of(source: Source) -> str:
        return hub.publication_of(source).id

    def quote(file: DataFile, path: YamlPath, value: Quote) -> Iterator[_Item]:
        yield _Item(file, (*path, "text"), value.text, of(value.source))
        yield _Item(file, (*path, "attribution"), value.attribution, of(value.source))

    publication = files.publication
    name = DataFile.PUBLICATION
    for section_name in ("introduction", "dialogues_overview", "conclusion"):
        section: Section = getattr(publication, section_name)
        for field in ("paragraphs", "closing"):
            for i, paragraph in enumerate(getattr(section, field)):
                yield _Item(name, (section_name, field, i), paragraph, first)
        for i, footnote in enumerate(section.footnotes):
            yield _Item(name, (section_name, "footnotes", i, "text"), footnote.text, first)
        if isinstance(section, EpigraphSection) and section.epigraph is not None:
            yield from quote(name, (section_name, "epigraph"), section.epigraph)
    for i, paragraph in enumerate(publication.task_force.description):
        yield _Item(name, ("task_force", "description", i), paragraph, first)
    for i, workstream in enumerate(publication.task_force.workstreams):
        yield _Item(name, ("task_force", "workstreams", i, "name"), workstream.name, first)
        if workstream.lead:
            yield _Item(name, ("task_force", "workstreams", i, "lead"), workstream.lead, first)
    card = publication.toolkit_card
    yield _Item(name, ("toolkit_card", "subheading"), card.subheading, first)
    for field in ("what", "why"):
        for i, line in enumerate(getattr(card, field)):
            yield _Item(name, ("toolkit_card", field, i), line, first)
    indicator = publication.indicator
    yield _Item(name, ("indicator", "name"), indicator.name, first)
    for i, level in enumerate(indicator.levels):
        yield _Item(name, ("indicator", "levels", i, "name"), level.name, first)
        yield _Item(name, ("indicator", "levels", i, "criterion"), level.criterion, first)
    imprint = publication.publication
    for field in ("cover_title", "cover_subtitle", "title", "overview", "rights"):
        yield _Item(name, ("publication", field), getattr(imprint, field), first)
    for i, line in enumerate(imprint.credits):
        yield _Item(name, ("publication", "credits", i), line, first)

    name = DataFile.RECOMMENDATIONS
    yield _Item(name, ("introduction",), files.recommendations.introduction, first)
    for i, rec in enumerate(files.recommendations.recommendations):
        at: YamlPath = ("recommendations", i)
        yield _Item(name, (*at, "title"), rec.title, of(rec.source))
        yield _Item(name, (*at, "conclusion_title"), rec.conclusion_title, of(rec.source))
        for j, paragraph in enumerate(rec.body):
            yield _Item(name, (*at, "body", j), paragraph, of(rec.source))
        for j, footnote in enumerate(rec.footnotes):
            yield _Item(name, (*at, "footnotes", j, "text"), footnote.text, of(rec.source))

    name = DataFile.DIALOGUES
    for i, dialogue in enumerate(files.dialogues.dialogues):
        at = ("dialogues", i)
        yield _Item(name, (*at, "title"), dialogue.title, of(dialogue.source))
        yield _Item(name, (*at, "audience"), dialogue.audience, of(dialogue.source))
        for j, host in enumerate(dialogue.hosts):
            yield _Item(name, (*at, "hosts", j), host, of(dialogue.source))
        for j, paragraph in enumerate(dialogue.summary):
            yield _Item(name, (*at, "summary", j), paragraph, of(dialogue.source))
        for j, value in enumerate(dialogue.quotes):
            yield from quote(name, (*at, "quotes", j), value)

    for i, person in enumerate(files.people.people):
        yield _Item(DataFile.PEOPLE, ("people", i, "name"), person.name, _person_publication(hub, person.id))

    name = DataFile.PRACTICES
    for i, practice in enumerate(files.practices.practices):
        for j, words in enumerate(practice.basis):
            yield _Item(name, ("practices", i, "basis", j), words, of(practice.source[0]))

    name = DataFile.RESOURCES
    for i, resource in enumerate(files.resources.resources):
        if resource.description:
            yield _Item(name, ("resources", i, "description"), resource.description, of(resource.source[0]))


def _person_publication(hub: Hub, person: str) -> str:
    """A person is listed by the publication of the first dialogue they take part in (else the first)."""
    dialogues = hub.dialogues_by_person.get(person)
    return hub.publication_of(dialogues[0].source).id if dialogues else hub.publication.sources[0].id


def _people_as_listed(data: LoadedData, files: DataSet, texts: dict[str, PublicationText]) -> Iterator[Fault]:
    """Each person as the speaker list prints them: honorific, name, a comma and their title."""
    for i, person in enumerate(files.people.people):
        text = texts.get(_person_publication(data.hub, person.id))
        if text is None or normalise(person.name) not in text.normalised:
            continue  # an unprinted name is reported on its own
        parts = [("honorific", person.honorific), ("name", f"{person.name},"), ("title", person.title)]
        listed = normalise(" ".join(value for _, value in parts))
        difference = first_difference(listed, text.normalised)
        if difference is None:
            continue
        index, printed, words = difference.index, difference.printed, listed.split(" ")
        field, count = "title", 0
        for part, value in parts:
            count += len(normalise(value).split(" "))
            if index < count:
                field = part
                break
        differs = f"'{words[index]}'"
        yield data.fault(
            DataFile.PEOPLE,
            ("people", i, field),
            f"{differs} is not how the publication lists this person"
            + (f" (it prints '{printed}'; the hub shows '{' '.join(words)}')" if printed else f" ('{' '.join(words)}')")
            + f": copy the {field} exactly as the speaker list in {text.shown} prints it",
        )


# --- headings and contents ------------------------------------------------------------------------


def _heading_faults(data: LoadedData, files: DataSet, texts: dict[str, PublicationText]) -> Iterator[Fault]:
    """Headings, which a publication prints in capitals and the data writes in sentence case."""
    hub = data.hub
    first = hub.publication.sources[0].id
    publication = files.publication
    headings: list[tuple[DataFile, YamlPath, str, str]] = [
        (DataFile.PUBLICATION, (name, "title"), getattr(publication, name).title, first)
        for name in ("introduction", "dialogues_overview", "conclusion")
    ]
    headings.append((DataFile.PUBLICATION, ("toolkit_card", "heading"), publication.toolkit_card.heading, first))
    headings += [
        (DataFile.DIALOGUES, ("dialogues", i, "label"), d.label, hub.publication_of(d.source).id)
        for i, d in enumerate(files.dialogues.dialogues)
    ]
    for file_name, path, heading, publication_id in headings:
        text = texts.get(publication_id)
        if text is None:
            continue
        printed = normalise(heading).upper()
        if printed not in text.lines:
            capitals = [line for line in text.lines if line and line == line.upper() and any(c.isalpha() for c in line)]
            yield data.fault(
                file_name,
                path,
                f"'{heading}' is not a heading {text.shown} prints: it prints its headings in capitals, and no line "
                f"reads '{printed}'{did_you_mean(printed, capitals)}; write the heading with the publication's words",
            )


_CONTENTS_ENTRY = re.compile(r"^(.*\S)\t+(\d+)\s*$")


def table_of_contents(raw: str) -> list[tuple[str, int]] | None:
    """(title, page) as a text's table of contents prints them, or None when it has none.

    The table starts after a line ``TABLE OF CONTENTS`` and ends at the first empty line; an entry
    is a title, a tab and its page; a line without a page is a label that joins the next title
    (``DIALOGUE ONE`` + ``Dialogue with...`` -> ``DIALOGUE ONE: Dialogue with...``).
    """
    head, found, rest = raw.partition("\nTABLE OF CONTENTS\n")
    if not found:
        return None
    entries: list[tuple[str, int]] = []
    label = None
    for line in rest.strip("\n").split("\n\n", 1)[0].splitlines():
        match = _CONTENTS_ENTRY.match(line)
        if match is None:
            label = line.strip() or None
            continue
        title = match.group(1).strip()
        entries.append((f"{label}: {title}" if label else title, int(match.group(2))))
        label = None
    return entries


def _contents_faults(data: LoadedData, files: DataSet, texts: dict[str, PublicationText]) -> Iterator[Fault]:
    """Each publication's contents, where its text is in sources/, are its table of contents: names, titles, pages."""
    for index, publication in enumerate(files.publication.sources):
        text = texts.get(publication.id)
        printed = table_of_contents(text.raw) if text is not None else None
        if text is None or printed is None:
            continue
        pages = {normalise(title).upper(): page for title, page in printed}
        listed = set()
        for i, entry in enumerate(publication.contents):
            shown = entry.section + (f": {entry.title}" if entry.title else "")
            title = normalise(shown).upper()
            listed.add(title)
            at = ("sources", index, "contents", i)
            if title not in pages:
                yield data.fault(
                    DataFile.PUBLICATION,
                    (*at, "section"),
                    f"'{shown}' is not in the table of contents of {text.shown}{did_you_mean(title, pages)}: "
                    "copy the section's name (and its title, if the contents print one) as it prints them",
                )
            elif pages[title] != entry.first_page:
                yield data.fault(
                    DataFile.PUBLICATION,
                    (*at, "first_page"),
                    f"the table of contents prints page {pages[title]} for '{shown}': write first_page: {pages[title]}",
                )
        for title, page in printed:
            if normalise(title).upper() not in listed:
                yield data.fault(
                    DataFile.PUBLICATION,
                    ("sources", index, "contents"),
                    f"the table of contents of {text.shown} also lists '{title}' (page {page}): add it, in its order",
                )


# --- resources ------------------------------------------------------------------------------------


def _resource_faults(data: LoadedData, files: DataSet, texts: dict[str, PublicationText]) -> Iterator[Fault]:
    """Titles the publication prints (unless marked as the curators'), and Appendix 1 as printed."""
    hub = data.hub
    lowered = {publication: text.normalised.lower() for publication, text in texts.items()}
    appendix_lines: dict[tuple[str, str], list[str]] = {}
    last_in_appendix: dict[tuple[str, str], tuple[int, str]] = {}
    for i, resource in enumerate(files.resources.resources):
        at: YamlPath = ("resources", i)
        publication = hub.publication_of(resource.source[0]).id
        text = texts.get(publication)
        if text is None:
            continue
        titles = [t for t in (resource.title, resource.appendix_title) if t]
        printed = any(normalise(t).lower() in lowered[publication] for t in titles)
        if not printed and resource.title_wording == "publication":
            yield data.fault(
                DataFile.RESOURCES,
                (*at, "title"),
                f"'{resource.title}' is not a title {text.shown} prints: copy the title as the publication prints it, "
                "or, where it prints none, keep this one and write title_wording: curators",
            )
        elif printed and resource.title_wording == "curators":
            yield data.fault(
                DataFile.RESOURCES,
                (*at, "title_wording"),
                "is 'curators', but the publication prints this title: write title_wording: publication (or leave it out)",
            )
        if resource.group is None:
            continue
        appendix = next((s for s in resource.source if s.section.lower().startswith("appendix")), None)
        if appendix is None:
            continue
        appendix_text = texts.get(hub.publication_of(appendix).id)
        if appendix_text is None:
            continue
        key = (hub.publication_of(appendix).id, appendix.section)
        if key not in appendix_lines:
            appendix_lines[key] = _section_lines(appendix_text.raw, normalise(appendix.section).upper())
        lines = appendix_lines[key]
        title = normalise(resource.appendix_title or resource.title)
        field = "appendix_title" if resource.appendix_title else "title"
        if title not in lines:
            yield data.fault(
                DataFile.RESOURCES,
                (*at, field),
                f"{appendix.section} in {appendix_text.shown} prints no line '{title}'{did_you_mean(title, lines)}: "
                "copy the title as the appendix prints it (in appendix_title, when it differs from the title)",
            )
            continue
        position = lines.index(title)
        previous = last_in_appendix.get(key)
        if previous is not None and position < previous[0]:
            yield data.fault(
                DataFile.RESOURCES,
                (*at, "group"),
                f"{appendix.section} prints '{title}' before '{previous[1]}', which comes earlier in resources.yaml: "
                "list the resources of the appendix in its order",
            )
        else:
            last_in_appendix[key] = (position, title)


def _section_lines(raw: str, heading: str) -> list[str]:
    """The normalised lines after the line ``heading``, labels such as ``Publication:`` kept as printed; empty without it."""
    _, found, rest = raw.partition(f"\n{heading}\n")
    if not found:
        return []
    return [normalise(line) for line in rest.splitlines() if line.strip()]


# --- practices ------------------------------------------------------------------------------------

MIN_EXCERPT = 40
"""Shorter pieces could stitch a sentence the publication never wrote out of its words."""


def verbatim_excerpts(text: str, source: str) -> tuple[list[str], str | None]:
    """Cut ``text`` greedily into the longest pieces found in ``source``, at spaces.

    Returns (pieces, None) when every piece is at least MIN_EXCERPT long, else (pieces so far,
    the text from where no long enough piece is found).
    """
    pieces: list[str] = []
    start = 0
    while start < len(text):
        low, high = start, len(text)
        while low < high:  # the longest prefix of text[start:] that occurs in source
            middle = (low + high + 1) // 2
            if text[start:middle] in source:
                low = middle
            else:
                high = middle - 1
        end = low
        if end < len(text) and text[end] != " " and text[end - 1] != " ":
            end = text.rfind(" ", start, end)  # never end a piece inside a word
        if end - start < MIN_EXCERPT:
            return pieces, text[start:]
        pieces.append(text[start:end].strip())
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return pieces, None


def _practice_faults(data: LoadedData, files: DataSet, texts: dict[str, PublicationText]) -> Iterator[Fault]:
    """Descriptions in the publication's words, joins said, printed names marked as such, organisations in the basis."""
    lowered = {publication: text.normalised.lower() for publication, text in texts.items()}
    for i, practice in enumerate(files.practices.practices):
        at: YamlPath = ("practices", i)
        publication = data.hub.publication_of(practice.source[0]).id
        text = texts.get(publication)
        if text is None:
            continue
        if practice.organisation is not None and not any(
            normalise(practice.organisation).lower() in normalise(words).lower() for words in practice.basis
        ):
            yield data.fault(
                DataFile.PRACTICES,
                (*at, "organisation"),
                f"'{practice.organisation}' is not named in the practice's basis: name only an organisation that the "
                "quoted words say runs it (as they write it), or leave organisation out",
            )
        description = normalise(practice.description)
        whole = description in text.normalised
        rest = None if whole else verbatim_excerpts(description, text.normalised)[1]
        if rest is not None:
            index = len(description[: len(description) - len(rest)].split())
            copy = (
                f"copy the description from {text.shown}; passages joined from different places must each be at "
                f"least {MIN_EXCERPT} characters long"
            )
            difference = first_difference(rest, text.normalised)
            if difference is None:
                message = f"'{rest}' is too short a passage to join to the rest: {copy}"
            elif difference.index == 0:
                message = f"'{rest.split(' ')[0]}' is not in {text.shown}: {copy}"
            else:
                index += difference.index
                message = (
                    f"'{rest.split(' ')[difference.index]}' is not what the publication prints here "
                    f"(it prints '{difference.printed}'): {copy}"
                )
            item = _Item(DataFile.PRACTICES, (*at, "description"), practice.description, publication)
            fault = data.fault(DataFile.PRACTICES, item.path, message)
            yield Fault(fault.file, _word_line(data, item, description, index) or fault.line, fault.field, fault.message)
        elif whole == practice.description_joined:
            yield data.fault(
                DataFile.PRACTICES,
                (*at, "description_joined"),
                "is true, but the description is one passage of the publication: write description_joined: false"
                if practice.description_joined
                else "is false, but the description joins passages that stand apart in the publication: "
                "write description_joined: true (the page then says so)",
            )
        printed = normalise(practice.name).lower() in lowered[publication]
        if printed != (practice.name_wording == "publication"):
            yield data.fault(
                DataFile.PRACTICES,
                (*at, "name_wording"),
                "is 'publication', but the publication does not print this name: write name_wording: curators, "
                "or copy the name as printed"
                if practice.name_wording == "publication"
                else "is 'curators', but the publication prints this name: write name_wording: publication",
            )


# --- names, titles and the citation ---------------------------------------------------------------


def _naming_faults(data: LoadedData, files: DataSet, texts: dict[str, PublicationText]) -> Iterator[Fault]:
    """A person's title names their organisation; a quote's attribution names its speaker."""
    people = data.hub.people
    for i, person in enumerate(files.people.people):
        if _person_publication(data.hub, person.id) in texts and person.organisation not in person.title:
            yield data.fault(
                DataFile.PEOPLE,
                ("people", i, "organisation"),
                f"'{person.organisation}' does not appear in the title '{person.title}': write the organisation "
                "exactly as the printed title names it",
            )
    quotes: list[tuple[DataFile, YamlPath, Quote]] = [
        (DataFile.DIALOGUES, ("dialogues", i, "quotes", j), quote)
        for i, dialogue in enumerate(files.dialogues.dialogues)
        for j, quote in enumerate(dialogue.quotes)
    ]
    for name in ("introduction", "conclusion"):
        epigraph = getattr(files.publication, name).epigraph
        if epigraph is not None:
            quotes.append((DataFile.PUBLICATION, (name, "epigraph"), epigraph))
    for file_name, path, quote in quotes:
        speaker = people.get(quote.speaker)
        text = texts.get(data.hub.publication_of(quote.source).id)
        if text is None or speaker is None or normalise(speaker.name) not in text.normalised:
            continue  # a name the publication does not print is reported at the name, once
        if speaker.name not in normalise(quote.attribution):
            yield data.fault(
                file_name,
                (*path, "attribution"),
                f"does not name the speaker, {speaker.name} ('{quote.speaker}'): check the quote's speaker, "
                "and copy the attribution printed under the quote",
            )


def _citation_faults(data: LoadedData, files: DataSet) -> Iterator[Fault]:
    """The citation's title is the cover's, in sentence case; the first source is the imprint's publication."""
    imprint = files.publication.publication
    pairs = [
        ("title", imprint.title, imprint.cover_title.removesuffix(":")),
        ("subtitle", imprint.subtitle, imprint.cover_subtitle),
    ]
    for field, value, cover in pairs:
        if value.upper() != cover:
            yield data.fault(
                DataFile.PUBLICATION,
                ("publication", field),
                f"'{value}' is not the cover's {field} '{cover}' in sentence case: write the same words, "
                "hyphens and punctuation; only the capitals may differ",
            )
    first = files.publication.sources[0]
    for field in ("title", "publisher", "year"):
        if getattr(first, field) != getattr(imprint, field):
            yield data.fault(
                DataFile.PUBLICATION,
                ("sources", 0, field),
                f"the first source is the publication the imprint describes: write {field}: {getattr(imprint, field)} "
                f"as under publication: (or list the 2021 publication first)",
            )


def _display_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
