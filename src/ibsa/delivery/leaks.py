"""What must never be in a participant artefact, and how to look for it in extracted text (PDF, DOCX).

Probes are the longest plain stretch of each answer-key text (markup around it renders differently), compared
with whitespace and hyphens removed on both sides: XeLaTeX breaks and hyphenates lines, pdftotext keeps the breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ibsa import i18n
from ibsa.loaders import Corpus
from ibsa.model import Scenario

_NOTE = re.compile(r"^(`{3,}|:{3,})\{facilitator-note\}[^\n]*\n(.*?)^\1\s*$", re.S | re.M)
_SMART = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def squeeze(text: str) -> str:
    """Lower case, quotes straightened, no whitespace, hyphens or dashes (line breaks and hyphenation vanish)."""
    return re.sub(r"[\s\-\u00ad\u2010-\u2015]+", "", text.translate(_SMART)).lower()


def probe(text: str) -> str:
    plain = re.sub(r"\{[a-z-]+\}`[^`]*`", "|", text)
    runs = re.split(r"[|*_`\[\]()<>#{}]+|\n\s*\n|\s\d+\.\s|\n\s*[-+]\s", plain)
    return max(runs, key=len).strip()


def telling(p: str) -> bool:
    """Long enough to carry an answer: 25 letters, or 10 Chinese characters."""
    return len(squeeze(p)) >= (10 if _CJK.search(p) else 25)


def secret_texts(sc: Scenario) -> list[str]:
    """A scenario's answer key, facilitator notes, the role cards handed out by the facilitator and the
    observer checklist."""
    ak = sc.answer_key
    out = [r.text for _, unit, _ in ak.units() for a in (*unit.applicable, *unit.fallback) for r in a.reasoning]
    out += [n.reason for _, unit, _ in ak.units() for n in unit.not_applicable] + [a.answer for a in ak.tasks]
    out += [d.text for d in ak.deadlines if d.text]
    out += [sc.facilitator_notes] if sc.facilitator_notes else []
    if sc.roleplay:
        out += [r.briefing for r in sc.roleplay.roles if r.shown_to == "facilitator"]
        out += [c.text for c in sc.roleplay.checklist]
    return out


def public_texts(sc: Scenario) -> list[str]:
    """What participants are meant to read of a scenario: narrative, timeline notes, tasks, hints and the
    briefings shown to everyone. An answer may repeat a sentence of the story ('She stops eating in the
    canteen'); found there, it gives nothing away."""
    out = [sc.title, sc.narrative, *(e.note or "" for e in sc.timeline), *(t.text for t in sc.tasks), *sc.hints]
    if sc.roleplay:
        out += [r.briefing for r in sc.roleplay.roles if r.shown_to == "everyone"]
    return out


def probes(corpus: Corpus, lesson_notes: bool = True) -> list[str]:
    out = [t for sc in corpus.scenarios.values() for t in secret_texts(sc)]
    if lesson_notes:
        for lesson in corpus.lessons.values():
            out += [m[1] for m in _NOTE.findall((corpus.root / lesson.path).read_text(encoding="utf-8"))]
    public = squeeze("\n".join(t for sc in corpus.scenarios.values() for t in public_texts(sc)))
    return sorted({p for p in map(probe, out) if telling(p) and squeeze(p) not in public})


def answer_probes(root: Path, corpus: Corpus) -> dict[str, list[str]]:
    """Probes per language. Chinese: the scenarios localised from their PO files (lesson notes are translated
    per paragraph by the pages' catalogues; the English probes would not find them, so they are left to the
    HTML leak tests)."""
    zh = i18n.localise(corpus, i18n.read_catalogs(root, "zh_CN"))
    return {"en": probes(corpus), "zh_CN": probes(zh, lesson_notes=False)}


def found(text: str, probes_: Iterable[str]) -> list[str]:
    hay = squeeze(text)
    return [p for p in probes_ if squeeze(p) in hay]
