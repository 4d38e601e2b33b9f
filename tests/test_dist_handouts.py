"""Handouts as PDF (issue 19), printed by Chromium from the mini fixture's built site (English; the Chinese pages
print through the same styles): a PDF per tool, and per role-play a facilitator pack (a sheet per role card, the
observer checklist on its own sheet, no answer key) and a participant pack (only the briefings shown to
participants)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibsa import loaders
from ibsa.delivery import handouts, leaks, pdf
from tests.conftest import MINI, build, copy_repo

SCENARIO = "demo-camera-2026"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if pdf.missing_tools():
        pytest.fail(f"missing {', '.join(pdf.missing_tools())}; install with: {pdf.INSTALL}", pytrace=False)
    repo = copy_repo(MINI, tmp_path_factory.mktemp("handouts") / "mini")
    out = repo.root.parent / "out"
    for edition in ("participant", "facilitator"):
        build(repo.root, out, edition, "en")
    paths = handouts.build(repo.root, out / "html", out / "dist", ["en"])
    return {p.name: p for p in paths}


def test_one_pdf_per_tool_and_two_packs_per_roleplay(printed: dict[str, Path]) -> None:
    corpus = loaders.load(MINI)
    roleplays = sorted(s for s, sc in corpus.scenarios.items() if sc.roleplay)
    assert roleplays == [SCENARIO]
    expected = {f"{t}-participant.pdf" for t in corpus.tools} | {f"{SCENARIO}-roles-facilitator.pdf",
                                                     f"{SCENARIO}-roles-participant.pdf"}
    assert set(printed) == expected
    for path in printed.values():
        assert path.parent.as_posix().endswith("dist/en/handouts")
        assert pdf.page_count(path) >= 1


def test_facilitator_pack_has_a_sheet_per_card_and_the_checklist(printed: dict[str, Path]) -> None:
    path = printed[f"{SCENARIO}-roles-facilitator.pdf"]
    sc = loaders.load(MINI).scenarios[SCENARIO]
    assert sc.roleplay is not None
    assert pdf.page_count(path) == len(sc.roleplay.roles) + 1
    pages = [pdf.text_of_page(path, n) for n in range(1, pdf.page_count(path) + 1)]
    for role, page in zip(sc.roleplay.roles, pages, strict=False):
        assert role.title in page and leaks.squeeze(role.briefing) in leaks.squeeze(page)
    assert "zqchecklistzq" in pages[-1] and not any("zqchecklistzq" in p for p in pages[:-1])
    assert "zqtaskanswerzq" not in "".join(pages) and "Answer key" not in "".join(pages)


def test_participant_pack_has_only_the_public_briefing(printed: dict[str, Path]) -> None:
    path = printed[f"{SCENARIO}-roles-participant.pdf"]
    text = pdf.text_of(path)
    sc = loaders.load(MINI).scenarios[SCENARIO]
    assert sc.roleplay is not None
    for role in sc.roleplay.roles:
        shown = leaks.squeeze(role.briefing) in leaks.squeeze(text)
        assert shown == (role.shown_to == "everyone"), role.id
    assert leaks.found(text, leaks.probes(loaders.load(MINI))) == []
    assert "zqchecklistzq" not in text


def test_tool_pdf_holds_the_tool(printed: dict[str, Path]) -> None:
    corpus = loaders.load(MINI)
    for tid, tool in corpus.tools.items():
        assert tool.title in pdf.text_of(printed[f"{tid}-participant.pdf"])


def test_missing_site_is_reported(tmp_path: Path) -> None:
    repo = copy_repo(MINI, tmp_path / "mini")
    with pytest.raises(handouts.HandoutError, match="is missing: build the site first"):
        handouts.build(repo.root, tmp_path / "nothing", tmp_path / "dist", ["en"])
