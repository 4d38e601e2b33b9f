"""The LaTeX builder: a participant workbook or a facilitator guide per course (issue 19).

For `-b latex`, a book stub per course is written into course-books/ (generated, like course-plans/): its
toctree is the course page, the lessons the course teaches (those it assumes first) and the scenarios it
practises, in course order. Each becomes one `latex_documents` entry, `<course>-<edition>.tex`; the edition
being built decides whether the scenarios carry their answer keys. XeLaTeX logs every character no font has
(`\\tracinglostchars`, checked by ibsa.delivery.pdf) and sets every language with the same fonts: DejaVu for
Latin text and symbols (☐), Noto CJK through xeCJK for Chinese, Japanese and Korean, so an English page quoting
受案回执 or 제14조 prints them too.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util.texescape import escape

from ibsa import courses
from ibsa.loaders import Corpus
from ibsa.sphinxext import state

_ = get_translation("ibsa")

FOLDER = "course-books"  # generated for the LaTeX builder only; never part of the HTML site

FONTS = r"""
\tracinglostchars=2
\setmainfont{DejaVu Serif}
\setsansfont{DejaVu Sans}
\setmonofont{DejaVu Sans Mono}[Scale=0.85]
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}[BoldFont={Noto Serif CJK SC Bold}]
\setCJKsansfont{Noto Sans CJK SC}[BoldFont={Noto Sans CJK SC Bold}]
\setCJKmonofont{Noto Sans Mono CJK SC}
"""


def book_doc(cid: str) -> str:
    return f"{FOLDER}/{cid}"


def book_parts(corpus: Corpus, cid: str) -> list[str]:
    """The docnames of a course's book, in order: its page, its lessons, its scenarios."""
    course = corpus.courses[cid]
    lessons = [corpus.lessons[x].docname for x in [*course.assumes, *courses.lessons(course)] if x in corpus.lessons]
    scenarios = [state.scenario_doc(p.exercise) for s in course.sessions for p in s.parts
                 if p.exercise in corpus.scenarios]
    return list(dict.fromkeys([f"course-plans/{cid}", *lessons, *scenarios]))


CHINESE_NAMES = r"""
\renewcommand{\contentsname}{目录}
\renewcommand{\tablename}{表}
\renewcommand{\figurename}{图}
\makeatletter
\renewcommand{\chaptermark}[1]{\markboth{第\thechapter 章\quad #1}{}}
\def\@makechapterhead#1{\vspace*{20\p@}{\parindent\z@\raggedright\normalfont\huge\bfseries
  第\thechapter 章\quad #1\par\nobreak\vskip 30\p@}}
\makeatother
"""


def _config_inited(app: Sphinx, config: Config) -> None:
    """Fonts and paper for every language (the language is known only now, after -D)."""
    elements = dict(config.latex_elements or {})
    elements.setdefault("papersize", "a4paper")
    elements.setdefault("pointsize", "10pt")
    if (config.language or "en").startswith("zh"):
        # Sphinx would load xeCJK for Chinese itself (through 'fontenc'); FONTS loads it, after fontspec
        elements.setdefault("fontenc", r"\usepackage{fontspec}")
        elements.setdefault("babel", "")
        elements.setdefault("fontpkg", FONTS)
        # without babel, LaTeX's own words stay English ("Contents", "Chapter 3."): Chinese ones, and a plain
        # chapter head instead of fncychap's "CHAPTER" ornament
        elements.setdefault("fncychap", "")
        elements.setdefault("preamble", CHINESE_NAMES)
    else:
        # in English, curly quotes, dashes and the ellipsis are Latin punctuation: xeCJK would set them full width
        elements.setdefault("fontpkg", FONTS + '\\xeCJKDeclareCharClass{Default}{"2018, "2019, "201C, "201D, '
                                              '"2014, "2026}\n')
    elements.setdefault("sphinxsetup", "hmargin={2cm,2cm}, vmargin={2cm,2cm}")
    elements.setdefault("printindex", "")
    elements.setdefault("makeindex", "")
    config.latex_elements = elements


def _builder_inited(app: Sphinx) -> None:
    """After the extension has loaded the corpus (priority 500): the book stubs and latex_documents."""
    if app.builder.name != "latex":
        return
    corpus = state.corpus(app.env)
    srcdir = Path(app.srcdir)
    out = srcdir / FOLDER
    out.mkdir(exist_ok=True)
    edition = state.edition(app.env)
    title_word = _("Participant workbook") if edition == "participant" else _("Facilitator guide")
    documents = []
    for cid, course in sorted(corpus.courses.items()):
        toc = "".join(f"/{d}\n" for d in book_parts(corpus, cid))
        text = f"---\norphan: true\n---\n# {course.title}\n\n```{{toctree}}\n:maxdepth: 2\n\n{toc}```\n"
        path = out / f"{cid}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        title = f"{escape(course.title)}\\\\{{\\large {escape(title_word)}}}"
        documents.append((book_doc(cid), f"{cid}-{edition}.tex", title, app.config.author, "manual", True))
    for stale in out.glob("*.md"):
        if stale.stem not in corpus.courses:
            stale.unlink()
    app.config.latex_documents = documents
    app.config.include_patterns = [*app.config.include_patterns, f"{FOLDER}/**"]


_LONG = re.compile(r"\S{8,}")
_BREAK_AFTER = re.compile(r"(?<=[/._?&=#%:;,@)-])(?=.)")
_RUN = re.compile(r"[A-Za-z0-9]{20,}")


def breakable(text: str) -> list[str]:
    """An unspaced token of 8 or more characters that holds an address or a reference (a web or e-mail address,
    '50(1)(6)') in pieces: after each / . _ ? & = # % : ; , @ ) - followed by more, and every 12 characters of a
    run of 20 letters or digits. XeLaTeX would otherwise let it run off a narrow table column."""
    pieces: list[str] = []
    last = 0
    for m in _LONG.finditer(text):
        token = m[0]
        if not re.search(r"[/._?&=#%@)][\w(]|[A-Za-z0-9]{20}", token):
            continue  # an ordinary long word, or Chinese (xeCJK breaks it)
        cuts = sorted({0, len(token), *(c.start() for c in _BREAK_AFTER.finditer(token)),
                       *(k for r in _RUN.finditer(token) for k in range(r.start() + 12, r.end(), 12))})
        parts = [token[a:b] for a, b in itertools.pairwise(cuts) if b > a]
        pieces.append(text[last:m.start()] + parts[0])
        pieces += parts[1:]
        last = m.end()
    if not pieces:
        return [text]
    pieces[-1] += text[last:]
    return pieces


def _allow_breaks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Break opportunities (\\allowbreak) inside long addresses and identifiers shown as text, LaTeX only."""
    if app.builder.name != "latex":
        return
    skip = (nodes.literal_block, nodes.literal, nodes.raw, nodes.title, nodes.FixedTextElement)
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or any(isinstance(a, skip) for a in _ancestors(parent)):
            continue
        pieces = breakable(str(text))
        if len(pieces) == 1:
            continue
        new: list[nodes.Node] = []
        for i, piece in enumerate(pieces):
            if i:
                new.append(nodes.raw("", r"\allowbreak{}", format="latex"))
            new.append(nodes.Text(piece))
        index = parent.index(text)
        parent[index:index + 1] = new


def _width(text: str) -> int:
    """Characters as columns of Latin text: a Chinese character is about two."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def column_weights(table: nodes.table) -> list[int]:
    """A share of the line for each column: its longest cell (in Latin characters), at least 8 and at most 60, so
    a column of ticks or numbers stays narrow and no column of words is squeezed below a long word."""
    rows = [row for row in table.findall(nodes.row)]
    count = max((len(row) for row in rows), default=0)
    longest = [0] * count
    for row in rows:
        for i, entry in enumerate(row.children[:count]):
            longest[i] = max(longest[i], _width(entry.astext()))
    return [min(60, max(8, n)) for n in longest]


def _tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every table as a longtable (it breaks across pages: tabulary cannot, and a long table ran off the page) with
    column widths from its content (tabulary's own widths left words wider than their column)."""
    if app.builder.name != "latex":
        return
    for table in doctree.findall(nodes.table):
        groups = [g for g in table.children if isinstance(g, nodes.tgroup)]
        if len(groups) != 1 or any(isinstance(a, nodes.table) for a in _ancestors(table.parent)):
            continue
        specs = [c for c in groups[0].children if isinstance(c, nodes.colspec)]
        weights = column_weights(table)
        if len(specs) != len(weights):
            continue
        for spec, weight in zip(specs, weights, strict=True):
            spec["colwidth"] = weight
        for cls in ("longtable", "colwidths-given"):
            if cls not in table["classes"]:
                table["classes"].append(cls)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _allow_breaks)
    app.connect("doctree-resolved", _tables)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited, priority=550)
