"""PDF workbooks and guides (issue 19), built from the mini fixture in English and Chinese: no answers in the
participant workbook (and they are in the guide: the positive control), every font embedded, no missing glyph,
nothing overfull by more than ibsa.delivery.pdf.OVERFULL_PT, every page renders. The repository's full set is
`make dist-pdf`. A missing XeLaTeX or Poppler fails these tests with the command that installs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibsa import i18n, loaders
from ibsa.delivery import leaks, pdf
from tests.conftest import MINI, copy_repo

COURSE = "demo-course"


def _tools() -> None:
    if pdf.missing_tools():
        pytest.fail(f"missing {', '.join(pdf.missing_tools())}; install with: {pdf.INSTALL}", pytrace=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], pdf.Built]:
    _tools()
    repo = copy_repo(MINI, tmp_path_factory.mktemp("pdf") / "mini")
    items = pdf.build(repo.root, repo.root / "_build" / "dist", pdf.LANGUAGES, courses=[COURSE])
    return {(b.language, b.edition): b for b in items}


def _course_secrets(root: Path, language: str) -> list[str]:
    """The answer-key texts of the scenarios the course practises, in `language`."""
    corpus = loaders.load(root)
    if language != "en":
        corpus = i18n.localise(corpus, i18n.read_catalogs(root, language))
    course = corpus.courses[COURSE]
    ids = [p.exercise for s in course.sessions for p in s.parts if p.exercise]
    texts = [t for sid in ids for t in leaks.secret_texts(corpus.scenarios[sid])]
    return sorted({p for p in map(leaks.probe, texts) if leaks.telling(p)})


def test_layout(built: dict[tuple[str, str], pdf.Built]) -> None:
    for (language, edition), item in built.items():
        assert item.pdf.name == f"{COURSE}-{edition}.pdf"
        assert item.pdf.parent.as_posix().endswith(f"_build/dist/{language}/pdf")
        assert item.problems == []
    assert set(built) == {(lang, e) for lang in pdf.LANGUAGES for e in pdf.EDITIONS}


@pytest.mark.parametrize("language", pdf.LANGUAGES)
def test_answers_only_in_the_facilitator_guide(built: dict[tuple[str, str], pdf.Built], language: str) -> None:
    root = built[language, "participant"].pdf.parents[4]
    secrets = _course_secrets(root, language)
    assert secrets, "the mini course practises a scenario with an answer key"
    participant = pdf.text_of(built[language, "participant"].pdf)
    facilitator = pdf.text_of(built[language, "facilitator"].pdf)
    assert leaks.found(participant, secrets) == []
    assert leaks.found(facilitator, secrets) == secrets  # positive control: the search finds them where they are
    assert "zqtaskanswerzq" in facilitator and "zqtaskanswerzq" not in participant


def test_course_content_is_in_both(built: dict[tuple[str, str], pdf.Built]) -> None:
    for edition in pdf.EDITIONS:
        text = pdf.text_of(built["en", edition].pdf)
        assert "Demo course for the front desk" in text and "Demo lesson" in text
        assert "A camera in the changing room" in text
    zh = pdf.text_of(built["zh_CN", "participant"].pdf)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), "the Chinese workbook has Chinese text"
    assert "目录" in zh and "第1章" in zh.replace(" ", "")  # LaTeX's own words in Chinese too
    assert "Contents" not in zh and "Chapter" not in zh


def test_fonts_embedded(built: dict[tuple[str, str], pdf.Built]) -> None:
    for item in built.values():
        assert pdf.unembedded_fonts(item.pdf) == [], item.pdf


def test_logs_clean(built: dict[tuple[str, str], pdf.Built]) -> None:
    for item in built.values():
        assert pdf.log_problems(item.log.read_text(encoding="utf-8", errors="replace")) == [], item.log


def test_every_page_renders(built: dict[tuple[str, str], pdf.Built], tmp_path: Path) -> None:
    for (language, edition), item in built.items():
        pages = pdf.page_count(item.pdf)
        images = pdf.render_pages(item.pdf, tmp_path / language / edition)
        assert pages > 1 and len(images) == pages
        assert all(p.stat().st_size > 500 for p in images)


# ------------------------------------------------------------------ each check on a broken input

def test_log_findings() -> None:
    log = ("Missing character: There is no \U00010000 (U+10000) in font DejaVu Serif/OT:script=latn;!\n"
           "Overfull \\hbox (35.2pt too wide) in alignment at lines 120--125\n"
           "Overfull \\hbox (4.1pt too wide) in paragraph at lines 10--12\n"
           "Overfull \\vbox (606.76395pt too high) has occurred while \\output is active []\n"
           "Overfull \\vbox (3.0pt too high) has occurred while \\output is active []\n")
    assert pdf.log_problems(log) == [
        "missing glyph: \U00010000 (U+10000) (font DejaVu Serif/OT:script=latn;)",
        "overfull by 35.2pt (limit 20pt) in alignment at lines 120--125",
        "taller than the page by 606.76395pt (limit 20pt): cut off at the foot of a page"]


def test_column_widths_follow_the_content() -> None:
    """Tables become longtables with widths from their cells: a tick column stays narrow, Chinese counts double."""
    from docutils import nodes

    from ibsa.sphinxext.latex import column_weights

    def table(*rows: tuple[str, ...]) -> nodes.table:
        body = nodes.tbody("", *(nodes.row("", *(nodes.entry("", nodes.paragraph(text=c)) for c in r))
                                 for r in rows))
        return nodes.table("", nodes.tgroup("", body, cols=len(rows[0])))

    assert column_weights(table(("☐", "Asks open questions first and lets her tell it in her own words, "
                                       "without interrupting"), ("☐", "x"))) == [8, 60]
    assert column_weights(table(("受案回执和立案决定书", "Receipt"))) == [20, 8]


def test_unembedded_font_is_reported(tmp_path: Path) -> None:
    """A PDF using one of the 14 standard fonts without embedding it."""
    _tools()
    content = b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path = tmp_path / "bare.pdf"
    path.write_bytes(out)
    assert pdf.unembedded_fonts(path) == ["Helvetica"]


def test_broken_lesson_fails_the_build(tmp_path: Path) -> None:
    """A lesson that prints an answer to participants and a character no font has: the build fails and says both."""
    _tools()
    repo = copy_repo(MINI, tmp_path / "mini")
    repo.edit("curriculum/01-demo/01-lesson.md", "Practise with",
              "An old sign \U00010000 here. zqtaskanswerzq the old article.\n\nPractise with")
    with pytest.raises(pdf.PdfError) as caught:
        pdf.build(repo.root, tmp_path / "dist", ["en"], editions=["participant"], courses=[COURSE])
    message = str(caught.value)
    assert "en/demo-course-participant.pdf: missing glyph: \U00010000 (U+10000)" in message
    assert "answer text in the participant PDF: 'zqtaskanswerzq the old article.'" in message


def test_missing_tool_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda tool: None if tool == "xelatex" else "/usr/bin/" + tool)
    with pytest.raises(pdf.PdfError, match=r"(?s)missing xelatex.*apt-get install .*texlive-xetex"):
        pdf.require_tools()


def test_long_addresses_get_break_points() -> None:
    """Addresses shown as text in narrow table columns ran up to 369 pt into the margin before (referrals)."""
    from ibsa.sphinxext.latex import breakable

    assert breakable("see https://a.example/x_y?n=7 now") == ["see https:", "/", "/", "a.", "example/", "x_",
                                                              "y?", "n=", "7 now"]
    assert breakable("idx=cb00d1a0008a85e71a41b874 x") == ["idx=", "cb00d1a0008a", "85e71a41b874 x"]
    assert breakable("an ordinary counselling sentence, 中华人民共和国刑事诉讼法第一百一十条") == [
        "an ordinary counselling sentence, 中华人民共和国刑事诉讼法第一百一十条"]


def test_story_repeated_in_an_answer_is_no_leak(tmp_path: Path) -> None:
    """An answer that repeats a sentence of the narrative is not searched for: participants read it anyway (the
    Chinese police course's answer key repeats "她不再去食堂吃饭，睡不好觉。" from its story)."""
    repo = copy_repo(MINI, tmp_path / "mini")
    story = "She stops eating in the canteen and sleeps badly."
    repo.edit("exercises/demo-camera.yaml", "narrative: A fictional narrative.", f"narrative: {story}")
    assert leaks.probe("zqreasoningzq she did not know.") in leaks.probes(loaders.load(repo.root))
    repo.edit("exercises/demo-camera.yaml", "text: zqreasoningzq she did not know.", f"text: {story}")
    found = leaks.probes(loaders.load(repo.root))
    assert story not in found and leaks.probe("zqtaskanswerzq the old article.") in found
