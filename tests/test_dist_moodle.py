"""Moodle XML question banks (`ibsa dist-moodle`): the structure Moodle's importer requires, the answers and
feedback from the answer keys, readable text (no role markup, no ids), and a validator that rejects broken banks."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from ibsa import cli, describe, i18n, loaders
from ibsa.delivery import moodle
from ibsa.delivery import text as words
from tests.conftest import ROOT, Repo

ESSENTIAL = ("name", "questiontext")


def _questions(tree: etree._ElementTree, qtype: str) -> list[etree._Element]:
    return [q for q in tree.getroot() if q.get("type") == qtype]


def _fractions(q: etree._Element) -> list[float]:
    return [float(a.get("fraction")) for a in q.findall("answer")]


def assert_importable(tree: etree._ElementTree) -> None:
    """What Moodle's importer needs, checked here on its own (not through `moodle.validate`)."""
    root = tree.getroot()
    assert root.tag == "quiz"
    for q in root:
        assert q.tag == "question"
        if q.get("type") == "category":
            assert q.findtext("category/text").startswith("$course$/top/IBSA/")
            continue
        assert q.get("type") in ("multichoice", "essay")
        assert q.findtext("name/text").strip()
        assert q.find("questiontext").get("format") == "html"
        assert q.findtext("questiontext/text").strip()
        if q.get("type") == "multichoice":
            assert q.findtext("single") == "false"
            fractions = _fractions(q)
            assert len(fractions) >= 2
            assert all(any(abs(f - a) < 0.001 for a in moodle.ALLOWED) for f in fractions), fractions
            assert abs(sum(f for f in fractions if f > 0) - 100) <= 0.01
            assert all(a.findtext("text").strip() for a in q.findall("answer"))
        else:
            assert q.findtext("graderinfo/text").strip()


def test_mini_banks_per_course_and_language(mini: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    assert cli.main(["--root", str(mini.root), "dist-moodle", "--out", str(out)]) == 0
    for lang in ("en", "zh_CN"):
        names = sorted(p.name for p in (out / lang / "moodle").iterdir())
        assert names == ["all-scenarios-facilitator.xml", "demo-course-facilitator.xml"]
    tree = etree.parse(str(out / "en" / "moodle" / "demo-course-facilitator.xml"))
    assert_importable(tree)
    assert moodle.validate(tree) == []
    raw = (out / "en" / "moodle" / "demo-course-facilitator.xml").read_text(encoding="utf-8")
    assert "<![CDATA[<p>A fictional narrative.</p>" in raw  # question text is HTML in CDATA
    # demo-camera: one provision applies (100), two tempting ones are distractors with negative fractions
    camera = next(q for q in _questions(tree, "multichoice")
                  if q.findtext("name/text").startswith("A camera in the changing room"))
    answers = {a.findtext("text"): (float(a.get("fraction")), a.findtext("feedback/text"))
               for a in camera.findall("answer")}
    assert answers["<p>Demo Law Art. 1: Covert filming (old)</p>"][0] == 100
    assert "zqreasoningzq she did not know." in answers["<p>Demo Law Art. 1: Covert filming (old)</p>"][1]
    assert answers["<p>Demo Law Art. 3: Spreading many videos</p>"] == (-100, "<p>zqnotapplicablezq too few "
                                                                             "videos.</p>")
    assert sum(1 for f in _fractions(camera) if f < 0) == 2
    # one question per suspect where the answer key has several
    parties = [q.findtext("name/text") for q in _questions(tree, "multichoice")
               if q.findtext("name/text").startswith("Two men, one camera")]
    assert parties == ["Two men, one camera — Which provisions apply (The man who filmed)",
                       "Two men, one camera — Which provisions apply (The man who spread the videos)"]
    # the short-answer task: an essay with the model answer for the grader only
    essay = next(q for q in _questions(tree, "essay") if q.findtext("idnumber") == "demo-camera-task-t1")
    assert essay.findtext("graderinfo/text") == "<p>zqtaskanswerzq the old article.</p>"
    assert "zqtaskanswerzq" not in essay.findtext("questiontext/text")
    # categories: per course, then per scenario
    cats = [q.findtext("category/text") for q in _questions(tree, "category")]
    assert "$course$/top/IBSA/Demo course for the front desk/A camera in the changing room" in cats
    # the Chinese bank is valid too (the mini fixture's data are not translated: English words, Chinese prompts)
    zh = etree.parse(str(out / "zh_CN" / "moodle" / "all-scenarios-facilitator.xml"))
    assert_importable(zh)
    # UTF-8 with the characters themselves in CDATA (a character reference would show literally there)
    assert "请勾选所有适用的条文" in (out / "zh_CN" / "moodle" / "all-scenarios-facilitator.xml").read_text("utf-8")
    assert "请勾选所有适用的条文" in zh.getroot().find("question[@type='multichoice']").findtext("questiontext/text")


def test_dist_moodle_fails_when_what_it_wrote_is_invalid(mini: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(moodle, "split", lambda n: [90.0] + [0.0] * (n - 1))
    assert cli.main(["--root", str(mini.root), "dist-moodle", "--lang", "en", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert ("demo-course-facilitator.xml: question 2 ('A camera in the changing room — Which provisions apply'): "
            "the right answers' fractions add up to 90, not 100") in err


BROKEN = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/IBSA/Broken</text></category></question>
  <question type="multichoice">
    <name><text>Ninety per cent</text></name>
    <questiontext format="html"><text><![CDATA[<p>A story.</p>]]></text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>A</text></answer>
    <answer fraction="40"><text>B</text></answer>
    <answer fraction="-50"><text>C</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Odd fraction</text></name>
    <questiontext format="moodle_auto_format"><text>See {prov}`CN-CL-246`.</text></questiontext>
    <single>false</single>
    <answer fraction="45"><text>A</text></answer>
    <answer fraction="55"><text>B</text></answer>
  </question>
  <question type="essay">
    <name><text>No model answer</text></name>
    <questiontext format="html"><text>Write it.</text></questiontext>
  </question>
  <question type="essay">
    <questiontext format="html"><text>Shows CN-CL-246.</text></questiontext>
    <graderinfo format="html"><text>Answer.</text></graderinfo>
  </question>
</quiz>
"""


def test_validator_rejects_a_broken_bank() -> None:
    tree = etree.ElementTree(etree.fromstring(BROKEN.encode()))
    assert moodle.validate(tree, forbidden=["CN-CL-246"]) == [
        "question 2 ('Ninety per cent'): the right answers' fractions add up to 90, not 100",
        "question 3 ('Odd fraction'): <questiontext> has format 'moodle_auto_format'; expected 'html'",
        "question 3 ('Odd fraction'): raw role markup '{prov}`CN-CL-246`' in the text",
        "question 3 ('Odd fraction'): the text shows the id 'CN-CL-246'",
        "question 3 ('Odd fraction'): answer 1 has fraction 45, which Moodle does not allow",
        "question 3 ('Odd fraction'): answer 2 has fraction 55, which Moodle does not allow",
        "question 4 ('No model answer'): an essay question needs <graderinfo> with the model answer",
        "question 5: no <name><text>",
        "question 5: the text shows the id 'CN-CL-246'",
    ]
    assert moodle.validate(etree.fromstring(b"<questions/>")) == [
        "the root element is <questions>; Moodle XML needs <quiz>"]


@pytest.mark.parametrize("n", range(1, 21))
def test_right_answers_share_100_in_allowed_fractions(n: int) -> None:
    shares = moodle.split(n)
    assert len(shares) == n and all(moodle.allowed(s) and s > 0 for s in shares)
    assert abs(sum(shares) - 100) <= moodle.SUM_TOLERANCE


def test_more_right_answers_than_fractions_can_share_is_an_error() -> None:
    with pytest.raises(moodle.MoodleError, match="more than 20"):
        moodle.split(21)


@pytest.fixture(scope="module")
def repo_corpus() -> loaders.Corpus:
    return loaders.load(ROOT)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_repository_scenario_bank(repo_corpus: loaders.Corpus, lang: str) -> None:
    """One scenario of the repository: valid, readable, provisions named by citation and title, Chinese in the
    Chinese bank."""
    sid = "cn-below-threshold-group-2026"
    before = describe.language()
    describe.set_language(lang)
    try:
        corpus = repo_corpus if lang == "en" else i18n.localise(repo_corpus, i18n.read_catalogs(ROOT, lang))
        written = etree.tostring(moodle.bank(corpus, [sid], ["Test"]), encoding="UTF-8")
        tree = etree.ElementTree(etree.fromstring(written))
        scenario = corpus.scenarios[sid]
        prov = corpus.provisions[scenario.answer_key.not_applicable[0].provision]
        label = words.provision_label(corpus, prov)
        reason = words.html(corpus, scenario.answer_key.not_applicable[0].reason)
    finally:
        describe.set_language(before)
    assert_importable(tree)
    assert moodle.validate(tree, moodle.forbidden_ids(repo_corpus)) == []
    (mc,) = _questions(tree, "multichoice")
    fractions = _fractions(mc)
    assert sum(1 for f in fractions if f > 0) == len(scenario.answer_key.applicable)
    assert sum(1 for f in fractions if f < 0) == len(scenario.answer_key.not_applicable) >= 1
    # a distractor: named by citation and title, its feedback the answer key's reason
    distractor = next(a for a in mc.findall("answer") if a.findtext("text") == f"<p>{label}</p>")
    assert float(distractor.get("fraction")) < 0 and distractor.findtext("feedback/text") == reason
    every = etree.tostring(tree, encoding="unicode")
    assert "{prov}`" not in every and "`" not in every
    if lang == "zh_CN":
        assert label.startswith("《") and "：" in label
        assert "请勾选所有适用的条文" in mc.findtext("questiontext/text")
        assert scenario.narrative[:10] in mc.findtext("questiontext/text")
        assert scenario.narrative != repo_corpus.scenarios[sid].narrative  # the Chinese narrative, not English
    assert len(_questions(tree, "essay")) == len(scenario.answer_key.tasks)


def test_roles_render_as_readable_text(repo_corpus: loaders.Corpus) -> None:
    prov = repo_corpus.provisions["CN-CL-246"]
    cited = describe.citation(prov, repo_corpus.instruments.get(prov.instrument))
    assert words.plain(repo_corpus, "See {prov}`CN-CL-246` and {prov}`that article <CN-CL-246>`.") == \
        f"See {cited} and that article."
    assert words.plain(repo_corpus, "{penalty}`CN-CL-246`") == describe.maximum(prov.penalty)
    html = words.html(repo_corpus, ":::{note}\nContent note.\n:::\n\nA *story* <b>.")
    assert html == "<blockquote>\n<p>Content note.</p>\n</blockquote>\n<p>A <em>story</em> &lt;b&gt;.</p>"
