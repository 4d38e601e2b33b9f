"""Nothing lost, nothing stale, nothing unsafe: every content file and catalogue entry has a page in each built
edition, every such page is linked from another page (so a reader can reach it), every page has a source (a
deleted scenario's page, answer key and all, must not linger), and the rendered pages pass the content policy
(so whatever the renderer made of the sources is what gets checked)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from ibsa import safety
from ibsa.findings import Finding
from ibsa.loaders import COURSES_DIR, CURRICULUM_DIR, DATA_SUFFIXES, EXERCISES_DIR, LAW_DIR, TOOLS_DIR, Corpus

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
    for cid in sorted(corpus.courses):
        pages[f"course-plans/{cid}.html"] = corpus.line(f"course:{cid}")
    if corpus.courses:
        pages["course-plans/index.html"] = (COURSES_DIR, 1)
    for eid in sorted(e for e in corpus.evaluations if e in corpus.courses):  # beside the course's plan
        pages[f"course-plans/{eid}-evaluation.html"] = corpus.line(f"evaluation:{eid}")
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
    yield from english_in_chinese_pages(outdir)


def stale_pages(corpus: Corpus, outdir: Path) -> Iterator[Finding]:
    """Pages in the output that no source makes any more (left by an incremental build, or copied in)."""
    known = set(expected_pages(corpus)) | SPHINX_PAGES
    known |= {p.with_suffix(".html").name for p in corpus.root.glob("*.md") if p.name in safety.ROOT_PAGES}
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        if rel not in known and not rel.startswith(NOT_PAGES):
            yield Finding(rel, 1, "page-stale", f"page in the {outdir.name} edition has no source; rebuild from "
                                                "clean (make clean html) so it is not published")


# ------------------------------------------------------------------ no English in the Chinese editions

ENGLISH_RUN = 4  # this many English words in a row make a sentence (a name or a title is rarely longer)
ZH_PAGE = re.compile(r"""<html\b[^>]*\blang=["']?zh""", re.I)
# elements whose text is not prose for the reader: code, quoted names and titles, and machinery
_SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "var", "cite", "template", "svg", "math"}
_SKIP_CLASSES = {"ibsa-original", "ibsa-quote"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "data", "del", "dfn", "em", "i", "ins", "mark", "q", "s", "small",
           "span", "strong", "sub", "sup", "time", "u"}
_CONTENT = ("main", "article")
_ATTRS = ("alt", "title", "aria-label", "placeholder")  # attribute text a reader sees or hears
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# a Latin word; an apostrophe or hyphen may join its parts ("don't", "follow-up")
_WORD = re.compile(rf"[{_LATIN}]+(?:['\u2019-][{_LATIN}]+)*")
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9&]+\Z")  # PSAPL, CCTV, NGO: an abbreviation, not English prose
# text that is not English prose however it is spelt: addresses and provision citations
_NOT_PROSE = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|mailto:\S+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|gov|edu|int|cn|hk|tw|kr|jp|au|uk|us|io)(?![A-Za-z])"
    r"|\b(?:Arts?|Articles?|ss?|[Ss]ecs?|[Ss]ections?|paras?|[Nn]os?|Cap|[Rr]r?|[Rr]egs?|[Ss]ch|[Pp]t|[Cc]h|[Cc]l"
    r"|[Rr]ules?|Order|[Pp]p?)\.?\s*\d+(?:[.\u2013-]\d+)*[A-Za-z]*(?:\([\w.]+\))*"
    r"|\b(?:[A-Z]\.){2,}[A-Z]?\.?|§+\s*\d[\w().-]*")
# a letter of another script, or Chinese punctuation, ends an English run
_BREAK = re.compile(rf"[^\W\d_{_LATIN}]|[\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


def english_runs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, words) of each run of ENGLISH_RUN or more English words with only digits, spaces and punctuation
    between them; abbreviations are not counted and citations and addresses are taken out first."""
    plain = _NOT_PROSE.sub(lambda m: " " * len(m[0]), text)
    for part in re.finditer(r"[^\x00]+", _BREAK.sub("\x00", plain)):
        words = [m for m in _WORD.finditer(part[0]) if not _ABBREVIATION.match(m[0])]
        if len(words) >= ENGLISH_RUN:
            start, end = part.start() + words[0].start(), part.start() + words[-1].end()
            yield start, " ".join(text[start:end].split())


class _ProseParser(HTMLParser):
    """The reader-visible text of a page's main content, in pieces that belong together (a paragraph, a cell,
    an attribute), each with the line it starts on; what is exempt is left out and ends the piece around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[int, str]] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, in content)
        self._line, self._text = 0, ""

    def _skipped(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _content(self) -> bool:
        return bool(self._stack) and self._stack[-1][2]

    def _flush(self) -> None:
        if self._text.strip():
            self.pieces.append((self._line, self._text))
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        lang = a.get("lang", a.get("xml:lang"))
        skipped = (self._skipped() or tag in _SKIP_TAGS or bool(_SKIP_CLASSES & set(a.get("class", "").split()))
                   or (lang is not None and tag != "html" and not lang.lower().startswith("zh")))
        content = self._content() or tag in _CONTENT or a.get("role") == "main"
        if tag not in _INLINE or skipped != self._skipped():
            self._flush()
        if content and not skipped:
            for name in _ATTRS:
                if a.get(name, "").strip():
                    self.pieces.append((self.getpos()[0], a[name]))
        if tag not in _VOID:
            self._stack.append((tag, skipped, content))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or all(t != tag for t, _, _ in self._stack):
            return
        while self._stack:
            top, skipped, _ = self._stack.pop()
            if top == tag:
                break
        if tag not in _INLINE or skipped != self._skipped():
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._content() and not self._skipped():
            if not self._text:
                self._line = self.getpos()[0]
            self._text += data


def english_in_chinese(rel: str, html: str) -> Iterator[Finding]:
    """English sentences in a Chinese page's content: an untranslated string, or a template that was never
    translated. Names and quotations stay English when marked with lang="en" (or class ibsa-original/ibsa-quote)."""
    parser = _ProseParser()
    parser.feed(html)
    parser.close()
    parser._flush()
    for line, text in parser.pieces:
        if "**" in text:  # CommonMark does not close ** after Chinese punctuation that a character follows
            at = text.index("**")
            yield Finding(rel, line + text.count("\n", 0, at), "markup-in-zh",
                          f"asterisks shown in a Chinese page: '{' '.join(text[max(0, at - 10):at + 20].split())}'; "
                          "put the closing ** before the punctuation (**…日期**。), not after it")
        for offset, words in english_runs(text):
            shown = words if len(words) <= 60 else words[:60].rstrip() + "…"
            yield Finding(rel, line + text.count("\n", 0, offset), "english-in-zh",
                          f"English sentence in a Chinese page: '{shown}'; translate it, or mark a name or quotation "
                          'with lang="en"')


def english_in_chinese_pages(outdir: Path, shown: str | None = None) -> Iterator[Finding]:
    """english_in_chinese for every page of an edition whose <html lang> is Chinese."""
    shown = shown or outdir.as_posix()
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        if rel.startswith(NOT_PAGES):
            continue
        html = page.read_text("utf-8", errors="replace")
        if ZH_PAGE.search(html[:2000]):
            yield from english_in_chinese(f"{shown}/{rel}", html)
