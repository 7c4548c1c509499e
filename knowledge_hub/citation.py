"""Where an item stands in its publication, said once for every output: pages, Cite this, CSV, JSON.

A publication's text has no page breaks the hub can read, so the only pages it can give are those
of the item's section, from that publication's contents (``SourcePublication.contents``): a
citation names the publication, the section and the section's page range, never a single page the
source does not give.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from knowledge_hub.models import ContentsEntry, PublicationFile, Source, SourcePublication

PAGE_RANGE_DASH = "\N{EN DASH}"
"""Between the first and the last page of a range ("pp. 12–16"), as style guides print ranges."""


@dataclass(frozen=True)
class Citation:
    """One item's place: its publication, its section as the item names it, and the section's pages."""

    publication: SourcePublication
    section: str
    """The section as the item's source names it (a part of a section may follow: 'Introduction, footnote 1')."""
    entry: ContentsEntry | None
    """The contents entry of that section; None only for data the check has refused."""

    @property
    def first_page(self) -> int | None:
        return self.entry.first_page if self.entry else None

    @property
    def last_page(self) -> int | None:
        """The section's last page; None where the contents do not give it (the publication's last section)."""
        return self.entry.last_page if self.entry else None

    @property
    def pages_label(self) -> str | None:
        """'pp. 12–16'; 'p. 7' only when the section fills one page; 'p. 34 onwards' without a last page."""
        return pages_label(self.first_page, self.last_page)

    @property
    def located(self) -> str:
        """'Dialogue Two, pp. 17–21': the section and its pages (the section alone without pages)."""
        label = self.pages_label
        return f"{self.section}, {label}" if label else self.section

    @property
    def full(self) -> str:
        """'Making zero tolerance a reality (UN Women, 2021), Dialogue Two, pp. 17–21'."""
        publication = self.publication
        return f"{publication.title} ({publication.publisher}, {publication.year}), {self.located}"


def pages_label(first: int | None, last: int | None) -> str | None:
    """A page range as a citation prints it: 'pp. 12–16', 'p. 7' for one page, 'p. 34 onwards' without an end."""
    if first is None:
        return None
    if last is None:
        return f"p. {first} onwards"
    if last == first:
        return f"p. {first}"
    return f"pp. {first}{PAGE_RANGE_DASH}{last}"


def publication_of(publication_file: PublicationFile, source: Source) -> SourcePublication:
    """The publication a source names; without a name, the first (the check requires a name once there are two)."""
    sources = publication_file.sources
    if source.publication is None:
        return sources[0]
    return next((s for s in sources if s.id == source.publication), sources[0])


def cite(publication_file: PublicationFile, source: Source) -> Citation:
    """The one citation of ``source``: its publication, its section and that section's pages."""
    publication = publication_of(publication_file, source)
    return Citation(publication=publication, section=source.section, entry=publication.section_of(source.section))


def cite_all(publication_file: PublicationFile, sources: Sequence[Source]) -> list[Citation]:
    return [cite(publication_file, source) for source in sources]


def whole_sections(publication_file: PublicationFile, sources: Iterable[Source]) -> list[Source]:
    """The contents sections ``sources`` stand in, once each, in reading order (publication by
    publication, section by section): what a page that gathers many items cites, rather than each
    item's part of a section ('Dialogue Two, footnote 3' is cited as 'Dialogue Two'). A source whose
    section the contents lack stays as it is, after the sections of its publication."""
    order = {publication.id: i for i, publication in enumerate(publication_file.sources)}
    found: dict[tuple[str, str], tuple[tuple[int, int], Source]] = {}
    for source in sources:
        cited = cite(publication_file, source)
        contents = cited.publication.contents
        if cited.entry is None:
            place, whole = len(contents), source
        else:
            place, whole = contents.index(cited.entry), source.model_copy(update={"section": cited.entry.section})
        found.setdefault((cited.publication.id, whole.section), ((order.get(cited.publication.id, len(order)), place), whole))
    return [whole for _, whole in sorted(found.values(), key=lambda item: item[0])]
