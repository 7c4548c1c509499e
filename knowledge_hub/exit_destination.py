"""The quick exit's destination: the one setting ``extra.exit_url`` in mkdocs.yml.

Every page's "Exit this page" control leads there (overrides/main.html reads the setting). Empty,
missing or ``about:blank`` means a blank page: neutral, and it requests nothing from anyone. Any
other value must be an https address listed in sources/verified-addresses.yaml, like every
address the hub links to; the list holds no neutral page today, so the default stays blank.
"""

from __future__ import annotations

from pathlib import Path

from knowledge_hub.addresses import VERIFIED_LIST, normalise, read_verified

SETTING = "extra.exit_url"
BLANK = "about:blank"


def exit_destination(value: object) -> str:
    """The address the exit leads to for a setting's value (the blank page when unset)."""
    if value is None or (isinstance(value, str) and value.strip() in ("", BLANK)):
        return BLANK
    return str(value)


def exit_url_fault(value: object, sources_dir: Path, *, config_name: str = "mkdocs.yml") -> str | None:
    """One plain line saying what is wrong with the setting and what to do, or None when it is allowed."""
    destination = exit_destination(value)
    if destination == BLANK:
        return None
    advice = (
        f"leave it empty for a blank page, or give an https:// address listed in sources/{VERIFIED_LIST} "
        "(see CONTRIBUTING.md, 'Add a resource, with its web address')"
    )
    shown = f"{config_name}: {SETTING} '{destination}'"
    if not isinstance(value, str):
        return f"{shown} is not a web address: {advice}"
    if not destination.startswith("https://"):
        return f"{shown} is not an https:// address: {advice}"
    verified, faults = read_verified(sources_dir / VERIFIED_LIST, f"sources/{VERIFIED_LIST}")
    if verified is None:
        problem = faults[0] if faults else None
        return f"{shown} cannot be checked: sources/{VERIFIED_LIST} is missing or has a fault ({problem}); fix it, or {advice}"
    if normalise(destination) not in verified.entries:
        return f"{shown} is not in sources/{VERIFIED_LIST}: {advice}"
    return None
