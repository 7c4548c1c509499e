"""Measure the hub against plain MkDocs and at 10x and 100x the data; print one Markdown table.

Everything runs in a temporary folder; benchmarks/README.md says how each figure is measured:

1. build time of the hub / of its plain twin (``knowledge_hub.plain_site``: the same site as plain
   MkDocs, without the data layer); the two sites must be identical but the search's files;
2. the hub's build time at 100x / at 10x the data (``generate.py``);
3. time to load and validate the data (``load_hub``, in a fresh process, after imports);
4. under ``mkdocs serve``: from saving an edit of ``data/recommendations.yaml`` to the page showing it;
5. what headless Chromium downloads for the home page, and the size of the search index;
then the search figures of ``search_figures.py``.

Progress goes to stderr; stdout is only the tables. ``make bench`` runs this with the defaults.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import os
import pickle
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generate import describe, generate
from search_figures import gzip_size, log, measure_rows, rows_table

from knowledge_hub.plain_site import plain_settings, write_plain_pages
from knowledge_hub.site_tools import (
    build_command,
    copy_project,
    fetch_text,
    launch_chromium,
    mkdocs_environment,
    mkdocs_serve,
    serve_site,
)
from knowledge_hub.yaml_source import read_yaml

ROOT = Path(__file__).resolve().parents[1]
ENV = mkdocs_environment({"SOURCE_DATE_EPOCH": str(int(time.time()))})
"""One build date for every build (the sitemap's dates and its gzip header), so the two sites can be compared."""

# --- projects ------------------------------------------------------------------------------------


@dataclass
class Project:
    """A hub project and its plain twin, for one data set."""

    label: str
    hub_dir: Path
    plain_dir: Path
    wall: dict[str, list[float]] = field(default_factory=lambda: {"hub": [], "plain": []})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {"hub": [], "plain": []})
    capped: set[str] = field(default_factory=set)  # sides whose build was stopped at the time cap

    def folder(self, kind: str) -> Path:
        return self.hub_dir if kind == "hub" else self.plain_dir


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
"""The twin's one hook. Its theme (overrides/) reads values the hub's hooks put in ``config.extra``:
the twin gets them as the hooks left them. The sanitiser re-serialises every page, which is how
the site renders, not part of the data layer."""

DATA_LAYER = {"keys": {"hooks", "watch"}, "plugins": {"macros"}}
"""What the twin goes without: its work is done once, into the twin's files."""


def make_plain_project(destination: Path, hub_project: Path) -> Path:
    """The hub's site as plain MkDocs: the project's mkdocs.yml but the data layer, the pages as files."""
    config_file = hub_project / "mkdocs.yml"
    written = write_plain_pages(config_file, destination / "docs")
    shutil.copytree(hub_project / "overrides", destination / "overrides")  # the theme's, not the data layer's
    (destination / "hooks").mkdir()
    (destination / "hooks" / "twin.py").write_text(TWIN_HOOK, encoding="utf-8")
    (destination / "hooks" / "extra.pickle").write_bytes(pickle.dumps(written.extra))
    settings = plain_settings(
        config_file,
        written,
        keep=lambda key: key not in DATA_LAYER["keys"],
        keep_plugin=lambda name: name not in DATA_LAYER["plugins"],
        added={"hooks": ["hooks/twin.py"]},
    )
    (destination / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return destination


SEARCH_OUTPUT = ("search/", "pagefind/")
"""Where the search writes (Material's plugin, then the hub's post-build step): not compared."""


def compare_sites(hub_site: Path, plain_site: Path) -> int:
    """Stop unless both builds wrote the same files, byte for byte, but the search's own; return how many.

    After the build the hub rewrites the search index, writes the words file of the search box and,
    past lunr's budget, Pagefind's files: any other difference means the twin is another site.
    """

    def files(site: Path) -> set[str]:
        paths = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        return {path for path in paths if not path.startswith(SEARCH_OUTPUT)}

    hub_files, plain_files = files(hub_site), files(plain_site)
    problems = [f"only in the hub's site: {path}" for path in sorted(hub_files - plain_files)]
    problems += [f"only in the plain twin's site: {path}" for path in sorted(plain_files - hub_files)]
    problems += [
        f"differs: {path}"
        for path in sorted(hub_files & plain_files)
        if (hub_site / path).read_bytes() != (plain_site / path).read_bytes()
    ]
    if problems:
        raise SystemExit(f"the plain twin is not the hub's site ({hub_site} vs {plain_site}):\n" + "\n".join(problems[:40]))
    return len(hub_files)


def prepare(work: Path, scales: list[int]) -> list[Project]:
    """Real-data projects plus one per scale, each hub project with its plain twin."""
    projects = []
    for scale in [1, *scales]:
        label = "real" if scale == 1 else f"{scale}x"
        data_dir = None
        if scale != 1:
            data_dir = work / f"data-{label}"
            log(f"generating {label} data")
            generate(scale, data_dir)
        hub_dir = copy_project(ROOT, work / f"hub-{label}", data_dir=data_dir, publication_texts=True)
        plain_dir = make_plain_project(work / f"plain-{label}", hub_dir)
        log(f"{label}: {describe(hub_dir / 'data')}")
        projects.append(Project(label, hub_dir, plain_dir))
    return projects


# --- measurements --------------------------------------------------------------------------------


def run_timed(command: list[str], cwd: Path, timeout: float | None = None) -> tuple[float, float] | None:
    """(wall, CPU) seconds of ``command``; None when it was stopped after ``timeout`` seconds.

    CPU time (user + system, of the command and its children) is less disturbed than wall time
    when other work shares the machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stderr[-4000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_builds(project: Project, repeats: int, cap: float | None = None) -> None:
    """Hub and plain builds interleaved (alternating which goes first), ``repeats`` times each.

    A build still running after ``cap`` seconds is stopped: its side records the cap as a lower
    bound (``project.capped``) and is not run again.
    """
    for i in range(repeats):
        for kind in ("hub", "plain") if i % 2 == 0 else ("plain", "hub"):
            if kind in project.capped:
                continue
            measured = run_timed(build_command(project.folder(kind)), project.folder(kind), timeout=cap)
            if measured is None:
                assert cap is not None
                project.capped.add(kind)
                project.wall[kind].append(cap)
                log(f"{project.label}: {kind} build stopped after {cap:.0f} s (the cap)")
            else:
                project.wall[kind].append(measured[0])
                project.cpu[kind].append(measured[1])
                log(f"{project.label}: {kind} build {measured[0]:.2f} s (CPU {measured[1]:.2f} s)")


_LOAD_SNIPPET = """
import time
from pathlib import Path
from knowledge_hub.loader import load_hub
start = time.perf_counter()
load_hub(Path({data!r}))
print(time.perf_counter() - start)
"""


def measure_load(project: Project, repeats: int) -> list[float]:
    """``load_hub`` on the project's data, each time in a fresh process (as a build sees it)."""
    code = _LOAD_SNIPPET.format(data=str(project.hub_dir / "data"))
    times = []
    for _ in range(repeats):
        result = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True, check=True)
        times.append(float(result.stdout.strip().splitlines()[-1]))
    log(f"{project.label}: load_hub {', '.join(f'{t:.3f}' for t in times)} s")
    return times


def measure_serve_edit(work: Path, repeats: int) -> list[float]:
    """Save an edit of a recommendation's title; time until ``mkdocs serve`` serves the page with it."""
    project = copy_project(ROOT, work / "serve-real", publication_texts=True)
    data_file = project / "data" / "recommendations.yaml"
    document = read_yaml(data_file, display_name="recommendations.yaml")
    recommendation = document.data["recommendations"][0]
    line_index = document.lines[("recommendations", 0, "title")] - 1
    lines = data_file.read_text(encoding="utf-8").split("\n")
    original = lines[line_index]
    if not original.rstrip().endswith(str(recommendation["title"])):
        raise SystemExit(f"serve benchmark: {data_file}:{line_index + 1} does not hold the title on one line")
    times = []
    with mkdocs_serve(project, start_timeout=120) as base:
        url = f"{base}recommendations/{recommendation['slug']}/"
        time.sleep(1.0)  # let the file watcher settle
        for i in range(repeats):
            marker = f"Benchedit{i}"
            lines[line_index] = original.rstrip() + f" {marker}"
            start = time.perf_counter()
            data_file.write_text("\n".join(lines), encoding="utf-8")
            while marker not in (fetch_text(url, timeout=5) or ""):
                if time.perf_counter() - start > 60:
                    raise SystemExit("mkdocs serve did not show the edit within 60 s")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            log(f"serve: edit {i + 1} visible after {times[-1]:.2f} s")
            time.sleep(1.0)
    return times


@dataclass
class Transfer:
    raw: int
    gzip: int
    files: int
    index_raw: int | None  # None: the (stopped) build wrote no search index
    index_gzip: int | None
    index_loaded: bool


def measure_transfer(browser: Any, site: Path) -> Transfer:
    """Everything Chromium downloads from the site for the home page (search index apart)."""
    bodies: dict[str, tuple[bytes, str]] = {}
    with serve_site(site) as base:
        context = browser.new_context()

        def keep(response: Any) -> None:
            if response.url.startswith(base) and response.status == 200:
                with contextlib.suppress(Exception):
                    bodies[response.url] = (response.body(), response.headers.get("content-type", ""))

        context.on("response", keep)
        page = context.new_page()
        page.goto(base, wait_until="networkidle")
        page.wait_for_timeout(500)
        context.close()
    index_loaded = bodies.pop(base + "search/search_index.json", None) is not None
    raw = sum(len(body) for body, _ in bodies.values())
    compressed = sum(gzip_size(body, kind) for body, kind in bodies.values())
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        return Transfer(raw, compressed, len(bodies), None, None, index_loaded)
    index = index_file.read_bytes()
    return Transfer(raw, compressed, len(bodies), len(index), len(gzip.compress(index, 6)), index_loaded)


# --- report --------------------------------------------------------------------------------------


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"


def size(value: int) -> str:
    return f"{value / 1024:,.0f} KB" if value < 10 * 1024 * 1024 else f"{value / 1024 / 1024:,.1f} MB"


def verdict(value: float, limit: float | None, *, strict: bool = False) -> str:
    if limit is None:
        return "—"
    return "OK" if (value < limit if strict else value <= limit) else "MISS"


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


LOAD_AT_START = load_average()


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


CAP_FACTOR = 1.0
"""By default a 100x build is stopped once it has taken 11 x the 10x build time: it has missed the target."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="builds and loads per side on the real data (default 5)")
    parser.add_argument("--repeats-10x", type=int, default=3, help="builds per side at 10x (default 3)")
    parser.add_argument("--repeats-100x", type=int, default=3, help="builds per side at 100x (default 3)")
    parser.add_argument(
        "--cap-100x",
        type=float,
        default=None,
        metavar="SECONDS",
        help=f"stop a 100x build after this long; 0: let it finish (default: {CAP_FACTOR} x 11 x the 10x build time)",
    )
    parser.add_argument("--search-rounds", type=int, default=3, help="times each latency query is typed (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print where it is")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    try:
        projects = prepare(work, [10, 100])
        real, ten, hundred = projects
        compared = {}
        measure_builds(real, args.repeats)
        compared[real.label] = compare_sites(real.hub_dir / "site", real.plain_dir / "site")
        measure_builds(ten, args.repeats_10x)
        compared[ten.label] = compare_sites(ten.hub_dir / "site", ten.plain_dir / "site")
        cap = args.cap_100x if args.cap_100x is not None else CAP_FACTOR * 11 * statistics.median(ten.wall["hub"])
        measure_builds(hundred, args.repeats_100x, cap=cap or None)
        if not hundred.capped:  # a stopped build left a partial site: nothing to compare
            compared[hundred.label] = compare_sites(hundred.hub_dir / "site", hundred.plain_dir / "site")
        log("same site, hub and plain twin: " + ", ".join(f"{label} ({count} files)" for label, count in compared.items()))
        loads = {"real": measure_load(real, args.repeats), "100x": measure_load(hundred, 1)}
        serve_times = measure_serve_edit(work, 3)
        with launch_chromium() as browser:
            transfers = {
                project.label: measure_transfer(browser, project.hub_dir / "site")
                for project in (real, hundred)
                if (project.hub_dir / "site" / "index.html").is_file()
            }
            built = {
                project.label: project.hub_dir / "site" for project in projects if (project.hub_dir / "site" / "search").is_dir()
            }
            search_rows = measure_rows(browser, built, rounds=args.search_rounds)
        table = report(projects, loads, serve_times, transfers, compared) + "\n\n" + rows_table(search_rows)
    finally:
        if args.keep:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table)
    log(f"done in {time.perf_counter() - began:.0f} s")
    return 0


def report(
    projects: list[Project],
    loads: dict[str, list[float]],
    serve_times: list[float],
    transfers: dict[str, Transfer],
    compared: dict[str, int],
) -> str:
    med = statistics.median
    real, ten, hundred = projects
    rows: list[tuple[str, str, str, str]] = []

    def build_time(project: Project, kind: str) -> tuple[float, str]:
        value = med(project.wall[kind])
        return value, (f"> {seconds(value)} (stopped)" if kind in project.capped else seconds(value))

    def cpu_ratio(top: Project, top_kind: str, bottom: Project, bottom_kind: str) -> str:
        if top.cpu[top_kind] and bottom.cpu[bottom_kind] and top_kind not in top.capped:
            return f"; CPU time ratio {med(top.cpu[top_kind]) / med(bottom.cpu[bottom_kind]):.2f}"
        return ""

    def row(metric: str, value: str, target: str = "—", result: str = "—") -> None:
        rows.append((metric, value, target, result))

    for project in projects:
        (hub, hub_text), (plain, plain_text) = build_time(project, "hub"), build_time(project, "plain")
        ratio = "n/a" if project.capped else f"{hub / plain:.2f}"
        value = f"{ratio} ({hub_text} ÷ {plain_text}{cpu_ratio(project, 'hub', project, 'plain')})"
        metric = f"1. Build time, hub ÷ plain MkDocs, {project.label} data (n={len(project.wall['hub'])})"
        if project is real:
            row(metric, value, "≤ 1.2", "—" if project.capped else verdict(hub / plain, 1.2))
        else:
            row(metric, value)
    for kind in ("hub", "plain"):
        (big, big_text), (small, small_text) = build_time(hundred, kind), build_time(ten, kind)
        value = f"{'> ' if kind in hundred.capped else ''}{big / small:.1f} ({big_text} ÷ {small_text}{cpu_ratio(hundred, kind, ten, kind)})"
        if kind == "plain":
            row("2. Build time, 100x ÷ 10x data, plain", value)
        elif kind in hundred.capped:  # the ratio is a lower bound: it can only show a miss
            row("2. Build time, 100x ÷ 10x data, hub", value, "≤ 11", "MISS" if big / small >= 11 else "unknown (cap too low)")
        else:
            row("2. Build time, 100x ÷ 10x data, hub", value, "≤ 11", verdict(big / small, 11))
    for label, times in loads.items():
        metric, value = f"3. Load and validate the data (load_hub), {label} (n={len(times)})", seconds(med(times))
        if label == "real":
            row(metric, value, "< 0.2 s", verdict(med(times), 0.2, strict=True))
        else:
            row(metric, value)
    row(
        f"4. YAML edit saved → rebuilt page served (mkdocs serve, real data, n={len(serve_times)})",
        f"{seconds(med(serve_times))} (max {seconds(max(serve_times))})",
        "< 2 s",
        verdict(med(serve_times), 2.0, strict=True),
    )
    for project in (real, hundred):
        transfer, is_real = transfers.get(project.label), project is real
        if transfer is None:
            row(f"5. Home page transfer, {project.label} data", "not measured (no home page built)")
            continue
        partial = " (partial build)" if "hub" in project.capped else ""
        row(
            f"5. Home page transfer, gzip, {project.label} data{partial} ({transfer.files} files)",
            f"{size(transfer.gzip)} ({size(transfer.raw)} raw)",
            "≤ 400 KB" if is_real else "—",
            verdict(transfer.gzip, 400 * 1024 if is_real else None),
        )
        if transfer.index_raw is None or transfer.index_gzip is None:
            row(f"5. Search index, {project.label} data", "not measured (the stopped build wrote none)")
            continue
        row(
            f"5. Search index, {project.label} data (loaded by the home page: {'yes' if transfer.index_loaded else 'no'})",
            f"{size(transfer.index_raw)} ({size(transfer.index_gzip)} gzip)",
            "≤ 600 KB" if is_real else "—",
            verdict(transfer.index_raw, 600 * 1024 if is_real else None),
        )
    lines = ["| Metric | Value (median) | Target | Result |", "|---|---|---|---|", *(f"| {' | '.join(r)} |" for r in rows), ""]
    lines.append(
        f"Measured {dt.date.today().isoformat()} on {machine()}; load average {LOAD_AT_START} at the start, {load_average()} at the end."
    )
    same = ", ".join(f"{label} ({count} files)" for label, count in compared.items())
    lines.append(f"Hub and plain twin built the same site, byte for byte but the search index: {same}.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
