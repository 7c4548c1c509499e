"""``python -m knowledge_hub`` is the ``hub`` command."""

import sys

from knowledge_hub.cli import main

sys.exit(main())
