"""mkdocs-macros module: the data-driven blocks that hand-written pages (docs/*.md) may use.

Only pages with ``render_macros: true`` in their front matter are rendered by macros, so text in
the data can never be mistaken for a template.
"""

from __future__ import annotations

from typing import Any

from knowledge_hub.pages import HUB_CONFIG_KEY, render_fragment


def define_env(env: Any) -> None:
    def fragment(name: str) -> str:
        return render_fragment(name, hub=env.conf.extra[HUB_CONFIG_KEY], page_path=env.page.file.src_uri)

    env.macro(lambda: fragment("_cards.md.j2"), "recommendation_cards")
    env.macro(lambda: fragment("_dialogue_list.md.j2"), "dialogue_cards")
    env.macro(lambda: fragment("_citation.md.j2"), "citation")
    env.macro(lambda: fragment("_counts.md.j2"), "hub_counts")
    env.macro(lambda: fragment("_audiences.md.j2"), "audience_cards")
