"""Tools that copy, build, serve and search the site: the one set the tests and the benchmarks share.

Nothing the site's build runs imports this module: it is for the code that checks and measures the
build. It lives in the package because both ``tests/`` and ``benchmarks/`` import the installed
package already, so neither has to import the other's folder; Playwright, a development
dependency, is imported only inside the functions that drive a browser.

- project copies: ``copy_project`` (what a build reads, the package linked), ``run_build``;
- servers: ``serve_site`` (a built site, as static hosts serve it) and ``mkdocs_serve`` (the live
  preview of a project), ``fetch_text``;
- Chromium: ``CHROMIUM``, ``LAUNCH_ARGS``, ``launch_chromium``;
- search probes: ``search`` (a query typed as a person types it, the results it answers with) and
  ``time_to_answer``; both read one definition of an answered query, ``ANSWERED``.
"""

from __future__ import annotations

import http.server
import mimetypes
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urldefrag, urlsplit

import knowledge_hub

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# --- project copies ------------------------------------------------------------------------------

PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "data", "overrides")
"""What a build reads besides the package and sources/; copied, so a caller may change them."""

PACKAGE = Path(knowledge_hub.__file__).resolve().parent
"""The installed package: linked into a copy, since mkdocs.yml's ``watch:`` names its folder."""

VERIFIED_ADDRESSES = "verified-addresses.yaml"
"""The file of sources/ that every build reads (each data address is checked against it)."""

BUILD_TIMEOUT = 300


def copy_project(root: Path, destination: Path, *, data_dir: Path | None = None, publication_texts: bool = False) -> Path:
    """Copy the files a build of ``root`` reads into ``destination`` (created) and return it.

    ``data_dir`` replaces ``root/data``. Of ``sources/`` only the verified addresses are copied
    unless ``publication_texts``: the fidelity check reads a publication's text only where it is
    present, so a copy without them builds the same site with less checking.
    """
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = data_dir if part == "data" and data_dir is not None else root / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    (destination / PACKAGE.name).symlink_to(PACKAGE, target_is_directory=True)
    if publication_texts:
        shutil.copytree(root / "sources", destination / "sources")
    else:
        (destination / "sources").mkdir(exist_ok=True)
        shutil.copy2(root / "sources" / VERIFIED_ADDRESSES, destination / "sources" / VERIFIED_ADDRESSES)
    return destination


def mkdocs_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an MkDocs run: this one's, without a HUB_OFFLINE the caller set, plus ``env``."""
    return {k: v for k, v in os.environ.items() if k != "HUB_OFFLINE"} | {"NO_MKDOCS_2_WARNING": "1"} | (env or {})


def build_command(project: Path, *, site: str = "site", runner: tuple[str, ...] = ("-m", "mkdocs")) -> list[str]:
    """``mkdocs build --strict`` of ``project`` into ``project/site`` (or the folder ``site`` names), run
    by Python with ``runner``: MkDocs' own, or a script that runs MkDocs' command line."""
    config = project / "mkdocs.yml"
    return [sys.executable, *runner, "build", "--strict", "--config-file", str(config), "--site-dir", str(project / site)]


def run_build(project: Path, *, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build ``project`` (``build_command``); returns (result, site dir), the result not checked."""
    result = subprocess.run(
        build_command(project),
        cwd=project,
        env=mkdocs_environment(env),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    return result, project / "site"


# --- servers -------------------------------------------------------------------------------------


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
        # The site does not change while it is served: a browser context may keep what it loaded.
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_site(site: Path, *, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (an ephemeral port) under ``prefix`` from a thread; yields the site's base URL."""
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


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch_text(url: str, *, timeout: float = 30) -> str | None:
    """The body of ``url`` as text, or None when nothing answers there (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body: bytes = response.read()
            return body.decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@contextmanager
def mkdocs_serve(project: Path, *, env: dict[str, str] | None = None, start_timeout: float = 240) -> Iterator[str]:
    """``mkdocs serve --strict`` of ``project`` on a free port of 127.0.0.1; yields its base URL once it answers.

    On leaving, the server is stopped, and an AssertionError raised if it printed a traceback.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    # A file, not a pipe: nobody reads the log while the server runs, and a full pipe would stall it.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=mkdocs_environment(env),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + start_timeout
            while fetch_text(url, timeout=5) is None:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise AssertionError(f"mkdocs serve did not start in {project}:\n{log.read()[-4000:]}")
                time.sleep(0.1)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.seek(0)
        printed = log.read()
    assert "Traceback" not in printed, printed


# --- Chromium ------------------------------------------------------------------------------------

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, BROWSER_NAMES)), "")
"""The browser to drive: $CHROMIUM (``make test`` and ``make bench`` set it to the one they found), else the first on PATH."""

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
"""Headless Chromium that asks no other site for anything (no updates, no background requests)."""


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Headless Chromium (``CHROMIUM``, ``LAUNCH_ARGS``) through Playwright; closed on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- search probes -------------------------------------------------------------------------------

SEARCH_BOX = "input.md-search__input"

ANSWERED = """(query) => {
  const region = document.querySelector('.md-search-result');
  return region?.getAttribute('aria-busy') === 'false' && region.dataset.hubQuery === query;
}"""
"""A query is answered once the result region says it shows the answer to that whole query
(``aria-busy="false"`` and ``data-hub-query``, which docs/javascripts/search.js sets): the one
definition the tests and the benchmarks read results and time answers by."""

RESULTS = """() => [
  document.querySelector('.md-search-result__meta')?.textContent.trim() ?? '',
  ...[...document.querySelectorAll('.md-search-result__list > li.md-search-result__item')]
     .map(item => item.querySelector('a')?.href ?? '')
]"""
"""Material's line above the results, then each result's address, in rank order."""


def site_path(url: str, base: str) -> str:
    """``url`` relative to the site root, without query or fragment ('' for the home page)."""
    bare = urldefrag(url).url.split("?", 1)[0]
    return bare[len(base) :] if bare.startswith(base) else bare


def result_path(href: str, base: str) -> str:
    """A result's page, site-relative, keeping ``?entry=`` (one entry of a long page is a result of its own)."""
    entry = parse_qs(urlsplit(href).query).get("entry")
    return f"{site_path(href, base)}?entry={entry[0]}" if entry else site_path(href, base)


@dataclass
class SearchOutcome:
    query: str
    meta: str
    """Material's line above the results, e.g. '12 matching documents' or 'No matching documents'."""
    locations: list[str]
    """Each result's page, site-relative and in rank order (one per page: Material groups sections;
    an entry of the resources page is ``resources/?entry=<id>``)."""


def search(
    page: Page, query: str, base: str, *, timeout: float = 60.0, after_typing: Callable[[], object] | None = None
) -> SearchOutcome:
    """Type ``query`` into the header search box like a person and return the results it shows.

    Whatever the box held is cleared first, so one page can answer many queries. The results are
    read once the query is ``ANSWERED``, not after a guessed pause. ``timeout`` is how long a
    query may take at worst, index building included, on a machine that also runs other tests:
    a wait ends as soon as the answer is there, so a long limit costs a passing test nothing.
    ``after_typing`` runs once the last key is pressed, before the wait for the answer.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    box = page.locator(SEARCH_BOX)
    box.click()
    # The index loads in the worker; typing before it is ready is fine, but waiting keeps timings honest.
    page.locator(".md-search-result__meta").filter(has_not_text="Initializing").wait_for(timeout=timeout * 1000)
    box.fill("")
    box.press_sequentially(query)
    if after_typing is not None:
        after_typing()
    try:
        page.wait_for_function(f"() => ({ANSWERED})(document.querySelector('{SEARCH_BOX}').value)", timeout=timeout * 1000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"search for {query!r} never answered; last seen: {page.evaluate(RESULTS)}") from None
    shown = page.evaluate(RESULTS)
    return SearchOutcome(query, shown[0], [result_path(href, base) for href in shown[1:]])


_WATCH_ANSWER = (
    """(query) => {
  const isAnswered = """
    + ANSWERED
    + """;
  window.hubWatch?.disconnect();
  window.hubAnswered = null;
  window.hubLastKey = null;
  if (!window.hubKeysWatched) {
    window.hubKeysWatched = true;
    document.querySelector('input.md-search__input').addEventListener('keyup', (event) => { window.hubLastKey = event.timeStamp; }, true);
  }
  const region = document.querySelector('.md-search-result');
  window.hubWatch = new MutationObserver(() => {
    if (window.hubAnswered === null && isAnswered(query)) window.hubAnswered = performance.now();
  });
  window.hubWatch.observe(region, {attributes: true, attributeFilter: ['aria-busy', 'data-hub-query']});
}"""
)


def time_to_answer(page: Page, query: str, *, key_delay_ms: float = 0, timeout_ms: float = 600_000) -> float:
    """Milliseconds from the release of ``query``'s last key to the query ``ANSWERED``.

    The box is cleared first. With ``key_delay_ms`` each key is pressed and released at once and
    the next follows that long after, as a person types; 0 types as fast as the browser takes keys.
    An answer on screen before the last key is released counts as 0.
    """
    box = page.locator(SEARCH_BOX)
    box.click()
    box.fill("")
    page.evaluate(_WATCH_ANSWER, query)
    if key_delay_ms:
        for character in query:
            page.keyboard.press(character)
            page.wait_for_timeout(key_delay_ms)
    else:
        box.press_sequentially(query)
    page.wait_for_function("() => window.hubAnswered !== null && window.hubLastKey !== null", timeout=timeout_ms)
    took: float = page.evaluate("() => window.hubAnswered - window.hubLastKey")
    return max(took, 0.0)
