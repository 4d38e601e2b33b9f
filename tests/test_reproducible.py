"""Building the same sources twice, from two checkouts at different paths, gives byte-identical editions.

Documented exceptions: none. If one ever becomes necessary, list the output path pattern in EXCEPTIONS with
the reason, and the test checks that only those files differ.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from tests.conftest import ROOT, build, copy_repo

pytestmark = pytest.mark.build
EXCEPTIONS: dict[str, str] = {}


def differing(a: Path, b: Path) -> list[str]:
    out = []
    cmp = filecmp.dircmp(a, b)
    stack = [(cmp, "")]
    while stack:
        node, prefix = stack.pop()
        out += [prefix + n for n in node.left_only + node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        out += [prefix + n for n in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(out)


# Built a second time: one edition per language and each edition once, which covers every code path (the Chinese
# translation and search, the facilitator material) at half the cost of rebuilding all four.
AGAIN = (("zh_CN", "participant"), ("en", "facilitator"))


def test_two_builds_are_identical(tmp_path: Path, repo_editions: dict[tuple[str, str], Path]) -> None:
    """Editions built again from a checkout at another path equal the session's build (both dated by the last
    commit through SOURCE_DATE_EPOCH)."""
    second = copy_repo(ROOT, tmp_path / "elsewhere" / "checkout-two")
    for language, edition in AGAIN:
        first = repo_editions[language, edition]
        again = build(second.root, tmp_path / "out-two", edition, language)
        diff = [d for d in differing(first, again) if not any(Path(d).match(p) for p in EXCEPTIONS)]
        assert diff == [], f"{language}/{edition}: differs between builds: {diff[:10]}"


def test_the_comparison_can_fail(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        (d / "sub").mkdir(parents=True)
        (d / "sub" / "same.html").write_text("x")
    (a / "sub" / "page.html").write_text("built at 10:00")
    (b / "sub" / "page.html").write_text("built at 10:01")
    (a / "only-here.js").write_text("")
    assert differing(a, b) == ["only-here.js", "sub/page.html"]
