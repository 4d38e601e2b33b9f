"""Course pages: a course's timetable, what each session achieves and what to print, and the list of courses.

Rendering only: the minutes, the clock times and the order come from ibsa.courses, which the checker uses too.
Exercises are linked, never answered: a scenario's page decides what each edition shows of it.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ibsa import courses, describe
from ibsa.model import Course, Frame, Session, SessionPart
from ibsa.sphinxext import markup
from ibsa.sphinxext.directives import CorpusDirective, track_name
from ibsa.sphinxext.evaluation import evaluation_doc
from ibsa.sphinxext.resources import tool_doc, tool_kind

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language

FOLDER = "course-plans"  # generated pages; the data is in courses/, which also holds its README


def course_doc(cid: str) -> str:
    return f"{FOLDER}/{cid}"


def frame_words(frame: Frame) -> str:
    if frame.count == 1:  # the words for one day or week, not "1 days"
        return (_("one day of up to {minutes} minutes") if frame.unit == "day"
                else _("one week of up to {minutes} minutes")).format(minutes=frame.per_unit)
    if frame.unit == "day":
        return _("{n} days of up to {minutes} minutes").format(n=frame.count, minutes=frame.per_unit)
    return _("{n} weeks of up to {minutes} minutes").format(n=frame.count, minutes=frame.per_unit)


def session_label(session: Session) -> str:
    label = _("Day {n}: {title}") if session.day is not None else _("Week {n}: {title}")
    return label.format(n=session.unit, title=session.title)


class CoursePage(CorpusDirective):
    """One course: its format, timetable, what each session achieves and what to print."""

    required_arguments = 1

    def run(self) -> list[Node]:
        course = self.corpus.courses.get(self.arguments[0])
        if course is None:
            return self.error(_("unknown course '{id}'").format(id=self.arguments[0]))
        lessons = [self.corpus.lessons[x] for x in [*course.assumes, *courses.lessons(course)]
                   if x in self.corpus.lessons]
        scenarios = [self.corpus.scenarios[p.exercise] for s in course.sessions for p in s.parts
                     if p.exercise in self.corpus.scenarios]
        self.depend_on(course.path, *sorted({x.path for x in (*lessons, *scenarios)}),
                       *sorted(self.corpus.tools[t].path for t in course.print if t in self.corpus.tools))
        total = sum(s.minutes for s in course.sessions)
        meta = " · ".join([_("**For:** {audience}").format(audience=track_name(course.audience)),
                           _("**Time frame:** {frame}").format(frame=frame_words(course.frame)),
                           _("**Teaching time:** {n} minutes").format(n=total)])
        box = nodes.container(classes=["ibsa-course-meta"])
        box += self.parse(meta + "\n\n" + course.format)
        out: list[Node] = [box]
        if course.assumes:
            out += self.parse(_("**Done before the course:** {lessons}").format(lessons=describe.comma().join(
                markup.doc_link(self.corpus.lessons[x].docname, self.corpus.lessons[x].title)
                for x in course.assumes if x in self.corpus.lessons)))
        out.append(self.section(_("Timetable"), self._timetable(course)))
        out.append(self.section(_("What each session achieves"), *self._achieves(course)))
        out.append(self.section(_("What to print"), self._print(course)))
        if course.id in self.corpus.evaluations:
            out += self.parse(_("**Evaluation:** {link}").format(link=markup.doc_link(
                evaluation_doc(course.id), self.corpus.evaluations[course.id].title)))
        return out

    def _timetable(self, course: Course) -> str:
        rows = []
        for session in course.sessions:
            for i, slot in enumerate(courses.slots(self.corpus, session)):
                time = "—"
                if session.start and slot.minutes is not None:
                    time = (f"{courses.clock(session.start, slot.offset)}–"
                            f"{courses.clock(session.start, slot.offset + slot.minutes)}")
                rows.append((f"**{markup.cell(session_label(session))}**" if i == 0 else "", time,
                             self._part(slot.part), slot.minutes if slot.minutes is not None else "—"))
        return markup.table([_("Session"), _("Time"), _("Part"), _("Minutes")], rows)

    def _part(self, part: SessionPart) -> str:
        if part.lesson is not None:
            lesson = self.corpus.lessons.get(part.lesson)
            return markup.doc_link(lesson.docname, lesson.title) if lesson else part.lesson
        if part.exercise is not None:
            return _("Exercise: {scenario}").format(scenario=f"{{scenario}}`{part.exercise}`")
        return f"*{markup.cell(part.break_ or '')}*"

    def _achieves(self, course: Course) -> list[Node]:
        out: list[Node] = []
        for session in course.sessions:
            lessons = [self.corpus.lessons[p.lesson] for p in session.parts if p.lesson in self.corpus.lessons]
            text = f"**{markup.cell(session_label(session))}**\n\n"
            if lessons:
                text += _("After this session, participants can:") + "\n\n"
                text += "".join(f"- {o.text}\n" for lesson in lessons for o in lesson.objectives)
            else:
                text += _("Practice: the exercises apply what earlier sessions taught.") + "\n"
            out += self.parse(text)
        return out

    def _print(self, course: Course) -> str:
        tools = [self.corpus.tools[t] for t in course.print if t in self.corpus.tools]
        if not tools:
            return _("Nothing to print for this course.") + "\n"
        return markup.table([_("Tool"), _("Kind")], [(markup.doc_link(tool_doc(t.id), t.title), tool_kind(t.kind))
                                                     for t in tools])


class CourseIndex(CorpusDirective):
    """Every course, with its audience, time frame and length."""

    def run(self) -> list[Node]:
        found = sorted(self.corpus.courses.values(), key=lambda c: (c.audience, c.title))
        self.depend_on(*(c.path for c in found))
        rows = [(markup.doc_link(course_doc(c.id), c.title), track_name(c.audience), frame_words(c.frame),
                 _("{n} min").format(n=sum(s.minutes for s in c.sessions))) for c in found]
        text = markup.table([_("Course"), _("For"), _("Time frame"), _("Teaching time")], rows)
        toc = "\n```{toctree}\n:hidden:\n\n" + "".join(
            f"/{course_doc(c.id)}\n" + (f"/{evaluation_doc(c.id)}\n" if c.id in self.corpus.evaluations else "")
            for c in found) + "```\n"
        return self.parse(text + toc)


def setup(app: Sphinx) -> None:
    app.add_directive("course", CoursePage)
    app.add_directive("course-index", CourseIndex)
