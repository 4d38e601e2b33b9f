"""Completeness of the translations: `ibsa i18n-status` on a half-translated fixture, and on the real locales/."""

from __future__ import annotations

import pytest

from ibsa import cli, loaders, translations
from tests.conftest import ROOT, Repo

PO = "locales/zh_CN/LC_MESSAGES/curriculum/01-demo/01-lesson.po"


def _status(capsys: pytest.CaptureFixture[str], root: str, *more: str) -> tuple[int, list[str], list[str]]:
    code = cli.main(["--root", root, "i18n-status", "--lang", "zh_CN", *more])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_half_translated_po_is_reported(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    where = "#: ../../curriculum/01-demo/01-lesson.md:2\n"
    mini.edit(PO, where, where + "#, fuzzy\n")
    mini.edit(PO, 'msgstr "离开前索取受案回执。"', 'msgstr ""')
    code, out, err = _status(capsys, str(mini.root))
    assert (code, out, err) == (0, ["curriculum/01-demo/01-lesson: 2/5 (40 %), 1 fuzzy",
                                    "total: 2/5 (40 %), 1 fuzzy"], [])
    code, out, err = _status(capsys, str(mini.root), "--strict")
    assert code == 1
    assert err == [f"{PO}:1: 2 of 5 messages untranslated, 1 fuzzy; translate them in the PO file [untranslated]"]


def test_complete_translation_passes_strict(mini: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    msgid = 'msgid "The version in force on the date of the act decides the penalty."\n'
    mini.edit(PO, msgid + 'msgstr ""', msgid + 'msgstr "以行为时有效的版本确定刑罚。"')
    code, out, err = _status(capsys, str(mini.root), "--strict")
    assert (code, out[-1], err) == (0, "total: 5/5 (100 %), 0 fuzzy", [])


def test_chinese_edition_complete() -> None:
    """Every published page and data file is wholly translated into Chinese, with no fuzzy entries. Fails, listing
    what is missing, until the translators have finished."""
    corpus = loaders.load(ROOT)
    rows = translations.status(corpus, "zh_CN")
    assert rows, "no Chinese translations under locales/zh_CN/LC_MESSAGES/"
    missing = [str(f) for f in translations.incomplete(corpus, rows)]
    assert not missing, f"{len(missing)} documents are not fully translated:\n" + "\n".join(missing)
