"""The complaint and reconsideration letters as editable .docx (issue 19), from the repository's tools, in English
and Chinese: headings, the fields to fill in (highlighted blanks), citations worded and never an id or a role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from ibsa import loaders
from ibsa.delivery import letters
from tests.conftest import MINI, ROOT, copy_repo

EXPECTED = {
    ("en", "complaint-letter"): (["Requests", "Facts", "Provisions and the facts that meet them", "Evidence", "Harm"],
                                 ["[full name]", "[date of birth]", "[date]", "[facts]"], "Criminal Law Art. 246"),
    ("en", "refusal-remedy-letter"): (["Request", "Time limit", "Grounds", "Decision"],
                                      ["[date of receipt]", "[number]", "[date]"], "Criminal Procedure Law"),
    ("zh_CN", "complaint-letter"): (["控告请求", "事实和理由"], ["[姓名]", "[出生日期]"],
                                    "《中华人民共和国刑法》第二百四十六条"),
    ("zh_CN", "refusal-remedy-letter"): (["复议请求", "申请期限", "事实和理由"], ["[姓名]", "[决定日期]"],
                                         "《中华人民共和国刑事诉讼法》"),
}
ID = re.compile(r"\b(?:CN|KR|XX)-[A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)+")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("letters")
    paths = letters.write(ROOT, out)
    return {(p.parent.parent.name, p.stem.removesuffix("-participant")): p for p in paths}


def _text(doc: Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_every_letter_in_both_languages(written: dict[tuple[str, str], Path]) -> None:
    corpus = loaders.load(ROOT)
    ids = sorted(t for t, tool in corpus.tools.items() if tool.kind == "letter")
    assert ids == ["complaint-letter", "refusal-remedy-letter"]
    assert sorted(written) == sorted((lang, t) for lang in letters.LANGUAGES for t in ids)
    for (lang, _tid), path in written.items():
        assert path.parent.as_posix().endswith(f"{lang}/letters") and path.suffix == ".docx"


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_headings_fields_and_citations(written: dict[tuple[str, str], Path], key: tuple[str, str]) -> None:
    headings, fields, citation = EXPECTED[key]
    doc = Document(str(written[key]))
    found = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert doc.paragraphs[0].style.name == "Title"
    for h in headings:
        assert h in found, (h, found)
    text = _text(doc)
    for field in fields:
        assert field in text
    blanks = [r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert len(blanks) >= 5 and all(b.startswith("[") and b.endswith("]") for b in blanks)
    assert citation in text
    assert "{prov}" not in text and "`" not in text and "**" not in text
    assert ID.findall(text) == []


def test_complaint_table_is_a_table(written: dict[tuple[str, str], Path]) -> None:
    doc = Document(str(written["en", "complaint-letter"]))
    assert len(doc.tables) == 1
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == ["Provision", "What must be shown", "Facts", "Evidence (log no.)"]
    assert [c.text for c in doc.tables[0].rows[1].cells][2:] == ["[facts]", "[nos.]"]


def test_a_letter_added_to_the_data_is_written(tmp_path: Path) -> None:
    """Broken input: a letter whose body has an unknown role keeps the text, never the role markup."""
    repo = copy_repo(MINI, tmp_path / "mini")
    (repo.root / "resources" / "tools" / "demo-letter.yaml").write_text(
        "id: demo-letter\ntitle: Demo letter\nkind: letter\ntracks: [clinic]\npurpose: A demo.\n"
        "body: |\n  **To:** [office]\n\n  ## Request\n\n  1. File under {prov}`CN-DEMO-1`.\n"
        "  2. Line one\\\n     line two {unknown}`x`.\n", encoding="utf-8")
    paths = letters.write(repo.root, tmp_path / "out", ["en"])
    assert [p.name for p in paths] == ["demo-letter-participant.docx"]
    doc = Document(str(paths[0]))
    text = _text(doc)
    assert "Request" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "[office]" in text and "CN-DEMO-1" not in text and "{unknown}" not in text
    assert "Line one\nline two x." in text
