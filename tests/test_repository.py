"""The repository itself: `ibsa check` passes, and breaking a real scenario is caught."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ibsa import analysis, expr, judgement, loaders, schema
from tests.conftest import ROOT, Repo, copy_repo


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ibsa.cli", "--root", str(root), "check"],
                          capture_output=True, text=True, check=False)


def test_ibsa_check_passes_on_the_repository() -> None:
    result = run_check(ROOT)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return copy_repo(ROOT, tmp_path / "repo")


def _scenario_with_applicable(root: Path) -> tuple[Path, dict]:
    for path in sorted((root / "exercises").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["answer_key"]["applicable"]:
            return path, data
    raise AssertionError("no scenario with an applicable provision")


def test_dropping_an_applicable_provision_is_reported(repo: Repo) -> None:
    path, data = _scenario_with_applicable(repo.root)
    dropped = data["answer_key"]["applicable"][0]["provision"]
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- provision: {dropped}")
    end = text.find("\n    - provision:", start + 1)
    end = text.index("\n  not_applicable:", start) if end == -1 else end
    path.write_text(text[:start].rstrip(" ") + text[end + 1:], encoding="utf-8")
    result = run_check(repo.root)
    assert result.returncode == 1
    rel = path.relative_to(repo.root).as_posix()
    assert f"{rel}:" in result.stderr
    assert f"{dropped} applies on these facts" in result.stderr and "[answer-missing]" in result.stderr


def test_changing_one_fact_makes_the_answer_key_inconsistent(repo: Repo) -> None:
    """Switch off a bool fact that an applicable provision's element needs."""
    corpus = loaders.load(repo.root)
    for sc in corpus.scenarios.values():
        for a in sc.answer_key.applicable:
            for element in corpus.provisions[a.provision].elements:
                node = corpus.expressions[(a.provision, element.id)]
                if isinstance(node, expr.Compare) and node.bare and sc.facts.get(node.fact) is True:
                    path = repo.root / sc.path
                    repo.edit(sc.path, f"  {node.fact}: true", f"  {node.fact}: false")
                    result = run_check(repo.root)
                    assert result.returncode == 1
                    assert (f"answer key lists {a.provision} as applicable, but element '{element.id}'"
                            in result.stderr), result.stderr
                    assert f"{node.fact} = false, needs true" in result.stderr
                    assert path.name in result.stderr
                    return
    raise AssertionError("no scenario has a provision with a single-fact element to flip")


def test_every_scenario_answer_key_matches_the_engine() -> None:
    corpus = loaders.load(ROOT)
    assert len(corpus.scenarios) >= 5
    for sc in corpus.scenarios.values():
        found = judgement.judge(corpus, sc)
        for party, unit, _ in sc.answer_key.units():
            assert found.by_suspect[party].applicable == sorted(a.provision for a in unit.applicable), sc.id
            assert sorted(found.by_suspect[party].fallback) == sorted(a.provision for a in unit.fallback), sc.id


def test_version_logic_is_exercised() -> None:
    """At least one scenario before and one after the revised PSAPL takes effect on 1 January 2026."""
    corpus = loaders.load(ROOT)
    cut = corpus.provisions["CN-PSAPL2025-50-6"].in_force.from_
    dates = [sc.incident_date for sc in corpus.scenarios.values()]
    assert min(dates) < cut <= max(dates)


def test_published_schemas_are_current() -> None:
    """The schemas editors use follow the models and list today's facts, provisions, objectives and lessons."""
    corpus = loaders.load(ROOT, parts=("law", "exercises", "curriculum"))
    for name, text in schema.render_all(corpus).items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, f"run `make schemas` ({name})"


def test_schemas_list_the_names_an_editor_should_offer() -> None:
    corpus = loaders.load(ROOT, parts=("law", "exercises", "curriculum"))
    scenario = json.loads(schema.render_all(corpus)["scenario.schema.json"])
    facts = scenario["properties"]["facts"]["propertyNames"]["enum"]
    assert "filmed_covertly" in facts and "filmed_covertly_typo" not in facts
    assert "CN-CL-246" in scenario["$defs"]["Applicable"]["properties"]["provision"]["enum"]
    assert scenario["properties"]["objectives"]["items"]["enum"] == sorted(corpus.objectives())
    tool = json.loads(schema.render_all(corpus)["tool.schema.json"])
    assert "victim_age" in tool["$defs"]["ToolItem"]["properties"]["fact"]["anyOf"][0]["enum"]


def test_code_is_ruff_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert ruff, "ruff is a test dependency; install with `pip install -e .[test]`"
    result = subprocess.run([ruff, "check", "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout


def test_a_click_count_across_a_threshold_changes_what_applies() -> None:
    """Thresholds are data the engine uses: one click below and at a click threshold derive different lists."""
    corpus = loaders.load(ROOT)
    with_clicks = [sc for sc in corpus.scenarios.values() if sc.facts.get("clicks")]
    assert with_clicks, "a scenario should turn on a click count"
    changed = []
    for sc in with_clicks:
        for prov in corpus.provisions.values():
            for t in prov.thresholds:
                if t.fact != "clicks" or not prov.in_force.covers(sc.incident_date):
                    continue
                below, at = (judgement.applicable(corpus, sc.model_copy(update={"facts": {**sc.facts, "clicks": n}}))
                             for n in (t.value - 1, t.value))
                if below != at:
                    changed.append((sc.id, prov.id, t.id, sorted(set(at) - set(below))))
    assert changed, "no click threshold changes the outcome of any scenario"
    # crossing a provision's own threshold makes that provision apply (a provision such as CN-CL-364-4 repeats
    # Art. 364's thresholds but needs more facts, so its rows may gain Art. 364 instead)
    assert any(prov in gained for _, prov, _, gained in changed)


def test_a_real_request_moved_past_its_last_day_is_reported(repo: Repo) -> None:
    """Take a real scenario whose answer key says a time limit was met, move the act to the day after the last
    day, and the checker reports the missed deadline with the file, the line and the dates."""
    corpus = loaders.load(repo.root)
    for sc in sorted(corpus.scenarios.values(), key=lambda s: s.id):
        for d in sc.answer_key.deadlines:
            limit = corpus.provisions[d.provision].deadline
            act = limit.to_event if limit else None
            events = [e for e in sc.timeline if e.event == act]
            if d.met is not True or not events or sum(e.event == act for e in sc.timeline) != 1:
                continue
            late = d.due + dt.timedelta(days=1)
            text = (repo.root / sc.path).read_text(encoding="utf-8")
            old = f"{{date: {events[0].date}, event: {act}"
            if text.count(old) != 1:
                continue
            repo.edit(sc.path, old, f"{{date: {late}, event: {act}")
            messages = repo.messages()
            expected = (f"answer key says the time limit of {d.provision} was met, but '{act}' is on {late} and the "
                        f"last day is {d.due}; expected met: false [deadline-met]")
            assert any(m.startswith(f"{sc.path}:") and m.endswith(expected) for m in messages), messages
            return
    raise AssertionError("no scenario states that a time limit was met with an act in its timeline")


def test_a_fabricated_image_is_not_a_privacy_case() -> None:
    """A sexual fake reveals nothing private: on cn-deepfake-classmate the privacy routes fail while portrait and
    reputation apply; the same facts with a real recording turn the privacy routes on and keep the others."""
    corpus = loaders.load(ROOT)
    sc = corpus.scenarios["cn-deepfake-classmate"]
    assert sc.facts["images_intimate"] is True and sc.facts["images_fabricated"] is True
    privacy = ["CN-CC-1032", "CN-CC-1033", "CN-PSAPL2025-50-6"]
    likeness = ["CN-CC-1019", "CN-CC-1024"]
    results = analysis.analyse(corpus, sc, also=privacy + likeness)
    assert [pid for pid in privacy if results[pid].satisfied] == []
    assert all(results[pid].satisfied for pid in likeness)
    real = sc.model_copy(update={"facts": {**sc.facts, "images_fabricated": False, "ai_generated": False}})
    results = analysis.analyse(corpus, real, also=privacy + likeness)
    assert all(results[pid].satisfied for pid in privacy + likeness)


def test_a_portrait_needs_her_appearance_not_only_her_name() -> None:
    """Upskirt photos captioned with her name identify her but show no face: no portrait claim (Civil Code
    Art. 1018), while reputation (Art. 1024) and privacy still apply."""
    corpus = loaders.load(ROOT)
    sc = corpus.scenarios["interviewing-interpreter"]
    assert sc.facts["victim_identified_by_details"] is True and sc.facts["victim_recognisable"] is False
    results = analysis.analyse(corpus, sc, also=["CN-CC-1019", "CN-CC-1024", "CN-CC-1033"])
    assert not results["CN-CC-1019"].satisfied
    assert results["CN-CC-1024"].satisfied and results["CN-CC-1033"].satisfied


def test_an_adult_of_unknown_age_is_judged_as_an_adult() -> None:
    """Without an invented number: victim_adult satisfies the adult-only elements (here Australia's and the US
    federal offences on intl-deepfake-three-countries), an unstated age satisfies neither adult nor child
    elements, and no child route accepts victim_adult."""
    corpus = loaders.load(ROOT)
    sc = corpus.scenarios["intl-deepfake-three-countries"]
    stated = {k: v for k, v in sc.facts.items() if k != "victim_age"}
    expected = set(judgement.applicable(corpus, sc))
    adult = sc.model_copy(update={"facts": {**stated, "victim_adult": True}})
    assert set(judgement.applicable(corpus, adult)) == expected
    unknown = sc.model_copy(update={"facts": stated})
    lost = expected - set(judgement.applicable(corpus, unknown))
    assert {"AU-CC-474-17AA-5", "US-TIDA2025-223h-3A"} <= lost
    minor_route = analysis.analyse(corpus, adult, also=["US-TIDA2025-223h-3B"])["US-TIDA2025-223h-3B"]
    assert not minor_route.satisfied
