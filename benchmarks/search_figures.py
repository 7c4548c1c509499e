"""Search figures: answer quality on the query set, first-search transfer and time, per engine.

Used by ``run.py`` (its second table) and on its own against built sites:

    .venv/bin/python benchmarks/search_figures.py quality site/          # top-1 / top-3 on tests/search_queries.yaml
    .venv/bin/python benchmarks/search_figures.py scale --pagefind site/ site-10x/ site-100x/   # all search rows

Everything is measured in headless Chromium as a reader meets it: the query typed into Material's
search box, and a query counts as answered by ``knowledge_hub.site_tools.ANSWERED``, the mark the
search box puts on the result region once the answer to the whole query is shown.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge_hub.site_tools import launch_chromium, search, serve_site, time_to_answer

ROOT = Path(__file__).resolve().parents[1]
QUERY_FILE = ROOT / "tests" / "search_queries.yaml"
TEXT_TYPES = ("text/", "javascript", "json", "svg", "xml")
LATENCY_QUERIES = (
    "harassment",
    "bystander",
    "code of conduct",
    "intersectionalty",
    "how to report sexual harassment",
    "CSW",
    "Kochar",
    "gender parity",
)
"""Typed for the time figures: plain words, a phrase, a misspelling, a question, an acronym, a surname with a typo."""

SEARCH_URL_PARTS = ("/search/", "/workers/", "/javascripts/search", "/pagefind/")
"""Same-site files that exist only for search: what the first search transfers."""

PERSON_KEY_DELAY_MS = 100
"""Keys this far apart: a quick typist."""

FIRST_SEARCH_LIMIT = (1_000_000, 150.0)
"""The goal at 100x the data: the first search transfers at most 1 MB and answers in 150 ms."""

LATENCY_LIMITS = {"real": 50.0, "10x": 150.0}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def gzip_size(body: bytes, kind: str) -> int:
    """What a server sends of ``body``: gzip (level 6) for text types, else as it is."""
    return len(gzip.compress(body, 6)) if any(t in kind for t in TEXT_TYPES) else len(body)


# --- the query set -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    query: str
    kind: str
    expect: tuple[str, ...]
    locations: tuple[str, ...]

    @property
    def top1(self) -> bool:
        return bool(self.locations) and self.locations[0] in self.expect

    @property
    def top3(self) -> bool:
        return any(location in self.expect for location in self.locations[:3])


def answer_queries(browser: Any, base: str) -> list[Answer]:
    """Each query of tests/search_queries.yaml typed into one page's search box, with the results it shows."""
    entries = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))["queries"]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(base)
    answers = [
        Answer(e["query"], e["kind"], tuple(e["expect"]), tuple(search(page, e["query"], base, timeout=120).locations))
        for e in entries
    ]
    page.close()
    return answers


def quality_report(answers: list[Answer]) -> str:
    def rate(group: list[Answer]) -> str:
        top1, top3, n = sum(a.top1 for a in group), sum(a.top3 for a in group), len(group)
        return f"top-1 {top1}/{n} = {top1 / n:.0%}, top-3 {top3}/{n} = {top3 / n:.0%}"

    lines = [rate(answers)]
    lines += [f"  {kind:12} {rate([a for a in answers if a.kind == kind])}" for kind in dict.fromkeys(a.kind for a in answers)]
    for a in answers:
        if not a.top1:
            shown = f"{a.query!r}: expected {' or '.join(a.expect) or '(home)'}; got {list(a.locations[:3])}"
            lines.append(f"  {'not first' if a.top3 else 'MISS'} {shown}")
    return "\n".join(lines)


# --- first search and keystroke latency ----------------------------------------------------------


@dataclass
class FirstSearch:
    transfer_gzip: int
    milliseconds: float
    """From the last key's release to the answer, on a cold page (typed as soon as it has loaded)."""


def first_search(browser: Any, base: str, query: str, *, key_delay_ms: float = 0) -> FirstSearch:
    """A cold page, ``query`` typed as soon as it has loaded: what search transfers (lunr: the index,
    fetched at page load and indexed in the worker; Pagefind: its script and WebAssembly, then the
    chunks the query needs and the shown results' fragments), and how long after the last key the
    answer comes."""
    bodies: dict[str, int] = {}
    context = browser.new_context()

    def keep(response: Any) -> None:
        if response.url.startswith(base) and any(part in response.url for part in SEARCH_URL_PARTS):
            try:
                bodies[response.url] = gzip_size(response.body(), response.headers.get("content-type", ""))
            except Exception:  # noqa: BLE001 - a redirect or aborted load has no body to count
                return

    context.on("response", keep)
    page = context.new_page()
    page.goto(base, wait_until="load")
    took = time_to_answer(page, query, key_delay_ms=key_delay_ms)
    page.wait_for_timeout(500)
    context.close()
    return FirstSearch(sum(bodies.values()), took)


def keystroke_latencies(browser: Any, base: str, *, rounds: int) -> list[float]:
    """Milliseconds from the last key of each latency query to its answer, on a warm page, keys a person's pace apart."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base)
    time_to_answer(page, "warm up", key_delay_ms=50)
    latencies = [
        time_to_answer(page, query, key_delay_ms=PERSON_KEY_DELAY_MS, timeout_ms=60_000)
        for _ in range(rounds)
        for query in LATENCY_QUERIES
    ]
    page.close()
    return latencies


def pagefind_copy(site: Path) -> Path:
    """A copy of a lunr-searched ``site`` as the build makes it with ``HUB_SEARCH=pagefind``.

    Its search is finished again by the build's own function (``knowledge_hub.search.finish``),
    from its finished index and the data it was built from (``data/`` beside the site, as in a
    project the benchmark built, else the repository's).
    """
    from knowledge_hub.loader import load_hub
    from knowledge_hub.search import INDEX_FILE, finish

    copy = Path(tempfile.mkdtemp(prefix="pagefind-site-")) / "site"
    shutil.copytree(site, copy)
    for script in (ROOT / "docs" / "javascripts").glob("*.js"):  # the scripts of this commit
        shutil.copy2(script, copy / "javascripts" / script.name)
    data_dir = site.parent / "data" if (site.parent / "data").is_dir() else ROOT / "data"
    index = json.loads((copy / INDEX_FILE).read_text(encoding="utf-8"))
    finish(copy, load_hub(data_dir), engine="pagefind", project_dir=ROOT, index=index)
    return copy


# --- rows for run.py's table ---------------------------------------------------------------------


def _kb(value: int) -> str:
    return f"{value / 1000:,.0f} KB" if value < 10_000_000 else f"{value / 1e6:,.1f} MB"


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISS"


def engine_rows(browser: Any, base: str, engine: str, label: str, rounds: int) -> list[tuple[str, str, str, str]]:
    """Figures 8 and 9 for one engine on one site."""
    limit = FIRST_SEARCH_LIMIT if label == "100x" else None
    target = "≤ 1 MB, ≤ 150 ms" if limit else "—"
    first = first_search(browser, base, "harassment")
    paced = [first_search(browser, base, query, key_delay_ms=PERSON_KEY_DELAY_MS) for query in LATENCY_QUERIES]
    latencies = keystroke_latencies(browser, base, rounds=rounds if label == "real" else 1)
    paced_ms, paced_transfer = [p.milliseconds for p in paced], max(p.transfer_gzip for p in paced)
    latency_limit = LATENCY_LIMITS.get(label)
    return [
        (
            f"8. First search, {engine}, {label}: transfer (gzip), time ('harassment' typed at once)",
            f"{_kb(first.transfer_gzip)}, {first.milliseconds:,.0f} ms",
            target,
            _verdict(first.transfer_gzip <= limit[0] and first.milliseconds <= limit[1]) if limit else "—",
        ),
        (
            f"8. First search, {engine}, {label}: keys {PERSON_KEY_DELAY_MS} ms apart, "
            f"each latency query on a cold page (n={len(paced)}): largest transfer (gzip), time",
            f"{_kb(paced_transfer)}, {statistics.median(paced_ms):,.0f} ms (max {max(paced_ms):,.0f} ms)",
            target,
            _verdict(paced_transfer <= limit[0] and statistics.median(paced_ms) <= limit[1]) if limit else "—",
        ),
        (
            f"9. Keystroke → results, {engine}, {label} (n={len(latencies)})",
            f"{statistics.median(latencies):.1f} ms (max {max(latencies):.1f} ms)",
            f"< {latency_limit:.0f} ms" if latency_limit else "—",
            _verdict(statistics.median(latencies) < latency_limit) if latency_limit else "—",
        ),
    ]


def measure_rows(
    browser: Any, sites: dict[str, Path], *, pagefind: bool = True, lunr: bool = True, rounds: int = 3
) -> list[tuple[str, str, str, str]]:
    """Rows (metric, value, target, result): query-set quality on the real site; per data size
    figures 8 and 9 for each engine (the lunr index's size is figure 5)."""
    rows: list[tuple[str, str, str, str]] = []
    if "real" in sites:
        with serve_site(sites["real"]) as base:
            answers = answer_queries(browser, base)
        top1, top3 = sum(a.top1 for a in answers), sum(a.top3 for a in answers)
        rows.append(
            (
                f"7. Query set answered, real data ({len(answers)} queries, tests/search_queries.yaml)",
                f"top-1 {top1 / len(answers):.0%}, top-3 {top3 / len(answers):.0%}",
                "top-3 100 % (the browser test)",
                _verdict(top3 == len(answers)),
            )
        )
    for label, site in sites.items():
        # A site the build already gave to Pagefind (past lunr's budget) has an empty lunr index:
        # its Pagefind search is measured as built.
        built_with_pagefind = (site / "pagefind" / "pagefind.js").is_file()
        copy = pagefind_copy(site) if pagefind and not built_with_pagefind else None
        engines = {"Pagefind": site} if built_with_pagefind else {"lunr": site if lunr else None, "Pagefind": copy}
        try:
            for engine, folder in engines.items():
                if folder is not None:
                    with serve_site(folder) as base:
                        rows += engine_rows(browser, base, engine, label, rounds)
                    log(f"search figures: {rows[-3:]}")
        finally:
            if copy is not None:
                shutil.rmtree(copy.parent, ignore_errors=True)
    return rows


def rows_table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| Search metric | Value (median) | Target | Result |", "|---|---|---|---|"]
    return "\n".join(lines + [f"| {' | '.join(row)} |" for row in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["quality", "scale"])
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders (scale: real, then 10x, then 100x)")
    parser.add_argument("--labels", nargs="+", help="scale: names of the sites' data sizes (default: real 10x 100x)")
    parser.add_argument("--pagefind", action="store_true", help="scale: also measure Pagefind on a copy of each site")
    parser.add_argument("--no-lunr", action="store_true", help="scale: leave lunr out (at 100x its first search is slow)")
    args = parser.parse_args(argv)
    with launch_chromium() as browser:
        if args.what == "quality":
            with serve_site(args.sites[0]) as base:
                print(quality_report(answer_queries(browser, base)))
        else:
            labels = args.labels or ["real", "10x", "100x"][: len(args.sites)]
            sites = dict(zip(labels, args.sites, strict=True))
            print(rows_table(measure_rows(browser, sites, pagefind=args.pagefind, lunr=not args.no_lunr)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
