"""Where each kind of entity lives in the site (source paths; MkDocs turns them into URLs).

One place for every address, so that links, the nav and the tests agree, and URLs stay stable:
``recommendations/3-survivor-centred-approach.md`` is served at ``/recommendations/3-survivor-centred-approach/``.
"""

from __future__ import annotations

from knowledge_hub.models import Dialogue, Person, Practice, Recommendation, Resource, Tag

HOME = "index.md"
ABOUT = "about.md"
ACCESSIBILITY = "accessibility.md"
INTRODUCTION = "introduction.md"
CONCLUSION = "conclusion.md"
TASK_FORCE = "task-force.md"
PUBLICATION = "publication.md"
INDICATOR = "pi-4-2.md"
RECOMMENDATIONS = "recommendations/index.md"
DIALOGUES = "dialogues/index.md"
PEOPLE = "people/index.md"
QUOTES = "quotes/index.md"
QUOTES_BY_RECOMMENDATION = "quotes/by-recommendation.md"
RESOURCES = "resources/index.md"
PRACTICES = "practices/index.md"
TAGS = "tags.md"
OPEN_DATA = "open-data.md"
HELP = "help.md"
SAFETY = "safety.md"


def recommendation(item: Recommendation) -> str:
    return f"recommendations/{item.slug}.md"


def dialogue(item: Dialogue) -> str:
    return f"dialogues/{item.id}.md"


def person(item: Person) -> str:
    return f"people/{item.id}.md"


def practice(item: Practice) -> str:
    return f"practices/{item.id}.md"


def resource(item: Resource) -> str:
    return f"{RESOURCES}#{item.id}"


def tag(item: Tag) -> str:
    return f"{TAGS}#{item.id}"


def audience(item: Tag) -> str:
    """Each audience tag has a page listing what is tagged for it (the home page's entry points by role)."""
    return f"audiences/{item.id}.md"


def quote(quote_id: str) -> str:
    """Every quote has an anchor on the quotes page."""
    return f"{QUOTES}#{quote_id}"


def url(page: str) -> str:
    """The address of a source page relative to the site root, as MkDocs serves it by default.

    ``practices/index.md`` -> ``practices/``; ``practices/gender-pledge.md`` -> ``practices/gender-pledge/``.
    """
    path = page.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return f"{path}/"
