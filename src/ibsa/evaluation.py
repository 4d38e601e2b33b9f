"""Evaluation instruments (evaluation/*.yaml): a course's knowledge check, tied to its lessons' objectives, and the
checks on it. The pages (ibsa.sphinxext.evaluation) and the exports (ibsa.delivery.evaluation) share these answers.

Every item tests an objective of a lesson the course teaches (or assumes); every such objective is tested by an
item or listed under `assessed_elsewhere` (left to observation in the exercises); every item has a right option.
"""

from __future__ import annotations

from collections.abc import Iterator

from ibsa import courses
from ibsa.findings import Finding, Severity, hint
from ibsa.loaders import Corpus
from ibsa.model import CheckItem, Course, Objective


def course_objectives(corpus: Corpus, course: Course) -> list[Objective]:
    """The objectives of the lessons a course teaches or assumes, in the order taught (each once)."""
    seen: dict[str, Objective] = {}
    for lid in [*course.assumes, *courses.lessons(course)]:
        for objective in corpus.lessons[lid].objectives if lid in corpus.lessons else ():
            seen.setdefault(objective.id, objective)
    return list(seen.values())


def right_letters(item: CheckItem) -> str:
    """"A" or "A, C": the right options' letters."""
    return ", ".join(letter(i) for i, o in enumerate(item.options) if o.right)


def letter(i: int) -> str:
    return "ABCDEF"[i]


def check_evaluation(corpus: Corpus) -> Iterator[Finding]:
    for eid, evaluation in corpus.evaluations.items():
        key = f"evaluation:{eid}"
        course = corpus.courses.get(eid)
        if course is None:
            yield corpus.finding(key, ("id",), "evaluation-course",
                                 f"'{eid}' is not a course id; name the file and its id after the course it "
                                 f"evaluates{hint(eid, corpus.courses)}")
            continue
        taught = {o.id: o for o in course_objectives(corpus, course)}
        tested: set[str] = set()
        for i, item in enumerate(evaluation.knowledge_check):
            loc = ("knowledge_check", i)
            if item.objective not in taught:
                where = ("is an objective of a lesson the course does not teach; schedule the lesson or test "
                         "another objective" if item.objective in corpus.objectives()
                         else f"is not an objective id{hint(item.objective, taught)}")
                yield corpus.finding(key, (*loc, "objective"), "evaluation-objective",
                                     f"item '{item.id}' tests '{item.objective}', which {where}")
            tested.add(item.objective)
            if not any(o.right for o in item.options):
                yield corpus.finding(key, (*loc, "options"), "evaluation-answer",
                                     f"item '{item.id}' has no right option; mark at least one with 'right: true'")
            if all(o.right for o in item.options):
                yield corpus.finding(key, (*loc, "options"), "evaluation-answer",
                                     f"item '{item.id}' marks every option right; give at least one wrong option")
            texts = [o.text for o in item.options]
            if len(set(texts)) != len(texts):
                yield corpus.finding(key, (*loc, "options"), "evaluation-answer",
                                     f"item '{item.id}' repeats an option; expected each option once")
        ids = [item.id for item in evaluation.knowledge_check]
        for i, iid in enumerate(ids):
            if iid in ids[:i]:
                yield corpus.finding(key, ("knowledge_check", i, "id"), "duplicate-id",
                                     f"item id '{iid}' is used twice in this file; expected each id once")
        for i, oid in enumerate(evaluation.assessed_elsewhere):
            if oid not in taught:
                yield corpus.finding(key, ("assessed_elsewhere", i), "evaluation-objective",
                                     f"'{oid}' is not an objective of the course's lessons{hint(oid, taught)}")
        missing = [oid for oid in taught if oid not in tested and oid not in evaluation.assessed_elsewhere]
        if missing:
            yield corpus.finding(key, ("knowledge_check",), "evaluation-coverage",
                                 f"no item tests {', '.join(missing)}; add an item for each, or list them under "
                                 "'assessed_elsewhere' when observation in the exercises assesses them",
                                 severity=Severity.WARNING)
    for cid in corpus.courses:
        if corpus.evaluations and cid not in corpus.evaluations:
            yield corpus.finding(f"course:{cid}", ("id",), "evaluation-missing",
                                 f"course '{cid}' has no evaluation; add evaluation/{cid}.yaml",
                                 severity=Severity.WARNING)
    if corpus.evaluations and "shared" not in corpus.evaluation_shared:
        first = min(corpus.evaluations)
        yield corpus.finding(f"evaluation:{first}", ("id",), "evaluation-shared",
                             "the attitudes scale and feedback form are missing; expected evaluation/shared.yaml")
    for shared in corpus.evaluation_shared.values():
        scale = shared.attitudes
        if not any(i.reverse for i in scale.items) or all(i.reverse for i in scale.items):
            yield corpus.finding("evaluation-shared:shared", ("attitudes", "items"), "evaluation-scale",
                                 "the attitudes scale needs both reverse-scored items and items scored as written, "
                                 "so that agreeing with everything does not give a good score")
