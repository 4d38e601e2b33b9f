"""The built site's pages written back as plain MyST Markdown, to measure what the curriculum extension costs.

`plain_variant(built, dest)` reads each page the extension rendered (the Furo article) and writes a Markdown page
with the same structure: headings at their levels, paragraphs, nested bullet and numbered lists, tables (pipe
tables, or `{list-table}` when a cell holds more than a line), links (a link to another built page points at its
Markdown source), emphasis, code, admonitions, and sphinx-design dropdowns, cards, grids and tabs. Navigation is
alike too: each page's toctrees are rebuilt from the built sidebar, and a page no toctree lists (a provision or
scenario page) is an orphan. The result builds with `myst_parser` and `sphinx_design` alone, so a build of it
against a build of the real sources compares like with like: the difference is the extension.

`structure(html)` counts the structural elements of a page's article, to check that nothing was lost.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
import shutil
from collections import Counter
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

SKIP_TOP = ("_", "genindex", "search", "py-modindex")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCK = {"p", "div", "section", "ul", "ol", "li", "table", "blockquote", "pre", "details", "nav", "dl", "hr",
         "figure", "aside", "article", "main", "header", "footer", "form", "noscript", *HEADINGS}
SKIPPED = {"script", "style", "svg", "input", "label", "noscript", "form", "button", "template"}
ADMONITIONS = ("attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip", "warning")
CONF = '''\
project = "plain variant"
extensions = ["myst_parser", "sphinx_design"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
myst_url_schemes = ["http", "https", "mailto"]
html_theme = "furo"
html_copy_source = False
suppress_warnings = ["toc.not_included", "myst.header"]
exclude_patterns = ["_build"]
'''


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def _article(root):
    found = root.xpath('//article[@role="main"]')
    return found[0] if found else None


def structure(html_text: str) -> Counter:
    """Counts of headings (h1-h4), tables, rows, list items, links and paragraphs in a page's main article (the
    whole text when it has none, as a Markdown renderer's output); heading permalinks are not links, and a table
    cell of one paragraph written without <p> (as the curriculum's pages write it) is a paragraph."""
    root = lxml_html.fromstring(html_text or "<div></div>")
    art = _article(root.getroottree().getroot())
    scope = art if art is not None else root
    counts = Counter({tag: 0 for tag in ("h1", "h2", "h3", "h4", "table", "tr", "li", "a", "p")})
    for el in scope.iter():
        if isinstance(el.tag, str) and el.tag in ("td", "th") and el.text_content().strip() and not _has_block(el):
            counts["p"] += 1
        if not isinstance(el.tag, str) or el.tag not in counts:
            continue
        if el.tag == "a" and "headerlink" in _classes(el):
            continue
        counts[el.tag] += 1
    return counts


def _has_block(el) -> bool:
    """Whether an element holds a block (a paragraph, a list, a table...) anywhere inside it."""
    return any(isinstance(k.tag, str) and k.tag in BLOCK for k in el.iter() if k is not el)


# ------------------------------------------------------------------------------------------- inline Markdown

_LINE_START = re.compile(r"^(#|>|[-+=%]|:|\(|\d+[.)])")


def _escape(text: str) -> str:
    text = re.sub(r"([\\`*_\[\]<>|&$~{}])", r"\\\1", text)
    return text


def _escape_start(text: str) -> str:
    """A paragraph that would open a heading, list, quote, fence, comment or target starts with an escape."""
    m = _LINE_START.match(text)
    if not m:
        return text
    if m.group(1)[0].isdigit():
        n = len(m.group(1)) - 1
        return text[:n] + "\\" + text[n:]
    return "\\" + text


def _code(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _wrap(marker: str, inner: str) -> str:
    """`**inner**` with the spaces around inner moved outside, which CommonMark needs to see emphasis."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{marker}{stripped}{marker}{trail}"


class _Page:
    """One built page turned into Markdown."""

    def __init__(self, rel: str, pages: set[str], images: set[str]):
        self.rel = rel  # e.g. curriculum/01-x/01-routes.html
        self.dir = posixpath.dirname(rel)
        self.pages = pages
        self.images = images  # files under the built root the Markdown refers to (copied next to it)
        self.toctrees: list[list[str]] = []  # docnames shown by the visible toctrees
        self.sections: set[str] = set()  # ids of the page's sections

    def convert(self, html_text: str) -> str:
        root = lxml_html.fromstring(html_text)
        art = _article(root.getroottree().getroot())
        if art is None:
            return "# " + _escape(posixpath.basename(self.rel)[: -len(".html")])
        self.sections = set(art.xpath(".//section/@id"))
        return self.body(art)

    # --- links

    def target(self, href: str) -> tuple[str, str]:
        """('md', target) for a Markdown link, ('raw', href) for a link kept as HTML (outside the pages, or to an
        anchor that is not a heading)."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            return "md", href
        if href.startswith("#"):
            # MyST resolves a local fragment only to a heading; an anchor on another element stays HTML
            return ("md", href) if href[1:] in self.sections else ("raw", href)
        path, _, frag = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(self.dir, path)) if path else self.rel
        if resolved in self.pages:
            rel = posixpath.relpath(resolved, self.dir or ".")
            return "md", rel[: -len(".html")] + ".md" + (f"#{frag}" if frag else "")
        return "raw", href

    def doc_of(self, href: str) -> str | None:
        path = href.partition("#")[0]
        resolved = posixpath.normpath(posixpath.join(self.dir, path)) if path else self.rel
        return resolved[: -len(".html")] if resolved in self.pages else None

    # --- inline

    def inline(self, el) -> str:
        """Markdown of an element's content (not its tail)."""
        parts = [_escape(re.sub(r"\s+", " ", el.text or ""))]
        for child in el:
            parts.append(self.inline_element(child))
            parts.append(_escape(re.sub(r"\s+", " ", child.tail or "")))
        return "".join(parts)

    def inline_element(self, el) -> str:
        if not isinstance(el.tag, str) or el.tag in SKIPPED:
            return ""
        cls = _classes(el)
        tag = el.tag
        if tag == "a":
            if "headerlink" in cls:
                return ""
            text = self.inline(el).strip() or _escape(el.get("href", ""))
            href = el.get("href")
            if not href:
                return text
            kind, target = self.target(href)
            if kind == "raw":
                return f'<a href="{html_lib.escape(target)}">{text}</a>'
            return f"[{text}](<{target}>)" if " " in target else f"[{text}]({target})"
        if tag in ("strong", "b"):
            return _wrap("**", self.inline(el))
        if tag in ("em", "i", "cite"):
            return _wrap("*", self.inline(el))
        if tag in ("code", "tt", "kbd", "samp"):
            return _code(el.text_content())
        if tag == "br":
            return " "
        if tag == "img":
            return self.image(el)
        return self.inline(el)

    def image(self, el) -> str:
        src = el.get("src", "")
        resolved = posixpath.normpath(posixpath.join(self.dir, src))
        if resolved.startswith(".."):
            return _escape(el.get("alt", ""))
        self.images.add(resolved)
        return f"![{_escape(el.get('alt', ''))}]({src})"

    def paragraph(self, el) -> str:
        return _escape_start(self.inline(el).strip())

    # --- blocks

    def blocks(self, el) -> list[str]:
        """Markdown blocks of an element's children; inline content between blocks becomes a paragraph."""
        out: list[str] = []
        pending = [_escape(re.sub(r"\s+", " ", el.text or ""))]

        def flush():
            text = "".join(pending).strip()
            pending.clear()
            if text:
                out.append(_escape_start(text))

        for child in el:
            tail = _escape(re.sub(r"\s+", " ", child.tail or ""))
            if isinstance(child.tag, str) and (child.tag in BLOCK or child.tag in SKIPPED):
                flush()
                block = self.block(child)
                if block:
                    if out and block[0] in "-1234567890" and out[-1][:1] == block[0] and _is_list(block) \
                            and _is_list(out[-1]):
                        out.append("% -")  # two lists in a row stay two lists
                    out.append(block)
            else:
                pending.append(self.inline_element(child))
            pending.append(tail)
        flush()
        return out

    def body(self, el) -> str:
        return "\n\n".join(self.blocks(el))

    def block(self, el) -> str:
        tag, cls = el.tag, _classes(el)
        if tag in SKIPPED:
            return ""
        if tag in HEADINGS:
            return "#" * HEADINGS[tag] + " " + self.inline(el).strip()
        if tag == "p":
            if "rubric" in cls:
                return self.directive("rubric", self.inline(el).strip(), "")
            return self.paragraph(el)
        if tag in ("ul", "ol"):
            return self.listing(el)
        if tag == "table":
            return self.table(el)
        if tag == "blockquote":
            return "\n".join(("> " + line).rstrip() for line in self.body(el).splitlines())
        if tag == "pre":
            return self.code_block(el, "")
        if tag == "hr":
            return "***"
        if tag == "details" and "sd-dropdown" in cls:
            return self.dropdown(el)
        if tag == "nav" and "ibsa-language" in cls:
            return etree.tostring(el, encoding="unicode", method="html", with_tail=False).strip()
        if tag == "div":
            return self.div(el, cls)
        if tag == "aside":
            return self.directive("note", "", self.body(el))
        return self.body(el)

    def div(self, el, cls: list[str]) -> str:
        if "admonition" in cls:
            return self.admonition(el, cls)
        if "toctree-wrapper" in cls:
            return self.toctree(el)
        if "sd-tab-set" in cls:
            return self.tabs(el)
        if "sd-container-fluid" in cls:
            return self.grid(el)
        if "sd-card" in cls:
            return self.card(el, "card")
        if any(c.startswith("highlight-") for c in cls):
            lang = next(c for c in cls if c.startswith("highlight-"))[len("highlight-"):]
            pre = el.find(".//pre")
            return self.code_block(pre, "" if lang in ("default", "none") else lang) if pre is not None else ""
        if "graphviz" in cls or (len(el) == 1 and el[0].tag == "img"):
            img = el.find(".//img")
            if img is None:
                return ""
            self.image(img)
            return self.directive("image", img.get("src", ""), "", [("alt", img.get("alt", ""))])
        extra = [c for c in cls if c not in ("docutils", "container", "compound") and not c.startswith(
            ("table-wrapper", "colwidths-"))]
        if "container" in cls and extra and not el.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
            return self.directive("container", " ".join(extra), self.body(el))
        return self.body(el)

    @staticmethod
    def directive(name: str, arg: str, body: str, options: list[tuple[str, str]] = ()) -> str:
        inner = max((len(m) for m in re.findall(r"^\s*(:{3,})", body, re.M)), default=2)
        fence = ":" * max(3, inner + 1)
        head = f"{fence}{{{name}}}" + (f" {arg}" if arg else "")
        opts = "".join(f":{k}: {v}\n".replace(": \n", ":\n") for k, v in options)
        return f"{head}\n{opts}" + (f"\n{body}\n" if body else "") + fence

    def code_block(self, pre, lang: str) -> str:
        text = pre.text_content().rstrip("\n")
        fence = "`" * max(3, max((len(r) for r in re.findall(r"^\s*(`{3,})", text, re.M)), default=0) + 1)
        return f"{fence}{lang}\n{text}\n{fence}"

    def listing(self, el) -> str:
        ordered = el.tag == "ol"
        number = int(el.get("start", "1")) if ordered else 0
        items = []
        for li in el:
            if not isinstance(li.tag, str) or li.tag != "li":
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            blocks = self.blocks(li)
            tight = len(blocks) == 2 and not _is_list(blocks[0]) and re.match(r"^(- |1\. )", blocks[1])
            body = "\n".join(blocks) if tight else "\n\n".join(blocks)
            lines = body.splitlines() or [""]
            pad = " " * len(marker)
            text = marker + lines[0] + "".join("\n" + (pad + line if line else "") for line in lines[1:])
            items.append(text.rstrip())
        return "\n".join(items)

    # --- tables

    def table(self, el) -> str:
        head = [tr for tr in el.xpath("./thead/tr")]
        body = [tr for tr in el.xpath("./tbody/tr|./tr")]
        caption = el.find("caption")
        title = self.inline(caption).strip().replace("¶", "") if caption is not None else ""
        rows = head + body
        cells = [[c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")] for tr in rows]
        width = max((len(r) for r in cells), default=0)
        spans = any(c.get("colspan") or c.get("rowspan") for r in cells for c in r)
        simple = all(self.simple_cell(c) for r in cells for c in r)
        widths = [re.search(r"width:\s*([\d.]+)", col.get("style", "")) for col in el.xpath("./colgroup/col")]
        widths = " ".join(str(max(1, round(float(w.group(1))))) for w in widths) \
            if widths and all(widths) and len(widths) == width else ""
        opts = [("widths", widths)] if widths else []
        if len(head) == 1 and simple and not spans and all(len(r) == width for r in cells):
            lines = ["| " + " | ".join(self.cell_inline(c) for c in r) + " |" for r in cells]
            lines.insert(1, "|" + "---|" * width)
            pipe = "\n".join(lines)
            # a caption or column widths need the {table} directive around the pipe table
            return self.directive("table", title, pipe, opts) if title or widths else pipe
        items = []
        for r in cells:
            row = []
            for i, c in enumerate(r):
                lines = self.body(c).splitlines() or [""]
                lead = "* - " if i == 0 else "  - "
                row.append((lead + lines[0]).rstrip() + "".join("\n" + ("    " + x if x else "") for x in lines[1:]))
            items.append("\n".join(row) if row else "* -")
        return self.directive("list-table", title, "\n".join(items), [("header-rows", str(len(head))), *opts])

    def simple_cell(self, cell) -> bool:
        """A cell of one line: one paragraph, written as <p> or (a cell of one paragraph on the curriculum's
        pages) as its inline content alone, with no block inside."""
        kids = [k for k in cell if isinstance(k.tag, str)]
        if len(kids) == 1 and kids[0].tag == "p":
            return not _has_block(kids[0])
        return not _has_block(cell)

    def cell_inline(self, cell) -> str:
        kids = [k for k in cell if isinstance(k.tag, str)]
        el = kids[0] if kids and kids[0].tag == "p" else cell
        return self.inline(el).strip()

    # --- admonitions and sphinx-design

    def admonition(self, el, cls: list[str]) -> str:
        title_el = el.find("./p[@class='admonition-title']")
        title = self.inline(title_el).strip() if title_el is not None else ""
        if title_el is not None:
            el.remove(title_el)
        body = self.body(el)
        kind = next((c for c in cls if c in ADMONITIONS), "")
        extra = [c for c in cls if c not in ("admonition", kind) and not c.startswith("admonition-")]
        if kind and title == kind.capitalize() and not extra:
            return self.directive(kind, "", body)
        options = [("class", " ".join([*extra, kind]).strip())] if extra or kind else []
        return self.directive("admonition", title or "Note", body, options)

    def dropdown(self, el) -> str:
        summary = el.find("summary")
        title = ""
        if summary is not None:
            text = summary.find(".//span[@class='sd-summary-text']")
            title = self.inline(text if text is not None else summary).strip()
        content = el.find("./div")
        options = [("open", "")] if el.get("open") is not None else []
        return self.directive("dropdown", title, self.body(content) if content is not None else "", options)

    def tabs(self, el) -> str:
        items, label = [], ""
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "label":
                label = self.inline(child).strip()
            elif "sd-tab-content" in _classes(child):
                items.append(self.directive("tab-item", label, self.body(child)))
        return self.directive("tab-set", "", "\n\n".join(items))

    def card_parts(self, card) -> tuple[str, list[tuple[str, str]], str]:
        title, options, parts = "", [], []
        link = card.find("./a[@class]")
        if link is not None and "sd-stretched-link" in _classes(link):
            card.remove(link)
            kind, target = self.target(link.get("href", ""))
            doc = self.doc_of(link.get("href", ""))
            if doc is not None and "#" not in link.get("href", ""):
                rel = posixpath.relpath(doc, self.dir or ".")
                options += [("link", rel), ("link-type", "doc")]
            elif kind == "md":
                options.append(("link", target))
        for section in card:
            if not isinstance(section.tag, str):
                continue
            sc = _classes(section)
            if "sd-card-header" in sc:
                parts.append(self.body(section) + "\n^^^")
            elif "sd-card-footer" in sc:
                parts.append("+++\n" + self.body(section))
            elif "sd-card-body" in sc:
                title_el = section.find("./div[@class]")
                if title_el is not None and "sd-card-title" in _classes(title_el):
                    title = self.inline(title_el).strip()
                    section.remove(title_el)
                parts.append(self.body(section))
            else:
                parts.append(self.block(section))
        return title, options, "\n\n".join(p for p in parts if p)

    def card(self, el, name: str) -> str:
        title, options, body = self.card_parts(el)
        if "sd-shadow-sm" not in _classes(el):
            options.append(("shadow", "none"))
        return self.directive(name, title, body, options)

    def grid(self, el) -> str:
        row = el.find("./div")
        if row is None:
            return self.body(el)
        rc = _classes(row)
        cols = []
        for size in ("xs", "sm", "md", "lg"):
            m = next((c for c in rc if c.startswith(f"sd-row-cols-{size}-")), None)
            cols.append(m.rsplit("-", 1)[1] if m else "1")
        gutter = next((c.rsplit("-", 1)[1] for c in rc if re.fullmatch(r"sd-g-\d+", c)), None)
        items = []
        for col in row:
            if not isinstance(col.tag, str):
                continue
            card = col.find("./div")
            if card is not None and "sd-card" in _classes(card) and len(col) == 1:
                items.append(self.card(card, "grid-item-card"))
            else:
                items.append(self.directive("grid-item", "", self.body(col)))
        options = [("gutter", gutter)] if gutter else []
        return self.directive("grid", " ".join(cols), "\n\n".join(items), options)

    # --- navigation

    def toctree(self, el) -> str:
        caption = el.find("./p[@class='caption']")
        top = el.find("./ul")
        entries = []
        depth = 0
        if top is not None:
            for li in top.findall("./li"):
                a = li.find("./a")
                doc = self.doc_of(a.get("href", "")) if a is not None else None
                if doc is not None:
                    entries.append(doc)
            depth = max(_ul_depth(ul, el) for ul in el.iter("ul"))
        self.toctrees.append(entries)
        options = []
        if caption is not None:
            options.append(("caption", caption.text_content().strip()))
        options.append(("maxdepth", str(max(depth, 1))))
        return self.directive("toctree", "", "\n".join("/" + d for d in entries), options)


def _ul_depth(ul, stop) -> int:
    depth = 0
    node = ul
    while node is not None and node is not stop:
        if node.tag == "ul":
            depth += 1
        node = node.getparent()
    return depth


def _is_list(block: str) -> bool:
    return bool(re.match(r"^(- |\d+\. )", block))


def _sidebar(index_html: str, pages: set[str]) -> tuple[dict[str, list[str]], list[tuple[str, list[str]]]]:
    """The navigation tree the built sidebar shows: docname -> its toctree children, and the root's groups
    (caption, docnames)."""
    root = lxml_html.fromstring(index_html)
    tree = root.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " sidebar-tree ")]')
    children: dict[str, list[str]] = {}
    groups: list[tuple[str, list[str]]] = []

    def doc(a) -> str | None:
        href = (a.get("href") or "").partition("#")[0]
        if not href or "#" in (a.get("href") or "") or href not in pages:
            return None
        return href[: -len(".html")]

    def walk(ul) -> list[str]:
        found = []
        for li in ul.findall("./li"):
            a = li.find("./a")
            d = doc(a) if a is not None else None
            if d is None:
                continue
            found.append(d)
            sub = li.find("./ul")
            if sub is not None:
                children.setdefault(d, []).extend(walk(sub))
        return found

    if tree:
        caption = ""
        for el in tree[0]:
            if el.tag == "p" and "caption" in _classes(el):
                caption = el.text_content().strip()
            elif el.tag == "ul":
                groups.append((caption, walk(el)))
                caption = ""
    return children, groups


def to_markdown(html_text: str, rel: str, pages: set[str]) -> str:
    """Markdown of one built page's article; `rel` is its path in the built site ('a/b.html'), `pages` the paths
    of all its pages (a link to one of them becomes a link to its Markdown source)."""
    return _Page(rel, pages | {rel}, set()).convert(html_text)


def plain_variant(built: Path, dest: Path) -> None:
    """Write `dest`: a plain MyST project with the built site's pages (`built`: an HTML output directory)."""
    files = sorted(p for p in built.rglob("*.html") if not p.relative_to(built).parts[0].startswith(SKIP_TOP))
    pages = {p.relative_to(built).as_posix() for p in files}
    children, groups = _sidebar((built / "index.html").read_text(encoding="utf-8"), pages) \
        if (built / "index.html").is_file() else ({}, [])
    listed = {d for kids in children.values() for d in kids} | {d for _, ds in groups for d in ds} | {"index"}
    images: set[str] = set()
    for page in files:
        rel = page.relative_to(built).as_posix()
        doc = rel[: -len(".html")]
        conv = _Page(rel, pages, images)
        text = conv.convert(page.read_text(encoding="utf-8"))
        visible = {d for entries in conv.toctrees for d in entries}
        hidden: list[tuple[str, list[str]]] = []
        if doc == "index":
            hidden = [(cap, [d for d in ds if d not in visible]) for cap, ds in groups]
        if children.get(doc):
            hidden.append(("", [d for d in children[doc] if d not in visible]))
        for caption, entries in hidden:
            if entries:
                options = [("hidden", "")] + ([("caption", caption)] if caption else [])
                text += "\n\n" + _Page.directive("toctree", "", "\n".join("/" + d for d in entries), options)
        front = "---\norphan: true\n---\n" if doc not in listed else ""
        out = dest / (doc + ".md")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(front + text + "\n", encoding="utf-8")
    for image in images:
        if (built / image).is_file():
            (dest / image).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built / image, dest / image)
    (dest / "conf.py").write_text(CONF, encoding="utf-8")
