"""The synthetic second publication (tests/fixtures/growth/, invented test data) merged into a project copy.

``apply_growth(project)`` adds the fixture to a copy of the project the way a contributor adds a
publication: its text into ``sources/``, its items at the end of each list in ``data/`` (the YAML
text appended, the file's own lines and comments untouched), and its quotes to a recommendation.
Numbers and ids come from the copy's own data (read with ``knowledge_hub.yaml_source``), so the
fixture never clashes with what it is added to. Never run it on the repository itself.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from site_build import ROOT

from knowledge_hub.addresses import VERIFIED_LIST
from knowledge_hub.yaml_source import YamlDocument, YamlPath, read_yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "growth"
PUBLICATION_ID = "synthetic-follow-up-2023"
TEXT_FILE = "synthetic-follow-up-2023.txt"
PUBLICATION_TITLE = "Test follow-up publication (synthetic)"
"""The fixture's publication, as its data file gives it."""

LISTS = {"publication.yaml": "sources", "people.yaml": "people", "dialogues.yaml": "dialogues", "resources.yaml": "resources"}
"""Each fixture data file and the list its items are appended to."""

NUMBER_WORDS = "Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen".split()


@dataclass(frozen=True)
class Growth:
    """What ``apply_growth`` added, by id: for the tests to look for."""

    publication: str
    dialogue: str
    dialogue_number: int
    dialogue_label: str
    new_people: tuple[str, ...]
    returning_person: str
    quotes: tuple[str, ...]
    resource: str
    recommendation: str
    """The slug of the recommendation the quotes were linked to."""


def _read(path: Path) -> YamlDocument:
    return read_yaml(path, display_name=path.name)


def _ids(document: YamlDocument, key: str) -> set[str]:
    return {item["id"] for item in document.data.get(key) or [] if isinstance(item, dict) and "id" in item}


def _taken_ids(data: Path) -> set[str]:
    """Every id the project's data already uses (publications, people, dialogues, quotes, resources)."""
    dialogues = _read(data / "dialogues.yaml")
    quotes = {q["id"] for d in dialogues.data["dialogues"] for q in d.get("quotes") or []}
    publication = _read(data / "publication.yaml").data
    epigraph = ((publication.get("introduction") or {}).get("epigraph") or {}).get("id")
    return (
        _ids(_read(data / "publication.yaml"), "sources")
        | _ids(_read(data / "people.yaml"), "people")
        | _ids(dialogues, "dialogues")
        | _ids(_read(data / "resources.yaml"), "resources")
        | quotes
        | {epigraph}
    )


def _values(project: Path) -> dict[str, Any]:
    """The template values for this project: the next dialogue number, a returning person, a verified address, id suffix."""
    data = project / "data"
    taken = _taken_ids(data) | {p.stem for p in (project / "sources").glob("*.txt")}
    fixture_ids = {line.split(":", 1)[1].strip() for line in _fixture_text_lines() if line.lstrip(" -").startswith("id:")}
    suffix, n = "", 1
    while any(Template(i).safe_substitute(id_suffix=suffix) in taken for i in fixture_ids | {PUBLICATION_ID + "${id_suffix}"}):
        n += 1
        suffix = f"-{n}"
        assert n < 100, "no free id suffix for the growth fixture"
    number = max(d["number"] for d in _read(data / "dialogues.yaml").data["dialogues"]) + 1
    returning = _read(data / "people.yaml").data["people"][0]
    address = _read(project / "sources" / VERIFIED_LIST).data["links"][0]
    return {
        "id_suffix": suffix,
        "publication_id": PUBLICATION_ID + suffix,
        "publication_text": f"{PUBLICATION_ID}{suffix}.txt",
        "dialogue_number": number,
        "dialogue_label": f"Dialogue {NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else number}",
        "dialogue_heading": f"Dialogue {NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else number}".upper(),
        "returning_id": returning["id"],
        "returning_honorific": returning["honorific"],
        "returning_name": returning["name"],
        "returning_title": returning["title"],
        "resource_url": address["url"],
        "resource_page": address["page"],
    }


def _fixture_text_lines() -> list[str]:
    return [line for name in LISTS for line in (FIXTURE / "data" / name).read_text(encoding="utf-8").splitlines()]


def _list_end(document: YamlDocument, path: YamlPath) -> tuple[int, int]:
    """(index of the line to insert before, indent of the list's items) for appending to the list at ``path``."""
    items: Any = document.data
    for key in path:
        items = items[key]
    assert isinstance(items, list) and items, f"{path} is not a list with items"
    last_item = (*path, len(items) - 1)
    last_line = document.lines[last_item]  # 1-based
    text = document.text_lines
    item_line = text[last_line - 1]
    assert item_line.lstrip().startswith("- "), f"the list at {path} is not written one item a line ('- ')"
    later = [line for p, line in document.lines.items() if line > last_line and p[: len(last_item)] != last_item]
    end = min(later) - 1 if later else len(text)  # 0-based index of the next key's line
    while end > last_line and (not text[end - 1].strip() or text[end - 1].lstrip().startswith("#")):
        end -= 1
    return end, len(item_line) - len(item_line.lstrip())


def _append(file: Path, path: YamlPath, item_lines: list[str]) -> None:
    """Insert ``item_lines`` (list items, indented as in their own file) after the last item of the list at ``path``."""
    document = _read(file)
    end, indent = _list_end(document, path)
    own = min(len(line) - len(line.lstrip()) for line in item_lines if line.lstrip().startswith("- "))
    shifted = [" " * indent + line[own:] if line.strip() else "" for line in item_lines]
    lines = file.read_text(encoding="utf-8").splitlines()
    lines[end:end] = shifted
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _items(text: str, key: str) -> list[str]:
    """The lines of the list under the top-level ``key`` of a fixture file (its items, not the key)."""
    lines = text.splitlines()
    start = lines.index(f"{key}:") + 1
    end = next((i for i in range(start, len(lines)) if lines[i] and not lines[i].startswith((" ", "#"))), len(lines))
    return [line for line in lines[start:end] if not line.lstrip().startswith("#")]


def apply_growth(project: Path) -> Growth:
    """Merge the synthetic publication into ``project`` (a copy: see tests/site_build.copy_project); say what it added."""
    assert project.resolve() != ROOT, "apply_growth changes the project it is given: give it a copy"
    (project / "sources").mkdir(exist_ok=True)
    values = _values(project)
    fill = Template
    for name, key in LISTS.items():
        text = fill((FIXTURE / "data" / name).read_text(encoding="utf-8")).substitute(values)
        _append(project / "data" / name, (key,), _items(text, key))
    (project / "sources" / values["publication_text"]).write_text(
        fill((FIXTURE / "sources" / TEXT_FILE).read_text(encoding="utf-8")).substitute(values), encoding="utf-8"
    )
    links = fill((FIXTURE / "links.yaml").read_text(encoding="utf-8")).substitute(values)
    quotes = [line.strip().removeprefix("- ") for line in _items(links, "recommendation_quotes")]
    recommendations = _read(project / "data" / "recommendations.yaml")
    _append(project / "data" / "recommendations.yaml", ("recommendations", 0, "quotes"), [f"- {q}" for q in quotes])
    suffix = values["id_suffix"]
    return Growth(
        publication=values["publication_id"],
        dialogue=f"synthetic-follow-up-dialogue{suffix}",
        dialogue_number=values["dialogue_number"],
        dialogue_label=values["dialogue_label"],
        new_people=tuple(f"{p}{suffix}" for p in ("avery-example", "blake-sample", "casey-placeholder")),
        returning_person=values["returning_id"],
        quotes=tuple(quotes),
        resource=f"synthetic-checklist{suffix}",
        recommendation=recommendations.data["recommendations"][0]["slug"],
    )


def copy_sources(project: Path) -> None:
    """Copy every file of the repository's sources/ into the project copy (copy_project brings only the address list)."""
    for source in (ROOT / "sources").iterdir():
        if source.is_file():
            shutil.copy2(source, project / "sources" / source.name)
