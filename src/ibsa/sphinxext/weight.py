"""Lighter pages: each page loads only the style sheets and scripts it needs, and they hold only what pages use.

sphinx-design's style sheet (55 KB) styles every component it offers, Furo's (51 KB) every element Sphinx can
write, Furo's Pygments one (20 KB) every kind of token in two themes; the curriculum uses a few of each. After the
build, each copy in `_static/` keeps only the selectors whose classes, element types and ids occur in some page
(or that scripts add: the classes in SCRIPT_CLASSES, the tags and ids in the string literals of the scripts in
`_static/`), purged from the original each time, so an incremental build writes what a clean build writes. Then
the custom properties (`--name: value`) nothing reads any more are dropped from them (Furo and sphinx-design
declare some 230, many for components the site does not show), and they and our own ibsa.css are written without
comments or spare whitespace.

Pygments styles, the Graphviz styles and the table filter script are linked only from pages that show code, a
flowchart or a filter table; sphinx-design's tab script only from pages whose tabs it has work on (tab sets kept in
step, or a link target inside a tab, which it opens; choosing a tab is radio buttons and CSS). Sphinx's
search-term highlighting script is fetched by a page only when there are terms to highlight: after a search, or
with `?highlight=` in its address (page.html decides). The search page and the pages Sphinx makes without a
document load it as before.

The pages themselves: ibsa.sphinxext.html writes a table cell of one paragraph without <p> and a row without
Sphinx's row-even/row-odd class; ibsa.sphinxext.refs writes a link to a provision or a scenario as <a href title>
and each hover title once per page (page.html's script gives it to the later links to the same page), and a link in
a generated table whose row states the period in force hovers with the provision's heading alone. The budget is
150 KB for a lesson, its HTML and what it links, uncompressed (benchmarks/run.py `page_weight`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import furo
import tinycss2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx_design.tabs import sd_tab_label

from ibsa.sphinxext.html import DESIGN_STATIC

DESIGN_CSS = "sphinx-design.min.css"
FURO_CSS = Path(furo.__file__).parent / "theme" / "furo" / "static" / "styles"
IBSA_CSS = Path(__file__).parent / "static" / "common" / "ibsa.css"
HIGHLIGHT_JS = "sphinx_highlight.js"
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_DESIGN_CLASS = re.compile(r"\.(sd-[\w-]+)")
_ANY_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_NOT = re.compile(r":not\([^()]*\)")
_FUNCTIONAL = re.compile(r":[\w-]+\([^()]*\)")
_ID = re.compile(r"#(-?[_a-zA-Z][\w-]*)")
_QUALIFIER = re.compile(r"\[[^\]]*\]|::?[\w-]+|[.#]-?[_a-zA-Z][\w-]*")
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_STRING = re.compile(r"""["'`]([a-zA-Z][\w-]*)["'`]""")  # a word a script writes: a tag or id it may add
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_CUSTOM_NAME = re.compile(r"--[\w-]+")
# classes scripts add while a page is read: Furo's (and the gumshoe scroll-spy it bundles), Sphinx's search page
# (its result list) and search-term highlighting (the terms, and the link that hides them)
SCRIPT_CLASSES = frozenset({"scrolled", "show-back-to-top", "active", "scroll-current", "no-js",
                            "search", "highlighted", "highlight-link"})
# (style sheet in _static, the package's original or None for one written anew by each build, which classes a
# rule may need, or None to keep every rule). Furo writes pygments.css, light and dark styles for every kind of
# token, when a build finishes. ibsa.css is ours: every rule stays (ibsa-filter.js adds classes of its own).
PURGED = (("sphinx-design.min.css", DESIGN_STATIC / DESIGN_CSS, _DESIGN_CLASS),
          ("styles/furo.css", FURO_CSS / "furo.css", _ANY_CLASS),
          ("styles/furo-extensions.css", FURO_CSS / "furo-extensions.css", _ANY_CLASS),
          ("pygments.css", None, _ANY_CLASS),
          ("ibsa.css", IBSA_CSS, None))


def _tabs_need_script(d: nodes.document) -> bool:
    """sphinx-design's tab script keeps the choice in tab sets that sync in step, and opens the tab holding the
    target of a link (a named tab, or an id in its panel). Without either, radio buttons and CSS do all of it."""
    for node in d.findall(nodes.Element):
        if isinstance(node, sd_tab_label) and ("sync_id" in node or node["ids"]):
            return True
        if "sd-tab-content" in node["classes"] and any(
                inner["ids"] for inner in node.findall(nodes.Element, include_self=False)):
            return True
    return False


# a file linked from every page, and what a page must contain to need it
ONLY_WHERE_USED = {"pygments.css": lambda d: any(True for _ in d.findall(nodes.literal_block)),
                   "graphviz.css": lambda d: _has_class(d, "graphviz") or any(
                       n.tagname == "graphviz" for n in d.findall(nodes.Element)),
                   "ibsa-filter.js": lambda d: _has_class(d, "ibsa-filter-table"),
                   "design-tabs.js": _tabs_need_script}


def used_classes(outdir: Path, memo: Path | None = None) -> set[str]:
    """Every class named in a class attribute of a built page."""
    return _read_pages(outdir, memo)[0]


def _read_pages(outdir: Path, memo: Path | None = None) -> tuple[set[str], set[str], set[str]]:
    """What the built pages have: the classes named in class attributes, the element types and ids (`#name`),
    and the custom properties they read (a style attribute or a <style> element with var(--name)). `memo` keeps
    each page's findings with its size and time of writing, so that a rebuild reads only the pages it wrote; a
    memo that cannot be read is ignored."""
    try:
        known = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
    except (OSError, ValueError):
        known = {}
    found: tuple[set[str], set[str], set[str]] = (set(), set(), set())
    now: dict[str, list[Any]] = {}
    for page in outdir.rglob("*.html"):
        rel, stat = page.relative_to(outdir).as_posix(), page.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = known.get(rel) if isinstance(known, dict) else None
        if not (isinstance(entry, list) and len(entry) == 5 and entry[:2] == stamp):
            text = page.read_text(encoding="utf-8", errors="replace")
            classes = {c for attr in _CLASS_ATTR.findall(text) for c in attr.split()}
            elements = {tag.lower() for tag in _TAG.findall(text)} | {f"#{i}" for i in _ID_ATTR.findall(text)}
            entry = [*stamp, *(sorted(s) for s in (classes, elements, set(_VAR.findall(text))))]
        now[rel] = entry
        for into, names in zip(found, entry[2:], strict=True):
            into.update(names)
    if memo and now != known:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(json.dumps(now), encoding="utf-8")
    return found


def script_words(static: Path) -> set[str]:
    """The words in the string literals of the site's scripts: the tags and ids of the elements they may make
    (document.createElement("select"))."""
    return {w for js in static.rglob("*.js") for w in _STRING.findall(js.read_text(encoding="utf-8", errors="replace"))}


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


def needed_elements(selector: str) -> set[str]:
    """The element types (`td`) and ids (`#searchbox`) an element must have, or have around it, for `selector`
    to match it. What is inside a pseudo-class with an argument (:not(td), :is(td, th)) is not needed."""
    while True:
        bare = _FUNCTIONAL.sub("", selector)
        if bare == selector:
            break
        selector = bare
    ids = {f"#{i}" for i in _ID.findall(selector)}
    selector = _QUALIFIER.sub(" ", selector)  # attributes, pseudo-classes and -elements, classes and ids
    return ids | {t.lower() for t in re.split(r"[\s>+~]+", selector) if t and t != "*"}


def purge(css: str, used: set[str], classes: re.Pattern[str] = _DESIGN_CLASS,
          elements: set[str] | None = None) -> str:
    """`css` without the selectors that need a class (of those `classes` matches) no page uses, or, given the
    `elements` pages have (types and #ids), an element no page has; rules left empty are dropped. A class under
    :not() is not needed for a selector to match."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            kept = [s.strip() for s in _selectors(tinycss2.serialize(rule.prelude))
                    if set(classes.findall(_NOT.sub("", s))) <= used
                    and (elements is None or needed_elements(s) <= elements)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = purge(tinycss2.serialize(rule.content), used, classes, elements)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        else:
            out.append(rule.serialize())
    return "".join(out)


# ------------------------------------------------------------------------------------------- custom properties

def _rules(css: str) -> Iterable[Any]:
    """The qualified rules of a style sheet, those inside @media and @supports too."""
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            yield rule
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            yield from _rules(tinycss2.serialize(rule.content))


def _declarations(rule: Any) -> list[Any] | None:
    """A rule's declarations, or None when its block holds anything else (a nested rule, a parse error)."""
    items = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
    return items if all(i.type == "declaration" for i in items) else None


def unused_properties(sheets: Iterable[str], read_elsewhere: set[str]) -> set[str]:
    """Custom properties the `sheets` declare that nothing reads: no other declaration of the sheets reads them
    with var(), nor a custom property that is itself read, and they are not in `read_elsewhere` (by pages,
    scripts, other style sheets)."""
    declared: dict[str, set[str]] = {}  # a custom property -> those its values read
    read: set[str] = set()
    for css in sheets:
        for rule in _rules(css):
            decls = _declarations(rule)
            for decl in decls or ():
                refs = set(_VAR.findall(tinycss2.serialize(decl.value)))
                if decl.name.startswith("--"):
                    declared.setdefault(decl.name, set()).update(refs)
                else:
                    read |= refs
            if decls is None:  # a block left as it is: everything it reads stays
                read |= set(_VAR.findall(tinycss2.serialize(rule.content)))
    todo, kept = [*read, *read_elsewhere], set()
    while todo:
        name = todo.pop()
        if name not in kept:
            kept.add(name)
            todo.extend(declared.get(name, ()))
    return set(declared) - kept


def _compact(tokens: Iterable[Any]) -> str:
    """Tokens without the whitespace and comments around them, each run of them inside written as one space."""
    out: list[str] = []
    space = False
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            space = bool(out)
            continue
        if space:
            out.append(" ")
        space = False
        out.append(token.serialize())
    return "".join(out)


def rewrite(css: str, unused: set[str]) -> str:
    """`css` without the declarations of the custom properties in `unused` (a rule left empty goes too), and
    without comments or whitespace a browser does not need."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            decls = _declarations(rule)
            if decls is None:
                out.append(_compact(rule.prelude) + "{" + tinycss2.serialize(rule.content).strip() + "}")
                continue
            body = ";".join(f"{d.name}:{_compact(d.value) or ' '}{'!important' if d.important else ''}"
                            for d in decls if d.name not in unused)
            if body:
                out.append(_compact(rule.prelude) + "{" + body + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = rewrite(tinycss2.serialize(rule.content), unused)
            if inner:
                out.append(f"@{rule.at_keyword} {_compact(rule.prelude)}{{{inner}}}")
        else:
            out.append(rule.serialize())
    return "".join(out)


# ------------------------------------------------------------------------------------------- the build

def _class_purged(app: Sphinx, name: str, css: str, classes: re.Pattern[str] | None, used: set[str],
                  elements: set[str]) -> str:
    """`css` purged to the classes and elements used, once per style sheet and set of them (kept beside the
    doctrees)."""
    if classes is None:
        return css
    kept = Path(app.doctreedir) / "ibsa-purged"
    key = hashlib.blake2b("\0".join([css, classes.pattern, *sorted(used), "\0", *sorted(elements)]).encode(),
                          digest_size=16).hexdigest()
    flat = name.replace("/", "-")
    done = kept / f"{flat}.{key}"
    if not done.is_file():
        kept.mkdir(parents=True, exist_ok=True)
        for old in kept.glob(f"{flat}.*"):
            old.unlink()
        done.write_text(purge(css, used, classes, elements), encoding="utf-8")
    return done.read_text(encoding="utf-8")


def _purge_styles(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    used, elements, read_by_pages = _read_pages(outdir, Path(app.doctreedir) / "ibsa-purged" / "pages.json")
    words = script_words(static)
    used |= SCRIPT_CLASSES
    elements |= words | {f"#{w}" for w in words}
    sheets = {}
    for name, original, classes in PURGED:
        target = static / name
        if target.is_file():
            sheets[target] = _class_purged(app, name, (original or target).read_text(encoding="utf-8"), classes,
                                           used, elements)
    # what else may read a custom property: pages, and any name a script or another style sheet writes
    read = set(read_by_pages)
    for other in static.rglob("*"):
        if other.suffix in (".css", ".js") and other not in sheets:
            read.update(_CUSTOM_NAME.findall(other.read_text(encoding="utf-8", errors="replace")))
    unused = unused_properties(sheets.values(), read)
    for target, css in sheets.items():
        target.write_text(rewrite(css, unused), encoding="utf-8")


def _only_where_used(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
    """A page without code, a flowchart, a filter table or tabs the tab script works on does not load the files
    only those need (nor does a page Sphinx makes without a document: search, index). A page with a document
    loads the search-term highlighting only when there are terms (page.html writes the few lines that decide)."""
    unused = {name for name, needed in ONLY_WHERE_USED.items() if doctree is None or not needed(doctree)}
    if doctree is not None and any(_file_name(f) == HIGHLIGHT_JS for f in context.get("script_files", [])):
        unused.add(HIGHLIGHT_JS)
        context["ibsa_highlight_js"] = context["pathto"](f"_static/{HIGHLIGHT_JS}", 1)
    for key in ("css_files", "script_files"):
        context[key] = [f for f in context.get(key, []) if _file_name(f) not in unused]


def _file_name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset)).rsplit("/", 1)[-1]


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _purge_styles, priority=900)  # after Furo has written pygments.css
    app.connect("html-page-context", _only_where_used)
