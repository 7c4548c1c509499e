"""What the site build would reject, found before it starts and named at the data's file and line.

After the data is valid (``loader.read_data``) the pages are rendered once (``pages.build_pages``);
``check_site`` then checks what only the pages show: two pages at one address (a person with id
``index``), one anchor twice on a page (a resource id equal to a group heading), a link in data text
to a missing page or anchor, hand-written ``docs/`` pages that a generated page would replace, and
search words (data/search.yaml) that must be the pages' own: an everyday word's meaning, the name an
acronym of the hub's own stands for.
``pipeline.build_site`` runs the whole chain; the MkDocs hook calls it before anything is written.
"""

from __future__ import annotations

import bisect
import functools
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from knowledge_hub import paths
from knowledge_hub.faults import Fault, YamlPath
from knowledge_hub.loader import LoadedData
from knowledge_hub.markdown_syntax import (
    Anchors,
    html_text,
    is_page_target,
    link_targets,
    read_anchors,
    without_front_matter,
    without_link_destinations,
)
from knowledge_hub.models import DataFile, Model
from knowledge_hub.redirects import former_id_faults
from knowledge_hub.references import annotation_metadata, walk_strings
from knowledge_hub.text_rules import ID_RULES, MARKDOWN_RULES


def check_site(data: LoadedData, pages: dict[str, str], *, docs_dir: Path | None = None) -> list[Fault]:
    """Every fault the rendered pages reveal, located in the data (or in docs/)."""
    hand_written = _hand_written_pages(docs_dir)
    faults = list(_page_clashes(data, pages))
    if docs_dir is not None:
        faults += [
            Fault(
                f"{_shown(docs_dir)}/{path}",
                None,
                "",
                f"this hand-written page has the address of a page generated from the data ({path}): rename or delete it",
            )
            for path in docs_clashes(hand_written, pages)
        ]
    faults += _anchor_clashes(data, pages)
    faults += _broken_links(data, pages, {**hand_written, **pages})
    faults += _unknown_boost_pages(data, [*hand_written, *pages])
    faults += _search_words_not_in_pages(data, [*hand_written.values(), *pages.values()])
    faults += former_id_faults(data, [*hand_written, *pages])
    return faults


def docs_clashes(hand_written: Iterable[str], generated: Iterable[str]) -> list[str]:
    """Source paths that are both a hand-written docs/ page and a generated one."""
    return sorted(set(hand_written) & set(generated))


# --- anchors --------------------------------------------------------------------------------------


def page_anchors(markdown: str) -> list[str]:
    """Every anchor a page defines, as often as it defines it: explicit ids, then headings without one.

    Python-Markdown reads the page with the site's extensions (``markdown_syntax.read_anchors``), so
    a setext heading counts and a ``#`` line in a code block does not.
    """
    return _anchors(markdown).all


_ANCHOR_NAME = re.compile(r"\{[^{}\n]*?#([\w-]+)|\bid\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)
"""A name made an anchor: ``#name`` in an attribute list, or an HTML ``id=``. A template makes a
data id an anchor only so (``_TEMPLATE_ANCHOR``). The ``#`` is looked for from the last ``{``
before it: looking from every ``{`` of a line of them took time growing with the square of the
line's length, a build that never ends for one line of data text."""


def _may_anchor_a_data_id(page: str, ids: AbstractSet[str]) -> bool:
    """Whether ``page`` may make one of ``ids`` an anchor: a name written as an anchor is one of them.

    Reading a page's anchors means reading the page with Python-Markdown, a large part of a build's
    check: a page that cannot hold a data id's anchor is not read for clashes.
    """
    return not ids.isdisjoint(name for match in _ANCHOR_NAME.findall(page) for name in match if name)


def _anchors(page: str) -> Anchors:
    # The page's Markdown without its front matter, as MkDocs hands it to Python-Markdown.
    return read_anchors(without_front_matter(page))


def _anchor_clashes(data: LoadedData, pages: dict[str, str]) -> Iterator[Fault]:
    owners = _anchor_owners(data)
    for path, text in pages.items():
        if not _may_anchor_a_data_id(text, owners.keys()):  # then no anchor of the page is a data id's
            continue
        anchors = _anchors(text)
        explicit = set(anchors.explicit)  # an id counts as the owner only where a page makes it an anchor
        for anchor, count in Counter(anchors.all).items():
            if count > 1 and anchor in explicit:
                for file, where, what in owners.get(anchor, []):
                    yield data.fault(
                        file,
                        where,
                        f"the {what} '{anchor}' is also used by another part of the page {path} (a heading or another entry): "
                        "links to it would go to the first one; choose another id",
                    )


def _anchor_owners(data: LoadedData) -> dict[str, list[tuple[DataFile, YamlPath, str]]]:
    """Ids from the data that become anchors on a page, with where each is defined.

    Which fields those are is read from the templates (``anchor_fields``): every value of such a
    field that is an id, in any model of any file, so a template that makes a new kind of entry an
    anchor is checked without a change here.
    """
    fields = anchor_fields()
    owners: dict[str, list[tuple[DataFile, YamlPath, str]]] = {}
    for file, model in data.files.items():
        for where, owner, value in _id_values(model, fields):
            what = re.sub(r"(?<!^)(?=[A-Z])", " ", type(owner).__name__).lower()
            owners.setdefault(value, []).append((file, where, f"{what} {where[-1]}"))
    return owners


_TEMPLATE_ANCHOR = re.compile(r"(?:\{[^\n]*?#|\bid=\")\{\{\s*[A-Za-z_][\w.]*\.(\w+)\s*\}\}(?=[\s\"}])")
"""An anchor whose whole name is a data value: ``{ #{{ mechanism.id }} }``, ``id="{{ record.quote.id }}"``."""


TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def anchor_fields(templates: Path = TEMPLATES) -> frozenset[str]:
    """Names of the fields whose values the templates write as a whole anchor (``id``, ``slug``...)."""
    return frozenset(
        name
        for template in sorted(templates.glob("*.j2"))
        for name in _TEMPLATE_ANCHOR.findall(template.read_text(encoding="utf-8"))
    )


def _id_values(value: object, fields: frozenset[str], path: YamlPath = ()) -> Iterator[tuple[YamlPath, Model, str]]:
    """(path, owning model, value) of every id-typed field named in ``fields``, anywhere in a model."""
    if isinstance(value, Model):
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if name in fields and isinstance(item, str) and ID_RULES in (*info.metadata, *annotation_metadata(info.annotation)):
                yield (*path, name), value, item
            else:
                yield from _id_values(item, fields, (*path, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _id_values(item, fields, (*path, index))


# --- pages ----------------------------------------------------------------------------------------


def _page_clashes(data: LoadedData, pages: dict[str, str]) -> Iterator[Fault]:
    """An entity whose page would take the address of a section page (a person with id 'index')."""
    fixed = {value for name, value in vars(paths).items() if name.isupper() and isinstance(value, str) and value.endswith(".md")}
    files = data.files
    entities: list[tuple[DataFile, YamlPath, str, str]] = [
        *((DataFile.PEOPLE, ("people", i, "id"), "person", paths.person(p)) for i, p in enumerate(files.people.people)),
        *(
            (DataFile.PRACTICES, ("practices", i, "id"), "practice", paths.practice(p))
            for i, p in enumerate(files.practices.practices)
        ),
        *(
            (DataFile.DIALOGUES, ("dialogues", i, "id"), "dialogue", paths.dialogue(d))
            for i, d in enumerate(files.dialogues.dialogues)
        ),
    ]
    for file, where, what, path in entities:
        if path in fixed:
            yield data.fault(
                file,
                where,
                f"the {what} id '{path.rsplit('/', 1)[-1][:-3]}' is reserved: its page would replace {path}, the section's own page; choose another id",
            )


def _unknown_boost_pages(data: LoadedData, sources: Iterable[str]) -> Iterator[Fault]:
    """A search boost (data/search.yaml) that names a page the site will not have."""
    search = data.hub.search
    addresses = {paths.url(source) for source in sources}
    for i, boost in enumerate(search.boosts):
        if boost.page not in addresses:
            yield data.fault(
                DataFile.SEARCH,
                ("boosts", i, "page"),
                f"the site has no page '{boost.page}': use a page's address after the site's root, e.g. 'help/' or 'practices/speak-up-helpline/'",
            )


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def page_words(markdown: str) -> tuple[str, ...]:
    """The words of a page as a reader reads them, lower case, in order (link targets and tags left out).

    Kept for the pages an edit leaves as they were: `mkdocs serve` checks the whole site again on
    every save, and reading each page's HTML is a large part of the check.
    """
    return tuple(_WORD.findall(html_text(without_link_destinations(markdown)).lower()))


def _is_acronym(word: str) -> bool:
    return " " not in word and word.upper() == word and any(c.isalpha() for c in word)


def _search_words_not_in_pages(data: LoadedData, texts: Iterable[str]) -> Iterator[Fault]:
    """An everyday word's meaning that starts no word of the pages, or the name the pages never use for an acronym they never use."""
    search = data.hub.search
    words = [page_words(text) for text in texts]
    known = sorted({word for page in words for word in page})
    # One line of words per page, each between spaces, so a phrase is found by a plain search.
    joined = "\n".join(f" {' '.join(page)} " for page in words)

    def starts_a_word(form: str) -> bool:
        at = bisect.bisect_left(known, form)
        return at < len(known) and known[at].startswith(form)

    for i, group in enumerate(search.everyday):
        for j, meant in enumerate(group.means):
            missing = [word for word in page_words(meant) if not starts_a_word(word)] or ([] if page_words(meant) else [meant])
            if missing:
                yield data.fault(
                    DataFile.SEARCH,
                    ("everyday", i, "means", j),
                    f"no page uses a word that starts with '{missing[0]}', so searching for it finds nothing: "
                    "use a word the pages use (as written on a page, or its start)",
                )
    for i, variant in enumerate(search.variants):
        # An acronym of the pages, with the names people type for it, needs no check; an acronym
        # only people use (the hub's own) must lead to a name the pages use.
        acronyms = [word for word in variant.words if _is_acronym(word)]
        if not acronyms or any(f" {' '.join(page_words(word))} " in joined for word in acronyms):
            continue
        for j, form in enumerate(variant.words):
            if " " in form.strip() and f" {' '.join(page_words(form))} " not in joined:
                yield data.fault(
                    DataFile.SEARCH,
                    ("variants", i, "words", j),
                    f"no page says '{form}': write the name exactly as the publication does, or leave it out",
                )


# --- links in data text ---------------------------------------------------------------------------


def _broken_links(data: LoadedData, pages: dict[str, str], every_page: dict[str, str]) -> Iterator[Fault]:
    """Every relative link and #anchor written in Markdown text, resolved on each (generated) page that
    shows it, against ``every_page`` (hand-written ones too); a page's anchors are read only when a
    link points into it."""
    written: dict[str, list[tuple[DataFile, YamlPath]]] = {}
    for file, document in data.documents.items():
        model = data.files.model(file)
        for where, text in walk_strings(document.data):
            if "](" in text and data.text_rules(model, where) is MARKDOWN_RULES:
                for target in link_targets(text):
                    if is_page_target(target):
                        written.setdefault(target, []).append((file, where))
    if not written:
        return
    for page, markdown in pages.items():
        for target in dict.fromkeys(t for t in link_targets(markdown) if t in written):  # in reading order
            problem = _resolve(page, target, every_page)
            if problem:
                for file, where in written[target]:
                    yield data.fault(file, where, f"the link '{target}', shown on {page}, {problem}")


def _resolve(page: str, target: str, every_page: dict[str, str]) -> str | None:
    """Why ``target`` does not resolve from ``page``, or None when it does."""
    path, _, anchor = target.partition("#")
    if path:
        goal = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if goal not in every_page:
            return (
                f"goes to no page ({goal}): links in this text are relative to {page}; "
                "link to a page's .md file, e.g. ../people/<id>.md"
            )
    else:
        goal = page
    if anchor and anchor not in page_anchors(every_page[goal]):
        return f"goes to an anchor that {goal} does not have (#{anchor}): check the spelling of the part after #"
    return None


# --- helpers --------------------------------------------------------------------------------------


def _hand_written_pages(docs_dir: Path | None) -> dict[str, str]:
    if docs_dir is None or not docs_dir.is_dir():
        return {}
    return {
        p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(docs_dir.rglob("*.md"))
    }


def _shown(directory: Path) -> str:
    try:
        return directory.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return directory.as_posix()


def __getattr__(name: str) -> Any:
    """``check_hub`` and ``CheckedHub`` for code that imports them from here: they live in ``knowledge_hub.pipeline``
    (imported on first use, since the pipeline imports this module)."""
    if name in {"check_hub", "CheckedHub"}:
        from knowledge_hub import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
