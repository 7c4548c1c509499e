"""Typed, frozen models of every data file under ``data/``.

Each ``*File`` class is the shape of one YAML file; the JSON Schemas that editors use are
generated from these classes (``python -m knowledge_hub schema``), so the rules live here once.
Unknown keys are rejected everywhere: a misspelt key must be an error, never silently ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    Strict,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from knowledge_hub.markdown_syntax import reading_text
from knowledge_hub.text_rules import HOST_RULES, HTTPS_URL, ID_RULES, LINE_RULES, MARKDOWN_RULES, PLAIN_RULES, WINDOWS_DEVICE

# --- building blocks --------------------------------------------------------------------------

MAX_TEXT = 5_000
"""Characters in one paragraph: a few times the publication's longest; a longer string is a paste
accident, and every character is rendered on each page that shows the field."""

MAX_LINE = 500
"""Characters in one line (a name, a title, a heading): titles stand in the menu of every page."""

_TEXT = StringConstraints(min_length=1, max_length=MAX_TEXT)

Text = Annotated[str, _TEXT, PLAIN_RULES]
"""Plain text, shown exactly as written (names, titles, labels, quotes): escaped for HTML and for
Markdown, so no link, image or attribute block is allowed (``text_rules.PLAIN_RULES``)."""

Markdown = Annotated[str, _TEXT, MARKDOWN_RULES]
"""Paragraphs of the publication, rendered as Markdown (bold, footnote markers, links): links only
to https, the hub's own pages and resources; no images, no attribute blocks (``text_rules.MARKDOWN_RULES``)."""

Line = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE), LINE_RULES]
"""Plain text shown in a table cell or a heading (a person's name and title, a dialogue's audience,
every title, name and label that heads a page or an entry): one line, since a line break would end
the table or the heading and print the rest as a paragraph (a heading's anchor with it)."""

Host = Annotated[str, _TEXT, HOST_RULES]
"""One host of a dialogue (plain text, shown in a table cell: one line, no '|')."""

MAX_VARIANT_GROUP_WORDS = 8
"""Words in one variant group: a handful of spellings or synonyms (each search expands every word of a group)."""
MAX_VARIANT_WORDS = 1_000
"""Words in all the variant groups together: room for a hub ten times the publication's."""
MAX_STOP_WORDS = 1_000
"""Stop words: a few hundred cover a language's small words."""
MAX_BOOST_WORDS = 200
"""Words in all the boosts together (and so in any one boost)."""
MAX_EVERYDAY_WORDS = 500
"""Words in all the everyday-word groups together, typed and meant."""
MAX_DISTRESS_WORDS = 200
"""Words that show the help line: a short list a curator can read through."""
MAX_COMMON_WORDS = 10_000
"""Common English words the spelling correction leaves alone: a frequency list's first few thousand."""
MAX_SEARCH_TERMS = 30
"""Search terms of one recommendation."""
MAX_SEARCH_WORD_LENGTH = 100
"""Characters in one search word or term (variants, stop words, boosts, search terms): a name of an
organisation fits; a paragraph is a paste accident, and every search would compare against it."""

SearchWord = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SEARCH_WORD_LENGTH), LINE_RULES]
"""A word or short phrase typed in the search box: plain text on one line."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80), ID_RULES]
"""A stable identifier: lower-case letters, digits and single hyphens, e.g. ``martha-helena-lopez``."""

MAX_NUMBER = 9_999
"""Recommendations and dialogues are numbered 1, 2, 3...; room for a hub far larger than the publication."""

Number = Annotated[int, Strict()]
"""A whole number written as one (``17``): text such as ``"17"`` or ``yes`` is refused, as the editors' schema does."""

MAX_PAGES = 2_000
"""Room for any publication; each page number must also lie within its own publication's ``pages``."""

Page = Annotated[Number, Field(ge=1, le=MAX_PAGES)]
"""A page number of a publication, as it prints it (``hub check`` holds it to that publication's ``pages``)."""

Flag = Annotated[bool, Strict()]
"""``true`` or ``false`` exactly (YAML 1.2): ``yes``, ``on`` and ``"true"`` are text, and refused."""

_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value  # a date built in Python, or not text: the date check after this one reports it
    shown = value[:40]
    if not re.match(_ISO_DATE, value):
        raise PydanticCustomError(
            "date_format", "'{value}' is not a valid date: write it as YYYY-MM-DD, e.g. 2021-02-08", {"value": shown}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError(
            "date_value",
            "'{value}' is not a valid date ({error}): write it as YYYY-MM-DD, e.g. 2021-02-08",
            {"value": shown, "error": str(error)},
        ) from None


Date = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date", "pattern": _ISO_DATE})]
"""A calendar date written YYYY-MM-DD (read as text, as YAML 1.2 and the editors read it)."""


_SOURCE_FILE = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*\.txt$"


def _source_file(value: object) -> object:
    # The check opens sources/<text>: a bare name only, so data can never make it read a file elsewhere
    # (a folder, "..", an absolute path) or wait on a Windows device.
    if isinstance(value, str) and (not re.match(_SOURCE_FILE, value) or WINDOWS_DEVICE.search(value.split(".", 1)[0])):
        raise PydanticCustomError(
            "source_file",
            "'{value}' is not the name of a text file in sources/: write the file's name alone, in lower-case letters, "
            "digits, hyphens and dots, ending .txt, e.g. my-publication-2023.txt",
            {"value": value[:80]},
        )
    return value


SourceFile = Annotated[
    str,
    StringConstraints(max_length=120),
    AfterValidator(_source_file),
    WithJsonSchema({"type": "string", "pattern": _SOURCE_FILE}),
]
"""The name of a publication's text file in sources/ (``hub check`` compares items with it)."""


def _https_only(value: object) -> object:
    if isinstance(value, str) and not re.match(HTTPS_URL, value):
        if value.startswith("http://"):
            advice = "the hub links only to https:// addresses: use the https:// address from the verified list"
        elif value.startswith("https://"):
            advice = (
                "the host name or path has a space, comma or other character an address cannot hold, or the host is not "
                "written in plain ASCII letters (a look-alike letter or an 'xn--' name): check it against the verified list"
            )
        else:
            advice = "it must start with https://"
        raise PydanticCustomError(
            "https_url", "'{value}' is not a valid web address: {advice}", {"value": value[:80], "advice": advice}
        )
    return value


HttpsUrl = Annotated[
    HttpUrl, BeforeValidator(_https_only), WithJsonSchema({"type": "string", "format": "uri", "pattern": HTTPS_URL})
]
"""A verified web address: https only, a host name of letters, digits, hyphens and dots."""


MAX_FORMER_IDS = 20
"""Former ids one entry may keep: each is one small redirect page."""

FORMER_IDS = (
    "Ids (for a recommendation: slugs) this entry had before, once published: the site keeps a page at each old address "
    "that leads to the new one. Add the old id here when you rename or merge an entry; never reuse it for another entry."
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Source(Model):
    """Where in a publication an item comes from: the publication and the section (its pages are the
    section's, from that publication's contents; see ``knowledge_hub.citation``)."""

    section: Text = Field(
        description="Section of the publication as its contents name it, e.g. 'Dialogue Two' or 'Appendix 1: Resources'; "
        "a part of it may follow after ': ' or ', ' ('Key messages and recommendations: 3. …', 'Introduction, footnote 1')."
    )
    publication: Id | None = Field(
        default=None,
        description="Id of the publication in publication.yaml's `sources`; may be left out only while there is one.",
    )


class ContentsEntry(Model):
    """One line of a publication's table of contents: a section and the pages it fills."""

    section: Line = Field(
        description="The section's name as items cite it in `source.section` (the contents print it in capitals; "
        "written in the case the section's own heading uses), e.g. 'Dialogue One'."
    )
    title: Line | None = Field(default=None, description="The title the contents print under or after the name, if any.")
    first_page: Page = Field(description="The page the contents give for the section.")
    last_page: Page | None = Field(
        default=None,
        description="The section's last page: as printed, or the hub's reading of the contents (then say so with "
        "last_page_read: true); leave out where neither gives it.",
    )
    last_page_read: Flag = Field(
        default=False,
        description="true where the contents print only first pages and last_page is the hub's reading: the page "
        "before the next section's first page (the check holds it to that).",
    )

    @model_validator(mode="after")
    def _pages_in_order(self) -> ContentsEntry:
        if self.last_page is not None and self.last_page < self.first_page:
            raise ValueError(
                f"last_page {self.last_page} is before first_page {self.first_page}: the section cannot end before it starts"
            )
        if self.last_page_read and self.last_page is None:
            raise ValueError("last_page_read: true needs a last_page: give the page or remove last_page_read")
        return self

    @property
    def pages_label(self) -> str:
        """'pp. 12–16', 'p. 7' (one page) or 'p. 34 onwards' (no last page): see ``citation.pages_label``."""
        from knowledge_hub.citation import pages_label  # the citation module reads these models

        return pages_label(self.first_page, self.last_page) or ""


class SourcePublication(Model):
    """A publication the hub's items come from (the 2021 publication first)."""

    id: Id
    title: Line = Field(description="The title as the publication prints it.")
    publisher: Text
    year: Annotated[int, Field(ge=1945, le=2100)]
    pages: Page = Field(description="How many pages it has: the last page number it prints. No page cited from it may be higher.")
    text: SourceFile | None = Field(
        default=None,
        description="File in sources/ holding its text: items that cite it must be found there word for word.",
    )
    contents: list[ContentsEntry] = Field(
        min_length=1,
        description="Its table of contents in its order: every section an item may cite, with its pages.",
    )

    @field_validator("contents")
    @classmethod
    def _contents_in_page_order(cls, contents: list[ContentsEntry]) -> list[ContentsEntry]:
        for before, after in pairwise(contents):
            if after.first_page < before.first_page:
                raise ValueError(
                    f"'{after.section}' starts on page {after.first_page}, before '{before.section}' (page "
                    f"{before.first_page}): list the sections in the order of the contents"
                )
        return contents

    def section_of(self, section: str) -> ContentsEntry | None:
        """The contents entry a source's ``section`` names: that section, or a part of it after ': ' or ', '."""
        named = [e for e in self.contents if section == e.section or section.startswith((f"{e.section}: ", f"{e.section}, "))]
        return max(named, key=lambda e: len(e.section), default=None)


class Footnote(Model):
    number: Annotated[Number, Field(ge=1, le=99)]
    text: Markdown = Field(description="Footnote text as printed; resource links written [title](resource:<id>).")


# --- controlled vocabulary ----------------------------------------------------------------------

TagKind = Literal["theme", "audience"]
TAG_KIND_LABELS: dict[str, tuple[str, str]] = {"theme": ("Theme", "Themes"), "audience": ("Audience", "Audiences")}
"""Each tag kind's label, singular and plural, in the order the Tags page lists them."""


class Ask(Model):
    """One sentence of a recommendation that asks something of an audience, as the publication prints it."""

    recommendation: Id = Field(description="Slug of the recommendation whose body holds the sentence.")
    text: Text = Field(
        description="One whole sentence of that recommendation's body, word for word (bold, links and footnote markers left out)."
    )


class Tag(Model):
    id: Id
    former_ids: list[Id] = Field(default_factory=list, max_length=MAX_FORMER_IDS, description=FORMER_IDS)
    label: Line
    kind: TagKind
    description: Markdown | None = None
    asks: list[Ask] = Field(
        default_factory=list,
        description="Audience tags only: what the publication asks of this audience, as sentences copied from the "
        "recommendations, in the order the audience page lists them.",
    )

    @model_validator(mode="after")
    def _asks_only_for_an_audience(self) -> Tag:
        if self.asks and self.kind != "audience":
            raise ValueError(f"asks are for audience tags only: '{self.id}' is a {self.kind}; move them to an audience tag")
        return self


class TagsFile(Model):
    tags: list[Tag]


# --- people, quotes, dialogues ------------------------------------------------------------------

OrganisationType = Literal[
    "un-entity",
    "member-state",
    "intergovernmental",
    "international-financial-institution",
    "civil-society",
    "academia",
    "private-sector",
]
ORGANISATION_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "un-entity": ("UN entity", "UN entities"),
    "member-state": ("Member State", "Member States"),
    "intergovernmental": ("Intergovernmental organization", "Intergovernmental organizations"),
    "international-financial-institution": ("International financial institution", "International financial institutions"),
    "civil-society": ("Civil society", "Civil society"),
    "academia": ("Academia", "Academia"),
    "private-sector": ("Private sector", "Private sector"),
}
"""Each organisation type's label, singular and plural."""


class PersonTitle(Model):
    """A person's title as a given publication prints it."""

    publication: Id = Field(description="Id of the publication in publication.yaml's `sources`.")
    title: Line = Field(description="Role and organisation exactly as that publication prints them after the name.")
    organisation: Line = Field(description="The organisation (or country) named in that title, verbatim.")


class Person(Model):
    id: Id
    former_ids: list[Id] = Field(default_factory=list, max_length=MAX_FORMER_IDS, description=FORMER_IDS)
    honorific: Line = Field(description="As printed in the speaker list, e.g. 'H.E. Mr.', 'Ms.', 'Dr.'.")
    name: Line
    title: Line = Field(description="Role and organisation exactly as printed after the name in the speaker list.")
    organisation: Line = Field(description="The organisation (or country) named in the printed title, verbatim.")
    organisation_type: OrganisationType
    titles: list[PersonTitle] = Field(
        default_factory=list,
        description="Their title as a later publication prints it, where it differs: the pages of that publication's "
        "items show it; `title` and `organisation` stay those of the first publication that names them.",
    )

    def title_in(self, publication: str | None) -> tuple[str, str]:
        """(title, organisation) as ``publication`` (an id) prints them where `titles` has them, else the main ones."""
        own = next((t for t in self.titles if t.publication == publication), None)
        return (own.title, own.organisation) if own else (self.title, self.organisation)


class PeopleFile(Model):
    people: list[Person]


QuoteKind = Literal["epigraph", "pull-quote"]
QUOTE_KIND_LABELS: dict[str, str] = {"epigraph": "Epigraph", "pull-quote": "Pull-quote"}


class Quote(Model):
    id: Id
    kind: QuoteKind = Field(description="'epigraph': the quote under a section heading; 'pull-quote': set apart in the text.")
    text: Text = Field(description="The quote verbatim, without the surrounding quotation marks.")
    speaker: Id = Field(description="Id of a person in data/people.yaml.")
    attribution: Text = Field(description="The attribution line printed under the quote, verbatim.")
    tags: list[Id] = Field(default_factory=list)
    note: Text | None = Field(default=None, description="Curator's note, e.g. where the running text words it differently.")
    source: Source


class Dialogue(Model):
    id: Id
    former_ids: list[Id] = Field(default_factory=list, max_length=MAX_FORMER_IDS, description=FORMER_IDS)
    number: Annotated[Number, Field(ge=1, le=MAX_NUMBER)]
    label: Line = Field(description="Heading as printed, e.g. 'Dialogue One'.")
    title: Line
    date: Date
    hosts: list[Host] = Field(min_length=1)
    facilitator: Id
    speakers: list[Id] = Field(min_length=1, description="Person ids in the order the publication lists them.")
    audience: Line
    summary: list[Markdown] = Field(min_length=1, description="Every paragraph of the dialogue's text, Markdown.")
    quotes: list[Quote] = Field(min_length=1, description="Epigraph first, then pull-quotes in reading order.")
    source: Source


class DialoguesFile(Model):
    dialogues: list[Dialogue]


# --- recommendations ---------------------------------------------------------------------------


class Recommendation(Model):
    number: Annotated[Number, Field(ge=1, le=MAX_NUMBER)]
    slug: Id = Field(description="URL part; starts with the number, e.g. '3-survivor-centred-approach'.")
    former_ids: list[Id] = Field(default_factory=list, max_length=MAX_FORMER_IDS, description=FORMER_IDS)
    title: Line
    conclusion_title: Line = Field(description="The wording used in the conclusion's list of recommendations.")
    body: list[Markdown] = Field(min_length=1, description="Paragraphs, Markdown; footnote markers as [^n].")
    footnotes: list[Footnote] = Field(default_factory=list)
    quotes: list[Id] = Field(min_length=1, description="Quotes that support it (curated).")
    cited_resources: list[Id] = Field(default_factory=list, description="Resources the publication cites for it.")
    related_resources: list[Id] = Field(default_factory=list, description="Added by the curators, not cited.")
    tags: list[Id] = Field(default_factory=list)
    search_terms: list[SearchWord] = Field(
        default_factory=list,
        max_length=MAX_SEARCH_TERMS,
        description="Words people type for it: synonyms, spelling variants.",
    )
    summary: Text | None = Field(
        default=None,
        description="What it asks, in one line: words copied from its body (often its bold key phrase), without bold or links.",
    )
    source: Source

    @model_validator(mode="after")
    def _slug_starts_with_number(self) -> Recommendation:
        if not self.slug.startswith(f"{self.number}-"):
            raise ValueError(f"slug '{self.slug}' must start with '{self.number}-' (the recommendation's number)")
        return self

    @model_validator(mode="after")
    def _summary_is_the_bodys_words(self) -> Recommendation:
        if self.summary is not None and reading_text(self.summary) not in reading_text(" ".join(self.body)):
            raise ValueError(
                f"summary '{self.summary}' is not in the body: copy words from it exactly (bold, links and footnote markers left out)"
            )
        return self


class RecommendationsFile(Model):
    introduction: Markdown = Field(description="The paragraph under 'Key messages and recommendations'.")
    recommendations: list[Recommendation]


# --- resources -----------------------------------------------------------------------------------

ResourceGroup = Literal["ceb-task-force", "un-secretariat", "un-women", "international-community"]
RESOURCE_GROUP_LABELS: dict[str, str] = {
    "ceb-task-force": "CEB Task Force resources",
    "un-secretariat": "UN Secretariat resources",
    "un-women": "UN Women resources",
    "international-community": "International community resources",
}
"""Appendix 1's four groups, in its order, with the headings it prints."""
CITED_IN_TEXT = ("cited-in-text", "Cited in the text")
"""The resource library's last group (id and heading): resources that are in no Appendix 1 group."""
ResourceKind = Literal[
    "policy",
    "guide",
    "statement",
    "publication",
    "database",
    "training",
    "programme",
    "toolkit",
    "web-page",
    "helpline",
    "report",
    "webinar",
    "bulletin",
    "strategy",
]
RESOURCE_KIND_LABELS: dict[str, str] = {
    "policy": "policy",
    "guide": "guide",
    "statement": "statement",
    "publication": "publication",
    "database": "database",
    "training": "training",
    "programme": "programme",
    "toolkit": "toolkit",
    "web-page": "web page",
    "helpline": "helpline",
    "report": "report",
    "webinar": "webinar",
    "bulletin": "bulletin",
    "strategy": "strategy",
}
"""Each resource kind's label, as the library's entries show it."""

LinkPage = Literal["document", "topic", "announcement", "copy"]
LINK_PAGE_LABELS: dict[str, str] = {
    "document": "the resource's own page",
    "topic": "page presenting it",
    "announcement": "announcement",
    "copy": "copy on another site",
}
"""What a verified address shows, as the label after a link says it."""

LINK_PAGE_GET_IT_LABELS: dict[str, str] = {
    "document": "The resource’s own page",
    "topic": "A page presenting it",
    "announcement": "An announcement of it",
    "copy": "A copy on another site",
}
"""The same, as the words of a library entry's "Get it" link."""


class Link(Model):
    url: HttpsUrl
    page: LinkPage = Field(description="What the address shows (from sources/verified-addresses.yaml).")
    note: Text | None = None


class Resource(Model):
    id: Id
    former_ids: list[Id] = Field(default_factory=list, max_length=MAX_FORMER_IDS, description=FORMER_IDS)
    title: Line
    title_wording: Wording = Field(
        default="publication",
        description="'curators' where the publication prints no title for it and the hub's curators made this one.",
    )
    publisher: Text | None = None
    kind: ResourceKind
    group: ResourceGroup | None = Field(default=None, description="Appendix 1 group; empty when only cited in the text.")
    appendix_title: Text | None = Field(default=None, description="How Appendix 1 prints it, where it differs from title.")
    description: Markdown | None = None
    link: Link | None = Field(default=None, description="Only a verified address; leave empty when none is known.")
    source: list[Source] = Field(min_length=1, description="Every place in the publication that cites it.")
    tags: list[Id] = Field(default_factory=list)


class ResourcesFile(Model):
    resources: list[Resource]
    related_sites: list[HelpLink] = Field(
        default_factory=list,
        description="Public sites on the subject that the publication does not name, shown after the library; verified addresses only.",
    )


# --- good practices ----------------------------------------------------------------------------

PracticeKind = Literal["good-practice", "described", "objective", "proposed"]
PRACTICE_KIND_LABELS: dict[str, tuple[str, str]] = {
    "good-practice": ("Good practice", "the publication calls it a good practice"),
    "described": ("Practice described", "the publication says that someone has it in place or did it"),
    "objective": (
        "Objective under development",
        "the publication calls it an objective that is being developed, not yet in place",
    ),
    "proposed": ("Idea put forward", "a speaker or the participants recommend, urge or advocate it"),
}
"""Each practice kind's label and what it means; 'good-practice' only where the publication says so."""

Wording = Literal["publication", "curators"]
WORDING_LABELS: dict[str, str] = {"publication": "the publication's words", "curators": "the hub curators' words"}
"""Whose words a name or title is: the publication's (verbatim) or the hub curators' (marked "Hub note")."""


class Practice(Model):
    """A concrete practice, tool or programme that a speaker or the publication describes."""

    id: Id
    former_ids: list[Id] = Field(default_factory=list, max_length=MAX_FORMER_IDS, description=FORMER_IDS)
    name: Line
    name_wording: Wording = Field(
        description="'publication': the name is printed in the publication word for word; 'curators': the hub's label for it."
    )
    kind: PracticeKind = Field(
        description="'good-practice' only where the publication calls it one; 'described': it says someone has it in place; "
        "'objective': it calls it an objective still being developed; 'proposed': a speaker or the participants recommend it."
    )
    basis: list[Text] = Field(
        min_length=1,
        description="The publication's words, verbatim, that decide the kind and, if given, the organisation "
        "(which must be named in them).",
    )
    description: Text = Field(description="One paragraph in the publication's own words.")
    description_joined: Flag = Field(
        default=False,
        description="true where the description joins sentences that stand apart in the publication (the page says so).",
    )
    organisation: Text | None = Field(
        default=None,
        description="Who runs it, only where the publication says so, named in `basis` (the tests check it); "
        "otherwise leave out: the page says who described it.",
    )
    organisation_type: OrganisationType | None = Field(default=None, description="Type of `organisation`; only with it.")
    shared_by: list[Id] = Field(default_factory=list, description="Person ids of the speakers who described it.")
    dialogues: list[Id] = Field(default_factory=list, description="Dialogues where it came up.")
    recommendations: list[Id] = Field(min_length=1, description="Slugs of the recommendations it serves.")
    resources: list[Id] = Field(default_factory=list)
    tags: list[Id] = Field(default_factory=list)
    source: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _organisation_with_its_type(self) -> Practice:
        if (self.organisation is None) != (self.organisation_type is None):
            raise ValueError("organisation and organisation_type go together: give both or leave both out")
        return self

    @model_validator(mode="after")
    def _good_practice_only_in_its_words(self) -> Practice:
        calls_it_good = any(_says_good_practice(words) for words in self.basis)
        if self.kind == "good-practice" and not calls_it_good:
            raise ValueError(
                "kind 'good-practice' needs the publication's words calling it one (\"good practice\") in basis: "
                "otherwise use 'described' or 'proposed'"
            )
        return self


def _says_good_practice(words: str) -> bool:
    """'good' and later 'practice', as words: the first 'good' is the one to look after (one pass, not one per 'good')."""
    for line in words.split("\n"):
        good = re.search(r"\bgood\b", line, re.IGNORECASE)
        if good is not None and re.search(r"\bpractice\b", line[good.end() :], re.IGNORECASE):
            return True
    return False


class PracticesFile(Model):
    practices: list[Practice]


# --- publication-level text ------------------------------------------------------------------


class Workstream(Model):
    number: Annotated[Number, Field(ge=1, le=9)]
    name: Line = Field(description="As listed in the introduction.")
    lead: Line | None = None


class TaskForce(Model):
    name: Line
    description: list[Markdown] = Field(min_length=1)
    workstreams: list[Workstream] = Field(min_length=1)
    source: list[Source] = Field(min_length=1, description="Every section the description, workstreams and leads come from.")


class Level(Model):
    """One rating level. A score ``s`` is at this level when lower <= s < upper (or <= upper if inclusive)."""

    id: Id
    name: Line
    criterion: Line = Field(description="The card's wording, verbatim.")
    lower: Annotated[float, Strict(), Field(ge=0, le=100)]
    upper: Annotated[float, Strict(), Field(ge=0, le=100)]
    upper_inclusive: Flag


class Indicator(Model):
    code: Line
    name: Line
    scorecard: Text
    measures: Markdown
    levels: list[Level] = Field(min_length=1)
    below_lowest: Markdown = Field(description="What a score under the lowest level means.")
    interpretation: Markdown = Field(description="How the printed whole-number bands are read for decimals.")
    link: Link | None = None
    acronym: Text | None = Field(
        default=None,
        description="The hub's words spelling out the scorecard's acronym, as the note of the link's address in "
        "sources/verified-addresses.yaml gives it; shown with that link as its source.",
    )
    audience: Id | None = Field(
        default=None,
        description="The audience tag (tags.yaml) of the people who report on it: its page and this one link each other.",
    )

    def level_for(self, score: float) -> Level | None:
        """The first level whose range holds ``score``; None below the lowest (the calculator's rule)."""
        for level in self.levels:
            below_upper = score <= level.upper if level.upper_inclusive else score < level.upper
            if score >= level.lower and below_upper:
                return level
        return None

    @model_validator(mode="after")
    def _levels_contiguous(self) -> Indicator:
        for level in self.levels:
            if level.lower >= level.upper:
                raise ValueError(f"level '{level.id}': lower ({level.lower}) must be below upper ({level.upper})")
        for before, after in pairwise(self.levels):
            if after.lower != before.upper:
                kind = "overlaps" if after.lower < before.upper else "leaves a gap after"
                raise ValueError(
                    f"level '{after.id}' starts at {after.lower} but '{before.id}' ends at {before.upper}: "
                    f"the levels must meet exactly (it {kind} '{before.id}')"
                )
        return self


class ToolkitCard(Model):
    heading: Line
    subheading: Line
    what: list[Markdown] = Field(min_length=1)
    why: list[Markdown] = Field(min_length=1)


class Section(Model):
    title: Line
    paragraphs: list[Markdown] = Field(min_length=1)
    footnotes: list[Footnote] = Field(default_factory=list)
    closing: list[Markdown] = Field(default_factory=list, description="Paragraphs after a generated list, if any.")


class EpigraphSection(Section):
    """A section whose page opens with a quote (the introduction and the conclusion)."""

    epigraph: Quote | None = None


EPIGRAPH_SECTIONS = ("introduction", "conclusion")
"""The sections of ``PublicationFile`` that may carry an epigraph; the dialogues overview has none."""


class Publication(Model):
    cover_title: Line = Field(description="The title exactly as the cover prints it (in capitals, with its colon).")
    cover_subtitle: Line = Field(description="The subtitle exactly as the cover prints it (in capitals).")
    title: Line = Field(description="The cover's title in sentence case, for citations: the same words.")
    subtitle: Line = Field(description="The cover's subtitle in sentence case, for citations: the same words and hyphens.")
    overview: Text
    publisher: Text
    year: Annotated[Number, Field(ge=1945, le=2100)]
    rights: Text
    credits: list[Text] = Field(min_length=1, description="The imprint page's paragraphs, verbatim.")


class PublicationFile(Model):
    sources: list[SourcePublication] = Field(
        min_length=1, description="Every publication the items come from, the 2021 publication first."
    )
    toolkit_card: ToolkitCard
    indicator: Indicator
    publication: Publication
    task_force: TaskForce
    introduction: EpigraphSection
    dialogues_overview: Section
    conclusion: EpigraphSection


# --- using this site safely --------------------------------------------------------------------

_STORAGE_KEY = r"^[A-Za-z0-9_.-]{1,60}$"


def _storage_key(value: str) -> str:
    if not re.fullmatch(_STORAGE_KEY, value):
        raise PydanticCustomError(
            "storage_key",
            "'{value}' is not a name a browser's storage uses here: write the name exactly as the site's code "
            "writes it (letters, digits, '_', '.' or '-', at most 60), e.g. '__palette'",
            {"value": value[:60]},
        )
    return value


StorageKey = Annotated[
    str,
    Strict(),
    AfterValidator(_storage_key),
    WithJsonSchema({"type": "string", "pattern": _STORAGE_KEY}),
]
"""A name the site keeps something under in the browser's storage, e.g. Material's ``__palette``."""


class SafetyPoint(Model):
    """One point of the safety page, in the hub's own words."""

    text: Text = Field(description="The hub's own words, plain, for a frightened reader on a phone.")
    key: StorageKey | None = Field(
        default=None, description="The name the browser keeps this under, shown after the text (correct it here if it changes)."
    )


class SafetySection(Model):
    id: Id = Field(description="The section's anchor on the page.")
    title: Line = Field(description="The hub's own words: the section's heading.")
    points: list[SafetyPoint] = Field(min_length=1)


class SafetyPage(Model):
    """The 'Using this site safely' page (safety/): what the exit does and does not do, and what the site keeps."""

    title: Line
    intro: list[Text] = Field(min_length=1, description="The hub's own words, first on the page.")
    sections: list[SafetySection] = Field(min_length=1)


# --- where to get help --------------------------------------------------------------------------


class Excerpt(Model):
    """Words of the publication, verbatim, with where they stand."""

    text: Text = Field(description="Copied verbatim from the publication, without its bold, links or footnote markers.")
    source: Source


class HelpLink(Model):
    """A public page about a support or reporting mechanism; its address comes from sources/verified-addresses.yaml."""

    title: Text = Field(description="The page's title as the verified list names it.")
    url: HttpsUrl
    page: LinkPage = Field(description="What the address shows (from sources/verified-addresses.yaml).")
    about: Text | None = Field(default=None, description="The hub's own words: what the page offers, in one line.")


HelpSetting = Literal["un-system", "beyond-the-un"]
HELP_SETTING_TITLES: dict[str, str] = {"un-system": "For UN personnel", "beyond-the-un": "Beyond the UN system"}
"""The help page's heading for each setting, in this order."""


class HelpMechanism(Model):
    """A support or reporting mechanism the publication names, in its own words."""

    id: Id
    name: Line = Field(description="A short heading made of the publication's words.")
    setting: HelpSetting = Field(description="'un-system': for UN personnel; 'beyond-the-un': outside the UN system.")
    said: list[Excerpt] = Field(min_length=1, description="What the publication says about it, verbatim.")
    practice: Id | None = Field(default=None, description="Id of its entry in data/practices.yaml.")
    resources: list[Id] = Field(default_factory=list, description="Ids of its entries in data/resources.yaml.")
    links: list[HelpLink] = Field(
        default_factory=list, description="Verified pages about it that data/resources.yaml does not hold."
    )
    under_option: Id | None = Field(
        default=None,
        description="Id of the option for UN personnel under which its words in the publication are shown, folded.",
    )


class HelpOption(Model):
    """A confidential or reporting option for UN personnel, said in the hub's own words from its verified pages."""

    id: Id = Field(description="Its anchor on the page; a mechanism shows its words under it with `under_option`.")
    name: Line = Field(description="The hub's own words: its name, any acronym spelled out the first time.")
    about: Text = Field(description="The hub's own words: what the linked pages say it offers, never more.")
    links: list[HelpLink] = Field(min_length=1, description="Its verified pages, the most useful first.")


class ReportFact(Model):
    """One sentence of "What happens if I report": the hub's summary of what one verified page's note states."""

    text: Text = Field(description="The hub's own words; claim no more than the verified list's note on the page.")
    link: HelpLink = Field(description="The page the sentence summarises.")


class HelpPointer(Model):
    """A situation on the help page, in the hub's own words, that leads to an audience page."""

    title: Line = Field(description="The heading, in the reader's words (e.g. 'If someone tells you they are being harassed').")
    text: Text = Field(description="The hub's own words before the link.")
    audience: Id = Field(description="The audience tag (tags.yaml) whose page the link leads to.")


class HelpFile(Model):
    """The 'Where to get help' page, ordered for the reader: the hub's own words first (it takes no
    reports; emergency services; how to leave and use the site safely), then the options for UN
    personnel, what happens if you report, then the publication's mechanisms beyond the UN system."""

    title: Line
    not_a_channel: list[Text] = Field(
        min_length=1, description="The hub's own words, first on the page: it cannot receive reports; emergency services."
    )
    safety_pointer: Text | None = Field(
        default=None, description="The hub's own words before the link to the 'Using this site safely' page."
    )
    report_title: Line = Field(default="What happens if I report", description="The heading of the report section.")
    report_intro: Text | None = Field(default=None, description="The hub's own words introducing the report section.")
    report: list[ReportFact] = Field(default_factory=list, description="What happens if I report, one verified page a sentence.")
    more_title: Line = Field(
        default="Also named by the publication",
        description="The heading of the UN mechanisms not shown under an option, after the options.",
    )
    options_intro: Text | None = Field(default=None, description="The hub's own words introducing the options for UN personnel.")
    options: list[HelpOption] = Field(
        default_factory=list, description="Options for UN personnel, in the order a reader needs them."
    )
    pointers: list[HelpPointer] = Field(
        default_factory=list, description="Situations that lead to an audience page, after the options for UN personnel."
    )
    mechanisms_intro: Text = Field(description="The hub's own words introducing the mechanisms.")
    mechanisms: list[HelpMechanism] = Field(min_length=1)
    other_links_intro: Text | None = Field(
        default=None, description="The hub's own words introducing pages the publication does not name."
    )
    other_links: list[HelpLink] = Field(default_factory=list)
    safety: SafetyPage | None = Field(
        default=None,
        description="The 'Using this site safely' page, linked from the help page, the exit control and the footer: keep it.",
    )

    @field_validator("mechanisms")
    @classmethod
    def _mechanisms_name_known_options(cls, mechanisms: list[HelpMechanism], info: ValidationInfo) -> list[HelpMechanism]:
        if "options" not in info.data:  # the options have faults of their own: report those alone
            return mechanisms
        options = [option.id for option in info.data["options"]]
        for number, mechanism in enumerate(mechanisms):
            if mechanism.under_option is not None and mechanism.under_option not in options:
                raise PydanticCustomError(
                    "help_under_option",
                    "the mechanism '{mechanism}' (mechanisms[{number}]) names the option '{option}', which the page does not "
                    "have: use the id of one of the options ({known}), or remove under_option",
                    {
                        "mechanism": mechanism.id,
                        "number": number,
                        "option": mechanism.under_option,
                        "known": ", ".join(options) or "there are none",
                    },
                )
        return mechanisms


# --- search -------------------------------------------------------------------------------------


class VariantGroup(Model):
    """Words that people type for the same thing: spellings (behaviour/behavior) or synonyms."""

    words: list[SearchWord] = Field(min_length=2, max_length=MAX_VARIANT_GROUP_WORDS)


SitePage = Annotated[str, StringConstraints(pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*$", max_length=200)]
"""A page's address after the site's root, as the browser shows it: ``practices/speak-up-helpline/`` ('' is home)."""


class SearchBoost(Model):
    """A query with one of these words brings up this page first, then the usual results."""

    page: SitePage = Field(description="The page to bring up first, e.g. 'practices/speak-up-helpline/'.")
    words: list[SearchWord] = Field(
        min_length=1,
        max_length=MAX_BOOST_WORDS,
        description="Words that ask for it, each matched at its start ('report' also matches 'reporting').",
    )


class EverydayWords(Model):
    """Words a person types that the site's text does not use, and the site's words for the same thing."""

    words: list[SearchWord] = Field(
        min_length=1,
        max_length=MAX_VARIANT_GROUP_WORDS,
        description="What a person types ('boss', 'bosses'), each a whole word, in any case.",
    )
    means: list[SearchWord] = Field(
        min_length=1,
        max_length=MAX_VARIANT_GROUP_WORDS,
        description="Words of the site's text searched instead ('supervisor', 'manager'), each the start of a word the pages use.",
    )


class SearchFile(Model):
    variants: list[VariantGroup]
    everyday: list[EverydayWords] = Field(
        default_factory=list,
        description="Everyday words searched as the site's words ('boss' as 'manager supervisor').",
    )
    distress: list[SearchWord] = Field(
        default_factory=list,
        max_length=MAX_DISTRESS_WORDS,
        description="Words that show 'Need help? Where to get help' above the results, each matched at the start of a typed word.",
    )
    common_words: list[SearchWord] = Field(
        default_factory=list,
        max_length=MAX_COMMON_WORDS,
        description="Common English words the spelling correction never changes, though the site may not use them.",
    )
    stop_words: list[SearchWord] = Field(
        default_factory=list,
        max_length=MAX_STOP_WORDS,
        description="Words that never decide a search ('how', 'to', 'can'): left out of a query unless it has no other word.",
    )
    boosts: list[SearchBoost] = Field(
        default_factory=list, description="Pages brought up first for some words (help-seeking words: the help page)."
    )

    @field_validator("variants")
    @classmethod
    def _few_variant_words(cls, groups: list[VariantGroup]) -> list[VariantGroup]:
        _at_most(sum(len(g.words) for g in groups), MAX_VARIANT_WORDS, "words in all the variant groups")
        return groups

    @field_validator("everyday")
    @classmethod
    def _few_everyday_words(cls, groups: list[EverydayWords]) -> list[EverydayWords]:
        _at_most(sum(len(g.words) + len(g.means) for g in groups), MAX_EVERYDAY_WORDS, "words in all the everyday-word groups")
        return groups

    @field_validator("boosts")
    @classmethod
    def _few_boost_words(cls, boosts: list[SearchBoost]) -> list[SearchBoost]:
        _at_most(sum(len(b.words) for b in boosts), MAX_BOOST_WORDS, "words in all the boosts")
        return boosts


def _at_most(count: int, limit: int, what: str) -> None:
    if count > limit:
        raise PydanticCustomError(
            "too_many_search_words",
            "there are {count} {what}, over the limit of {limit}: every word is expanded in every search, "
            "so keep the ones people type most, or check for a paste accident",
            {"count": count, "what": what, "limit": limit},
        )


class DataFile(enum.Enum):
    """Every data file the hub reads, named by its ``DataSet`` field: ``DataFile.PEOPLE`` is data/people.yaml.

    Code that names a file names a member, so a misspelt file is a type error, not a missing key.
    A new file takes its model, a member here, a field of that model's type in ``DataSet`` (in the
    same order: checked on import) and what ``Hub.from_data`` takes from it.
    """

    PUBLICATION = "publication"
    TAGS = "tags"
    PEOPLE = "people"
    DIALOGUES = "dialogues"
    RECOMMENDATIONS = "recommendations"
    RESOURCES = "resources"
    PRACTICES = "practices"
    SEARCH = "search"
    HELP = "help"

    @property
    def file_name(self) -> str:
        """The file's name in the data folder (``people.yaml``)."""
        return f"{self.value}.yaml"

    @property
    def model(self) -> type[Model]:
        """The model of the whole file (the type of its ``DataSet`` field)."""
        return _FILE_MODELS[self]


@dataclass(frozen=True)
class DataSet:
    """Every data file's model, one attribute per ``DataFile`` (``people`` is data/people.yaml)."""

    publication: PublicationFile
    tags: TagsFile
    people: PeopleFile
    dialogues: DialoguesFile
    recommendations: RecommendationsFile
    resources: ResourcesFile
    practices: PracticesFile
    search: SearchFile
    help: HelpFile

    @classmethod
    def from_models(cls, models: Mapping[DataFile, Model]) -> DataSet:
        """From every file's validated model (the loader's result); a model of the wrong kind is a TypeError."""
        wrong = [file.file_name for file in DataFile if not isinstance(models.get(file), file.model)]
        if wrong:
            raise TypeError(f"no model, or a model of another file, for {', '.join(wrong)}")
        # Each value was just checked against its field's type, which a type checker cannot follow.
        fields: dict[str, Any] = {file.value: models[file] for file in DataFile}
        return cls(**fields)

    def model(self, file: DataFile) -> Model:
        """The model of one file."""
        model: Model = getattr(self, file.value)
        return model

    def items(self) -> Iterator[tuple[DataFile, Model]]:
        """Every file with its model, in ``DataFile`` order."""
        for file in DataFile:
            yield file, self.model(file)


def _file_models() -> dict[DataFile, type[Model]]:
    """Each file's model, read from the ``DataSet`` field it fills (one place says which model a file has)."""
    hints = typing.get_type_hints(DataSet)
    fields = [field.name for field in dataclasses.fields(DataSet)]
    if fields != [file.value for file in DataFile]:
        raise TypeError(f"DataFile and DataSet must name the same files in the same order: {fields}")
    return {file: hints[file.value] for file in DataFile}


_FILE_MODELS = _file_models()

DATA_FILES: dict[str, type[Model]] = {file.file_name: file.model for file in DataFile}
"""Every data file the hub reads by its name in data/, with its model. Loading order does not matter."""


CONTROLLED_VALUES: dict[str, tuple[Any, Mapping[str, object]]] = {
    "tag_kind": (TagKind, TAG_KIND_LABELS),
    "organisation_type": (OrganisationType, ORGANISATION_TYPE_LABELS),
    "quote_kind": (QuoteKind, QUOTE_KIND_LABELS),
    "resource_group": (ResourceGroup, RESOURCE_GROUP_LABELS),
    "resource_kind": (ResourceKind, RESOURCE_KIND_LABELS),
    "link_page": (LinkPage, LINK_PAGE_LABELS),
    "link_page_get_it": (LinkPage, LINK_PAGE_GET_IT_LABELS),
    "practice_kind": (PracticeKind, PRACTICE_KIND_LABELS),
    "wording": (Wording, WORDING_LABELS),
    "help_setting": (HelpSetting, HELP_SETTING_TITLES),
}
"""Every controlled value set (a ``Literal``) with its labels: what pages show for each allowed value."""

LABELS: dict[str, Mapping[str, object]] = {name: labels for name, (_, labels) in CONTROLLED_VALUES.items()}
"""The labels by value set, as the templates read them (``labels.practice_kind["proposed"]``)."""
