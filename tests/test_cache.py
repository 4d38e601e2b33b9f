"""The result cache of `ibsa check` (issue 21): a warm run reports exactly what a cold one does, an edit
invalidates only its file's entry, a catalogue edit invalidates all, a corrupt cache is ignored, and checking
scenarios one at a time finds what checking the models finds. Counters, not timings, prove what was reused."""

from __future__ import annotations

import json
import os
import pickle
import re
import string
from pathlib import Path

import pytest
from conftest import MINI, ROOT, Repo, copy_repo

from ibsa import cache, checks, cli, loaders
from ibsa.model import LanguageRule
from ibsa.safety import PhrasePattern, fold

Found = list[dict[str, object]]


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[Found, dict[str, int]]:
    cli.main(["--root", str(root), "check", "--json", *extra])
    return json.loads(capsys.readouterr().out)["findings"], dict(cache.LAST_STATS)


def broken(repo: Repo) -> Repo:
    """The mini fixture with findings from the cached scans (language, legal figure) and from the loaders."""
    repo.edit("exercises/demo-camera.yaml", "narrative: ", "narrative: He called it revenge porn. ")
    return repo


def test_warm_equals_cold_on_the_fixture(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    broken(mini)
    uncached, _ = check(mini.root, capsys, "--no-cache")
    assert not (mini.root / cache.DIR).exists()
    cold, stats = check(mini.root, capsys)
    assert stats["entries"] == 0 and stats["hits"] == 0 and stats["written"] == 1
    warm, stats = check(mini.root, capsys)
    assert stats["misses"] == 0 and stats["hits"] > 0 and stats["written"] == 0
    assert uncached == cold == warm
    assert any(f["code"] == "language" for f in warm)


def test_warm_equals_cold_on_the_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_repo(ROOT, tmp_path / "repo")
    cold, _ = check(repo.root, capsys)
    warm, stats = check(repo.root, capsys)
    assert stats["misses"] == 0
    assert cold == warm


def test_a_warm_run_reads_few_scenarios(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged scenarios are not parsed again: only those a check across files reads (drafts, courses)."""
    repo = copy_repo(ROOT, tmp_path / "repo")
    parsed: list[str] = []
    real = loaders._parse_scenario
    monkeypatch.setattr(loaders, "_parse_scenario", lambda text, shown: parsed.append(shown) or real(text, shown))
    check(repo.root, capsys)
    scenarios = len(list((repo.root / "exercises").glob("*.yaml")))
    assert len(set(parsed)) == scenarios
    parsed.clear()
    check(repo.root, capsys)
    warm = set(parsed)
    corpus = loaders.load(repo.root)
    read_across = {f"exercises/{part.exercise}.yaml" for course in corpus.courses.values()
                   for session in course.sessions for part in session.parts if part.exercise}
    drafts = [sc for sc in corpus.scenarios.values() if sc.answer_key.draft]
    read_across |= {f"exercises/{sid}.yaml" for sc in drafts
                    for sid in (sc.id, *sc.answer_key.draft.covers, *sc.answer_key.draft.excludes)}
    assert warm and warm <= read_across and len(read_across) < scenarios / 2


def test_files_computed_in_parallel_give_the_same_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """On two cores a cold run computes half the scenario files in a forked child; what it sends back is what
    this process would have computed, and a warm run then finds everything stored."""
    repo = copy_repo(ROOT, tmp_path / "repo")
    uncached, _ = check(repo.root, capsys, "--no-cache")
    monkeypatch.setattr(cache, "PARALLEL_LEAST", 2)
    monkeypatch.setattr(cache, "processes", lambda: 2)
    cold, stats = check(repo.root, capsys)
    scenarios = len(list((repo.root / "exercises").glob("*.yaml")))
    assert stats["prefilled"] == scenarios // 2  # the child's share: every other file
    warm, stats = check(repo.root, capsys)
    assert stats["misses"] == 0 and stats["prefilled"] == 0
    in_parallel, stats = check(repo.root, capsys, "--no-cache")  # computed in parallel, kept for this run only
    assert stats["prefilled"] == scenarios // 2
    assert uncached == cold == warm == in_parallel


def test_a_child_that_fails_changes_nothing(mini: Repo, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that dies sends nothing: its files are computed afterwards, in order, with the same findings."""
    broken(mini)
    uncached, _ = check(mini.root, capsys, "--no-cache")
    parent, real = os.getpid(), cache._compute

    def dies_in_the_child(share: list[tuple[str, Path, list[object]]]) -> None:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        real(share)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "_compute", dies_in_the_child)
    monkeypatch.setattr(cache, "PARALLEL_LEAST", 1)
    monkeypatch.setattr(cache, "processes", lambda: 2)
    cold, stats = check(mini.root, capsys)
    assert stats["prefilled"] == 0 and stats["misses"] > 0
    assert cold == uncached


def test_few_files_are_not_worth_a_fork(mini: Repo, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "processes", lambda: 2)
    _, stats = check(mini.root, capsys)
    assert stats["prefilled"] == 0


def test_an_edit_invalidates_only_its_file(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    check(mini.root, capsys)
    broken(mini)
    found, stats = check(mini.root, capsys)
    assert stats["stale"] == 1 and stats["reset"] == 0  # the edited file's entry, and only it
    assert stats["misses"] == 3  # its scenario record, its safety scan and its reader scans, each once
    uncached, _ = check(mini.root, capsys, "--no-cache")
    assert found == uncached


def test_a_deleted_file_leaves_the_index(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    check(mini.root, capsys)
    (mini.root / "exercises/demo-parties.yaml").unlink()
    found, _ = check(mini.root, capsys)
    with open(mini.root / cache.DIR / cache.INDEX, "rb") as f:
        _, index = pickle.load(f)
    assert "exercises/demo-camera.yaml" in index and "exercises/demo-parties.yaml" not in index
    assert found == check(mini.root, capsys, "--no-cache")[0]


@pytest.mark.parametrize("edit", ["catalogue", "policy"])
def test_a_catalogue_or_policy_edit_invalidates_everything(mini: Repo, capsys: pytest.CaptureFixture[str],
                                                           edit: str) -> None:
    check(mini.root, capsys)
    path = mini.root / "content-policy.yaml" if edit == "policy" else next(
        p for p in sorted((mini.root / "law").glob("*.yaml")) if "provisions:" in p.read_text("utf-8"))
    path.write_text(path.read_text("utf-8") + "\n# an author's comment\n", encoding="utf-8")
    _, stats = check(mini.root, capsys)
    assert stats["reset"] == 1 and stats["entries"] == 0 and stats["hits"] == 0


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01.", b"\x80\x05\x95\xff\xff\xff",
                                     pickle.dumps(("not the hash", {}))])
def test_a_corrupt_cache_is_ignored(mini: Repo, capsys: pytest.CaptureFixture[str], garbage: bytes) -> None:
    broken(mini)
    expected, _ = check(mini.root, capsys)
    index = mini.root / cache.DIR / cache.INDEX
    index.write_bytes(garbage)
    found, stats = check(mini.root, capsys)
    assert "Traceback" not in capsys.readouterr().err
    assert found == expected
    assert stats["reset"] == 1 and stats["written"] == 1
    again, stats = check(mini.root, capsys)  # rewritten
    assert again == expected and stats["misses"] == 0


def test_an_unwritable_cache_is_no_error(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    (mini.root / cache.DIR).write_text("a file where the folder would be", encoding="utf-8")
    expected, _ = check(mini.root, capsys, "--no-cache")
    found, _ = check(mini.root, capsys)
    assert found == expected


def test_summarised_checking_equals_checking_the_models(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """`ibsa check` (scenarios checked one at a time while loading, models not kept) finds exactly what the
    checks find on fully loaded models (as the Sphinx extension and `ibsa analyse` load them), including where
    a scenario's id is defined twice and where an objective is unknown."""
    broken(mini)
    mini.edit("exercises/demo-camera.yaml", "objectives: [demo-o1]", "objectives: [demo-o1, demo-o9]")
    copy = (mini.root / "exercises/demo-camera.yaml").read_text("utf-8")
    (mini.root / "exercises/demo-camera-copy.yaml").write_text(copy, encoding="utf-8")
    summarised, _ = check(mini.root, capsys, "--no-cache")
    models = [f.to_json() for f in checks.run_checks(loaders.load(mini.root))]
    assert summarised == json.loads(json.dumps(models, default=str))
    codes = {f["code"] for f in summarised}
    assert {"duplicate-id", "unknown-objective", "scenario-id", "language"} <= codes


def test_phrase_needles_never_miss() -> None:
    """The language and internals scans skip a text unless each word of some phrase occurs in it: every phrase
    of the policy, in any case and wrapped over lines, is still found."""
    policy = loaders.load(ROOT, parts=("policy",)).policy
    assert policy is not None
    for rules in (policy.language, policy.internals):
        pattern = PhrasePattern(rules)
        for rule in rules:
            for phrase in rule.phrases:
                for text in (phrase, phrase.upper(), "x " + phrase.replace(" ", "\n  ") + " y"):
                    assert [hit for hit, _, _ in pattern.finditer(text)], (phrase, text)


def test_fold_covers_every_case_insensitive_match() -> None:
    """The scan's cheap precondition never misses: every character `re.I` matches to an ASCII letter folds to it."""
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for letter in string.ascii_lowercase:
        for ch in set(re.findall("(?i)" + letter, everything)):
            assert fold(ch) == letter, (hex(ord(ch)), letter)


def test_the_cache_is_not_in_git() -> None:
    assert ".ibsa-cache/" in (ROOT / ".gitignore").read_text("utf-8").splitlines()
    assert MINI.is_dir()


def test_phrases_are_looked_for_among_those_whose_words_occur() -> None:
    """Only phrases whose every word occurs are tried, in the same order (the longest first where two start at one
    place): a text with the words of one phrase scattered and another phrase whole finds that one, and where a
    phrase and a longer one start together, the longer."""
    rules = [LanguageRule(phrases=["she sent it herself"], prefer="x", reason="y"),
             LanguageRule(phrases=["leaked", "leaked nudes"], prefer="x", reason="y")]
    pattern = PhrasePattern(rules)
    text = "It was sent. She said herself: her LEAKED\n nudes and leaked files."
    assert [(hit, offset) for hit, offset, _ in pattern.finditer(text)] == [("LEAKED\n nudes", 35), ("leaked", 53)]
    narrowed = pattern._pattern_for("her leaked nudes")
    assert narrowed is not None and "herself" not in narrowed.pattern and "nudes" in narrowed.pattern
    assert [hit for hit, _, _ in pattern.finditer("So she sent it herself?")] == ["she sent it herself"]
    assert pattern._pattern_for("nothing here") is None
