"""Moodle XML question banks from the scenarios (facilitator artefacts: a bank holds the answers).

Per scenario, and per suspect where the answer key judges several:

- "Which provisions apply": a multiple-response `multichoice` question (`<single>false</single>`). The provisions
  that apply are the right answers, their fractions split evenly over Moodle's allowed values and adding up to 100;
  the tempting provisions that do not apply are distractors with negative fractions, so ticking everything does
  not score; fallbacks (they apply only if the provision they yield to cannot be proved) score 0. Each answer's
  feedback is the answer key's reasoning or reason.
- Each short-answer task with a model answer: an `essay` question, the model answer as grader information.

Questions are filed in categories per course (or "all scenarios") and scenario. `validate` checks a bank against
the structure Moodle's importer requires; `write` runs it on every file it writes.

Moodle's allowed fractions (question/engine/bank.php, `question_bank::ensure_fraction_options_initialised`):
0, 100 and p/q for q <= 6, p/10, 1/q for q <= 10, and 1/20, each to 7 decimal places of the fraction; the
negatives of the same, and -100. The importer matches a fraction to one of them within 0.00001
(lib/questionlib.php, `match_grade_options`), i.e. 0.001 per cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ibsa import describe, i18n
from ibsa.delivery import text as words
from ibsa.loaders import Corpus
from ibsa.model import Applicable, Course, Findings, Scenario

KIND = "moodle"
# the positive fractions, in per cent; as Moodle stores them (7 decimal places of the fraction)
_RAW = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667,
        0.1428571, 0.125, 0.1111111, 0.1, 0.05)
POSITIVE = tuple(round(f * 100, 5) for f in _RAW)
ALLOWED = (0.0, *POSITIVE, *(-p for p in POSITIVE))
MATCH = 0.001  # per cent: Moodle's match_grade_options tolerance (0.00001 of the fraction)
SUM_TOLERANCE = 0.01  # per cent: how far the right answers' fractions may be from 100


class MoodleError(ValueError):
    """A scenario that cannot become a valid question (more right answers than Moodle's fractions can share)."""


def fraction_text(value: float) -> str:
    """'33.33333', '50', '-12.5': as Moodle's own export writes fractions."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def split(n: int) -> list[float]:
    """`n` fractions from Moodle's allowed values adding up to 100 (within SUM_TOLERANCE): 100/n where Moodle
    allows it (n <= 10), else tens and fives (n <= 20)."""
    if 1 <= n <= 10:
        share = min(POSITIVE, key=lambda p: abs(p - 100 / n))
        return [share] * n
    if 10 < n <= 20:
        return [10.0] * (20 - n) + [5.0] * (2 * n - 20)
    raise MoodleError(f"{n} right answers: Moodle's fractions cannot share 100 per cent between more than 20")


def allowed(value: float) -> bool:
    return any(abs(value - a) < MATCH for a in ALLOWED)


# ------------------------------------------------------------------ the words of the questions

_WORDS = {
    "en": {
        "which": "Which of these provisions apply{who}? Tick every provision that applies.",
        "who": " to {party}",
        "provisions": "Which provisions apply",
        "fallback": "A fallback: its elements are met, but it applies only if the provision it yields to cannot be "
                    "proved.",
        "correct": "Right: these are the provisions that apply.",
        "partial": "Partly right: see the feedback on each choice.",
        "incorrect": "Not right: see the feedback on each choice.",
        "task": "Task",
        "all": "All scenarios",
    },
    "zh_CN": {
        "which": "下列哪些条文适用{who}？请勾选所有适用的条文。",
        "who": "于{party}",
        "provisions": "适用哪些条文",
        "fallback": "补充适用：其构成要件已经满足，但只有在优先适用的条文无法证明时才适用。",
        "correct": "正确：以上就是适用的条文。",
        "partial": "部分正确：请看各选项的反馈。",
        "incorrect": "不正确：请看各选项的反馈。",
        "task": "任务",
        "all": "全部案例",
    },
}
ROOT_CATEGORY = "IBSA"


def _w(key: str, **kw: str) -> str:
    return _WORDS[describe.language()][key].format(**kw)


# ------------------------------------------------------------------ building the bank


@dataclass(frozen=True)
class Choice:
    text: str  # plain text of the answer (a provision's citation and title)
    fraction: float
    feedback: str  # HTML


def _sub(parent: etree._Element, tag: str, text: str | None = None, cdata: bool = False,
         **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        el.text = etree.CDATA(text) if cdata else text
    return el


def _texted(parent: etree._Element, tag: str, content: str, html: bool = True, **attrs: str) -> etree._Element:
    """<tag format="html"><text><![CDATA[...]]></text></tag> (or a plain <text> where not HTML)."""
    el = _sub(parent, tag, **({"format": "html"} if html else {}), **attrs)
    _sub(el, "text", content, cdata=html)
    return el


def _category(quiz: etree._Element, path: list[str]) -> None:
    q = _sub(quiz, "question", type="category")
    # "/" separates levels of a category path; Moodle reads "//" as a slash within a name
    _texted(q, "category", "/".join(["$course$", "top", *(p.replace("/", "//") for p in path)]), html=False)


def _head(quiz: etree._Element, qtype: str, name: str, question_html: str, idnumber: str) -> etree._Element:
    q = _sub(quiz, "question", type=qtype)
    _texted(q, "name", name, html=False)
    _texted(q, "questiontext", question_html)
    _texted(q, "generalfeedback", "")
    _sub(q, "defaultgrade", "1")
    _sub(q, "penalty", "0.3333333" if qtype == "multichoice" else "0")
    _sub(q, "hidden", "0")
    _sub(q, "idnumber", idnumber)
    return q


def _reasoning_html(corpus: Corpus, item: Applicable) -> str:
    prov = corpus.provisions.get(item.provision)
    labels = {e.id: e.label for e in prov.elements} if prov else {}
    parts = []
    for r in item.reasoning:
        label = labels.get(r.element)
        body = words.html(corpus, r.text)
        parts.append(f"<p><strong>{_escape(words.plain(corpus, label))}</strong></p>{body}" if label else body)
    return "".join(parts)


def choices(corpus: Corpus, unit: Findings) -> list[Choice]:
    """The answers of a "which provisions apply" question: right, fallback (0) and tempting (negative)."""
    right = split(len(unit.applicable)) if unit.applicable else []
    penalty = -min(right) if right else -100.0
    items = [*unit.applicable, *unit.fallback, *unit.not_applicable]
    labels = [words.provision_label(corpus, corpus.provisions[i.provision]) for i in items]
    out = []
    for n, item in enumerate(items):
        prov = corpus.provisions[item.provision]
        label = words.provision_label(corpus, prov, period=labels.count(labels[n]) > 1)
        if n < len(unit.applicable):
            out.append(Choice(label, right[n], _reasoning_html(corpus, item)))  # type: ignore[arg-type]
        elif n < len(unit.applicable) + len(unit.fallback):
            out.append(Choice(label, 0.0, f"<p>{_w('fallback')}</p>" + _reasoning_html(corpus, item)))  # type: ignore[arg-type]
        else:
            out.append(Choice(label, penalty, words.html(corpus, item.reason)))  # type: ignore[union-attr]
    return out


def _provisions_question(quiz: etree._Element, corpus: Corpus, scenario: Scenario, party: str | None,
                         unit: Findings) -> None:
    label = next((p.label for p in scenario.parties if p.id == party), None)
    who = _w("who", party=words.plain(corpus, label)) if label else ""
    title = words.plain(corpus, scenario.title)
    name = f"{title} — {_w('provisions')}" + (f" ({words.plain(corpus, label)})" if label else "")
    body = words.html(corpus, scenario.narrative) + f"<p><strong>{_w('which', who=who)}</strong></p>"
    q = _head(quiz, "multichoice", name, body, f"{scenario.id}-provisions" + (f"-{party}" if party else ""))
    _sub(q, "single", "false")
    _sub(q, "shuffleanswers", "true")
    _sub(q, "answernumbering", "abc")
    _sub(q, "showstandardinstruction", "0")
    _texted(q, "correctfeedback", f"<p>{_w('correct')}</p>")
    _texted(q, "partiallycorrectfeedback", f"<p>{_w('partial')}</p>")
    _texted(q, "incorrectfeedback", f"<p>{_w('incorrect')}</p>")
    _sub(q, "shownumcorrect")
    for choice in choices(corpus, unit):
        a = _sub(q, "answer", fraction=fraction_text(choice.fraction), format="html")
        _sub(a, "text", f"<p>{_escape(choice.text)}</p>", cdata=True)
        _texted(a, "feedback", choice.feedback)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _essay_questions(quiz: etree._Element, corpus: Corpus, scenario: Scenario) -> None:
    tasks = {t.id: t for t in scenario.tasks}
    title = words.plain(corpus, scenario.title)
    for n, answer in enumerate(scenario.answer_key.tasks, 1):
        task = tasks.get(answer.task)
        if task is None:
            continue
        body = words.html(corpus, scenario.narrative) + f"<p><strong>{_w('task')}</strong></p>" + \
            words.html(corpus, task.text)
        q = _head(quiz, "essay", f"{title} — {_w('task')} {n}", body, f"{scenario.id}-task-{answer.task}")
        _sub(q, "responseformat", "editor")
        _sub(q, "responserequired", "1")
        _sub(q, "responsefieldlines", "15")
        _sub(q, "attachments", "0")
        _sub(q, "attachmentsrequired", "0")
        _texted(q, "graderinfo", words.html(corpus, answer.answer))
        _texted(q, "responsetemplate", "")


def scenario_questions(quiz: etree._Element, corpus: Corpus, scenario: Scenario, category: list[str]) -> None:
    """A category for the scenario and its questions."""
    _category(quiz, [*category, words.plain(corpus, scenario.title)])
    for party, unit, _loc in scenario.answer_key.units():
        # nothing that applies: no right answer to tick; a single choice: nothing to choose (Moodle needs two)
        if unit.applicable and len(unit.applicable) + len(unit.fallback) + len(unit.not_applicable) >= 2:
            _provisions_question(quiz, corpus, scenario, party, unit)
    _essay_questions(quiz, corpus, scenario)


def course_scenarios(corpus: Corpus, course: Course) -> list[str]:
    """The scenarios a course uses, in the order taught: those it runs as exercises, and those that practise the
    objectives of its lessons."""
    by_objective: dict[str, list[str]] = {}
    for sid, s in sorted(corpus.scenarios.items()):
        for oid in s.objectives:
            by_objective.setdefault(oid, []).append(sid)
    out: list[str] = []
    for session in course.sessions:
        for part in session.parts:
            found: list[str] = []
            if part.exercise is not None:
                found = [part.exercise]
            elif part.lesson in corpus.lessons:
                found = [sid for o in corpus.lessons[part.lesson].objectives for sid in by_objective.get(o.id, [])]
            for sid in found:
                if sid in corpus.scenarios and sid not in out:
                    out.append(sid)
    return out


def bank(corpus: Corpus, scenario_ids: Iterable[str], category: list[str]) -> etree._ElementTree:
    quiz = etree.Element("quiz")
    for sid in scenario_ids:
        scenario_questions(quiz, corpus, corpus.scenarios[sid], [ROOT_CATEGORY, *category])
    return etree.ElementTree(quiz)


def banks(corpus: Corpus) -> Iterator[tuple[str, etree._ElementTree]]:
    """(file name, bank): one per course, and one with every scenario."""
    for cid, course in sorted(corpus.courses.items()):
        yield f"{cid}-facilitator.xml", bank(corpus, course_scenarios(corpus, course),
                                             [words.plain(corpus, course.title)])
    yield "all-scenarios-facilitator.xml", bank(corpus, sorted(corpus.scenarios), [_w("all")])


# ------------------------------------------------------------------ validation


def _text(el: etree._Element | None) -> str:
    t = el.find("text") if el is not None else None
    return (t.text or "").strip() if t is not None else ""


def validate(tree: etree._ElementTree | etree._Element, forbidden: Iterable[str] = ()) -> list[str]:
    """What Moodle's XML importer would reject or misread in a bank, one message per problem. `forbidden`:
    strings no text may contain (the catalogue's ids)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if root.tag != "quiz":
        return [f"the root element is <{root.tag}>; Moodle XML needs <quiz>"]
    problems: list[str] = []
    forbidden = [f for f in forbidden if f]
    for n, q in enumerate(root, 1):
        if not isinstance(q.tag, str):
            continue  # a comment
        qtype = q.get("type")
        where = f"question {n}"
        if q.tag != "question":
            problems.append(f"{where}: <{q.tag}> in <quiz>; expected <question>")
            continue
        if qtype == "category":
            if not _text(q.find("category")):
                problems.append(f"{where}: a category question needs <category><text>")
            continue
        if qtype not in ("multichoice", "essay"):
            problems.append(f"{where}: type '{qtype}' is not one this bank writes (multichoice, essay)")
            continue
        name = _text(q.find("name"))
        if not name:
            problems.append(f"{where}: no <name><text>")
        where = f"question {n} ('{name}')" if name else where
        qt = q.find("questiontext")
        if qt is None or not _text(qt):
            problems.append(f"{where}: no <questiontext><text>")
        elif qt.get("format") != "html":
            problems.append(f"{where}: <questiontext> has format '{qt.get('format')}'; expected 'html'")
        every = " ".join(t.text or "" for t in q.iter("text"))
        if words.ROLE.search(every):
            problems.append(f"{where}: raw role markup '{words.ROLE.search(every)[0]}' in the text")  # type: ignore[index]
        for f in forbidden:
            if f in every:
                problems.append(f"{where}: the text shows the id '{f}'")
        if qtype == "multichoice":
            problems += _validate_multichoice(q, where)
        elif not _text(q.find("graderinfo")):
            problems.append(f"{where}: an essay question needs <graderinfo> with the model answer")
    return problems


def _validate_multichoice(q: etree._Element, where: str) -> list[str]:
    problems = []
    single = (q.findtext("single") or "").strip()
    if single not in ("true", "false"):
        problems.append(f"{where}: <single> is '{single}'; expected 'true' or 'false'")
    answers = q.findall("answer")
    if len(answers) < 2:
        problems.append(f"{where}: {len(answers)} answer(s); a multichoice question needs at least 2")
    fractions = []
    for i, a in enumerate(answers, 1):
        raw = a.get("fraction")
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            problems.append(f"{where}: answer {i} has fraction '{raw}'; expected a number")
            continue
        if not allowed(value):
            problems.append(f"{where}: answer {i} has fraction {raw}, which Moodle does not allow")
        if not _text(a):
            problems.append(f"{where}: answer {i} has no <text>")
        fractions.append(value)
    positive = sum(f for f in fractions if f > 0)
    if single == "false" and fractions and abs(positive - 100) > SUM_TOLERANCE:
        problems.append(f"{where}: the right answers' fractions add up to {positive:g}, not 100")
    if single == "true" and fractions and not any(abs(f - 100) < MATCH for f in fractions):
        problems.append(f"{where}: no answer has fraction 100")
    return problems


# ------------------------------------------------------------------ writing


def forbidden_ids(corpus: Corpus) -> list[str]:
    """Ids a reader must never see: provision ids and compound fact names."""
    return [*corpus.provisions, *(f for f in corpus.facts if "_" in f)]


def write(corpus: Corpus, out: Path, languages: Iterable[str] = ("en", "zh_CN")) -> tuple[list[Path], list[str]]:
    """Write every bank under `out/<lang>/moodle/`; (files written, problems `validate` found in them)."""
    written, problems = [], []
    before = describe.language()
    try:
        for lang in languages:
            describe.set_language(lang)
            local = corpus if lang == "en" else i18n.localise(corpus, i18n.read_catalogs(corpus.root, lang))
            folder = out / lang / KIND
            folder.mkdir(parents=True, exist_ok=True)
            for name, tree in banks(local):
                path = folder / name
                tree.write(str(path), encoding="UTF-8", xml_declaration=True, pretty_print=True)
                written.append(path)
                reread = etree.parse(str(path))
                problems += [f"{path}: {p}" for p in validate(reread, forbidden_ids(corpus))]
    finally:
        describe.set_language(before)
    return written, problems
