"""Evaluation instruments (evaluation/*.yaml): each check on a broken fixture with its exact finding; the CSV
export (`ibsa dist-evaluation`) keeps answers out of participant files; the pages show answers only to
facilitators."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ibsa import i18n, loaders, site
from ibsa.delivery import evaluation as delivery
from tests import leaks
from tests.conftest import ROOT, Repo, build
from tests.test_checks import assert_edit_gives

EV = "evaluation/demo-course.yaml"
SHARED = "evaluation/shared.yaml"
EXPLANATION = "Zqexplainzq the version in force on the date of the act decides."

DEMO = f"""id: demo-course
title: "Evaluation: demo course"
knowledge_check:
  - id: version
    objective: demo-o1
    question: Which version of the rule do you apply?
    options:
      - text: The version in force on the date of the act
        right: true
      - text: The newest version
    explanation: {EXPLANATION}
rubrics:
  - id: letters
    title: "Rubric: letters"
    applies_to: A letter asking for reconsideration
    levels: [Not yet, Strong]
    criteria:
      - criterion: Legal basis
        levels: [Names no rule, Matches each element to a fact]
"""

SHARED_TEXT = """id: shared
attitudes:
  title: Views
  instructions: Mark how far you agree.
  points: [Strongly disagree, Disagree, Neither, Agree, Strongly agree]
  items:
    - {id: a, text: Statement one blames her.}
    - {id: b, text: Statement two supports her., reverse: true}
    - {id: c, text: Statement three blames her.}
    - {id: d, text: Statement four supports her., reverse: true}
    - {id: e, text: Statement five blames her.}
    - {id: f, text: Statement six supports her., reverse: true}
  scoring: Zqscoringzq score six minus the mark for reverse-scored statements.
  adapted_from: ["Author, A. (2000). A scale. A Journal, 1, 1-2."]
  notes: Our own wording.
feedback:
  title: Feedback
  instructions: Your answers are anonymous.
  points: [Strongly disagree, Disagree, Neither, Agree, Strongly agree]
  questions:
    - {id: useful, kind: rating, text: The course was useful.}
    - {id: change, kind: open, text: What will you change?}
"""


def _with_evaluation(repo: Repo) -> Repo:
    (repo.root / "evaluation").mkdir(exist_ok=True)
    (repo.root / EV).write_text(DEMO, encoding="utf-8")
    (repo.root / SHARED).write_text(SHARED_TEXT, encoding="utf-8")
    return repo


@pytest.fixture
def ev(mini: Repo) -> Repo:
    return _with_evaluation(mini)


def test_the_fixture_evaluation_is_clean(ev: Repo) -> None:
    assert [m for m in ev.messages() if m.startswith("evaluation/")] == []


CASES = [
    (EV, "objective: demo-o1", "objective: demo-o2", EV, "objective: demo-o2",
     "item 'version' tests 'demo-o2', which is not an objective id; did you mean 'demo-o1'? [evaluation-objective]"),
    (EV, "        right: true\n", "", EV, "options:",
     "item 'version' has no right option; mark at least one with 'right: true' [evaluation-answer]"),
    (EV, "      - text: The newest version\n", "      - text: The newest version\n        right: true\n", EV,
     "options:", "item 'version' marks every option right; give at least one wrong option [evaluation-answer]"),
    (EV, "The newest version", "The version in force on the date of the act", EV, "options:",
     "item 'version' repeats an option; expected each option once [evaluation-answer]"),
    (EV, "rubrics:", "assessed_elsewhere: [demo-o9]\nrubrics:", EV, "assessed_elsewhere",
     "'demo-o9' is not an objective of the course's lessons; did you mean 'demo-o1'? [evaluation-objective]"),
    (EV, "id: demo-course", "id: demo-other", EV, "id: demo-other",
     "evaluation id 'demo-other' differs from the file name 'demo-course'; expected them to match [evaluation-id]"),
    (EV, "        levels: [Names no rule, Matches each element to a fact]", "        levels: [Names no rule]", EV,
     "- id: letters", "rubrics.0: criterion 1 ('Legal basis') describes 1 levels; expected one per level of the "
     "rubric (2) [schema]"),
    ("curriculum/01-demo/01-lesson.md", "    - {id: demo-o1, text: Choose the version in force.}",
     "    - {id: demo-o1, text: Choose the version in force.}\n    - {id: demo-o2, text: Name the new rule.}",
     EV, "knowledge_check:", "warning: no item tests demo-o2; add an item for each, or list them under "
     "'assessed_elsewhere' when observation in the exercises assesses them [evaluation-coverage]"),
]


@pytest.mark.parametrize(("rel", "old", "new", "where", "marker", "message"), CASES,
                         ids=[c[-1].rsplit("[", 1)[1].rstrip("]") + f"-{i}" for i, c in enumerate(CASES)])
def test_broken_evaluation_gives_exact_finding(ev: Repo, rel: str, old: str, new: str, where: str, marker: str,
                                               message: str) -> None:
    assert_edit_gives(ev, rel, old, new, where, marker, message)


def test_listing_an_objective_as_assessed_elsewhere_silences_coverage(ev: Repo) -> None:
    ev.edit("curriculum/01-demo/01-lesson.md", "    - {id: demo-o1, text: Choose the version in force.}",
            "    - {id: demo-o1, text: Choose the version in force.}\n    - {id: demo-o2, text: Name the new rule.}")
    ev.edit(EV, "rubrics:", "assessed_elsewhere: [demo-o2]\nrubrics:")
    assert [m for m in ev.messages() if m.startswith("evaluation/")] == []


def test_an_item_on_a_lesson_the_course_does_not_teach(ev: Repo) -> None:
    lesson = ev.root / "curriculum/01-demo/01-lesson.md"
    other = lesson.read_text(encoding="utf-8").replace("lesson: demo-lesson", "lesson: demo-other-lesson").replace(
        "demo-o1", "demo-x1").replace("title: Demo lesson", "title: Other demo lesson")
    (ev.root / "curriculum/01-demo/02-other.md").write_text(other, encoding="utf-8")
    ev.edit(EV, "objective: demo-o1", "objective: demo-x1")
    assert (f"{EV}:{ev.line(EV, 'objective: demo-x1')}: item 'version' tests 'demo-x1', which is an objective of "
            "a lesson the course does not teach; schedule the lesson or test another objective "
            "[evaluation-objective]") in ev.messages()


def test_a_scale_without_reverse_scored_items(ev: Repo) -> None:
    path = ev.root / SHARED
    path.write_text(path.read_text(encoding="utf-8").replace(", reverse: true}", "}"), encoding="utf-8")
    assert (f"{SHARED}:{ev.line(SHARED, 'items:')}: the attitudes scale needs both reverse-scored items and items "
            "scored as written, so that agreeing with everything does not give a good score [evaluation-scale]") \
        in ev.messages()


def test_an_evaluation_for_no_course(ev: Repo) -> None:
    (ev.root / "evaluation/demo-gone.yaml").write_text(DEMO.replace("id: demo-course", "id: demo-gone"),
                                                       encoding="utf-8")
    assert ("evaluation/demo-gone.yaml:1: 'demo-gone' is not a course id; name the file and its id after the course "
            "it evaluates; did you mean 'demo-course'? [evaluation-course]") in ev.messages()


def test_a_course_without_an_evaluation(ev: Repo) -> None:
    course = (ev.root / "courses/demo-course.yaml").read_text(encoding="utf-8")
    (ev.root / "courses/demo-second.yaml").write_text(course.replace("id: demo-course", "id: demo-second"),
                                                      encoding="utf-8")
    assert ("courses/demo-second.yaml:1: warning: course 'demo-second' has no evaluation; add "
            "evaluation/demo-second.yaml [evaluation-missing]") in ev.messages()


# ------------------------------------------------------------------ the CSV export


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_dist_writes_a_participant_and_a_facilitator_file_per_language(ev: Repo, tmp_path: Path) -> None:
    written = delivery.write(ev.root, tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert names == [f"{lang}/evaluation/demo-course-{e}.csv" for lang in ("en", "zh_CN")
                     for e in ("facilitator", "participant")]
    participant = _read(tmp_path / "en/evaluation/demo-course-participant.csv")
    facilitator = _read(tmp_path / "en/evaluation/demo-course-facilitator.csv")
    flat = "\n".join(",".join(r) for r in participant)
    assert "Which version of the rule do you apply?" in flat and "Statement two supports her." in flat
    assert "Zqexplainzq" not in flat and "Zqscoringzq" not in flat and "right" not in participant[0]
    knowledge = next(r for r in facilitator if r[2] == "Which version of the rule do you apply?")
    header = facilitator[0]
    assert knowledge[header.index("right")] == "A"
    assert knowledge[header.index("explanation")] == EXPLANATION
    assert knowledge[header.index("objective tested")] == "Choose the version in force."
    assert any(r[2].startswith("Zqscoringzq") for r in facilitator)


def test_roles_are_worded_in_the_csv(ev: Repo, tmp_path: Path) -> None:
    ev.edit(EV, "Which version of the rule do you apply?", "Which version of {prov}`CN-DEMO-1` do you apply?")
    delivery.write(ev.root, tmp_path, ("en",))
    text = (tmp_path / "en/evaluation/demo-course-participant.csv").read_text(encoding="utf-8")
    assert "{prov}" not in text and "CN-DEMO-1" not in text


def test_the_cli_writes_one_language(ev: Repo, tmp_path: Path) -> None:
    from ibsa import cli

    assert cli.main(["--root", str(ev.root), "dist-evaluation", "--lang", "en", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "en/evaluation").iterdir()) == [
        "demo-course-facilitator.csv", "demo-course-participant.csv"]
    assert not (tmp_path / "zh_CN").exists()


@pytest.fixture(scope="module")
def repository_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    delivery.write(ROOT, out)
    return out


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_answer_reaches_a_participant_file_of_the_repository(repository_dist: Path, language: str) -> None:
    corpus = loaders.load(ROOT)
    if language != "en":
        corpus = i18n.localise(corpus, i18n.read_catalogs(ROOT, language))
    probes = [p for p in map(leaks.probe, leaks.evaluation_answers(corpus)) if leaks.telling(p)]
    assert len(probes) >= 25  # every course's explanations, and the scoring key
    files = sorted((repository_dist / language / "evaluation").glob("*.csv"))
    assert len(files) == 2 * len(corpus.evaluations) == 6
    for path in files:
        text = leaks.normalise(path.read_text(encoding="utf-8-sig"))
        found = [p for p in probes if p in text]
        if path.name.endswith("-participant.csv"):
            assert found == [], path.name
        else:
            assert found, path.name  # the positive control: the facilitator file does hold them


def test_the_chinese_files_are_in_chinese(repository_dist: Path) -> None:
    rows = _read(repository_dist / "zh_CN/evaluation/police-two-day-participant.csv")
    assert rows[0][:3] == ["工具", "序号", "题目或陈述"]
    assert "哪一条规定可以规制偷拍行为本身" in rows[1][2]
    assert "《中华人民共和国治安管理处罚法》" in rows[1][3]


# ------------------------------------------------------------------ the pages (the mini fixture, built once)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.conftest import MINI, copy_repo

    repo = _with_evaluation(copy_repo(MINI, tmp_path_factory.mktemp("ev") / "mini"))
    out = repo.root.parent / "out"
    return {e: build(repo.root, out, e) for e in ("participant", "facilitator")}


def test_answers_are_shown_to_facilitators_only(built: dict[str, Path]) -> None:
    page = {e: (built[e] / "course-plans/demo-course-evaluation.html").read_text(encoding="utf-8")
            for e in built}
    for e in built:
        assert "Which version of the rule do you apply?" in page[e]
        assert "Statement two supports her." in page[e] and "The course was useful." in page[e]
        assert "Rubric: letters" in page[e] and "Author, A. (2000)" in page[e]
    assert "Zqexplainzq" in page["facilitator"] and "Zqscoringzq" in page["facilitator"]
    assert leaks.text_in_class(page["facilitator"], "ibsa-answer-key")
    texts = leaks.output_texts(built["participant"])
    assert leaks.find(texts, "zqexplainzq") == [] and leaks.find(texts, "zqscoringzq") == []
    assert leaks.text_in_class(page["participant"], "ibsa-answer-key") == []
    course = (built["participant"] / "course-plans/demo-course.html").read_text(encoding="utf-8")
    assert "demo-course-evaluation.html" in course


def test_the_leak_probes_cover_the_evaluation(ev: Repo) -> None:
    corpus = loaders.load(ev.root)
    assert leaks.probe(EXPLANATION) in leaks.secrets(corpus)


def test_verify_site_expects_the_evaluation_page(built: dict[str, Path]) -> None:
    """The evaluation page has a source (the course's evaluation file): verify-site finds nothing stale."""
    corpus = loaders.load(built["participant"].parents[3] / "mini")
    assert [str(f) for f in site.verify(corpus, built["participant"])] == []
