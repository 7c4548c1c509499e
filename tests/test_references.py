"""knowledge_hub.references: what no single file shows. Unique ids, references that resolve (with a
"did you mean"), footnote markers and their notes; each fault with file, line and field.

Each test edits one spot of a copy of the real data and asserts the exact fault line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_data import replace_once
from helpers_loader import PRACTICE, faults, first_line, rebased, replace_practices

# --- unique ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "find", "replace", "fault"),
    [
        (
            "tags.yaml",
            "  - id: leadership\n",
            "  - id: inclusive-workplace\n",
            "tags[1].id: duplicate tag id 'inclusive-workplace': already used at data/tags.yaml:{first}; give this one another tag id",
        ),
        (
            "dialogues.yaml",
            "  - id: d2-peer-to-peer-learning\n",
            "  - id: d1-member-states-update\n",
            "dialogues[1].id: duplicate dialogue id 'd1-member-states-update': already used at data/dialogues.yaml:{first}; give this one another dialogue id",
        ),
        (
            "dialogues.yaml",
            '    number: 2\n    label: "Dialogue Two"',
            '    number: 1\n    label: "Dialogue Two"',
            "dialogues[1].number: duplicate dialogue number '1': already used at data/dialogues.yaml:{first}; give this one another dialogue number",
        ),
        (
            "dialogues.yaml",
            "      - id: q-d1-brandt\n",
            "      - id: q-d1-lopez\n",
            "dialogues[0].quotes[2].id: duplicate quote id 'q-d1-lopez': already used at data/dialogues.yaml:{first}; give this one another quote id",
        ),
        (
            "dialogues.yaml",
            "      - yoka-brandt\n      - jonathan-allen\n",
            "      - martin-kimani\n      - jonathan-allen\n",
            "dialogues[0].speakers[1]: 'martin-kimani' is listed twice in speakers (first at line {first}): remove the repeat",
        ),
        (
            "recommendations.yaml",
            "  - number: 2\n    slug: 2-leadership-commitment\n",
            "  - number: 1\n    slug: 1-inclusive-working-environment\n",
            "recommendations[1].number: duplicate recommendation number '1': already used at data/recommendations.yaml:{first}; give this one another recommendation number",
        ),
        (
            "resources.yaml",
            "  - id: model-policy\n",
            "  - id: code-of-conduct\n",
            "resources[1].id: duplicate resource id 'code-of-conduct': already used at data/resources.yaml:{first}; give this one another resource id",
        ),
    ],
)
def test_duplicates_name_both_places(data_dir: Path, file: str, find: str, replace: str, fault: str) -> None:
    first_value = replace.splitlines(keepends=True)[0]
    first = first_line(data_dir / file, first_value)
    line = replace_once(data_dir / file, find, replace)
    earlier, later = sorted((first, line))  # the one further down the file is reported
    field, _, message = fault.partition(": ")
    assert f"data/{file}:{later}: {rebased(data_dir / file, later, field)}: " + message.format(first=earlier) in faults(data_dir)


def test_a_duplicate_slug_is_reported(data_dir: Path) -> None:
    first = first_line(data_dir / "recommendations.yaml", "    slug: 1-inclusive-working-environment\n")
    line = replace_once(
        data_dir / "recommendations.yaml",
        "  - number: 2\n    slug: 2-leadership-commitment\n",
        "  - number: 1\n    slug: 1-inclusive-working-environment\n",
    )
    later = max(first, line + 1)  # the slug line further down the file is reported
    at = rebased(data_dir / "recommendations.yaml", later, "recommendations[1].slug")
    assert any(f"{at}: duplicate recommendation slug '1-inclusive-working-environment'" in f for f in faults(data_dir))


def test_a_duplicate_practice_id_is_reported(data_dir: Path) -> None:
    second = PRACTICE.split("practices:\n", 1)[1]
    replace_practices(data_dir, PRACTICE + second)
    line = PRACTICE.count("\n") + 1  # the second practice starts right after the first
    assert faults(data_dir) == [
        f"data/practices.yaml:{line}: practices[1].id: duplicate practice id 'test-practice': already used at data/practices.yaml:2; give this one another practice id"
    ]


# --- references: every kind ------------------------------------------------------------------------

UNKNOWN_PERSON = "unknown person '{value}'{hint}: use an id defined in data/people.yaml"
UNKNOWN_TAG = "unknown tag '{value}'{hint}: use an id defined in data/tags.yaml"
UNKNOWN_RESOURCE = "unknown resource '{value}'{hint}: use an id defined in data/resources.yaml"


@pytest.mark.parametrize(
    ("file", "find", "replace", "at", "field", "message"),
    [
        (
            "dialogues.yaml",
            "          respected.\n        speaker: martin-kimani\n",
            "          respected.\n        speaker: martin-kimanii\n",
            "        speaker: martin-kimanii\n",
            "dialogues[0].quotes[5].speaker",
            UNKNOWN_PERSON.format(value="martin-kimanii", hint=" (did you mean 'martin-kimani'?)"),
        ),
        (
            "publication.yaml",
            "    speaker: anita-bhatia\n",
            "    speaker: anita-b\n",
            "    speaker: anita-b\n",
            "conclusion.epigraph.speaker",
            UNKNOWN_PERSON.format(value="anita-b", hint=" (did you mean 'anita-bhatia'?)"),
        ),
        (
            "dialogues.yaml",
            '        tags: [knowledge-sharing]\n        source:\n          section: "Dialogue One"\n          publication: making-zero-tolerance-2021\n      - id: q-d1-lopez\n',
            '        tags: [no-such-tag]\n        source:\n          section: "Dialogue One"\n          publication: making-zero-tolerance-2021\n      - id: q-d1-lopez\n',
            "        tags: [no-such-tag]\n",
            "dialogues[0].quotes[0].tags[0]",
            UNKNOWN_TAG.format(value="no-such-tag", hint=""),
        ),
        (
            "resources.yaml",
            "    - section: 'Appendix 1: Resources'\n      publication: making-zero-tolerance-2021\n    tags:\n    - policies-and-tools\n    - online-harassment\n",
            "    - section: 'Appendix 1: Resources'\n      publication: making-zero-tolerance-2021\n    tags:\n    - policy-and-tools\n    - online-harassment\n",
            "    - policy-and-tools\n",
            "resources[0].tags[0]",
            UNKNOWN_TAG.format(value="policy-and-tools", hint=" (did you mean 'policies-and-tools'?)"),
        ),
        (
            "publication.yaml",
            "(resource:chief-executives-board)",
            "(resource:chief-executive-board)",
            ('introduction:\n  title: "Introduction"\n  paragraphs:\n', 3),
            "introduction.paragraphs[0]",
            UNKNOWN_RESOURCE.format(value="chief-executive-board", hint=" (did you mean 'chief-executives-board'?)"),
        ),
        (
            "recommendations.yaml",
            "    related_resources:\n    - united-to-respect-toolkit\n",
            "    related_resources:\n    - supplementary-guidance\n",
            "    - supplementary-guidance\n    tags:",
            "recommendations[0].related_resources[0]",
            "'supplementary-guidance' is already in cited_resources: list a resource as cited or as related, not both",
        ),
    ],
)
def test_every_reference_must_resolve(
    data_dir: Path, file: str, find: str, replace: str, at: str | tuple[str, int], field: str, message: str
) -> None:
    """``at``: text whose first line is where the fault is reported (or ``(text, lines below it)``)."""
    replace_once(data_dir / file, find, replace)
    text, offset = at if isinstance(at, tuple) else (at, 0)
    line = first_line(data_dir / file, text) + offset
    assert faults(data_dir) == [f"data/{file}:{line}: {rebased(data_dir / file, line, field)}: {message}"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("shared_by", "[anita-bhatio]", UNKNOWN_PERSON.format(value="anita-bhatio", hint=" (did you mean 'anita-bhatia'?)")),
        ("dialogues", "[d9-nowhere]", "unknown dialogue 'd9-nowhere': use an id defined in data/dialogues.yaml"),
        (
            "recommendations",
            "[2-leadership]",
            "unknown recommendation '2-leadership' (did you mean '2-leadership-commitment'?): use an id defined in data/recommendations.yaml",
        ),
        (
            "resources",
            "[what-will-it-takes]",
            UNKNOWN_RESOURCE.format(value="what-will-it-takes", hint=" (did you mean 'what-will-it-take'?)"),
        ),
        ("tags", "[leadershp]", UNKNOWN_TAG.format(value="leadershp", hint=" (did you mean 'leadership'?)")),
    ],
)
def test_every_reference_of_a_practice_must_resolve(data_dir: Path, key: str, value: str, message: str) -> None:
    text = "".join(
        f"    {key}: {value}\n" if line.startswith(f"    {key}: ") else line for line in PRACTICE.splitlines(keepends=True)
    )
    replace_practices(data_dir, text)
    line = first_line(data_dir / "practices.yaml", f"    {key}: ")
    assert faults(data_dir) == [f"data/practices.yaml:{line}: practices[0].{key}[0]: {message}"]


# --- footnotes ----------------------------------------------------------------------------------


def test_a_marker_without_a_footnote_and_a_footnote_without_a_marker(data_dir: Path) -> None:
    line = replace_once(data_dir / "publication.yaml", "working environment.”[^1]\n", "working environment.”[^4]\n")
    intro = first_line(data_dir / "publication.yaml", "  paragraphs:\n    - >-\n      The Chief Executives Board")
    footnote = first_line(data_dir / "publication.yaml", "    - number: 1\n      text: >-\n        [CEB Statement")
    assert line > intro
    assert faults(data_dir) == [
        f"data/publication.yaml:{intro + 1}: introduction.paragraphs[0]: footnote marker [^4] has no footnote: add a footnote with number 4",
        f"data/publication.yaml:{footnote}: introduction.footnotes[0].number: footnote 1 is never marked: put [^1] in the text where it belongs",
    ]


def test_a_footnote_number_used_twice(data_dir: Path) -> None:
    line = replace_once(
        data_dir / "recommendations.yaml",
        "    footnotes:\n    - number: 2\n",
        "    footnotes:\n    - number: 2\n      text: Another.\n    - number: 2\n",
    )
    at = rebased(data_dir / "recommendations.yaml", line + 3, "recommendations[1].footnotes[1].number")
    assert faults(data_dir) == [f"data/recommendations.yaml:{line + 3}: {at}: footnote number 2 is used twice: renumber one"]


def test_a_marker_followed_by_a_colon_inside_a_line_marks_its_footnote(data_dir: Path) -> None:
    # Only at a line start would "[^2]:" define a footnote (refused as a link definition); inside a
    # line the page shows it as the marker of note 2 (markdown_syntax.FOOTNOTE_MARKER), so it marks it.
    replace_once(data_dir / "recommendations.yaml", "by individuals or groups.[^2]", "by individuals or groups.[^2]:x")
    assert not any("footnote 2 is never marked" in f for f in faults(data_dir))
