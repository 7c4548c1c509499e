"""Spelling variants and synonyms for the site search.

The search index only knows the words on a page. After the build, each section of the index that
says "behaviour" is given "behavior" too (and so on for every group in data/search.yaml), so a
reader finds it with either spelling. Pages themselves are not changed. The variants are data
text: they go into the index escaped, as text (``knowledge_hub.search_index.IndexDocument``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

from knowledge_hub.markdown_syntax import without_link_destinations
from knowledge_hub.search_index import TEXT_FIELD, index_documents

_ADDRESS = re.compile(r"https?://\S+")


@cache
def _pattern(term: str) -> re.Pattern[str]:
    # Letters-only boundaries: "centred" counts inside "survivor-centred". The boundary before the
    # word is checked by a lookbehind *after* it: the same matches, but the regex engine scans for
    # the word instead of trying a lookbehind at every position.
    word = re.escape(term)
    return re.compile(rf"{word}(?![A-Za-z])(?<![A-Za-z]{word})", re.IGNORECASE)


_ASCII_LOOKALIKES = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))
"""The four characters beyond ASCII that Python's case-insensitive matching takes for an ASCII
letter (dotted and dotless i, long s, the Kelvin sign)."""


def _folded(text: str) -> str:
    # Lower case, with the look-alikes as their letters: the text now holds an ASCII word exactly
    # where the word's case-insensitive pattern could find it.
    if not text.isascii():
        for character, letter in _ASCII_LOOKALIKES:
            text = text.replace(character, letter)
    return text.lower()


def missing_variants(text: str, groups: Iterable[Sequence[str]]) -> list[str]:
    """The variants of words present in ``text`` that ``text`` itself lacks, in group order."""
    visible = _ADDRESS.sub(" ", without_link_destinations(text))
    folded = _folded(visible)
    missing: list[str] = []
    for words in groups:
        # Boundaries aside, a plain substring test first: much cheaper than a regex search for each
        # word on every section of the index, and where it finds nothing the pattern finds nothing.
        present = [w for w in words if (not w.isascii() or w.lower() in folded) and _pattern(w).search(visible)]
        if present:
            missing += [w for w in words if w not in present]
    return missing


@lru_cache(maxsize=16384)
def _missing_variants(text: str, groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    # Kept: under `mkdocs serve` most sections of the index are the same on every rebuild.
    return tuple(missing_variants(text, groups))


def expand_search_index(index: dict[str, Any], groups: list[list[str]]) -> int:
    """Add to each search document the variants of its words that it lacks; return how many docs changed.

    The index is the search plugin's ``search_index.json`` (one document per page section), so a
    variant is found in exactly the section whose words it varies, and nothing changes on the page.
    """
    changed, frozen = 0, tuple(tuple(words) for words in groups)
    for doc in index_documents(index):
        # The words a reader sees (an "&" of the page is "&amp;" in the index); the variants go in as text.
        missing = _missing_variants(f"{doc.plain('title')} {doc.plain(TEXT_FIELD)}", frozen)
        if missing:
            doc.add_words(missing)
            changed += 1
    return changed
