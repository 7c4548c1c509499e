"""The live preview (`mkdocs serve`) with faulty data: it starts, keeps serving, and shows the faults."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser
from site_build import build_environment, copy_project

BROKEN_PERSON = ('    name: "Anita Bhatia"\n', '    nam: "Anita Bhatia"\n')
"""A misspelt key in data/people.yaml: one located fault."""

WAIT_SECONDS = 240


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(project: Path) -> Iterator[str]:
    port = _free_port()
    environment = build_environment()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
        assert "Traceback" not in stderr, stderr


def _page_when(url: str, condition: str) -> LexborHTMLParser:
    """The page at ``url`` once its text contains ``condition`` (polls; fails after WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                soup = LexborHTMLParser(response.read().decode("utf-8"))
                text = soup.body.text()
                if condition in text:
                    return soup
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {condition!r}; last text: {text[:500]!r}")


def _break(project: Path) -> None:
    people = project / "data" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert BROKEN_PERSON[0] in text
    people.write_text(text.replace(*BROKEN_PERSON, 1), encoding="utf-8")


def test_the_preview_starts_with_broken_data_and_names_the_fault(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _break(project)
    with _serving(project) as url:
        soup = _page_when(url, "The data has problems")
        assert "data/people.yaml:" in soup.body.text()
        assert "nam" in soup.body.text()


def test_a_fault_while_serving_keeps_the_last_good_site_with_a_banner(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with _serving(project) as url:
        _page_when(url + "people/anita-bhatia/", "Anita Bhatia")
        _break(project)
        soup = _page_when(url + "people/anita-bhatia/", "this preview shows the last version that passed the checks")
        assert "data/people.yaml:" in soup.body.text()
        heading = soup.css_first("h1")
        assert heading is not None and "Anita Bhatia" in heading.text()
