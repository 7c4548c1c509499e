"""Shared fixtures: the real data, the publication's text, and strict builds of the site.

``built_site`` builds a copy of the project once per session (``mkdocs build --strict``) and
returns the site directory; tests read its HTML with ``parse_html`` (a tiny stdlib DOM).
``build_project`` builds a copy whose files a test may change first, for altered-data scenarios.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub

from site_build import ROOT, SEED, assert_clean_build, copy_project, run_build, shared_build, warning_lines  # noqa: F401 - re-exported



@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Under pytest-xdist (`make test`: --dist loadgroup) each group runs in one process: a module's
    # tests stay together, so its fixtures are set up once, and every test that reads the crawl of
    # the whole site (the slowest fixture, tests/browser) shares one process, so it is crawled once.
    for item in items:
        group = "site-crawl" if "site_crawl" in getattr(item, "fixturenames", ()) else item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))


class ProjectBuilder:
    """``build_project(tmp_path, edit=callable)``: copy the project, let ``edit(project_dir)`` change it, build.

    Returns (CompletedProcess, site dir); the caller decides whether the build had to succeed,
    e.g. with ``build_project.assert_clean(result)``.
    """

    assert_clean = staticmethod(assert_clean_build)

    def __call__(
        self, tmp_path: Path, edit: Callable[[Path], object] | None = None, *, env: dict[str, str] | None = None
    ) -> tuple[subprocess.CompletedProcess[str], Path]:
        project = copy_project(tmp_path / "project")
        if edit is not None:
            edit(project)
        return run_build(project, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once per test run from an unmodified copy of the project (also what the browser tests open)."""
    return shared_build(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HUB_OFFLINE=true build (``make offline``, for file://), once per test run."""
    return shared_build(tmp_path_factory.getbasetemp(), {"HUB_OFFLINE": "true"})


@pytest.fixture(scope="session")
def build_project() -> ProjectBuilder:
    """Builds a changed copy of the project; see ``ProjectBuilder``."""
    return ProjectBuilder()


# --- data and seed -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def hub() -> Hub:
    """The real data, loaded and validated exactly as the build does."""
    return load_hub(ROOT / "data")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The publication's text that every item in data/ comes from."""
    return SEED.read_text(encoding="utf-8")


# --- a tiny DOM over the stdlib HTML parser -------------------------------------------------------

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> list[Element]:
        """Descendants (and self) matching tag, a class and exact attribute values (``id_`` for id)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(k) == v for k, v in wanted.items())
        ]

    def find(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, cls=cls, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        """All text inside, entities decoded, markup dropped."""
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html_text(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@pytest.fixture(scope="session")
def parse_html() -> Callable[[Path | str], Element]:
    """``parse_html(path_or_markup)`` -> root Element (cached per file)."""
    cache: dict[Path, Element] = {}

    def parse(source: Path | str) -> Element:
        if isinstance(source, Path):
            if source not in cache:
                cache[source] = parse_html_text(source.read_text(encoding="utf-8"))
            return cache[source]
        return parse_html_text(source)

    return parse
