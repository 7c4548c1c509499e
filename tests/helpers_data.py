"""Shared test helpers: copies of the real data, and the bad-input corpus in tests/corpus/.

A corpus case is a directory holding ``case.yaml`` and, optionally, whole replacement data files:

    about: what the case breaks, in one line
    edits:                      # text edits applied to a copy of the real data file
      - file: people.yaml
        find: 'name: "Martin Kimani"'   # must occur exactly once in the real file
        replace: 'name: ""'             # text, or a list of texts and {repeat: TEXT, times: N}
    remove: [practices.yaml]    # data files to delete from the copy
    exit: 1                     # expected exit code of `hub check`
    expect:                     # every fault `hub check` must print, in its order
      - file: data/people.yaml
        line: edit              # a number, `edit` / `edit+N` (the line where this file's first
                                # edit starts, `edit#2` for its second), or null
        field: people[0].name   # "" for faults about the file as a whole
        message: must not be empty      # how the message starts
        also: []                # further fragments the message contains
    build: true                 # also run a real `mkdocs build --strict` with this data
    schema: refuses             # the editors' JSON Schema must also refuse (or: accepts) the edited file
    pages:                      # for valid data: what the generated Markdown shows
      - page: quotes/index.md
        contains: '&lt;script&gt;'
        lacks: '<script>'

Line numbers are counted from the edit, so a case does not break when lines are added above it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from site_build import ROOT

from knowledge_hub.addresses import VERIFIED_LIST
from knowledge_hub.hub import Hub
from knowledge_hub.models import Source, Tag

DATA = ROOT / "data"
CORPUS = Path(__file__).resolve().parent / "corpus"
CASE_KEYS = {"about", "edits", "remove", "exit", "expect", "build", "pages", "schema"}


@dataclass(frozen=True)
class Expected:
    """One fault line that ``hub check`` must print."""

    file: str
    line: int | None
    field: str
    message: str
    also: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        """``data/x.yaml:12: field: `` -- the fault's location, as the CLI prints it."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.field}: " if self.field else f"{where}: "

    def matches(self, output_line: str) -> bool:
        if not output_line.startswith(self.prefix + self.message):
            return False
        rest = output_line[len(self.prefix) :]
        return all(fragment in rest for fragment in self.also)

    def __str__(self) -> str:
        return self.prefix + self.message + "".join(f" [...{f}...]" for f in self.also)


@dataclass(frozen=True)
class Case:
    name: str
    directory: Path
    spec: dict[str, Any] = field(repr=False)

    @property
    def exit_code(self) -> int:
        return int(self.spec["exit"])

    @property
    def builds(self) -> bool:
        return bool(self.spec.get("build", False))

    @property
    def pages(self) -> list[dict[str, str]]:
        return list(self.spec.get("pages", []))


def case_names() -> list[str]:
    return sorted(p.parent.name for p in CORPUS.glob("*/case.yaml"))


def load_case(name: str) -> Case:
    directory = CORPUS / name
    spec = yaml.safe_load((directory / "case.yaml").read_text(encoding="utf-8"))
    unknown = set(spec) - CASE_KEYS
    if unknown:
        raise ValueError(f"{name}/case.yaml: unknown keys {sorted(unknown)}")
    return Case(name, directory, spec)


def copy_data(destination: Path) -> Path:
    """A copy of the real data/ as ``destination/data``, with the verified address list beside it in
    ``destination/sources`` (where `hub check` looks for it); returns the data directory."""
    target = destination / "data"
    shutil.copytree(DATA, target)
    copy_verified_list(destination)
    return target


def copy_verified_list(destination: Path) -> Path:
    """A copy of sources/verified-addresses.yaml as ``destination/sources/verified-addresses.yaml``; returns it."""
    target = destination / "sources" / VERIFIED_LIST
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "sources" / VERIFIED_LIST, target)
    return target


def apply_case(case: Case, data_dir: Path) -> dict[str, list[int]]:
    """Overlay the case on a copy of the data; return, per data file, the line where each edit starts."""
    for replacement in sorted(case.directory.glob("*.yaml")):
        if replacement.name != "case.yaml":
            shutil.copyfile(replacement, data_dir / replacement.name)
    for name in case.spec.get("remove", []):
        (data_dir / name).unlink()
    edit_lines: dict[str, list[int]] = {}
    for edit in case.spec.get("edits", []):
        line = replace_once(data_dir / edit["file"], edit["find"], _replacement(edit["replace"]))
        edit_lines.setdefault(f"data/{edit['file']}", []).append(line)
    return edit_lines


def replace_once(path: Path, find: str, replace: str) -> int:
    """Replace the one occurrence of ``find`` in ``path``; return the line where it started."""
    text = path.read_text(encoding="utf-8")
    if text.count(find) != 1:
        raise AssertionError(f"{find!r} occurs {text.count(find)} times in {path.name}, not once: update the test")
    start = text.index(find)
    path.write_text(text[:start] + replace + text[start + len(find) :], encoding="utf-8")
    return text.count("\n", 0, start) + 1


def expected_faults(case: Case, edit_lines: dict[str, list[int]], data_dir: Path | None = None) -> list[Expected]:
    """The case's expected faults, lines counted from its edits; with ``data_dir`` (the edited copy),
    each field's list positions are those of the item that stands on the fault's line there."""
    expected = []
    for item in case.spec.get("expect", []):
        line = _line(item["line"], edit_lines.get(item["file"], []), case.name)
        field_path = item["field"]
        if data_dir is not None and line is not None and item["file"].startswith("data/"):
            field_path = rebase_positions(field_path, positions_at(data_dir / item["file"].removeprefix("data/"), line))
        expected.append(Expected(item["file"], line, field_path, item["message"], tuple(item.get("also", []))))
    return expected


_SEGMENT = re.compile(r"([A-Za-z_]+)((?:\[\d+\])+)")


def positions_at(path: Path, line: int) -> list[tuple[str, int]]:
    """(list key, position) of each list item that holds ``line`` (1-based) of ``path``, outermost first.

    Read from the file as it is: a case written against the data in one order still names the item it
    edits when the items stand in another order, or a contributor has added one above it.
    """
    try:
        node: yaml.Node | None = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):  # the cases that break the file itself
        return []
    found: list[tuple[str, int]] = []
    key = ""
    while node is not None:
        children: list[tuple[str, int | None, yaml.Node]] = []
        if isinstance(node, yaml.MappingNode):
            children = [(str(k.value), None, v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = [(key, i, v) for i, v in enumerate(node.value)]
        # A node ends where the next begins: of the nodes around the line, the last to start holds it.
        inside = [c for c in children if c[2].start_mark.line + 1 <= line <= c[2].end_mark.line + 1]
        if not inside:
            break
        key, position, node = inside[-1]
        if position is not None:
            found.append((key, position))
    return found


def rebase_positions(field_path: str, positions: list[tuple[str, int]]) -> str:
    """``field_path`` (``recommendations[0].body[0]``) with the positions of its list segments taken, in
    order, from ``positions`` while their keys agree; the rest as written."""
    remaining = list(positions)

    def replace(match: re.Match[str]) -> str:
        name, indexes = match[1], re.findall(r"\[(\d+)\]", match[2])
        if remaining and remaining[0][0] == name and len(indexes) == 1:
            return f"{name}[{remaining.pop(0)[1]}]"
        remaining.clear()  # a segment that does not agree: keep this one and the rest as written
        return match[0]

    return _SEGMENT.sub(replace, field_path)


def _replacement(replace: str | list[Any]) -> str:
    if isinstance(replace, str):
        return replace
    return "".join(part if isinstance(part, str) else part["repeat"] * int(part["times"]) for part in replace)


_EDIT_LINE = re.compile(r"^edit(?:#(\d+))?([+-]\d+)?$")


def _line(value: int | str | None, edits: list[int], case_name: str) -> int | None:
    if value is None or isinstance(value, int):
        return value
    match = _EDIT_LINE.match(value)
    if not match:
        raise ValueError(f"{case_name}: line '{value}' is not a number, null or edit[#N][+N]")
    which = int(match.group(1) or 1)
    return edits[which - 1] + int(match.group(2) or 0)


def snapshot(directory: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``directory`` with its size, modification time and content."""
    return {
        p.relative_to(directory).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


# --- everyday edits a contributor makes (tests/test_everyday_edits.py) ---------------------------


def list_items(text: str, key: str) -> tuple[str, list[str], str]:
    """Split a data file's text at its top-level list ``key``: (text up to the first item, the items, the rest).

    An item is the text from its ``  - `` line up to the next one, its trailing blank lines left
    out; the list ends at the next line that starts in the first column.
    """
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == f"{key}:") + 1
    end = next((i for i in range(start, len(lines)) if lines[i][:1] not in ("", " ", "\n", "#")), len(lines))
    firsts = [i for i in range(start, end) if lines[i].startswith("  - ")]
    head, tail = "".join(lines[: firsts[0]]), "".join(lines[end:])
    items = ["".join(lines[a:b]).rstrip("\n") + "\n" for a, b in zip(firsts, [*firsts[1:], end], strict=True)]
    return head, items, tail


def write_items(path: Path, key: str, items: list[str]) -> None:
    """Replace the items of ``path``'s top-level list ``key``, one blank line between them."""
    head, _, tail = list_items(path.read_text(encoding="utf-8"), key)
    path.write_text(head + "\n".join(items) + ("\n" + tail if tail else ""), encoding="utf-8")


def reverse_list(path: Path, key: str) -> list[str]:
    """Write ``path``'s list ``key`` in reverse order (nothing else changes); returns the items as they were."""
    _, items, _ = list_items(path.read_text(encoding="utf-8"), key)
    assert len(items) > 1, f"{path.name} has fewer than two {key}: nothing to reverse"
    write_items(path, key, items[::-1])
    return items


def free_id(taken: set[str], base: str) -> str:
    """``base`` with the first ``-N`` suffix that no item uses (a contributor's ids cannot clash with it)."""
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def add_practice_at_top(data_dir: Path) -> str:
    """Put a new practice first in practices.yaml: a copy of the last one under a free id. Returns the id.

    The copy's text is the publication's (so the check passes); what the edit tests is a new item
    that takes the first place in the file.
    """
    path = data_dir / "practices.yaml"
    head, items, tail = list_items(path.read_text(encoding="utf-8"), "practices")
    taken = {item["id"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))["practices"]}
    last = items[-1]
    old_id = re.match(r"  - id: (\S+)\n", last)
    assert old_id, f"the last practice does not start with its id: {last[:80]!r}"
    new_id = free_id(taken, old_id[1])
    write_items(path, "practices", [last.replace(f"  - id: {old_id[1]}\n", f"  - id: {new_id}\n", 1), *items])
    return new_id


RECIPE_QUOTE_WORDS = (
    "we should all act, we shouldn’t be passive bystanders. But our leaders, managers and supervisors "
    "have a special responsibility, both in prevention and providing robust support if wrongdoing occurs."
)
"""Words Ms. Connors is quoted with in Dialogue Two's running text (not set apart as a quote)."""


def recipe_block(contributing: str, heading: str) -> str:
    """The first YAML example under ``heading`` in CONTRIBUTING.md's text."""
    section = contributing.split(f"\n{heading}\n", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def add_recipe_quote(data_dir: Path, contributing: str) -> str:
    """CONTRIBUTING's "Add a quote", literally: its example block, the words set to ones the
    publication prints, put after the neighbouring quote of the same speaker. Returns the quote's id."""
    block = recipe_block(contributing, "### Add a quote")
    quote_id = re.search(r"- id: (\S+)", block)
    speaker = re.search(r"speaker: (\S+)", block)
    assert quote_id and speaker, f"CONTRIBUTING's quote example has no id or speaker:\n{block}"
    placeholder = re.search(r"(?m)^( +)text: >-\n( +)(.+)\n", block)
    assert placeholder, f"CONTRIBUTING's quote example has no folded text:\n{block}"
    block = block.replace(placeholder[0], f"{placeholder[1]}text: >-\n{placeholder[2]}{RECIPE_QUOTE_WORDS}\n", 1)
    dialogues = data_dir / "dialogues.yaml"
    text = dialogues.read_text(encoding="utf-8")
    neighbour = re.search(rf"(?m)^      - id: (\S+)\n(?:(?!      - id:).*\n)*?        speaker: {speaker[1]}\n", text)
    assert neighbour, f"no quote by {speaker[1]} in dialogues.yaml to put the recipe's quote beside"
    after = text.index("\n      - id: ", neighbour.end()) + 1
    dialogues.write_text(text[:after] + block + text[after:], encoding="utf-8")
    return quote_id[1]


def next_dialogue_number(data_dir: Path) -> int:
    """The number after the highest dialogue number in ``data_dir``'s dialogues.yaml."""
    dialogues = yaml.safe_load((data_dir / "dialogues.yaml").read_text(encoding="utf-8"))["dialogues"]
    return max(int(d["number"]) for d in dialogues) + 1


def with_free_dialogue_number(block: str, data_dir: Path) -> str:
    """A test's dialogue block (YAML text with one ``    number: N`` line) renumbered to the next free
    number in ``data_dir``, so it cannot clash with a dialogue a contributor has added."""
    renumbered, count = re.subn(r"(?m)^    number: \d+$", f"    number: {next_dialogue_number(data_dir)}", block)
    assert count == 1, f"the dialogue block has {count} number lines, not one"
    return renumbered


def rename_everywhere(data_dir: Path, old: str, new: str, *, key: str = "id") -> int:
    """Rename ``old`` to ``new`` in every data file, add ``former_ids: [old]`` under the entry; return that line."""
    whole_id = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in sorted(data_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        path.write_text(whole_id.sub(new, text), encoding="utf-8")
    return add_former_ids(data_dir, new, [old], key=key)


def add_former_ids(data_dir: Path, entry_id: str, former: list[str], *, key: str = "id") -> int:
    """Put ``former_ids: [...]`` under the line ``<key>: <entry_id>`` (found in exactly one file); return its line."""
    line = re.compile(rf"^(?P<indent>[ -]*){key}: {re.escape(entry_id)}$", re.MULTILINE)
    found = [
        (path, match) for path in sorted(data_dir.glob("*.yaml")) for match in line.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(found) == 1, f"{key}: {entry_id} is defined {len(found)} times"
    path, match = found[0]
    text = path.read_text(encoding="utf-8")
    indent = " " * len(match["indent"])
    text = text[: match.end()] + f"\n{indent}former_ids: [{', '.join(former)}]" + text[match.end() :]
    path.write_text(text, encoding="utf-8")
    return text.count("\n", 0, match.end()) + 2


def audience_sources(hub: Hub, tag: Tag) -> list[Source]:
    """The sources of what an audience's view lists: its recommendations, practices and resources."""
    return [
        *(rec.source for rec in hub.recommendations if tag.id in rec.tags),
        *(source for practice in hub.practices if tag.id in practice.tags for source in practice.source),
        *(source for resource in hub.resources.values() if tag.id in resource.tags for source in resource.source),
    ]
