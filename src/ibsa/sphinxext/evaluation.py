"""Evaluation pages: per course, the knowledge check (before and after), the attitudes scale, the feedback form
and, where the course has them, grading rubrics; printable, one instrument per sheet.

Rendering only: which items exist and what they test come from the data, checked by ibsa.evaluation. The right
answers, the explanations, the objectives each item tests and the scale's scoring key are facilitator material:
the participant edition never receives them (they are dropped here, while reading).
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ibsa import evaluation
from ibsa.model import AttitudeScale, Evaluation, FeedbackForm, Rubric
from ibsa.sphinxext import markup, state
from ibsa.sphinxext.directives import CorpusDirective

_ = get_translation("ibsa")

SUFFIX = "-evaluation"
BOX = "☐"
BLANK = "\\_" * 16  # a line to write on (escaped: underscores would be read as emphasis)


def evaluation_doc(cid: str) -> str:
    return f"course-plans/{cid}{SUFFIX}"


class EvaluationPage(CorpusDirective):
    """A course's evaluation instruments."""

    required_arguments = 1

    def run(self) -> list[Node]:
        ev = self.corpus.evaluations.get(self.arguments[0])
        shared = self.corpus.evaluation_shared.get("shared")
        if ev is None:
            return self.error(_("unknown course evaluation '{id}'").format(id=self.arguments[0]))
        self.depend_on(ev.path, *([shared.path] if shared else []),
                       *sorted({x.path for x in self.corpus.lessons.values()}))
        course = self.corpus.courses.get(ev.id)
        out: list[Node] = []
        if course is not None:
            out += self.parse(_("Evaluation instruments for {course}. Each part prints on its own sheet: hand out "
                                "the knowledge check and the views scale at the start and again at the end, and "
                                "the feedback form at the end.").format(
                course=markup.doc_link(f"course-plans/{course.id}", course.title)))
        box = nodes.container(classes=["ibsa-evaluation"])
        box += self._knowledge(ev)
        if shared is not None:
            box += self._scale(shared.attitudes)
            box += self._feedback(shared.feedback)
        for rubric in ev.rubrics:
            box += self._rubric(rubric)
        out.append(box)
        return out

    def _part(self, title: str, *body: Node | str) -> nodes.section:
        sec = self.section(title, *body)
        sec["classes"].append("ibsa-evaluation-part")
        return sec

    def _knowledge(self, ev: Evaluation) -> nodes.section:
        facilitator = state.facilitator(self.env)
        objectives = self.corpus.objectives()
        texts = {o.id: o.text for lesson in self.corpus.lessons.values() for o in lesson.objectives}
        head = _("Name or code: {blank} Before / after the course (circle one)").format(blank=BLANK)
        body: list[Node | str] = [head + "\n\n" + _("Tick every right answer; some questions have more than one.")]
        for n, item in enumerate(ev.knowledge_check, 1):
            block = nodes.container(classes=["ibsa-evaluation-item"])
            text = f"**{n}.** {item.question}\n\n" + "".join(
                f"- {BOX} {evaluation.letter(i)}. {o.text}\n" for i, o in enumerate(item.options))
            block += self.parse(text)
            if facilitator:
                key = nodes.container(classes=["ibsa-answer-key"])
                answer = _("**Right:** {letters}. {explanation}").format(letters=evaluation.right_letters(item),
                                                                        explanation=item.explanation)
                if item.objective in objectives:
                    answer += "\n\n" + _("*Tests:* {objective}").format(objective=texts[item.objective])
                key += self.parse(answer)
                block += key
            body.append(block)
        if facilitator and ev.assessed_elsewhere:
            key = nodes.container(classes=["ibsa-answer-key"])
            key += self.parse(_("Objectives this check leaves to observation in the exercises:") + "\n\n" + "".join(
                f"- {texts[o]}\n" for o in ev.assessed_elsewhere if o in texts))
            body.append(key)
        return self._part(_("Knowledge check (before and after)"), *body)

    def _scale(self, scale: AttitudeScale) -> nodes.section:
        rows = [(f"{n}. {item.text}", *([BOX] * len(scale.points))) for n, item in enumerate(scale.items, 1)]
        body: list[Node | str] = [_("Name or code: {blank} Before / after the course (circle one)").format(blank=BLANK),
                                  scale.instructions,
                                  markup.table([_("Statement"), *(f"{i} {p}" for i, p in enumerate(scale.points, 1))],
                                               rows)]
        if state.facilitator(self.env):
            key = nodes.container(classes=["ibsa-answer-key"])
            reverse = ", ".join(str(n) for n, item in enumerate(scale.items, 1) if item.reverse)
            key += self.parse(_("**Scoring.** Reverse-scored statements: {numbers}.").format(numbers=reverse)
                              + " " + scale.scoring)
            body.append(key)
        cite = nodes.container(classes=["ibsa-evaluation-source"])
        cite += self.parse(_("Adapted, in our own words, from:") + "\n\n" + "".join(
            f"- {markup.cell(c)}\n" for c in scale.adapted_from))
        for node in cite.findall(nodes.paragraph):  # citations stay in the language they were published in
            node["classes"].append("language-en")
        body.append(cite)
        return self._part(scale.title, *body)

    def _feedback(self, form: FeedbackForm) -> nodes.section:
        ratings = [q for q in form.questions if q.kind == "rating"]
        body: list[Node | str] = [form.instructions]
        if ratings:
            body.append(markup.table([_("Statement"), *(f"{i} {p}" for i, p in enumerate(form.points, 1))],
                                     [(f"{n}. {q.text}", *([BOX] * len(form.points)))
                                      for n, q in enumerate(ratings, 1)]))
        start = len(ratings)
        for n, q in enumerate((q for q in form.questions if q.kind == "open"), start + 1):
            block = nodes.container(classes=["ibsa-evaluation-open"])
            block += self.parse(f"**{n}.** {q.text}\n\n" + BLANK * 4 + "\n\n" + BLANK * 4)
            body.append(block)
        return self._part(form.title, *body)

    def _rubric(self, rubric: Rubric) -> nodes.section:
        rows = [(f"**{markup.cell(c.criterion)}**", *c.levels) for c in rubric.criteria]
        return self._part(rubric.title, rubric.applies_to + "\n",
                          markup.table([_("Criterion"), *rubric.levels], rows))


def setup(app: Sphinx) -> None:
    app.add_directive("course-evaluation", EvaluationPage)
