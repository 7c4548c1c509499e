"""The live preview (`mkdocs serve`) with faulty data: it starts, keeps serving, and shows the faults."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from site_build import ROOT, copy_project

from knowledge_hub.site_tools import fetch_text, mkdocs_serve

BROKEN_PERSON = ('    name: "Anita Bhatia"\n', '    nam: "Anita Bhatia"\n')
"""A misspelt key in data/people.yaml: one located fault."""

WAIT_SECONDS = 240


def _page_when(url: str, condition: str) -> LexborHTMLParser:
    """The page at ``url`` once its text contains ``condition`` (polls; fails after WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    text = ""
    while time.monotonic() < deadline:
        page = fetch_text(url)
        if page is not None:
            soup = LexborHTMLParser(page)
            text = soup.body.text()
            if condition in text:
                return soup
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
    with mkdocs_serve(project, start_timeout=WAIT_SECONDS) as url:
        soup = _page_when(url, "The data has problems")
        assert "data/people.yaml:" in soup.body.text()
        assert "nam" in soup.body.text()


def test_a_fault_while_serving_keeps_the_last_good_site_with_a_banner(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with mkdocs_serve(project, start_timeout=WAIT_SECONDS) as url:
        _page_when(url + "people/anita-bhatia/", "Anita Bhatia")
        _break(project)
        soup = _page_when(url + "people/anita-bhatia/", "this preview shows the last version that passed the checks")
        assert "data/people.yaml:" in soup.body.text()
        heading = soup.css_first("h1")
        assert heading is not None and "Anita Bhatia" in heading.text()


def test_the_preview_watches_the_same_folders_more_often(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What MkDocs watches before plugins run (docs/, mkdocs.yml) is still watched after the hook has
    # moved it to a watcher that looks more often; the rebuild test above covers data/, watched after.
    from mkdocs.livereload import LiveReloadServer

    spec = importlib.util.spec_from_file_location("hub_hook", ROOT / "hooks" / "hub.py")  # as MkDocs loads a hook
    assert spec is not None and spec.loader is not None
    hub = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, hub)
    spec.loader.exec_module(hub)
    docs, config = tmp_path / "docs", tmp_path / "mkdocs.yml"
    docs.mkdir()
    config.write_text("site_name: t\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        for path in (docs, config):
            server.watch(str(path))
        before = server.observer.timeout
        assert hub.on_serve(server, config=None, builder=None) is server  # type: ignore[arg-type]
        watched = {(emitter.watch.raw_path, emitter.watch.is_recursive) for emitter in server.observer.emitters}
        assert watched == {(str(docs), True), (str(config), False)}
        assert server.observer.timeout == hub.WATCH_INTERVAL < before
    finally:
        server.server_close()
