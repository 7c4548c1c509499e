"""The site navigation: which pages the menu lists, under which labels, in which order.

``build_nav`` returns MkDocs' ``nav`` structure from a validated Hub; ``nav_label`` is also an entity
page's title, and ``theme_text`` escapes data text where it leaves the package for the theme.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.models import Dialogue, Person, Practice, Recommendation, SourcePublication
from knowledge_hub.references import walk_strings
from knowledge_hub.render import long_date

NAV_LIST_LIMIT = 60
"""A nav section lists its pages one by one only up to this many; beyond, only its index page.

Every page renders the whole nav, so listing every entity would make build time grow with the
square of the data (see benchmarks/README.md). The publication's sections are far below this.
"""


NAV_PUBLICATION = "The publication"
NAV_TOOLS = "Hub tools"
"""The nav's two groups: the publication's text, and what the hub adds to find and reuse it."""


def build_nav(hub: Hub) -> list[Any]:
    """The site navigation in MkDocs' ``nav`` format, with generated sections filled from the data."""

    def section(index: str, entries: list[dict[str, str]]) -> list[Any]:
        return [index, *entries] if len(entries) <= NAV_LIST_LIMIT else [index]

    def entries(
        items: Iterable[Recommendation | Dialogue | Person | Practice], page: Callable[[Any], str]
    ) -> list[dict[str, str]]:
        return [{theme_text(nav_label(item)): page(item)} for item in items]

    # The publication's own parts, in its order, apart from what the hub adds to it. Previous and
    # next follow the nav, so a later publication's recommendations and dialogues stand in a group
    # of their own after the first's: reading order stays within a publication.
    first = hub.first_publication
    publication: list[Any] = [
        {"Title page and contents": paths.PUBLICATION},
        {"Introduction": paths.INTRODUCTION},
        {"Recommendations": section(paths.RECOMMENDATIONS, entries(hub.recommendations_of(first), paths.recommendation))},
        {"Dialogues": section(paths.DIALOGUES, entries(hub.dialogues_of(first), paths.dialogue))},
        {"Conclusion": paths.CONCLUSION},
        {"CEB Task Force": paths.TASK_FORCE},
    ]
    for later in hub.publication.sources[1:]:
        parts = [
            *entries(hub.recommendations_of(later), paths.recommendation),
            *entries(hub.dialogues_of(later), paths.dialogue),
        ]
        if parts and len(parts) <= NAV_LIST_LIMIT:  # beyond, the sections' index pages list them
            publication.append({theme_text(publication_label(later)): parts})
    tools: list[Any] = [
        {"Where to get help": paths.HELP},
        *([{theme_text(hub.help.safety.title): paths.SAFETY}] if hub.help.safety else []),
        {"By role": [{theme_text(tag.label): paths.audience(tag)} for tag in hub.tags_of(hub.tags, kind="audience")]},
    ]
    if hub.practices:
        tools.append({"Practices": section(paths.PRACTICES, entries(hub.practices, paths.practice))})
    tools += [
        # A section of its index page alone: an index page directly in a group would become the group's.
        {"Resources": [paths.RESOURCES]},
        {"Quotes": [paths.QUOTES, {"By recommendation": paths.QUOTES_BY_RECOMMENDATION}]},
        {"People": section(paths.PEOPLE, entries(hub.people.values(), paths.person))},
        {"Tags": paths.TAGS},
        {"PI 4.2 rating thresholds": paths.INDICATOR},
        {"Open data": paths.OPEN_DATA},
        {"About": paths.ABOUT},
        {"Accessibility": paths.ACCESSIBILITY},
    ]
    nav: list[Any] = [{"Home": paths.HOME}, {NAV_PUBLICATION: publication}, {NAV_TOOLS: tools}]
    return nav


def publication_label(publication: SourcePublication) -> str:
    """A publication as a heading names it: 'Making zero tolerance a reality (2021)'."""
    return f"{publication.title} ({publication.year})"


def nav_label(item: Recommendation | Dialogue | Person | Practice) -> str:
    """The short title of an entity page: its nav entry and the page's title in the theme."""
    if isinstance(item, Recommendation):
        return f"{item.number}. {item.conclusion_title}"
    if isinstance(item, Dialogue):
        return f"{item.label}: {long_date(item.date)}"
    return item.name


def theme_text(text: str) -> str:
    """Text for the theme's templates, which print nav labels and page titles as HTML, unescaped.

    Material's templates do not escape ``nav_item.title`` or ``page.meta.title``: data text that
    travels there is escaped here, where it leaves the package.
    """
    return html.escape(text, quote=True)


def nav_pages(nav: list[Any]) -> set[str]:
    """Every page path the nav names."""
    return {path for _, path in walk_strings(nav)}
