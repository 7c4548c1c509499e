"""The changed copies of the project that tests of several modules read, each built once per test run.

A complete build takes seconds, so tests that need a build with other settings or other data share
one (``site_build.shared_prepared_build``) rather than building their own: each function here names
what its build changes and which tests read it. The changes touch different settings and different
entries, so each test reads its own part as if the build were its alone, and derives what it
expects from the data or the setting it changed, never from the output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from helpers_data import rename_everywhere
from site_build import ROOT, VERIFIED_ADDRESSES, assert_clean_build, shared_prepared_build

from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub
from knowledge_hub.models import Person, Recommendation

# --- the published build: under a sub-path, the exit set to a verified address --------------------

SITE_URL = "http://127.0.0.1/hub/"
"""The address the published build is made for, served under its path (``/hub/``)."""

BLANK_EXIT = "  exit_url: about:blank\n"
"""mkdocs.yml's own exit setting: a blank page, which the published build replaces."""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: its tags (!ENV, !!python/name) read as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def configured_exit_url(project: Path = ROOT) -> Any:
    """``extra.exit_url`` as ``project``'s mkdocs.yml writes it (the repository's by default)."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # a SafeLoader subclass
    return (config.get("extra") or {}).get("exit_url")


def a_verified_address() -> str:
    """The first address of sources/verified-addresses.yaml."""
    listed = yaml.safe_load(VERIFIED_ADDRESSES.read_text(encoding="utf-8"))["links"]
    return str(listed[0]["url"])


def set_a_verified_exit(project: Path) -> None:
    """The published build's change: mkdocs.yml's ``extra.exit_url`` from a blank page to ``a_verified_address()``.

    Nothing else changes; the build also has ``SITE_URL`` set (``published_build``). Read by
    tests/test_site_hosting.py and tests/test_quote_links.py (the site under ``SITE_URL``'s path)
    and by tests/test_site_exit.py (the exit leads to the address the setting names).
    """
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert BLANK_EXIT in text, "mkdocs.yml no longer sets the exit to a blank page: the published build changes nothing"
    config.write_text(text.replace(BLANK_EXIT, f"  exit_url: {a_verified_address()}\n"), encoding="utf-8")


def published_build(base_temp: Path) -> Path:
    """The project built with ``SITE_URL`` and ``set_a_verified_exit``, once per test run, checked clean.

    Returns the project folder (its ``mkdocs.yml`` is the one the build read; the site is in ``site/``).
    ``base_temp`` is ``tmp_path_factory.getbasetemp()``.
    """
    project, result = shared_prepared_build(base_temp, "published", set_a_verified_exit, env={"SITE_URL": SITE_URL})
    assert_clean_build(result)
    return project


# --- the edited-data build: markup in the data, a person renamed ------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
RENAMED = "-renamed"
"""What the renamed person's new id adds to the old one."""


def recommendation_with_a_dialogue_quote(hub: Hub) -> tuple[Recommendation, str]:
    """The first recommendation (by number) that shows a quote from a dialogue, and that quote's id."""
    return next((r, q) for r in hub.recommendations for q in r.quotes if hub.quote(q).dialogue is not None)


def hostile_quote_text(hub: Hub, quote_id: str) -> str:
    """The text the edited build gives the quote: its own, then a script element and Markdown bold."""
    return f"{hub.quote(quote_id).quote.text} {SCRIPT} **bold**"


def renamed_person(hub: Hub) -> Person:
    """The person the edited build renames (to their id + ``RENAMED``): the first in the data."""
    return next(iter(hub.people.values()))


def _edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def edit_data(project: Path) -> None:
    """The edited-data build's two changes to data/, to different entries (a person; a quote and a recommendation):

    * ``renamed_person`` gets the id ``<id>-renamed`` everywhere it is used, the old id kept under
      ``former_ids`` (read by tests/test_redirects.py: the old address leads to the new page);
    * the quote of ``recommendation_with_a_dialogue_quote`` gets ``hostile_quote_text`` and that
      recommendation's first paragraph ends with ``IMAGE`` (read by tests/test_site.py: markup in
      the data is shown as text).

    Which entries are read from the copy's data, as the tests read them from the real data.
    """
    data = project / "data"
    hub = load_hub(data)
    person = renamed_person(hub)
    rec, quote_id = recommendation_with_a_dialogue_quote(hub)
    # The rename first: it rewrites the files' text, and must not touch the markup written next.
    rename_everywhere(data, person.id, f"{person.id}{RENAMED}")
    quote_text = hostile_quote_text(hub, quote_id)

    def change_quote(written: dict) -> None:
        for dialogue in written["dialogues"]:
            for quote in dialogue["quotes"]:
                if quote["id"] == quote_id:
                    quote["text"] = quote_text

    def change_recommendation(written: dict) -> None:
        (entry,) = [r for r in written["recommendations"] if r["slug"] == rec.slug]
        entry["body"][0] += f" {IMAGE}"

    _edit_yaml(data / "dialogues.yaml", change_quote)
    _edit_yaml(data / "recommendations.yaml", change_recommendation)


def edited_build(base_temp: Path) -> Path:
    """The project with ``edit_data``'s changes, built once per test run, checked clean; returns the project folder."""
    project, result = shared_prepared_build(base_temp, "edited-data", edit_data)
    assert_clean_build(result)
    return project
