"""axe-core in the browser tests: the engine is the axe.min.js that the pinned
axe-playwright-python wheel ships (no CDN, no download at run time), evaluated in the page through
the DevTools protocol, which the public Content-Security-Policy does not govern."""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.1 A/AA (what GB/T 37668-2019 maps to) and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")


def axe_run(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )


def blocking_violations(page):
    """[(rule id, impact, help, first offending nodes)] of the serious and critical violations."""
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in axe_run(page)["violations"]
        if v["impact"] in BLOCKING
    ]
