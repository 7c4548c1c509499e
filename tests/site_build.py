"""Strict builds of a copy of the project, shared by the site tests and the browser tests.

A build never writes into the work tree: the files it reads are copied into a temporary folder
(the package is linked, so the build runs the installed code). ``shared_build`` builds each
variant (plain, offline...) once per test run, even when pytest-xdist runs the tests in several
processes: the first process to ask builds it, the others wait and reuse it. ``shared_prepared_build``
does the same for a copy that a function changes first (other settings, other data);
tests/prepared_builds.py holds the ones that tests of several modules share.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from knowledge_hub import paths, site_tools
from knowledge_hub.site_tools import PROJECT_PARTS, serve_site  # noqa: F401 - re-exported for the tests

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

LINKED_PARTS = (site_tools.PACKAGE.name,)
"""Linked, not copied: mkdocs.yml's `watch:` names the package, and it must stay the installed code."""


def copy_project(destination: Path) -> Path:
    """Copy the files a build of ``ROOT`` reads into ``destination`` (created) and return it (``site_tools.copy_project``)."""
    return site_tools.copy_project(ROOT, destination)


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
    (destination / site_tools.PACKAGE.name).symlink_to(site_tools.PACKAGE, target_is_directory=True)
    return destination


build_environment = site_tools.mkdocs_environment
run_build = site_tools.run_build


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
    base_temp: Path, name: str, prepare: Callable[[Path], None], *, env: dict[str, str] | None = None
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the project changed by ``prepare(project)`` and built with ``env`` once per test run, shared by every process.

    Returns the project folder (whatever ``prepare`` wrote there, and ``site/``) and the build's result,
    not checked: the caller says what a clean build is. ``name`` tells this build from others; every
    caller of one ``name`` must pass the same ``prepare`` and ``env`` (a caller that differs fails
    rather than read a build made for another). tests/prepared_builds.py holds the shared ones.
    """
    made_by = {"prepare": f"{prepare.__module__}.{prepare.__qualname__}", "env": env or {}}
    run_folder = base_temp.parent if os.environ.get("PYTEST_XDIST_WORKER") else base_temp
    project, done = run_folder / f"prepared-build-{name}", run_folder / f"prepared-build-{name}.json"
    with open(run_folder / f"prepared-build-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            if project.exists():  # a process that failed half-way: start again
                shutil.rmtree(project)
            prepare(copy_project(project))
            result, _ = run_build(project, env=env)
            record = {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}
            done.write_text(json.dumps(made_by | record))
    recorded = json.loads(done.read_text())
    assert {key: recorded[key] for key in made_by} == made_by, (
        f"the build {name!r} was made by {recorded['prepare']} with {recorded['env']}"
    )
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
