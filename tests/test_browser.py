"""The built site in a real browser (Debian Chromium): self-contained, searchable, accessible, keyboard-usable,
and with no answer key in the participant edition's rendered DOM.

Each test runs on the mini fixture site and, when the repository has scenarios, on the repository's own site.
Both are built with `build` from test_build into a temporary directory.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from ibsa import loaders
from ibsa.loaders import Corpus
from tests import browser, leaks
from tests.conftest import MINI, ROOT, build, copy_repo
from tests.test_build import MINI_SECRETS

pytestmark = pytest.mark.browser
EDITIONS = ("participant", "facilitator")
SCHEMES = ("http", "file")
SITES = ["mini", *(["repo"] if any((ROOT / "exercises").glob("*.yaml")) else [])]
PAGE_TYPES = ("home", "module", "lesson", "scenario", "provision", "catalogue-index", "scenario-index", "tool",
              "search")
FACILITATOR_SELECTOR = ", ".join(f".{c}" for c in leaks.FACILITATOR_CLASSES)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Rules excluded from the axe run, each with its reason. Keep this empty unless a rule cannot be fixed here.
AXE_EXCLUDED: dict[str, str] = {}
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # the rules whose outcome the colour scheme can change
RESULTS_DONE = "#search-results .search-summary:is(:has-text('Search finished'), :has-text('did not match'))"
SEARCH_BOX = "input.sidebar-search"
MAX_TABS = 600
MAX_REPORTED = 12  # problems reported per page
# a facilitator note in a lesson's source, in a backtick or a colon fence
NOTE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{facilitator-note\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)


# --------------------------------------------------------------------------------------------------- the sites


@dataclass
class Site:
    name: str
    src: Path
    root: Path  # holds one folder per language, each with one per edition (pages link the other language's)
    http: str  # base URL of a server for `root`
    corpus: Corpus
    pages: dict[str, str] = field(default_factory=dict)  # page type -> path inside an edition

    def edition(self, edition: str) -> Path:
        return self.root / "en" / edition

    def site_base(self, scheme: str) -> str:
        return self.http if scheme == "http" else self.root.as_uri() + "/"

    def base(self, edition: str, scheme: str) -> str:
        return f"{self.site_base(scheme)}en/{edition}/"

    def url(self, edition: str, scheme: str, page: str) -> str:
        return self.base(edition, scheme) + self.pages.get(page, page)

    def lesson_title(self) -> str:
        return next(x.title for x in self.corpus.lessons.values() if f"{x.docname}.html" == self.pages["lesson"])


def _first(out: Path, pattern: str) -> str | None:
    found = sorted(p.relative_to(out).as_posix() for p in out.glob(pattern))
    found = [p for p in found if not p.endswith("/index.html") or pattern.endswith("/index.html")]
    return found[0] if found else None


def sample_pages(out: Path, search_term: str) -> dict[str, str]:
    """One page of every type that the edition has, keyed by page type."""
    pages = {"home": "index.html", "module": _first(out, "curriculum/*/index.html"),
             "lesson": _first(out, "curriculum/*/*.html"), "scenario": _first(out, "scenarios/*.html"),
             "provision": _first(out, "catalogue/*.html"), "catalogue-index": "catalogue/index.html",
             "scenario-index": "scenarios/index.html", "tool": _first(out, "tools/*.html"),
             "search": f"search.html?q={quote(search_term)}"}
    return {k: v for k, v in pages.items() if v and (out / v.split("?")[0]).is_file()}


@pytest.fixture(scope="module", params=SITES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         repo_editions: dict[tuple[str, str], Path]) -> Iterator[Site]:
    """The English editions (the Chinese ones have their own tests in test_browser_zh); the repository's come from
    the session's build."""
    if request.param == "mini":
        src = copy_repo(MINI, tmp_path_factory.mktemp("mini") / "src").root
        out = src.parent / "out"
        for edition in EDITIONS:  # the Chinese editions too: English pages link to them, and those links must work
            for language in ("en", "zh_CN"):
                build(src, out, edition, language)
    else:
        src = ROOT
    root = (out / "html") if request.param == "mini" else repo_editions["en", "participant"].parent.parent
    with browser.serve(root) as http:
        s = Site(request.param, src, root, http, loaders.load(src))
        s.pages = sample_pages(s.edition("participant"), "law")
        if s.name == "mini":
            assert set(s.pages) == set(PAGE_TYPES), f"the mini site lacks page types: {set(PAGE_TYPES) - set(s.pages)}"
        yield s


# --------------------------------------------------------------------------------------------------- helpers


def wait_until_ready(page: Any) -> None:
    """The page has loaded; on the search page, the search has also finished."""
    page.wait_for_load_state("load")
    if urlsplit(page.url).path.endswith("/search.html") and "q=" in page.url:
        page.locator(RESULTS_DONE).wait_for(timeout=10_000)


def open_page(page: Any, url: str) -> browser.Recorder:
    rec = browser.Recorder.attach(page)
    page.goto(url, wait_until="load")
    wait_until_ready(page)
    return rec


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(unquote(m) for m in re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


def broken_links(page: Any, base: str, out: Path) -> list[str]:
    """Internal links of the rendered page whose file (or #fragment in it) does not exist in the built output."""
    problems = []
    links = page.eval_on_selector_all("a[href]", "els => els.map(a => [a.getAttribute('href'), a.href])")
    for raw, absolute in links:
        if re.match(r"(https?:|mailto:)", raw, re.I):
            continue
        url, fragment = urldefrag(absolute)
        target = browser.url_to_file(url.split("?")[0], base, out)
        if target is None:
            problems.append(f"link {raw!r} leaves the site: {absolute}")
        elif not target.is_file():
            problems.append(f"link {raw!r}: no file {target.relative_to(out)}")
        elif fragment and target.suffix == ".html" and unquote(fragment) not in _ids(target):
            problems.append(f"link {raw!r}: no id {fragment!r} in {target.relative_to(out)}")
    return problems


def links_to_other_editions(page: Any, base: str, out: Path, edition: str) -> list[str]:
    """Links that leave this edition for another (participant pages must never reach the facilitator edition);
    the same edition in another language is fine."""
    links = page.eval_on_selector_all("a[href]", "els => els.map(a => [a.getAttribute('href'), a.href])")
    problems = []
    for raw, absolute in links:
        target = browser.url_to_file(urldefrag(absolute)[0].split("?")[0], base, out)
        if target is not None and len(parts := target.relative_to(out).parts) > 1 and parts[1] != edition:
            problems.append(f"link {raw!r} leaves the {edition} edition: {absolute}")
    return problems


def broken_images(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "img", "els => els.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src)")


def search(page: Any, term: str) -> list[str]:
    """Type `term` into the sidebar search box of the current page, press Enter, return the result links."""
    box = page.locator(SEARCH_BOX)
    box.click()
    box.press_sequentially(term)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.locator(RESULTS_DONE).wait_for(timeout=10_000)
    return page.eval_on_selector_all("#search-results ul.search li > a", "els => els.map(a => a.href)")


@cache
def _index_terms(searchindex: Path) -> frozenset[str]:
    text = searchindex.read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return frozenset(index["terms"]) | frozenset(index["titleterms"])


def facilitator_only_term(site: Site) -> str | None:
    """A search-index term of the facilitator edition that the participant edition knows nothing like."""
    participant = _index_terms(site.edition("participant") / "searchindex.js")
    facilitator = _index_terms(site.edition("facilitator") / "searchindex.js")
    for term in sorted(facilitator - participant, key=lambda t: (-len(t), t)):
        if term.isalpha() and term.isascii() and not any(term in p for p in participant):
            return term
    return None


def page_secrets(site: Site, kind: str, rel: str) -> list[str]:
    """Answer-key and facilitator texts (as probes) of a scenario or lesson page, and the mini site's marker words."""
    texts: list[str] = []
    if kind == "scenario":
        sc = site.corpus.scenarios[Path(rel).stem]
        texts += leaks.answer_texts(sc)
    else:
        lesson = next(x for x in site.corpus.lessons.values() if f"{x.docname}.html" == rel)
        texts += [m["body"] for m in NOTE.finditer((site.src / lesson.path).read_text(encoding="utf-8"))]
    probes = sorted({p for p in map(leaks.probe, texts) if leaks.telling(p)})
    if site.name == "mini":
        probes += [w for w in MINI_SECRETS if w in " ".join(probes)]
    return probes


def tab_until(page: Any, predicate: str, what: str) -> int:
    """Press Tab from the top of the page until `predicate(document.activeElement)` holds; the number of presses."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    for n in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}"):
            return n
    raise AssertionError(f"{what} is not reachable with Tab ({MAX_TABS} presses from the top of {page.url})")


# --------------------------------------------------------------------------------------------------- tests


def test_chromium_is_installed() -> None:
    browser.require_chromium()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_pages_are_self_contained_and_sound(site: Site, session: browser.Session, edition: str, scheme: str) -> None:
    """No other host, no console or page errors, no failed request, no broken internal link or image."""
    base, out = site.site_base(scheme), site.root
    problems = []
    for kind in site.pages:
        tab = session.new_page()  # a fresh page per URL keeps the records apart
        rec = open_page(tab, site.url(edition, scheme, kind))
        found = ([f"request to another host: {u}" for u in rec.foreign(base)] + rec.problems()
                 + broken_links(tab, base, out) + links_to_other_editions(tab, base, out, edition)
                 + [f"image not loaded: {u}" for u in broken_images(tab)])
        problems += [f"{kind} ({site.pages[kind]}): {p}" for p in found[:MAX_REPORTED]]
        problems += [f"{kind}: ... and {len(found) - MAX_REPORTED} more"] if len(found) > MAX_REPORTED else []
        tab.close()
    assert not problems, f"{site.name}/{edition} over {scheme}:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_as_a_reader(site: Site, session: browser.Session, scheme: str) -> None:
    """Type a lesson's words into the search box, press Enter: the lesson is found; answer-key words find nothing."""
    assert "lesson" in site.pages, f"the {site.name} site has no lesson to search for"
    term = "complaint" if site.name == "mini" else max(re.findall(r"\w+", site.lesson_title()), key=len)
    lesson_url = site.url("participant", scheme, "lesson")
    page = session.new_page()
    rec = open_page(page, site.url("participant", scheme, "home"))
    results = search(page, term)
    assert lesson_url in results, f"searching {term!r} over {scheme} did not find {lesson_url}; results: {results}"
    secrets = ["zqreasoningzq"] if site.name == "mini" else []
    only = facilitator_only_term(site)
    secrets += [only] if only else []
    assert secrets, "no answer-key-only word to search for"
    print(f"{site.name}: lesson term {term!r}, answer-key words {secrets}")
    for secret in secrets:
        page.goto(site.url("participant", scheme, "home"))
        assert search(page, secret) == [], f"participant search for answer-key word {secret!r} found pages"
        page.goto(site.url("facilitator", scheme, "home"))
        assert search(page, secret), f"positive control: facilitator search for {secret!r} found nothing"
    assert not rec.problems(), "\n".join(rec.problems()[:MAX_REPORTED])
    foreign = rec.foreign("file:" if scheme == "file" else site.http)
    assert not foreign, f"requests to another host: {foreign}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_accessibility(site: Site, session: browser.Session, edition: str) -> None:
    """axe-core, WCAG 2.0/2.1 A and AA, on every sampled page; the colour rules again in the dark colour scheme."""
    page = session.new_page()
    axe = Axe()
    light: dict[str, Any] = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    dark: dict[str, Any] = {"runOnly": {"type": "rule", "values": AXE_COLOUR_RULES}, "resultTypes": ["violations"]}
    if AXE_EXCLUDED:
        light["rules"] = dark["rules"] = {rule: {"enabled": False} for rule in AXE_EXCLUDED}
    report = []
    for kind in site.pages:
        page.emulate_media(color_scheme="light")
        page.goto(site.url(edition, "http", kind))
        wait_until_ready(page)
        for scheme, options in (("light", light), ("dark", dark)):
            page.emulate_media(color_scheme=scheme)  # then let colour transitions (sphinx-design tabs) finish
            page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
            for v in axe.run(page, options=options).response["violations"]:
                targets = "; ".join(", ".join(map(str, n["target"])) for n in v["nodes"][:5])
                report.append(f"{kind} ({scheme}): {v['id']} ({v['impact']}): {v['help']} "
                              f"[{len(v['nodes'])}x: {targets}] {v['helpUrl']}")
    assert not report, f"{site.name}/{edition}: axe violations:\n" + "\n".join(report)


def test_keyboard_only(site: Site, session: browser.Session) -> None:
    """Tabs, dropdowns and the search box are reached with Tab and work with the keyboard alone."""
    page = session.new_page()
    seen = {"tab-set": 0, "dropdown": 0}
    for kind in [k for k in site.pages if k != "search"]:
        open_page(page, site.url("participant", "http", kind))
        for i in range(min(page.locator(".sd-tab-set").count(), 3)):
            seen["tab-set"] += 1
            radios = f"document.querySelectorAll('.sd-tab-set')[{i}].querySelectorAll(':scope > input')"
            tab_until(page, f"el => el === {radios}[0] || el === Array.from({radios}).find(r => r.checked)",
                      f"tab set {i} on {kind}")
            focused = page.evaluate("() => document.activeElement.id")
            label = page.locator(f"label[for='{focused}']")
            assert label.evaluate("l => getComputedStyle(l).outlineStyle") != "none", "focused tab shows no outline"
            ids = page.evaluate(f"() => Array.from({radios}, r => r.id)")
            nxt = ids[(ids.index(focused) + 1) % len(ids)]
            page.keyboard.press("ArrowRight")
            assert page.evaluate("() => document.activeElement.id") == nxt
            assert page.locator(f"#{nxt}").is_checked(), f"ArrowRight did not select the next tab on {kind}"
            assert page.locator(f"#{nxt}-content").is_visible() and not page.locator(f"#{focused}-content").is_visible()
        for i in range(min(page.locator("details.sd-dropdown").count(), 3)):
            seen["dropdown"] += 1
            tab_until(page, f"el => el === document.querySelectorAll('details.sd-dropdown > summary')[{i}]",
                      f"dropdown {i} on {kind}")
            details = page.locator("details.sd-dropdown").nth(i)
            body = details.locator(".sd-summary-content")
            assert not details.evaluate("d => d.open") and not body.is_visible()
            page.keyboard.press("Enter")
            assert details.evaluate("d => d.open") and body.is_visible(), f"Enter did not open dropdown {i} on {kind}"
            page.keyboard.press("Space")
            assert not details.evaluate("d => d.open"), f"Space did not close dropdown {i} on {kind}"
    if site.name == "mini":
        assert seen["tab-set"] and seen["dropdown"], f"the mini lesson lost its tab set or dropdown: {seen}"
    # the search box: reached with Tab, typed into, submitted with Enter
    open_page(page, site.url("participant", "http", "home"))
    tab_until(page, f"el => el.matches('{SEARCH_BOX}')", "the search box")
    page.keyboard.type("law")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=law"))
    page.locator(RESULTS_DONE).wait_for(timeout=10_000)
    # the first result is reachable with Tab from the top of the results page
    if page.locator("#search-results ul.search li > a").count():
        tab_until(page, "el => el === document.querySelector('#search-results ul.search li > a')", "the first result")


@pytest.mark.parametrize("kind", ["scenario", "lesson"])
def test_answer_keys_absent_from_participant_dom(site: Site, session: browser.Session, kind: str) -> None:
    """After scripts have run, the participant DOM holds no answer key; the facilitator DOM does."""
    assert kind in site.pages, f"the {site.name} site has no {kind} page"
    if kind == "lesson":  # a lesson with a facilitator note, so that the facilitator edition has something to show
        noted = sorted(f"{x.docname}.html" for x in site.corpus.lessons.values()
                       if NOTE.search((site.src / x.path).read_text(encoding="utf-8")))
        assert noted, f"no lesson of the {site.name} site has a facilitator note to look for"
        site = dataclasses.replace(site, pages={**site.pages, "lesson": noted[0]})
    secrets = page_secrets(site, kind, site.pages[kind])
    assert secrets, f"positive control: {site.pages[kind]} has no answer-key or facilitator text to look for"
    page = session.new_page()
    for edition in EDITIONS:
        open_page(page, site.url(edition, "http", kind))
        text, html = leaks.normalise(page.inner_text("body")), page.content()
        markup_text = leaks.normalise(re.sub(r"<[^>]+>", " ", html))
        hidden = page.locator(FACILITATOR_SELECTOR).count()
        if edition == "participant":
            assert hidden == 0, f"{kind}: {hidden} element(s) match {FACILITATOR_SELECTOR}"
            leaked = [s for s in secrets if s in text or s in markup_text or s in html.lower()]
            assert not leaked, f"{kind}: answer-key text in the participant DOM: {leaked}"
        else:
            assert hidden, f"positive control: no {FACILITATOR_SELECTOR} in the facilitator {kind} page"
            missing = [s for s in secrets if s not in text]
            assert not missing, f"positive control: facilitator {kind} page does not show {missing}"


A4_CONTENT_PX = 680  # 210 mm less two 15 mm margins, at 96 px per inch
PRINT_HIDDEN = (".sidebar-drawer", ".toc-drawer", ".mobile-header", "footer", ".related-pages", ".back-to-top")


# sheets a lesson promises for a tool ("Use the intake checklist, which prints on one page"); others: one to three
PROMISED_SHEETS = {"intake-checklist": 1, "quick-reference": 1, "demo-checklist": 1}
A4_LANDSCAPE_CONTENT_PX = 1032  # 297 mm less two 12 mm margins
HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # 64 characters of SHA-256


def pdf_size_and_sheets(pdf: bytes) -> tuple[tuple[int, int], int]:
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box, "no page size in the printed PDF"
    return (round(float(box[1])), round(float(box[2]))), len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.mark.parametrize("edition", EDITIONS)
def test_tools_print_cleanly_on_a4(site: Site, session: browser.Session, edition: str) -> None:
    """Each printable tool, printed: no navigation, no table wider than the page, A4 paper (a log in landscape, on one
    sheet), on the number of sheets its lesson promises (else one to three)."""
    page = session.new_page()
    problems = []
    assert site.corpus.tools, "the site has no printable tools to test"
    for tool in sorted(site.corpus.tools):
        log = site.corpus.tools[tool].kind == "log"
        width = A4_LANDSCAPE_CONTENT_PX if log else A4_CONTENT_PX
        page.set_viewport_size({"width": width, "height": 960})
        page.emulate_media(media="print")
        page.goto(site.url(edition, "http", f"tools/{tool}.html"))
        shown = page.evaluate("sels => sels.filter(s => [...document.querySelectorAll(s)].some("
                              "e => getComputedStyle(e).display !== 'none'))", list(PRINT_HIDDEN))
        problems += [f"{tool}: {s} is printed" for s in shown]
        wide = page.evaluate("w => [...document.querySelectorAll('table')].filter("
                             "t => t.getBoundingClientRect().right > w + 1 || t.scrollWidth > t.clientWidth + 1)"
                             ".map(t => t.innerText.slice(0, 40))", width)
        problems += [f"{tool}: table cut at the page edge: {w!r}" for w in wide]
        size, sheets = pdf_size_and_sheets(page.pdf(prefer_css_page_size=True))
        expected = (842, 595) if log else (595, 842)
        if size != expected:
            problems.append(f"{tool}: printed on {size} points, expected A4 {'landscape' if log else ''} {expected}")
        allowed = [1] if log else [PROMISED_SHEETS[tool]] if tool in PROMISED_SHEETS else [1, 2, 3]
        if sheets not in allowed:
            problems.append(f"{tool}: {sheets} printed pages, expected {' or '.join(map(str, allowed))}")
    assert not problems, "\n".join(problems)


def test_evidence_log_column_holds_a_hash(site: Site, session: browser.Session) -> None:
    """A 64-character SHA-256 value written into the log's hash column fits it (at most two lines, nothing cut),
    and the log still prints on one landscape sheet."""
    page = session.new_page()
    page.set_viewport_size({"width": A4_LANDSCAPE_CONTENT_PX, "height": 960})
    logs = [t for t in sorted(site.corpus.tools) if site.corpus.tools[t].kind == "log"]
    assert logs, "the site has no evidence log"
    for tool in logs:
        page.emulate_media(media="print")
        page.goto(site.url("participant", "http", f"tools/{tool}.html"))
        fit = page.evaluate("""hash => {
            const heads = [...document.querySelectorAll('table.ibsa-log thead th')];
            const col = heads.findIndex(h => /hash/i.test(h.innerText) && !/algorithm/i.test(h.innerText));
            if (col < 0) return null;
            const cell = document.querySelector('table.ibsa-log tbody tr').cells[col];
            const box = cell.querySelector('p') || cell;  // a cell of one paragraph is written without <p>
            box.textContent = hash;
            const style = getComputedStyle(box);
            const text = box.getBoundingClientRect().height - parseFloat(style.paddingTop)
                - parseFloat(style.paddingBottom) - parseFloat(style.borderTopWidth)
                - parseFloat(style.borderBottomWidth);
            const lines = Math.round(text / parseFloat(style.lineHeight));
            return {lines, cut: cell.scrollWidth > cell.clientWidth + 1};
        }""", HASH)
        assert fit, f"{tool}: no hash column"
        assert not fit["cut"] and fit["lines"] <= 2, f"{tool}: a 64-character hash does not fit its column: {fit}"
        assert pdf_size_and_sheets(page.pdf(prefer_css_page_size=True)) == ((842, 595), 1), tool


def _hidden_in_print(page: Any, selector: str) -> list[str]:
    return page.evaluate("""sel => [...document.querySelectorAll(sel)].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden';
    }).map(e => (e.innerText || e.id || e.className).slice(0, 40))""", selector)


@pytest.mark.parametrize("edition", EDITIONS)
def test_tabs_and_hints_print_in_full(site: Site, session: browser.Session, edition: str) -> None:
    """Printed, every tab panel shows under its label (on screen only the chosen one does) and every dropdown
    (a hint) prints open with its text."""
    page = session.new_page()
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 960})
    seen = {"tab": 0, "dropdown": 0}
    problems = []
    pages = [site.pages[k] for k in ("lesson", "scenario") if k in site.pages]
    pages += sorted({f"{x.docname}.html" for x in site.corpus.lessons.values()})[:6]
    pages += sorted(f"scenarios/{s.id}.html" for s in site.corpus.scenarios.values() if s.hints)[:3]
    for rel in dict.fromkeys(pages):
        page.emulate_media(media="print")
        page.goto(site.url(edition, "http", rel))
        seen["tab"] += page.locator(".sd-tab-set > .sd-tab-content").count()
        seen["dropdown"] += page.locator("details.sd-dropdown").count()
        for what, selector in (("tab label", ".sd-tab-set > label"), ("tab panel", ".sd-tab-set > .sd-tab-content"),
                               ("dropdown text", "details.sd-dropdown > .sd-summary-content")):
            problems += [f"{rel}: {what} not printed: {t!r}" for t in _hidden_in_print(page, selector)]
        order = page.evaluate("""() => [...document.querySelectorAll('.sd-tab-set')].every(set => {
            const kids = [...set.children].filter(e => e.tagName !== 'INPUT').map(e => e.getBoundingClientRect().top);
            return kids.every((top, i) => i === 0 || top >= kids[i - 1]);
        })""")
        if not order:
            problems.append(f"{rel}: tab labels and panels do not print in reading order")
    assert seen["tab"] and seen["dropdown"], f"positive control: no tabs or dropdowns on {pages}: {seen}"
    assert not problems, "\n".join(problems[:MAX_REPORTED])


def test_roleplay_pack_prints_cards_one_per_sheet(site: Site, session: browser.Session) -> None:
    """Printed from its #role-play-pack link, a role-play prints each role card on its own A4 sheet and the observer
    checklist on another, with no answer key and no narrative."""
    roleplays = sorted(s.id for s in site.corpus.scenarios.values() if s.roleplay)[:4]
    assert roleplays, "the site has no role-play"
    page = session.new_page()
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 960})
    for sid in roleplays:
        sc = site.corpus.scenarios[sid]
        assert sc.roleplay is not None
        page.emulate_media(media="print")
        page.goto(site.url("facilitator", "http", f"scenarios/{sid}.html") + "#role-play-pack")
        visible = page.evaluate("""() => ({
            key: [...document.querySelectorAll('.ibsa-answer-key, .ibsa-running')].some(e => e.offsetParent),
            story: [...document.querySelectorAll('article h2')].filter(e => e.offsetParent).map(e => e.innerText),
            cards: [...document.querySelectorAll('.ibsa-role-card')].filter(e => e.offsetParent).length,
            banner: !!document.querySelector('.ibsa-edition-banner').offsetParent,
        })""")
        assert not visible["key"], f"{sid}: the answer key or the running notes print in the pack"
        assert visible["cards"] == len(sc.roleplay.roles), f"{sid}: {visible}"
        assert visible["story"] == [], f"{sid}: headings printed besides the pack: {visible['story']}"
        assert visible["banner"], f"{sid}: the pack does not say it is the facilitator edition"
        breaks = page.evaluate("""() => [...document.querySelectorAll('.ibsa-role-card, .ibsa-role-checklist')]
            .map(e => getComputedStyle(e).breakBefore)""")
        assert breaks[1:] == ["page"] * (len(breaks) - 1), f"{sid}: a card or the checklist shares a sheet: {breaks}"
        size, sheets = pdf_size_and_sheets(page.pdf(prefer_css_page_size=True))
        want = len(sc.roleplay.roles) + 1  # a long checklist may run onto a second sheet
        assert size == (595, 842) and (sheets == want if site.name == "mini" else sheets >= want), (sid, size, sheets)


@pytest.mark.parametrize("edition", EDITIONS)
def test_facilitator_banner_prints(site: Site, session: browser.Session, edition: str) -> None:
    page = session.new_page()
    page.emulate_media(media="print")
    page.goto(site.url(edition, "http", "scenario"))
    banner = page.locator(".ibsa-edition-banner")
    if edition == "participant":
        assert banner.count() == 0
    else:
        assert banner.is_visible() and "Facilitator edition — contains answers" in banner.inner_text()


def test_scenario_index_filters_from_a_file(site: Site, session: browser.Session,
                                            chromium: browser.LazyBrowser) -> None:
    """Opened from file:// (no server), the scenario index filters by kind and by jurisdiction; without scripts every
    row is there."""
    page = session.new_page()
    rec = open_page(page, site.url("participant", "file", "scenario-index"))
    rows = page.locator(".ibsa-filter-table tbody tr")
    total = rows.count()
    assert total == len(site.corpus.scenarios)
    kinds = {"role-play" if s.roleplay else "drafting" if s.answer_key.draft else "analysis"
             for s in site.corpus.scenarios.values()}
    for kind in sorted(kinds):
        page.select_option("select:near(label:text-is('Kind'))", kind)
        shown = [r for r in range(total) if rows.nth(r).is_visible()]
        assert shown and all(kind == rows.nth(r).locator("td").nth(1).inner_text().strip() for r in shown), kind
    page.select_option("select:near(label:text-is('Kind'))", "")
    page.select_option("select:near(label:text-is('Jurisdiction'))", "Mainland China")
    shown = [rows.nth(r).locator("td").nth(5).inner_text() for r in range(total) if rows.nth(r).is_visible()]
    assert shown and all("Mainland China" in s for s in shown)
    assert page.locator(".ibsa-filter-status").inner_text() == f"{len(shown)} of {total} shown"
    assert not rec.problems() and not rec.foreign(site.base("participant", "file"))
    scriptless = browser.Session(chromium, java_script_enabled=False)
    try:
        bare = scriptless.new_page()
        bare.goto(site.url("participant", "file", "scenario-index"))
        assert bare.locator(".ibsa-filter-table tbody tr:visible").count() == total
        assert bare.locator(".ibsa-filters").count() == 0
    finally:
        scriptless.close()
