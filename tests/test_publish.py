"""Answer keys cannot reach participants by another road (issue 16): the publishable site holds participant
editions only, `make html` stops on checker errors, and the build emits no raw HTML and no stray page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ibsa import landing
from tests import leaks
from tests.conftest import EDITIONS, LANGUAGES, MINI, ROOT, copy_repo
from tests.test_build import MINI_SECRETS

pytestmark = pytest.mark.build


def sphinx(src: Path, out: Path, edition: str, language: str = "en") -> Path:
    """A build as `make html` lays it out (without -W: the point is what reaches the output)."""
    target = out / "html" / language / edition
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", f"ibsa_edition={edition}", "-D",
         f"language={language}", "-d", str(out / "doctrees" / language / edition), str(src), str(target)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return target


def test_site_holds_participant_editions_only(tmp_path: Path) -> None:
    repo = copy_repo(MINI, tmp_path / "src")
    out = tmp_path / "_build"
    for language in LANGUAGES:
        for edition in EDITIONS:
            sphinx(repo.root, out, edition, language)
    landing.write(out / "html")
    root_page = landing.publish(out / "html", out / "site")
    site = out / "site"
    assert root_page == site / "index.html"
    assert sorted(p.name for p in site.iterdir()) == ["en", "index.html", "zh_CN"]
    for language in LANGUAGES:
        assert [p.name for p in (site / language).iterdir()] == ["participant"]
    links = re.findall(r'href="([^"]+)"', root_page.read_text(encoding="utf-8"))
    assert sorted(set(links)) == ["en/participant/index.html", "zh_CN/participant/index.html"]
    texts = leaks.output_texts(site)
    for secret in [*MINI_SECRETS, *leaks.FACILITATOR_CLASSES, "ibsa-facilitator.css", "facilitator edition"]:
        assert leaks.find(texts, secret.lower()) == [], secret
    # positive control: the same search finds the answer keys in the trainers' output
    assert leaks.find(leaks.output_texts(out / "html" / "en" / "facilitator"), "zqreasoningzq")


def test_make_html_runs_the_checker_first_and_assembles_the_site() -> None:
    commands = subprocess.run(["make", "-n", "html"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.splitlines()
    check = next(i for i, c in enumerate(commands) if c.endswith("ibsa check"))
    build = next(i for i, c in enumerate(commands) if "sphinx-build" in c)
    publish = next(i for i, c in enumerate(commands) if "ibsa publish" in c)
    assert check < build < publish
    assert " -W --keep-going " in commands[build], "a warning (a flowchart not drawn, an unknown id) must fail it"


def test_make_html_without_graphviz_stops_and_says_how_to_install_it(tmp_path: Path) -> None:
    """Without Graphviz the flowcharts would be empty images: `make html` stops before building, with the command
    that installs it (nothing on PATH here, so `dot` is missing)."""
    result = subprocess.run([shutil.which("make") or "make", "html"], cwd=ROOT, capture_output=True, text=True,
                            check=False, env={**os.environ, "PATH": str(tmp_path)})
    assert result.returncode != 0
    assert "make html: Graphviz is not installed; the flowcharts need its dot command. Install it (Debian/Ubuntu: " \
           "sudo apt-get install graphviz; macOS: brew install graphviz) and run make html again." in result.stdout
    assert "sphinx-build" not in result.stdout + result.stderr


def _tools_dir(tmp_path: Path, *have: str, uid: str) -> Path:
    """A PATH holding only the named tools, and an `id` that reports `uid`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in have:
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "id").chmod(0o755)
    return bin_dir


def test_make_test_without_system_packages_stops_with_the_apt_command(tmp_path: Path) -> None:
    """Not root, on Debian: the script names the exact command rather than half-running the tests."""
    bin_dir = _tools_dir(tmp_path, "bash", "dirname", "grep", "apt-get", uid="1000")
    result = subprocess.run([str(ROOT / "scripts" / "system-deps")], capture_output=True, text=True, check=False,
                            env={**os.environ, "PATH": str(bin_dir)})
    assert result.returncode == 1
    packages = ("chromium graphviz default-jre-headless npm texlive-xetex texlive-latex-extra "
                "texlive-fonts-recommended texlive-lang-chinese latexmk poppler-utils fonts-dejavu-core fonts-noto-cjk")
    assert (f"make test: these system packages are missing: {packages}. Install them with:\n"
            f"  sudo apt-get install -y --no-install-recommends {packages}\nand run make test again.") in result.stderr


def test_make_test_installs_system_packages_first() -> None:
    commands = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.splitlines()
    assert commands.index("scripts/system-deps") < next(i for i, c in enumerate(commands) if "pytest" in c)


def test_build_emits_no_raw_html_and_no_stray_page(tmp_path: Path) -> None:
    repo = copy_repo(MINI, tmp_path / "src")
    lesson = repo.root / "curriculum" / "01-demo" / "01-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n<script>alert('zqscriptzq')</script>\n\n"
                      "Inline <img src=x onerror=\"alert('zqimgzq')\"> here.\n\n<!-- zqcommentzq -->\n\n"
                      "```{raw} html\n<b>zqrawzq</b>\n```\n\n```{literalinclude} ../../exercises/demo-camera.yaml\n"
                      "```\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![a](data:image/png;base64,iVBORw0KGgo=)\n\n"
                      "![b](https://example.org/zqremote.png)\n\n![c](../../../secret.png)\n", encoding="utf-8")
    (repo.root / "facilitator-tips.md").write_text("# Tips\n\nzqtipszq\n", encoding="utf-8")
    (repo.root / "exercises" / "notes").mkdir()
    (repo.root / "exercises" / "notes" / "answers.md").write_text("# Answers\n\nzqanswerszq\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.md").write_text("# Outside\n\nzqoutsidezq\n", encoding="utf-8")
    (repo.root / "curriculum" / "02-outside").symlink_to(outside, target_is_directory=True)
    html = sphinx(repo.root, tmp_path / "_build", "participant")
    texts = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in html.rglob("*")
                      if p.is_file() and p.suffix in (".html", ".js"))
    for marker in ("zqscriptzq", "zqimgzq", "zqcommentzq", "zqrawzq", "zqreasoningzq", "zqtipszq", "zqanswerszq",
                   "zqoutsidezq"):
        assert marker not in texts, marker
    assert "data:image" not in texts and "zqremote" not in texts
    assert not list(html.rglob("secret*.png"))
    assert not (html / "facilitator-tips.html").exists()
    assert not (html / "exercises").exists()


def test_sphinx_warnings_name_the_yaml_file(tmp_path: Path) -> None:
    repo = copy_repo(MINI, tmp_path / "src")
    repo.edit("exercises/demo-camera.yaml", "tracks: [police]", "tracks: [police]\nzzunknown: 1")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "ibsa_edition=participant", "-d",
         str(tmp_path / "doctrees"), str(repo.root), str(tmp_path / "html")], capture_output=True, text=True,
        check=False)
    line = repo.line("exercises/demo-camera.yaml", "zzunknown")
    assert f"exercises/demo-camera.yaml:{line}: WARNING: unknown field 'zzunknown'" in result.stderr
    assert ".yaml.md" not in result.stderr
