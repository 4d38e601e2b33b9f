"""Nothing stale after a rebuild (issue 16): after any sequence of edits and incremental builds, the output equals
a clean build of the same sources, byte for byte, and `verify-site` names any page that has no source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ibsa import loaders, site
from tests.conftest import MINI, copy_repo
from tests.test_build import build
from tests.test_reproducible import differing

pytestmark = pytest.mark.build

NEW_LESSON = """---
ibsa_lesson:
  lesson: demo-second
  title: A second lesson
  module: 01-demo
  tracks: [police]
  duration: 20
  prerequisites: []
  objectives:
    - {id: demo-o2, text: Name the person harmed first.}
  key_points:
    - Names matter.
---
# A second lesson

```{lesson-overview}
```

Some text.
"""


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_incremental_builds_equal_a_clean_build(tmp_path: Path, edition: str) -> None:
    repo = copy_repo(MINI, tmp_path / "src")
    out = tmp_path / "incremental"
    build(repo.root, out, edition)
    html = out / "html" / "en" / edition
    assert (html / "scenarios" / "demo-camera-2026.html").is_file()

    (repo.root / "exercises" / "demo-camera-2026.yaml").unlink()  # a scenario deleted
    build(repo.root, out, edition)
    assert not (html / "scenarios" / "demo-camera-2026.html").exists()
    assert "demo-camera-2026" not in (html / "index.html").read_text(encoding="utf-8")  # nor in any sidebar

    repo.edit("exercises/demo-camera.yaml", "title: A camera in the changing room",  # a title renamed
              "title: A hidden camera in the changing room")
    repo.edit("law/xx-demo.yaml", "title: {en: Covert filming (new), zh: 偷拍}",
              "title: {en: Covert recording (new), zh: 偷拍}")
    build(repo.root, out, edition)
    assert "A hidden camera in the changing room" in (html / "scenarios" / "index.html").read_text(encoding="utf-8")
    assert "Covert recording (new)" in (html / "catalogue" / "index.html").read_text(encoding="utf-8")

    (repo.root / "curriculum" / "01-demo" / "02-second.md").write_text(NEW_LESSON, encoding="utf-8")  # a lesson added
    build(repo.root, out, edition)

    clean = build(repo.root, tmp_path / "clean", edition)
    assert differing(html, clean) == []


def test_verify_site_names_pages_without_a_source(tmp_path: Path) -> None:
    repo = copy_repo(MINI, tmp_path / "src")
    html = build(repo.root, tmp_path / "out", "participant")
    corpus = loaders.load(repo.root)
    assert [str(f) for f in site.verify(corpus, html)] == []  # the {quoted} phrase in the lesson is not reported
    shutil.copy(html / "scenarios" / "demo-camera.html", html / "scenarios" / "deleted-long-ago.html")
    found = [str(f) for f in site.verify(corpus, html)]
    assert ("scenarios/deleted-long-ago.html:1: page in the participant edition has no source; rebuild from clean "
            "(make clean html) so it is not published [page-stale]") in found


def test_verify_site_scans_the_rendered_pages(tmp_path: Path) -> None:
    """Whatever the renderer produced is checked: an encoded link that reached a page is reported at its line."""
    repo = copy_repo(MINI, tmp_path / "src")
    html = build(repo.root, tmp_path / "out", "participant")
    page = html / "curriculum" / "01-demo" / "01-lesson.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", '<a href="https://t&#46;me/x">x</a> revenge&nbsp;porn\n</body>', 1),
                    encoding="utf-8")
    line = page.read_text(encoding="utf-8").split("t&#46;me")[0].count("\n") + 1
    found = [str(f) for f in site.verify(loaders.load(repo.root), html)]
    shown = f"{html.as_posix()}/curriculum/01-demo/01-lesson.html:{line}:"
    assert any(f.startswith(f"{shown} link to t.me:") for f in found), found
    assert any(f.startswith(f"{shown} 'revenge porn':") for f in found), found
