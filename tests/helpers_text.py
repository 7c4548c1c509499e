"""How the tests compare the data's text with the publication's: the same normalisation and excerpt
cutting as `hub check` (knowledge_hub/fidelity.py), so a test and the check never disagree."""

from __future__ import annotations

from knowledge_hub.fidelity import MIN_EXCERPT, normalise, verbatim_excerpts

__all__ = ["MIN_EXCERPT", "normalise", "verbatim_excerpts"]
