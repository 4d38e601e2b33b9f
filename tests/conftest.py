"""Shared fixtures: a minimal valid curriculum that tests copy and break in one precise way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ibsa import checks, loaders
from ibsa.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"


@dataclass
class Repo:
    root: Path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture {rel} no longer contains {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line(self, rel: str, marker: str) -> int:
        """1-based line of the first line of `rel` containing `marker`."""
        for n, text in enumerate((self.root / rel).read_text(encoding="utf-8").splitlines(), 1):
            if marker in text:
                return n
        raise AssertionError(f"{marker!r} not in {rel}")

    def findings(self) -> list[Finding]:
        return checks.run_checks(loaders.load(self.root))

    def messages(self) -> list[str]:
        return [str(f) for f in self.findings()]


# at the root only
GENERATED = {"_build", ".ibsa-cache", ".venv", "catalogue", "scenarios", "tools", "course-plans", "course-books",
             ".git", ".pytest_cache"}


def copy_repo(src: Path, dest: Path) -> Repo:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or (Path(folder) == src and n in GENERATED)}

    shutil.copytree(src, dest, ignore=ignore)
    shutil.copy(ROOT / "conf.py", dest / "conf.py")
    return Repo(dest)


@pytest.fixture
def mini(tmp_path: Path) -> Repo:
    return copy_repo(MINI, tmp_path / "mini")


# ------------------------------------------------------------------------------------------- built sites

EDITIONS = ("participant", "facilitator")
LANGUAGES = ("en", "zh_CN")


def source_date_epoch() -> str:
    """Builds in tests are dated by the last commit, so that two of them can be compared byte for byte."""
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    return result.stdout.strip() or "1767225600"  # 2026-01-01 when not in a git checkout


def build(src: Path, out: Path, edition: str, language: str = "en") -> Path:
    """One edition in one language, as `make html` lays it out, with warnings as errors."""
    target = out / "html" / language / edition
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-j", "auto", "-q",
         "-D", f"ibsa_edition={edition}", "-D", f"language={language}",
         "-d", str(out / "doctrees" / language / edition), str(src), str(target)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch()})
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="session")
def repo_editions(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The repository built once per test session in all four editions: (language, edition) -> output folder.
    Built from a copy, so generated stubs never touch the working tree."""
    repo = copy_repo(ROOT, tmp_path_factory.mktemp("repo") / "src")
    out = repo.root.parent / "out"
    return {(lang, e): build(repo.root, out, e, lang) for lang in LANGUAGES for e in EDITIONS}


@pytest.fixture(scope="session")
def zh_participant(repo_editions: dict[tuple[str, str], Path]) -> Path:
    return repo_editions["zh_CN", "participant"]


@pytest.fixture(scope="session")
def zh_facilitator(repo_editions: dict[tuple[str, str], Path]) -> Path:
    return repo_editions["zh_CN", "facilitator"]


# ------------------------------------------------------------------------------------------- the browser

@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from tests import browser

    with sync_playwright() as playwright:
        lazy = browser.LazyBrowser(playwright)
        yield lazy
        lazy.close()


@pytest.fixture
def session(chromium: Any) -> Iterator[Any]:
    """Pages are opened inside the tests, so that a missing Chromium fails the test rather than its setup."""
    from tests import browser

    s = browser.Session(chromium)
    yield s
    s.close()


# Hypothesis: a few hundred examples in CI, at least 10,000 with `make fuzz`
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
