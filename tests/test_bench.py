"""The benchmark's synthetic corpora are valid curricula: a corpus the checker refuses measures error reporting,
not checking (issue 21)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from benchmarks import synth
from ibsa import checks, loaders
from ibsa.findings import Severity

ROOT = Path(__file__).resolve().parent.parent


def _codes(root: Path) -> tuple[list[str], Counter[str]]:
    findings = checks.run_checks(loaders.load(root))
    errors = [str(f) for f in findings if f.severity is Severity.ERROR]
    return errors, Counter(f.code for f in findings)


def test_copies_are_valid_and_independent(tmp_path: Path) -> None:
    counts = synth.make(ROOT, tmp_path / "x2", 2)
    real = synth.counts(ROOT)
    assert counts == {k: 2 * v for k, v in real.items()}
    errors, codes = _codes(tmp_path / "x2")
    assert errors == []
    # each copy's provisions apply to its own scenarios only: a copy's warnings are the original's, twice over
    _, original = _codes(ROOT)
    assert codes == Counter({k: 2 * v for k, v in original.items()})


def test_many_scenarios_are_valid(tmp_path: Path) -> None:
    counts = synth.many_scenarios(ROOT, tmp_path / "many", 150)
    assert counts["scenarios"] == 150
    errors, _ = _codes(tmp_path / "many")
    assert errors == []
