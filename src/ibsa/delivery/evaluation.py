"""`ibsa dist-evaluation`: each course's evaluation instruments as CSV, per language.

Two files per course: `<course>-participant.csv` (the items as participants see them: questions and options,
the views scale, the feedback form, the rubrics) and `<course>-facilitator.csv` (the same rows with the right
options, the explanations, the objective each item tests and the scale's scoring key). Roles in the data are
worded as the pages word them, in the file's language; the Chinese files come from the same data through the PO
files (`i18n.localise`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ibsa import describe, evaluation, i18n
from ibsa.delivery import LANGUAGES
from ibsa.delivery import text as delivery_text
from ibsa.loaders import Corpus
from ibsa.model import Course, Evaluation, SharedEvaluation

KIND = "evaluation"
OPTIONS = 6  # columns A to F

HEADERS = {
    "en": {"instrument": "instrument", "number": "number", "text": "question or statement", "right": "right",
           "explanation": "explanation", "tests": "objective tested", "scoring": "scoring",
           "knowledge": "knowledge check (before and after)", "views": "views scale (before and after)",
           "feedback": "feedback", "rating": "rating 1-5", "open": "open answer", "reverse": "reverse-scored",
           "as-written": "scored as written", "key": "scoring key", "rubric": "rubric",
           "elsewhere": "objective assessed in the exercises"},
    "zh_CN": {"instrument": "工具", "number": "序号", "text": "题目或陈述", "right": "正确选项",
              "explanation": "解析", "tests": "所考查的学习目标", "scoring": "计分",
              "knowledge": "知识测验（课前、课后）", "views": "观念量表（课前、课后）", "feedback": "课程反馈",
              "rating": "评分1-5", "open": "开放回答", "reverse": "反向计分", "as-written": "正向计分",
              "key": "计分说明", "rubric": "评分量规", "elsewhere": "在练习中观察评估的学习目标"},
}


def plain(corpus: Corpus, text: str) -> str:
    """`text` with each role worded as the pages word it (ibsa.delivery.text, shared with the other exports)."""
    return delivery_text.plain(corpus, text)


def rows(corpus: Corpus, ev: Evaluation, shared: SharedEvaluation | None, language: str,
         facilitator: bool) -> list[list[str]]:
    h = HEADERS[language]
    letters = [evaluation.letter(i) for i in range(OPTIONS)]
    extra = [h["right"], h["explanation"], h["tests"]] if facilitator else []
    out = [[h["instrument"], h["number"], h["text"], *letters, *extra]]
    texts = {o.id: o.text for lesson in corpus.lessons.values() for o in lesson.objectives}
    for n, item in enumerate(ev.knowledge_check, 1):
        options = [plain(corpus, o.text) for o in item.options] + [""] * (OPTIONS - len(item.options))
        row = [h["knowledge"], str(n), plain(corpus, item.question), *options]
        if facilitator:
            row += [evaluation.right_letters(item), plain(corpus, item.explanation),
                    plain(corpus, texts.get(item.objective, item.objective))]
        out.append(row)
    if facilitator:
        for oid in ev.assessed_elsewhere:
            out.append([h["elsewhere"], "", "", *[""] * OPTIONS, "", "", plain(corpus, texts.get(oid, oid))])
    if shared is not None:
        scale = shared.attitudes
        for n, item in enumerate(scale.items, 1):
            row = [h["views"], str(n), item.text, *scale.points, *[""] * (OPTIONS - len(scale.points))]
            if facilitator:
                row += [h["reverse"] if item.reverse else h["as-written"], "", ""]
            out.append(row)
        if facilitator:
            out.append([h["views"], h["key"], scale.scoring, *[""] * OPTIONS, "", "", ""])
        form = shared.feedback
        for n, q in enumerate(form.questions, 1):
            answers = form.points if q.kind == "rating" else [h["open"]]
            out.append([h["feedback"], str(n), q.text, *answers, *[""] * (OPTIONS - len(answers)),
                        *([""] * len(extra))])
    for rubric in ev.rubrics:
        out.append([f"{h['rubric']}: {rubric.title}", "", rubric.applies_to, *rubric.levels,
                    *[""] * (OPTIONS - len(rubric.levels)), *([""] * len(extra))])
        for n, c in enumerate(rubric.criteria, 1):
            out.append([f"{h['rubric']}: {rubric.title}", str(n), c.criterion, *c.levels,
                        *[""] * (OPTIONS - len(c.levels)), *([""] * len(extra))])
    return out


def _csv(table: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table)
    return "\ufeff" + buf.getvalue()  # a byte-order mark: spreadsheet programs then read the file as UTF-8


def write(root: Path, out: Path, languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """The CSV files of every course that has an evaluation, for each language; returns the files written."""
    from ibsa import loaders  # the CLI's only entry; loading here keeps the module importable alone

    source = loaders.load(root)
    written = []
    before = describe.language()
    try:
        for language in languages:
            corpus = source if language == i18n.SOURCE_LANGUAGE else i18n.localise(
                source, i18n.read_catalogs(root, language))
            describe.set_language(language)
            folder = out / language / KIND
            folder.mkdir(parents=True, exist_ok=True)
            shared = corpus.evaluation_shared.get("shared")
            for cid, ev in sorted(corpus.evaluations.items()):
                course: Course | None = corpus.courses.get(cid)
                if course is None:
                    continue  # `ibsa check` reports it
                for edition in ("participant", "facilitator"):
                    path = folder / f"{cid}-{edition}.csv"
                    path.write_text(_csv(rows(corpus, ev, shared, language, edition == "facilitator")),
                                    encoding="utf-8", newline="")
                    written.append(path)
    finally:
        describe.set_language(before)
    return written
