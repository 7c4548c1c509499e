"""Ids are promises: a page whose id changed keeps its old address, as a small page that leads to the new one.

A recommendation, dialogue, person, practice, resource or tag may list the ids it had before under
``former_ids``. ``redirect_pages`` returns ``{output path: HTML}``: for each former id of an entry
that has a page of its own, a static page at the old address with a ``<meta http-equiv="refresh">``
and a plain link to the new page, both relative (so they work under any sub-path and from
``file://``), marked ``noindex``, with no script. It is the static host's stand-in for an HTTP
redirect, not a page of the hub: it carries no theme, only what a person who lands on it may need
before the browser moves on (the quick exit first, then the help page). Resources and theme tags are anchors on a shared
page: their old addresses already lead to that page.

``former_id_faults`` is the check's part: a former id that is an entry's current id, that two
entries of one kind both claim, or whose old address is a page the site has, is refused at its line.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape

from knowledge_hub import paths
from knowledge_hub.exit_destination import BLANK
from knowledge_hub.faults import Fault, YamlPath
from knowledge_hub.hub import Hub
from knowledge_hub.loader import LoadedData
from knowledge_hub.models import DataFile, Dialogue, Person, Practice, Recommendation, Resource, Tag

Entry = Recommendation | Dialogue | Person | Practice | Resource | Tag


@dataclass(frozen=True)
class _Kind:
    """One kind of entry whose ids share an address space: its file (which lists the entries under a key of
    the same name) and how it is named."""

    file: DataFile
    noun: str

    @property
    def key(self) -> str:
        return self.file.value


_KINDS = (
    _Kind(DataFile.RECOMMENDATIONS, "recommendation"),
    _Kind(DataFile.DIALOGUES, "dialogue"),
    _Kind(DataFile.PEOPLE, "person"),
    _Kind(DataFile.PRACTICES, "practice"),
    _Kind(DataFile.RESOURCES, "resource"),
    _Kind(DataFile.TAGS, "tag"),
)


def current_id(entry: Entry) -> str:
    """The id that makes the entry's address (a recommendation's slug)."""
    return entry.slug if isinstance(entry, Recommendation) else entry.id


def page_of(entry: Entry, entry_id: str) -> str | None:
    """The source path the entry's page would have under ``entry_id``; None when it has no page of its own."""
    if isinstance(entry, Recommendation):
        return paths.recommendation(entry.model_copy(update={"slug": entry_id}))
    if isinstance(entry, Dialogue):
        return paths.dialogue(entry.model_copy(update={"id": entry_id}))
    if isinstance(entry, Person):
        return paths.person(entry.model_copy(update={"id": entry_id}))
    if isinstance(entry, Practice):
        return paths.practice(entry.model_copy(update={"id": entry_id}))
    if isinstance(entry, Tag) and entry.kind == "audience":
        return paths.audience(entry.model_copy(update={"id": entry_id}))
    return None


def _entries(hub: Hub) -> Iterator[Entry]:
    yield from hub.recommendations
    yield from hub.dialogues
    yield from hub.people.values()
    yield from hub.practices
    yield from hub.tags.values()


def output_file(source: str, *, directory_urls: bool) -> str:
    """Where MkDocs writes the page of ``source``: ``people/x.md`` -> ``people/x/index.html`` (or ``people/x.html``)."""
    if directory_urls:
        return f"{paths.url(source)}index.html"
    return f"{source.removesuffix('.md')}.html"


def _title(entry: Entry) -> str:
    if isinstance(entry, Recommendation):
        return f"Recommendation {entry.number}: {entry.title}"
    if isinstance(entry, Dialogue):
        return f"{entry.label}: {entry.title}"
    if isinstance(entry, Tag):
        return entry.label
    if isinstance(entry, Resource):
        return entry.title
    return entry.name


def redirect_pages(hub: Hub, *, directory_urls: bool = True, exit_href: str = BLANK) -> dict[str, str]:
    """``{output path: HTML}``: one page at each former id's address that leads to the entry's page."""
    pages: dict[str, str] = {}

    def relative(target_file: str, from_file: str) -> str:
        link = posixpath.relpath(target_file, posixpath.dirname(from_file))
        return link.removesuffix("index.html") if directory_urls else link

    help_file = output_file(paths.HELP, directory_urls=directory_urls)
    for entry in _entries(hub):
        new = page_of(entry, current_id(entry))
        if new is None:
            continue
        new_file = output_file(new, directory_urls=directory_urls)
        for former in entry.former_ids:
            old = page_of(entry, former)
            assert old is not None  # the same kind of entry has a page under any id
            old_file = output_file(old, directory_urls=directory_urls)
            pages[old_file] = redirect_html(relative(new_file, old_file), _title(entry), relative(help_file, old_file), exit_href)
    return pages


def redirect_html(link: str, title: str, help_link: str, exit_href: str = BLANK) -> str:
    """A page that sends the browser to ``link`` at once, and shows a plain link to it for anyone it does not send.

    Like every page of the hub it first offers the quick exit (``exit_href``, the setting's
    destination) and the help page (``help_link``): a browser that does not follow the refresh, or
    takes its time, still shows both.
    """
    href = escape(link, quote=True)
    words = escape(title, quote=False)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "<title>This page has moved</title>\n"
        "</head>\n"
        "<body>\n"
        f'<p><a class="hub-exit-skip" href="{escape(exit_href, quote=True)}" rel="nofollow noreferrer" data-hub-exit>'
        "Exit this page</a></p>\n"
        f'<p class="hub-help-banner"><a href="{escape(help_link, quote=True)}">Where to get help</a></p>\n'
        f'<p class="hub-moved">This page has moved: <a href="{href}">{words}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def former_id_faults(data: LoadedData, site_pages: Iterable[str]) -> list[Fault]:
    """A former id that cannot keep its old address, at its line: an entry's current id, claimed twice, or a page of the site."""
    existing = set(site_pages)
    faults: list[Fault] = []
    for kind in _KINDS:
        entries: list[Entry] = list(getattr(data.files.model(kind.file), kind.key))
        current = {current_id(entry): index for index, entry in enumerate(entries)}
        claimed: dict[str, YamlPath] = {}
        for index, entry in enumerate(entries):
            for position, former in enumerate(entry.former_ids):
                where: YamlPath = (kind.key, index, "former_ids", position)
                problem = _problem(kind, entries, index, former, current, claimed, existing, data)
                if problem:
                    faults.append(data.fault(kind.file, where, problem))
                claimed.setdefault(former, where)
    return faults


def _problem(
    kind: _Kind,
    entries: list[Entry],
    index: int,
    former: str,
    current: dict[str, int],
    claimed: dict[str, YamlPath],
    existing: set[str],
    data: LoadedData,
) -> str | None:
    entry = entries[index]
    if former == current_id(entry):
        return f"'{former}' is this {kind.noun}'s own id: a former id is one it no longer has; remove it from former_ids"
    if former in current:
        other = data.documents[kind.file].line_of((kind.key, current[former]))
        return (
            f"'{former}' is the id of another {kind.noun} (line {other}): its old address must lead here, but that {kind.noun} "
            "has it now; remove it from former_ids, or give the other entry another id"
        )
    if former in claimed:
        other = data.documents[kind.file].line_of(claimed[former])
        return (
            f"'{former}' is also a former id at line {other}: an old address can lead to one page only; "
            "keep it on the entry that had it last"
        )
    old = page_of(entry, former)
    if old is not None and old in existing:
        return f"the old address of '{former}' ({paths.url(old)}) is a page of the site: remove it from former_ids"
    return None
