"""Courses: what a course's sessions hold, in what order, for how long, and the checks on them.

A part's minutes are its own when stated, else the lesson's or the scenario's duration. A lesson's prerequisites
must come before it: in an earlier session, or earlier in the same session (a lesson listed in `assumes` counts as
done before the course starts). The pages (ibsa.sphinxext.courses) and the checker share these answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ibsa.findings import Finding, Severity, hint
from ibsa.loaders import Corpus
from ibsa.model import Course, Session, SessionPart


@dataclass(frozen=True)
class Slot:
    """A part in its session, with the minutes it takes and where it starts (minutes from the session's start)."""

    part: SessionPart
    minutes: int | None  # None: an unknown lesson or scenario, whose length cannot be known
    offset: int


def minutes(corpus: Corpus, part: SessionPart) -> int | None:
    if part.minutes is not None:
        return part.minutes
    if part.lesson is not None:
        lesson = corpus.lessons.get(part.lesson)
        return lesson.duration if lesson else None
    if part.exercise is not None:
        scenario = corpus.scenarios.get(part.exercise)
        return scenario.duration if scenario else None
    return None


def slots(corpus: Corpus, session: Session) -> list[Slot]:
    out, at = [], 0
    for part in session.parts:
        length = minutes(corpus, part)
        out.append(Slot(part, length, at))
        at += length or 0
    return out


def lessons(course: Course) -> list[str]:
    """The course's lesson ids, in the order taught."""
    return [p.lesson for s in course.sessions for p in s.parts if p.lesson is not None]


def objectives(corpus: Corpus, course: Course) -> set[str]:
    return {o.id for lid in [*course.assumes, *lessons(course)] if lid in corpus.lessons
            for o in corpus.lessons[lid].objectives}


def clock(start: str, offset: int) -> str:
    """"HH:MM" `offset` minutes after `start`."""
    hours, mins = map(int, start.split(":"))
    total = hours * 60 + mins + offset
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def check_courses(corpus: Corpus) -> Iterator[Finding]:
    """A course names lessons, scenarios and tools that exist; each session's minutes are the sum of its parts;
    each day (or week) fits the frame; prerequisites come first; what it schedules is meant for its audience."""
    for cid, course in corpus.courses.items():
        key = f"course:{cid}"
        yield from _references(corpus, key, course)
        yield from _arithmetic(corpus, key, course)
        yield from _prerequisites(corpus, key, course)
        yield from _audience(corpus, key, course)


def _references(corpus: Corpus, key: str, course: Course) -> Iterator[Finding]:
    for i, lid in enumerate(course.assumes):
        if lid not in corpus.lessons:
            yield corpus.finding(key, ("assumes", i), "unknown-lesson",
                                 f"'{lid}' is not a lesson id{hint(lid, corpus.lessons)}")
    for i, session in enumerate(course.sessions):
        for j, part in enumerate(session.parts):
            loc = ("sessions", i, "parts", j)
            if part.lesson is not None and part.lesson not in corpus.lessons:
                yield corpus.finding(key, (*loc, "lesson"), "unknown-lesson",
                                     f"'{part.lesson}' is not a lesson id{hint(part.lesson, corpus.lessons)}")
            if part.exercise is not None and part.exercise not in corpus.scenarios:
                yield corpus.finding(key, (*loc, "exercise"), "unknown-scenario",
                                     f"'{part.exercise}' is not a scenario id{hint(part.exercise, corpus.scenarios)}")
    for i, tid in enumerate(course.print):
        if tid not in corpus.tools:
            yield corpus.finding(key, ("print", i), "unknown-tool",
                                 f"'{tid}' is not a printable tool id{hint(tid, corpus.tools)}")


def _arithmetic(corpus: Corpus, key: str, course: Course) -> Iterator[Finding]:
    frame, per_unit = course.frame, {}
    for i, session in enumerate(course.sessions):
        lengths = [s.minutes for s in slots(corpus, session)]
        if None not in lengths and sum(lengths) != session.minutes:  # type: ignore[arg-type]
            yield corpus.finding(key, ("sessions", i, "minutes"), "session-minutes",
                                 f"session '{session.title}' states {session.minutes} minutes but its parts add up "
                                 f"to {sum(lengths)}; expected the sum")  # type: ignore[arg-type]
        if session.unit > frame.count:
            yield corpus.finding(key, ("sessions", i, frame.unit), "course-frame",
                                 f"session '{session.title}' is in {frame.unit} {session.unit}, but the course runs "
                                 f"{frame.count} {frame.unit}s")
        per_unit.setdefault(session.unit, []).append(i)
    for unit, indexes in sorted(per_unit.items()):
        total = sum(course.sessions[i].minutes for i in indexes)
        if total > frame.per_unit:
            yield corpus.finding(key, ("sessions", indexes[0]), "course-frame",
                                 f"{frame.unit} {unit} holds {total} minutes of sessions, more than the frame's "
                                 f"{frame.per_unit} minutes a {frame.unit}")


def _prerequisites(corpus: Corpus, key: str, course: Course) -> Iterator[Finding]:
    done = set(course.assumes)
    planned = set(lessons(course))
    for i, session in enumerate(course.sessions):
        for j, part in enumerate(session.parts):
            lesson = corpus.lessons.get(part.lesson or "")
            if lesson is None:
                continue
            for pre in lesson.prerequisites:
                if pre in done or pre not in corpus.lessons:
                    continue
                where = "comes later in the course" if pre in planned else "is not in the course"
                yield corpus.finding(key, ("sessions", i, "parts", j, "lesson"), "course-prerequisite",
                                     f"lesson '{lesson.lesson}' needs '{pre}' first, which {where}; schedule it "
                                     "earlier, or list it under 'assumes' if participants have done it before")
            done.add(lesson.lesson)


def _audience(corpus: Corpus, key: str, course: Course) -> Iterator[Finding]:
    taught = objectives(corpus, course)
    for i, session in enumerate(course.sessions):
        for j, part in enumerate(session.parts):
            loc = ("sessions", i, "parts", j)
            lesson = corpus.lessons.get(part.lesson or "")
            if lesson is not None and course.audience not in lesson.tracks:
                yield corpus.finding(key, (*loc, "lesson"), "course-audience",
                                     f"lesson '{lesson.lesson}' is not tagged for the course's audience "
                                     f"({course.audience}); its tracks are {', '.join(lesson.tracks)}",
                                     severity=Severity.WARNING)
            scenario = corpus.scenarios.get(part.exercise or "")
            if scenario is None:
                continue
            if course.audience not in scenario.tracks:
                yield corpus.finding(key, (*loc, "exercise"), "course-audience",
                                     f"scenario '{scenario.id}' is not tagged for the course's audience "
                                     f"({course.audience}); its tracks are {', '.join(scenario.tracks)}",
                                     severity=Severity.WARNING)
            if not set(scenario.objectives) & taught:
                yield corpus.finding(key, (*loc, "exercise"), "course-objectives",
                                     f"scenario '{scenario.id}' practises objectives no lesson of the course teaches "
                                     f"({', '.join(scenario.objectives)}); schedule a lesson it practises, or "
                                     "choose another scenario", severity=Severity.WARNING)
