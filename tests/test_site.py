"""The built site, read as HTML: pages, links, quotes, resources, the PI 4.2 page, search, escaping.

Everything here reads the output of one strict build (the ``built_site`` fixture) and compares it
with the data; expectations are derived from the data and ``knowledge_hub.paths``, never copied
from the output.
"""

from __future__ import annotations

import json
import posixpath
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from prepared_builds import IMAGE, edited_build, hostile_quote_text, recommendation_with_a_dialogue_quote
from selectolax.lexbor import LexborNode
from site_build import is_redirect_notice, page_file

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.models import ResourceGroup

if TYPE_CHECKING:
    Parse = Callable[[Path | str], LexborNode]


# --- helpers -------------------------------------------------------------------------------------


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article(parse: Parse, path: Path) -> LexborNode:
    found = parse(path).css_first("article")
    assert found is not None, f"{path}: no <article>"
    return found


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an href on ``page`` points to; None for other origins and schemes."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        target = site / path.lstrip("/")
    elif path:
        target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))
    else:
        target = page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def site_relative(site: Path, target: Path) -> str:
    return target.relative_to(site).as_posix()


def sections(container: LexborNode, level: str) -> dict[str, list[LexborNode]]:
    """Direct children grouped under each heading of ``level`` (by its id), until the next one."""
    grouped: dict[str, list[LexborNode]] = {}
    current: str | None = None
    stop = {f"h{n}" for n in range(1, int(level[1]) + 1)}
    for child in container.iter():
        if child.tag == level:
            current = child.attrs.get("id") or ""
            grouped[current] = []
        elif child.tag in stop:
            current = None
        elif current is not None:
            grouped[current].append(child)
    return grouped


def html_files(site: Path) -> list[Path]:
    """Every page of the hub in ``site``: the redirect notices left out (see site_build.is_redirect_notice)."""
    files = [page for page in sorted(site.rglob("*.html")) if not is_redirect_notice(page)]
    assert len(files) > 50, "the site looks empty"
    return files


# --- recommendation pages ------------------------------------------------------------------------


def test_one_page_per_recommendation(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    for rec in hub.recommendations:
        path = page_file(built_site, paths.recommendation(rec))
        assert path == built_site / "recommendations" / rec.slug / "index.html"
        assert path.is_file(), f"missing page for recommendation {rec.number}"
        h1 = article(parse_html, path).css_first("h1")
        assert h1 is not None and norm(h1.text()).startswith(f"{rec.number}. {rec.title}")


def _figures(container: LexborNode) -> list[LexborNode]:
    return container.css("figure.hub-quote")


def _caption_targets(site: Path, page: Path, figure: LexborNode) -> list[tuple[str, str]]:
    caption = figure.css_first("figcaption")
    assert caption is not None
    targets = []
    for link in caption.css("a"):
        resolved = resolve(site, page, link.attrs.get("href") or "")
        if resolved is not None:
            targets.append((site_relative(site, resolved[0]), resolved[1]))
    return targets


def test_recommendation_pages_show_their_quotes_with_speaker_and_source(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    for rec in hub.recommendations:
        page = page_file(built_site, paths.recommendation(rec))
        figures = _figures(article(parse_html, page))
        assert figures, f"recommendation {rec.number} shows no quote"
        assert len(figures) == len(rec.quotes), f"recommendation {rec.number}"
        for quote_id, figure in zip(rec.quotes, figures, strict=True):
            record = hub.quote(quote_id)
            targets = _caption_targets(built_site, page, figure)
            person = hub.people[record.quote.speaker]
            assert (site_relative(built_site, page_file(built_site, paths.person(person))), "") in targets, (
                f"{quote_id}: no link to its speaker"
            )
            where = paths.dialogue(record.dialogue) if record.dialogue is not None else getattr(paths, record.section.upper())
            assert (site_relative(built_site, page_file(built_site, where)), quote_id) in targets, (
                f"{quote_id}: no link to where it was said"
            )


def test_recommendation_pages_show_resources(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    for rec in hub.recommendations:
        page = page_file(built_site, paths.recommendation(rec))
        under = sections(article(parse_html, page), "h2").get("resources")
        assert under is not None, f"recommendation {rec.number}: no Resources heading"
        items = [li for element in under for li in element.css("li")]
        assert items, f"recommendation {rec.number} lists no resource"
        linked = set()
        for item in items:
            for link in item.css("a"):
                resolved = resolve(built_site, page, link.attrs.get("href") or "")
                if resolved and resolved[0] == page_file(built_site, paths.RESOURCES):
                    linked.add(resolved[1])
        assert linked == set(rec.cited_resources) | set(rec.related_resources), f"recommendation {rec.number}"


def test_recommendation_pager(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    """Material's footer pager walks the recommendations in order (the nav's order)."""
    recs = hub.recommendations
    for index, rec in enumerate(recs):
        page = page_file(built_site, paths.recommendation(rec))
        footer = parse_html(page).css_first("nav.md-footer__inner")
        assert footer is not None, f"recommendation {rec.number}: no pager"
        previous = page_file(built_site, paths.recommendation(recs[index - 1]) if index > 0 else paths.RECOMMENDATIONS)
        neighbours = [("md-footer__link--prev", previous)]
        if index + 1 < len(recs):
            neighbours.append(("md-footer__link--next", page_file(built_site, paths.recommendation(recs[index + 1]))))
        for cls, expected in neighbours:
            links = footer.css(f"a.{cls}")
            assert len(links) == 1, f"recommendation {rec.number}: {cls}"
            resolved = resolve(built_site, page, links[0].attrs["href"] or "")
            assert resolved is not None and resolved[0] == expected, f"recommendation {rec.number}: {cls}"


# --- dialogues and people ------------------------------------------------------------------------


def test_dialogue_pages_list_speakers_and_quotes(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    for dialogue in hub.dialogues:
        page = page_file(built_site, paths.dialogue(dialogue))
        assert page.is_file(), dialogue.id
        body = article(parse_html, page)
        speakers = [li for element in sections(body, "h2")["speakers"] if element.tag == "ul" for li in element.css("li")]
        linked = []
        for item in speakers:
            link = item.css_first("a")
            assert link is not None
            resolved = resolve(built_site, page, link.attrs.get("href") or "")
            assert resolved is not None
            linked.append(site_relative(built_site, resolved[0]))
        assert linked == [
            site_relative(built_site, page_file(built_site, paths.person(hub.people[p]))) for p in dialogue.speakers
        ], dialogue.id
        figures = _figures(body)
        assert [f.attrs.get("id") for f in figures] == [q.id for q in dialogue.quotes], dialogue.id


def test_every_person_has_a_page(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    for person in hub.people.values():
        page = page_file(built_site, paths.person(person))
        assert page.is_file(), person.id
        h1 = article(parse_html, page).css_first("h1")
        assert h1 is not None and person.name in h1.text()


def test_quotes_are_shown_exactly_as_written(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    # Each quote, on the quotes page and where it was said: the words of the data, no stray escapes.
    wrong = []
    for record in hub.quotes.values():
        where = paths.dialogue(record.dialogue) if record.dialogue else getattr(paths, record.section.upper())
        for source in (paths.QUOTES, where):
            figure = parse_html(page_file(built_site, source)).css_first(f'figure[id="{record.quote.id}"]')
            assert figure is not None, f"{record.quote.id} missing from {source}"
            blockquote = figure.css_first("blockquote")
            assert blockquote is not None
            if norm(blockquote.text()) != norm(record.quote.text):
                wrong.append(f"{record.quote.id} on {source}: {norm(blockquote.text())[:100]!r}")
    assert not wrong, "quotes shown differently from the data:\n" + "\n".join(wrong)


# --- PI 4.2 --------------------------------------------------------------------------------------


def test_indicator_page_table_and_calculator(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    page = page_file(built_site, paths.INDICATOR)
    assert page == built_site / "pi-4-2" / "index.html"
    body = article(parse_html, page)
    levels = hub.publication.indicator.levels
    tables = [t for element in sections(body, "h2")["levels"] for t in element.css("table")]
    assert len(tables) == 1
    rows = tables[0].css("tbody > tr")
    assert levels and len(rows) == len(levels)
    for row, level in zip(rows, levels, strict=True):
        name, band, criterion = (norm(cell.text()) for cell in row.css("td"))
        assert name == level.name
        assert {float(n) for n in re.findall(r"\d+(?:\.\d+)?", band)} == {level.lower, level.upper}
        assert criterion == norm(level.criterion)
    form = body.css_first("form#pi-calculator")
    assert form is not None
    assert "hidden" in form.attrs, "the calculator must be hidden until its script runs"
    assert not parse_html(page).css("[hidden] table"), "the levels table must show without the script"
    data_levels = json.loads(form.attrs["data-levels"] or "")
    assert [(d["id"], d["lower"], d["upper"], d["upper_inclusive"]) for d in data_levels] == [
        (lv.id, lv.lower, lv.upper, lv.upper_inclusive) for lv in levels
    ]


# --- resources -----------------------------------------------------------------------------------


def test_resources_page_has_the_appendix_groups_and_honest_links(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    body = article(parse_html, page_file(built_site, paths.RESOURCES))
    groups = sections(body, "h2")
    order = [g for g in groups if g in typing.get_args(ResourceGroup)]
    assert order == list(typing.get_args(ResourceGroup))
    for group_id in order:
        ids = [h.attrs.get("id") for element in groups[group_id] for h in element.css("h3")]
        expected = [r.id for r in hub.resources.values() if r.group == group_id]
        assert [i for i in ids if i in hub.resources] == expected, group_id
    entries = sections(body, "h3")
    for resource in hub.resources.values():
        assert resource.id in entries, f"resource {resource.id} has no entry"
        text = norm(" ".join(e.text() for e in entries[resource.id])).lower()
        hrefs = [a.attrs.get("href") for e in entries[resource.id] for a in e.css("a.hub-external")]
        if resource.link is None:
            assert "no public address verified yet" in text, resource.id
            assert not hrefs, resource.id
        else:
            assert "no public address verified yet" not in text, resource.id
            assert hrefs == [str(resource.link.url)], resource.id


# --- links ---------------------------------------------------------------------------------------


def test_no_broken_internal_link_or_anchor(built_site: Path, parse_html: Parse) -> None:
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            root = parse_html(path)
            ids[path] = {e.attrs["id"] or "" for e in root.css("[id]")}
            ids[path] |= {e.attrs["name"] or "" for e in root.css("a[name]")}
        return ids[path]

    broken, checked = [], 0
    for page in html_files(built_site):
        for element in parse_html(page).traverse():
            for attribute in ("href", "src"):
                href = element.attrs.get(attribute)
                if href is None or (attribute == "src" and element.tag not in {"script", "img"}):
                    continue
                if href.startswith("/") and page.name != "404.html":
                    broken.append(
                        f"{site_relative(built_site, page)}: {href} (absolute path: breaks under a sub-path or file://)"
                    )
                    continue
                resolved = resolve(built_site, page, href)
                if resolved is None:
                    continue
                checked += 1
                target, fragment = resolved
                if not target.is_file():
                    broken.append(f"{site_relative(built_site, page)}: {href} (no such page)")
                elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                    broken.append(f"{site_relative(built_site, page)}: {href} (no element with id '{fragment}')")
    assert checked > 1000, "too few links checked: the walk is broken"
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(sorted(set(broken))[:50])


# --- search --------------------------------------------------------------------------------------


def test_search_index_holds_every_recommendation_with_a_higher_boost(built_site: Path, hub: Hub) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    boost_by_page: dict[str, set[float]] = {}
    for doc in index["docs"]:
        boost_by_page.setdefault(doc["location"].split("#")[0], set()).add(float(doc.get("boost", 1)))
    sources = [paths.HOME, *(v for v in vars(paths).values() if isinstance(v, str) and v.endswith("/index.md"))]
    index_pages = [paths.url(p) for p in sources]
    assert paths.url(paths.RECOMMENDATIONS) in index_pages
    index_boost = max(b for page in index_pages for b in boost_by_page.get(page, {1.0}))
    for rec in hub.recommendations:
        location = paths.url(paths.recommendation(rec))
        assert location in boost_by_page, f"recommendation {rec.number} is not in the search index"
        assert min(boost_by_page[location]) > index_boost, f"recommendation {rec.number} is not boosted above index pages"


# --- escaping ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edited-data build (tests/prepared_builds.py): markup in one dialogue quote and in one recommendation paragraph."""
    return edited_build(tmp_path_factory.getbasetemp()) / "site"


def test_markup_in_the_data_is_shown_as_text(hostile_site: Path, hub: Hub, parse_html: Parse) -> None:
    site = hostile_site
    rec, quote_id = recommendation_with_a_dialogue_quote(hub)
    quote_text = hostile_quote_text(hub, quote_id)
    for page in html_files(site):
        root = parse_html(page)
        scripts = [s for s in root.css("script") if "alert(1)" in s.text() or "alert" in (s.attrs.get("src") or "")]
        assert not scripts, f"{page}: the data's <script> became a script element"
        assert not [img for img in root.css("img") if img.attrs.get("src") == "x" or "onerror" in img.attrs], page
    rec_page = article(parse_html, page_file(site, paths.recommendation(rec)))
    assert any(IMAGE in p.text() for p in rec_page.css("p")), "the <img> text is not shown on the recommendation page"
    record = hub.quote(quote_id)
    assert record.dialogue is not None
    for page in (paths.dialogue(record.dialogue), paths.recommendation(rec), paths.QUOTES):
        root = article(parse_html, page_file(site, page))
        shown = [norm(f.css("blockquote")[0].text()) for f in _figures(root)]
        assert norm(quote_text) in shown, f"{page}: the quote is not shown literally (asterisks and tags as text)"
        assert not [s for f in _figures(root) for s in f.css("strong") if s.text() == "bold"], page
