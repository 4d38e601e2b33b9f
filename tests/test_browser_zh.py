"""The Chinese editions in a real browser (Debian Chromium, with fonts-noto-cjk): Chinese search that works from
file:// and over http and finds no answer key, axe with no violations, no request to another host, the tools
printed on A4 in Chinese, and Chinese text set in a system CJK font (no web font).

The built editions come from the session fixtures `zh_participant` and `zh_facilitator` (tests/conftest.py): the
folders of the zh_CN participant and facilitator editions. The helpers are test_browser's, so both languages are
held to the same gates.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

from ibsa import loaders
from tests import browser
from tests.conftest import ROOT
from tests.test_browser import (
    A4_CONTENT_PX,
    A4_LANDSCAPE_CONTENT_PX,
    AXE_TAGS,
    MAX_REPORTED,
    PRINT_HIDDEN,
    PROMISED_SHEETS,
    SEARCH_BOX,
    _index_terms,
    broken_images,
    broken_links,
    pdf_size_and_sheets,
    sample_pages,
)

pytestmark = pytest.mark.browser
SCHEMES = ("http", "file")
EDITIONS = ("participant", "facilitator")
SEARCH_WORDS = ("受案回执", "偷拍")  # what a desk officer types: the receipt for a report, covert filming
# the search has finished when Sphinx has written its summary (in Chinese, so not matched by its wording)
RESULTS_DONE = "#search-results .search-summary:not(:empty)"
CJK_STACK = ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"PingFang SC"', '"Microsoft YaHei"')
CJK_FONT = "Noto Sans CJK SC"
CJK = re.compile(r"[\u4e00-\u9fff]")
AXE_KINDS = ("home", "lesson", "scenario", "provision", "tool", "search")
SCREENSHOTS = os.environ.get("IBSA_SCREENSHOTS")  # a folder to keep the screenshots in, for a person to look at


@dataclass
class ZhSite:
    editions: dict[str, Path]
    root: Path  # the folder that holds every edition (as make html lays them out: <root>/<language>/<edition>)
    http: str  # base URL of a server for `root`

    def site_base(self, scheme: str) -> str:
        """The URL of `root`: a page may link to the same page in the other language, in a sibling folder."""
        return self.http if scheme == "http" else self.root.as_uri() + "/"

    def base(self, edition: str, scheme: str) -> str:
        return self.site_base(scheme) + self.editions[edition].relative_to(self.root).as_posix() + "/"

    def url(self, edition: str, scheme: str, rel: str) -> str:
        return self.base(edition, scheme) + rel


@pytest.fixture(scope="module")
def zh(zh_participant: Path, zh_facilitator: Path) -> Iterator[ZhSite]:
    root = Path(os.path.commonpath([zh_participant, zh_facilitator]))
    root = root.parent if root.name.startswith("zh") else root  # html/zh_CN/<edition>: serve html/
    with browser.serve(root) as http:
        yield ZhSite({"participant": zh_participant, "facilitator": zh_facilitator}, root, http)


@pytest.fixture(scope="module")
def pages(zh: ZhSite) -> dict[str, str]:
    """One page of each type in the participant edition (the search page searches a Chinese word)."""
    found = sample_pages(zh.editions["participant"], SEARCH_WORDS[0])
    missing = [k for k in AXE_KINDS if k not in found]
    assert not missing, f"the zh_CN participant edition has no page of type {missing}"
    return found


# --------------------------------------------------------------------------------------------------- helpers


class _Text(HTMLParser):
    """The text of a page's article (where a search hit must be), without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._depth = 0  # inside <article>
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._depth += tag == "article"
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._depth -= tag == "article" and self._depth > 0
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self.parts.append(data)


@cache
def article_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def lessons_with(edition: Path, word: str) -> list[str]:
    """Lesson pages (under curriculum/) whose text contains `word`."""
    return sorted(p.relative_to(edition).as_posix() for p in edition.glob("curriculum/*/*.html")
                  if p.name != "index.html" and word in article_text(p))


def open_page(page: Any, url: str) -> browser.Recorder:
    rec = browser.Recorder.attach(page)
    page.goto(url, wait_until="load")
    if "search.html?q=" in url:
        page.locator(RESULTS_DONE).wait_for(timeout=15_000)
    return rec


def search(page: Any, term: str) -> list[str]:
    """Type `term` into the sidebar search box, press Enter, return the result links (as test_browser.search, but
    waiting for a summary in any language)."""
    box = page.locator(SEARCH_BOX)
    box.click()
    box.press_sequentially(term)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.locator(RESULTS_DONE).wait_for(timeout=15_000)
    return page.eval_on_selector_all("#search-results ul.search li > a", "els => els.map(a => a.href)")


def answer_key_only_term(zh: ZhSite) -> str:
    """A search term of the facilitator edition that the participant edition has nothing like: a Chinese word of
    an answer key when the keys are translated, else (still untranslated) an English one."""
    participant = _index_terms(zh.editions["participant"] / "searchindex.js")
    facilitator = _index_terms(zh.editions["facilitator"] / "searchindex.js")
    only = [t for t in facilitator - participant if not any(t in p for p in participant)]
    chinese = [t for t in only if len(t) >= 2 and all(CJK.match(c) for c in t)]
    english = [t for t in only if t.isascii() and t.isalpha() and len(t) > 3]
    pick = sorted(chinese, key=lambda t: (-len(t), t)) or sorted(english, key=lambda t: (-len(t), t))
    assert pick, "positive control: the zh_CN facilitator edition has no search term the participant one lacks"
    return pick[0]


def rendered_fonts(page: Any, selector: str) -> dict[str, int]:
    """The fonts Chromium actually drew the element's text with (family -> glyphs), from the DevTools protocol:
    what the reader sees, not what the stylesheet asked for."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on {page.url}"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def keep_screenshot(page: Any, tmp_path: Path, name: str, **options: Any) -> Path:
    """A screenshot in the test's folder and, when IBSA_SCREENSHOTS names a folder, there too."""
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), **options)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        (Path(SCREENSHOTS) / shot.name).write_bytes(shot.read_bytes())
    return shot


# --------------------------------------------------------------------------------------------------- search


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("word", SEARCH_WORDS)
def test_chinese_search_finds_the_lessons(zh: ZhSite, session: browser.Session, word: str, scheme: str) -> None:
    """Typed into the search box of the Chinese participant edition, 受案回执 and 偷拍 find the lessons that
    use them, from a file as from a server, with no request to another host."""
    expected = lessons_with(zh.editions["participant"], word)
    assert expected, f"positive control: no lesson of the zh_CN participant edition contains {word!r}"
    page = session.new_page()
    rec = open_page(page, zh.url("participant", scheme, "index.html"))
    results = search(page, word)
    found = [u for u in results if any(u.startswith(zh.url("participant", scheme, e)) for e in expected)]
    assert found, (f"searching {word!r} over {scheme} found none of the lessons that contain it {expected};"
                   f" results: {results}")
    assert not rec.problems(), "\n".join(rec.problems()[:MAX_REPORTED])
    assert not rec.foreign(zh.site_base(scheme)), rec.foreign(zh.site_base(scheme))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_answer_key_words_find_nothing(zh: ZhSite, session: browser.Session, scheme: str) -> None:
    """A word that only an answer key uses finds nothing in the participant edition and (the positive control)
    finds pages in the facilitator edition."""
    term = answer_key_only_term(zh)
    page = session.new_page()
    open_page(page, zh.url("participant", scheme, "index.html"))
    assert search(page, term) == [], f"participant search for answer-key word {term!r} found pages"
    open_page(page, zh.url("facilitator", scheme, "index.html"))
    assert search(page, term), f"positive control: facilitator search for {term!r} found nothing"


# --------------------------------------------------------------------------------------------------- gates


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_pages_are_self_contained_and_sound(zh: ZhSite, pages: dict[str, str], session: browser.Session,
                                            edition: str, scheme: str) -> None:
    """No other host (no web font, no remote stylesheet), no console or page error, no broken link or image."""
    base, out = zh.site_base(scheme), zh.root
    problems = []
    for kind, rel in pages.items():
        if not (zh.editions[edition] / rel.split("?")[0]).is_file():
            continue
        tab = session.new_page()
        rec = open_page(tab, zh.url(edition, scheme, rel))
        found = ([f"request to another host: {u}" for u in rec.foreign(base)] + rec.problems()
                 + broken_links(tab, base, out) + [f"image not loaded: {u}" for u in broken_images(tab)])
        problems += [f"{kind} ({rel}): {p}" for p in found[:MAX_REPORTED]]
        tab.close()
    assert not problems, f"zh_CN/{edition} over {scheme}:\n" + "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_accessibility(zh: ZhSite, pages: dict[str, str], session: browser.Session, edition: str) -> None:
    """axe-core, WCAG 2.0/2.1 A and AA, on a Chinese lesson, scenario, provision, tool, home and search page."""
    page = session.new_page()
    axe = Axe()
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    report = []
    for kind in AXE_KINDS:
        open_page(page, zh.url(edition, "http", pages[kind]))
        assert page.evaluate("document.documentElement.lang") == "zh-CN", f"{kind}: <html lang> is not zh-CN"
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        for v in axe.run(page, options=options).response["violations"]:
            targets = "; ".join(", ".join(map(str, n["target"])) for n in v["nodes"][:5])
            report.append(f"{kind}: {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])}x: {targets}]")
    assert not report, f"zh_CN/{edition}: axe violations:\n" + "\n".join(report)


# --------------------------------------------------------------------------------------------------- typography


def test_chinese_text_is_set_in_a_system_cjk_font(zh: ZhSite, pages: dict[str, str], session: browser.Session,
                                                  tmp_path: Path) -> None:
    """Body text asks for the CJK system stack first and is drawn in Noto Sans CJK SC (fonts-noto-cjk): no tofu,
    no fallback to a Latin font's glyphs for Chinese punctuation; emphasis is upright."""
    page = session.new_page()
    page.set_viewport_size({"width": 1200, "height": 900})
    open_page(page, zh.url("participant", "http", pages["lesson"]))
    style = page.evaluate("""() => {
        const body = [...document.querySelectorAll('article section > p:not(.rubric, .caption)')];
        const p = body.find(e => /[\\u4e00-\\u9fff]/.test(e.innerText)) || body[0];
        p.id = p.id || 'ibsa-zh-probe';
        const cs = getComputedStyle(p);
        return {id: p.id, family: cs.fontFamily, lineHeight: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize),
                lineBreak: cs.lineBreak, fontsCheck: document.fonts.check('16px "Noto Sans CJK SC"')};
    }""")
    assert style["family"].startswith(", ".join(CJK_STACK)), f"body text font-family: {style['family']}"
    assert style["fontsCheck"], "document.fonts.check('16px \"Noto Sans CJK SC\"') is false"
    assert 1.6 <= style["lineHeight"] <= 1.9, f"Chinese body text line height {style['lineHeight']:.2f}"
    assert style["lineBreak"] == "strict"
    drawn = rendered_fonts(page, f"#{style['id']}")
    assert CJK_FONT in drawn, f"Chinese text was drawn with {drawn}, not {CJK_FONT}"
    em = page.evaluate("() => { const e = document.createElement('em'); e.textContent = '必须';"
                       " document.querySelector('article p').append(e); return getComputedStyle(e).fontStyle; }")
    assert em == "normal", "Chinese emphasis is set in italics"
    keep_screenshot(page, tmp_path, "zh-lesson")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(CJK_STACK[0]), "print font"


# --------------------------------------------------------------------------------------------------- print


@cache
def tool_kinds() -> dict[str, str]:
    return {tid: tool.kind for tid, tool in loaders.load(ROOT).tools.items()}


@pytest.mark.parametrize("edition", EDITIONS)
def test_tools_print_cleanly_on_a4_in_chinese(zh: ZhSite, session: browser.Session, tmp_path: Path,
                                              edition: str) -> None:
    """Each Chinese tool, printed: no navigation, no table wider than the page, A4 (the log landscape, on one
    sheet), on the sheets its lesson promises (else one to three), in the CJK font with its glyphs in the PDF."""
    page = session.new_page()
    problems = []
    tools = sorted(p.stem for p in zh.editions[edition].glob("tools/*.html") if p.name != "index.html")
    assert tools, f"the zh_CN {edition} edition has no printable tools"
    for tool in tools:
        log = tool_kinds().get(tool) == "log"
        width = A4_LANDSCAPE_CONTENT_PX if log else A4_CONTENT_PX
        page.set_viewport_size({"width": width, "height": 960})
        page.emulate_media(media="print")
        page.goto(zh.url(edition, "http", f"tools/{tool}.html"))
        shown = page.evaluate("sels => sels.filter(s => [...document.querySelectorAll(s)].some("
                              "e => getComputedStyle(e).display !== 'none'))", list(PRINT_HIDDEN))
        problems += [f"{tool}: {s} is printed" for s in shown]
        wide = page.evaluate("w => [...document.querySelectorAll('table')].filter("
                             "t => t.getBoundingClientRect().right > w + 1 || t.scrollWidth > t.clientWidth + 1)"
                             ".map(t => t.innerText.slice(0, 40))", width)
        problems += [f"{tool}: table cut at the page edge: {w!r}" for w in wide]
        if edition == "participant":
            keep_screenshot(page, tmp_path, f"zh-print-{tool}", full_page=True)
        pdf = page.pdf(prefer_css_page_size=True)
        size, sheets = pdf_size_and_sheets(pdf)
        expected = (842, 595) if log else (595, 842)
        if size != expected:
            problems.append(f"{tool}: printed on {size} points, expected A4 {'landscape' if log else ''} {expected}")
        allowed = [1] if log else [PROMISED_SHEETS[tool]] if tool in PROMISED_SHEETS else [1, 2, 3]
        if sheets not in allowed:
            problems.append(f"{tool}: {sheets} printed pages, expected {' or '.join(map(str, allowed))}")
        chinese = page.evaluate("() => /[\\u4e00-\\u9fff]/.test(document.querySelector('article').innerText)")
        if chinese and not re.search(rb"/(?:BaseFont|FontName)\s*/[A-Z]{6}\+NotoSansCJK", pdf):
            problems.append(f"{tool}: the printed PDF embeds no Noto Sans CJK glyphs")
    assert not problems, "\n".join(problems)


def test_search_page_url_with_a_chinese_query(zh: ZhSite, session: browser.Session) -> None:
    """A search link someone sends (search.html?q=%E5%8F%97...) works when opened directly."""
    word = SEARCH_WORDS[1]
    page = session.new_page()
    rec = open_page(page, zh.url("participant", "http", f"search.html?q={quote(word)}"))
    assert page.eval_on_selector_all("#search-results ul.search li > a", "els => els.length"), word
    assert not rec.problems(), rec.problems()


def test_scenario_filters_speak_chinese(zh: ZhSite, session: browser.Session) -> None:
    """The scenario index's filters (made by ibsa-filter.js, so no HTML check sees them) exist in the Chinese
    edition and say nothing in English: the form's label, the 'any' choice and the 'N of M shown' line."""
    page = session.new_page()
    rec = open_page(page, zh.url("participant", "file", "scenarios/index.html"))
    selects = page.locator(".ibsa-filters select")
    assert selects.count() >= 2, "the zh_CN scenario index has no filters (the script did not know its columns)"
    words = page.evaluate("""() => [document.querySelector('.ibsa-filters').getAttribute('aria-label'),
        document.querySelector('.ibsa-filter-status').innerText,
        ...[...document.querySelectorAll('.ibsa-filters label')].map(l => l.innerText),
        ...[...document.querySelectorAll('.ibsa-filters select')].map(s => s.options[0].text)]""")
    english = [w for w in words if re.search(r"[A-Za-z]{2,}", w or "")]
    assert not english, f"English in the Chinese scenario filters: {english}"
    assert not rec.problems(), rec.problems()
