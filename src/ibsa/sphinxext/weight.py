"""Lighter pages: each page loads only the style sheets and scripts it needs.

sphinx-design's style sheet (55 KB) styles every component it offers, Furo's (51 KB) every element Sphinx can
write, Furo's Pygments one (20 KB) every kind of token in two themes; the curriculum uses a few of each. After the
build, each copy in `_static/` keeps only the rules whose classes occur in some page (or that the theme's scripts
add), purged from the original each time, so an incremental build writes what a clean build writes. Pygments
styles, the Graphviz styles and the table filter script are linked only from pages that show code, a flowchart or a
filter table; sphinx-design's tab script only from pages with tabs.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import furo
import tinycss2
from docutils import nodes
from sphinx.application import Sphinx

from ibsa.sphinxext.html import DESIGN_STATIC

DESIGN_CSS = "sphinx-design.min.css"
FURO_CSS = Path(furo.__file__).parent / "theme" / "furo" / "static" / "styles"
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_DESIGN_CLASS = re.compile(r"\.(sd-[\w-]+)")
_ANY_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_NOT = re.compile(r":not\([^()]*\)")
# classes Furo's script (and the gumshoe scroll-spy it bundles) adds while a page is read
SCRIPT_CLASSES = frozenset({"scrolled", "show-back-to-top", "active", "scroll-current", "no-js"})
# (style sheet in _static, the package's original or None for one written anew by each build, which classes a
# rule may need). Furo writes pygments.css, light and dark styles for every kind of token, when a build finishes.
PURGED = (("sphinx-design.min.css", DESIGN_STATIC / DESIGN_CSS, _DESIGN_CLASS),
          ("styles/furo.css", FURO_CSS / "furo.css", _ANY_CLASS),
          ("styles/furo-extensions.css", FURO_CSS / "furo-extensions.css", _ANY_CLASS),
          ("pygments.css", None, _ANY_CLASS))
# a file linked from every page, and what a page must contain to need it
ONLY_WHERE_USED = {"pygments.css": lambda d: any(True for _ in d.findall(nodes.literal_block)),
                   "graphviz.css": lambda d: _has_class(d, "graphviz") or any(
                       n.tagname == "graphviz" for n in d.findall(nodes.Element)),
                   "ibsa-filter.js": lambda d: _has_class(d, "ibsa-filter-table"),
                   "design-tabs.js": lambda d: _has_class(d, "sd-tab-set")}  # it keeps tab choices in step


def used_classes(outdir: Path, memo: Path | None = None) -> set[str]:
    """Every class named in a class attribute of a built page. `memo` keeps each page's classes with its size and
    time of writing, so that a rebuild reads only the pages it wrote; a memo that cannot be read is ignored."""
    try:
        known = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
    except (OSError, ValueError):
        known = {}
    found: set[str] = set()
    now: dict[str, list[Any]] = {}
    for page in outdir.rglob("*.html"):
        rel, stat = page.relative_to(outdir).as_posix(), page.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = known.get(rel) if isinstance(known, dict) else None
        if not (isinstance(entry, list) and len(entry) == 3 and entry[:2] == stamp):
            text = page.read_text(encoding="utf-8", errors="replace")
            entry = [*stamp, sorted({c for attr in _CLASS_ATTR.findall(text) for c in attr.split()})]
        now[rel] = entry
        found.update(entry[2])
    if memo and now != known:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(json.dumps(now), encoding="utf-8")
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


def _has_class(doctree: nodes.document, cls: str) -> bool:
    return any(cls in n.get("classes", ()) for n in doctree.findall(nodes.Element))


def purge(css: str, used: set[str], classes: re.Pattern[str] = _DESIGN_CLASS) -> str:
    """`css` without the selectors that need a class (of those `classes` matches) no page uses; rules left empty
    are dropped. A class under :not() is not needed for a selector to match."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            kept = [s.strip() for s in _selectors(tinycss2.serialize(rule.prelude))
                    if set(classes.findall(_NOT.sub("", s))) <= used]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = purge(tinycss2.serialize(rule.content), used, classes)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        else:
            out.append(rule.serialize())
    return "".join(out)


def _purge_styles(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    kept = Path(app.doctreedir) / "ibsa-purged"  # purged once per stylesheet and set of classes used
    used = used_classes(Path(app.outdir), kept / "classes.json") | SCRIPT_CLASSES
    for name, original, classes in PURGED:
        target = Path(app.outdir) / "_static" / name
        if not target.is_file():
            continue
        css = (original or target).read_text(encoding="utf-8")
        key = hashlib.blake2b("\0".join([css, classes.pattern, *sorted(used)]).encode(), digest_size=16).hexdigest()
        flat = name.replace("/", "-")
        done = kept / f"{flat}.{key}"
        if not done.is_file():
            kept.mkdir(parents=True, exist_ok=True)
            for old in kept.glob(f"{flat}.*"):
                old.unlink()
            done.write_text(purge(css, used, classes), encoding="utf-8")
        target.write_text(done.read_text(encoding="utf-8"), encoding="utf-8")


def _only_where_used(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
    """A page without code, a flowchart, a filter table or tabs does not load the files only those need (nor
    does a page Sphinx makes without a document: search, index)."""
    unused = {name for name, needed in ONLY_WHERE_USED.items() if doctree is None or not needed(doctree)}
    for key in ("css_files", "script_files"):
        context[key] = [f for f in context.get(key, [])
                        if str(getattr(f, "filename", f)).rsplit("/", 1)[-1] not in unused]


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _purge_styles, priority=900)  # after Furo has written pygments.css
    app.connect("html-page-context", _only_where_used)
