"""The changed copies of the project that tests of several modules read, each built once per test run.

A complete build takes seconds, so tests that need a build with other settings or other data share
one (``site_build.shared_prepared_build``) rather than building their own: each function here names
what its build changes and which tests read it. The changes touch different settings and different
entries, so each test reads its own part as if the build were its alone, and derives what it
expects from the data or the setting it changed, never from the output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from site_build import ROOT, VERIFIED_ADDRESSES, assert_clean_build, shared_prepared_build

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
