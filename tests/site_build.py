"""Strict builds of a copy of the project, shared by the site tests and the browser tests.

A build never writes into the work tree: the files it reads are copied into a temporary folder
(the package is linked, so the build runs the installed code). ``shared_build`` builds each
variant (plain, offline, under a sub-path...) once per test run, even when pytest-xdist runs the
tests in several processes: the first process to ask builds it, the others wait and reuse it.
"""

from __future__ import annotations

import fcntl
import hashlib
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from knowledge_hub import paths

REPOSITORY = Path(__file__).resolve().parents[1]
"""The repository these tests and the installed package come from."""

ROOT = Path(os.environ.get("HUB_PROJECT_DIR") or REPOSITORY).resolve()
"""The project the tests read (data/, sources/, docs/, mkdocs.yml...): the repository, or the copy
that $HUB_PROJECT_DIR names, so the real-data tests can run on an edited copy (tests/test_everyday_edits.py)."""

SOURCES = ROOT / "sources"
"""The references the data is checked against (see sources/README.md)."""

SEED = SOURCES / "making-zero-tolerance-a-reality-2021.txt"
"""The 2021 publication's text (with the PI 4.2 toolkit card): the fidelity reference."""

VERIFIED_ADDRESSES = SOURCES / "verified-addresses.yaml"
"""The only web addresses the data may use."""

PUBLICATION_SECTIONS = (paths.INTRODUCTION, paths.RECOMMENDATIONS, paths.DIALOGUES, paths.CONCLUSION, paths.TASK_FORCE)
"""The site's sections that hold the publication's own parts."""

TOOL_SECTIONS = (
    paths.PRACTICES,
    paths.RESOURCES,
    paths.QUOTES,
    paths.PEOPLE,
    paths.TAGS,
    paths.INDICATOR,
    paths.OPEN_DATA,
    paths.ABOUT,
    paths.HELP,
)
"""The hub's own tools and pages about itself."""

PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "data", "overrides")
"""What a build reads besides the package; copied, so a test may change them."""

LINKED_PARTS = ("knowledge_hub",)
"""Linked, not copied: mkdocs.yml's `watch:` names the package, and it must stay the installed code."""

BUILD_TIMEOUT = 300


def copy_project(destination: Path) -> Path:
    """Copy the files a build reads into ``destination`` (created) and return it."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    for part in LINKED_PARTS:
        (destination / part).symlink_to(REPOSITORY / part, target_is_directory=True)
    (destination / "sources").mkdir(exist_ok=True)  # the build checks the data's addresses against this list
    shutil.copy2(VERIFIED_ADDRESSES, destination / "sources" / VERIFIED_ADDRESSES.name)
    return destination


COPY_SKIPS = ("tests/", ".venv/", "node_modules/", "site/", "site-offline/")
"""What ``copy_repository`` leaves out: the tests run from the repository; the rest is built or installed."""


def copy_repository(destination: Path) -> Path:
    """A copy of every file git tracks in the repository (as in the work tree), the tests left out,
    the package linked: a project that $HUB_PROJECT_DIR can name. Returns ``destination``."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPOSITORY, capture_output=True, text=True, check=True).stdout.split(
        "\0"
    )
    for name in listed:
        if not name or name.startswith(COPY_SKIPS) or name.startswith(tuple(f"{p}/" for p in LINKED_PARTS)):
            continue
        source, target = REPOSITORY / name, destination / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for part in LINKED_PARTS:
        (destination / part).symlink_to(REPOSITORY / part, target_is_directory=True)
    return destination


def build_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a test's MkDocs run: this one's, without a HUB_OFFLINE the caller set, plus ``env``."""
    return {k: v for k, v in os.environ.items() if k != "HUB_OFFLINE"} | {"NO_MKDOCS_2_WARNING": "1"} | (env or {})


def run_build(project: Path, *, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``mkdocs build --strict`` of ``project`` into ``project/site``; returns (result, site dir)."""
    site = project / "site"
    environment = build_environment(env)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    return result, site


def shared_build(base_temp: Path, env: dict[str, str] | None = None) -> Path:
    """The site built once per test run with ``env`` (checked clean), shared by every test process.

    ``base_temp`` is pytest's base temporary folder (``tmp_path_factory.getbasetemp()``); under
    pytest-xdist each process has its own inside the run's folder, which holds the shared builds.
    """
    run_folder = base_temp.parent if os.environ.get("PYTEST_XDIST_WORKER") else base_temp
    key = hashlib.sha256(json.dumps(env or {}, sort_keys=True).encode()).hexdigest()[:12]
    project, done = run_folder / f"shared-build-{key}", run_folder / f"shared-build-{key}.done"
    with open(run_folder / f"shared-build-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            if project.exists():  # a process that failed half-way: start again
                shutil.rmtree(project)
            result, _ = run_build(copy_project(project), env=env)
            assert_clean_build(result)
            done.touch()
    return project / "site"


def shared_prepared_build(
    base_temp: Path, name: str, prepare: Callable[[Path], None]
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the project changed by ``prepare(project)`` and built once per test run, shared by every process.

    Returns the project folder (whatever ``prepare`` wrote there, and ``site/``) and the build's result,
    not checked: the caller says what a clean build is. ``name`` tells this build from others.
    """
    run_folder = base_temp.parent if os.environ.get("PYTEST_XDIST_WORKER") else base_temp
    project, done = run_folder / f"prepared-build-{name}", run_folder / f"prepared-build-{name}.json"
    with open(run_folder / f"prepared-build-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            if project.exists():  # a process that failed half-way: start again
                shutil.rmtree(project)
            prepare(copy_project(project))
            result, _ = run_build(project)
            done.write_text(json.dumps({"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}))
    recorded = json.loads(done.read_text())
    return project, subprocess.CompletedProcess(
        ["mkdocs", "build"], recorded["returncode"], recorded["stdout"], recorded["stderr"]
    )


def warning_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """MkDocs' WARNING lines (and ERROR lines) from a build's output."""
    output = f"{result.stdout}\n{result.stderr}"
    return [line for line in output.splitlines() if line.lstrip().startswith(("WARNING", "ERROR"))]


def assert_clean_build(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0 and not one warning; otherwise fail showing MkDocs' own output."""
    assert result.returncode == 0, f"mkdocs build --strict failed (exit {result.returncode}):\n{result.stderr}"
    warnings = warning_lines(result)
    assert not warnings, "the build logged warnings:\n" + "\n".join(warnings)


class _SiteHandler(http.server.BaseHTTPRequestHandler):
    """Serves ``site`` under ``prefix`` as static hosts do: a folder's index.html, else 404.html with status 404."""

    site: Path
    prefix: str

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            self._send(404, b"outside the site", "text/plain")
            return
        target = self.site / path.removeprefix(self.prefix)
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", f"{path}/")
            self.end_headers()
            return
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and self.site in target.resolve().parents:
            self._send(200, target.read_bytes(), mimetypes.guess_type(target.name)[0] or "application/octet-stream", cache=True)
        else:
            self._send(404, (self.site / "404.html").read_bytes(), "text/html")

    def _send(self, status: int, body: bytes, content_type: str, *, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # The site does not change while the tests run: a browser context may keep what it loaded.
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_site(site: Path, *, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (an ephemeral port) under ``prefix``; yields the site's base URL."""
    handler = type("Handler", (_SiteHandler,), {"site": site.resolve(), "prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def is_redirect_notice(page: Path) -> bool:
    """Whether ``page`` is a notice at a former id's address (knowledge_hub.redirects), not a page of the hub.

    A notice stands in for an HTTP redirect: the browser leaves it at once. It has no theme (no help
    bar, footer, search or canonical address) and is reached by old links only, so what every page
    of the hub must have is asked of the hub's pages; tests/test_redirects.py asks the notice for
    its own (the exit and the help page first); checks of what any page holds read it too.
    """
    return '<meta http-equiv="refresh"' in page.read_text(encoding="utf-8")


def page_file(site: Path, source_path: str) -> Path:
    """The HTML file a build writes for a source page (``knowledge_hub.paths.url`` is the one URL rule)."""
    return site / paths.url(source_path) / "index.html"
