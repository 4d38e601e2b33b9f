"""Nothing lost, nothing stale, nothing unsafe: every content file and catalogue entry has a page in each built
edition, every such page is linked from another page (so a reader can reach it), every page has a source (a
deleted scenario's page, answer key and all, must not linger), and the rendered pages pass the content policy
(so whatever the renderer made of the sources is what gets checked)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from ibsa import safety
from ibsa.findings import Finding
from ibsa.loaders import CURRICULUM_DIR, DATA_SUFFIXES, EXERCISES_DIR, LAW_DIR, TOOLS_DIR, Corpus

HREF = re.compile(r"""href="([^"#?]+)""")
SPHINX_PAGES = {"genindex.html", "search.html", "py-modindex.html"}  # made by Sphinx itself, not from a source
NOT_PAGES = ("_static/", "_images/", "_sources/", "_downloads/")


def expected_pages(corpus: Corpus) -> dict[str, tuple[str, int]]:
    """Output page -> the (source path, line) it comes from."""
    root = corpus.root
    pages: dict[str, tuple[str, int]] = {}
    for path in sorted((root / CURRICULUM_DIR).rglob("*.md")):
        rel = path.relative_to(root)
        pages[rel.with_suffix(".html").as_posix()] = (rel.as_posix(), 1)
    for path in sorted((root / EXERCISES_DIR).rglob("*")):
        if path.suffix in DATA_SUFFIXES:
            pages[f"scenarios/{path.stem}.html"] = (path.relative_to(root).as_posix(), 1)
    for pid in sorted(corpus.provisions):
        pages[f"catalogue/{pid}.html"] = corpus.line(f"provision:{pid}")
    for tid in sorted(corpus.tools):
        pages[f"tools/{tid}.html"] = corpus.line(f"tool:{tid}")
    for name in ("catalogue/index.html", "catalogue/charge-finder.html", "scenarios/index.html"):
        pages[name] = (LAW_DIR if name.startswith("catalogue") else EXERCISES_DIR, 1)
    if corpus.tools:
        pages["tools/index.html"] = (TOOLS_DIR, 1)
    return pages


def links(outdir: Path) -> dict[str, set[str]]:
    """Page -> pages it links to (local links only, resolved relative to the page)."""
    out = {}
    for page in outdir.rglob("*.html"):
        rel = page.relative_to(outdir).as_posix()
        base = posixpath.dirname(rel)
        out[rel] = {posixpath.normpath(posixpath.join(base, h)) for h in HREF.findall(page.read_text("utf-8"))
                    if "://" not in h and not h.startswith(("mailto:", "/"))}
    return out


def verify(corpus: Corpus, outdir: Path) -> Iterator[Finding]:
    edition = outdir.name
    graph = links(outdir)
    inbound: dict[str, int] = {}
    for src, targets in graph.items():
        for t in targets - {src}:
            inbound[t] = inbound.get(t, 0) + 1
    for page, (source, line) in expected_pages(corpus).items():
        if not (outdir / page).is_file():
            yield Finding(source, line, "page-missing", f"no page in the {edition} edition; expected {page}")
        elif not inbound.get(page):
            yield Finding(source, line, "page-unlinked", f"{page} in the {edition} edition is not linked from any "
                                                         "other page; expected it in a table of contents")
    yield from stale_pages(corpus, outdir)
    yield from safety.check_rendered(corpus, outdir, outdir.as_posix())


def stale_pages(corpus: Corpus, outdir: Path) -> Iterator[Finding]:
    """Pages in the output that no source makes any more (left by an incremental build, or copied in)."""
    known = set(expected_pages(corpus)) | SPHINX_PAGES
    known |= {p.with_suffix(".html").name for p in corpus.root.glob("*.md") if p.name in safety.ROOT_PAGES}
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        if rel not in known and not rel.startswith(NOT_PAGES):
            yield Finding(rel, 1, "page-stale", f"page in the {outdir.name} edition has no source; rebuild from "
                                                "clean (make clean html) so it is not published")
