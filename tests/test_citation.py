"""knowledge_hub.citation: one citation per source, from its publication's contents."""

from __future__ import annotations

import pytest

from knowledge_hub.citation import cite, pages_label, whole_sections
from knowledge_hub.hub import Hub
from knowledge_hub.models import ContentsEntry, PublicationFile, Source, SourcePublication


def _publication(**contents: tuple[int, int | None]) -> SourcePublication:
    return SourcePublication(
        id="small",
        title="A small publication",
        publisher="A publisher",
        year=2030,
        pages=20,
        contents=[ContentsEntry(section=name, first_page=first, last_page=last) for name, (first, last) in contents.items()],
    )


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [(12, 16, "pp. 12\N{EN DASH}16"), (7, 7, "p. 7"), (34, None, "p. 34 onwards"), (None, None, None)],
)
def test_pages_label(first: int | None, last: int | None, label: str | None) -> None:
    assert pages_label(first, last) == label


def test_a_section_or_a_part_of_it_finds_its_contents_line() -> None:
    publication = _publication(Intro=(1, 2), **{"Appendix 1": (3, 3), "Appendix 1: Lists": (4, 5)})
    assert publication.section_of("Intro") == publication.contents[0]
    assert publication.section_of("Intro, footnote 2") == publication.contents[0]
    assert publication.section_of("Intro: a part") == publication.contents[0]
    assert publication.section_of("Appendix 1: Lists, item 2") == publication.contents[2], "the longest name that fits"
    assert publication.section_of("Appendix 1: Other") == publication.contents[1]
    assert publication.section_of("Introduction") is None, "a section is a whole name, not the start of a word"
    assert publication.section_of("Outro") is None


def test_cite_takes_the_pages_of_the_section_in_the_sources_own_publication(hub: Hub) -> None:
    later = _publication(Chapter=(9, 11))
    publications = PublicationFile.model_construct(**{**dict(hub.publication), "sources": [*hub.publication.sources, later]})
    first = hub.first_publication.contents[0]
    on_first = cite(publications, Source(section=first.section))
    assert on_first.publication == hub.first_publication
    assert (on_first.first_page, on_first.last_page) == (first.first_page, first.last_page)
    on_later = cite(publications, Source(section="Chapter, footnote 1", publication="small"))
    assert on_later.publication is later
    assert on_later.located == "Chapter, footnote 1, pp. 9\N{EN DASH}11"
    assert on_later.full == "A small publication (A publisher, 2030), Chapter, footnote 1, pp. 9\N{EN DASH}11"


def test_a_contents_line_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="cannot end before it starts"):
        ContentsEntry(section="X", first_page=5, last_page=4)


def test_contents_are_listed_in_page_order() -> None:
    with pytest.raises(ValueError, match="in the order of the contents"):
        _publication(Later=(9, 10), Earlier=(3, 4))


def test_a_list_cites_each_whole_section_once_in_reading_order(hub: Hub) -> None:
    later = _publication(Chapter=(9, 11), Annex=(12, None))
    publications = PublicationFile.model_construct(**{**dict(hub.publication), "sources": [*hub.publication.sources, later]})
    first, second = hub.first_publication.contents[:2]
    sources = [
        Source(section="Annex: item 2", publication="small"),
        Source(section=f"{second.section}, footnote 3"),
        Source(section="Nowhere in the contents"),
        Source(section="Chapter", publication="small"),
        Source(section=first.section),
        Source(section=f"{second.section}: a part"),
        Source(section="Annex, footnote 1", publication="small"),
    ]
    assert whole_sections(publications, sources) == [
        Source(section=first.section),
        Source(section=second.section),
        Source(section="Nowhere in the contents"),
        Source(section="Chapter", publication="small"),
        Source(section="Annex", publication="small"),
    ]
