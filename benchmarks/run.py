"""Measure the hub against plain MkDocs and at 10x and 100x the data; print the tables.

Figures 1-5 are measured here, 7-9 in search_figures.py, the worst case (``--only worst-case``) in
worst_case.py; benchmarks/README.md says how. Everything runs in a temporary folder; progress goes
to stderr, the tables to stdout. ``make bench`` runs this with the defaults.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import math
import os
import pickle
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import worst_case
from common import ENV, ROOT, Row, Run, log, row, seconds, size, table, timed
from generate import describe, generate
from search_figures import gzip_size, record, search_rows

from knowledge_hub import paths
from knowledge_hub.pipeline import DataError, build_site
from knowledge_hub.plain_site import plain_settings, write_plain_pages
from knowledge_hub.site_tools import build_command, copy_project, fetch_text, launch_chromium, mkdocs_serve, serve_site
from knowledge_hub.yaml_source import read_yaml

TWIN_HOOK = """\"\"\"The plain twin's hook: what the theme and every page get from the hub's hooks, without the data layer.\"\"\"

import pickle
from pathlib import Path

from knowledge_hub.sanitise import sanitise_page_html


def on_config(config, **_):
    config.extra.update(pickle.loads((Path(__file__).parent / "extra.pickle").read_bytes()))
    return config


def on_page_content(html, page, **_):
    return sanitise_page_html(html, page.file.src_uri)
"""

SEARCH_OUTPUT = ("search/", "pagefind/")
BUILD_RATIO_LIMIT = 1.25  # figure 1's target on the real data
CAP_FACTOR = 11  # a 100x build still running after 11 x the 10x build time has missed figure 2's target


@dataclass
class Project:
    """A hub project and, but for ``--only search``, its plain twin, for one data set."""

    label: str
    folders: dict[str, Path]
    runs: dict[str, list[Run]] = field(default_factory=lambda: {"hub": [], "plain": [], "unchecked": []})
    capped: set[str] = field(default_factory=set)  # sides stopped at the time cap: their time is the cap, a lower bound

    def median(self, kind: str, what: str = "seconds") -> float:
        return float(statistics.median(getattr(run, what) for run in self.runs[kind]))


def make_plain_project(destination: Path, hub_project: Path) -> Path:
    """The hub's site as plain MkDocs: the pages as files, the project's mkdocs.yml without the data layer (its
    hooks, their ``watch`` and the macros plugin), whose work is done once, into the twin's files. Its one hook
    gives the theme (overrides/) ``config.extra`` as the hub's hooks left it, and every page the sanitiser,
    which re-serialises it: how the site renders, not part of the data layer."""
    config_file = hub_project / "mkdocs.yml"
    written = write_plain_pages(config_file, destination / "docs")
    shutil.copytree(hub_project / "overrides", destination / "overrides")  # the theme's, not the data layer's
    (destination / "hooks").mkdir()
    (destination / "hooks" / "twin.py").write_text(TWIN_HOOK, encoding="utf-8")
    (destination / "hooks" / "extra.pickle").write_bytes(pickle.dumps(written.extra))
    kept = {"keep": lambda key: key not in {"hooks", "watch"}, "keep_plugin": lambda name: name != "macros"}
    settings = plain_settings(config_file, written, **kept, added={"hooks": ["hooks/twin.py"]})
    (destination / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return destination


def prepare(work: Path, scales: list[int], *, twins: bool) -> list[Project]:
    """The real data's project plus one per scale, each hub project with its plain twin if ``twins``."""
    projects = []
    for scale in [1, *scales]:
        label, data_dir = ("real", None) if scale == 1 else (f"{scale}x", work / f"data-{scale}x")
        if data_dir is not None:
            generate(scale, data_dir)
        # The synthetic words are in no publication: without its text the fidelity check compares none.
        hub = copy_project(ROOT, work / f"hub-{label}", data_dir=data_dir, publication_texts=scale == 1)
        folders = {"hub": hub, "plain": make_plain_project(work / f"plain-{label}", hub)} if twins else {"hub": hub}
        log(f"{label}: {describe(hub / 'data')}")
        projects.append(Project(label, folders))
    return projects


def side_command(kind: str, folder: Path) -> list[str]:
    """The build of one side: ``mkdocs build``, or for ``unchecked`` the same through unchecked_build.py."""
    if kind != "unchecked":
        return build_command(folder)
    return build_command(folder, site="site-unchecked", runner=(str(Path(__file__).with_name("unchecked_build.py")),))


def measure_builds(project: Project, repeats: int, cap: float = math.inf, *, unchecked: bool = False) -> None:
    """Hub and plain builds interleaved (alternating which goes first), ``repeats`` times each, and the hub
    without its checks if ``unchecked``; a build still running after ``cap`` seconds is stopped, its side
    not built again."""
    for i in range(repeats):
        kinds = ["hub", "plain", *["unchecked"] * unchecked]
        for kind in kinds if i % 2 == 0 else kinds[::-1]:
            folder = project.folders.get("hub" if kind == "unchecked" else kind)
            if folder is None or kind in project.capped:
                continue
            run = timed(side_command(kind, folder), folder, timeout=cap)
            if run.seconds is None:
                project.capped.add(kind)
                run.seconds = cap
            elif run.returncode:
                raise SystemExit(f"{kind} build failed in {folder}:\n{run.output[-4000:]}")
            project.runs[kind].append(run)
            stopped = " (stopped at the cap)" * (kind in project.capped)
            log(f"{project.label}: {kind} build {seconds(run.seconds or 0)}{stopped}, CPU {seconds(run.cpu)}")


def compare_sites(project: Project) -> int:
    """Stop unless hub and twin wrote the same files, byte for byte, but the search's own (the hub rewrites
    them after the build); return how many. Any other difference means the twin is another site."""
    hub, plain = (project.folders[kind] / "site" for kind in ("hub", "plain"))
    names = {p.relative_to(site).as_posix() for site in (hub, plain) for p in site.rglob("*") if p.is_file()}
    names = {name for name in names if not name.startswith(SEARCH_OUTPUT)}
    _, differ, missing = filecmp.cmpfiles(hub, plain, sorted(names), shallow=False)
    if differ or missing:
        problems = "\n".join([*differ, *(f"{name} (only one has it)" for name in missing)][:40])
        raise SystemExit(f"the plain twin is not the hub's site ({hub} vs {plain}):\n{problems}")
    return len(names)


LOAD = "import sys, time\nfrom pathlib import Path\nfrom knowledge_hub.loader import load_hub\n"
LOAD += "start = time.perf_counter()\nload_hub(Path(sys.argv[1]))\nprint(time.perf_counter() - start)\n"


def measure_load(project: Project, repeats: int) -> list[float]:
    """``load_hub`` on the project's data, each time in a fresh process (as a build sees it), timed after the imports."""
    command = [sys.executable, "-c", LOAD, str(project.folders["hub"] / "data")]
    times = [float(subprocess.run(command, env=ENV, capture_output=True, text=True, check=True).stdout) for _ in range(repeats)]
    log(f"{project.label}: load_hub {', '.join(f'{t:.3f}' for t in times)} s")
    return times


def measure_serve_edit(work: Path, repeats: int) -> list[float]:
    """Save a valid edit of the data (a word added to the label of recommendation 1's first tag, the hub's
    own words); time until ``mkdocs serve`` serves recommendation 1's page with it."""
    project = copy_project(ROOT, work / "serve-real", publication_texts=True)
    recommendation = build_site(project / "data", docs_dir=project / "docs").hub.recommendations[0]
    data_file = project / "data" / "tags.yaml"
    document = read_yaml(data_file, display_name="tags.yaml")
    index = next(i for i, tag in enumerate(document.data["tags"]) if tag["id"] == recommendation.tags[0])
    at, label = document.lines[("tags", index, "label")] - 1, str(document.data["tags"][index]["label"])
    original = data_file.read_text(encoding="utf-8")
    lines = original.split("\n")
    if not lines[at].rstrip().endswith(label):
        raise SystemExit(f"serve benchmark: {data_file}:{at + 1} does not hold the label on one line")
    edits = ["\n".join([*lines[:at], f"{lines[at].rstrip()} Benchedit{i}", *lines[at + 1 :]]) for i in range(repeats)]
    # An edit the check refuses would time the faults shown on the last good site, not a rebuilt page.
    for edited in edits:
        data_file.write_text(edited, encoding="utf-8")
        try:
            build_site(project / "data", docs_dir=project / "docs")
        except DataError as error:
            raise SystemExit(f"serve benchmark: the edit does not pass the check:\n{error}") from None
    data_file.write_text(original, encoding="utf-8")
    times = []
    with mkdocs_serve(project, start_timeout=120) as base:
        time.sleep(1.0)  # let the file watcher settle
        for i, edited in enumerate(edits):
            start = time.perf_counter()
            data_file.write_text(edited, encoding="utf-8")
            while f"Benchedit{i}" not in (fetch_text(base + paths.url(paths.recommendation(recommendation)), timeout=5) or ""):
                if time.perf_counter() - start > 60:
                    raise SystemExit("mkdocs serve did not show the edit within 60 s")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            log(f"serve: edit {i + 1} visible after {times[-1]:.2f} s")
            time.sleep(1.0)
    return times


def transfer_rows(browser: Any, project: Project) -> list[Row]:
    """Figure 5: everything Chromium downloads from the site for the home page, and the search index."""
    site, label, real = project.folders["hub"] / "site", project.label, project.label == "real"
    if not (site / "index.html").is_file():
        return [row(f"5. Home page transfer, {label} data", "not measured (no home page built)")]
    with serve_site(site) as base:
        context = browser.new_context()
        sizes = record(context, base)
        context.new_page().goto(base, wait_until="networkidle")
        time.sleep(0.5)
        context.close()
    loaded = "yes" if sizes.pop(base + "search/search_index.json", None) else "no"
    raw, compressed = sum(s[0] for s in sizes.values()), sum(s[1] for s in sizes.values())
    metric = f"5. Home page transfer, gzip, {label} data{' (partial build)' * ('hub' in project.capped)} ({len(sizes)} files)"
    rows = [row(metric, f"{size(compressed)} ({size(raw)} raw)", "≤ 400 KB" if real else None, compressed <= 400 * 1024)]
    if (site / "search" / "search_index.json").is_file():
        index = (site / "search" / "search_index.json").read_bytes()
        shown = f"{size(len(index))} ({size(gzip_size(index, 'json'))} gzip)"
        metric = f"5. Search index, {label} data (loaded by the home page: {loaded})"
        rows.append(row(metric, shown, "≤ 600 KB" if real else None, len(index) <= 600 * 1024))
    return rows


def build_rows(projects: list[Project]) -> list[Row]:
    """Figures 1 and 2; a build stopped at the cap counts as the cap, a lower bound."""

    def ratio(top: Project, top_kind: str, bottom: Project, bottom_kind: str) -> tuple[float, str]:
        text = " ÷ ".join(f"{'> ' * (k in p.capped)}{seconds(p.median(k))}" for p, k in ((top, top_kind), (bottom, bottom_kind)))
        if top_kind not in top.capped and bottom_kind not in bottom.capped:
            text += f"; CPU time ratio {top.median(top_kind, 'cpu') / bottom.median(bottom_kind, 'cpu'):.2f}"
        return top.median(top_kind) / bottom.median(bottom_kind), text

    rows = []
    for p in projects:
        value, text = ratio(p, "hub", p, "plain")
        metric = f"1. Build time, hub ÷ plain MkDocs, {p.label} data (n={len(p.runs['hub'])})"
        shown = f"{'n/a' if p.capped else f'{value:.2f}'} ({text})"
        rows.append(row(metric, shown, f"≤ {BUILD_RATIO_LIMIT}" if p.label == "real" else None, value <= BUILD_RATIO_LIMIT))
        if p.runs["unchecked"]:
            value, text = ratio(p, "unchecked", p, "plain")
            metric = f"1b. The same without the checks beyond loading and the search finishing (unchecked_build.py, n={len(p.runs['unchecked'])})"
            rows.append(row(metric, f"{value:.2f} ({text})", None, None))
    by_label = {p.label: p for p in projects}
    for kind in ("hub", "plain") if "10x" in by_label and "100x" in by_label else ():
        value, text = ratio(by_label["100x"], kind, by_label["10x"], kind)
        bound = kind in by_label["100x"].capped  # a lower bound can show a miss, never a pass
        shown, ok = f"{'> ' * bound}{value:.1f} ({text})", (False if value >= 11 else None) if bound else value <= 11
        rows.append(row(f"2. Build time, 100x ÷ 10x data, {kind}", shown, "≤ 11" if kind == "hub" else None, ok))
    return rows


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return f"{os.cpu_count()} cores ({cpu[1] if cpu else '?'}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def figures(args: argparse.Namespace, work: Path) -> str:
    """Figures 1-9 (``--only search``: 7-9, the hub built once) as the tables to print."""
    load_at_start, med, alone = load_average(), statistics.median, args.only == "search"
    projects = prepare(work, args.scales, twins=not alone)
    by_label, compared, rows, tables = {p.label: p for p in projects}, {}, [], []
    ends = [projects[0], *projects[1:][-1:]]  # the real data and the largest
    for p in projects:
        cap = args.cap_100x
        if cap is None and p.label == "100x" and "10x" in by_label:
            cap = CAP_FACTOR * by_label["10x"].median("hub")
        repeats = {"real": args.repeats or 5, "100x": args.repeats_100x}.get(p.label, args.repeats_10x)
        measure_builds(p, 1 if alone else repeats, cap or math.inf, unchecked=not alone and p.label == "real")
        if not alone and not p.capped:  # a stopped build left a partial site: nothing to compare
            compared[p.label] = compare_sites(p)
    if not alone:
        for p in ends:
            n = (args.repeats or 5) if p.label == "real" else 1
            times = measure_load(p, n)
            metric = f"3. Load and validate the data (load_hub), {p.label} (n={n})"
            rows.append(row(metric, seconds(med(times)), "< 0.2 s" if p.label == "real" else None, med(times) < 0.2))
        edits = measure_serve_edit(work, 3)
        metric = f"4. YAML edit saved → rebuilt page served (mkdocs serve, real data, n={len(edits)})"
        rows.append(row(metric, f"{seconds(med(edits))} (max {seconds(max(edits))})", "< 2 s", med(edits) < 2))
    with launch_chromium() as browser:
        if not alone:
            rows = build_rows(projects) + rows + [r for p in ends for r in transfer_rows(browser, p)]
            same = ", ".join(f"{label} ({count} files)" for label, count in compared.items())
            tables.append(
                f"{table(rows)}\n\nMeasured {dt.date.today().isoformat()} on {machine()}; load average {load_at_start} at the start, "
                f"{load_average()} at the end.\nHub and plain twin built the same site, byte for byte but the search's files: {same}."
            )
        sites = {p.label: p.folders["hub"] / "site" for p in projects if (p.folders["hub"] / "site" / "search").is_dir()}
        tables.append(table(search_rows(browser, sites, rounds=args.search_rounds), "Search metric"))
    return "\n\n".join(tables)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["search", "worst-case"], help="figures 7-9 alone, or the worst case alone")
    parser.add_argument("--repeats", type=int, help="builds and loads per side on the real data (5); worst case: runs (3)")
    parser.add_argument("--repeats-10x", type=int, default=3, help="builds per side at 10x (3)")
    parser.add_argument("--repeats-100x", type=int, default=3, help="builds per side at 100x (3)")
    parser.add_argument("--cap-100x", type=float, metavar="S", help=f"stop a 100x build after S s; 0: never ({CAP_FACTOR} x 10x)")
    parser.add_argument("--scales", type=int, nargs="*", default=[10, 100], help="synthetic data sizes (10 100)")
    parser.add_argument("--search-rounds", type=int, default=3, help="times each latency query is typed, real data (3)")
    parser.add_argument("--timeout", type=float, default=120, help="worst case: seconds before a run is stopped (120)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print where it is")
    args = parser.parse_args(argv)

    began, work, missed = time.perf_counter(), Path(tempfile.mkdtemp(prefix="hub-bench-")), False
    try:
        if args.only == "worst-case":
            rows, notes = worst_case.measure(work, repeats=args.repeats or 3, timeout=args.timeout)
            output, missed = table(rows) + "\n\n" + "\n".join(notes), any(r[3] == "MISS" for r in rows)
        else:
            output = figures(args, work)
    finally:
        if args.keep:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(output)
    log(f"done in {time.perf_counter() - began:.0f} s")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
