"""What the loader and reference tests share: the faults a copy of the data gives (the copy is
conftest's ``data_dir``), and a made-up practice (with the help page that links to it) to put in place of the real ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_data import positions_at, rebase_positions

from knowledge_hub.loader import DataError, load_hub


def faults(data_dir: Path) -> list[str]:
    """Every fault `hub check` reports on ``data_dir``, as its one-line sentence."""
    with pytest.raises(DataError) as raised:
        load_hub(data_dir)
    return [str(f) for f in raised.value.faults]


def first_line(path: Path, text: str) -> int:
    """The line of ``path`` where ``text`` starts."""
    content = path.read_text(encoding="utf-8")
    return content.count("\n", 0, content.index(text)) + 1


def rebased(path: Path, line: int, field: str) -> str:
    """``field`` with the list positions of the item that stands on ``line`` of ``path`` (wherever the file puts it)."""
    return rebase_positions(field, positions_at(path, line))


PRACTICE = """\
practices:
  - id: test-practice
    name: A practice made up for the tests
    name_wording: curators
    kind: described
    basis: [Made-up words.]
    description: A made-up description, not from the publication.
    organisation: UN Women
    organisation_type: un-entity
    shared_by: [anita-bhatia]
    dialogues: [d1-member-states-update]
    recommendations: [2-leadership-commitment]
    resources: [what-will-it-take]
    tags: [leadership]
    source:
      - section: Key messages and recommendations
        publication: making-zero-tolerance-2021
"""

HELP = """\
title: Where to get help
not_a_channel: [A made-up sentence.]
mechanisms_intro: A made-up sentence.
mechanisms:
  - id: test-mechanism
    name: A mechanism made up for the tests
    setting: un-system
    said:
      - text: A made-up excerpt.
        source: {section: Dialogue One, publication: making-zero-tolerance-2021}
    practice: test-practice
other_links_intro: A made-up sentence.
"""
"""A help page whose one mechanism links to PRACTICE (the real one names practices PRACTICE replaces)."""


def replace_practices(data_dir: Path, practices: str) -> None:
    (data_dir / "practices.yaml").write_text(practices, encoding="utf-8")
    (data_dir / "help.yaml").write_text(HELP, encoding="utf-8")
