"""Lighter pages: each page loads only the style sheets it needs.

sphinx-design's style sheet (55 KB) styles every component it offers; the curriculum uses a few (tabs, cards,
badges). After the build, the copy in `_static/` keeps only the rules whose sphinx-design classes occur in some
page, purged from the package's original each time, so an incremental build writes what a clean build writes. The
Pygments style sheet (20 KB) is linked only from pages that show highlighted code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tinycss2
from docutils import nodes
from sphinx.application import Sphinx

from ibsa.sphinxext.html import DESIGN_STATIC

DESIGN_CSS = "sphinx-design.min.css"
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_DESIGN_CLASS = re.compile(r"\.(sd-[\w-]+)")
_NOT = re.compile(r":not\([^()]*\)")


def used_classes(outdir: Path) -> set[str]:
    """Every class named in a class attribute of a built page."""
    found: set[str] = set()
    for page in outdir.rglob("*.html"):
        for attr in _CLASS_ATTR.findall(page.read_text(encoding="utf-8", errors="replace")):
            found.update(attr.split())
    return found


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside :is(...) or :not(...))."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            out.append(prelude[start:i])
            start = i + 1
    return [*out, prelude[start:]]


def _needs(selector: str) -> set[str]:
    """The sphinx-design classes an element must carry for `selector` to match (a class under :not() is not)."""
    return set(_DESIGN_CLASS.findall(_NOT.sub("", selector)))


def purge(css: str, used: set[str]) -> str:
    """`css` without the selectors that need a sphinx-design class no page uses (rules left empty are dropped)."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            kept = [s.strip() for s in _selectors(tinycss2.serialize(rule.prelude)) if _needs(s) <= used]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = purge(tinycss2.serialize(rule.content), used)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        else:
            out.append(rule.serialize())
    return "".join(out)


def _purge_design_css(app: Sphinx, exception: Exception | None) -> None:
    target = Path(app.outdir) / "_static" / DESIGN_CSS
    if exception is None and app.builder.format == "html" and target.is_file():
        original = (DESIGN_STATIC / DESIGN_CSS).read_text(encoding="utf-8")
        target.write_text(purge(original, used_classes(Path(app.outdir))), encoding="utf-8")


def _pygments_where_code(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                         doctree: nodes.document | None) -> None:
    """No highlighted code on the page (a literal block is what Pygments colours): no Pygments style sheet."""
    if doctree is not None and not any(True for _ in doctree.findall(nodes.literal_block)):
        context["css_files"] = [c for c in context.get("css_files", [])
                                if not str(getattr(c, "filename", c)).endswith("pygments.css")]


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _purge_design_css)
    app.connect("html-page-context", _pygments_where_code)
