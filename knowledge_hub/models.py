"""Typed, frozen models of every data file under ``data/``.

Each ``*File`` class is the shape of one YAML file; the JSON Schemas that editors use are
generated from these classes (``python -m knowledge_hub schema``), so the rules live here once.
Unknown keys are rejected everywhere: a misspelt key must be an error, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

# --- building blocks --------------------------------------------------------------------------

MAX_TEXT = 20_000
"""No paragraph of the publication comes near this; a longer string is a paste accident."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only spaces")
    return value


Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(_not_blank)]
"""Plain or Markdown text from the publication. Rendered escaped: HTML in it shows as text."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
"""A stable identifier: lower-case letters, digits and single hyphens, e.g. ``martha-helena-lopez``."""

MAX_NUMBER = 9_999
"""Recommendations and dialogues are numbered 1, 2, 3...; room for a hub far larger than the publication."""

Page = Annotated[int, Field(ge=1, le=40)]
"""A page number of the publication's PDF (it has 36 pages)."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Source(Model):
    """Where in the publication an item comes from."""

    section: Text = Field(description="Section of the publication, e.g. 'Dialogue Two' or 'Appendix 1: Resources'.")
    page: Page | None = Field(default=None, description="PDF page, where the seed's table of contents shows it.")


class Footnote(Model):
    number: Annotated[int, Field(ge=1, le=99)]
    text: Text = Field(description="Footnote text as printed; resource links written [title](resource:<id>).")


# --- controlled vocabulary ----------------------------------------------------------------------

TagKind = Literal["theme", "audience"]


class Tag(Model):
    id: Id
    label: Text
    kind: TagKind
    description: Text | None = None


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


class Person(Model):
    id: Id
    honorific: Text = Field(description="As printed in the speaker list, e.g. 'H.E. Mr.', 'Ms.', 'Dr.'.")
    name: Text
    title: Text = Field(description="Role and organisation exactly as printed after the name in the speaker list.")
    organisation: Text = Field(description="The organisation (or country) named in the printed title, verbatim.")
    organisation_type: OrganisationType


class PeopleFile(Model):
    people: list[Person]


QuoteKind = Literal["epigraph", "pull-quote"]


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
    number: Annotated[int, Field(ge=1, le=MAX_NUMBER)]
    label: Text = Field(description="Heading as printed, e.g. 'Dialogue One'.")
    title: Text
    date: dt.date
    hosts: list[Text] = Field(min_length=1)
    facilitator: Id
    speakers: list[Id] = Field(min_length=1, description="Person ids in the order the publication lists them.")
    audience: Text
    summary: list[Text] = Field(min_length=1, description="Every paragraph of the dialogue's text, Markdown.")
    quotes: list[Quote] = Field(min_length=1, description="Epigraph first, then pull-quotes in reading order.")
    source: Source


class DialoguesFile(Model):
    dialogues: list[Dialogue]


# --- recommendations ---------------------------------------------------------------------------


class Recommendation(Model):
    number: Annotated[int, Field(ge=1, le=MAX_NUMBER)]
    slug: Id = Field(description="URL part; starts with the number, e.g. '3-survivor-centred-approach'.")
    title: Text
    conclusion_title: Text = Field(description="The wording used in the conclusion's list of twelve.")
    body: list[Text] = Field(min_length=1, description="Paragraphs, Markdown; footnote markers as [^n].")
    footnotes: list[Footnote] = Field(default_factory=list)
    quotes: list[Id] = Field(min_length=1, description="Quotes that support it (curated).")
    cited_resources: list[Id] = Field(default_factory=list, description="Resources the publication cites for it.")
    related_resources: list[Id] = Field(default_factory=list, description="Added by the curators, not cited.")
    tags: list[Id] = Field(default_factory=list)
    search_terms: list[Text] = Field(default_factory=list, description="Words people type for it: synonyms, spelling variants.")
    source: Source

    @model_validator(mode="after")
    def _slug_starts_with_number(self) -> Recommendation:
        if not self.slug.startswith(f"{self.number}-"):
            raise ValueError(f"slug '{self.slug}' must start with '{self.number}-' (the recommendation's number)")
        return self


class RecommendationsFile(Model):
    introduction: Text = Field(description="The paragraph under 'Key messages and recommendations'.")
    recommendations: list[Recommendation]


# --- resources -----------------------------------------------------------------------------------

ResourceGroup = Literal["ceb-task-force", "un-secretariat", "un-women", "international-community"]
ResourceKind = Literal[
    "policy", "guide", "statement", "publication", "database", "training", "programme", "toolkit", "web-page",
    "helpline", "report", "webinar", "bulletin", "strategy",
]
LinkPage = Literal["document", "topic", "announcement", "copy"]


class Link(Model):
    url: HttpUrl
    page: LinkPage = Field(description="What the address shows (from shared/resource-links.yaml).")
    note: Text | None = None


class Resource(Model):
    id: Id
    title: Text
    publisher: Text | None = None
    kind: ResourceKind
    group: ResourceGroup | None = Field(default=None, description="Appendix 1 group; empty when only cited in the text.")
    appendix_title: Text | None = Field(default=None, description="How Appendix 1 prints it, where it differs from title.")
    description: Text | None = None
    link: Link | None = Field(default=None, description="Only a verified address; leave empty when none is known.")
    source: list[Source] = Field(min_length=1, description="Every place in the publication that cites it.")
    tags: list[Id] = Field(default_factory=list)


class ResourcesFile(Model):
    resources: list[Resource]


# --- good practices ----------------------------------------------------------------------------


class Practice(Model):
    """A concrete practice, tool or programme that a speaker or the publication describes."""

    id: Id
    name: Text
    description: Text = Field(description="One paragraph in the publication's own words.")
    organisation: Text = Field(description="Who runs or shared it, as the publication names them.")
    organisation_type: OrganisationType
    shared_by: list[Id] = Field(default_factory=list, description="Person ids of the speakers who described it.")
    dialogues: list[Id] = Field(default_factory=list, description="Dialogues where it came up.")
    recommendations: list[Id] = Field(min_length=1, description="Slugs of the recommendations it serves.")
    resources: list[Id] = Field(default_factory=list)
    tags: list[Id] = Field(default_factory=list)
    source: list[Source] = Field(min_length=1)


class PracticesFile(Model):
    practices: list[Practice]


# --- publication-level text ------------------------------------------------------------------


class Workstream(Model):
    number: Annotated[int, Field(ge=1, le=9)]
    name: Text = Field(description="As listed in the introduction.")
    lead: Text | None = None


class TaskForce(Model):
    name: Text
    description: list[Text] = Field(min_length=1)
    workstreams: list[Workstream] = Field(min_length=1)


class Level(Model):
    """One rating level. A score ``s`` is at this level when lower <= s < upper (or <= upper if inclusive)."""

    id: Id
    name: Text
    criterion: Text = Field(description="The card's wording, verbatim.")
    lower: Annotated[float, Field(ge=0, le=100)]
    upper: Annotated[float, Field(ge=0, le=100)]
    upper_inclusive: bool


class Indicator(Model):
    code: Text
    name: Text
    scorecard: Text
    measures: Text
    levels: list[Level] = Field(min_length=1)
    below_lowest: Text = Field(description="What a score under the lowest level means.")
    interpretation: Text = Field(description="How the printed whole-number bands are read for decimals.")
    link: Link | None = None

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
        for before, after in zip(self.levels, self.levels[1:]):
            if after.lower != before.upper:
                kind = "overlaps" if after.lower < before.upper else "leaves a gap after"
                raise ValueError(
                    f"level '{after.id}' starts at {after.lower} but '{before.id}' ends at {before.upper}: "
                    f"the levels must meet exactly (it {kind} '{before.id}')"
                )
        return self


class ToolkitCard(Model):
    heading: Text
    subheading: Text
    what: list[Text] = Field(min_length=1)
    why: list[Text] = Field(min_length=1)


class Section(Model):
    title: Text
    paragraphs: list[Text] = Field(min_length=1)
    footnotes: list[Footnote] = Field(default_factory=list)
    epigraph: Quote | None = None
    closing: list[Text] = Field(default_factory=list, description="Paragraphs after a generated list, if any.")


class ContentsEntry(Model):
    title: Text
    page: Page


class Publication(Model):
    title: Text
    subtitle: Text
    overview: Text
    publisher: Text
    year: Annotated[int, Field(ge=1945, le=2100)]
    rights: Text
    credits: list[Text] = Field(min_length=1, description="The imprint page's paragraphs, verbatim.")
    contents: list[ContentsEntry] = Field(min_length=1)


class PublicationFile(Model):
    toolkit_card: ToolkitCard
    indicator: Indicator
    publication: Publication
    task_force: TaskForce
    introduction: Section
    dialogues_overview: Section
    conclusion: Section


# --- search -------------------------------------------------------------------------------------


class VariantGroup(Model):
    """Words that people type for the same thing: spellings (behaviour/behavior) or synonyms."""

    words: list[Text] = Field(min_length=2)


SitePage = Annotated[str, StringConstraints(pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*$", max_length=200)]
"""A page's address after the site's root, as the browser shows it: ``practices/speak-up-helpline/`` ('' is home)."""


class SearchBoost(Model):
    """A query with one of these words brings up this page first, then the usual results."""

    page: SitePage = Field(description="The page to bring up first, e.g. 'practices/speak-up-helpline/'.")
    words: list[Text] = Field(min_length=1, description="Words that ask for it, each matched at its start ('report' also matches 'reporting').")


class SearchFile(Model):
    variants: list[VariantGroup]
    stop_words: list[Text] = Field(
        default_factory=list,
        description="Words that never decide a search ('how', 'to', 'can'): left out of a query unless it has no other word.",
    )
    boosts: list[SearchBoost] = Field(default_factory=list, description="Pages brought up first for some words (help-seeking words: the help page).")


DATA_FILES: dict[str, type[Model]] = {
    "publication.yaml": PublicationFile,
    "tags.yaml": TagsFile,
    "people.yaml": PeopleFile,
    "dialogues.yaml": DialoguesFile,
    "recommendations.yaml": RecommendationsFile,
    "resources.yaml": ResourcesFile,
    "practices.yaml": PracticesFile,
    "search.yaml": SearchFile,
}
"""Every data file the hub reads, with its model. Loading order does not matter."""
