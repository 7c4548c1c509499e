"""Hostile text in every text field of every data file: the check refuses it where it stands, or it is inert.

The fields come from the models (every field typed ``Text`` or ``Markdown``, through lists, optional
values and nested models), so a new field is covered the day it is added. Each payload is put into
every such field of a copy of the real data at once, and the data check runs in-process: a payload it
refuses must be refused with a fault that names the file, the line and the field, in plain words;
that field keeps its own text for that payload. What the check accepts goes, all payloads together,
into one MkDocs build, whose every output is then read as a browser or a spreadsheet reads it: the
HTML pages, the lunr search index, the Pagefind records made from it, the CSV tables and the JSON.

Each payload carries its own mark (``hx07``...), so whatever came out live names the payload it came
from. A payload that the data rules refuse in one field and accept in another is tested in both ways.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from live_markup import elements_from_data, marks_in, markup_from_data
from site_build import ROOT, assert_clean_build, shared_prepared_build

from knowledge_hub.faults import DataError, Fault, format_path
from knowledge_hub.loader import text_fields
from knowledge_hub.models import DATA_FILES
from knowledge_hub.pipeline import check_hub
from knowledge_hub.search_pagefind import pagefind_records, record_page

pytestmark = pytest.mark.slow  # the screening checks the whole data dozens of times; make test runs it

Path_ = tuple[str | int, ...]
"""A place in a data file: ``("dialogues", 0, "quotes", 2, "text")``."""


# --- the fields, from the models ------------------------------------------------------------------


FIELDS: dict[str, dict[tuple[str, ...], str]] = {
    file_name: {names: rules.kind for names, rules in text_fields(model)} for file_name, model in DATA_FILES.items()
}
"""Per data file, every text field (by its names from the top) and its kind."""


def occurrences(value: Any, names: tuple[str, ...], path: Path_ = ()) -> Iterator[Path_]:
    """Every place in parsed YAML where the field ``names`` holds text (list items one by one)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from occurrences(item, names, (*path, index))
    elif not names:
        if isinstance(value, str):
            yield path
    elif isinstance(value, dict) and names[0] in value:
        yield from occurrences(value[names[0]], names[1:], (*path, names[0]))


def test_the_walk_finds_text_fields_in_every_data_file_and_the_search_fields() -> None:
    assert set(FIELDS) == set(DATA_FILES)
    assert all(FIELDS.values()), {name: len(fields) for name, fields in FIELDS.items()}
    kinds = {kind for fields in FIELDS.values() for kind in fields.values()}
    assert kinds == {"plain", "markdown"}
    search = FIELDS["search.yaml"]
    assert ("variants", "words") in search and ("stop_words",) in search and ("boosts", "words") in search
    assert ("recommendations", "search_terms") in FIELDS["recommendations.yaml"]
    assert ("recommendations", "summary") in FIELDS["recommendations.yaml"]
    data = _original_data()
    empty = [(f, n) for f, fields in FIELDS.items() for n in fields if not list(occurrences(data[f], n))]
    # Optional fields the data never fills are fine; a whole file without one filled field is not.
    assert all(any(list(occurrences(data[f], n)) for n in FIELDS[f]) for f in FIELDS), empty


# --- the payloads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    name: str
    text: str  # "{m}" stands for the payload's mark
    at_start: bool = False  # put before the field's text (a formula must start the cell), else after it

    def mark(self) -> str:
        return f"hx{PAYLOADS.index(self):02d}"

    def for_field(self) -> str:
        return self.text.replace("{m}", self.mark())


BRACKETS = "[" * 100
"""Long enough to be markup's worst punctuation, short enough for a quick build: benchmarks/worst_case.py times the long runs."""
BRACES = "{" * 100

PAYLOADS: list[Payload] = [
    Payload("script", ' <script>window.hostileRan="{m}"</script>'),
    Payload("img-onerror", ' <img src=x onerror="window.hostileRan=1" alt={m}>'),
    Payload("event-handler", " <b onmouseover=window.hostileRan=1 class={m}>{m}</b>"),
    Payload("svg-onload", " <svg onload=window.hostileRan=1><title>{m}</title></svg>"),
    Payload("title-close", " </title></textarea><i data-{m}>{m}</i>"),
    Payload("cr-link-definition", " [{m}]\r[{m}]: https://evil.example/{m}"),
    Payload("crlf-link-definition", " [{m}]\r\n[{m}]: https://evil.example/{m}"),
    Payload("link-definition", " [{m}]\n[{m}]: https://evil.example/{m}"),
    Payload("cr-abbreviation", " {m}\r*[{m}]: evil {m}"),
    Payload("cr-footnote", " [^{m}]\r[^{m}]: {m} from the data"),
    Payload("cr-heading", "\r# {m} heading"),
    Payload("cr-setext", "\r{m} setext\r======"),
    Payload("cr-admonition", "\r!!! note md-dialog md-dialog--active\r    {m} box"),
    Payload("cr-details", '\r??? warning "{m}"\r    {m} folded'),
    Payload("blank-line-admonition", '\n\n!!! warning "{m}"\n    {m} box'),
    Payload("crlf-admonition", '\r\n\r\n!!! danger "{m}"\r\n    {m} box'),
    Payload("attribute-list", " **{m}**{: .md-dialog onclick=window.hostileRan=1}"),
    Payload("cr-attribute-list", "\r{: .md-dialog--active data-{m} }"),
    Payload("brackets", f" {BRACKETS}{{m}}"),
    Payload("braces", f" {BRACES}{{m}}"),
    Payload("formula-hyperlink", '=HYPERLINK("https://evil.example/{m}","{m}") ', at_start=True),
    Payload("formula-plus", "+1+{m} ", at_start=True),
    Payload("formula-minus", "-1+{m} ", at_start=True),
    Payload("formula-at", "@SUM(1+1)*{m} ", at_start=True),
    Payload("formula-tab", "\t=1+{m} ", at_start=True),
    Payload("formula-cr", "\r=1+{m} ", at_start=True),
    Payload("control-character", " {m}\a\x1b[31m"),
    Payload("decomposed-letters", " {m} Jose\u0301"),
    Payload("look-alike-letter", " {m} P\u0430yroll"),  # a Cyrillic a
    Payload("address-link-text", " [https://www.un.org/{m}](https://evil.example/{m}) www.evil.example/{m}"),
    Payload("javascript-link", " [{m}](javascript:window.hostileRan=1)"),
    Payload("markdown-punctuation", " *{m}* _under_ :smile: | pipe"),
]


def test_every_payload_has_its_own_mark() -> None:
    marks = [payload.mark() for payload in PAYLOADS]
    assert len(set(marks)) == len(marks)
    assert all(payload.for_field().count(payload.mark()) >= 1 for payload in PAYLOADS)
    assert not [(a, b) for a in marks for b in marks if a != b and a in b]


# --- the hostile copy ---------------------------------------------------------------------------------


def _original_data() -> dict[str, Any]:
    data = {name: yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8")) for name in DATA_FILES}
    # The verbatim check against sources/ would refuse every addition to a quoted text: leave it out,
    # so the test stays about markup (a source's `text:` names the file the check reads).
    for source in data["publication.yaml"]["sources"]:
        source.pop("text", None)
    return data


SECTION_NAMES = ("sources", "contents", "section")
"""A publication's section names are keys: every source cites one by name, so a payload there is refused
at each source that cites it (the rule a source's own `section` meets, which gets payloads of its own)."""


def _places(data: dict[str, Any]) -> list[tuple[str, Path_]]:
    return [
        (f, path)
        for f in FIELDS
        for names in FIELDS[f]
        if (f, names) != ("publication.yaml", SECTION_NAMES)
        for path in occurrences(data[f], names)
    ]


def _get(value: Any, path: Path_) -> Any:
    for part in path:
        value = value[part]
    return value


def _set(value: Any, path: Path_, text: str) -> None:
    for part in path[:-1]:
        value = value[part]
    value[path[-1]] = text


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""The safe dumper (libyaml's when installed: the files are written a hundred times): ``\\r`` stays an escape."""


def _write(data_dir: Path, data: dict[str, Any]) -> None:
    for name, document in data.items():
        text = yaml.dump(document, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
        (data_dir / name).write_text(text, encoding="utf-8")


def _check(project: Path, data: dict[str, Any]) -> list[Fault]:
    _write(project / "data", data)
    try:
        check_hub(project / "data", docs_dir=project / "docs", display_root=project)
    except DataError as error:
        return list(error.faults)
    return []


class CheckCrashed(Exception):
    """The check stopped with an error of its own instead of a list of faults."""


def _check_or_crash(project: Path, data: dict[str, Any]) -> list[Fault]:
    try:
        return _check(project, data)
    except Exception as error:  # noqa: BLE001 - a contributor would see a traceback: reported, not raised
        raise CheckCrashed(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}") from None


PLAIN_WORDS_NOT = ("Traceback", "pydantic", "Value error", "<class", "Input should", "could not be checked")


class _Changed:
    """The places a check was given payloads in, found by the file and field a fault names.

    A check of every field at once reports thousands of faults: each is found in a table, not by
    formatting every place again.
    """

    def __init__(self, places: list[tuple[str, Path_]]) -> None:
        self.by_field: dict[tuple[str, str], tuple[str, Path_]] = {}
        self.in_file: dict[str, list[tuple[str, tuple[str, Path_]]]] = defaultdict(list)
        for place in places:
            field = format_path(place[1])
            self.by_field[(place[0], field)] = place
            self.in_file[place[0]].append((field, place))

    def refused_by(self, fault: Fault) -> tuple[list[tuple[str, Path_]], str | None]:
        """The changed places a fault refuses, or a reason it is not a located, plain-words refusal."""
        if not fault.line or not fault.field or not fault.file.endswith(tuple(DATA_FILES)):
            return [], "no file, line or field"
        if any(words in fault.message for words in PLAIN_WORDS_NOT) or len(fault.message) < 20:
            return [], "not in plain words"
        file_name = Path(fault.file).name
        exact = self.by_field.get((file_name, fault.field))
        if exact is not None:
            return [exact], None
        inside = [place for field, place in self.in_file[file_name] if field.startswith((f"{fault.field}.", f"{fault.field}["))]
        if not inside:
            return [], "names a field the payload was not put in"
        # A rule across fields (a summary must be words of the body) names the record: the field named first is refused.
        named = {p[-1] if isinstance(p[-1], str) else p[-2] for _, p in inside}
        first = min(named, key=lambda n: fault.message.find(str(n)) % 10_000)
        return [(f, p) for f, p in inside if first in p], None


def _with_payloads(data: dict[str, Any], payloads: dict[tuple[str, Path_], list[Payload]]) -> dict[str, Any]:
    hostile = copy.deepcopy(data)
    for (file_name, path), added in payloads.items():
        text = _get(data[file_name], path)
        start = "".join(p.for_field() for p in added if p.at_start)
        end = "".join(p.for_field() for p in added if not p.at_start)
        _set(hostile[file_name], path, start + text + end)
    return hostile


ROUNDS = 4
"""Checks per payload at most: a refusal can hide the next (a file's model first, then cross-references)."""


def _screen(project: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Each payload in every field: where the check refuses it (located), where it accepts it, and what is wrong."""
    places = _places(data)
    accepted: dict[str, list[tuple[str, Path_]]] = {}
    refused: dict[str, int] = {}
    problems: list[str] = []
    for payload in PAYLOADS:
        kept = list(places)
        for _ in range(ROUNDS):
            try:
                faults = _check_or_crash(project, _with_payloads(data, {place: [payload] for place in kept}))
            except CheckCrashed as error:  # left out of the build: nothing says which field did it
                problems.append(f"{payload.name}: the check crashed instead of naming a field: {error}")
                kept = []
                break
            if not faults:
                break
            tried = _Changed(kept)  # one field may be refused by several faults of the same check
            gone: set[tuple[str, Path_]] = set()
            for fault in faults:
                out, wrong = tried.refused_by(fault)
                if wrong:
                    problems.append(f"{payload.name}: {wrong}: {str(fault)[:300]}")
                gone.update(out)
                refused[payload.name] = refused.get(payload.name, 0) + len(out)
            kept = [place for place in kept if place not in gone]
            if any(problem.startswith(f"{payload.name}:") for problem in problems):
                break
        else:
            problems.append(f"{payload.name}: still refused after {ROUNDS} checks")
        accepted[payload.name] = kept
    return {"accepted": accepted, "refused": refused, "problems": problems}


def _combined(data: dict[str, Any], accepted: dict[str, list[tuple[str, Path_]]]) -> dict[tuple[str, Path_], list[Payload]]:
    """Every accepted payload in its fields; payloads that must start the text take turns across a field's items."""
    by_name = {payload.name: payload for payload in PAYLOADS}
    added: dict[tuple[str, Path_], list[Payload]] = defaultdict(list)
    turn: Counter[tuple[str, tuple[str, ...]]] = Counter()
    ends = [p for p in PAYLOADS if not p.at_start]
    for name, places in accepted.items():
        if not by_name[name].at_start:
            for place in places:
                if not _is_search_word(place):
                    added[place].append(by_name[name])
    starts = [p for p in PAYLOADS if p.at_start]
    for file_name, path in _places(data):
        shape = (file_name, tuple(str(p) for p in path if isinstance(p, str)))
        for offset in range(len(starts)):
            candidate = starts[(turn[shape] + offset) % len(starts)]
            if (file_name, path) in accepted[candidate.name]:
                added[(file_name, path)].insert(0, candidate)
                break
        if _is_search_word((file_name, path)):  # a search word is short (a cap): one payload each, taking turns
            for offset in range(len(ends)):
                candidate = ends[(turn[shape] + offset) % len(ends)]
                if (file_name, path) in accepted[candidate.name]:
                    added[(file_name, path)].append(candidate)
                    break
        turn[shape] += 1
    return added


def _is_search_word(place: tuple[str, Path_]) -> bool:
    file_name, path = place
    return file_name == "search.yaml" or "search_terms" in path


def _prepare(project: Path) -> None:
    data = _original_data()
    screened = _screen(project, data)
    accepted = {name: [(f, tuple(p)) for f, p in places] for name, places in screened["accepted"].items()}
    added = _combined(data, accepted)
    dropped: list[str] = []
    for _ in range(ROUNDS):
        hostile = _with_payloads(data, added)
        faults = _check(project, hostile)
        if not faults:
            break
        tried = _Changed(list(added))
        for fault in faults:  # refused only in combination: that field keeps its own text
            out, wrong = tried.refused_by(fault)
            dropped.append(str(fault)[:300])
            if wrong:
                screened["problems"].append(f"all payloads together: {wrong}: {str(fault)[:300]}")
            for place in out:
                added.pop(place, None)
    _write(project / "data", hostile)
    values = [[f, list(p), _get(hostile[f], p)] for f, p in _places(hostile) if (f, p) in added]
    manifest = {**screened, "dropped_together": dropped, "values": values, "marks": {p.mark(): p.name for p in PAYLOADS}}
    (project / "hostile.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


@dataclass(frozen=True)
class HostileSite:
    site: Path
    manifest: dict[str, Any]
    result: Any

    @property
    def marks(self) -> list[str]:
        return sorted(self.manifest["marks"])

    def name(self, mark: str) -> str:
        return self.manifest["marks"].get(mark, "unknown payload")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    project, result = shared_prepared_build(tmp_path_factory.getbasetemp(), "hostile-data", _prepare)
    manifest = json.loads((project / "hostile.json").read_text(encoding="utf-8"))
    return HostileSite(project / "site", manifest, result)


def _report(site: HostileSite, found: list[tuple[str, str, str]]) -> str:
    """Findings ``(mark, where, what)`` by payload: in how many places (pages, index entries, rows), and the first."""
    places: dict[str, set[str]] = defaultdict(set)
    first: dict[str, str] = {}
    for mark, where, what in found:
        places[site.name(mark)].add(where)
        first.setdefault(site.name(mark), f"{where}: {what}")
    lines = [f"live in {len({where for _, where, _ in found})} places, from {len(places)} payloads:"]
    for name, wheres in sorted(places.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"  {name}: {len(wheres)} places, e.g. {first[name][:200]}")
    return "\n".join(lines)


# --- the check --------------------------------------------------------------------------------------


def test_every_refusal_names_the_file_line_and_field_in_plain_words(hostile: HostileSite) -> None:
    assert hostile.manifest["problems"] == []


def test_some_payloads_are_accepted_so_the_outputs_are_tested(hostile: HostileSite) -> None:
    accepted = {name: places for name, places in hostile.manifest["accepted"].items() if places}
    assert "markdown-punctuation" in accepted and "script" in accepted, sorted(accepted)
    files = {f for places in accepted.values() for f, _ in places}
    # search.yaml holds single words, which the rules may well keep to letters: every other file holds reading text.
    assert set(DATA_FILES) - {"search.yaml"} <= files, files


def test_the_hostile_site_builds_clean(hostile: HostileSite) -> None:
    assert_clean_build(hostile.result)


# --- the outputs --------------------------------------------------------------------------------------


def test_no_page_holds_markup_from_the_data(hostile: HostileSite) -> None:
    found = []
    for page in sorted(hostile.site.rglob("*.html")):
        where = str(page.relative_to(hostile.site))
        found += [(mark, where, what) for mark, what in markup_from_data(page.read_text(encoding="utf-8"), hostile.marks)]
    assert found == [], _report(hostile, found)


def _search_index(site: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index


def test_the_search_index_holds_the_data_as_text(hostile: HostileSite) -> None:
    # Material's search inserts a result's title and text as HTML.
    found = []
    for doc in _search_index(hostile.site)["docs"]:
        for key in ("title", "text"):
            found += [
                (mark, doc["location"], f"{key}: {what}") for mark, what in elements_from_data(doc.get(key, ""), hostile.marks)
            ]
    assert found == [], _report(hostile, found)


def test_the_pagefind_records_hold_the_data_as_text(hostile: HostileSite) -> None:
    found = []
    for record in pagefind_records(_search_index(hostile.site)):
        body = record_page(record).partition("<body>")[2].rpartition("</body>")[0]
        found += [(mark, record["url"], what) for mark, what in elements_from_data(body, hostile.marks)]
    assert found == [], _report(hostile, found)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_no_csv_cell_is_a_formula(hostile: HostileSite) -> None:
    tables = sorted((hostile.site / "data").glob("*.csv"))
    assert tables
    found = []
    for table in tables:
        for row_number, row in enumerate(csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline="")), 1):
            for cell in row:
                if cell.startswith(FORMULA_STARTS) and not _is_number(cell):
                    found += [(mark, f"{table.name} row {row_number}", repr(cell[:40])) for mark in marks_in(cell, hostile.marks)]
    assert found == [], _report(hostile, found)


COMPOSED_KEYS = frozenset({"citation"})
"""hub.json keys whose text the export composes from several fields (a source's citation line): each
of its parts is checked where it stands on its own."""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in COMPOSED_KEYS:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_json_holds_the_data_text_exactly(hostile: HostileSite) -> None:
    written = {value for _, _, value in hostile.manifest["values"]}
    document = json.loads((hostile.site / "data" / "hub.json").read_text(encoding="utf-8"))
    marked = [text for text in _strings(document) if any(mark in text for mark in hostile.marks)]
    assert marked, "no hostile text reached data/hub.json"
    changed = [text[:80] for text in marked if text not in written and not any(text in value for value in written)]
    assert changed == []
