"""Open data: the validated hub as downloadable files (JSON, its JSON Schema, and CSV tables).

Pipeline: ``Hub`` -> ``OpenData`` (a pydantic model of the published document, so the export is
validated like the data and its JSON Schema is generated, never written by hand) -> bytes.
Pure functions, no MkDocs import: the hook only hands the bytes to MkDocs (``hooks/hub.py``).

Files, keyed by their path in the built site:
``data/hub.json``         every entity, quotes flattened into one list with their dialogue id;
``data/hub.schema.json``  the JSON Schema of ``hub.json`` (draft 2020-12);
``data/<table>.csv``      one row per recommendation, dialogue, quote, person, resource and practice;
                          lists joined with "; "; UTF-8 with a byte-order mark, which is what
                          Excel on Windows needs to read the text as UTF-8 (curly quotes, accents).
                          Text a spreadsheet would run as a formula gets a leading ``'`` (see
                          ``spreadsheet_text``); ``hub.json`` always holds the exact text.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal

from pydantic import Field

from knowledge_hub import models
from knowledge_hub.hub import Hub, QuoteRecord
from knowledge_hub.models import (
    Dialogue,
    Id,
    Markdown,
    Model,
    OrganisationType,
    Person,
    Practice,
    PublicationFile,
    Quote,
    Recommendation,
    Resource,
    Source,
    Tag,
)

FORMAT_VERSION = "4"
"""Raised whenever a change to the files could break a program that reads them (2: a practice's
`organisation` may be empty, practices carry `kind` and `name_wording`; CSV files start with a BOM;
3: a CSV text cell that starts with a formula character or an apostrophe has an apostrophe added;
4: a source gives its section's page range (`first_page`, `last_page`, `pages`) and always names its
publication, instead of one page; each publication carries its contents)."""

HUB_JSON = "data/hub.json"
SCHEMA_JSON = "data/hub.schema.json"
LIST_SEPARATOR = "; "
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# --- the published document ----------------------------------------------------------------------


class CitedSource(Source):
    """Where an item stands: its publication, its section and the pages the publication's contents give that section."""

    publication: Id = Field(description="Id of the publication (in `publication.sources`).")  # always named here
    first_page: int | None = Field(description="The section's first page, as the publication's contents print it.")
    last_page: int | None = Field(
        description="The section's last page (printed, or read from the contents as the page before the next "
        "section: see `last_page_read` in the publication's contents); null where neither gives it."
    )
    pages: str | None = Field(description="The range as a citation prints it: 'pp. 12–16', or 'p. 4' for one page.")
    citation: str = Field(description="Publication, section and pages in one line, as the hub's pages cite it.")


def cited(hub: Hub, source: Source) -> CitedSource:
    """``source`` with its publication and page range filled in (``citation.cite``)."""
    where = hub.cite(source)
    return CitedSource(
        publication=where.publication.id,
        section=source.section,
        first_page=where.first_page,
        last_page=where.last_page,
        pages=where.pages_label,
        citation=where.full,
    )


class DialogueRecord(Dialogue):
    """A dialogue as published: its quotes are listed by id (the quotes themselves are in ``quotes``)."""

    quotes: list[Id] = Field(min_length=1, description="Ids of the dialogue's quotes (in `quotes`), epigraph first.")  # type: ignore[assignment]  # by id here, not inline as in Dialogue
    source: CitedSource  # with its pages


class QuoteEntry(Quote):
    """A quote with where it stands in the publication."""

    section: Literal["introduction", "dialogue", "conclusion"] = Field(description="Where the quote stands.")
    dialogue: Id | None = Field(description="Id of the dialogue it stands in; null for the introduction and conclusion.")
    source: CitedSource  # with its pages


class RecommendationRecord(Recommendation):
    source: CitedSource  # with its pages


class ResourceRecord(Resource):
    source: list[CitedSource] = Field(min_length=1, description="Every place in a publication that cites it.")  # type: ignore[assignment]


class PracticeRecord(Practice):
    source: list[CitedSource] = Field(min_length=1)  # type: ignore[assignment]


for _record in (CitedSource, DialogueRecord, QuoteEntry, RecommendationRecord, ResourceRecord, PracticeRecord):
    _record.model_rebuild(_types_namespace=vars(models))  # the parents' annotations name types of knowledge_hub.models


class OpenData(Model):
    """The whole validated data set of the knowledge hub, as published in data/hub.json."""

    format_version: Literal["4"] = Field(
        description="Version of this file's format; raised on any change that could break a reader."
    )
    publication: PublicationFile = Field(
        description="The publication's own text: imprint, introduction, overview, conclusion, PI 4.2."
    )
    # The data file's own type (Markdown): a stricter one would refuse here what the check accepted.
    recommendations_introduction: Markdown = Field(description="The paragraph under 'Key messages and recommendations'.")
    people: list[Person] = Field(description="The speakers and the facilitator, as the dialogues' speaker lists print them.")
    dialogues: list[DialogueRecord] = Field(description="The dialogues: date, hosts, speakers, every paragraph of their text.")
    quotes: list[QuoteEntry] = Field(description="Every quote once, in reading order: introduction, dialogues, conclusion.")
    recommendations: list[RecommendationRecord] = Field(
        description="The recommendations, verbatim, with the quotes and resources linked to them."
    )
    resources: list[ResourceRecord] = Field(
        description="Every resource the publication lists in Appendix 1 or cites in its text."
    )
    practices: list[PracticeRecord] = Field(
        description="Practices, tools, programmes and ideas, in the publication's words, each with its kind."
    )
    tags: list[Tag] = Field(description="The controlled vocabulary used by recommendations, quotes, resources and practices.")


def build_document(hub: Hub) -> OpenData:
    """The hub as one validated ``OpenData`` document."""
    return OpenData(
        format_version=FORMAT_VERSION,
        publication=hub.publication,
        recommendations_introduction=hub.recommendations_intro,
        people=list(hub.people.values()),
        dialogues=[
            DialogueRecord(
                **dialogue.model_dump(exclude={"quotes", "source"}),
                quotes=[q.id for q in dialogue.quotes],
                source=cited(hub, dialogue.source),
            )
            for dialogue in hub.dialogues
        ],
        quotes=[_quote_entry(hub, record) for record in hub.quotes.values()],
        recommendations=[
            RecommendationRecord(**rec.model_dump(exclude={"source"}), source=cited(hub, rec.source))
            for rec in hub.recommendations
        ],
        resources=[
            ResourceRecord(**r.model_dump(exclude={"source"}), source=[cited(hub, s) for s in r.source])
            for r in hub.resources.values()
        ],
        practices=[
            PracticeRecord(**p.model_dump(exclude={"source"}), source=[cited(hub, s) for s in p.source]) for p in hub.practices
        ],
        tags=list(hub.tags.values()),
    )


def _quote_entry(hub: Hub, record: QuoteRecord) -> QuoteEntry:
    return QuoteEntry(
        **record.quote.model_dump(exclude={"source"}),
        source=cited(hub, record.quote.source),
        section=record.section,
        dialogue=record.dialogue.id if record.dialogue else None,
    )


def build_schema() -> dict[str, Any]:
    """The JSON Schema of ``hub.json``, generated from ``OpenData``."""
    schema = OpenData.model_json_schema(mode="serialization")
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


# --- CSV tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[Any, Hub], object]


@dataclass(frozen=True)
class Table:
    """One CSV file: a row per item of ``rows(hub)``."""

    name: str
    description: str
    rows: Callable[[Hub], Sequence[Any]]
    columns: tuple[Column, ...]

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"


def _citations(hub: Hub, sources: Sequence[Source]) -> list[str]:
    """'Making zero tolerance a reality (UN Women, 2021), Dialogue Two, pp. 17–21' for each source."""
    return [hub.cite(s).full for s in sources]


def _source_columns(source: Callable[[Any], Source]) -> tuple[Column, ...]:
    """The columns of a table whose rows each come from one place: publication, section, pages, the whole citation."""

    def cited(name: str, description: str, part: str) -> Column:
        """A column holding one part of the row's citation (knowledge_hub.citation.Citation)."""
        read = attrgetter(part)
        return Column(name, description, lambda item, hub: read(hub.cite(source(item))))

    return (
        cited("publication", "Id of the publication it comes from.", "publication.id"),
        Column(
            "source_section",
            "The section of the publication, as its contents name it (a part of it may follow).",
            lambda item, hub: source(item).section,
        ),
        cited("first_page", "The section's first page, as the publication's contents print it.", "first_page"),
        cited("last_page", "The section's last page (empty where the contents do not give it).", "last_page"),
        cited("pages", "The section's pages as a citation prints them: pp. 12–16.", "pages_label"),
        cited("source", "Publication, section and pages in one line: the item's citation.", "full"),
    )


def _publications(hub: Hub, sources: Sequence[Source]) -> list[str]:
    return list(dict.fromkeys(hub.cite(s).publication.id for s in sources))


def _field(name: str, description: str) -> Column:
    return Column(name, description, lambda item, hub: getattr(item, name))


PARAGRAPH_BREAK = "\n\n"
"""Between the paragraphs of a long text in one cell (a recommendation's body, a dialogue's summary)."""


TABLES: tuple[Table, ...] = (
    Table(
        "recommendations",
        "The key messages and recommendations, verbatim, in order of their numbers.",
        lambda hub: hub.recommendations,
        (
            _field("number", "Its number, as printed."),
            _field("slug", "Recommendation id (other tables name recommendations by it)."),
            _field("title", "The title as its heading prints it."),
            _field("conclusion_title", "The wording of the conclusion's list of recommendations."),
            _field("summary", "What it asks, in one line of its own words (chosen by the hub's curators)."),
            Column(
                "body",
                "Its full text, Markdown (bold, footnote markers [^n], links); paragraphs separated by a blank line.",
                lambda r, hub: PARAGRAPH_BREAK.join(r.body),
            ),
            _field("quotes", "Ids of the quotes that support it (quotes.csv)."),
            _field("cited_resources", "Ids of the resources the publication cites for it (resources.csv)."),
            _field("related_resources", "Ids of resources the hub's curators relate to it."),
            Column(
                "practices",
                "Ids of the practices that serve it (practices.csv).",
                lambda r, hub: [p.id for p in hub.practices_by_recommendation.get(r.slug, [])],
            ),
            _field("tags", "Tag ids."),
            *_source_columns(lambda r: r.source),
        ),
    ),
    Table(
        "dialogues",
        "The peer-to-peer learning dialogues: date, hosts, speakers and their full text.",
        lambda hub: hub.dialogues,
        (
            _field("id", "Dialogue id."),
            _field("number", "Its number."),
            _field("label", "Its heading as printed, e.g. Dialogue One."),
            _field("title", "Its title as printed."),
            Column("date", "The day it was held (YYYY-MM-DD).", lambda d, hub: d.date.isoformat()),
            _field("hosts", "Who hosted it, as printed."),
            _field("facilitator", "Person id of the facilitator (people.csv)."),
            _field("speakers", "Person ids of the speakers, in the printed order."),
            _field("audience", "Who it was for, as printed."),
            Column(
                "summary",
                "Its full text, Markdown; paragraphs separated by a blank line.",
                lambda d, hub: PARAGRAPH_BREAK.join(d.summary),
            ),
            Column("quotes", "Ids of its quotes (quotes.csv), epigraph first.", lambda d, hub: [q.id for q in d.quotes]),
            *_source_columns(lambda d: d.source),
        ),
    ),
    Table(
        "quotes",
        "Every quote the publication sets apart, verbatim, in reading order.",
        lambda hub: list(hub.quotes.values()),
        (
            Column("id", "Quote id.", lambda r, hub: r.quote.id),
            Column("section", "introduction, dialogue or conclusion.", lambda r, hub: r.section),
            Column(
                "dialogue",
                "Id of the dialogue; empty for the introduction and conclusion.",
                lambda r, hub: r.dialogue.id if r.dialogue else None,
            ),
            Column("kind", "epigraph (under a heading) or pull-quote.", lambda r, hub: r.quote.kind),
            Column("text", "The quote, verbatim.", lambda r, hub: r.quote.text),
            Column("speaker", "Person id of the speaker (people.csv).", lambda r, hub: r.quote.speaker),
            Column("speaker_name", "The speaker's name.", lambda r, hub: hub.people[r.quote.speaker].name),
            Column("attribution", "The attribution line printed under the quote.", lambda r, hub: r.quote.attribution),
            Column(
                "recommendations",
                "Slugs of the recommendations the quote supports (curators' links).",
                lambda r, hub: [rec.slug for rec in hub.recommendations_by_quote.get(r.quote.id, [])],
            ),
            Column("tags", "Tag ids.", lambda r, hub: r.quote.tags),
            Column(
                "note",
                "About the source: where the running text words the quote differently (the hub's note).",
                lambda r, hub: r.quote.note,
            ),
            *_source_columns(lambda r: r.quote.source),
        ),
    ),
    Table(
        "people",
        "The speakers and the facilitator, with their titles as printed.",
        lambda hub: list(hub.people.values()),
        (
            _field("id", "Person id."),
            _field("honorific", "As printed, e.g. H.E. Mr., Ms., Dr."),
            _field("name", "Name."),
            _field("title", "Role and organization exactly as printed."),
            _field("organisation", "The organization (or country) in the title."),
            _field("organisation_type", f"One of: {', '.join(typing.get_args(OrganisationType))}."),
            Column(
                "dialogues",
                "Ids of the dialogues they spoke at or facilitated.",
                lambda p, hub: [d.id for d in hub.dialogues_by_person.get(p.id, [])],
            ),
        ),
    ),
    Table(
        "resources",
        "Every resource the publication lists in Appendix 1 or cites in its text.",
        lambda hub: list(hub.resources.values()),
        (
            _field("id", "Resource id."),
            _field("title", "Title."),
            _field("publisher", "Publisher, where known."),
            _field("kind", "policy, guide, publication, training, helpline, ..."),
            _field("group", "Appendix 1 group; empty when only cited in the text."),
            _field("appendix_title", "How Appendix 1 prints it, where it differs from the title."),
            _field("description", "The publication's words about it."),
            Column(
                "link_url", "A verified address; empty when none is known.", lambda r, hub: str(r.link.url) if r.link else None
            ),
            Column(
                "link_page",
                "What the address shows: document, topic, announcement or copy.",
                lambda r, hub: r.link.page if r.link else None,
            ),
            Column("link_note", "Note on the address.", lambda r, hub: r.link.note if r.link else None),
            _field("tags", "Tag ids."),
            Column("publications", "Ids of the publications that cite it.", lambda r, hub: _publications(hub, r.source)),
            Column(
                "source",
                "Every place that cites it: publication, section and the section's pages.",
                lambda r, hub: _citations(hub, r.source),
            ),
        ),
    ),
    Table(
        "practices",
        "The good practices, tools and programmes described in the publication.",
        lambda hub: hub.practices,
        (
            _field("id", "Practice id."),
            _field("name", "Short name, made of the publication's words."),
            _field(
                "name_wording", "'publication': the name is printed in the publication; 'curators': the hub's curators made it."
            ),
            _field("kind", "'good-practice' (the publication calls it one), 'described' or 'proposed' (an idea put forward)."),
            _field("description", "The publication's own words about it."),
            _field("organisation", "Who runs it, where the publication says so; empty otherwise."),
            _field("organisation_type", "Type of that organization (as in people.csv); empty without one."),
            _field("shared_by", "Person ids of the speakers who described it."),
            _field("dialogues", "Ids of the dialogues where it came up."),
            _field("recommendations", "Slugs of the recommendations it serves (chosen by the hub's curators)."),
            _field("resources", "Resource ids."),
            _field("tags", "Tag ids."),
            Column("publications", "Ids of the publications that describe it.", lambda p, hub: _publications(hub, p.source)),
            Column(
                "source",
                "Every place that describes it: publication, section and the section's pages.",
                lambda p, hub: _citations(hub, p.source),
            ),
        ),
    ),
)
"""The CSV tables, their columns in order, and what each column holds (shown on the Open data page)."""


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is read by a spreadsheet as a formula (OWASP, "CSV Injection")."""

TEXT_MARK = "'"
"""Put before such a text cell: the spreadsheet then shows it as text and never runs it."""


def spreadsheet_text(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs: a leading ``'`` before a formula character.

    Text that already starts with the mark gets one too, so the rule reverses without guessing:
    a cell that starts with ``'`` loses that one character and is the exact text again.
    """
    return TEXT_MARK + text if text.startswith((*FORMULA_START, TEXT_MARK)) else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a number stays a number, even a negative one
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
        for item in items:
            if LIST_SEPARATOR in item:
                raise ValueError(f"list item {item!r} contains the CSV list separator {LIST_SEPARATOR!r}")
        return spreadsheet_text(LIST_SEPARATOR.join(items))
    return spreadsheet_text(str(value))


def render_csv(table: Table, hub: Hub) -> bytes:
    """One table as CSV (RFC 4180: comma-separated, double-quoted where needed, CRLF), UTF-8 with a byte-order mark."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for item in table.rows(hub):
        writer.writerow([_cell(column.value(item, hub)) for column in table.columns])
    return buffer.getvalue().encode("utf-8-sig")


def _json_bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@functools.cache
def _schema_bytes() -> bytes:
    # The schema follows from the code alone: `mkdocs serve` makes it once, not on every rebuild.
    return _json_bytes(build_schema())


def build_open_data(hub: Hub) -> dict[str, bytes]:
    """Every open data file, keyed by its path in the built site."""
    files = {
        HUB_JSON: _json_bytes(build_document(hub).model_dump(mode="json")),
        SCHEMA_JSON: _schema_bytes(),
    }
    for table in TABLES:
        files[table.path] = render_csv(table, hub)
    return files
