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

from knowledge_hub.addresses import VERIFIED_LIST

ROOT = Path(__file__).resolve().parents[1]
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


def expected_faults(case: Case, edit_lines: dict[str, list[int]]) -> list[Expected]:
    return [
        Expected(
            file=item["file"],
            line=_line(item["line"], edit_lines.get(item["file"], []), case.name),
            field=item["field"],
            message=item["message"],
            also=tuple(item.get("also", [])),
        )
        for item in case.spec.get("expect", [])
    ]


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
