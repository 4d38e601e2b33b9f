"""Nothing stale after a rebuild (issue 16): after any sequence of edits and incremental builds, the output equals
a clean build of the same sources, byte for byte, and `verify-site` names any page that has no source."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ibsa import loaders, site
from ibsa.sphinxext import html
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


def test_an_unchanged_rebuild_reads_and_writes_nothing(tmp_path: Path) -> None:
    """The second build of unchanged sources finds the configuration unchanged in everything the project and
    sphinx-design set (paths included), reads no page and writes no page."""
    repo = copy_repo(MINI, tmp_path / "src")
    args = [sys.executable, "-m", "sphinx", "-b", "html", "-N", "-D", "ibsa_edition=participant", "-d",
            str(tmp_path / "doctrees"), str(repo.root), str(tmp_path / "out")]
    subprocess.run(args, capture_output=True, text=True, check=True)
    again = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    assert "html_static_path" not in again and "templates_path" not in again, again
    assert "0 added, 0 changed, 0 removed" in again and "writing output... [" not in again, again


def test_project_paths_in_the_configuration_are_relative(tmp_path: Path) -> None:
    """Two checkouts at different paths, each with its own environment, hash the same configuration into
    .buildinfo: folders inside the project are recorded relative to it, others stay absolute."""
    inside = tmp_path / "checkout" / ".venv" / "lib" / "static"
    assert html.config_path(inside, tmp_path / "checkout") == ".venv/lib/static"
    assert html.config_path(tmp_path / "elsewhere", tmp_path / "checkout") == str((tmp_path / "elsewhere").resolve())


def _read(args: list[str]) -> set[str]:
    """The documents a build read (from Sphinx's 'reading sources... [ n%] docname' lines)."""
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"reading sources\.\.\. \[ *\d+%\] (\S+)", out))


def test_a_scenario_edit_rereads_only_the_pages_that_show_it(tmp_path: Path) -> None:
    """A page depends only on the data it renders (issue 21): a sentence changed in a scenario's narrative
    rereads its own page and no other provision or scenario page; a renamed scenario also rereads the pages of
    the provisions it uses (the facilitator edition lists those scenarios by title) and the scenario index."""
    repo = copy_repo(MINI, tmp_path / "src")
    args = [sys.executable, "-m", "sphinx", "-b", "html", "-N", "-j", "1", "-D", "ibsa_edition=facilitator", "-d",
            str(tmp_path / "doctrees"), str(repo.root), str(tmp_path / "out")]
    assert "scenarios/demo-camera" in _read(args)
    repo.edit("exercises/demo-camera.yaml", "narrative: A fictional narrative.",
              "narrative: A fictional narrative, told again.")
    read = _read(args)  # the lesson and the course that name it show its title and length: read too, for now
    assert "scenarios/demo-camera" in read and not [d for d in read if d.startswith(("catalogue/", "scenarios/"))
                                                     and d != "scenarios/demo-camera"], read
    assert "told again" in (tmp_path / "out" / "scenarios" / "demo-camera.html").read_text(encoding="utf-8")
    repo.edit("exercises/demo-camera.yaml", "title: A camera in the changing room",
              "title: A hidden camera in the changing room")
    read = _read(args)
    assert {"scenarios/demo-camera", "scenarios/index"} <= read
    assert any(d.startswith("catalogue/CN-DEMO") for d in read)  # the provisions it uses list it by title


SCENARIO_PO = """msgid ""
msgstr ""
"Language: zh_CN\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "A camera in the changing room"
msgstr "{title}"
"""


def test_a_corrected_translation_reaches_every_page_that_shows_it(tmp_path: Path) -> None:
    """A Chinese page that shows a scenario's title (the lesson naming it, the scenario's own page) is read again
    when the scenario's catalogue changes, though the scenario file did not."""
    repo = copy_repo(MINI, tmp_path / "src")
    po = repo.root / "locales" / "zh_CN" / "LC_MESSAGES" / "exercises" / "demo-camera.po"
    po.parent.mkdir(parents=True)
    po.write_text(SCENARIO_PO.format(title="更衣室里的摄像头"), encoding="utf-8")
    out = tmp_path / "out"
    build(repo.root, out, "participant", "zh_CN")
    po.write_text(SCENARIO_PO.format(title="更衣室里的隐藏摄像头"), encoding="utf-8")
    html = build(repo.root, out, "participant", "zh_CN")
    for page in ("curriculum/01-demo/01-lesson.html", "scenarios/demo-camera.html"):
        assert "更衣室里的隐藏摄像头" in (html / page).read_text(encoding="utf-8"), page
