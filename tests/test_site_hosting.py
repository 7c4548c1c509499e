"""The site published under a sub-path: ``SITE_URL=http://127.0.0.1/hub/``, served under ``/hub/``.

The build is served as static hosts serve it (a missing address gets 404.html with status 404),
and every page, the 404 page included (fetched at a missing address two folders deep), has every
link and every asset it would load fetched from the server: each must stay under ``/hub/`` and
answer 200. Stylesheets' ``url()`` references and the search worker and index that Material's
script loads are fetched too. Canonical links, the sitemap and "Cite this" must give the real
address; a build without ``SITE_URL`` must give none of it.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from prepared_builds import SITE_URL, published_build
from selectolax.lexbor import LexborNode
from site_build import is_redirect_notice, serve_site
from test_privacy import LOADING_ATTRIBUTES, css_loads

from knowledge_hub import paths
from knowledge_hub.hub import Hub

if TYPE_CHECKING:
    Parse = Callable[[Path | str], LexborNode]

PREFIX = urlsplit(SITE_URL).path
MISSING = "no/such/page/"
"""A missing address two folders deep: the 404 page's links must work from there too."""

NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:", "#")


@pytest.fixture(scope="module")
def hosted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published build (tests/prepared_builds.py): SITE_URL set, and the exit set to another site's address,
    which the walk below leaves alone as it leaves every other site's."""
    return published_build(tmp_path_factory.getbasetemp()) / "site"


@pytest.fixture(scope="module")
def base(hosted_site: Path) -> Iterator[str]:
    with serve_site(hosted_site, prefix=PREFIX) as url:
        yield url


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def page_addresses(site: Path) -> list[str]:
    """Every HTML page of the site, as its address relative to the site root ('' for home)."""
    found = []
    for file in sorted(site.rglob("*.html")):
        if is_redirect_notice(file):  # reached by old links only; no theme (site_build.is_redirect_notice)
            continue
        relative = file.relative_to(site).as_posix()
        found.append(relative.removesuffix("index.html") if file.name == "index.html" else relative)
    assert len(found) > 50, "the site looks empty"
    return found


def references(root: LexborNode) -> Iterator[str]:
    """Every address a page links to or loads: links, stylesheets, icons, scripts, images, the search worker."""
    for element in root.traverse():
        if element.tag in {"a", "link"} and element.attrs.get("href"):
            yield element.attrs["href"] or ""
        for attribute in LOADING_ATTRIBUTES.get(element.tag, ()):
            if element.attrs.get(attribute):
                yield from (part.strip().split(" ")[0] for part in (element.attrs[attribute] or "").split(","))
    config = root.css_first("script#__config")
    assert config is not None, "Material's __config is missing"
    settings = json.loads(config.text())
    yield settings["search"]
    yield f"{settings['base'].rstrip('/')}/search/search_index.json"


def local(url: str, origin: str) -> str | None:
    """``url`` on the test server (the published origin mapped to it), or None for another site."""
    published = "{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))
    if url.startswith(published + "/"):
        url = origin + url.removeprefix(published)
    return urldefrag(url).url if url.startswith(origin + "/") else None


def test_every_link_and_asset_resolves_under_the_sub_path(hosted_site: Path, base: str, parse_html: Parse) -> None:
    origin = base.removesuffix(PREFIX)
    status: dict[str, int] = {}
    broken: list[str] = []
    checked = 0

    def check(url: str, found_on: str) -> bytes | None:
        nonlocal checked
        checked += 1
        if not url.startswith(base):
            broken.append(f"{found_on}: {url} (outside {PREFIX})")
            return None
        if url not in status:
            status[url], body = fetch(url)
            if status[url] == 200:
                return body
        if status[url] != 200:
            broken.append(f"{found_on}: {url} (HTTP {status[url]})")
        return None

    pages = [(f"{base}{address}", 200) for address in page_addresses(hosted_site)]
    pages.append((f"{base}{MISSING}", 404))
    for page_url, expected in pages:
        code, body = fetch(page_url)
        assert code == expected, f"{page_url}: HTTP {code}, expected {expected}"
        for href in references(parse_html(body.decode("utf-8"))):
            if href.startswith(NOT_FETCHED) or not (url := local(urljoin(page_url, href), origin)):
                continue
            content = check(url, page_url)
            if content is not None and url.endswith(".css"):
                for asset in css_loads(content.decode("utf-8")):
                    if not asset.startswith(NOT_FETCHED) and (target := local(urljoin(url, asset), origin)):
                        check(target, url)
    assert checked > 5000 and len(status) > 100, "too few links checked: the walk is broken"
    assert not broken, f"{len(broken)} broken link(s) or asset(s):\n" + "\n".join(sorted(set(broken))[:50])


def test_the_404_page_is_styled_and_linked_under_the_sub_path(base: str, parse_html: Parse) -> None:
    code, body = fetch(f"{base}{MISSING}")
    root = parse_html(body.decode("utf-8"))
    stylesheets = [e.attrs["href"] or "" for e in root.css('link[rel="stylesheet"]')]
    assert code == 404 and stylesheets
    assert all(href.startswith(PREFIX) for href in stylesheets), stylesheets
    home = root.css_first("a.md-logo")
    assert home is not None and urljoin(f"{base}{MISSING}", home.attrs["href"]) == base


def test_the_404_pages_own_links_reach_their_pages_under_the_sub_path(base: str, parse_html: Parse) -> None:
    missing = f"{base}{MISSING}"
    content = parse_html(fetch(missing)[1].decode("utf-8")).css_first("article")
    assert content is not None
    hrefs = {a.text().strip(): a.attrs.get("href") or "" for a in content.css("a")}
    # Home is the site's own path, written as such (not "/hub/.", which some hosts and tools keep as is).
    assert hrefs.pop("Home") == PREFIX
    links = {label: urljoin(missing, href) for label, href in hrefs.items()}
    assert len(links) >= 8, links
    for label, url in links.items():
        assert url.startswith(base) and url != base, f"{label}: {url}"
        assert fetch(url)[0] == 200, f"{label}: {url}"


def test_canonical_links_and_the_sitemap_give_the_published_address(hosted_site: Path, parse_html: Parse) -> None:
    wrong = []
    for address in page_addresses(hosted_site):
        if address == "404.html":
            continue
        canonical = parse_html(hosted_site / address / "index.html").css_first('link[rel="canonical"]')
        if canonical is None or canonical.attrs["href"] != f"{SITE_URL}{address}":
            wrong.append(f"{address}: {canonical.attributes if canonical else 'no canonical link'}")
    assert not wrong, "\n".join(wrong[:20])
    sitemap = (hosted_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(SITE_URL) for loc in locations)
    assert {loc.removeprefix(SITE_URL) for loc in locations} == set(page_addresses(hosted_site)) - {"404.html"}


def test_cite_this_gives_the_published_address(hosted_site: Path, built_site: Path, hub: Hub, parse_html: Parse) -> None:
    address = paths.url(paths.recommendation(hub.recommendations[0]))
    published = parse_html(hosted_site / address / "index.html").css_first("div.hub-cite")
    relative = parse_html(built_site / address / "index.html").css_first("div.hub-cite")
    assert published is not None and relative is not None
    # The address is shown in full; it is a live link only over https (the page sanitiser keeps no
    # other scheme in content), and this test's local address is http.
    assert f"{SITE_URL}{address}" in published.text()
    assert f"page {address}" in relative.text() and "127.0.0.1" not in relative.text()


def test_without_site_url_no_page_names_an_address(built_site: Path, parse_html: Parse) -> None:
    with_address = [
        file.relative_to(built_site).as_posix()
        for file in sorted(built_site.rglob("*.html"))
        if parse_html(file).css_first('link[rel="canonical"]') is not None
    ]
    assert not with_address, with_address[:10]
