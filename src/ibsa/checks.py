"""The checks behind `ibsa check`: every rule that decides whether the corpus is sound.

Each check is a function from the Corpus to findings; `run_checks` runs them all
and reports everything, not just the first problem.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from collections.abc import Callable, Iterator

from ibsa import analysis, describe, expr, judgement, safety
from ibsa.findings import Finding, Severity
from ibsa.loaders import Corpus, draft_key
from ibsa.model import Applicable, Fact, FactType, Findings, Provision, Scenario, Threshold

STALE_AFTER = dt.timedelta(days=365)
Check = Callable[[Corpus], Iterator[Finding]]


def _type_ok(fact: Fact, value: object) -> bool:
    match fact.type:
        case FactType.BOOL:
            return isinstance(value, bool)
        case FactType.INT:
            return isinstance(value, int) and not isinstance(value, bool)
        case FactType.DATE:
            return isinstance(value, dt.date)
        case FactType.ENUM:
            return isinstance(value, str) and value in (fact.values or [])
    return False


def _expected(fact: Fact) -> str:
    return {"bool": "true or false", "int": "a whole number", "date": "a date YYYY-MM-DD"}.get(
        fact.type.value, "one of " + ", ".join(fact.values or []))


# ------------------------------------------------------------ 1. references and types


def check_elements(corpus: Corpus) -> Iterator[Finding]:
    """Element expressions use declared facts, values of the right type and defined thresholds."""
    for pid, prov in corpus.provisions.items():
        key = f"provision:{pid}"
        thresholds = {t.id: t for t in prov.thresholds}
        for j, t in enumerate(prov.thresholds):
            if t.fact not in corpus.facts:
                yield corpus.finding(key, ("thresholds", j, "fact"), "unknown-fact",
                                     f"threshold '{t.id}' of {pid} names unknown fact '{t.fact}'; "
                                     "expected a fact from law/facts.yaml")
        for j, element in enumerate(prov.elements):
            node = corpus.expressions.get((pid, element.id))
            if node is not None:
                yield from _leaves(corpus, key, ("elements", j, "when"), f"element '{element.id}' of {pid}", node,
                                   thresholds)
        if prov.deadline:
            for end in ("from_event", "to_event"):
                name = getattr(prov.deadline, end)
                if name is not None and name not in corpus.events:
                    yield corpus.finding(key, ("deadline", end), "unknown-event",
                                         f"the time limit of {pid} names unknown event '{name}'; expected one from "
                                         "law/events.yaml")


def _leaves(corpus: Corpus, key: str, loc: tuple[str | int, ...], what: str, node: expr.Node,
            thresholds: dict[str, Threshold]) -> Iterator[Finding]:
    """Each comparison in an expression names a declared fact, with a value (or threshold) of its type."""
    for leaf in expr.leaves(node):
        fact = corpus.facts.get(leaf.fact)
        if fact is None:
            yield corpus.finding(key, loc, "unknown-fact",
                                 f"{what} uses unknown fact '{leaf.fact}'; expected a fact from law/facts.yaml")
            continue
        value = leaf.value
        if isinstance(value, expr.ThresholdRef):
            t = thresholds.get(value.name)
            if t is None:
                yield corpus.finding(key, loc, "unknown-threshold",
                                     f"{what} uses ${value.name}, which is not among its thresholds "
                                     f"({', '.join(thresholds) or 'none'})")
            elif t.fact != leaf.fact:
                yield corpus.finding(key, loc, "threshold-fact",
                                     f"{what} compares {leaf.fact} with ${value.name}, a threshold for {t.fact}; "
                                     "expected the same fact")
            continue
        if not _type_ok(fact, value) or (leaf.op not in ("==", "!=") and fact.type in (FactType.BOOL, FactType.ENUM)):
            yield corpus.finding(key, loc, "fact-type",
                                 f"{what}: '{leaf}' does not fit fact '{leaf.fact}' of type {fact.type.value}; "
                                 f"expected {_expected(fact)}")


def check_provision_refs(corpus: Corpus) -> Iterator[Finding]:
    """`replaces` names an existing provision whose period ends before the new one starts."""
    for pid, prov in corpus.provisions.items():
        if prov.replaces is None:
            continue
        old = corpus.provisions.get(prov.replaces)
        if old is None:
            yield corpus.finding(f"provision:{pid}", ("replaces",), "unknown-provision",
                                 f"{pid} replaces '{prov.replaces}', which is not in the catalogue")
        elif old.in_force.until is None or old.in_force.until >= prov.in_force.from_:
            yield corpus.finding(f"provision:{pid}", ("replaces",), "overlap",
                                 f"{pid} (from {prov.in_force.from_}) replaces {old.id}, which is in force until "
                                 f"{old.in_force.until or 'no end date'}; expected the old one to end before")


def check_scenario_refs(corpus: Corpus) -> Iterator[Finding]:
    """Scenario facts, objectives, provisions and tasks resolve, with values of the right type."""
    objectives = corpus.objectives()
    for sid, sc in corpus.scenarios.items():
        key = f"scenario:{sid}"
        yield from _facts(corpus, key, sc.facts, ("facts",))
        yield from _parties(corpus, key, sc)
        for i, objective in enumerate(sc.objectives):
            if objective not in objectives:
                yield corpus.finding(key, ("objectives", i), "unknown-objective",
                                     f"objective '{objective}' is not defined by any lesson")
        ak = sc.answer_key
        sections = [((*loc, section), getattr(unit, section)) for _, unit, loc in ak.units()
                    for section in ("applicable", "fallback", "not_applicable")]
        for where, items in [*sections, (("answer_key", "deadlines"), ak.deadlines)]:
            for i, item in enumerate(items):
                if item.provision not in corpus.provisions:
                    yield corpus.finding(key, (*where, i, "provision"), "unknown-provision",
                                         f"answer key names '{item.provision}', which is not in the catalogue")
        task_ids = [t.id for t in sc.tasks]
        answered = [a.task for a in ak.tasks]
        for i, a in enumerate(ak.tasks):
            if a.task not in task_ids:
                yield corpus.finding(key, ("answer_key", "tasks", i, "task"), "unknown-task",
                                     f"answer for task '{a.task}', which the scenario does not set")
        for i, t in enumerate(sc.tasks):
            if t.id not in answered:
                yield corpus.finding(key, ("tasks", i), "unanswered-task",
                                     f"task '{t.id}' has no answer in the answer key")


def _facts(corpus: Corpus, key: str, facts: dict[str, object], loc: tuple[str | int, ...]) -> Iterator[Finding]:
    for name, value in facts.items():
        fact = corpus.facts.get(name)
        if fact is None:
            yield corpus.finding(key, (*loc, name), "unknown-fact",
                                 f"unknown fact '{name}'; expected a fact from law/facts.yaml")
        elif not _type_ok(fact, value):
            yield corpus.finding(key, (*loc, name), "fact-type",
                                 f"fact '{name}' is {value!r}; expected {_expected(fact)}")
        elif fact.type is FactType.INT and not (
                (fact.min is None or value >= fact.min) and (fact.max is None or value <= fact.max)):  # type: ignore[operator]
            yield corpus.finding(key, (*loc, name), "fact-range",
                                 f"fact '{name}' is {value}; expected {fact.min} to {fact.max}")


def _parties(corpus: Corpus, key: str, sc: Scenario) -> Iterator[Finding]:
    """Parties have unique ids and valid facts, a suspect harms persons the scenario names, and there is a
    suspect to answer for."""
    ids = [p.id for p in sc.parties]
    harmed = {p.id for p in sc.harmed}
    for i, party in enumerate(sc.parties):
        if party.id in ids[:i]:
            yield corpus.finding(key, ("parties", i, "id"), "duplicate-id",
                                 f"party '{party.id}' appears twice; expected unique party ids")
        yield from _facts(corpus, key, party.facts, ("parties", i, "facts"))
        for j, other in enumerate(party.harms or []):
            if party.role != "suspect" or other not in harmed:
                yield corpus.finding(key, ("parties", i, "harms", j), "unknown-party",
                                     f"'{party.id}' harms '{other}', who is not a person harmed in this scenario "
                                     f"({', '.join(sorted(harmed)) or 'none'}); only a suspect harms, and only a "
                                     "party with role 'harmed'")
    if sc.parties and not sc.suspects:
        yield corpus.finding(key, ("parties",), "no-suspect",
                             "the parties name no suspect; expected at least one party with role 'suspect'")


# ------------------------------------------------------------ 2-3. legal consistency


def _under(corpus: Corpus, sc: Scenario, pid: str) -> str:
    """'under KR law: ' for a scenario judged under several jurisdictions, so a finding names the one that failed."""
    return f"under {analysis.jurisdiction_of(corpus, pid)} law: " if len(sc.jurisdictions) > 1 else ""


def check_answer_keys(corpus: Corpus) -> Iterator[Finding]:
    """Each answer (the scenario's, or each suspect's) lists as applicable, as fallback and as tempting what the
    facts and the law derive: elements on the day of the act, the lighter later version where the case is decided
    under one, and administrative provisions as fallbacks where a crime they yield to applies too."""
    for sid, sc in corpus.scenarios.items():
        key = f"scenario:{sid}"
        named = sc.answer_key.provisions_named()
        found = judgement.judge(corpus, sc, also=named)
        suspects = {p.id for p in sc.suspects}
        for party, unit, loc in sc.answer_key.units():
            if party is not None and party not in suspects:
                yield corpus.finding(key, (*loc, "party"), "unknown-party",
                                     f"the answer key answers for '{party}', who is not a suspect among the "
                                     f"scenario's parties ({', '.join(sorted(suspects)) or 'none'})")
                continue
            if party is None and suspects:
                if unit.applicable or unit.fallback or unit.not_applicable:
                    yield corpus.finding(key, loc, "answer-per-suspect",
                                         "the scenario has several parties, so the answer key must say what each "
                                         "suspect can be charged with; expected 'suspects:' with one entry per suspect")
                continue
            yield from _compare_unit(corpus, key, sc, found.by_suspect[party], unit, loc, party)
        answered = {party for party, _, _ in sc.answer_key.units()}
        for i, p in enumerate(sc.parties):
            if p.role == "suspect" and p.id not in answered:
                yield corpus.finding(key, ("parties", i), "suspect-unanswered",
                                     f"the answer key does not say what {p.id} ({p.label}) can be charged with; "
                                     "expected an entry for him under answer_key.suspects")
        if len(sc.jurisdictions) > 1:
            answered_in = {analysis.jurisdiction_of(corpus, pid) for pid in named}
            for j, code in enumerate(sc.jurisdictions):
                if code not in answered_in:
                    yield corpus.finding(key, ("jurisdiction", j), "jurisdiction-unanswered",
                                         f"the scenario is judged under {code} law, but its answer key names no "
                                         f"{code} provision; expected what applies there (or a tempting provision "
                                         "that does not)")


def _compare_unit(corpus: Corpus, key: str, sc: Scenario, found: judgement.Verdict, unit: Findings,
                  loc: tuple[str | int, ...], party: str | None) -> Iterator[Finding]:
    """Compare one answer with the verdict, provision by provision: what the answer calls each provision
    (applicable, fallback, not applicable) against what the law makes of it."""
    who = f"for {party}: " if party else ""
    said: dict[str, tuple[str, int]] = {}
    for section in ("applicable", "fallback", "not_applicable"):
        for i, item in enumerate(getattr(unit, section)):
            said.setdefault(item.provision, (section, i))
    for pid in sorted(set(found.applicable) | set(found.fallback)):
        if pid in said:
            continue
        under = f"{who}{_under(corpus, sc, pid)}"
        if pid in found.applicable:
            version = found.version(pid)
            how = (f"as the lighter law ({version.why})" if version and version.selected == pid != version.at_act
                   else f"on these facts on {sc.incident_date} (every element holds)")
            yield corpus.finding(key, (*loc, "applicable"), "answer-missing",
                                 f"{under}{pid} applies {how}, but the answer key does not list it as applicable")
        else:
            yield corpus.finding(key, (*loc, "fallback"), "fallback-missing",
                                 f"{under}{pid} holds on its elements but yields to {', '.join(found.fallback[pid])}, "
                                 "which applies too; expected it under fallback (it applies if that cannot be "
                                 "proved)")
    for pid, (section, i) in sorted(said.items()):
        prov = corpus.provisions.get(pid)
        if prov is None:
            continue
        where = (*loc, section, i, "provision")
        yield from _judge_item(corpus, key, sc, found, pid, section, where, f"{who}{_under(corpus, sc, pid)}")


def _judge_item(corpus: Corpus, key: str, sc: Scenario, found: judgement.Verdict, pid: str, section: str,
                where: tuple[str | int, ...], under: str) -> Iterator[Finding]:
    status = found.status(pid)
    prov = corpus.provisions[pid]
    if section == "not_applicable":
        if status in ("applicable", "fallback"):
            extra = (f"; it yields to {', '.join(found.fallback[pid])}, so list it under fallback"
                     if status == "fallback" else "")
            yield corpus.finding(key, where, "not-applicable-applies",
                                 f"{under}answer key says {pid} does not apply, but every element holds on these "
                                 f"facts{extra}")
        return
    if status == section:
        return
    said = "as applicable" if section == "applicable" else "as a fallback"
    if status == "fallback":
        yield corpus.finding(key, where, "yields",
                             f"{under}answer key lists {pid} as applicable, but it yields to "
                             f"{', '.join(found.fallback[pid])}, which applies too (an administrative penalty only "
                             "where the act is not a crime); expected it under fallback")
    elif status == "applicable":
        yield corpus.finding(key, where, "fallback-applies",
                             f"{under}answer key lists {pid} as a fallback, but nothing it yields to applies on these "
                             f"facts ({', '.join(prov.yields_to) or 'it yields to nothing'}); expected it under "
                             "applicable")
    elif status == "superseded":
        version = found.version(pid)
        yield corpus.finding(key, where, "lighter-law",
                             f"{under}answer key lists {pid} {said}, but {version.why if version else ''}"
                             f"{'; expected ' + version.selected + ' instead' if version and version.selected else ''}")
    elif status == "fails":
        failed = found.results[pid].failed()[0]
        yield corpus.finding(key, where, "answer-extra",
                             f"{under}answer key lists {pid} {said}, but element '{failed.element}' "
                             f"({failed.label}) is not satisfied: {'; '.join(failed.outcome.because)}")
    else:
        why = ("it sets no elements to prove" if not prov.elements
               else f"it is in force {prov.in_force.from_} to {prov.in_force.until or 'today'}")
        if analysis.jurisdiction_of(corpus, pid) not in sc.jurisdictions:
            why = (f"it is {analysis.jurisdiction_of(corpus, pid)} law and the scenario is judged under "
                   f"{', '.join(sc.jurisdictions)}")
        elif prov.elements and (decided := judgement.decision_date(sc)) and prov.in_force.covers(decided):
            why += (f"; a later version applies to an earlier act only where it is lighter and the act was "
                    f"punishable when done ({sc.incident_date})")
        yield corpus.finding(key, where, "not-in-force",
                             f"{under}answer key lists {pid} {said}, but on {sc.incident_date} it cannot apply: {why}")


def check_reasoning(corpus: Corpus) -> Iterator[Finding]:
    """Each reasoning names an element of the provision and facts the scenario states (shared, or about one of
    its parties)."""
    for sid, sc in corpus.scenarios.items():
        key = f"scenario:{sid}"
        stated = sc.stated()
        for _, unit, loc in sc.answer_key.units():
            for section in ("applicable", "fallback"):
                for i, a in enumerate(getattr(unit, section)):
                    yield from _reasoning(corpus, key, stated, a, (*loc, section, i))
            for i, na in enumerate(unit.not_applicable):
                for k, fact in enumerate(na.facts):
                    if fact not in corpus.facts:
                        yield corpus.finding(key, (*loc, "not_applicable", i, "facts", k), "unknown-fact",
                                             f"unknown fact '{fact}'; expected a fact from law/facts.yaml")


def _reasoning(corpus: Corpus, key: str, stated: set[str], a: Applicable,
               loc: tuple[str | int, ...]) -> Iterator[Finding]:
    prov = corpus.provisions.get(a.provision)
    if prov is None:
        return
    elements = [e.id for e in prov.elements]
    covered = set()
    for j, r in enumerate(a.reasoning):
        rloc = (*loc, "reasoning", j)
        if r.element not in elements:
            yield corpus.finding(key, (*rloc, "element"), "unknown-element",
                                 f"reasoning for {a.provision} names element '{r.element}'; expected one "
                                 f"of {', '.join(elements) or 'none'}")
        covered.add(r.element)
        for k, fact in enumerate(r.facts):
            if fact not in stated:
                yield corpus.finding(key, (*rloc, "facts", k), "reasoning-fact",
                                     f"reasoning for {a.provision}/{r.element} relies on '{fact}', which "
                                     "the scenario's facts do not state")
    for missing in [e for e in elements if e not in covered]:
        yield corpus.finding(key, loc, "reasoning-missing",
                             f"no reasoning for element '{missing}' of {a.provision}; expected one per "
                             "element")


# ------------------------------------------------------------ 4. timelines


def check_timelines(corpus: Corpus) -> Iterator[Finding]:
    for sid, sc in corpus.scenarios.items():
        key = f"scenario:{sid}"
        yield from _timeline(corpus, key, sc)


def _timeline(corpus: Corpus, key: str, sc: Scenario) -> Iterator[Finding]:
    for i, event in enumerate(sc.timeline):
        if event.event not in corpus.events:
            yield corpus.finding(key, ("timeline", i, "event"), "unknown-event",
                                 f"unknown event type '{event.event}'; expected one from law/events.yaml")
        if i and event.date < sc.timeline[i - 1].date:
            yield corpus.finding(key, ("timeline", i, "date"), "timeline-order",
                                 f"event '{event.event}' on {event.date} comes before the previous event "
                                 f"({sc.timeline[i - 1].date}); expected events in date order")
    incidents = [e for e in sc.timeline if e.event == "incident"]
    if incidents and incidents[0].date != sc.incident_date:
        yield corpus.finding(key, ("incident_date",), "incident-date",
                             f"incident_date is {sc.incident_date} but the timeline's incident is on "
                             f"{incidents[0].date}; expected the same date")
    # a birth date after the incident (each written birth date, where it is written)
    for facts, where in [(sc.facts, ("facts",))] + [(p.facts, ("parties", i, "facts"))
                                                      for i, p in enumerate(sc.parties) if p.role == "harmed"]:
        birth = facts.get("victim_birth_date")
        if isinstance(birth, dt.date) and birth > sc.incident_date:
            yield corpus.finding(key, (*where, "victim_birth_date"), "birth-date",
                                 f"victim_birth_date {birth} is after the incident ({sc.incident_date}); expected "
                                 "a birth date before it")
    # the person harmed's age: in the shared facts, or each person harmed's own
    people = [(sc.facts, ("facts",))] + [
        ({**sc.facts, **p.facts}, ("parties", i, "facts") if "victim_age" in p.facts else ("facts",))
        for i, p in enumerate(sc.parties) if p.role == "harmed"]
    for facts, where in people:
        birth, age = facts.get("victim_birth_date"), facts.get("victim_age")
        if isinstance(birth, dt.date) and isinstance(age, int) and not isinstance(age, bool):
            real = analysis.age_on(birth, sc.incident_date)
            if real != age:
                yield corpus.finding(key, (*where, "victim_age"), "age",
                                     f"victim_age is {age}, but someone born on {birth} is {real} on "
                                     f"{sc.incident_date}")
    for i, d in enumerate(sc.answer_key.deadlines):
        prov = corpus.provisions.get(d.provision)
        if prov is None:
            continue
        loc = ("answer_key", "deadlines", i)
        if prov.deadline is None:
            yield corpus.finding(key, (*loc, "provision"), "no-deadline",
                                 f"{d.provision} sets no time limit; expected a provision with a 'deadline'")
            continue
        start = next((e for e in sc.timeline if e.event == prov.deadline.from_event), None)
        if start is None:
            yield corpus.finding(key, (*loc, "provision"), "deadline-event",
                                 f"the time limit of {d.provision} runs from '{prov.deadline.from_event}', "
                                 "which the timeline does not contain")
            continue
        due = analysis.due_date(start.date, prov.deadline)
        if not prov.in_force.covers(due):
            # procedure follows the law in force when the step is taken, not the law at the act
            current = sorted(p for p in judgement.versions_of(corpus, prov.id)
                             if p in corpus.provisions and corpus.provisions[p].in_force.covers(due))
            yield corpus.finding(key, (*loc, "provision"), "deadline-version",
                                 f"the step is due on {due}, but {d.provision} is {describe.period(prov.in_force)}; a "
                                 "time limit follows the law in force when the step is taken: expected "
                                 f"{' or '.join(current) or 'the version then in force'}")
        if due != d.due:
            yield corpus.finding(key, (*loc, "due"), "deadline",
                                 f"due date for {d.provision} is {d.due}, but {describe.deadline(prov.deadline)} "
                                 f"from '{start.event}' on {start.date} ends on {due}")
        if d.met is not None:
            yield from _met(corpus, key, sc, d.met, prov, start.date, due, loc)


def _met(corpus: Corpus, key: str, sc: Scenario, said: bool, prov: Provision, start: dt.date, due: dt.date,
         loc: tuple[str | int, ...]) -> Iterator[Finding]:
    """Was the act the time limit requires (its to_event) done by the last day? Compare with the answer key."""
    if prov.deadline is None or prov.deadline.to_event is None:
        yield corpus.finding(key, (*loc, "met"), "deadline-no-act",
                             f"the answer key says whether the time limit of {prov.id} was met, but the catalogue "
                             "does not say which act it requires; expected 'to_event' on its deadline")
        return
    act = prov.deadline.to_event
    dates = [e.date for e in sc.timeline if e.event == act and e.date >= start]
    done = analysis.met(dates, due)
    if done != said:
        when = f"'{act}' is on {dates[0]}" if dates else f"the timeline has no '{act}'"
        yield corpus.finding(key, (*loc, "met"), "deadline-met",
                             f"answer key says the time limit of {prov.id} was {'met' if said else 'missed'}, but "
                             f"{when} and the last day is {due}; expected met: {str(done).lower()}")


# ------------------------------------------------------------ 5. coverage and structure


def check_coverage(corpus: Corpus) -> Iterator[Finding]:
    exercised = {o for sc in corpus.scenarios.values() for o in sc.objectives}
    for lid, lesson in corpus.lessons.items():
        for i, objective in enumerate(lesson.objectives):
            if objective.id not in exercised:
                yield corpus.finding(f"lesson:{lid}", ("objectives", i, "id"), "objective-uncovered",
                                     f"objective '{objective.id}' is not exercised by any scenario; expected at "
                                     "least one scenario to list it")


def check_provision_coverage(corpus: Corpus) -> Iterator[Finding]:
    """Every provision is exercised by a scenario (applies in one, or sets a time limit one computes),
    unless marked reference-only with a reason; one that applies somewhere should also be a tempting
    wrong choice somewhere else."""
    applies, tempting, timed = set(), set(), set()
    for sc in corpus.scenarios.values():
        for _, unit, _ in sc.answer_key.units():
            applies.update(a.provision for a in (*unit.applicable, *unit.fallback))
            tempting.update(n.provision for n in unit.not_applicable)
        timed.update(d.provision for d in sc.answer_key.deadlines)
    for pid, prov in sorted(corpus.provisions.items()):
        if prov.reference_only:
            continue
        if pid not in applies | timed:
            yield corpus.finding(f"provision:{pid}", ("id",), "provision-unexercised",
                                 f"{pid} is not exercised by any scenario (it applies in none and sets no time limit "
                                 "one computes); write a scenario, or mark it 'reference_only' with the reason")
        elif prov.elements and pid not in tempting:
            yield corpus.finding(f"provision:{pid}", ("id",), "provision-never-tempting",
                                 f"{pid} is never a tempting wrong choice; list it under not_applicable in a scenario "
                                 "where it looks right but fails", severity=Severity.WARNING)


def check_points_to_prove(corpus: Corpus) -> Iterator[Finding]:
    """Every element says what evidence typically proves it (its points-to-prove page shows it)."""
    for pid, prov in corpus.provisions.items():
        for j, element in enumerate(prov.elements):
            if not element.evidence:
                yield corpus.finding(f"provision:{pid}", ("elements", j), "element-evidence",
                                     f"element '{element.id}' of {pid} lists no evidence; expected 'evidence:' with "
                                     "what typically proves it")


def check_lessons(corpus: Corpus) -> Iterator[Finding]:
    """Prerequisites resolve and form no cycle; every module's duration is the sum of its lessons."""
    for lid, lesson in corpus.lessons.items():
        for i, pre in enumerate(lesson.prerequisites):
            if pre not in corpus.lessons:
                yield corpus.finding(f"lesson:{lid}", ("prerequisites", i), "unknown-prerequisite",
                                     f"prerequisite '{pre}' is not a lesson id")
        if lesson.module not in corpus.modules:
            yield corpus.finding(f"lesson:{lid}", ("module",), "unknown-module",
                                 f"module '{lesson.module}' has no index.md with 'ibsa_module' front matter")
    yield from _cycles(corpus)
    for mid, module in corpus.modules.items():
        total = sum(lesson.duration for lesson in corpus.lessons.values() if lesson.module == mid)
        if total != module.duration:
            yield corpus.finding(f"module:{mid}", ("duration",), "module-duration",
                                 f"module duration is {module.duration} minutes but its lessons add up to "
                                 f"{total}; expected the sum")


def _cycles(corpus: Corpus) -> Iterator[Finding]:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(lid: str, path: list[str]) -> Iterator[Finding]:
        state[lid] = 1
        for pre in corpus.lessons[lid].prerequisites:
            if pre not in corpus.lessons:
                continue
            if state.get(pre) == 1:
                cycle = [*path[path.index(pre):], pre] if pre in path else [lid, pre]
                yield corpus.finding(f"lesson:{lid}", ("prerequisites",), "prerequisite-cycle",
                                     "prerequisites form a cycle: " + " -> ".join(cycle))
            elif pre not in state:
                yield from visit(pre, [*path, pre])
        state[lid] = 2

    for lid in sorted(corpus.lessons):
        if lid not in state:
            yield from visit(lid, [lid])


def check_roleplays(corpus: Corpus) -> Iterator[Finding]:
    """A role-play hands participants one briefing (the interviewer's), keeps every other card for the
    facilitator, and ties every observer checklist item to one of the scenario's objectives."""
    for sid, sc in corpus.scenarios.items():
        if sc.roleplay is None:
            continue
        key = f"scenario:{sid}"
        shown = [r.id for r in sc.roleplay.roles if r.shown_to == "everyone"]
        if len(shown) != 1:
            yield corpus.finding(key, ("roleplay", "roles"), "roleplay-handout",
                                 f"{len(shown)} roles are shown to everyone ({', '.join(shown) or 'none'}); expected "
                                 "exactly one, the interviewer's, with the other briefings for the facilitator")
        ids = [r.id for r in sc.roleplay.roles]
        for i, rid in enumerate(ids):
            if rid in ids[:i]:
                yield corpus.finding(key, ("roleplay", "roles", i, "id"), "duplicate-id",
                                     f"role '{rid}' appears twice; expected unique role ids")
        for i, item in enumerate(sc.roleplay.checklist):
            if item.objective not in sc.objectives:
                yield corpus.finding(key, ("roleplay", "checklist", i, "objective"), "checklist-objective",
                                     f"checklist item '{item.text}' is tied to objective '{item.objective}', which "
                                     f"is not among the scenario's objectives ({', '.join(sc.objectives)})")


def check_drafts(corpus: Corpus) -> Iterator[Finding]:
    """A drafted offence is written in the fact vocabulary, catches its own scenario and every scenario it
    `covers`, and none it `excludes`."""
    for sid, sc in corpus.scenarios.items():
        draft = sc.answer_key.draft
        if draft is None:
            continue
        key, loc = f"scenario:{sid}", ("answer_key", "draft")
        nodes = {e.id: corpus.expressions.get((draft_key(sid), e.id)) for e in draft.elements}
        for j, element in enumerate(draft.elements):
            node = nodes[element.id]
            if node is not None:
                yield from _leaves(corpus, key, (*loc, "elements", j, "when"), f"draft element '{element.id}'", node,
                                   {})
        targets = [(sid, loc, True), *((o, (*loc, "covers", i), True) for i, o in enumerate(draft.covers)),
                   *((o, (*loc, "excludes", i), False) for i, o in enumerate(draft.excludes))]
        for other, where, must in targets:
            target = corpus.scenarios.get(other)
            if target is None:
                yield corpus.finding(key, where, "unknown-scenario",
                                     f"the draft names scenario '{other}', which does not exist")
                continue
            facts = ChainMap(dict(target.facts), analysis.unstated_defaults(corpus.facts))
            failed = [(e, o) for e in draft.elements if (n := nodes[e.id]) is not None
                      and not (o := expr.evaluate(n, facts, {})).holds]
            if must and failed:
                element, outcome = failed[0]
                yield corpus.finding(key, where, "draft-misses",
                                     f"the draft offence does not catch scenario '{other}': element "
                                     f"'{element.id}' ({element.label}) fails: {'; '.join(outcome.because)}")
            elif not must and not failed:
                yield corpus.finding(key, where, "draft-overreaches",
                                     f"the draft offence catches scenario '{other}', which it should leave "
                                     "alone: every element holds on its facts")


def check_tools(corpus: Corpus) -> Iterator[Finding]:
    """A printable tool's items cite provisions and facts that exist."""
    for tid, tool in corpus.tools.items():
        for i, section in enumerate(tool.sections):
            for j, item in enumerate(section.items):
                loc = ("sections", i, "items", j)
                if item.provision and item.provision not in corpus.provisions:
                    yield corpus.finding(f"tool:{tid}", (*loc, "provision"), "unknown-provision",
                                         f"item cites '{item.provision}', which is not in the catalogue")
                if item.fact and item.fact not in corpus.facts:
                    yield corpus.finding(f"tool:{tid}", (*loc, "fact"), "unknown-fact",
                                         f"item records unknown fact '{item.fact}'; expected a fact from "
                                         "law/facts.yaml")


# ------------------------------------------------------------ 6. sources


def check_sources(corpus: Corpus, today: dt.date | None = None) -> Iterator[Finding]:
    today = today or dt.date.today()
    for pid, prov in corpus.provisions.items():
        key = f"provision:{pid}"
        if today - prov.source.checked > STALE_AFTER:
            yield corpus.finding(key, ("source", "checked"), "source-stale",
                                 f"{pid} was last checked against its source on {prov.source.checked}, more than "
                                 "twelve months ago; check it again and update 'checked'",
                                 severity=Severity.WARNING)
        if not prov.verified:
            yield corpus.finding(key, ("verified",), "unverified",
                                 f"{pid} is not verified against a stored source; lessons must say so",
                                 severity=Severity.WARNING)
    for i, service in enumerate(corpus.services):
        if today - service.source.checked > STALE_AFTER:
            yield corpus.finding("referrals", ("services", i, "source", "checked"), "source-stale",
                                 f"the entry for {service.id} was last checked on {service.source.checked}, more "
                                 "than twelve months ago; a wrong number sends a person in crisis nowhere: check it "
                                 "again", severity=Severity.WARNING)


# the checks that concern one scenario and the law it draws on (what `ibsa analyse` runs)
SCENARIO_CHECKS: tuple[Check, ...] = (
    check_elements, check_provision_refs, check_scenario_refs, check_answer_keys, check_reasoning, check_timelines,
    check_roleplays, check_drafts,
)
CHECKS: tuple[Check, ...] = (
    check_elements, check_provision_refs, check_scenario_refs, check_answer_keys, check_reasoning,
    check_timelines, check_roleplays, check_drafts, check_coverage, check_provision_coverage, check_points_to_prove,
    check_lessons, check_tools, check_sources, safety.check_content_safety,
)


def run_checks(corpus: Corpus, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    found = list(corpus.findings)
    for check in checks:
        found.extend(check(corpus))
    return sorted(set(found), key=lambda f: (f.path, f.line, f.code, f.message))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]
