"""Measure the hub against plain MkDocs and at 10x and 100x the data; print one Markdown table.

Everything runs in a temporary folder, side by side in one run:

1. build time of the hub (``mkdocs build --strict``) / build time of a *plain* MkDocs project that
   holds every page as the Markdown converter receives it in the hub's build (the project's
   hooks and mkdocs-macros run once, through MkDocs' own config loader and events, to write it),
   the same theme, nav, Markdown extensions and search, but no hooks, no macros plugin and no
   data layer; the two built sites must be identical but the search index, or the run stops;
2. hub build time at 100x / at 10x the data (``generate.py``);
3. time to load and validate the data (``load_hub``, in a fresh process, after imports);
4. under ``mkdocs serve``: time from saving an edit of ``data/recommendations.yaml`` to the
   rebuilt page showing it over HTTP;
5. bytes that headless Chromium downloads for the home page (HTML and every same-site asset it
   loads), raw and gzip-compressed, and the size of ``search/search_index.json``;
6. time from the last keystroke of a query in Material's search box to the results list changing.

Progress goes to stderr; stdout is only the table. ``make bench`` runs this with the defaults.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import search_figures

from knowledge_hub.loader import load_hub

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "data", "overrides", "sources")
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"  # `make bench` sets the one it found
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SEARCH_QUERIES = (
    "harassment",
    "survivor",
    "bystander",
    "training",
    "leadership",
    "investigation",
    "code of conduct",
    "gender parity",
)
TEXT_TYPES = ("text/", "javascript", "json", "svg", "xml")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(time.time()))}
"""One build date for every build (the sitemap's dates and its gzip header), so the two sites can be compared."""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


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

    def hub_command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "mkdocs", *args]


def make_hub_project(destination: Path, data_dir: Path | None = None) -> Path:
    """A copy of the project (data from ``data_dir`` if given) that builds like the real one."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if part == "data" and data_dir is not None:
            source = data_dir
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    # mkdocs.yml watches the package folder: it must exist (imports still use the installed package).
    (destination / "knowledge_hub").symlink_to(ROOT / "knowledge_hub", target_is_directory=True)
    return destination


TWIN_HOOK = "sanitise.py"
"""The twin's only hook (see ``make_plain_project``)."""

DATA_LAYER_PLUGINS = frozenset({"macros"})
"""Plugins the plain twin goes without (with the hooks): their work is done once, into its files."""


def make_plain_project(destination: Path, hub_project: Path) -> Path:
    """The same site as plain MkDocs: every page as the Markdown converter receives it, as a file.

    MkDocs' own config loader reads the project's ``mkdocs.yml`` (its ``!ENV`` tags included), and
    the project's hooks and plugins run through MkDocs' events as in a build: ``on_config``,
    ``on_files``, ``on_nav`` and each page's ``on_page_markdown`` (where mkdocs-macros expands the
    hand-written pages' macros). What comes out -- every page's Markdown with its front matter, and
    every other generated file -- is written under ``docs/``. The plain ``mkdocs.yml`` is the
    project's own, node for node (tags kept for MkDocs to resolve), without ``hooks``, ``watch`` and
    the data layer's plugins; its ``nav`` is the one the hook set.
    """
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    config = load_config(str(hub_project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)

    docs = destination / "docs"
    shutil.copytree(hub_project / "docs", docs)
    if (hub_project / "overrides").is_dir():  # the theme's templates: part of the site, not of the data layer
        shutil.copytree(hub_project / "overrides", destination / "overrides")
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        markdown = config.plugins.on_page_markdown(page.markdown or "", page=page, config=config, files=files)
        front_matter = f"---\n{yaml.safe_dump(page.meta, sort_keys=False, allow_unicode=True)}---\n\n" if page.meta else ""
        (docs / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / file.src_uri).write_text(front_matter + (markdown or ""), encoding="utf-8")
    for file in files:
        if file.generated_by and not file.is_documentation_page():
            (docs / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / file.src_uri).write_bytes(file.content_bytes)
    # The one hook the twin keeps: every page's HTML goes through the hub's sanitiser, which is
    # part of how the site renders (it re-serialises each page), not of the data layer.
    (destination / "hooks").mkdir()
    (destination / "hooks" / TWIN_HOOK).write_text(
        '"""Every page through the hub\'s HTML sanitiser, as in the hub\'s build."""\n\n'
        "from knowledge_hub.sanitise import sanitise_page_html\n\n\n"
        "def on_page_content(html: str, page: object, **_: object) -> str:\n"
        "    return sanitise_page_html(html, page.file.src_uri)  # type: ignore[attr-defined]\n",
        encoding="utf-8",
    )
    assert nav is not None
    hidden = sorted(f.src_uri for f in files.documentation_pages() if f.inclusion == InclusionLevel.NOT_IN_NAV)
    settings = _plain_settings(hub_project / "mkdocs.yml", nav=config.nav, not_in_nav=hidden)
    (destination / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return destination


def _plain_settings(hub_settings: Path, *, nav: Any, not_in_nav: list[str]) -> str:
    """The project's mkdocs.yml as YAML nodes (so tags stay unresolved), less the data layer; plus nav."""
    root = yaml.compose(hub_settings.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)
    kept = []
    for key, value in root.value:
        if key.value in {"hooks", "watch", "nav", "not_in_nav"}:
            continue
        if key.value == "plugins":
            value.value = [entry for entry in value.value if _plugin_name(entry) not in DATA_LAYER_PLUGINS]
        kept.append((key, value))
    added: dict[str, Any] = {"hooks": [f"hooks/{TWIN_HOOK}"], "nav": nav}
    if not_in_nav:  # pages the hook keeps out of a large section's nav
        added["not_in_nav"] = "\n".join(f"/{path}" for path in not_in_nav)
    extra = yaml.compose(yaml.safe_dump(added, sort_keys=False, allow_unicode=True), Loader=yaml.SafeLoader)
    assert extra is not None  # a dump of a non-empty mapping composes to a mapping node
    root.value = kept + extra.value
    return yaml.serialize(root, allow_unicode=True)


def _plugin_name(entry: yaml.Node) -> str:
    if isinstance(entry, yaml.MappingNode):
        return str(entry.value[0][0].value)
    return str(entry.value)


SEARCH_OUTPUT = ("search/", "pagefind/")
"""Where the search writes (Material's plugin, then the hub's post-build step): not compared."""


def compare_sites(hub_site: Path, plain_site: Path) -> int:
    """Abort unless both builds wrote the same files, byte for byte, but the search's own.

    After the build (``on_post_build``) the hub rewrites the search index, writes the words the
    search box needs (``search/hub-search-terms.js``) and, past lunr's budget, Pagefind's files
    (``pagefind/``); every other difference would mean the twin is not the same site and the
    build-time ratio compares two things.
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
            generate.generate(scale, data_dir)
        hub_dir = make_hub_project(work / f"hub-{label}", data_dir)
        plain_dir = make_plain_project(work / f"plain-{label}", hub_dir)
        log(f"{label}: {generate.counts_of(load_hub(hub_dir / 'data'), hub_dir / 'data').line()}")
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
        order = [("hub", project.hub_dir), ("plain", project.plain_dir)]
        for kind, folder in order if i % 2 == 0 else order[::-1]:
            if kind in project.capped:
                continue
            command = (
                project.hub_command("build", "--strict")
                if kind == "hub"
                else [sys.executable, "-m", "mkdocs", "build", "--strict"]
            )
            measured = run_timed(command, folder, timeout=cap)
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
import sys, time
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def measure_serve_edit(work: Path, repeats: int) -> list[float]:
    """Save an edit of a recommendation's title; time until ``mkdocs serve`` serves the page with it."""
    from knowledge_hub.yaml_source import read_yaml

    project = make_hub_project(work / "serve-real")
    data_file = project / "data" / "recommendations.yaml"
    document = read_yaml(data_file, display_name="recommendations.yaml")
    recommendation = document.data["recommendations"][0]
    line_index = document.lines[("recommendations", 0, "title")] - 1
    lines = data_file.read_text(encoding="utf-8").split("\n")
    original = lines[line_index]
    if not original.rstrip().endswith(str(recommendation["title"])):
        raise SystemExit(f"serve benchmark: {data_file}:{line_index + 1} does not hold the title on one line")
    page_url_path = f"recommendations/{recommendation['slug']}/"

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/{page_url_path}"
    times = []
    try:
        deadline = time.monotonic() + 120
        while fetch(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mkdocs serve did not start:\n{server.stderr.read() if server.stderr else ''}")
            time.sleep(0.1)
        time.sleep(1.0)  # let the file watcher settle
        for i in range(repeats):
            marker = f"Benchedit{i}x{port}"
            lines[line_index] = original.rstrip() + f" {marker}"
            start = time.perf_counter()
            data_file.write_text("\n".join(lines), encoding="utf-8")
            while True:
                page = fetch(url)
                if page is not None and marker in page:
                    break
                if time.perf_counter() - start > 60:
                    raise SystemExit("mkdocs serve did not show the edit within 60 s")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            log(f"serve: edit {i + 1} visible after {times[-1]:.2f} s")
            time.sleep(1.0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return times


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yield the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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
    with static_server(site) as base:
        context = browser.new_context()
        page = context.new_page()

        def keep(response: Any) -> None:
            if response.url.startswith(base) and response.status == 200:
                with contextlib.suppress(Exception):
                    bodies[response.url] = (response.body(), response.headers.get("content-type", ""))

        context.on("response", keep)
        page.goto(base, wait_until="networkidle")
        page.wait_for_timeout(500)
        context.close()
    index_url = base + "search/search_index.json"
    index_loaded = index_url in bodies
    bodies.pop(index_url, None)
    raw = sum(len(body) for body, _ in bodies.values())
    compressed = sum(
        len(gzip.compress(body, 6)) if any(t in kind for t in TEXT_TYPES) else len(body) for body, kind in bodies.values()
    )
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        return Transfer(raw, compressed, len(bodies), None, None, index_loaded)
    index = index_file.read_bytes()
    return Transfer(raw, compressed, len(bodies), len(index), len(gzip.compress(index, 6)), index_loaded)


def measure_search(browser: Any, site: Path, rounds: int) -> list[float]:
    """Milliseconds from the last keystroke of a query (its keyup) to the last change of the results list."""
    with static_server(site) as base:
        latencies = search_figures.keystroke_latencies(browser, base, rounds=rounds, queries=SEARCH_QUERIES)
    log(f"search: {len(latencies)} queries, median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms")
    return latencies


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
    parser.add_argument(
        "--search-rounds", type=int, default=3, help=f"times each of the {len(SEARCH_QUERIES)} queries is typed (default 3)"
    )
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
        if cap == 0:
            cap = None
        measure_builds(hundred, args.repeats_100x, cap=cap)
        if not hundred.capped:  # a stopped build left a partial site: nothing to compare
            compared[hundred.label] = compare_sites(hundred.hub_dir / "site", hundred.plain_dir / "site")
        log("same site, hub and plain twin: " + ", ".join(f"{label} ({count} files)" for label, count in compared.items()))
        loads = {"real": measure_load(real, args.repeats), "100x": measure_load(hundred, 1)}
        serve_times = measure_serve_edit(work, 3)
        with chromium() as browser:
            transfers = {}
            for project in (real, hundred):
                if (project.hub_dir / "site" / "index.html").is_file():
                    transfers[project.label] = measure_transfer(browser, project.hub_dir / "site")
            search = measure_search(browser, real.hub_dir / "site", args.search_rounds)
            built = {
                project.label: project.hub_dir / "site" for project in projects if (project.hub_dir / "site" / "search").is_dir()
            }
            search_rows = search_figures.measure_rows(browser, built)
        table = (
            report(projects, loads, serve_times, transfers, search, compared) + "\n\n" + search_figures.rows_table(search_rows)
        )
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
    search: list[float],
    compared: dict[str, int],
) -> str:
    med = statistics.median
    real, ten, hundred = projects
    rows: list[tuple[str, str, str, str]] = []

    def row(metric: str, value: str, target: str, result: str) -> None:
        rows.append((metric, value, target, result))

    def build_time(project: Project, kind: str) -> tuple[float, str]:
        value = med(project.wall[kind])
        return value, (f"> {seconds(value)} (stopped)" if kind in project.capped else seconds(value))

    def cpu_ratio(top: Project, top_kind: str, bottom: Project, bottom_kind: str) -> str:
        if top.cpu[top_kind] and bottom.cpu[bottom_kind] and top_kind not in top.capped:
            return f"; CPU time ratio {med(top.cpu[top_kind]) / med(bottom.cpu[bottom_kind]):.2f}"
        return ""

    for project in projects:
        (hub, hub_text), (plain, plain_text) = build_time(project, "hub"), build_time(project, "plain")
        capped = bool(project.capped)
        limit = 1.2 if project is real else None
        row(
            f"1. Build time, hub ÷ plain MkDocs, {project.label} data (n={len(project.wall['hub'])})",
            (f"{hub / plain:.2f}" if not capped else "n/a")
            + f" ({hub_text} ÷ {plain_text}{cpu_ratio(project, 'hub', project, 'plain')})",
            "≤ 1.2" if limit else "—",
            verdict(hub / plain, limit) if not capped else "—",
        )
    for kind in ("hub", "plain"):
        (big, big_text), (small, small_text) = build_time(hundred, kind), build_time(ten, kind)
        ratio = big / small
        capped = kind in hundred.capped
        limit = 11 if kind == "hub" else None
        result = verdict(ratio, limit)
        if capped and limit is not None:  # the ratio is a lower bound: it can only show a miss
            result = "MISS" if ratio >= limit else "unknown (cap too low)"
        row(
            f"2. Build time, 100x ÷ 10x data, {kind}",
            f"{'> ' if capped else ''}{ratio:.1f} ({big_text} ÷ {small_text}{cpu_ratio(hundred, kind, ten, kind)})",
            "≤ 11" if limit else "—",
            result,
        )
    for label, times in loads.items():
        limit = 0.2 if label == "real" else None
        row(
            f"3. Load and validate the data (load_hub), {label} (n={len(times)})",
            seconds(med(times)),
            "< 0.2 s" if limit else "—",
            verdict(med(times), limit, strict=True),
        )
    row(
        f"4. YAML edit saved → rebuilt page served (mkdocs serve, real data, n={len(serve_times)})",
        f"{seconds(med(serve_times))} (max {seconds(max(serve_times))})",
        "< 2 s",
        verdict(med(serve_times), 2.0, strict=True),
    )
    for project in (real, hundred):
        transfer = transfers.get(project.label)
        is_real = project is real
        partial = " (partial build)" if "hub" in project.capped else ""
        if transfer is None:
            row(f"5. Home page transfer, {project.label} data", "not measured (no home page built)", "—", "—")
            continue
        row(
            f"5. Home page transfer, gzip, {project.label} data{partial} ({transfer.files} files)",
            f"{size(transfer.gzip)} ({size(transfer.raw)} raw)",
            "≤ 400 KB" if is_real else "—",
            verdict(transfer.gzip, 400 * 1024 if is_real else None),
        )
        if transfer.index_raw is None or transfer.index_gzip is None:
            row(f"5. Search index, {project.label} data", "not measured (the stopped build wrote none)", "—", "—")
        else:
            row(
                f"5. Search index, {project.label} data (loaded by the home page: {'yes' if transfer.index_loaded else 'no'})",
                f"{size(transfer.index_raw)} ({size(transfer.index_gzip)} gzip)",
                "≤ 600 KB" if is_real else "—",
                verdict(transfer.index_raw, 600 * 1024 if is_real else None),
            )
    row(
        f"6. Search: last keystroke → results list updated (Chromium, real data, n={len(search)})",
        f"{med(search):.1f} ms (max {max(search):.1f} ms)",
        "< 50 ms",
        verdict(med(search), 50, strict=True),
    )

    header = ("Metric", "Value (median)", "Target", "Result")
    lines = [f"| {' | '.join(header)} |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    lines.append("")
    lines.append(
        f"Measured {dt.date.today().isoformat()} on {machine()}; load average {LOAD_AT_START} at the start, {load_average()} at the end."
    )
    same = ", ".join(f"{label} ({count} files)" for label, count in compared.items())
    lines.append(f"Hub and plain twin built the same site, byte for byte but the search index: {same}.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
