"""The offline package (issue 19): a reproducible zip per built edition that works opened from disk, search
included, with no answer key in a participant zip; and the root page that lists every artefact, of which only
participant ones are published."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ibsa import cli, landing
from ibsa.delivery import offline
from tests import browser, leaks
from tests.conftest import MINI, build, copy_repo
from tests.test_browser import search
from tests.test_browser_zh import search as search_zh
from tests.test_build import MINI_SECRETS

pytestmark = [pytest.mark.build, pytest.mark.browser]
EDITIONS = (("en", "participant"), ("en", "facilitator"), ("zh_CN", "participant"))
LESSON = "curriculum/01-demo/01-lesson.html"
LOCAL = re.compile(r"""(?:href|src)="(?![a-z][a-z0-9+.-]*:)([^"#?]+)""")  # a local address, without #/?


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mini site in three editions, zipped once: src, html, dist."""
    src = copy_repo(MINI, tmp_path_factory.mktemp("offline") / "src").root
    out = src.parent / "_build"
    for lang, edition in EDITIONS:
        build(src, out, edition, lang)
    made = offline.build_all(out / "html", out / "dist")
    assert sorted(p.path.relative_to(out / "dist").as_posix() for p in made) == [
        "en/offline/ibsa-en-facilitator.zip", "en/offline/ibsa-en-participant.zip",
        "zh_CN/offline/ibsa-zh_CN-participant.zip"]
    return {"src": src, "html": out / "html", "dist": out / "dist"}


def unzip(built: dict[str, Path], lang: str, edition: str) -> Path:
    """The zip extracted (once) beside it; returns the top folder."""
    archive = built["dist"] / lang / "offline" / offline.zip_name(lang, edition)
    dest = archive.parent / f"x-{edition}"
    if not dest.exists():
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(dest)
    return dest / f"ibsa-{lang}-{edition}"


def test_zip_is_reproducible_with_one_top_folder(built: dict[str, Path], tmp_path: Path) -> None:
    again = offline.build_all(built["html"], tmp_path / "dist")
    for p in again:
        first = built["dist"] / p.lang / "offline" / p.path.name
        assert p.path.read_bytes() == first.read_bytes(), f"{p.path.name} differs when built twice"
    with zipfile.ZipFile(built["dist"] / "en" / "offline" / "ibsa-en-participant.zip") as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {n.split("/")[0] for n in names} == {"ibsa-en-participant"}
        assert {"ibsa-en-participant/OPEN-ME.html", "ibsa-en-participant/index.html",
                "ibsa-en-participant/searchindex.js"} <= set(names)
        assert len({i.date_time for i in zf.infolist()}) == 1  # SOURCE_DATE_EPOCH: one time for every entry
        assert not any("/." in n for n in names), "build state (.buildinfo) in the zip"
        assert "index.html" in zf.read("ibsa-en-participant/OPEN-ME.html").decode()


def test_every_local_link_stays_in_the_package(built: dict[str, Path]) -> None:
    """The other language's edition is not in the zip: its link is taken out, and nothing else leaves the folder."""
    top = unzip(built, "en", "participant")
    assert 'href="../../zh_CN/' in (built["html"] / "en" / "participant" / "index.html").read_text()  # control
    broken = []
    for page in sorted(top.rglob("*.html")):
        rel = page.relative_to(top).as_posix()
        for href in LOCAL.findall(page.read_text("utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            if target.startswith("..") or not (top / target).exists():
                broken.append(f"{rel}: {href}")
    assert not broken, broken[:10]


def test_no_answer_key_in_the_participant_zip(built: dict[str, Path]) -> None:
    participant = leaks.output_texts(unzip(built, "en", "participant"))
    facilitator = leaks.output_texts(unzip(built, "en", "facilitator"))
    for secret in MINI_SECRETS:  # the mini site's answer keys, facilitator notes and briefings carry these words
        assert leaks.find(participant, secret) == [], f"answer-key text {secret!r} in the participant zip"
        assert leaks.find(facilitator, secret), f"positive control: {secret!r} not in the facilitator zip"
    for cls in leaks.FACILITATOR_CLASSES:
        assert leaks.find(participant, cls) == [], f"facilitator-only markup {cls!r} in the participant zip"


def _open(page: Any, url: str) -> browser.Recorder:
    rec = browser.Recorder.attach(page)
    page.goto(url, wait_until="load")
    return rec


def test_search_works_from_disk(built: dict[str, Path], session: browser.Session) -> None:
    """Unzipped and opened from file://: a lesson word finds the lesson; an answer-key word finds nothing in the
    participant package and (the positive control) something in the facilitator package."""
    top = unzip(built, "en", "participant")
    page = session.new_page()
    rec = _open(page, (top / "OPEN-ME.html").as_uri())
    page.wait_for_url(re.compile(r"/index\.html$"))  # OPEN-ME sends the reader on to the pages
    assert (top / LESSON).as_uri() in search(page, "complaint")
    page.goto((top / "index.html").as_uri())
    assert search(page, "zqreasoningzq") == [], "participant package finds an answer-key word"
    assert not rec.problems(), rec.problems()
    assert not rec.foreign("file:"), rec.foreign("file:")
    fac = unzip(built, "en", "facilitator")
    page.goto((fac / "index.html").as_uri())
    assert search(page, "zqreasoningzq"), "positive control: the facilitator package finds nothing"


def test_chinese_search_works_from_disk(built: dict[str, Path], session: browser.Session) -> None:
    top = unzip(built, "zh_CN", "participant")
    page = session.new_page()
    rec = _open(page, (top / "index.html").as_uri())
    assert (top / LESSON).as_uri() in search_zh(page, "控告")  # "complaint", from the lesson
    assert not rec.problems(), rec.problems()
    assert not rec.foreign("file:"), rec.foreign("file:")


def test_not_a_built_edition_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edition = tmp_path / "html" / "en" / "participant"
    edition.mkdir(parents=True)
    (edition / "index.html").write_text("<p>hand-made</p>", encoding="utf-8")
    (edition / "search.html").write_text("<p>search</p>", encoding="utf-8")
    rc = cli.main(["dist-offline", "--built", str(tmp_path / "html"), "--out", str(tmp_path / "dist")])
    assert rc == 1
    assert capsys.readouterr().err.strip() == (
        f"ibsa dist-offline: {edition}: not a built edition: searchindex.js is missing; build the site with "
        "Sphinx's html builder (make html) and package its _build/html/<lang>/<edition> folder [offline-not-built]")
    assert not (tmp_path / "dist").exists()
    rc = cli.main(["dist-offline", "--lang", "zh_CN", "--built", str(tmp_path / "html"), "--out",
                   str(tmp_path / "dist")])
    assert rc == 1
    assert capsys.readouterr().err.strip() == (
        f"ibsa dist-offline: {tmp_path / 'html' / 'zh_CN'}: no built edition in this language; build it first "
        "(make html, or sphinx-build -D language=zh_CN) [offline-no-edition]")


def test_root_page_lists_artefacts_and_site_publishes_participant_ones(built: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    html_dir, dist = tmp_path / "html", tmp_path / "dist"
    for lang, edition in EDITIONS:
        (html_dir / lang / edition).mkdir(parents=True)
        (html_dir / lang / edition / "index.html").write_text("<p>x</p>", encoding="utf-8")
    files = {"en/offline/ibsa-en-participant.zip": 2048, "en/offline/ibsa-en-facilitator.zip": 3_500_000,
             "zh_CN/pdf/guide-facilitator.pdf": 10, "zh_CN/offline/ibsa-zh_CN-participant.zip": 5,
             "en/slides/participant/index.html": 7, "en/slides/facilitator/index.html": 7}
    for rel, n in files.items():
        (dist / rel).parent.mkdir(parents=True, exist_ok=True)
        (dist / rel).write_bytes(b"x" * n)
    page = landing.write(html_dir).read_text("utf-8")
    for rel in files:
        assert f'href="../dist/{rel}"' in page, rel
    assert "2 KB" in page and "3.5 MB" in page and "5 B" in page
    assert "Offline package" in page and "离线包" in page and "培训师版" in page and "简体中文" in page

    site = tmp_path / "site"
    page = landing.publish(html_dir, site).read_text("utf-8")
    copied = sorted(p.relative_to(site / "dist").as_posix() for p in (site / "dist").rglob("*") if p.is_file())
    assert copied == ["en/offline/ibsa-en-participant.zip", "en/slides/participant/index.html",
                      "zh_CN/offline/ibsa-zh_CN-participant.zip"]  # a folder of decks opens with its index.html
    assert "facilitator" not in page, "a facilitator artefact or edition is linked from the published root page"
    assert not list(site.rglob("*facilitator*"))
