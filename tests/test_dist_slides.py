"""Slides per lesson (issue 19): reveal.js decks, offline, participant decks without answers or facilitator notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ibsa import cli, describe, i18n, loaders
from ibsa.delivery import slides
from tests.conftest import ROOT, Repo
from tests.leaks import answer_texts, normalise, output_texts, probe, telling

LESSON = "cn-charges-routes"  # a lesson with facilitator notes and three scenarios, translated


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slides")
    slides.build(ROOT, out, only=[LESSON])
    return out


def deck(out: Path, lang: str, edition: str) -> str:
    return (out / lang / "slides" / edition / f"{LESSON}-{edition}.html").read_text(encoding="utf-8")


def text_of(page: str) -> str:
    return normalise(re.sub(r"<[^>]+>", " ", re.sub(r"</?(?:span|a|em|strong|code)\b[^>]*>", "", page)))


def test_layout(built: Path) -> None:
    for lang in ("en", "zh_CN"):
        for edition in ("participant", "facilitator"):
            folder = built / lang / "slides" / edition
            assert (folder / f"{LESSON}-{edition}.html").is_file()
            assert f'href="{LESSON}-{edition}.html"' in (folder / "index.html").read_text(encoding="utf-8")
            assert (folder / "_static" / "revealjs" / "dist" / "reveal.js").is_file()  # shipped, not fetched


def test_participant_deck_shows_the_lesson_and_no_secret(built: Path) -> None:
    corpus = loaders.load(ROOT)
    lesson = corpus.lessons[LESSON]
    page = text_of(deck(built, "en", "participant"))
    for item in [o.text for o in lesson.objectives] + lesson.key_points:
        assert normalise(slides.plain(corpus, item)) in page
    scenarios = slides.scenarios_of(corpus, lesson)
    assert {s.id for s in scenarios} == {"cn-hotel-camera-2025", "cn-former-partner-group", "cn-refusal-to-file"}
    for sc in scenarios:
        assert normalise(slides.plain(corpus, sc.tasks[0].text)) in page  # the exercise briefing
    secrets = [p for sc in scenarios for p in map(probe, answer_texts(sc)) if telling(p)]
    secrets += [p for p in map(probe, slides.lesson_notes(corpus, lesson, None)) if telling(p)]
    assert len(secrets) > 10
    assert [s for s in secrets if s in page] == []
    assert "notes" not in re.findall(r"<aside\b[^>]*>", deck(built, "en", "participant"))


def test_facilitator_deck_has_speaker_notes(built: Path) -> None:
    corpus = loaders.load(ROOT)
    page = deck(built, "en", "facilitator")
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', page, re.S)
    assert len(notes) >= 2
    first = probe(slides.lesson_notes(corpus, corpus.lessons[LESSON], None)[0])
    assert first in normalise(" ".join(notes))
    assert "RevealNotes" in page and "plugin/notes/notes.js" in page  # key S opens the speaker view


def test_no_remote_file_is_loaded(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))  # the decks, their indexes and reveal.js's speaker view
    assert len([p for p in pages if "_static" not in p.parts]) == 8
    for page in pages:
        assert slides.external_sources(page.read_text(encoding="utf-8")) == [], page
    assert not [name for name, text in output_texts(built).items() if "cdn." in text or "fonts.googleapis" in text]


def test_chinese_deck(built: Path) -> None:
    corpus = i18n.localise(loaders.load(ROOT), i18n.read_catalogs(ROOT, "zh_CN"))
    page = deck(built, "zh_CN", "participant")
    assert '<html lang="zh-CN"' in page
    describe.set_language("zh_CN")
    try:
        points = [normalise(slides.plain(corpus, k)) for k in corpus.lessons[LESSON].key_points]
    finally:
        describe.set_language("en")
    assert all(re.search(r"[\u4e00-\u9fff]", p) for p in points)
    text = text_of(page)
    assert [p for p in points if p not in text] == []
    assert "《中华人民共和国刑事诉讼法》" in text  # a {prov} role worded in Chinese
    css = (built / "zh_CN" / "slides" / "participant" / "_static" / "slides.css").read_text(encoding="utf-8")
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"' in css
    zh_notes = " ".join(re.findall(r'<aside class="notes">(.*?)</aside>', deck(built, "zh_CN", "facilitator"), re.S))
    assert "参考答案" in zh_notes  # the lesson's notes from its page catalogue


def test_a_note_that_would_leak_stops_the_build(mini: Repo, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    mini.edit("curriculum/01-demo/01-lesson.md", "- The date of the act decides the version.",
              "- The date of the act decides the version. zqlessonnotezq ask who has seen this.")
    code = cli.main(["--root", str(mini.root), "dist-slides", "--lang", "en", "--out", str(tmp_path / "dist")])
    assert code == 1
    assert capsys.readouterr().err.strip() == ("ibsa dist-slides: participant deck demo-lesson (en) would show "
                                               "facilitator text: 'zqlessonnotezq ask who has seen this.'")


def test_speaker_notes_in_a_participant_deck_are_refused() -> None:
    lesson = loaders.load(ROOT).lessons[LESSON]
    with pytest.raises(slides.SlideLeak, match=r"^participant deck cn-charges-routes \(en\) has speaker notes$"):
        slides.assert_no_leak(lesson, "en", '<section><aside class="notes">x</aside></section>', [])


def test_remote_sources_are_found() -> None:
    page = ('<script src="https://cdn.jsdelivr.net/npm/reveal.js/dist/reveal.js"></script>'
            '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Noto"><img src="_static/a.png">')
    assert slides.external_sources(page) == ["https://cdn.jsdelivr.net/npm/reveal.js/dist/reveal.js",
                                             "//fonts.googleapis.com/css?family=Noto"]
