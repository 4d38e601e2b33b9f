"""What must never reach the participant edition, and how to look for it in built output."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

from ibsa.loaders import Corpus
from ibsa.model import Scenario

FACILITATOR_CLASSES = ("ibsa-answer-key", "ibsa-facilitator-note", "ibsa-role-cards")
_NOTE = re.compile(r"^(`{3,}|:{3,})\{facilitator-note\}[^\n]*\n(.*?)^\1\s*$", re.S | re.M)
_SMART = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                        "\u00a0": " "})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text).translate(_SMART)).strip().lower()


def probe(text: str) -> str:
    """The longest stretch of plain words in `text`: markup around it renders differently."""
    plain = re.sub(r"\{[a-z-]+\}`[^`]*`", "|", text)
    runs = re.split(r"[|*_`\[\]()<>#{}]+|\n\s*\n|\s\d+\.\s|\n\s*[-+]\s", plain)  # list items render apart
    return normalise(max(runs, key=len))


def telling(p: str) -> bool:
    """A probe long enough to carry an answer. Shorter reasoning ("Without her consent.", "She is a woman.",
    "A real recording.") is ordinary prose that lessons say too, and gives nothing away."""
    return len(p) >= 25


def answer_texts(sc: Scenario) -> list[str]:
    """The texts of a scenario's answer key (every suspect's reasoning, fallbacks and tempting provisions, task
    answers, time-limit notes) and its facilitator notes."""
    ak = sc.answer_key
    out = [r.text for _, unit, _ in ak.units() for a in (*unit.applicable, *unit.fallback) for r in a.reasoning]
    out += [n.reason for _, unit, _ in ak.units() for n in unit.not_applicable] + [a.answer for a in ak.tasks]
    out += [d.text for d in ak.deadlines if d.text]
    return out + ([sc.facilitator_notes] if sc.facilitator_notes else [])


def _paragraph_translations(po: Path) -> dict[str, str]:
    """A page's Sphinx catalogue: each paragraph's source (whitespace collapsed) to its translation."""
    with po.open("rb") as f:
        catalog = read_po(f)
    return {" ".join(m.id.split()): m.string for m in catalog if m.id and isinstance(m.id, str) and m.string}


def _translate(note: str, table: dict[str, str]) -> str:
    """A note with each paragraph and list item the catalogue translates replaced by its translation."""
    text = " ".join(note.split())
    for source in sorted((m for m in table if m in text), key=len, reverse=True):
        text = text.replace(source, "\n\n" + table[source] + "\n\n")
    return text


def lesson_notes(corpus: Corpus, language: str = "en") -> list[str]:
    """Every lesson's facilitator notes, in `language` (each paragraph and list item from the
    page's catalogue; one without a translation stays in English, so the positive control fails loudly)."""
    out = []
    for lesson in corpus.lessons.values():
        notes = [m[1] for m in _NOTE.findall((corpus.root / lesson.path).read_text(encoding="utf-8"))]
        if language != "en" and notes:
            po = corpus.root / "locales" / language / "LC_MESSAGES" / Path(lesson.path).with_suffix(".po")
            table = _paragraph_translations(po)
            notes = [_translate(note, table) for note in notes]
        out += notes
    return out


def evaluation_answers(corpus: Corpus) -> list[str]:
    """The knowledge checks' explanations and the views scale's scoring key (the facilitator's side of each
    course's evaluation; pass a localised corpus for another language)."""
    out = [item.explanation for ev in corpus.evaluations.values() for item in ev.knowledge_check]
    return out + [s.attitudes.scoring for s in corpus.evaluation_shared.values()]


def secrets(corpus: Corpus, lessons: bool = True, language: str = "en") -> list[str]:
    """Every answer-key and facilitator text of the corpus, as probes (lesson notes as the `language` edition
    shows them; pass a corpus localised to that language for the rest)."""
    out = []
    for sc in corpus.scenarios.values():
        out += answer_texts(sc)
        if sc.roleplay:  # role cards other than the interviewer's, and the observer checklist
            out += [r.briefing for r in sc.roleplay.roles if r.shown_to == "facilitator"]
            out += [c.text for c in sc.roleplay.checklist]
    out += lesson_notes(corpus, language) if lessons else []
    out += evaluation_answers(corpus)
    return sorted({p for p in map(probe, out) if telling(p)})


def output_texts(outdir: Path) -> dict[str, str]:
    """Every file of a built edition, as normalised text (HTML tags removed, entities decoded)."""
    texts = {}
    for path in sorted(p for p in outdir.rglob("*") if p.is_file()):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix == ".html":  # inline elements join the text around them (a Chinese page marks a quoted
            raw = re.sub(r"</?(?:span|a|em|strong|code|abbr|bdi)\b[^>]*>", "", raw)  # English name with a span)
            raw = re.sub(r"<[^>]+>", " ", raw)
        texts[path.relative_to(outdir).as_posix()] = normalise(raw)
    return texts


def find(texts: dict[str, str], needle: str) -> list[str]:
    return [name for name, text in texts.items() if needle in text]


class _ClassText(HTMLParser):
    """Collects the text inside every element that carries a given class."""

    VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed",
                      "track"})

    def __init__(self, cls: str) -> None:
        super().__init__()
        self.cls, self.depth, self.parts = cls, 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif self.cls in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.parts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts[-1] += data


def text_in_class(page: str, cls: str) -> list[str]:
    """The normalised text of each element with class `cls` in an HTML page."""
    parser = _ClassText(cls)
    parser.feed(page)
    return [normalise(p) for p in parser.parts]


# ------------------------------------------------------------------ internal codes where readers look

# identifier-shaped strings: fact and event names, objective ids, catalogue ids, repository paths
CODES = {
    "name": re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])"),
    "objective id": re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+-o\d+(?![\w-])"),
    "provision id": re.compile(r"(?<![\w-])(?:CN|KR|US|UK|AU|EU|TW|JP|HK|INT|XX)-[A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)+"),
    "file path": re.compile(r"(?<![\w./:-])(?:law|exercises|curriculum|resources|schemas)/[\w./-]+|[\w-]+\.ya?ml\b"),
}
_READ_ATTRS = ("title", "alt", "aria-label", "placeholder")


class _ReaderText(HTMLParser):
    """The text a reader sees or hears: body text and hover titles and alt texts, leaving out the head, scripts,
    styles, code blocks (<pre>) and what is marked for authors (.ibsa-for-authors, the checker's conditions)."""

    SKIP_TAGS = frozenset({"head", "script", "style", "pre", "template"})

    def __init__(self) -> None:
        super().__init__()
        self.skip, self.parts = 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ClassText.VOID:
            if not self.skip:
                self.parts += [v or "" for k, v in attrs if k in _READ_ATTRS]
            return
        if self.skip:
            self.skip += 1
        elif tag in self.SKIP_TAGS or "ibsa-for-authors" in (dict(attrs).get("class") or "").split():
            self.skip = 1
        else:
            self.parts += [v or "" for k, v in attrs if k in _READ_ATTRS]

    def handle_endtag(self, tag: str) -> None:
        if self.skip and tag not in _ClassText.VOID:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def reader_text(page: str) -> str:
    parser = _ReaderText()
    parser.feed(page)
    return " ".join(parser.parts)


def codes_in(page: str, ids: Iterable[str] = ()) -> list[str]:
    """'kind: code' for every identifier-shaped string (or any of `ids`) in the reader text of one page."""
    text = reader_text(page)
    hits = {(kind, m) for kind, pattern in CODES.items() for m in pattern.findall(text)}
    hits |= {("id", i) for i in ids if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w-])", text)}
    return [f"{kind}: {code}" for kind, code in sorted(hits)]


def internal_codes(outdir: Path, ids: Iterable[str] = ()) -> list[str]:
    """'page: kind: code' for every identifier-shaped string in the reader text of a built edition."""
    ids = sorted(ids)
    found = []
    for path in sorted(outdir.rglob("*.html")):
        rel = path.relative_to(outdir).as_posix()
        if rel not in ("search.html", "genindex.html"):
            found += [f"{rel}: {c}" for c in codes_in(path.read_text(encoding="utf-8"), ids)]
    return found
