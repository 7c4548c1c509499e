"""The validated hub: every entity once, plus the indexes that pages need.

Indexes are built once here (dicts keyed by id), so rendering never scans lists inside loops:
build time stays linear in the size of the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from knowledge_hub import citation
from knowledge_hub.models import (
    DataSet,
    Dialogue,
    HelpFile,
    HelpLink,
    Person,
    Practice,
    PublicationFile,
    Quote,
    Recommendation,
    Resource,
    SearchFile,
    Source,
    SourcePublication,
    Tag,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sized

    from knowledge_hub.citation import Citation


@dataclass(frozen=True)
class QuoteRecord:
    """A quote with where it stands: in a dialogue, or in the introduction/conclusion."""

    quote: Quote
    dialogue: Dialogue | None
    section: str  # "dialogue", "introduction" or "conclusion"


@dataclass(frozen=True, repr=False)
class Hub:
    """The data set read-only, with every index built once by ``from_data``."""

    publication: PublicationFile
    recommendations_intro: str
    tags: dict[str, Tag]
    people: dict[str, Person]
    dialogues: list[Dialogue]
    recommendations: list[Recommendation]
    resources: dict[str, Resource]
    practices: list[Practice]
    quotes: dict[str, QuoteRecord]
    help: HelpFile
    related_sites: list[HelpLink]
    """Sites on the subject that the publication does not name (``resources.yaml``)."""
    search_variants: list[list[str]]
    search: SearchFile
    dialogues_by_id: dict[str, Dialogue]
    recommendations_by_slug: dict[str, Recommendation]
    practices_by_id: dict[str, Practice]
    recommendations_by_quote: dict[str, list[Recommendation]]
    recommendations_citing: dict[str, list[Recommendation]]
    recommendations_relating: dict[str, list[Recommendation]]
    dialogues_by_person: dict[str, list[Dialogue]]
    quotes_by_person: dict[str, list[QuoteRecord]]
    practices_by_recommendation: dict[str, list[Practice]]
    practices_by_dialogue: dict[str, list[Practice]]
    practices_by_person: dict[str, list[Practice]]
    practices_by_resource: dict[str, list[Practice]]

    def __repr__(self) -> str:
        # Counts, not contents: the whole data set written out is megabytes of text, and whatever
        # prints or dumps the build's settings would write it on every build (mkdocs-macros turns
        # every variable into JSON for its debug log, whether the log is on or not).
        counts: dict[str, Sized] = {
            "recommendations": self.recommendations,
            "dialogues": self.dialogues,
            "people": self.people,
            "quotes": self.quotes,
            "resources": self.resources,
            "practices": self.practices,
            "tags": self.tags,
        }
        return f"<Hub: {', '.join(f'{len(items)} {name}' for name, items in counts.items())}>"

    @classmethod
    def from_data(cls, data: DataSet) -> Hub:
        """The hub of a valid data set (its references checked: ``references.check_references``), indexes included."""
        publication = data.publication
        dialogues = sorted(data.dialogues.dialogues, key=lambda d: d.number)
        recommendations = sorted(data.recommendations.recommendations, key=lambda r: r.number)
        practices = list(data.practices.practices)
        quotes = _quote_records(publication, data.dialogues.dialogues)
        return cls(
            publication=publication,
            recommendations_intro=data.recommendations.introduction,
            tags={t.id: t for t in data.tags.tags},
            people={p.id: p for p in data.people.people},
            dialogues=dialogues,
            recommendations=recommendations,
            resources={r.id: r for r in data.resources.resources},
            practices=practices,
            quotes=quotes,
            help=data.help,
            related_sites=list(data.resources.related_sites),
            search_variants=[group.words for group in data.search.variants],
            search=data.search,
            dialogues_by_id={d.id: d for d in dialogues},
            recommendations_by_slug={r.slug: r for r in recommendations},
            practices_by_id={p.id: p for p in practices},
            recommendations_by_quote=_group((q, r) for r in recommendations for q in r.quotes),
            recommendations_citing=_group((s, r) for r in recommendations for s in r.cited_resources),
            recommendations_relating=_group((s, r) for r in recommendations for s in r.related_resources),
            dialogues_by_person=_group((p, d) for d in dialogues for p in dict.fromkeys([*d.speakers, d.facilitator])),
            quotes_by_person=_group((rec.quote.speaker, rec) for rec in quotes.values()),
            practices_by_recommendation=_group((r, p) for p in practices for r in p.recommendations),
            practices_by_dialogue=_group((d, p) for p in practices for d in p.dialogues),
            practices_by_person=_group((s, p) for p in practices for s in p.shared_by),
            practices_by_resource=_group((s, p) for p in practices for s in p.resources),
        )

    # --- lookups used by templates -------------------------------------------------------------

    def quote(self, quote_id: str) -> QuoteRecord:
        return self.quotes[quote_id]

    def publication_of(self, source: Source) -> SourcePublication:
        """The publication a source names (see ``citation.publication_of``)."""
        return citation.publication_of(self.publication, source)

    def cite(self, source: Source) -> Citation:
        """The citation of ``source``: publication, section and the section's pages (``citation.cite``)."""
        return citation.cite(self.publication, source)

    def by_publication(self, sources: Iterable[Source]) -> list[tuple[SourcePublication, list[Source]]]:
        """Sources grouped by their publication, in order of first mention."""
        grouped: dict[str, tuple[SourcePublication, list[Source]]] = {}
        for source in sources:
            publication = self.publication_of(source)
            grouped.setdefault(publication.id, (publication, []))[1].append(source)
        return list(grouped.values())

    def credits(self, sources: Iterable[Source] | None = None) -> list[tuple[SourcePublication, list[Source]]]:
        """The publications a "Cite this" line credits: those of ``sources``, each with its sources; a page
        that cites no sources of its own (a list, the open data) credits every publication."""
        if sources:
            return self.by_publication(sources)
        return [(publication, []) for publication in self.publication.sources]

    def page_range(self, source: Source) -> str | None:
        """The pages of the section ``source`` cites, from its publication's contents ("pp. 17–21")."""
        return self.cite(source).pages_label

    @property
    def first_publication(self) -> SourcePublication:
        """The publication the hub was built from (the first in `sources`): its imprint, introduction and conclusion."""
        return self.publication.sources[0]

    def belongs_to(self, source: Source, publication: SourcePublication | None = None) -> bool:
        """Whether ``source`` cites ``publication`` (by default the first)."""
        return self.publication_of(source).id == (publication or self.first_publication).id

    def recommendations_of(self, publication: SourcePublication | None = None) -> list[Recommendation]:
        """The recommendations a publication makes (by default the first's: the conclusion's list)."""
        return [r for r in self.recommendations if self.belongs_to(r.source, publication)]

    def dialogues_of(self, publication: SourcePublication | None = None) -> list[Dialogue]:
        """The dialogues a publication reports (by default the first's), in number order."""
        return [d for d in self.dialogues if self.belongs_to(d.source, publication)]

    def person_title(self, person: Person, source: Source | None = None) -> str:
        """A person's title as the publication of ``source`` prints it (``Person.titles``), else their main title."""
        return person.title_in(self.publication_of(source).id if source else None)[0]

    def credit(self) -> tuple[str, str | None]:
        """The footer's credit of the content and the words of its link to the publications, if it has one:
        the publication (no link), or how many publications there are, with a link to their list."""
        sources = self.publication.sources
        if len(sources) == 1:
            return f"Content from the {sources[0].publisher} publication ({sources[0].year}).", None
        return f"Content from {len(sources)} publications: see", "Sources"

    def tags_of(self, tag_ids: Iterable[str], kind: str | None = None) -> list[Tag]:
        return [self.tags[t] for t in tag_ids if kind is None or self.tags[t].kind == kind]


def _quote_records(publication: PublicationFile, dialogues: Iterable[Dialogue]) -> dict[str, QuoteRecord]:
    """Every quote by id with where it stands: the introduction's epigraph, the dialogues' quotes, the conclusion's."""
    quotes: dict[str, QuoteRecord] = {}
    if publication.introduction.epigraph:
        quotes[publication.introduction.epigraph.id] = QuoteRecord(publication.introduction.epigraph, None, "introduction")
    for dialogue in dialogues:
        for quote in dialogue.quotes:
            quotes.setdefault(quote.id, QuoteRecord(quote, dialogue, "dialogue"))
    if publication.conclusion.epigraph:
        quotes.setdefault(publication.conclusion.epigraph.id, QuoteRecord(publication.conclusion.epigraph, None, "conclusion"))
    return quotes


_Value = TypeVar("_Value")


def _group(pairs: Iterable[tuple[str, _Value]]) -> dict[str, list[_Value]]:
    """Group values by key, keeping first-seen order and dropping repeats of the same object."""
    grouped: dict[str, list[_Value]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for key, value in pairs:
        if (key, id(value)) not in seen:
            seen.add((key, id(value)))
            grouped[key].append(value)
    return dict(grouped)
