"""Assemble every generated page from a validated Hub (the navigation: ``knowledge_hub.nav``).

``build_pages`` returns ``{source path: Markdown}``; the MkDocs hook only hands these to MkDocs.
Adding an entity to the data adds its page and its nav entry; nothing here is hand-listed.
"""

from __future__ import annotations

import json
import typing
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from knowledge_hub import export, paths
from knowledge_hub.hub import Hub
from knowledge_hub.models import (
    CITED_IN_TEXT,
    HELP_SETTING_TITLES,
    PRACTICE_KIND_LABELS,
    RESOURCE_GROUP_LABELS,
    Dialogue,
    HelpMechanism,
    Level,
    OrganisationType,
    Person,
    Practice,
    Source,
)
from knowledge_hub.nav import build_nav as build_nav  # re-exported: hub render (plain_site.py) imports it from here
from knowledge_hub.nav import nav_label
from knowledge_hub.nav import nav_pages as nav_pages
from knowledge_hub.render import percent, render_page

HUB_CONFIG_KEY = "knowledge_hub"
"""Where the site wiring keeps the validated Hub (``config.extra``) for the hooks and macros."""

RESOURCE_GROUPS: tuple[tuple[str, str], ...] = (*RESOURCE_GROUP_LABELS.items(), CITED_IN_TEXT)
"""Appendix 1's four groups in its order, then resources cited only in the text."""


def build_pages(hub: Hub, *, site_url: str | None = None) -> dict[str, str]:
    """Every generated page of the site, keyed by its source path.

    ``site_url`` is the address the site is published at (MkDocs' ``site_url``), if known: the
    "Cite this" blocks then give each page's full address instead of its path.
    """
    pages: dict[str, str] = {}

    def add(path: str, template: str, **context: Any) -> None:
        pages[path] = render_page(template, page_path=path, hub=hub, site_url=site_url, **context)

    publication = hub.publication
    conclusion_source = Source(section="Conclusion and recommendations")
    add(paths.PUBLICATION, "publication.md.j2", imprint=publication.publication, cite_title="The publication")
    add(paths.RECOMMENDATIONS, "recommendations.md.j2")
    for rec in hub.recommendations:
        add(
            paths.recommendation(rec),
            "recommendation.md.j2",
            rec=rec,
            page_title=nav_label(rec),
            conclusion_source=conclusion_source,
            cite_title=f"Recommendation {rec.number}: {rec.title}",
            cite_sources=[rec.source],
        )
    add(paths.DIALOGUES, "dialogues.md.j2", series=dialogue_series(hub))
    for dialogue in hub.dialogues:
        add(
            paths.dialogue(dialogue),
            "dialogue.md.j2",
            dialogue=dialogue,
            page_title=nav_label(dialogue),
            cite_title=f"{dialogue.label}: {dialogue.title}",
            cite_sources=[dialogue.source],
        )
    add(paths.PEOPLE, "people.md.j2", people=people_a_to_z(hub))
    for person in hub.people.values():
        add(
            paths.person(person),
            "person.md.j2",
            person=person,
            page_title=nav_label(person),
            summarised_in=summarised_in(hub, person),
        )
    add(
        paths.QUOTES,
        "quotes.md.j2",
        speakers=[p for p in people_a_to_z(hub) if p.id in hub.quotes_by_person],
        cite_title="Quotes",
    )
    add(paths.QUOTES_BY_RECOMMENDATION, "quotes_by_recommendation.md.j2")
    add(paths.RESOURCES, "resources.md.j2", groups=RESOURCE_GROUPS, resources_by_group=_resources_by_group(hub))
    add(
        paths.INTRODUCTION,
        "section.md.j2",
        section=publication.introduction,
        list_recommendations=False,
        source=Source(section="Introduction"),
    )
    add(
        paths.CONCLUSION,
        "section.md.j2",
        section=publication.conclusion,
        list_recommendations=True,
        source=conclusion_source,
    )
    add(
        paths.TASK_FORCE,
        "task_force.md.j2",
        task_force=publication.task_force,
    )
    indicator = publication.indicator
    add(
        paths.INDICATOR,
        "indicator.md.j2",
        indicator=indicator,
        card=publication.toolkit_card,
        range_label=range_label,
        levels_json=levels_json(indicator.levels),
    )
    add(paths.TAGS, "tags.md.j2", tagged=_tagged(hub))
    for tag in hub.tags_of(hub.tags, kind="audience"):
        add(paths.audience(tag), "audience.md.j2", tag=tag, page_title=tag.label, **_for_audience(hub, tag.id))
    if hub.practices:
        add(
            paths.PRACTICES,
            "practices.md.j2",
            by_type=_practices_by_type(hub),
            by_tag=_practices_by_tag(hub),
            kinds=[(kind, label) for kind, (label, _) in PRACTICE_KIND_LABELS.items()],
            kind_counts=practice_kind_counts(hub),
        )
        for practice in hub.practices:
            add(
                paths.practice(practice),
                "practice.md.j2",
                practice=practice,
                page_title=nav_label(practice),
                cite_title=practice.name,
                cite_sources=practice.source,
            )
    add(paths.OPEN_DATA, "open_data.md.j2", open_data=open_data_summary(hub), cite_title="Open data")
    add(
        paths.HELP,
        "help.md.j2",
        help=hub.help,
        settings=_mechanisms_by_setting(hub),
        under_option=_mechanisms_by_option(hub),
    )
    if hub.help.safety:
        add(paths.SAFETY, "safety.md.j2", safety=hub.help.safety)
    return pages


def people_a_to_z(hub: Hub) -> list[Person]:
    """Everyone, A to Z by surname (the last word of the name, as the publication prints it)."""
    return sorted(hub.people.values(), key=lambda person: (person.name.split()[-1].casefold(), person.name.casefold()))


def range_label(level: Level, previous: Level | None) -> str:
    """Human wording of a level's range, from the same numbers and rule as ``Indicator.level_for``.

    A score on a shared boundary belongs to the first level that holds it, so a level's lower
    bound counts only when the level before it stops short of that bound.
    """
    low, high = percent(level.lower), percent(level.upper)
    lower_included = previous is None or not previous.upper_inclusive
    start = f"from {low}" if lower_included else f"over {low}"
    end = f"up to and including {high}" if level.upper_inclusive else f"up to but not including {high}"
    return f"{start} {end}"


def levels_json(levels: list[Level]) -> str:
    """The levels as the calculator reads them (a data attribute: one set of numbers for page and script)."""
    return json.dumps([level.model_dump(include={"id", "name", "lower", "upper", "upper_inclusive"}) for level in levels])


def summarised_in(hub: Hub, person: Person) -> list[Dialogue]:
    """The dialogues of this person whose printed text names them (by surname) outside the speaker list."""
    surname = person.name.split()[-1]
    return [
        dialogue
        for dialogue in hub.dialogues_by_person.get(person.id, [])
        if any(surname in paragraph for paragraph in dialogue.summary)
    ]


def practice_kind_counts(hub: Hub) -> list[str]:
    """'<n> <kind label>' for each practice kind in use, in the model's order."""
    counts = [(label, sum(p.kind == kind for p in hub.practices)) for kind, (label, _) in PRACTICE_KIND_LABELS.items()]
    return [f"{count} “{label}”" for label, count in counts if count]


def open_data_summary(hub: Hub) -> dict[str, Any]:
    """What the Open data page says about the files: the document's counts and each table's row count."""
    document = export.build_document(hub)
    fields = export.OpenData.model_fields
    return {
        "format_version": document.format_version,
        "counts": {name: len(value) for name in fields if isinstance(value := getattr(document, name), list)},
        "keys": [(name, field.description or f"A list of {name}.") for name, field in fields.items() if name != "format_version"],
        "tables": [(table, len(table.rows(hub))) for table in export.TABLES],
        "hub_json": export.HUB_JSON,
        "schema_json": export.SCHEMA_JSON,
        "list_separator": export.LIST_SEPARATOR,
    }


def _resources_by_group(hub: Hub) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for resource in hub.resources.values():
        grouped[resource.group or "cited-in-text"].append(resource)
    return grouped


def _mechanisms_by_setting(hub: Hub) -> list[tuple[str, str, list[HelpMechanism]]]:
    """(setting, heading, mechanisms) in the order of HELP_SETTING_TITLES, empty settings left out.

    A mechanism shown under one of the options for UN personnel is left out of its setting's list
    (it is on the page once); the UN setting stays while it has options.
    """
    return [
        (setting, title, mechanisms)
        for setting, title in HELP_SETTING_TITLES.items()
        if (mechanisms := [m for m in hub.help.mechanisms if m.setting == setting and m.under_option is None])
        or (setting == "un-system" and hub.help.options)
    ]


def _mechanisms_by_option(hub: Hub) -> dict[str, list[HelpMechanism]]:
    """The mechanisms each option for UN personnel shows under it, by option id, in the data's order."""
    grouped: dict[str, list[HelpMechanism]] = defaultdict(list)
    for mechanism in hub.help.mechanisms:
        if mechanism.under_option is not None:
            grouped[mechanism.under_option].append(mechanism)
    return grouped


EXCERPT_LENGTH = 80
"""Characters of a quote that the Tags page shows before it cuts the rest."""


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """``text`` whole if it fits in ``limit`` characters, else cut at the last word boundary before it, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(None, 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:–—") + "…"


def _tagged(hub: Hub) -> dict[str, list[tuple[str, str]]]:
    """Tag id -> (label, page) of everything that carries it."""
    tagged: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rec in hub.recommendations:
        for tag in rec.tags:
            tagged[tag].append((f"Recommendation {rec.number}: {rec.title}", paths.recommendation(rec)))
    for practice in hub.practices:
        for tag in practice.tags:
            tagged[tag].append((f"Practice: {practice.name}", paths.practice(practice)))
    for record in hub.quotes.values():
        for tag in record.quote.tags:
            tagged[tag].append((f"Quote: {excerpt(record.quote.text)}", paths.quote(record.quote.id)))
    for resource in hub.resources.values():
        for tag in resource.tags:
            tagged[tag].append((f"Resource: {resource.title}", paths.resource(resource)))
    return tagged


def _practices_by_type(hub: Hub) -> dict[str, list[Practice]]:
    """Organisation type -> practices, types in the order the model lists them, empty types left out."""
    return {
        kind: practices
        for kind in typing.get_args(OrganisationType)
        if (practices := [p for p in hub.practices if p.organisation_type == kind])
    }


def _practices_by_tag(hub: Hub) -> dict[str, list[Practice]]:
    """Tag id -> practices that carry it."""
    grouped: dict[str, list[Practice]] = defaultdict(list)
    for practice in hub.practices:
        for tag in practice.tags:
            grouped[tag].append(practice)
    return dict(grouped)


def render_data_fault(faults: Sequence[object], *, last_good: bool) -> str:
    """The data's faults as Markdown, for the live preview (``mkdocs serve``) only."""
    return render_page("data_fault.md.j2", page_path=paths.HOME, hub=None, faults=list(faults), last_good=last_good)


MACRO_FRAGMENTS = {
    "recommendation_cards": "_cards.md.j2",
    "dialogue_cards": "_dialogue_list.md.j2",
    "citation": "_citation.md.j2",
    "hub_counts": "_counts.md.j2",
    "audience_cards": "_audiences.md.j2",
}
"""The data blocks a hand-written page may use (``{{ citation() }}``) and the template each renders."""


def render_fragment(template: str, *, hub: Hub, page_path: str) -> str:
    """A piece of a hand-written page (used through macros), linked relative to that page."""
    return render_page(template, page_path=page_path, hub=hub, audience_counts=_audience_counts(hub), series=dialogue_series(hub))


@dataclass(frozen=True)
class DialogueSeries:
    """The dialogues' titles for a list of them, the series title they share said once, not on every card."""

    title: str
    """The publication's title, which most dialogue titles begin with ("Making zero tolerance a reality")."""
    card_titles: dict[str, str]
    """Dialogue id -> its title without the series title in front."""
    labels: list[str]
    """Labels of the dialogues whose printed title begins with the series title, in order."""


def dialogue_series(hub: Hub) -> DialogueSeries:
    """Each dialogue's title without the series title that most of them print in front of it."""
    title = hub.publication.publication.title
    prefix = f"{title}: "
    return DialogueSeries(
        title=title,
        card_titles={d.id: d.title.removeprefix(prefix) for d in hub.dialogues},
        labels=[d.label for d in hub.dialogues if d.title.startswith(prefix)],
    )


def _audience_counts(hub: Hub) -> dict[str, tuple[int, int]]:
    """Audience tag id -> how many (recommendations, practices) carry it."""
    counts = {}
    for tag in hub.tags_of(hub.tags, kind="audience"):
        items = _for_audience(hub, tag.id)
        counts[tag.id] = (len(items["recommendations"]), len(items["practices"]))
    return counts


def _for_audience(hub: Hub, tag_id: str) -> dict[str, list[Any]]:
    """The recommendations, practices and resources tagged for one audience."""
    return {
        "recommendations": [r for r in hub.recommendations if tag_id in r.tags],
        "practices": [p for p in hub.practices if tag_id in p.tags],
        "resources": [r for r in hub.resources.values() if tag_id in r.tags],
    }
