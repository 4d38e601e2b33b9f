"""The glossary page: the term base as a bilingual table in every edition, each statutory term linked to its
provision's page. Uses the session's build of the four editions (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibsa import loaders
from tests.conftest import EDITIONS, LANGUAGES, ROOT


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_glossary_is_bilingual_in_every_edition(repo_editions: dict[tuple[str, str], Path], language: str,
                                                edition: str) -> None:
    terms = loaders.load(ROOT, parts=("law",)).terms
    receipt = next(t for t in terms if "receipt" in t.en)
    page = (repo_editions[language, edition] / "glossary.html").read_text(encoding="utf-8")
    assert receipt.zh[0] in page and receipt.en[0] in page
    assert (receipt.definition_zh if language == "zh_CN" else receipt.definition) in page
    assert 'href="catalogue/CN-MPSCRIM2020-171.html"' in page
