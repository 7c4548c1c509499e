"""The worst case: `hub check` and `mkdocs build --strict` on the slowest data the rules let through,
timed beside the real data (benchmarks/README.md, "Worst-case data"; ``run.py --only worst-case``)."""

from __future__ import annotations

import copy
import functools
import itertools
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from common import ROOT, Row, Run, log, row, seconds, timed

from knowledge_hub import models
from knowledge_hub.faults import DataError, Fault, format_path
from knowledge_hub.model_fields import text_fields
from knowledge_hub.pipeline import check_hub
from knowledge_hub.references import walk_strings
from knowledge_hub.site_tools import build_command, copy_project
from knowledge_hub.text_rules import LINE_RULES

TARGET_RATIO, TARGET_MB = 3.0, 300

Change = tuple[str, tuple[Any, ...], Any, str]
"""A change of the real data: the file, the place in it, the worst-case value, what it is."""


def worst_case(data: dict[str, Any]) -> list[Change]:
    """The changes that make ``data`` (parsed YAML of every file) the worst case."""
    changes: list[Change] = []
    fills = itertools.cycle([("[", "a run of ["), ("{", "a line of {")])
    for file, model in models.DATA_FILES.items():
        for names, rules in text_fields(model):
            found = (place for place in walk_strings(data[file]) if tuple(p for p in place[0] if isinstance(p, str)) == names)
            path, original = next(found, ((), ""))
            if not path or file == "search.yaml" or names[-1] == "search_terms":
                continue  # search words are at their caps below
            limit, (fill, what) = models.MAX_LINE if rules is LINE_RULES else models.MAX_TEXT, next(fills)
            kind = "line" if rules is LINE_RULES else rules.kind
            # The field's own text stays: its markers and words keep the rules across fields met.
            padded = f"{original} {fill * (limit - len(original) - 2)}."
            changes.append((file, path, padded, f"{kind} at {limit:,} characters: its text, then {what}"))
    length, group, counter = models.MAX_SEARCH_WORD_LENGTH, models.MAX_VARIANT_GROUP_WORDS, itertools.count()

    def words(count: int) -> list[str]:  # distinct words of letters only, ``length`` long: a counter's digits spelt a to j
        return [("zq" + "".join(chr(97 + int(d)) for d in str(next(counter))) + "x" * length)[:length] for _ in range(count)]

    search, terms = data["search.yaml"], models.MAX_SEARCH_TERMS
    variants = search.get("variants", [])
    groups = (models.MAX_VARIANT_WORDS - sum(len(g["words"]) for g in variants)) // group
    added = [*variants, *({"words": words(group)} for _ in range(groups))]
    changes.append(("search.yaml", ("variants",), added, f"{groups} variant groups of {group:,} words"))
    changes.append(("search.yaml", ("stop_words",), words(models.MAX_STOP_WORDS), f"{models.MAX_STOP_WORDS:,} stop words"))
    if search.get("boosts"):
        boost = models.MAX_BOOST_WORDS
        changes.append(("search.yaml", ("boosts", 0, "words"), words(boost), f"{boost:,} boost words"))
    for index, _ in enumerate(data["recommendations.yaml"]["recommendations"]):
        where = ("recommendations", index, "search_terms")
        changes.append(("recommendations.yaml", where, words(terms), f"{terms} search terms"))
    return changes


def accepted(project: Path, data: dict[str, Any], changes: list[Change]) -> tuple[list[Change], list[str]]:
    """The changes `hub check` accepts (in-process): a file's changes together, else each alone on the real
    data; and a note for each refused one. Writes the data with the changes kept into ``project``."""
    kept, notes = [], []
    for file in dict.fromkeys(change[0] for change in changes):
        mine = [change for change in changes if change[0] == file]
        together = not _faults(project, data, mine)
        for change in mine:
            faults = [] if together else _faults(project, data, [change])
            if faults:
                notes.append(f"refused: {file} {format_path(change[1])} ({change[3]}): {faults[0].message[:160]}")
            else:
                kept.append(change)
    faults = _faults(project, data, kept)
    if faults:  # accepted one by one, refused together: say so rather than time a failing build
        raise SystemExit("hub check refuses the worst case's changes together:\n" + "\n".join(map(str, faults[:10])))
    return kept, notes


def _faults(project: Path, data: dict[str, Any], changes: list[Change]) -> list[Fault]:
    """What `hub check` finds in ``data`` with ``changes`` made (written to ``project``)."""
    trial = copy.deepcopy(data)
    for file, path, value, _ in changes:
        functools.reduce(lambda place, part: place[part], path[:-1], trial[file])[path[-1]] = value
    for name, document in trial.items():
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)
        (project / "data" / name).write_text(text, encoding="utf-8")
    try:
        check_hub(project / "data", docs_dir=project / "docs")
    except DataError as error:
        return error.faults
    except Exception as error:  # noqa: BLE001 - a check that crashes refuses the change too; the note names the crash
        return [Fault("(hub check crashed)", None, "", f"{type(error).__name__}: {error}")]
    return []


def measure(work: Path, *, repeats: int, timeout: float) -> tuple[list[Row], list[str]]:
    """The worst case's rows (one a command) and what the worst case changed and could not."""
    normal, worst = (copy_project(ROOT, work / name, publication_texts=True) for name in ("normal", "worst"))
    data = {name: yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8")) for name in models.DATA_FILES}
    changes, refused = accepted(worst, data, worst_case(data))
    megabytes = {p.name: sum(f.stat().st_size for f in (p / "data").glob("*.yaml")) / 1e6 for p in (normal, worst)}
    check = [sys.executable, "-m", "knowledge_hub", "check", "--data", "data"]  # run in the project's folder
    commands: dict[str, Callable[[Path], list[str]]] = {"hub check": lambda _: check, "mkdocs build --strict": build_command}
    runs: dict[tuple[str, str], list[Run]] = {}
    for repeat in range(repeats):  # normal, worst, worst, normal...: a slow spell of the machine hits both
        for project in (normal, worst) if repeat % 2 == 0 else (worst, normal):
            for name, command in commands.items():
                log(f"{name} on the {project.name} data ({repeat + 1}/{repeats})")
                runs.setdefault((name, project.name), []).append(run := timed(command(project), project, timeout=timeout))
                if run.returncode:
                    log(f"exit {run.returncode}: {run.output[-600:]}")
    rows = []
    for name in commands:
        mine = {side: runs[(name, side)] for side in ("normal", "worst")}
        stopped = any(r.seconds is None for side in mine.values() for r in side)  # the ratio is then a bound at best
        failed = [r.returncode for side in mine.values() for r in side if r.returncode]
        median = {side: statistics.median(timeout if r.seconds is None else r.seconds for r in mine[side]) for side in mine}
        peak = {side: max(r.peak_mb for r in mine[side]) for side in mine}
        ratio = median["worst"] / median["normal"]
        value = f"{'> ' if stopped else ''}{ratio:.2f} ({seconds(median['worst'])} ÷ {seconds(median['normal'])}"
        value += f"; peak memory {peak['worst']:.0f} MB, normal {peak['normal']:.0f} MB{f'; exit {failed[0]}' if failed else ''})"
        ok = not stopped and not failed and ratio < TARGET_RATIO and peak["worst"] < TARGET_MB
        metric = f"Worst ÷ normal data, `{name}` (n={repeats}, stopped at {timeout:.0f} s)"
        rows.append(row(metric, value, f"< {TARGET_RATIO:g}×, < {TARGET_MB} MB", ok))
    kept = [f"- {file} {format_path(path)}: {what}" for file, path, _, what in changes]
    sizes = f"{megabytes['worst']:.2f} MB of YAML (normal {megabytes['normal']:.2f} MB)"
    return rows, [f"Worst case: {len(changes)} changes kept; {sizes}", *kept, *(f"- {note}" for note in refused)]
