"""Figures 7-9, the search as a reader meets it in headless Chromium: the query typed into Material's
search box, and answered once ``knowledge_hub.site_tools.ANSWERED`` holds (benchmarks/README.md)."""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from common import ROOT, Row, log, row, size

from knowledge_hub.site_tools import search, serve_site, time_to_answer

QUERY_FILE = ROOT / "tests" / "search_queries.yaml"
TEXT_TYPES = ("text/", "javascript", "json", "svg", "xml")
LATENCY_QUERIES = ["harassment", "bystander", "code of conduct", "intersectionalty", "how to report sexual harassment"]
LATENCY_QUERIES += ["CSW", "Kochar", "gender parity"]
"""Typed for the time figures: plain words, a phrase, a misspelling, a question, an acronym, a surname with a typo."""

SEARCH_URL_PARTS = ("/search/", "/workers/", "/javascripts/search", "/pagefind/")  # files that exist only for search
PERSON_KEY_DELAY_MS = 100  # a quick typist
# The targets (benchmarks/README.md). The first search at 100x: at a person's typing pace, the
# largest transfer, the median time and the slowest query of the latency set.
FIRST_SEARCH_LIMIT, LATENCY_LIMITS = (1_000_000, 150.0, 1000.0), {"real": 50.0, "10x": 150.0}


def gzip_size(body: bytes, kind: str) -> int:
    """What a server sends of ``body``: gzip (level 6) for text types, else as it is."""
    return len(gzip.compress(body, 6)) if any(t in kind for t in TEXT_TYPES) else len(body)


def record(context: Any, base: str, wanted: Callable[[str], bool] = lambda url: True) -> dict[str, tuple[int, int]]:
    """Raw and gzip size of each same-site file ``context`` loads that ``wanted`` accepts, filled in as they arrive."""
    sizes: dict[str, tuple[int, int]] = {}

    def keep(response: Any) -> None:
        if response.url.startswith(base) and response.status == 200 and wanted(response.url):
            with contextlib.suppress(Exception):  # an aborted load has no body to count
                body = response.body()
                sizes[response.url] = (len(body), gzip_size(body, response.headers.get("content-type", "")))

    context.on("response", keep)
    return sizes


def query_set(browser: Any, site: Path) -> Row:
    """Figure 7: each query of tests/search_queries.yaml typed into one page's search box."""
    entries = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))["queries"]
    with serve_site(site) as base:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(base)
        found = [(entry, search(page, entry["query"], base, timeout=120).locations) for entry in entries]
        page.close()
    top1 = [bool(shown) and shown[0] in entry["expect"] for entry, shown in found]
    top3 = [any(location in entry["expect"] for location in shown[:3]) for entry, shown in found]
    for (entry, shown), first in zip(found, top1, strict=True):
        if not first:
            log(f"query {entry['query']!r} ({entry['kind']}): expected {' or '.join(entry['expect'])}, got {shown[:3]}")
    metric = f"7. Query set answered, real data ({len(found)} queries, tests/search_queries.yaml)"
    rates = f"top-1 {statistics.mean(top1):.0%}, top-3 {statistics.mean(top3):.0%}"
    return row(metric, rates, "top-3 100 % (the browser test)", all(top3))


def first_search(browser: Any, base: str, query: str, *, key_delay_ms: float = 0) -> tuple[int, float]:
    """A cold page, ``query`` typed once it has loaded: what search transfers (gzip), ms from the last key to the answer."""
    context = browser.new_context()
    sizes = record(context, base, lambda url: any(part in url for part in SEARCH_URL_PARTS))
    page = context.new_page()
    page.goto(base, wait_until="load")
    took = time_to_answer(page, query, key_delay_ms=key_delay_ms)
    page.wait_for_timeout(500)  # the shown results' fragments may still be arriving: they count
    context.close()
    return sum(compressed for _, compressed in sizes.values()), took


def engine_rows(browser: Any, base: str, engine: str, label: str, rounds: int) -> list[Row]:
    """Figures 8 and 9 for one engine on one site."""
    (most, median, slowest), target = FIRST_SEARCH_LIMIT, "≤ 1 MB; median ≤ 150 ms, none over 1 s" if label == "100x" else None
    once = first_search(browser, base, "harassment")
    paced = [first_search(browser, base, query, key_delay_ms=PERSON_KEY_DELAY_MS) for query in LATENCY_QUERIES]
    paced_transfer, paced_ms = max(t for t, _ in paced), statistics.median(ms for _, ms in paced)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base)
    time_to_answer(page, "warm up", key_delay_ms=50)
    typed = [query for _ in range(rounds) for query in LATENCY_QUERIES]
    latencies = [time_to_answer(page, query, key_delay_ms=PERSON_KEY_DELAY_MS, timeout_ms=60_000) for query in typed]
    page.close()
    latency, limit = statistics.median(latencies), LATENCY_LIMITS.get(label, 0)
    first = f"8. First search, {engine}, {label}:"
    once_metric, once_value = f"{first} transfer (gzip), time ('harassment' typed at once)", f"{size(once[0])}, {once[1]:,.0f} ms"
    paced_metric = f"{first} keys {PERSON_KEY_DELAY_MS} ms apart, each latency query on a cold page (n={len(paced)}): largest transfer (gzip), time"
    max_ms = max(ms for _, ms in paced)
    paced_value = f"{size(paced_transfer)}, {paced_ms:,.0f} ms (max {max_ms:,.0f} ms)"
    latency_metric = f"9. Keystroke → results, {engine}, {label} (n={len(latencies)})"
    latency_value = f"{latency:.1f} ms (max {max(latencies):.1f} ms)"
    return [
        row(once_metric, once_value),
        row(paced_metric, paced_value, target, paced_transfer <= most and paced_ms <= median and max_ms <= slowest),
        row(latency_metric, latency_value, f"< {limit:.0f} ms" if limit else None, latency < limit),
    ]


def pagefind_copy(site: Path) -> Path:
    """A copy of a lunr-searched ``site`` as ``HUB_SEARCH=pagefind`` builds it: its search finished again by the
    build's own function (``knowledge_hub.search.finish``) from its index and the data beside it."""
    from knowledge_hub.loader import load_hub
    from knowledge_hub.search import INDEX_FILE, finish

    copy = site.with_name(f"{site.name}-pagefind")
    shutil.copytree(site, copy)
    index = json.loads((copy / INDEX_FILE).read_text(encoding="utf-8"))
    finish(copy, load_hub(site.parent / "data"), engine="pagefind", project_dir=ROOT, index=index)
    return copy


def search_rows(browser: Any, sites: dict[str, Path], *, rounds: int) -> list[Row]:
    """Figure 7 on the real site; figures 8 and 9 for each engine on each site (``rounds`` on the real one)."""
    rows = [query_set(browser, sites["real"])] if "real" in sites else []
    for label, site in sites.items():
        # A site the build gave to Pagefind (past lunr's budget) has an empty lunr index: measured as built.
        built_with_pagefind = (site / "pagefind" / "pagefind.js").is_file()
        engines = {"Pagefind": site} if built_with_pagefind else {"lunr": site, "Pagefind": pagefind_copy(site)}
        for engine, folder in engines.items():
            with serve_site(folder) as base:
                rows += engine_rows(browser, base, engine, label, rounds if label == "real" else 1)
            log(f"search figures: {rows[-3:]}")
    return rows
