"""What a keyboard, a phone and axe-core find on a page: the probes behind the accessibility tests.

Run as a script, it builds the site, serves it and prints the counts the tests assert on (axe
violations per rule, invisible Tab stops before the content) for every page kind at desktop and
phone size in both schemes:

    .venv/bin/python tests/browser/a11y_probes.py [--site BUILT_SITE_DIR]

With ``--site`` it measures a site built elsewhere (an older commit, say) instead of building one;
page kinds that site lacks are skipped and named.
"""

from __future__ import annotations

import collections
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

SCHEMES = {"light": "default", "dark": "slate"}
"""Playwright's colour-scheme preference -> the Material scheme the page should show."""

MIN_TARGET = 24
"""WCAG 2.2's 2.5.8 Target Size (Minimum), in CSS pixels."""

SETTLE = """() => Promise.race([
  Promise.all(document.getAnimations()
    // A text or background colour fading (a link's focus colour) moves nothing in or out of view:
    // not waited for. An outline's colour is: it is the focus indicator the probes judge.
    .filter(a => !(a instanceof CSSTransition)
      || !/^(color|background-color|border(-[a-z]+)?-color|text-decoration-color|fill|stroke)$/.test(a.transitionProperty))
    .map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 1000)),
])"""
"""Waits for running animations and transitions that move or reveal something (a drawer sliding in,
search opening) so a stop is judged as it ends up."""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // A hidden radio or checkbox is shown by a label beside it (Material's scheme toggle): judge that.
  const label = ['radio', 'checkbox'].includes(el.type)
    && [...el.labels, el.nextElementSibling].find(l => l?.tagName === 'LABEL' && l.checkVisibility());
  const box = label || el;
  const rect = box.getBoundingClientRect();
  let shown = rect.width >= 1 && rect.height >= 1
    && box.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && rect.right > 0 && rect.bottom > 0 && rect.left < innerWidth && rect.top < innerHeight;
  // A box that an ancestor clips away entirely (overflow hidden, a collapsed section) is not seen.
  for (let up = box.parentElement; shown && up; up = up.parentElement) {
    const style = getComputedStyle(up);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const clip = up.getBoundingClientRect();
    shown = rect.right > clip.left && rect.left < clip.right && rect.bottom > clip.top && rect.top < clip.bottom;
  }
  const style = getComputedStyle(box);
  const content = document.querySelector('.md-content');
  const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('title') || '').trim().replace(/\\s+/g, ' ');
  return {
    what: `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} "${name.slice(0, 40)}"`,
    visible: shown,
    beforeContent: !!content && !content.contains(el) && !!(el.compareDocumentPosition(content) & Node.DOCUMENT_POSITION_FOLLOWING),
    indicated: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== 'rgba(0, 0, 0, 0)')
      || style.boxShadow !== 'none',
  };
}"""


@dataclass
class Stop:
    """One element that Tab moved focus to."""

    what: str
    visible: bool
    before_content: bool
    """Comes before the page's content in the document (header, navigation, table of contents)."""
    indicated: bool
    """Shows an outline or a box-shadow while focused."""


def tab_stops_before_content(page: Page, *, limit: int = 400) -> tuple[list[Stop], bool]:
    """Press Tab from the top of the page until focus passes the header and navigation; returns (stops before the content, reached)."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    stops: list[Stop] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        page.evaluate(SETTLE)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            return stops, False
        stop = Stop(focused["what"], focused["visible"], focused["beforeContent"], focused["indicated"])
        if not stop.before_content:
            return stops, True
        stops.append(stop)
    return stops, False


TARGETS = """() => {
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(controls)]
    .filter(el => !el.closest('[inert]') && el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
    .map(el => {
      // A hidden radio or checkbox is operated through its label, which is measured on its own.
      if (['radio', 'checkbox'].includes(el.type) && getComputedStyle(el).opacity === '0') return null;
      const rects = [...el.getClientRects()];
      if (!rects.length) return null;
      // A link broken over two lines is as easy to hit as its largest piece.
      const width = Math.max(...rects.map(r => r.width)), height = Math.max(...rects.map(r => r.height));
      return {what: `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} "${(el.getAttribute('aria-label') || el.textContent).trim().slice(0, 30)}"`,
              width: Math.round(width * 10) / 10, height: Math.round(height * 10) / 10};
    })
    .filter(t => t && (t.width < %d || t.height < %d));
}""" % (MIN_TARGET, MIN_TARGET)  # noqa: UP031 - the script is full of braces an f-string would double
"""Every visible link and control smaller than MIN_TARGET in either direction, as {what, width, height}."""

OVERFLOW = """() => {
  const page = document.scrollingElement;
  // What lies past the right edge with no box of its own that scrolls it back into view (a table's wrapper).
  const outside = [...document.querySelectorAll('.md-content *, .md-header *, .md-footer *')]
    .filter(el => {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= innerWidth + 1 || !el.checkVisibility()) return false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX) && up.getBoundingClientRect().right <= innerWidth + 1)
          return false;
      }
      return true;
    })
    .map(el => `${el.tagName.toLowerCase()}${el.classList.length ? '.' + [...el.classList].join('.') : ''} "${el.textContent.trim().slice(0, 30)}" right=${Math.round(el.getBoundingClientRect().right)}`);
  return {scrollWidth: page.scrollWidth, clientWidth: page.clientWidth, outside: outside.slice(0, 10)};
}"""
"""Whether the page scrolls sideways, and what lies past the right edge outside a box that scrolls itself."""


def axe_violations(axe: Axe, page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page for WCAG 2.0-2.2 A/AA and the best-practice rules."""
    return axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violation(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    first = nodes[0]
    detail = " ".join(check["message"] for check in first.get("any", []) + first.get("all", []) + first.get("none", []))
    return f"{violation['id']} ({violation['impact']}): {len(nodes)} node(s), e.g. {first['target']}: {detail}"


# --- the measurement script ----------------------------------------------------------------------


def main(argv: list[str]) -> None:
    from browser_helpers import DESKTOP, PHONE, ROOT, page_kinds
    from site_build import shared_build

    from knowledge_hub.loader import load_hub
    from knowledge_hub.site_tools import launch_chromium, serve_site

    kinds = page_kinds(load_hub(ROOT / "data"))
    sizes = {"1366x900": DESKTOP, "390x844": PHONE}
    tab_sizes = {"1024x768": {"width": 1024, "height": 768}, "390x844": PHONE}
    with tempfile.TemporaryDirectory() as temporary:
        if argv[:1] == ["--site"]:
            site = Path(argv[1])
            absent = {
                kind for kind, url in kinds.items() if not (site / url / "index.html").is_file() and not (site / url).is_file()
            }
            kinds = {kind: url for kind, url in kinds.items() if kind not in absent}
            print(f"site {site}{'; not in it: ' + ', '.join(sorted(absent)) if absent else ''}")
        else:
            site = shared_build(Path(temporary))
        axe = Axe()
        rules: collections.Counter[str] = collections.Counter()
        nodes: collections.Counter[str] = collections.Counter()
        runs = 0
        with serve_site(site) as base, launch_chromium() as browser:
            for size in sizes.values():
                for scheme in SCHEMES:
                    context = browser.new_context(viewport=size, color_scheme=scheme)
                    page = context.new_page()
                    for url in kinds.values():
                        page.goto(f"{base}{url}")
                        runs += 1
                        for violation in axe_violations(axe, page):
                            rules[f"{violation['id']} ({violation['impact']})"] += 1
                            nodes[f"{violation['id']} ({violation['impact']})"] += len(violation["nodes"])
                    context.close()
            print(f"axe-core, tags {' '.join(AXE_TAGS)}: {len(kinds)} page kinds x 2 sizes x 2 schemes = {runs} runs")
            print(f"  {sum(rules.values())} violations (rule x page run), {sum(nodes.values())} nodes")
            for rule, count in rules.most_common():
                print(f"  {rule:40} {count:3} runs {nodes[rule]:5} nodes")
            print("\nTab from the top: stops before the content (invisible / all), light scheme")
            for size_name, size in tab_sizes.items():
                context = browser.new_context(viewport=size)
                page = context.new_page()
                for kind, url in kinds.items():
                    page.goto(f"{base}{url}")
                    stops, reached = tab_stops_before_content(page)
                    hidden = [s for s in stops if not s.visible]
                    unmarked = [s for s in stops if s.visible and not s.indicated]
                    print(
                        f"  {size_name:9} {kind:26} {len(hidden):4} / {len(stops):4}{'' if reached else '  (content never reached)'}"
                        f"{f'  no focus indicator: {len(unmarked)}' if unmarked else ''}"
                    )
                context.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.path.insert(0, str(Path(__file__).parents[1]))
    main(sys.argv[1:])
