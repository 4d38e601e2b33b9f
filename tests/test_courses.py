"""Courses (courses/*.yaml): each check, fed a broken fixture, reports the exact finding."""

from __future__ import annotations

import pytest

from ibsa import courses, loaders
from tests.conftest import Repo
from tests.test_checks import assert_edit_gives

COURSE = "courses/demo-course.yaml"

CASES = [
    # unknown ids, with the nearest valid one
    (COURSE, "- lesson: demo-lesson", "- lesson: demo-lessen", COURSE, "demo-lessen",
     "'demo-lessen' is not a lesson id; did you mean 'demo-lesson'? [unknown-lesson]"),
    (COURSE, "- exercise: demo-camera", "- exercise: demo-camra", COURSE, "demo-camra",
     "'demo-camra' is not a scenario id; did you mean 'demo-camera'? [unknown-scenario]"),
    (COURSE, "print: [demo-checklist]", "print: [demo-checklst]", COURSE, "print:",
     "'demo-checklst' is not a printable tool id; did you mean 'demo-checklist'? [unknown-tool]"),
    # arithmetic: a session is the sum of its parts, a day fits the frame
    (COURSE, "minutes: 65", "minutes: 70", COURSE, "minutes: 70",
     "session 'Morning' states 70 minutes but its parts add up to 65; expected the sum [session-minutes]"),
    (COURSE, "      - exercise: demo-camera", "      - exercise: demo-camera\n        minutes: 30", COURSE,
     "minutes: 65", "session 'Morning' states 65 minutes but its parts add up to 75; expected the sum "
     "[session-minutes]"),
    (COURSE, "minutes_per_day: 120", "minutes_per_day: 60", COURSE, "- title: Morning",
     "day 1 holds 65 minutes of sessions, more than the frame's 60 minutes a day [course-frame]"),
    (COURSE, "    day: 1", "    day: 2", COURSE, "day: 2",
     "session 'Morning' is in day 2, but the course runs 1 days [course-frame]"),
    # the shape of a part and of a session
    (COURSE, "      - break: Coffee\n        minutes: 15", "      - break: Coffee", COURSE, "break: Coffee",
     "sessions.0.parts.1: a break needs 'minutes' [schema]"),
    (COURSE, "- exercise: demo-camera", "- exercise: demo-camera\n        lesson: demo-lesson", COURSE,
     "exercise: demo-camera", "sessions.0.parts.2: a part is exactly one of 'lesson', 'exercise' or 'break'; found "
     "lesson and exercise [schema]"),
    (COURSE, "    day: 1", "    week: 1", COURSE, "id: demo-course",
     "document: session 1 ('Morning') needs 'day', the frame's unit, and only that [schema]"),
    (COURSE, "id: demo-course", "id: demo-other", COURSE, "id: demo-other",
     "course id 'demo-other' differs from the file name 'demo-course'; expected them to match [course-id]"),
    # what it schedules is meant for its audience, and its exercises practise what its lessons teach
    (COURSE, "audience: police", "audience: ngo", COURSE, "lesson: demo-lesson",
     "warning: lesson 'demo-lesson' is not tagged for the course's audience (ngo); its tracks are police "
     "[course-audience]"),
    (COURSE, "audience: police", "audience: ngo", COURSE, "exercise: demo-camera",
     "warning: scenario 'demo-camera' is not tagged for the course's audience (ngo); its tracks are police "
     "[course-audience]"),
    (COURSE, "      - lesson: demo-lesson\n", "      - break: Welcome\n        minutes: 30\n", COURSE,
     "exercise: demo-camera", "warning: scenario 'demo-camera' practises objectives no lesson of the course teaches "
     "(demo-o1); schedule a lesson it practises, or choose another scenario [course-objectives]"),
]


@pytest.mark.parametrize(("rel", "old", "new", "where", "marker", "message"), CASES,
                         ids=[c[-1].rsplit("[", 1)[1].rstrip("]") + f"-{i}" for i, c in enumerate(CASES)])
def test_broken_course_gives_exact_finding(mini: Repo, rel: str, old: str, new: str, where: str, marker: str,
                                           message: str) -> None:
    assert_edit_gives(mini, rel, old, new, where, marker, message)


NEXT = """---
ibsa_lesson:
  lesson: demo-next
  title: Demo follow-up
  module: 01-demo
  tracks: [police]
  duration: 20
  status: draft
  prerequisites: [demo-lesson]
  objectives:
    - {id: demo-next-o1, text: Apply the version in force.}
  key_points:
    - The date decides.
---
# Demo follow-up

```{lesson-overview}
```
"""


def _with_next_lesson(mini: Repo) -> None:
    (mini.root / "curriculum/01-demo/02-next.md").write_text(NEXT, encoding="utf-8")


def test_a_lesson_before_its_prerequisite_is_reported(mini: Repo) -> None:
    _with_next_lesson(mini)
    mini.edit(COURSE, "      - lesson: demo-lesson\n", "      - lesson: demo-next\n      - lesson: demo-lesson\n")
    mini.edit(COURSE, "minutes: 65", "minutes: 85")
    line = mini.line(COURSE, "lesson: demo-next")
    assert f"{COURSE}:{line}: lesson 'demo-next' needs 'demo-lesson' first, which comes later in the course; " \
           "schedule it earlier, or list it under 'assumes' if participants have done it before " \
           "[course-prerequisite]" in mini.messages()


def test_a_prerequisite_missing_from_the_course_is_reported_unless_assumed(mini: Repo) -> None:
    _with_next_lesson(mini)
    mini.edit(COURSE, "      - lesson: demo-lesson\n", "      - lesson: demo-next\n")
    mini.edit(COURSE, "minutes: 65", "minutes: 55")
    message = (f"{COURSE}:{mini.line(COURSE, 'lesson: demo-next')}: lesson 'demo-next' needs 'demo-lesson' first, "
               "which is not in the course; schedule it earlier, or list it under 'assumes' if participants have "
               "done it before [course-prerequisite]")
    assert message in mini.messages()
    mini.edit(COURSE, "print:", "assumes: [demo-lesson]\nprint:")
    assert not [m for m in mini.messages() if m.startswith(COURSE)]


def test_a_prerequisite_earlier_in_the_same_session_is_enough(mini: Repo) -> None:
    _with_next_lesson(mini)
    mini.edit(COURSE, "      - lesson: demo-lesson\n", "      - lesson: demo-lesson\n      - lesson: demo-next\n")
    mini.edit(COURSE, "minutes: 65", "minutes: 85")
    assert not [m for m in mini.messages() if m.startswith(COURSE)]


def test_a_stray_file_in_courses_is_reported(mini: Repo) -> None:
    (mini.root / "courses" / "notes.txt").write_text("x\n", encoding="utf-8")
    assert "courses/notes.txt:1: unexpected file type '.txt'; expected .yaml or .yml data files here [layout]" \
        in mini.messages()


def test_the_timetable_clock_follows_the_parts(mini: Repo) -> None:
    corpus = loaders.load(mini.root)
    session = corpus.courses["demo-course"].sessions[0]
    times = [courses.clock(session.start or "", s.offset) for s in courses.slots(corpus, session)]
    assert times == ["09:00", "09:30", "09:45"]
