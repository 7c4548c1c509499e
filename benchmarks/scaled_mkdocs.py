"""Run the ``mkdocs`` command with the model's size guards lifted, for the 10x and 100x data.

Same arguments as ``mkdocs``: ``python benchmarks/scaled_mkdocs.py build -f <project>/mkdocs.yml``.
Only the guards named in ``generate.lift_scale_limits`` are relaxed; every other rule still applies.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import lift_scale_limits  # noqa: E402

lift_scale_limits()

from mkdocs.__main__ import cli  # noqa: E402

if __name__ == "__main__":
    sys.argv[0] = "mkdocs"
    cli()
