"""The per-file result cache of `ibsa check` (issue 21): a warm run reports exactly what a cold one does, an edit
invalidates only its file's entry, a catalogue edit invalidates all, and a corrupt cache is ignored.
Counters, not timings, prove what was reused."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from conftest import MINI, ROOT, Repo, copy_repo

from ibsa import cache, cli
from ibsa.safety import _fold

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
    assert stats["files_read"] == 0 and stats["files_written"] > 0  # (hits within the run: a file read twice)
    warm, stats = check(mini.root, capsys)
    assert stats["misses"] == 0 and stats["hits"] > 0
    assert uncached == cold == warm
    assert any(f["code"] == "language" for f in warm)


def test_warm_equals_cold_on_the_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_repo(ROOT, tmp_path / "repo")
    cold, _ = check(repo.root, capsys)
    warm, stats = check(repo.root, capsys)
    assert stats["misses"] == 0
    assert cold == warm


def test_an_edit_invalidates_only_its_file(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    check(mini.root, capsys)
    entries = len(list((mini.root / cache.DIR).glob("*.pickle")))
    broken(mini)
    found, stats = check(mini.root, capsys)
    assert stats["files_written"] == 1 and stats["ignored"] == 1  # the edited file's entry, and only it
    assert 0 < stats["misses"] <= 9 and stats["hits"] >= entries - 1  # at most every kind of result, once
    uncached, _ = check(mini.root, capsys, "--no-cache")
    assert found == uncached


def test_a_catalogue_edit_invalidates_everything(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    check(mini.root, capsys)
    law = next(p for p in sorted((mini.root / "law").glob("*.yaml")) if "provisions:" in p.read_text("utf-8"))
    law.write_text(law.read_text("utf-8") + "\n# an author's comment\n", encoding="utf-8")
    entries = len(list((mini.root / cache.DIR).glob("*.pickle")))
    _, stats = check(mini.root, capsys)
    assert stats["ignored"] == stats["files_written"] == entries


def test_policy_edit_invalidates_everything(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    check(mini.root, capsys)
    policy = mini.root / "content-policy.yaml"
    policy.write_text(policy.read_text("utf-8") + "\n# a comment\n", encoding="utf-8")
    entries = len(list((mini.root / cache.DIR).glob("*.pickle")))
    _, stats = check(mini.root, capsys)
    assert stats["ignored"] == stats["files_written"] == entries


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01.", b"\x80\x05\x95\xff\xff\xff"])
def test_a_corrupt_cache_is_ignored(mini: Repo, capsys: pytest.CaptureFixture[str], garbage: bytes) -> None:
    broken(mini)
    expected, _ = check(mini.root, capsys)
    entries = sorted((mini.root / cache.DIR).glob("*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(garbage)
    found, stats = check(mini.root, capsys)
    assert "Traceback" not in capsys.readouterr().err
    assert found == expected
    assert stats["ignored"] == len(entries) and stats["files_written"] == len(entries)
    again, stats = check(mini.root, capsys)  # rewritten
    assert again == expected and stats["misses"] == 0


def test_an_unwritable_cache_is_no_error(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    (mini.root / cache.DIR).write_text("a file where the folder would be", encoding="utf-8")
    expected, _ = check(mini.root, capsys, "--no-cache")
    found, _ = check(mini.root, capsys)
    assert found == expected


def test_fold_covers_every_case_insensitive_match() -> None:
    """The scan's cheap precondition never misses: every character `re.I` matches to an ASCII letter folds to it."""
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for letter in string.ascii_lowercase:
        for ch in set(re.findall("(?i)" + letter, everything)):
            assert _fold(ch) == letter, (hex(ord(ch)), letter)


def test_the_cache_is_not_in_git() -> None:
    assert ".ibsa-cache/" in (ROOT / ".gitignore").read_text("utf-8").splitlines()
    assert MINI.is_dir()
