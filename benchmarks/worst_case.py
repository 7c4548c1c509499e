"""Time `hub check` and `mkdocs build --strict` on a worst-case data set beside the real data.

The worst case is a copy of the real data where, for each kind of text field (one per file and
field), the first such field is as long as the data rules allow (``models.MAX_LINE`` or
``MAX_TEXT``) and filled with what is slowest to parse: a run of ``[`` or a line of ``{``, by
turns; and data/search.yaml and every recommendation's ``search_terms`` at the caps the models set.
Where the check refuses a worst-case field, that field gets its own text back and the refusal is
listed: a cap in the data rules is a fine answer.

The two data sets are then checked and built alternately (normal, worst, worst, normal...), each run
with a time limit, and the script prints the medians, the ratio and the peak memory of each run
(``/usr/bin/time``). A run over the limit prints "over N s" instead of waiting.

    .venv/bin/python benchmarks/worst_case.py                  # 3 repeats, 120 s per run
    .venv/bin/python benchmarks/worst_case.py --repeats 1 --timeout 60 --keep
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from knowledge_hub import loader, models
from knowledge_hub.faults import DataError, Fault
from knowledge_hub.pipeline import check_hub
from knowledge_hub.site_tools import build_command, copy_project, mkdocs_environment
from knowledge_hub.text_rules import LINE_RULES

ROOT = Path(__file__).resolve().parents[1]
TIME = Path("/usr/bin/time")

TARGET_RATIO = 3.0
TARGET_MB = 300


# --- the worst-case data ---------------------------------------------------------------------------


def text_fields(model: type[BaseModel]) -> Iterator[tuple[tuple[str, ...], str]]:
    """``(field names from the file's top, kind)``: "line" for a one-line field, else "plain" or "markdown"."""
    for names, rules in loader.text_fields(model):
        yield names, "line" if rules is LINE_RULES else rules.kind


def first_place(value: Any, names: tuple[str, ...], path: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """The first place in parsed YAML where the field ``names`` holds text."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = first_place(item, names, (*path, index))
            if found is not None:
                return found
        return None
    if not names:
        return path if isinstance(value, str) else None
    if isinstance(value, dict) and names[0] in value:
        return first_place(value[names[0]], names[1:], (*path, names[0]))
    return None


def _set(document: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        document = document[part]
    document[path[-1]] = value


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def brackets(length: int) -> str:
    return "[" * (length - 1) + "."


def brace_line(length: int) -> str:
    return "{" * (length - 1) + "."


def word(index: int, length: int) -> str:
    """A distinct word of letters only, ``length`` long."""
    letters = ""
    while True:
        letters = chr(ord("a") + index % 26) + letters
        index //= 26
        if not index:
            break
    return ("zq" + letters + "x" * length)[:length]


@dataclass
class Change:
    file: str
    path: tuple[Any, ...]
    original: Any
    what: str


def worst_case(data: dict[str, Any]) -> list[Change]:
    """Make ``data`` (parsed YAML of every file) the worst case, in place; return what changed."""
    max_text, max_line = models.MAX_TEXT, models.MAX_LINE
    changes: list[Change] = []
    turn = 0
    for file_name, model in models.DATA_FILES.items():
        for names, kind in text_fields(model):
            if file_name == "search.yaml" or names[-1] == "search_terms":
                continue  # at the caps below
            path = first_place(data[file_name], names)
            if path is None:
                continue
            original = _get(data[file_name], path)
            limit = max_line if kind == "line" else max_text
            room = limit - len(original) - 1  # the field's own text stays: its markers and words keep other rules met
            fill, what = (brackets(room), "a run of [") if turn % 2 == 0 else (brace_line(room), "a line of {")
            turn += 1
            changes.append(Change(file_name, path, original, f"{kind} at {limit:,} characters: its text, then {what}"))
            _set(data[file_name], path, f"{original} {fill}")
    length = models.MAX_SEARCH_WORD_LENGTH
    group, total = models.MAX_VARIANT_GROUP_WORDS, models.MAX_VARIANT_WORDS
    search = data["search.yaml"]
    used = sum(len(g["words"]) for g in search.get("variants", []))
    groups = [{"words": [word(n, length) for n in range(group)]}]
    counter = group
    while used + sum(len(g["words"]) for g in groups) + group <= total:
        groups.append({"words": [word(counter + n, length) for n in range(group)]})
        counter += group
    changes.append(
        Change("search.yaml", ("variants",), list(search.get("variants", [])), f"{len(groups)} variant groups of {group:,} words")
    )
    search["variants"] = [*search.get("variants", []), *groups]
    stop = models.MAX_STOP_WORDS
    changes.append(Change("search.yaml", ("stop_words",), list(search.get("stop_words", [])), f"{stop:,} stop words"))
    search["stop_words"] = [word(10**6 + n, length) for n in range(stop)]
    if search.get("boosts"):
        boost = models.MAX_BOOST_WORDS
        changes.append(Change("search.yaml", ("boosts", 0, "words"), search["boosts"][0]["words"], f"{boost:,} boost words"))
        search["boosts"][0]["words"] = [word(2 * 10**6 + n, length) for n in range(boost)]
    terms = models.MAX_SEARCH_TERMS
    for index, recommendation in enumerate(data["recommendations.yaml"]["recommendations"]):
        path = ("recommendations", index, "search_terms")
        changes.append(Change("recommendations.yaml", path, recommendation.get("search_terms", []), f"{terms} search terms"))
        recommendation["search_terms"] = [word(3 * 10**6 + index * 10_000 + n, length) for n in range(terms)]
    return changes


def write_data(data_dir: Path, data: dict[str, Any]) -> None:
    for name, document in data.items():
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)
        (data_dir / name).write_text(text, encoding="utf-8")


# --- running and timing ----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float | None  # None: over the time limit
    peak_mb: float | None
    returncode: int | None
    output: str


def run(command: list[str], cwd: Path, timeout: float) -> Run:
    """Run ``command`` with a time limit, measuring wall time and the peak memory of the process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [str(TIME), "-f", "%M", "-o", rss.name, *command] if TIME.exists() else command
        start = time.perf_counter()
        process = subprocess.Popen(
            wrapped,
            cwd=cwd,
            env=mkdocs_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop_children(process.pid)  # /usr/bin/time itself lives on to write the peak so far
            try:
                output, _ = process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                output, _ = process.communicate()
            return Run(None, _peak_mb(rss.read()), None, output)
        except BaseException:  # interrupted: the run has its own session, so stop it too
            os.killpg(process.pid, signal.SIGKILL)
            raise
        seconds = time.perf_counter() - start
        return Run(seconds, _peak_mb(rss.read()), process.returncode, output)


def _peak_mb(time_output: str) -> float | None:
    """The peak resident memory that ``/usr/bin/time -f %M`` wrote (its last line, in kilobytes)."""
    lines = time_output.strip().splitlines()
    return int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None


def _stop_children(group: int) -> None:
    """Kill every process of the run's group but its leader (``/usr/bin/time``, or the command itself)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group and int(stat.parent.name) != group:  # fields: state, ppid, pgrp...
            members.append(int(stat.parent.name))
    if not members:
        os.killpg(group, signal.SIGKILL)
    for pid in members:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def check_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "knowledge_hub", "check", "--data", str(project / "data")]


def give_back_refused(project: Path, data: dict[str, Any], changes: list[Change]) -> list[str]:
    """Keep the changes `hub check` accepts (in-process): a file's changes together, else each alone on
    the real data; a refused change gets its own text back and is listed. Writes the data kept."""
    real = copy.deepcopy(data)
    for change in changes:
        _set(real[change.file], change.path, change.original)
    notes = []
    for file_name in dict.fromkeys(c.file for c in changes):
        mine = [c for c in changes if c.file == file_name]
        if not _faults(project, real, data, mine):
            continue
        for change in mine:
            faults = _faults(project, real, data, [change])
            if faults:
                _set(data[file_name], change.path, change.original)
                changes.remove(change)
                notes.append(f"refused: {file_name} {_format(change.path)} ({change.what}): {faults[0].message[:160]}")
    faults = _faults(project, real, data, changes)
    if faults:  # changes accepted one by one, refused together: say so rather than time a failing build
        raise SystemExit("hub check refuses the worst case's changes together:\n" + "\n".join(map(str, faults[:10])))
    return notes


def _faults(project: Path, real: dict[str, Any], worst: dict[str, Any], changes: list[Change]) -> list[Fault]:
    """What `hub check` finds in the real data with ``changes`` made as in ``worst`` (written to ``project``)."""
    trial = copy.deepcopy(real)
    for change in changes:
        _set(trial[change.file], change.path, _get(worst[change.file], change.path))
    write_data(project / "data", trial)
    try:
        check_hub(project / "data", docs_dir=project / "docs")
    except DataError as error:
        return error.faults
    except Exception as error:  # noqa: BLE001 - a check that crashes refuses the change too; the note names the crash
        return [Fault("(hub check crashed)", None, "", f"{type(error).__name__}: {error}")]
    return []


def _format(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _peak(runs: list[Run]) -> str:
    peaks = [r.peak_mb for r in runs if r.peak_mb is not None]
    if not peaks:
        return "n/a"
    stopped = any(r.seconds is None for r in runs)
    return f"{'≥ ' if stopped else ''}{max(peaks):.0f} MB"


def _shown(runs: list[Run], timeout: float) -> tuple[str, float | None]:
    times = [r.seconds for r in runs]
    if any(t is None for t in times):
        return f"over {timeout:.0f} s", None
    median = statistics.median(t for t in times if t is not None)
    return f"{median:.2f} s", median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each command on each data set (default 3)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a run is stopped (default 120)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="hub-worst-case-"))
    try:
        normal, worst = (copy_project(ROOT, work / name, publication_texts=True) for name in ("normal", "worst"))
        data = {name: yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8")) for name in models.DATA_FILES}
        changes = worst_case(data)
        notes = give_back_refused(worst, data, changes)
        size = sum(p.stat().st_size for p in (worst / "data").glob("*.yaml"))
        normal_size = sum(p.stat().st_size for p in (normal / "data").glob("*.yaml"))

        results: dict[tuple[str, str], list[Run]] = {}
        for repeat in range(args.repeats):  # normal, worst, worst, normal...: a slow spell of the machine hits both
            for project in (normal, worst) if repeat % 2 == 0 else (worst, normal):
                for command_name, command in (("hub check", check_command), ("mkdocs build --strict", build_command)):
                    key = (command_name, project.name)
                    print(f"{command_name} on {project.name} ({repeat + 1}/{args.repeats})...", file=sys.stderr)
                    outcome = run(command(project), project, args.timeout)
                    results.setdefault(key, []).append(outcome)
                    if outcome.seconds is not None and outcome.returncode != 0:
                        print(f"  exit {outcome.returncode}: {outcome.output[-600:]}", file=sys.stderr)

        print(
            f"\nWorst case: {len(changes)} worst-case fields kept; data {size / 1e6:.2f} MB (normal {normal_size / 1e6:.2f} MB)"
        )
        for change in changes:
            print(f"  {change.file} {_format(change.path)}: {change.what}")
        for note in notes:
            print(f"  {note}")
        print(
            f"\n| Command | Normal | Worst case | Worst ÷ normal | Peak memory (normal / worst) | Targets: < {TARGET_RATIO:g}×, < {TARGET_MB} MB |"
        )
        print("|---|---|---|---|---|---|")
        missed = False
        for command_name in ("hub check", "mkdocs build --strict"):
            normal_runs, worst_runs = results[(command_name, "normal")], results[(command_name, "worst")]
            shown_normal, median_normal = _shown(normal_runs, args.timeout)
            shown_worst, median_worst = _shown(worst_runs, args.timeout)
            if median_normal and median_worst:
                ratio = median_worst / median_normal
                ratio_shown = f"{ratio:.2f}"
            else:
                ratio, ratio_shown = float("inf"), f"> {args.timeout / (median_normal or 1):.1f}"
            peaks = [r.peak_mb for r in worst_runs if r.peak_mb is not None]
            failed = [r.returncode for r in worst_runs + normal_runs if r.returncode not in (0, None)]
            # A run that failed timed something else than the command's work: no target is met by it.
            met = not failed and ratio < TARGET_RATIO and bool(peaks) and max(peaks) < TARGET_MB
            missed |= not met
            exits = f" (exit {failed[0]})" if failed else ""
            print(
                f"| `{command_name}` | {shown_normal} | {shown_worst}{exits} | {ratio_shown} | "
                f"{_peak(normal_runs)} / {_peak(worst_runs)} | {'met' if met else 'missed'} |"
            )
        print(f"\n{args.repeats} runs of each, alternating; medians; time limit {args.timeout:.0f} s per run.")
        if args.keep:
            print(f"Kept: {work}")
        return 1 if missed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
