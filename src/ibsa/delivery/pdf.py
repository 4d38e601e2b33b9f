"""A participant workbook and a facilitator guide per course and language, as PDF (`ibsa dist-pdf`).

Sphinx's LaTeX builder writes one .tex per course (ibsa.sphinxext.latex decides what goes in it) for each edition
and language; latexmk runs XeLaTeX on it. The PDF is then checked, and a failed check fails the command:

- glyphs: XeLaTeX logs "Missing character" for a character none of the fonts has (it would print nothing);
- width: an "Overfull \\hbox" more than OVERFULL_PT too wide is a table or a line reaching visibly into the
  margin (or off the page); smaller ones are LaTeX's usual tolerance and are not reported;
- height: an "Overfull \\vbox ... too high ... while \\output is active" more than OVERFULL_PT is a block (a table
  that cannot break) taller than the page, cut off at its foot;
- fonts: every font is embedded (`pdffonts`), so the file prints the same everywhere;
- answers: the participant workbook holds no text of any answer key (see ibsa.delivery.leaks).

Output: <out>/<lang>/pdf/<course>-participant.pdf and <course>-facilitator.pdf.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ibsa.delivery import EDITIONS, LANGUAGES

OVERFULL_PT = 20.0
TOOLS = {"xelatex": "texlive-xetex", "latexmk": "latexmk", "pdftotext": "poppler-utils",
         "pdffonts": "poppler-utils", "pdftoppm": "poppler-utils", "pdfinfo": "poppler-utils"}
PACKAGES = ("texlive-xetex texlive-lang-chinese texlive-latex-extra texlive-fonts-recommended latexmk "
            "poppler-utils fonts-noto-cjk fonts-dejavu-core")
INSTALL = f"sudo apt-get install -y --no-install-recommends {PACKAGES}"


class PdfError(RuntimeError):
    """A build step failed or a PDF failed a check."""


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise PdfError(f"missing {', '.join(missing)}: the PDFs need XeLaTeX and Poppler. Install them with:\n  "
                       f"{INSTALL}")


@dataclass
class Built:
    language: str
    edition: str
    course: str
    pdf: Path
    log: Path
    problems: list[str] = field(default_factory=list)


_MISSING = re.compile(r"^Missing character: There is no (\S+(?: \(U\+[0-9A-F]+\))?) in font ([^!\n]+)", re.M)
_OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) (.*)$", re.M)
_TOO_HIGH = re.compile(r"^Overfull \\vbox \((\d+(?:\.\d+)?)pt too high\) has occurred while \\output is active",
                       re.M)


def log_problems(log_text: str, limit: float = OVERFULL_PT) -> list[str]:
    """Missing glyphs and overfull boxes wider than `limit` points, from a XeLaTeX log."""
    found = [f"missing glyph: {m[1]} (font {m[2]})" for m in _MISSING.finditer(log_text)]
    found += [f"overfull by {m[1]}pt (limit {limit:g}pt) {m[2]}" for m in _OVERFULL.finditer(log_text)
              if float(m[1]) > limit]
    found += [f"taller than the page by {m[1]}pt (limit {limit:g}pt): cut off at the foot of a page"
              for m in _TOO_HIGH.finditer(log_text) if float(m[1]) > limit]
    return list(dict.fromkeys(found))


def unembedded_fonts(pdf: Path) -> list[str]:
    """Fonts `pdffonts` lists as not embedded (column 'emb' is 'no')."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()[2:]
    bad = []
    for line in lines:
        cols = line.split()
        # name type... emb sub uni object ID: 'emb' is the fifth column from the end
        if len(cols) >= 6 and cols[-5] != "yes":
            bad.append(cols[0])
    return bad


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def text_of_page(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m[1]) if m else 0


def render_pages(pdf: Path, into: Path, dpi: int = 50) -> list[Path]:
    """Every page as PNG; a page Poppler cannot render is missing from the list."""
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(into / "page")], capture_output=True,
                   check=True)
    return sorted(into.glob("page*.png"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    env["max_print_line"] = "10000"  # log lines unwrapped, so each finding is one line
    return env


def sphinx_latex(root: Path, work: Path, language: str, edition: str) -> Path:
    """The .tex files of one language and edition; warnings are errors, as for the site."""
    outdir = work / "latex" / language / edition
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-W", "--keep-going", "-q",
         "-D", f"language={language}", "-D", f"ibsa_edition={edition}",
         "-d", str(work / "doctrees-latex" / language / edition), str(root), str(outdir)],
        capture_output=True, text=True, check=False, env=_env())
    if result.returncode != 0:
        raise PdfError(f"sphinx-build -b latex ({language}, {edition}) failed:\n{result.stderr}")
    return outdir


def xelatex(tex: Path) -> tuple[Path, Path]:
    """latexmk -xelatex on one file; (pdf, log)."""
    result = subprocess.run(["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-f-",
                             tex.name], cwd=tex.parent, capture_output=True, text=True, check=False, env=_env())
    pdf, log = tex.with_suffix(".pdf"), tex.with_suffix(".log")
    if result.returncode != 0 or not pdf.exists():
        errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
        raise PdfError(f"xelatex failed on {tex}: {'; '.join(errors[:5]) or result.stdout[-2000:]}")
    return pdf, log


def check_pdf(item: Built, answers: Iterable[str] = ()) -> list[str]:
    """Every check of one built PDF; the participant edition is also searched for answer-key text."""
    problems = log_problems(item.log.read_text(encoding="utf-8", errors="replace"))
    problems += [f"font not embedded: {f}" for f in unembedded_fonts(item.pdf)]
    if item.edition == "participant":
        from ibsa.delivery import leaks

        problems += [f"answer text in the participant PDF: {a!r}" for a in leaks.found(text_of(item.pdf), answers)]
    return problems


def build(root: Path, out: Path, languages: Iterable[str] = LANGUAGES, editions: Iterable[str] = EDITIONS,
          courses: Iterable[str] | None = None, work: Path | None = None) -> list[Built]:
    """Build, check and copy the PDFs; raises PdfError listing every problem found."""
    from ibsa import loaders
    from ibsa.delivery import leaks

    require_tools()
    root = root.resolve()
    work = (work or root / "_build").resolve()
    corpus = loaders.load(root)
    answers = leaks.answer_probes(root, corpus)
    wanted = set(courses) if courses else None
    # Sphinx one edition at a time (the builds share the source folder's generated stubs); XeLaTeX in parallel
    texs = []
    for language in languages:
        for edition in editions:
            latexdir = sphinx_latex(root, work, language, edition)
            texs += [(language, edition, cid, latexdir / f"{cid}-{edition}.tex") for cid in sorted(corpus.courses)
                     if wanted is None or cid in wanted]
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        results = list(pool.map(lambda t: xelatex(t[3]), texs))
    built: list[Built] = []
    problems: list[str] = []
    for (language, edition, cid, _tex), (pdf, log) in zip(texs, results, strict=True):
        item = Built(language, edition, cid, pdf, log)
        item.problems = check_pdf(item, answers.get(language, []))
        problems += [f"{language}/{pdf.name}: {p}" for p in item.problems]
        target = out / language / "pdf" / pdf.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, target)
        item.pdf = target
        built.append(item)
    if problems:
        raise PdfError("\n".join(problems))
    return built
