"""The live preview (``mkdocs serve``): a data fault shows in the browser instead of stopping the server.

A build (``mkdocs build``, CI) stops at the first data fault. A preview should not: a contributor
editing a file wants to see the fault where they look, and to keep the last good pages meanwhile.
``PREVIEW`` remembers the last good data for as long as the server runs (MkDocs loads the hooks
afresh on every rebuild, but imports this package once), and everything it shows from the data
faults is escaped HTML. Nothing here imports MkDocs: the hook connects these to its events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from knowledge_hub.hub import Hub
from knowledge_hub.faults import DataError
from knowledge_hub.site_check import CheckedHub, check_hub

PROBLEMS_PAGE = "data-problems.md"
"""Where the preview lists the data's faults (only while there are some; never in a build)."""

PROBLEMS_TITLE = "Data problems"


@dataclass(frozen=True)
class Preview:
    """What one preview rebuild shows: the hub (None when the data has never been valid), its pages, and the faults."""

    hub: Hub | None
    pages: dict[str, str]
    error: DataError | None = None

    @property
    def nav_entry(self) -> dict[str, str] | None:
        """``{title: page}`` to add to the nav while there are faults."""
        return {PROBLEMS_TITLE: PROBLEMS_PAGE} if self.error else None


@dataclass
class PreviewState:
    """The last good data of this server process, and whether a preview is running at all."""

    active: bool = False
    last_good: CheckedHub | None = field(default=None, repr=False)

    def start(self, command: str) -> None:
        """Call from the hook's ``on_startup``: only ``serve`` previews; a build still stops on a fault."""
        self.active = command == "serve"

    def check(self, data_dir: Path, *, docs_dir: Path | None = None) -> Preview:
        """``check_hub`` that never raises DataError: on a fault, the last good pages plus the list of faults."""
        try:
            checked = check_hub(data_dir, docs_dir=docs_dir)
        except DataError as error:
            problems = {PROBLEMS_PAGE: problems_page(error, has_last_good=self.last_good is not None)}
            if self.last_good is None:  # broken at launch: a site of one page, also at the home address
                return Preview(None, {**problems, "index.md": problems[PROBLEMS_PAGE]}, error)
            return Preview(self.last_good.hub, {**self.last_good.pages, **problems}, error)
        self.last_good = checked
        return Preview(checked.hub, checked.pages)


PREVIEW = PreviewState()
"""The one preview state of this process."""


def problems_page(error: DataError, *, has_last_good: bool) -> str:
    """The Markdown source of the page that lists every fault (the list itself is escaped HTML)."""
    shown = (
        "The pages show the data as it was at the last good save; they will follow your edits once the problems are fixed."
        if has_last_good else
        "The data had problems when the preview started, so there are no pages to show yet."
    )
    return (
        "---\nsearch:\n  exclude: true\n---\n\n"
        f"# {PROBLEMS_TITLE}\n\n"
        f"<p>{escape(_count(error))} in the data. {escape(shown)} "
        "Fix each line below and save: the preview rebuilds by itself. "
        "<code>make check</code> prints the same list.</p>\n\n"
        f"{fault_list_html(error)}\n"
    )


def fault_banner_html(error: DataError, *, problems_url: str) -> Markup:
    """A short notice for the top of every previewed page, linking to the full list (``problems_url``)."""
    first = error.faults[0] if error.faults else None
    return Markup(
        '<div class="hub-data-problems" role="alert"><p><strong>{count} in the data</strong>: this preview shows the '
        'last good version. {first} <a href="{url}">See every problem</a>.</p></div>'
    ).format(count=_count(error), first=f"First: {first}." if first else "", url=problems_url)


def fault_list_html(error: DataError) -> Markup:
    """Each fault as one list item: where (file:line), the field, and what to do; all of it escaped."""
    items = Markup("").join(
        Markup('<li><code>{where}</code> {field}{message}</li>\n').format(
            where=f"{fault.file}:{fault.line}" if fault.line else fault.file,
            field=Markup("<code>{}</code>: ").format(fault.field) if fault.field else "",
            message=fault.message,
        )
        for fault in error.faults
    )
    return Markup('<ol class="hub-data-problems-list">\n{}</ol>').format(items)


def _count(error: DataError) -> str:
    return f"{len(error.faults)} problem{'s' if len(error.faults) != 1 else ''}"
