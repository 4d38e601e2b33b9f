"""Slides per lesson for projection: reveal.js decks built by sphinx-revealjs, offline (reveal.js ships with it).

For each language and edition a small Sphinx source tree is written (one MyST page per lesson and an index) and
built with `sphinx-build -b revealjs` into `<out>/<lang>/slides/<edition>/`: `<lesson>-<edition>.html` per lesson
and `index.html` listing them. A deck shows the lesson's title, objectives, key points and the exercise briefing
(each scenario the lesson practises: its title, time and task wording). The facilitator deck adds the lesson's
facilitator notes and the scenarios' facilitator notes as speaker notes (<aside class="notes">, key S). The
participant deck is refused if its source or built HTML holds a speaker note or any facilitator or answer-key text
of the lesson or its scenarios.

Role markup ({prov}`ID`, {penalty}`ID`...) is worded to plain text by `plain`, with ibsa.describe, as the roles of
the site word it; the decks therefore need no ibsa Sphinx extension.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ibsa import describe, i18n, loaders
from ibsa.delivery import EDITIONS, LANGUAGES
from ibsa.delivery import leaks as delivery_leaks
from ibsa.delivery import text as delivery_text
from ibsa.loaders import Corpus
from ibsa.model import Lesson, Scenario
from ibsa.references import ROLE

THEME = "white"  # reveal.js's theme; its font is shipped with it
CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'

LABELS = {
    "en": {"objectives": "Learning objectives", "after": "After this lesson, participants can:",
           "key_points": "Key points", "exercise": "Exercise: {title}", "minutes": "{n} minutes",
           "lessons": "Lesson slides", "tasks": "Your tasks:", "notes": "Facilitator notes",
           "deck_title": "Slides", "edition": {"participant": "participant edition",
                                               "facilitator": "facilitator edition (speaker notes: press S)"}},
    "zh_CN": {"objectives": "学习目标", "after": "学完本课，学员能够：", "key_points": "要点",
              "exercise": "练习：{title}", "minutes": "{n}分钟", "lessons": "各课幻灯片", "tasks": "任务：",
              "notes": "培训师备注", "deck_title": "幻灯片",
              "edition": {"participant": "学员版", "facilitator": "培训师版（按 S 键查看演讲者备注）"}},
}


class SlideError(Exception):
    """A deck cannot be built as asked, or is unsafe to hand out."""


class SlideLeak(SlideError):
    """A participant deck would show facilitator-only text."""


# ------------------------------------------------------------------ role markup as plain text



def plain(corpus: Corpus, text: str) -> str:
    """`text` with every role worded as the site words it, on one line (Markdown emphasis is kept)."""
    return " ".join(delivery_text.plain(corpus, text).split())


# ------------------------------------------------------------------ what a deck shows

_NOTE = re.compile(r"^(`{3,}|:{3,})\{facilitator-note\}[^\n]*\n(.*?)^\1\s*$", re.S | re.M)


def scenarios_of(corpus: Corpus, lesson: Lesson) -> list[Scenario]:
    """The scenarios a lesson practises: those its participant text names with {scenario} that exercise one of its
    objectives (a scenario named only for comparison belongs to another lesson), in the order the page names them;
    failing that, those it names, or those exercising its objectives."""
    ids = {o.id for o in lesson.objectives}
    named = [corpus.scenarios[m["arg"].strip()] for m in ROLE.finditer(loaders.page_text(corpus, lesson.path))
             if m["role"] == "scenario" and m["arg"].strip() in corpus.scenarios]
    named = list({s.id: s for s in named}.values())
    linked = sorted((s for s in corpus.scenarios.values() if ids & set(s.objectives)), key=lambda s: s.id)
    return [s for s in named if ids & set(s.objectives)] or named or linked


def _collapsed(table: dict[str, str]) -> dict[str, str]:
    return {" ".join(k.split()): v for k, v in table.items()}


def lesson_notes(corpus: Corpus, lesson: Lesson, catalogs: dict[str, i18n.Catalog] | None) -> list[str]:
    """The paragraphs and list items of a lesson's facilitator notes, translated where the page's catalogue has
    them (`catalogs` None: English)."""
    text = (corpus.root / lesson.path).read_text(encoding="utf-8")
    table = _collapsed(catalogs.get(i18n.domain(lesson.path), {})) if catalogs is not None else {}
    out = []
    for _fence, body in _NOTE.findall(text):
        for block in re.split(r"\n\s*\n", body):
            items = re.split(r"\n(?=\s*(?:[-*+]|\d+\.)\s)", block.strip())
            for item in items:
                source = " ".join(re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", item).split())
                if source:
                    out.append(table.get(source, source))
    return out


def _notes_directive(texts: list[str]) -> str:
    body = "\n\n".join(t for t in texts if t)
    return f"\n:::{{revealjs-notes}}\n{body}\n:::\n" if body else ""


BUDGET = {"en": 900, "zh_CN": 400}  # characters of list text one slide holds at the deck's font size


def _chunks(items: list[str], language: str, most: int = 6) -> list[list[str]]:
    """Items split so that each slide holds at most `most` of them and about a slide's worth of text."""
    out: list[list[str]] = [[]]
    for item in items:
        if out[-1] and (len(out[-1]) >= most or sum(map(len, out[-1])) + len(item) > BUDGET[language]):
            out.append([])
        out[-1].append(item)
    return out


def _slides(heading: str, lead: str, items: list[str], language: str, numbered: bool) -> list[str]:
    """One slide per chunk of `items` (a numbered list keeps counting), the heading marked (1/2), (2/2)."""
    chunks = _chunks(items, language)
    out, n = [], 1
    for i, chunk in enumerate(chunks, 1):
        out += [f"## {heading}" + (f" ({i}/{len(chunks)})" if len(chunks) > 1 else "") + "\n", lead + "\n"]
        for item in chunk:
            out.append(f"{n}. {item}" if numbered else f"- {item}")
            n += 1
        out.append("")
    return out


def deck(corpus: Corpus, lesson: Lesson, edition: str, language: str, notes: list[str]) -> str:
    """The MyST source of one lesson's deck."""
    words = LABELS[language]
    module = corpus.modules.get(lesson.module)
    out = [f"# {plain(corpus, lesson.title)}\n",
           (f"{plain(corpus, module.title)} · " if module else "") + describe.minutes(lesson.duration) + "\n"]
    if edition == "facilitator":
        out.append(_notes_directive(notes))
    out += _slides(words["objectives"], words["after"], [plain(corpus, o.text) for o in lesson.objectives],
                   language, numbered=True)
    out += _slides(words["key_points"], "", [plain(corpus, k) for k in lesson.key_points], language, numbered=False)
    for sc in scenarios_of(corpus, lesson):
        out += _slides(words["exercise"].format(title=plain(corpus, sc.title)),
                       f"{describe.minutes(sc.duration)} · {words['tasks']}",
                       [plain(corpus, t.text) for t in sc.tasks],
                       language, numbered=True)
        if edition == "facilitator" and sc.facilitator_notes:
            out.append(_notes_directive([plain(corpus, sc.facilitator_notes)]))
    return "\n".join(out) + "\n"


def _norm(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"[*_`]", "", text)).split()).lower()


def secret_texts(corpus: Corpus, lesson: Lesson, notes: list[str]) -> list[str]:
    """What the participant deck of `lesson` must not show (long enough to tell: at least 25 characters)."""
    texts = [plain(corpus, t) for sc in scenarios_of(corpus, lesson) for t in delivery_leaks.secret_texts(sc)]
    texts += [plain(corpus, n) for n in notes]
    return [t for t in dict.fromkeys(map(_norm, texts)) if len(t) >= 25]


def assert_no_leak(lesson: Lesson, language: str, text: str, secrets: Iterable[str]) -> None:
    """Raise SlideLeak if a participant deck's text (MyST source or built HTML) holds a speaker note or a secret."""
    if "revealjs-notes" in text or re.search(r"<aside\b[^>]*\bnotes\b", text):
        raise SlideLeak(f"participant deck {lesson.lesson} ({language}) has speaker notes")
    flat = _norm(re.sub(r"<[^>]+>", "", text) if "<" in text else text)
    for secret in secrets:
        if secret in flat:
            raise SlideLeak(f"participant deck {lesson.lesson} ({language}) would show facilitator text: "
                            f"'{secret[:60]}'")


# ------------------------------------------------------------------ building

CONF = '''\
project = {title!r}
language = {language!r}
extensions = ["myst_parser", "sphinx_revealjs"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
revealjs_style_theme = {theme!r}
revealjs_static_path = ["_static"]
revealjs_css_files = ["slides.css"]
revealjs_script_conf = {{"hash": True, "slideNumber": True}}
revealjs_script_plugins = [{{"name": "RevealNotes", "src": "revealjs/plugin/notes/notes.js"}}]
html_copy_source = False
html_show_sourcelink = False
'''

CSS = """\
.reveal {{ font-family: {fonts}; }}
.reveal h1, .reveal h2, .reveal h3 {{ font-family: {fonts}; text-transform: none; }}
.reveal h1 {{ font-size: 1.9em; }}
.reveal h2 {{ font-size: 1.3em; }}
.reveal p {{ font-size: 0.68em; line-height: 1.3; }}
.reveal li {{ font-size: 0.58em; line-height: 1.3; }}
.reveal li {{ margin: 0.25em 0; }}
.reveal li p {{ font-size: 1em; margin: 0; }}
.reveal li li {{ font-size: 1em; }}
.reveal ol, .reveal ul {{ display: block; text-align: left; }}
"""


def _fonts(language: str) -> str:
    return CJK_FONTS if language == "zh_CN" else '"Source Sans Pro", Helvetica, Arial, sans-serif'


def index_page(corpus: Corpus, lessons: list[Lesson], edition: str, language: str) -> str:
    words = LABELS[language]
    out = [f"# {words['lessons']}\n", words["edition"][edition] + "\n"]
    for module_id in dict.fromkeys(x.module for x in lessons):
        module = corpus.modules.get(module_id)
        out.append(f"## {plain(corpus, module.title) if module else module_id}\n")
        out += [f"- {{doc}}`{plain(corpus, x.title)} <{x.lesson}-{edition}>` ({describe.minutes(x.duration)})"
                for x in lessons if x.module == module_id]
        out.append("")
    out += ["```{toctree}", ":hidden:", "", *(f"{x.lesson}-{edition}" for x in lessons), "```", ""]
    return "\n".join(out)


def write_sources(corpus: Corpus, src: Path, lessons: list[Lesson], edition: str, language: str,
                  catalogs: dict[str, i18n.Catalog] | None) -> dict[str, tuple[Lesson, list[str]]]:
    """Write one edition's Sphinx tree; return docname -> (lesson, secrets) for the leak check of the output."""
    shutil.rmtree(src, ignore_errors=True)  # a deck of an earlier run must not stay in this one
    (src / "_static").mkdir(parents=True)
    title = LABELS[language]["deck_title"]
    (src / "conf.py").write_text(CONF.format(title=title, language=language, theme=THEME), encoding="utf-8")
    (src / "_static" / "slides.css").write_text(CSS.format(fonts=_fonts(language)), encoding="utf-8")
    (src / "index.md").write_text(index_page(corpus, lessons, edition, language), encoding="utf-8")
    checked = {}
    for lesson in lessons:
        notes = lesson_notes(corpus, lesson, catalogs)
        text = deck(corpus, lesson, edition, language, [plain(corpus, n) for n in notes])
        if edition == "participant":
            secrets = secret_texts(corpus, lesson, notes)
            assert_no_leak(lesson, language, text, secrets)
            checked[f"{lesson.lesson}-{edition}"] = (lesson, secrets)
        (src / f"{lesson.lesson}-{edition}.md").write_text(text, encoding="utf-8")
    return checked


def external_sources(page: str) -> list[str]:
    """Remote addresses a page loads (script, link, img, source, iframe): an offline deck has none."""
    return re.findall(r"<(?:script|link|img|source|iframe)\b[^>]*\b(?:src|href)=[\"']((?:https?:)?//[^\"']+)",
                      page, re.I)


def _prune(static: Path) -> None:
    """Drop the parts of reveal.js a deck does not load (other themes, some of which import web fonts; Sass
    sources; unused plugins), so that the folder holds only what works offline."""
    reveal = static / "revealjs"
    shutil.rmtree(reveal / "css", ignore_errors=True)
    for path in (reveal / "plugin").iterdir():
        if path.name != "notes":
            shutil.rmtree(path)
    for path in (reveal / "dist" / "theme").iterdir():
        if path.is_file() and path.name != f"{THEME}.css":
            path.unlink()
    for path in (reveal / "dist" / "theme" / "fonts").iterdir():
        if path.name != "source-sans-pro":
            shutil.rmtree(path)


def build(root: Path, out: Path, languages: Iterable[str] = LANGUAGES, only: Iterable[str] = ()) -> list[Path]:
    """Build every deck; return the edition folders written (`<out>/<lang>/slides/<edition>`)."""
    corpus_en = loaders.load(root)
    wanted = set(only)
    written = []
    with tempfile.TemporaryDirectory(prefix="ibsa-slides-") as tmp:
        for language in languages:
            catalogs = i18n.read_catalogs(root, language) if language != "en" else None
            corpus = i18n.localise(corpus_en, catalogs) if catalogs is not None else corpus_en
            describe.set_language(language)
            try:
                lessons = sorted((x for x in corpus.lessons.values() if not wanted or x.lesson in wanted),
                                 key=lambda x: x.docname)
                if wanted - {x.lesson for x in lessons}:
                    unknown = ", ".join(sorted(wanted - {x.lesson for x in lessons}))
                    raise SlideError(f"unknown lesson(s) {unknown}")
                for edition in EDITIONS:
                    src = Path(tmp) / language / edition
                    dest = out / language / "slides" / edition
                    checked = write_sources(corpus, src, lessons, edition, language, catalogs)
                    shutil.rmtree(dest, ignore_errors=True)
                    _sphinx(src, dest, Path(tmp) / "doctrees" / language / edition)
                    _prune(dest / "_static")
                    shutil.rmtree(dest / "_sources", ignore_errors=True)
                    for docname, (lesson, secrets) in checked.items():
                        page = (dest / f"{docname}.html").read_text(encoding="utf-8")
                        assert_no_leak(lesson, language, page, secrets)
                    for page in sorted(dest.rglob("*.html")):
                        remote = external_sources(page.read_text(encoding="utf-8"))
                        if remote:
                            raise SlideError(f"{page.relative_to(out)} loads remote files: {', '.join(remote)}")
                    written.append(dest)
            finally:
                describe.set_language("en")
    return written


def _sphinx(src: Path, dest: Path, doctrees: Path) -> None:
    cmd = [sys.executable, "-m", "sphinx", "-b", "revealjs", "-q", "-W", "--keep-going", "-E",
           "-d", str(doctrees), str(src), str(dest)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"sphinx-build failed for {src}:\n{result.stderr}")
