"""mkdocs-macros module: the data-driven blocks that hand-written pages (docs/*.md) may use.

Only pages with ``render_macros: true`` in their front matter are rendered by macros, so text in
the data can never be mistaken for a template.
"""

from __future__ import annotations

from typing import Any

from knowledge_hub.pages import HUB_CONFIG_KEY, MACRO_FRAGMENTS, render_fragment


def define_env(env: Any) -> None:
    def fragment(name: str) -> str:
        return render_fragment(name, hub=env.conf.extra[HUB_CONFIG_KEY], page_path=env.page.file.src_uri)

    for macro, template in MACRO_FRAGMENTS.items():
        env.macro(lambda template=template: fragment(template), macro)
