"""The ``hub`` command (also ``python -m knowledge_hub``): check the data, keep the schemas current.

``hub check``          validate every file in data/ and list every problem, one per line (including
                       web addresses missing from sources/verified-addresses.yaml, and what only
                       the rendered pages show: broken links in data text, ids that clash with
                       pages or anchors, docs/ pages that a generated page would replace);
                       ``--format github`` (the default when GITHUB_ACTIONS=true) prints each
                       problem as a GitHub annotation on its line instead, and writes a list of
                       them to $GITHUB_STEP_SUMMARY when that is set;
``hub schema``         regenerate schema/*.schema.json from the models (for editors);
``hub schema --check`` fail when the committed schemas are stale;
``hub render DIR``     write every generated page, the open data and the nav as a plain MkDocs
                       project in DIR (no hooks, no plugins): the hub without its site wiring,
                       made by the project's own build events (knowledge_hub.plain_site).
Exit codes: 0 all good, 1 problems found, 2 the command itself was used wrongly.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from knowledge_hub.faults import Fault, github_annotation, step_summary
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError
from knowledge_hub.pipeline import build_site
from knowledge_hub.plain_site import write_plain_site
from knowledge_hub.schema import build_schemas, stale_schemas, write_schemas

OK, PROBLEMS = 0, 1


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        if not args.data.is_dir():
            parser.error(f"no data directory at '{args.data}': run from the project root or pass --data DIR")
        output_format = args.format if args.format != "auto" else _default_format()
        return run_check(
            args.data, docs_dir=args.docs if args.docs is not None else args.data.parent / "docs", output_format=output_format
        )
    if args.command == "render":
        if not args.data.is_dir() or not args.docs.is_dir():
            parser.error(
                f"no data or docs directory at '{args.data}', '{args.docs}': run from the project root or pass --data and --docs"
            )
        if args.dir.exists() and any(args.dir.iterdir()):
            parser.error(f"'{args.dir}' is not empty: give a new or empty folder")
        config_file = args.config if args.config is not None else args.data.parent / "mkdocs.yml"
        if not config_file.is_file():
            parser.error(f"no mkdocs.yml at '{config_file}': run from the project root or pass --config")
        return run_render(args.data, args.docs, args.dir, config_file=config_file)
    return run_schema(args.dir, check_only=args.check)


def _default_format() -> str:
    """``github`` inside a GitHub Actions job (it sets GITHUB_ACTIONS=true), else ``text``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run_check(data_dir: Path, *, docs_dir: Path | None = None, output_format: str = "text") -> int:
    """Validate ``data_dir`` (and the pages it makes, against ``docs_dir``); print every fault, then a summary line.

    ``output_format="github"`` prints each fault as a GitHub annotation and, when GITHUB_STEP_SUMMARY
    names a file, appends the list of faults to it as Markdown.
    """
    shown = f"{data_dir.as_posix().rstrip('/')}/"
    started = time.perf_counter()
    hub = _load_or_report(data_dir, docs_dir=docs_dir, output_format=output_format)
    if hub is None:
        return PROBLEMS
    elapsed = time.perf_counter() - started
    counts = {
        "recommendations": len(hub.recommendations),
        "dialogues": len(hub.dialogues),
        "people": len(hub.people),
        "quotes": len(hub.quotes),
        "resources": len(hub.resources),
        "practices": len(hub.practices),
        "tags": len(hub.tags),
    }
    listed = ", ".join(f"{number} {what}" for what, number in counts.items())
    print(f"{shown} is valid: {listed} (checked in {elapsed:.2f} s)")
    if output_format == "github":
        _write_step_summary(f"Data check: {shown} is valid", [])
    return OK


def run_render(data_dir: Path, docs_dir: Path, destination: Path, *, config_file: Path) -> int:
    """Validate ``data_dir``, then write the hub as a plain MkDocs project into ``destination``."""
    if _load_or_report(data_dir, docs_dir=docs_dir) is None:
        return PROBLEMS
    destination.mkdir(parents=True, exist_ok=True)
    pages = write_plain_site(config_file, destination, data_dir=data_dir, docs_dir=docs_dir)
    shown = destination.as_posix().rstrip("/")
    print(
        f"wrote {len(pages)} pages to {shown}/docs/ and {shown}/mkdocs.yml: build with `mkdocs build --strict -f {shown}/mkdocs.yml`"
    )
    return OK


def _load_or_report(data_dir: Path, *, docs_dir: Path | None = None, output_format: str = "text") -> Hub | None:
    """The validated hub (its pages checked too), or None after printing every fault and how to go on."""
    shown = f"{data_dir.as_posix().rstrip('/')}/"
    started = time.perf_counter()
    try:
        return build_site(data_dir, docs_dir=docs_dir).hub
    except DataError as error:
        elapsed = time.perf_counter() - started
        count = f"{len(error.faults)} problem{'s' if len(error.faults) != 1 else ''}"
        if output_format == "github":
            for fault in error.faults:
                print(github_annotation(fault))
            print(
                f"{count} in {shown} (checked in {elapsed:.2f} s): each is marked at its file and line (in a pull request, "
                "under 'Files changed') and listed in this run's summary; fix them, then push again. "
                "CONTRIBUTING.md explains each message."
            )
            _write_step_summary(f"Data check: {count} in {shown}", error.faults)
            return None
        for fault in error.faults:
            print(fault)
        print(
            f"{count} in {shown} (checked in {elapsed:.2f} s): fix the lines above, then run `hub check` again. "
            "CONTRIBUTING.md explains each message."
        )
        return None


def _write_step_summary(heading: str, faults: list[Fault]) -> None:
    """Append the faults to the job's summary page, when GitHub names one (GITHUB_STEP_SUMMARY)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as summary:
        summary.write(step_summary(faults, heading))


def run_schema(schema_dir: Path, *, check_only: bool) -> int:
    """Write the JSON Schemas, or with ``check_only`` report the stale ones."""
    shown = schema_dir.as_posix().rstrip("/")
    if check_only:
        stale = stale_schemas(schema_dir)
        for name in stale:
            print(f"{shown}/{name} is stale: run `hub schema` and commit the result")
        if stale:
            return PROBLEMS
    else:
        for name in write_schemas(schema_dir):
            print(f"updated {shown}/{name}")
    print(f"{shown}/ is up to date ({len(build_schemas())} schemas)")
    return OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hub", description="Check the knowledge hub's data and keep its JSON Schemas current.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{check,schema,render}")
    check = commands.add_parser("check", help="validate data/ and list every problem, one per line")
    check.add_argument("--data", type=Path, default=Path("data"), metavar="DIR", help="the data directory (default: data)")
    check.add_argument(
        "--docs", type=Path, default=None, metavar="DIR", help="the hand-written pages (default: docs next to the data directory)"
    )
    check.add_argument(
        "--format",
        choices=["auto", "text", "github"],
        default="auto",
        help="text: one line per problem; github: GitHub annotations and a step summary (default: github when GITHUB_ACTIONS=true)",
    )
    schema = commands.add_parser("schema", help="write schema/*.schema.json from the models")
    schema.add_argument("--check", action="store_true", help="only report schemas that are stale (exit 1 if any)")
    schema.add_argument("--dir", type=Path, default=Path("schema"), metavar="DIR", help="the schema directory (default: schema)")
    render = commands.add_parser("render", help="write the hub as a plain MkDocs project (Markdown pages, nav, mkdocs.yml)")
    render.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder to write into")
    render.add_argument("--data", type=Path, default=Path("data"), metavar="DIR", help="the data directory (default: data)")
    render.add_argument("--docs", type=Path, default=Path("docs"), metavar="DIR", help="the hand-written pages (default: docs)")
    render.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE",
        help="the project's MkDocs settings, whose hooks and plugins make the pages (default: mkdocs.yml beside the data directory)",
    )
    return parser
