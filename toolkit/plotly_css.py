"""plotly.js's own style rules as a static stylesheet, so that charts work under a strict Content-Security-Policy.

plotly.js normally writes its rules into a ``<style>`` element it creates at load time; a CSP without
``'unsafe-inline'`` for styles blocks that. plotly.js skips it when the page already has an element with the id
``plotly.js-style-global`` and the class ``no-inline-styles`` (see ``templates/base.html``), so the portal
serves the same rules as ``toolkit/static/toolkit/plotly.css``, extracted from the installed plotly.min.js. After a
plotly upgrade, regenerate it (a test compares the file with the installed plotly.js, and the map-style id in
``base.html``)::

    .venv/bin/python -m toolkit.plotly_css > toolkit/static/toolkit/plotly.css
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import plotly

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
_RULES = re.compile(r'=\{("X,X div":[^}]*)\}')
_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)":(?:\'((?:[^\'\\]|\\.)*)\'|"((?:[^"\\]|\\.)*)")')
_VERSION = re.compile(r"plotly\.js v(\d+\.\d+\.\d+)")
# The map library bundled in plotly.js writes its own <style> element at load time, unless an element with this
# id exists; the portal draws no maps, so templates/base.html holds an empty <template> with that id.
_KARTEN_STIL = re.compile(r'getElementById\("([0-9a-f]{16,})"\)\)\{var \w+=document\.createElement\("style"\)')


def karten_stil_id(js: str) -> str:
    """The id plotly.js's map library looks for before it injects its stylesheet."""
    found = _KARTEN_STIL.search(js)
    if found is None:
        raise ValueError("Die Kennung des Kartenstils wurde in plotly.min.js nicht gefunden.")
    return found.group(1)


def plotly_css(js: str) -> str:
    """The stylesheet plotly.js would inject, built from the rule table in its source (selector → declarations)."""
    found = _RULES.search(js)
    if found is None:
        raise ValueError("Die Stilregeln von plotly.js wurden in plotly.min.js nicht gefunden.")
    version = _VERSION.search(js[:500])
    nummer = version.group(1) if version else "?"
    lines = [f"/* Stilregeln von plotly.js {nummer} (MIT), erzeugt von toolkit.plotly_css */"]
    for selector, single, double in _ENTRY.findall(found.group(1)):
        declarations = single or double
        # plotly.js's own expansion: X = the plot, Y = its notifier; a leading comma gets a space.
        selector = (
            re.sub(r"^,", " ,", selector).replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        )
        lines.append(f"{selector} {{ {declarations} }}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(plotly_css(PLOTLY_JS.read_text(encoding="utf-8")))
