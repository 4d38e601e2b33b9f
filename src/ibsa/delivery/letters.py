"""The letter templates (tools of kind 'letter') as editable Word documents (`ibsa dist-letters`).

A clinic fills them in on a computer: each [bracketed blank] stays in the text, highlighted, to be replaced.
The body is the tool's MyST, in the language's translation (ibsa.i18n); the catalogue roles are worded by
ibsa.delivery.text as the site words them, so a letter cites 'Criminal Law Art. 246' or
'《中华人民共和国刑法》第二百四十六条', never an id. The MyST read here is what letters use:
paragraphs, '##' headings, numbered and bulleted lists (one level of nesting), pipe tables, **bold** and blanks.

Output: <out>/<lang>/letters/<tool>-participant.docx (letters hold no answers: one edition, which may be
published).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from ibsa import describe, i18n, loaders
from ibsa.delivery import LANGUAGES
from ibsa.delivery import text as text_
from ibsa.loaders import Corpus
from ibsa.model import Tool

WORDS = {
    "en": {"guide": "How to use this template", "blanks": "Replace every highlighted [blank] and delete this "
           "section before you send the letter."},
    "zh_CN": {"guide": "使用说明", "blanks": "请替换所有高亮的［空白］内容，寄出前删除本节。"},
}
FONTS = {"en": ("DejaVu Serif", "Noto Serif CJK SC"), "zh_CN": ("Noto Serif CJK SC", "Noto Serif CJK SC")}
_INLINE = re.compile(r"(\*\*.+?\*\*|\[[^\[\]]*\])")


def words(corpus: Corpus, text: str) -> str:
    """Roles worded by ibsa.delivery.text, the one plain-text renderer outside Sphinx."""
    return text_.plain(corpus, text)


def _runs(par: Paragraph, text: str, bold: bool = False) -> None:
    """**bold** and [blanks] (highlighted) as runs of one paragraph; a newline is a line break."""
    lines = text.split("\n")
    if len(lines) > 1:
        for n, line in enumerate(lines):
            if n:
                par.add_run().add_break()
            _runs(par, line, bold)
        return
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            _runs(par, piece[2:-2], bold=True)
        elif piece.startswith("[") and piece.endswith("]"):
            run = par.add_run(piece)
            run.bold = bold
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            par.add_run(piece).bold = bold


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _join(text: str, more: str) -> str:
    """Two lines of one paragraph: a trailing backslash is a line break; Chinese joins without a space."""
    if text.endswith("\\"):
        return text[:-1] + "\n" + more
    if _CJK.match(more[:1]) or _CJK.match(text[-1:]):
        return text + more
    return text + " " + more


def _blocks(body: str) -> list[tuple[str, object]]:
    """('heading'|'para'|'number'|'bullet'|'bullet2'|'table', content) in order."""
    out: list[tuple[str, object]] = []
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("#"):
            out.append(("heading", stripped.lstrip("#").strip()))
            i += 1
            continue
        if stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in re.split(r"(?<!\\)\|", lines[i].strip())[1:-1]]
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            out.append(("table", rows))
            continue
        indent = len(line) - len(line.lstrip())
        kind, text = "para", stripped
        if m := re.match(r"\d+\.\s+(.*)", stripped):
            kind, text = "number", m[1]
        elif m := re.match(r"[-*+]\s+(.*)", stripped):
            kind, text = ("bullet2" if indent >= 2 else "bullet"), m[1]
        i += 1
        # continuation lines: indented deeper than the marker, or plain lines of a paragraph
        while i < len(lines) and lines[i].strip() and not re.match(r"\s*(#|\||\d+\.\s|[-*+]\s)", lines[i]):
            text = _join(text, lines[i].strip())
            i += 1
        out.append((kind, text))
    return out


def document(corpus: Corpus, tool: Tool, language: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    latin, east_asian = FONTS[language]
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "List Number", "List Bullet", "List Bullet 2"):
        style = doc.styles[style_name]
        style.font.name = latin
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(words(corpus, tool.title), level=0)
    guide = doc.add_heading(WORDS[language]["guide"], level=1)
    guide.style = doc.styles["Heading 1"]
    _runs(doc.add_paragraph(), words(corpus, " ".join(tool.purpose.split())))
    _runs(doc.add_paragraph(), WORDS[language]["blanks"])
    for kind, content in _blocks(tool.body or ""):
        if kind == "heading":
            doc.add_heading(words(corpus, str(content)), level=2)
        elif kind == "table":
            rows = [[words(corpus, c).replace("\\|", "|") for c in r] for r in content]  # type: ignore[attr-defined]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = doc.styles["Table Grid"]
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    _runs(cell.paragraphs[0], text, bold=(r == 0))
        else:
            style = {"para": None, "number": "List Number", "bullet": "List Bullet", "bullet2": "List Bullet 2"}[kind]
            _runs(doc.add_paragraph(style=style), words(corpus, str(content)))
    doc.core_properties.title = words(corpus, tool.title)
    doc.core_properties.language = language.replace("_", "-")
    return doc


def write(root: Path, out: Path, languages: Iterable[str] = LANGUAGES) -> list[Path]:
    corpus = loaders.load(root)
    written = []
    try:
        for language in languages:
            localised = corpus if language == "en" else i18n.localise(corpus, i18n.read_catalogs(root, language))
            describe.set_language(language)
            for tid, tool in sorted(localised.tools.items()):
                if tool.kind != "letter":
                    continue
                target = out / language / "letters" / f"{tid}-participant.docx"
                target.parent.mkdir(parents=True, exist_ok=True)
                document(localised, tool, language).save(str(target))
                written.append(target)
    finally:
        describe.set_language("en")
    return written
