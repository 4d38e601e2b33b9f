"""`ibsa new`: skeletons that load, grow the module's duration, and whose stubs the checker reports until written."""

from __future__ import annotations

import pytest

from ibsa import cli, judgement, loaders
from tests.conftest import Repo

LESSON = "curriculum/01-demo/02-new-topic.md"
MODULE = "curriculum/01-demo/index.md"
SCENARIO = "exercises/demo-new-2026.yaml"
STUB_NOTE = " (a warning while the lesson is a draft; an error once 'status: draft' is removed)"


def new(mini: Repo, *args: str) -> int:
    return cli.main(["--root", str(mini.root), "new", *args])


def test_new_lesson_is_a_draft_whose_stubs_are_warnings(mini: Repo) -> None:
    assert new(mini, "lesson", "01-demo", "02-new-topic", "--minutes", "20") == 0
    found = mini.findings()
    assert [str(f) for f in found if f.severity == "error"] == []  # the author's first check is not blocked
    line = mini.line(LESSON, "new-topic-o1")
    assert (f"{LESSON}:{line}: warning: objective 'new-topic-o1' is not exercised by any scenario; expected at "
            f"least one scenario to list it{STUB_NOTE} [objective-uncovered]") in mini.messages()
    stub = "To be written: the point a participant must remember."
    assert (f"{LESSON}:{mini.line(LESSON, stub)}: warning: '{stub}' is a placeholder; write the text before the page "
            f"is published{STUB_NOTE} [placeholder]") in mini.messages()
    assert "duration: 50" in (mini.root / MODULE).read_text()  # 30 + 20, and the module check agrees
    assert loaders.load(mini.root).lessons["new-topic"].status == "draft"


def test_a_ready_lesson_with_stubs_is_an_error(mini: Repo) -> None:
    new(mini, "lesson", "01-demo", "02-new-topic")
    mini.edit(LESSON, "  status: draft\n", "")
    stub = "To be written: the point a participant must remember."
    assert (f"{LESSON}:{mini.line(LESSON, stub)}: '{stub}' is a placeholder; write the text before the page is "
            "published [placeholder]") in mini.messages()


def test_new_scenario_lists_what_applies_with_a_stub_per_element(mini: Repo) -> None:
    assert new(mini, "scenario", "demo-new-2026", "--date", "2025-08-14", "--fact", "filmed_covertly=true",
               "--objective", "demo-o1") == 0
    corpus = loaders.load(mini.root)
    sc = corpus.scenarios["demo-new-2026"]
    listed = [a.provision for a in sc.answer_key.applicable]
    assert listed and listed == judgement.applicable(corpus, sc)
    assert all(r.text.startswith("To be written: why") for a in sc.answer_key.applicable for r in a.reasoning)
    errors = [m for m in mini.messages() if m.startswith(SCENARIO)]
    line = mini.line(SCENARIO, "the model answer")
    assert f"{SCENARIO}:{line}: 'To be written: the model answer.' is a placeholder; write the text before the page " \
           "is published [placeholder]" in errors
    assert not [m for m in errors if "[answer-" in m or "[reasoning-" in m]  # the structure is right already
    assert (mini.root / SCENARIO).read_text().startswith("# yaml-language-server: $schema=../schemas/")


@pytest.mark.parametrize(("args", "message"), [
    (("lesson", "01-dmeo", "02-x"), "ibsa new: no module '01-dmeo'; did you mean '01-demo'?"),
    (("scenario", "demo-x", "--fact", "filmed_covert=true"),
     "ibsa new: 'filmed_covert=true' is not name=value with a known fact; did you mean 'filmed_covertly'?"),
    (("scenario", "demo-x", "--fact", "videos_disseminated=many"),
     "ibsa new: 'videos_disseminated=many': videos_disseminated takes a whole number"),
    (("scenario", "demo-camera"), "ibsa new: exercises/demo-camera.yaml exists already; choose another id"),
])
def test_new_refuses_with_a_reason(mini: Repo, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                   message: str) -> None:
    assert new(mini, *args) == 2
    assert message in capsys.readouterr().err
