"""Write valid synthetic hub data at N times the size of the real data, for the benchmarks.

Each real resource, person, dialogue (with its quotes), recommendation and practice is copied N
times, copy k's ids suffixed ``-ck`` (copy 0 keeps them) and its references pointing at the same
copy, so every count and every reference is N times the real one; each word of a text field is
redrawn, seeded, from the real text's words (benchmarks/README.md, "The synthetic data").

    python benchmarks/generate.py 10 /tmp/hub-10x/data     # writes and validates the data
"""

from __future__ import annotations

import argparse
import copy
import random
import re
from pathlib import Path
from typing import Any

import yaml

from knowledge_hub import models
from knowledge_hub.loader import load_hub
from knowledge_hub.markdown_syntax import reading_text
from knowledge_hub.model_fields import text_fields
from knowledge_hub.references import walk_strings

ROOT = Path(__file__).resolve().parents[1]
SEED = 20210208  # the date of the first dialogue

HEADER = "# Synthetic benchmark data written by benchmarks/generate.py (scale {scale}x, seed {seed}). Not content.\n"

COPIED = {"resources.yaml": "resources", "people.yaml": "people", "dialogues.yaml": "dialogues"}
COPIED |= {"recommendations.yaml": "recommendations", "practices.yaml": "practices"}
"""The files whose entities are copied, and the key of their list."""

REFERENCES = {"speaker": "people", "facilitator": "people", "speakers": "people", "shared_by": "people"}
REFERENCES |= {"quotes": "quotes", "dialogues": "dialogues", "recommendations": "recommendations"}
REFERENCES |= {"cited_resources": "resources", "related_resources": "resources", "resources": "resources"}
"""A field naming other entities, by the kind it names."""

KEPT = {"source", "basis"}
"""Text that other rules read as it is: the sections cited must be in the contents; a good practice's basis says so."""

_TOKEN = re.compile(r"\]\(resource:([^)\s]*)\)|https?://\S+|[A-Za-z]{2,}")


class _Copier:
    """Copy ``k`` of one entity: its words redrawn, its ids and references moved to copy ``k``."""

    def __init__(self, raw: dict[str, Any], rng: random.Random) -> None:
        self.rng = rng
        self.words = [w.lower() for _, text in walk_strings(raw) for w in re.findall(r"[A-Za-z]{2,}", text) if "://" not in text]
        items = {kind: raw[file][kind] for file, kind in COPIED.items()}
        items["quotes"] = [quote for dialogue in items["dialogues"] for quote in dialogue["quotes"]]
        self.ids = {kind: {item.get("id", item.get("slug")) for item in entries} for kind, entries in items.items()}
        self.counts = {kind: len(entries) for kind, entries in items.items()}
        self.text = {names for model in models.DATA_FILES.values() for names, _ in text_fields(model)}
        self.k = 0

    def rename(self, kind: str, value: str) -> str:
        if not self.k or value not in self.ids.get(kind, ()):
            return value
        if kind == "recommendations":  # the slug starts with the number
            number, rest = value.split("-", 1)
            return f"{int(number) + self.k * self.counts[kind]}-{rest}"
        return f"{value}-c{self.k}"

    def redraw(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if match.group(1) is not None:
            return f"](resource:{self.rename('resources', match.group(1))})"
        if "://" in found:
            return found
        word: str = self.rng.choice(self.words)
        return word.upper() if found.isupper() else word.capitalize() if found[0].isupper() else word

    def copy(self, value: Any, names: tuple[str, ...]) -> Any:
        if names[-1] in KEPT:
            return copy.deepcopy(value)
        if isinstance(value, dict):
            return {key: self.copy(item, (*names, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.copy(item, names) for item in value]
        if not isinstance(value, str):
            return copy.copy(value)  # a date shared by two copies would be written as a YAML alias, which the rules refuse
        if names[-1] in ("id", "slug"):
            return self.rename(names[-2], value)
        if names[-1] == "former_ids":
            return f"{value}-c{self.k}" if self.k else value
        if names[-1] in REFERENCES:
            return self.rename(REFERENCES[names[-1]], value)
        if names in self.text:
            return _TOKEN.sub(self.redraw, value)
        return value

    def entity(self, kind: str, item: dict[str, Any]) -> dict[str, Any]:
        copied: dict[str, Any] = self.copy(item, (kind,))
        if "number" in copied:
            copied["number"] += self.k * self.counts[kind]
        if kind == "recommendations" and copied.get("summary"):  # a summary is the body's own words
            words = reading_text(" ".join(copied["body"])).split()
            copied["summary"] = " ".join(words[: len(copied["summary"].split())])
        return copied


def generate(scale: int, out_dir: Path, *, seed: int = SEED, real_data: Path = ROOT / "data") -> None:
    """Write ``scale`` times the real data into ``out_dir`` (created; existing YAML files replaced)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    raw = {name: yaml.load((real_data / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for name in models.DATA_FILES}
    copier = _Copier(raw, random.Random(f"{seed}:{scale}"))
    files = copy.deepcopy(raw)
    for file, kind in COPIED.items():
        files[file][kind] = []
        for copier.k in range(scale):
            files[file][kind] += [copier.entity(kind, item) for item in raw[file][kind]]
    old, new = ({r["slug"]: r for r in data["recommendations.yaml"]["recommendations"]} for data in (raw, files))
    for ask in (ask for tag in files["tags.yaml"].get("tags", []) for ask in tag.get("asks", [])):
        # An ask quotes a whole sentence of its recommendation's body: the words at the same places in copy 0's body.
        for before, after in zip(*(map(reading_text, r[ask["recommendation"]]["body"]) for r in (old, new)), strict=True):
            if ask["text"] in before:
                start = len(before[: before.index(ask["text"])].split())
                ask["text"] = " ".join(after.split()[start : start + len(ask["text"].split())])
                break
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        dumped = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)
        (out_dir / name).write_text(HEADER.format(scale=scale, seed=seed) + dumped, encoding="utf-8")


def describe(data_dir: Path) -> str:
    """What ``data_dir`` holds, counted by ``load_hub`` (which raises DataError, listing every fault, if it is not valid)."""
    hub = load_hub(data_dir)
    kinds = ("recommendations", "quotes", "people", "dialogues", "resources", "practices", "tags")
    counts = ", ".join(f"{len(getattr(hub, kind)):,} {kind}" for kind in kinds)
    return f"{counts}; {sum(p.stat().st_size for p in data_dir.glob('*.yaml')) / 1e6:.1f} MB of YAML"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scale", type=int, help="how many times the real data (1, 10, 100, ...)")
    parser.add_argument("out", type=Path, help="folder to write the data files into")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    generate(args.scale, args.out, seed=args.seed)
    print(f"{args.scale}x: {describe(args.out)} in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
