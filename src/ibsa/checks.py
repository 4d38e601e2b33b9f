"""The checks behind `ibsa check`: every rule that decides whether the corpus is sound.

Each check is a function from the Corpus to findings; `run_checks` runs them all
and reports everything, not just the first problem. What a check decides from one scenario alone (with the law)
is a scenario body (SCENARIO_BODIES): `summarise` runs them all on one scenario, and the checks read their
findings from the summaries, so `ibsa check` can check 10,000 scenarios one at a time and keep no model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import ChainMap
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ibsa import analysis, describe, expr, judgement, loaders, prose, safety, sources
from ibsa.findings import Finding, Severity, hint
from ibsa.loaders import LAW_DIR, Corpus, draft_key
from ibsa.model import (
    Applicable,
    DeadlineAnswer,
    Fact,
    FactType,
    Findings,
    Lesson,
    Provision,
    Scenario,
    Threshold,
    TimelineEvent,
)

STALE_AFTER = dt.timedelta(days=365)
# a fact definition is shown to readers; these mark text meant for authors (it belongs in author_note)
FACT_NAME_IN_TEXT = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
AUTHORING_PHRASES = ("state it", "unstated", "the scenario", "use instead", "instead use")
Check = Callable[[Corpus], Iterator[Finding]]


_FACTS = "; expected a fact from law/facts.yaml"
_SERVICES = "; expected the id of a service listed there"


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
                                     f"threshold '{t.id}' of {pid} names unknown fact '{t.fact}'"
                                     f"{hint(t.fact, corpus.facts) or '; expected a fact from law/facts.yaml'}")
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
                                         f"the time limit of {pid} names unknown event '{name}'"
                                         f"{hint(name, corpus.events) or '; expected one from law/events.yaml'}")


def _leaves(corpus: Corpus, key: str, loc: tuple[str | int, ...], what: str, node: expr.Node,
            thresholds: dict[str, Threshold]) -> Iterator[Finding]:
    """Each comparison in an expression names a declared fact, with a value (or threshold) of its type."""
    for leaf in expr.leaves(node):
        fact = corpus.facts.get(leaf.fact)
        if fact is None:
            yield corpus.finding(key, loc, "unknown-fact",
                                 f"{what} uses unknown fact '{leaf.fact}'"
                                 f"{hint(leaf.fact, corpus.facts) or '; expected a fact from law/facts.yaml'}")
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


def check_fact_definitions(corpus: Corpus) -> Iterator[Finding]:
    """A fact's definition is printed for readers (checklists, points to prove), so it names no other fact and
    tells authors nothing; cross-references and authoring guidance go in `author_note`, which is never shown."""
    path = f"{LAW_DIR}/facts.yaml"
    doc = corpus.docs.get(path)
    for name, fact in corpus.facts.items():
        line = doc.line_of(("facts", name, "definition")) if doc else 1
        named = FACT_NAME_IN_TEXT.search(fact.definition)
        if named:
            yield Finding(path, line, "fact-definition",
                          f"the definition of '{name}' names the fact '{named.group()}', which readers would see; "
                          "say it in words, or move the cross-reference to 'author_note'")
        phrase = next((p for p in AUTHORING_PHRASES if p in fact.definition.lower()), None)
        if phrase:
            yield Finding(path, line, "fact-definition",
                          f"the definition of '{name}' gives authors an instruction ('{phrase}'), which readers "
                          "would see; move it to 'author_note'")


def check_fact_implications(corpus: Corpus) -> Iterator[Finding]:
    """A true fact that entails another (`implies` in facts.yaml) is stated with it, so that a scenario cannot call
    images AI fakes and leave privacy routes treating them as real recordings."""
    return each_scenario(corpus, _fact_implications)


def _fact_implications(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    places = [(("facts",), sc.facts, sc.facts)]
    places += [(("parties", i, "facts"), p.facts, {**sc.facts, **p.facts}) for i, p in enumerate(sc.parties)]
    for loc, own, seen in places:
        for name, value in own.items():
            fact = corpus.facts.get(name)
            for needed in (fact.implies if fact is not None and value is True else []):
                if seen.get(needed) is not True:
                    yield corpus.finding(f"scenario:{sid}", (*loc, name), "fact-implies",
                                         f"fact '{name}' is true, which implies '{needed}'; state {needed}: true "
                                         f"as well, or correct {name}")


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
    for sid, summary in summaries(corpus).items():  # objectives are defined by lessons: checked across files
        for i, objective in enumerate(summary.objectives):
            if objective not in objectives:
                yield corpus.finding(f"scenario:{sid}", ("objectives", i), "unknown-objective",
                                     f"objective '{objective}' is not defined by any lesson"
                                     f"{hint(objective, objectives)}")
    yield from each_scenario(corpus, _scenario_refs)


def _scenario_refs(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    key = f"scenario:{sid}"
    yield from _facts(corpus, key, sc.facts, ("facts",))
    yield from _parties(corpus, key, sc)
    ak = sc.answer_key
    sections = [((*loc, section), getattr(unit, section)) for _, unit, loc in ak.units()
                for section in ("applicable", "fallback", "not_applicable")]
    for where, items in [*sections, (("answer_key", "deadlines"), ak.deadlines)]:
        for i, item in enumerate(items):
            if item.provision not in corpus.provisions:
                yield corpus.finding(key, (*where, i, "provision"), "unknown-provision",
                                     f"answer key names '{item.provision}', which is not in the catalogue"
                                     f"{hint(item.provision, corpus.provisions)}")
    task_ids = [t.id for t in sc.tasks]
    answered = [a.task for a in ak.tasks]
    for i, a in enumerate(ak.tasks):
        if a.task not in task_ids:
            yield corpus.finding(key, ("answer_key", "tasks", i, "task"), "unknown-task",
                                 f"answer for task '{a.task}', which the scenario does not set"
                                 f"{hint(a.task, task_ids)}")
    for i, t in enumerate(sc.tasks):
        if t.id not in answered:
            yield corpus.finding(key, ("tasks", i), "unanswered-task",
                                 f"task '{t.id}' has no answer in the answer key")


def _facts(corpus: Corpus, key: str, facts: dict[str, object], loc: tuple[str | int, ...]) -> Iterator[Finding]:
    for name, value in facts.items():
        fact = corpus.facts.get(name)
        if fact is None:
            yield corpus.finding(key, (*loc, name), "unknown-fact",
                                 f"unknown fact '{name}'{hint(name, corpus.facts) or _FACTS}")
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
    return each_scenario(corpus, _answer_key)


def _answer_key(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
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
        instead = f"; expected {version.selected} instead" if version and version.selected else ""
        yield corpus.finding(key, where, "lighter-law",
                             f"{under}answer key lists {pid} {said}, but {version.why if version else ''}{instead}")
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
    return each_scenario(corpus, _reasonings)


def _reasonings(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
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
                                         f"unknown fact '{fact}'{hint(fact, corpus.facts) or _FACTS}")


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
            expected = f"; expected one of {', '.join(elements) or 'none'}"
            yield corpus.finding(key, (*rloc, "element"), "unknown-element",
                                 f"reasoning for {a.provision} names element '{r.element}'"
                                 f"{hint(r.element, elements) or expected}")
        covered.add(r.element)
        for k, fact in enumerate(r.facts):
            if fact not in corpus.facts:  # a typo or a word that is no fact at all, not a fact left unstated
                yield corpus.finding(key, (*rloc, "facts", k), "unknown-fact",
                                     f"reasoning for {a.provision}/{r.element} relies on '{fact}', which is not a "
                                     f"fact{hint(fact, corpus.facts) or _FACTS}")
            elif fact not in stated:
                yield corpus.finding(key, (*rloc, "facts", k), "reasoning-fact",
                                     f"reasoning for {a.provision}/{r.element} relies on '{fact}', which "
                                     "the scenario's facts do not state")
    for missing in [e for e in elements if e not in covered]:
        yield corpus.finding(key, loc, "reasoning-missing",
                             f"no reasoning for element '{missing}' of {a.provision}; expected one per "
                             "element")


# ------------------------------------------------------------ 4. timelines


def check_timelines(corpus: Corpus) -> Iterator[Finding]:
    return each_scenario(corpus, _timeline)


def _timeline(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    key = f"scenario:{sid}"
    for i, event in enumerate(sc.timeline):
        if event.event not in corpus.events:
            yield corpus.finding(key, ("timeline", i, "event"), "unknown-event",
                                 f"unknown event type '{event.event}'; expected one from law/events.yaml")
        if i and _earlier(event, sc.timeline[i - 1]):
            yield corpus.finding(key, ("timeline", i, "date"), "timeline-order",
                                 f"event '{event.event}' on {_when(event)} comes before the previous event "
                                 f"({_when(sc.timeline[i - 1])}); expected events in date order")
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
        if prov.deadline.hours is not None and start.moment is not None:
            yield from _in_hours(corpus, key, sc, d, prov, start, loc)
            continue
        if d.due_time is not None:
            yield corpus.finding(key, (*loc, "due_time"), "deadline-time",
                                 f"due_time is given for {d.provision}, but its time limit is not counted in hours "
                                 f"from a timed event ('{start.event}' on {start.date} has no time); give the event a "
                                 "time, or leave out due_time")
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


def _when(event: TimelineEvent) -> str:
    return f"{event.date} {event.time}" if event.time else str(event.date)


def _earlier(event: TimelineEvent, previous: TimelineEvent) -> bool:
    """Out of order: an earlier date, or on the same date an earlier time (when both have one)."""
    if event.date != previous.date:
        return event.date < previous.date
    return event.time is not None and previous.time is not None and event.time < previous.time


def _in_hours(corpus: Corpus, key: str, sc: Scenario, d: DeadlineAnswer, prov: Provision, start: TimelineEvent,
              loc: tuple[str | int, ...]) -> Iterator[Finding]:
    """A limit in hours from a timed event is checked to the hour: the due moment, and whether the act it
    requires came by then."""
    assert prov.deadline is not None and prov.deadline.hours is not None and start.moment is not None
    due = analysis.due_moment(start.moment, prov.deadline.hours, analysis.jurisdiction_of(corpus, prov.id))
    if (d.due, d.due_time) != (due.date(), f"{due:%H:%M}"):
        said = f"{d.due} {d.due_time}" if d.due_time else f"{d.due} (no due_time)"
        yield corpus.finding(key, (*loc, "due"), "deadline",
                             f"due moment for {d.provision} is {said}, but {describe.deadline(prov.deadline)} from "
                             f"'{start.event}' at {_when(start)} end at {due:%Y-%m-%d %H:%M}; expected due: "
                             f"{due.date()} and due_time: \"{due:%H:%M}\"")
    if d.met is None:
        return
    if prov.deadline.to_event is None:  # reported as deadline-no-act
        yield from _met(corpus, key, sc, d.met, prov, start.date, due.date(), loc)
        return
    acts = [e for e in sc.timeline if e.event == prov.deadline.to_event and e.date >= start.date
            and (e.moment is None or e.moment >= start.moment)]
    undecided = next((e for e in acts if e.time is None and e.date == due.date()), None)
    if undecided is not None:
        yield corpus.finding(key, (*loc, "met"), "deadline-time",
                             f"'{undecided.event}' on {undecided.date} has no time, and the time limit of {prov.id} "
                             f"ends at {due:%H:%M} that day; give the event a time")
        return
    done = any((e.moment or dt.datetime.combine(e.date, dt.time())) <= due for e in acts)
    if done != d.met:
        act = prov.deadline.to_event
        when = f"'{act}' is at {_when(acts[0])}" if acts else f"the timeline has no '{act}'"
        yield corpus.finding(key, (*loc, "met"), "deadline-met",
                             f"answer key says the time limit of {prov.id} was {'met' if d.met else 'missed'}, but "
                             f"{when} and the limit ends at {due:%Y-%m-%d %H:%M}; expected met: {str(done).lower()}")


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
    exercised = {o for summary in summaries(corpus).values() for o in summary.objectives}
    for lid, lesson in corpus.lessons.items():
        for i, objective in enumerate(lesson.objectives):
            if objective.id not in exercised:
                yield corpus.finding(f"lesson:{lid}", ("objectives", i, "id"), "objective-uncovered",
                                     f"objective '{objective.id}' is not exercised by any scenario; expected at "
                                     "least one scenario to list it" + _DRAFT * (lesson.status == "draft"),
                                     severity=_severity(lesson))


# A stub left by `ibsa new` or a placeholder typed by hand: never published as an answer or an objective.
PLACEHOLDER = re.compile(r"\A\s*(?:to[- ]be[- ]written|todo|tbd|fixme|xxx+|lorem ipsum|placeholder)\b", re.I)
_DRAFT = " (a warning while the lesson is a draft; an error once 'status: draft' is removed)"


def _severity(lesson: Lesson) -> Severity:
    return Severity.WARNING if lesson.status == "draft" else Severity.ERROR


def _strings(value: object, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a model dumped to plain data, with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*loc, i))


def _stubs(corpus: Corpus, key: str, model: Scenario | Lesson, severity: Severity, note: str) -> Iterator[Finding]:
    for loc, text in _strings(model.model_dump(exclude={"path", "docname"}), ()):
        if PLACEHOLDER.match(text):
            yield corpus.finding(key, loc, "placeholder", _stub(text, note), severity=severity)


def _scenario_stubs(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    return _stubs(corpus, f"scenario:{sid}", sc, Severity.ERROR, "")


def check_placeholders(corpus: Corpus) -> Iterator[Finding]:
    """No text of a scenario or a lesson's front matter is a stub ("To be written", "TODO")."""
    yield from each_scenario(corpus, _scenario_stubs)
    for lid, lesson in corpus.lessons.items():
        yield from _stubs(corpus, f"lesson:{lid}", lesson, _severity(lesson), _DRAFT * (lesson.status == "draft"))
    for lesson in corpus.lessons.values():  # the page itself: a paragraph or heading that is still a stub
        lines = (corpus.root / lesson.path).read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if PLACEHOLDER.match(line.lstrip("#").strip()):
                yield Finding(lesson.path, n, "placeholder", _stub(line.lstrip("#"), _DRAFT * (lesson.status ==
                                                                                            "draft")),
                              severity=_severity(lesson))


def _stub(text: str, note: str) -> str:
    text = text.strip()
    shown = text if len(text) <= 60 else text[:57] + "..."
    return f"'{shown}' is a placeholder; write the text before the page is published{note}"


def check_provision_coverage(corpus: Corpus) -> Iterator[Finding]:
    """Every provision is exercised by a scenario (applies in one, or sets a time limit one computes),
    unless marked reference-only with a reason; one that applies somewhere should also be a tempting
    wrong choice somewhere else."""
    applies, tempting, timed = set(), set(), set()
    for summary in summaries(corpus).values():
        applies |= summary.applies
        tempting |= summary.tempting
        timed |= summary.timed
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


ORIGINAL_LANGUAGE = ("CN", "TW", "HK", "KR", "JP")  # jurisdictions whose law is not written in English


def check_original_articles(corpus: Corpus) -> Iterator[Finding]:
    """A provision of a jurisdiction that legislates in Chinese, Korean or Japanese gives its article reference
    in that language: its page and the Chinese edition's citations show it."""
    for pid, prov in corpus.provisions.items():
        inst = corpus.instruments.get(prov.instrument)
        if inst is not None and inst.jurisdiction in ORIGINAL_LANGUAGE and not prov.article_original:
            yield corpus.finding(f"provision:{pid}", ("id",), "original-article",
                                 f"provision {pid} has no article_original (its article reference in the original "
                                 "language, e.g. 第五十条第一款); add it")


def check_lessons(corpus: Corpus) -> Iterator[Finding]:
    """Prerequisites resolve and form no cycle; every module's duration is the sum of its lessons."""
    for lid, lesson in corpus.lessons.items():
        for i, pre in enumerate(lesson.prerequisites):
            if pre not in corpus.lessons:
                yield corpus.finding(f"lesson:{lid}", ("prerequisites", i), "unknown-prerequisite",
                                     f"prerequisite '{pre}' is not a lesson id{hint(pre, corpus.lessons)}")
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
    return each_scenario(corpus, _roleplay)


def _roleplay(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    if sc.roleplay is None:
        return
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
    `covers`, and none it `excludes`. It reads other scenarios, so it runs across files, on the few that draft."""
    for sid in [sid for sid, summary in summaries(corpus).items() if summary.drafts]:
        sc = corpus.scenarios[sid]
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
    """A printable tool's items cite provisions, facts and referral services that exist."""
    services = [s.id for s in corpus.services]
    for tid, tool in corpus.tools.items():
        for i, section in enumerate(tool.sections):
            for j, item in enumerate(section.items):
                loc = ("sections", i, "items", j)
                if item.provision and item.provision not in corpus.provisions:
                    yield corpus.finding(f"tool:{tid}", (*loc, "provision"), "unknown-provision",
                                         f"item cites '{item.provision}', which is not in the catalogue"
                                         f"{hint(item.provision, corpus.provisions)}")
                if item.fact and item.fact not in corpus.facts:
                    yield corpus.finding(f"tool:{tid}", (*loc, "fact"), "unknown-fact",
                                         f"item records unknown fact '{item.fact}'"
                                         f"{hint(item.fact, corpus.facts) or _FACTS}")
                if item.referral and item.referral not in services:
                    yield corpus.finding(f"tool:{tid}", (*loc, "referral"), "unknown-service",
                                         f"item refers to service '{item.referral}', which is not in "
                                         "resources/referrals.yaml"
                                         f"{hint(item.referral, services) or _SERVICES}")


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
    check_fact_definitions, check_fact_implications, check_original_articles,
    # issue 14: official sources and the prose readers see
    sources.check_official_sources, prose.check_internals, prose.check_legal_figures,
)



def run_checks(corpus: Corpus, checks: tuple[Check, ...] | None = None) -> list[Finding]:
    found = list(corpus.findings)
    for check in CHECKS if checks is None else checks:  # looked up now: later sections extend CHECKS
        found.extend(check(corpus))
    return sorted(set(found), key=lambda f: (f.path, f.line, f.code, f.message))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


# ------------------------------------------------------------ 7. pages that teach without handing out answers

ROLE = re.compile(r"\{(?P<role>[a-z-]+)\}`(?P<arg>[^`]*)`")
_EXPLICIT = re.compile(r"<(?P<target>[^<>]+)>\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d)*]*\s+(?=[A-Z{*\"\u201c(])")
# words that say whether a count, threshold or time limit is reached
_VERDICT = re.compile(r"\b(?:not met|met|unmet|tempting|non-answers?|decides the case|passed|exceeds?|exceeded|"
                      r"(?:is|are|falls?|stays?|remains?) (?:below|under)|"
                      r"below (?:the|its|any|every) (?:threshold|count|line|bar)|above (?:the|its) threshold|short of|"
                      r"missed|misses|reach(?:es|ed)? (?:the|its) (?:threshold|count|bar)|too late|out of time|"
                      r"in time)\b", re.I)
MINUTES = re.compile(r"(?<![\d.])(\d+)(?:[- ]minutes?\b|[- ]min\b)", re.I)


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs, list items, table rows and headings of Markdown, each with its first line."""
    block: list[str] = []
    start = 0
    for n, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if (not s or _ITEM.match(line) or s.startswith(("|", "#", "```", ":::"))) and block:
            yield start, "\n".join(block)
            block = []
        if not s or s.startswith(("```", ":::")):  # a fence line carries no prose
            continue
        if s.startswith(("|", "#")):
            yield n, line
            continue
        if not block:
            start = n
        block.append(line)
    if block:
        yield start, "\n".join(block)


def units(text: str) -> Iterator[tuple[int, str]]:
    """Sentences and list items of Markdown, each with its line: the unit a reader takes as one statement."""
    for start, block in _blocks(text):
        pos = 0
        for m in _SENTENCE_END.finditer(block):
            yield start + block.count("\n", 0, pos), block[pos:m.start() + 1]
            pos = m.end()
        yield start + block.count("\n", 0, pos), block[pos:]


def _roles(unit: str, name: str) -> list[str]:
    """The targets of every {name}`...` role in a unit (for {prov}`text <ID>`, the ID)."""
    out = []
    for m in ROLE.finditer(unit):
        if m["role"] == name:
            explicit = _EXPLICIT.search(m["arg"])
            out.append((explicit["target"] if explicit else m["arg"]).strip())
    return out


def answer_provisions(sc: Scenario) -> set[str]:
    """Every provision a scenario's answer key lists: what applies, tempts, falls back or sets a time limit."""
    ak = sc.answer_key
    items = [*ak.applicable, *ak.not_applicable, *ak.deadlines, *getattr(ak, "fallback", [])]
    return {item.provision for item in items}


def _pages(corpus: Corpus) -> list[str]:
    return sorted({*(lesson.path for lesson in corpus.lessons.values()), *(m.path for m in corpus.modules.values())})


_WORD = re.compile(r"[A-Za-z][a-z]{5,}")
# words that name an offence or a right rather than describe conduct: said of a scenario whose answer key
# lists a provision with that word in its title, they give the answer away ('the privacy item alone')
_LABELS = frozenset({"privac", "insult", "defama", "obscen", "extort", "portra", "reputa", "espion", "indece"})


def _title_stems(corpus: Corpus, pids: set[str]) -> dict[str, str]:
    """Six-letter stems of the offence names in provisions' titles -> the provision, so 'obscenity' finds
    'obscene material' and 'privacy' finds 'Right to privacy'."""
    out: dict[str, str] = {}
    for pid in sorted(pids):
        prov = corpus.provisions.get(pid)
        for word in _WORD.findall(prov.title.en if prov else ""):
            if word[:6].lower() in _LABELS:
                out.setdefault(word[:6].lower(), pid)
    return out


def _answer_words(corpus: Corpus, listed: frozenset[str], unit: str) -> Iterator[str]:
    """What in a paragraph tells participants a scenario's answer (`listed`: the provisions its answer key lists):
    a listed provision, by role, by article number or by the words of its title, or a verdict on a count or time
    limit."""
    for pid in dict.fromkeys(p for p in _roles(unit, "prov") if p in listed):
        yield f"names {pid}, which its answer key lists"
    plain = ROLE.sub(" ", unit)
    articles = {corpus.provisions[p].article.split()[1].rstrip(",;") for p in listed if p in corpus.provisions
                and corpus.provisions[p].article.startswith("Art")}
    for m in re.finditer(r"\bArts?\. ?(\d+(?:-\d+)?)", plain):
        if m[1] in articles:
            yield f"names '{m[0]}', an article its answer key lists"
    stems = _title_stems(corpus, listed)
    for word in dict.fromkeys(w for w in _WORD.findall(plain) if w[:6].lower() in stems):
        yield f"says '{word}', the subject of {stems[word[:6].lower()]}, which its answer key lists"
    for m in dict.fromkeys(v[0] for v in _VERDICT.finditer(plain)):
        yield f"says '{m}', a verdict on its answer (what applies, or whether a count or time limit is met)"


def check_lesson_answers(corpus: Corpus) -> Iterator[Finding]:
    """A paragraph or list item participants read that links a scenario does not tell its answer."""
    known = summaries(corpus)
    for rel in _pages(corpus):
        for line, block in _blocks(loaders.page_text(corpus, rel)):
            for sid in dict.fromkeys(_roles(block, "scenario")):
                summary = known.get(sid)
                for what in _answer_words(corpus, summary.listed, block) if summary else ():
                    yield Finding(rel, line, "lesson-answer",
                                  f"participants read a paragraph that links scenario '{sid}' and {what}; move "
                                  "what it says about the answer into a facilitator-note block, or ask it as a "
                                  "question")


def _date_forms(day: dt.date) -> list[str]:
    """The ways a page may write a date: 2026-03-05, 5 March 2026, 5 March, March 5."""
    month = day.strftime("%B")
    return [day.isoformat(), f"{day.day} {month}", f"{month} {day.day}"]


def _participant_texts(sc: Scenario) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, text) of each hint and task participants read."""
    for i, task in enumerate(sc.tasks):
        yield ("tasks", i, "text"), task.text
    for i, text in enumerate(sc.hints):
        yield ("hints", i), text


_LEGAL = (r"(?:offences?|articles?|provisions?|items?|crimes?|claims?|rules?|extortion|insult|defamation|obscenity|"
          r"indecency)")
# 'Why does the obscenity offence not apply?' tells that it does not: the question carries its answer
_WHY_NOT = re.compile(r"\bwhy\s+\S.*\b(?:not|fails?|neither|wrong)\b", re.I)
_LEGAL_WORD = re.compile(rf"\b(?:{_LEGAL[3:-1]}|appl(?:y|ies)|fit|reach|charge)\b", re.I)


# 'The officer is right that the obscene-material crimes fail'; 'Which count makes the offence apply?'
_SAYS_SO = re.compile(rf"\b(?:right that|makes)\b.*\b{_LEGAL}\b.*\b(?:fails?|apply|applies)\b", re.I)


def _why_not(text: str) -> Iterator[str]:
    """Sentences that take for granted whether a provision applies: 'why does it not apply?'."""
    for sentence in re.findall(r"[^?.!]+[?.!]?", text):
        if (_WHY_NOT.search(sentence) and _LEGAL_WORD.search(sentence)) or _SAYS_SO.search(sentence):
            yield sentence.strip()


# 'One of the provisions that applies punishes the device itself' tells which provision applies
_ONE_APPLIES = re.compile(r"\b(?:one|an?)\b (?:of the )?(?:[\w-]+ ){0,2}(?:provisions?|articles?|offences?)\b"
                          r"[^.?!]*\b(?:appl(?:y|ies)|punish(?:es)?|covers?|is new)\b[^.?!]*[.!]", re.I)


def check_task_answers(corpus: Corpus) -> Iterator[Finding]:
    """Hints and tasks ask without answering: they name no provision the answer key lists and state none of
    its due dates."""
    return each_scenario(corpus, _task_answers)


def _task_answers(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    key = f"scenario:{sid}"
    listed = answer_provisions(sc)
    dues = {form: d for d in sc.answer_key.deadlines for form in _date_forms(d.due)}
    due_pattern = re.compile(r"(?<![\d-])(?:" + "|".join(map(re.escape, dues)) + r")(?![\d-])") if dues else None
    for loc, text in _participant_texts(sc):
        what = "hint" if loc[0] == "hints" else f"task '{sc.tasks[loc[1]].id}'"
        for pid in dict.fromkeys(p for p in _roles(text, "prov") if p in listed):
            yield corpus.finding(key, loc, "task-answer",
                                 f"the {what} names {pid}, which the answer key lists; ask about the conduct or "
                                 "the element instead, so participants find the provision themselves")
        flat = " ".join(ROLE.sub("{}", text).split())
        for question in _why_not(flat):
            yield corpus.finding(key, loc, "task-answer",
                                 f"the {what} says '{question}', which tells participants whether a provision "
                                 "applies; ask whether it applies, and which element decides")
        for m in _ONE_APPLIES.finditer(flat) if loc[0] == "hints" else ():
            yield corpus.finding(key, loc, "task-answer",
                                 f"the {what} says '{m[0].strip()}', which tells participants what applies; "
                                 "point to the facts or the element to look at instead")
        for m in due_pattern.finditer(text) if due_pattern else ():
            yield corpus.finding(key, loc, "task-answer",
                                 f"the {what} gives '{m[0]}', the answer key's due date for "
                                 f"{dues[m[0]].provision}; ask participants to compute it")


_INTERNAL = re.compile(r"\blaw/|\bexercises/|\.ya?ml\b|\bcatalogue\b|\banswer key\b|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def check_participant_words(corpus: Corpus) -> Iterator[Finding]:
    """What participants read of a scenario sends them to no repository file and shows no internal name."""
    return each_scenario(corpus, _participant_words)


def _participant_words(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    texts = [(("title",), sc.title), (("narrative",), sc.narrative), *_participant_texts(sc)]
    if sc.roleplay:
        texts += [(("roleplay", "roles", i, "briefing"), r.briefing) for i, r in enumerate(sc.roleplay.roles)
                  if r.shown_to == "everyone"]
    for loc, text in texts:
        for hit in dict.fromkeys(m[0] for m in _INTERNAL.finditer(ROLE.sub(" ", text))):
            yield corpus.finding(f"scenario:{sid}", loc, "internal-name",
                                 f"participants read '{hit}', a repository file or internal name; give them "
                                 "what they need in words on the page")


_TIMING = re.compile(r"Timing\W*(?:\(|:)?\s*(?:about\s+)?(\d+) minutes", re.I)


def check_scenario_durations(corpus: Corpus) -> Iterator[Finding]:
    """A lesson that schedules an exercise takes its minutes from the scenario ({duration}`id`): a sentence
    that links scenarios and types a number of minutes must give one of their durations, their sum, or the
    lesson's own length. A scenario's facilitator notes time it as its data does."""
    lengths = {lesson.path: lesson.duration for lesson in corpus.lessons.values()}
    known = summaries(corpus)
    for rel in _pages(corpus):
        for line, unit in units(loaders.page_text(corpus, rel, participants=False)):
            linked = [(s, known[s].duration) for s in dict.fromkeys(_roles(unit, "scenario")) if s in known]
            if not linked:
                continue
            allowed = {minutes for _, minutes in linked} | {sum(m for _, m in linked), lengths.get(rel)}
            for m in MINUTES.finditer(ROLE.sub(" ", unit)):
                if int(m[1]) not in allowed:
                    planned = " and ".join(f"{minutes} for '{sid}'" for sid, minutes in linked)
                    yield Finding(rel, line, "scenario-duration",
                                  f"the sentence gives {m[1]} minutes, but the scenario data plans {planned}; "
                                  "write {duration}`id` instead, or change the scenario's duration")
        yield from _timing_breakdowns(corpus, rel)
    yield from each_scenario(corpus, _noted_duration)


def _noted_duration(corpus: Corpus, sid: str, sc: Scenario) -> Iterator[Finding]:
    timing = _TIMING.search(sc.facilitator_notes or "")
    if timing and int(timing[1]) != sc.duration:
        yield corpus.finding(f"scenario:{sid}", ("facilitator_notes",), "scenario-duration",
                             f"the facilitator notes give {timing[1]} minutes, but 'duration' is {sc.duration}; "
                             "expected the same figure")


_SEGMENT = re.compile(r"^\s*(?:and\s+|then\s+)*(\d+)\s+(?:minutes\s+)?(?:for|on)\b", re.I)
_EXERCISE = re.compile(r"\brole[- ]?plays?\b|\bscenarios?\b|\bexercises?\b", re.I)


def _timing_breakdowns(corpus: Corpus, rel: str) -> Iterator[Finding]:
    """In a lesson's 'Timing (75 minutes): 10 on ..., 30 for the role-play' line, the share given to an
    exercise names the exercise and takes its minutes from it; a shorter share (part of the exercise in class)
    shows the whole exercise's length beside it with {duration}."""
    known = summaries(corpus)
    for line, block in _blocks(loaders.page_text(corpus, rel, participants=False)):
        if not block.lstrip("*").startswith("Timing"):
            continue
        for segment in re.split(r"[;,]|\.\s|\bthen\b", block.split(":", 1)[-1]):
            number = _SEGMENT.match(ROLE.sub("{}", segment))
            if number is None or not _EXERCISE.search(ROLE.sub(" ", segment)):
                continue
            linked = [(s, known[s].duration) for s in _roles(segment, "scenario") if s in known]
            if not linked:
                yield Finding(rel, line, "scenario-duration",
                              f"the timing gives {number[1]} minutes to an exercise it does not name; link the "
                              "scenario and take its minutes from it with {duration}`id`")
            elif int(number[1]) not in {minutes for _, minutes in linked} and not _roles(segment, "duration"):
                first, minutes = linked[0]
                yield Finding(rel, line, "scenario-duration",
                              f"the timing gives {number[1]} minutes to '{first}', whose data plans "
                              f"{minutes}; write {{duration}}`{first}` instead, or, for part of "
                              "the exercise, give its whole length beside the share with {duration}")


_HOURS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?|one|two|three|four|five|six)[- ]hours?\b|\bhalf[- ]day\b|"
                    r"\b(?:full|one|whole)[- ]day\b", re.I)
_DAY_LIMIT = {"half": 240, "full": 480, "one": 480, "whole": 480}  # teaching minutes in a (half) day
_ORDINAL = re.compile(r"\bthe (first|last) lesson\b", re.I)


def check_format_durations(corpus: Corpus) -> Iterator[Finding]:
    """Module pages that suggest course formats compute their durations from lesson data
    ({lessons-duration}`id id ...`) and fit the format they name; 'the first/last lesson' links that lesson."""
    for mid, module in sorted(corpus.modules.items()):
        lessons = sorted((lsn for lsn in corpus.lessons.values() if lsn.module == mid), key=lambda x: x.path)
        for line, unit in units(loaders.page_text(corpus, module.path, participants=False)):
            computed = [corpus.lessons[lid].duration for arg in _roles(unit, "lessons-duration")
                        for lid in arg.split() if lid in corpus.lessons]
            total = sum(computed)
            plain = ROLE.sub(" ", unit)
            for m in (*MINUTES.finditer(plain), *_HOURS.finditer(plain)):
                word = m[0].split()[0].split("-")[0].lower() if "day" in m[0].lower() else ""
                if word in _DAY_LIMIT and computed:
                    if total > _DAY_LIMIT[word]:
                        yield Finding(module.path, line, "format-duration",
                                      f"a {m[0]} course is at most {_DAY_LIMIT[word]} minutes of teaching, but the "
                                      f"lessons it names add up to {total}; drop a lesson or name a longer format")
                elif word not in _DAY_LIMIT or not computed:
                    yield Finding(module.path, line, "format-duration",
                                  f"'{m[0]}' is typed by hand; compute the course's length from its lessons with "
                                  "{lessons-duration}`lesson-id ...`")
            for m in _ORDINAL.finditer(plain):
                lesson = lessons[0 if m[1].lower() == "first" else -1] if lessons else None
                if lesson and lesson.docname.rsplit("/", 1)[-1] not in [d.rsplit("/", 1)[-1].strip()
                                                                      for d in _roles(unit, "doc")]:
                    yield Finding(module.path, line, "format-duration",
                                  f"'{m[0]}' does not link {lesson.docname.rsplit('/', 1)[-1]}, which is the "
                                  f"{m[1].lower()} lesson of the module; link the lesson you mean with {{doc}}")


TEACHING_CHECKS: tuple[Check, ...] = (check_placeholders, check_lesson_answers, check_task_answers,
                                      check_participant_words, check_scenario_durations, check_format_durations)
CHECKS = (*CHECKS, *TEACHING_CHECKS)


# ------------------------------------------------------------ one scenario at a time (issue 21)

ScenarioCheck = Callable[[Corpus, str, Scenario], Iterator[Finding]]
# what a scenario's file and the law decide alone; `ibsa check` keeps their findings in its cache
SCENARIO_BODIES: tuple[ScenarioCheck, ...] = (
    _fact_implications, _scenario_refs, _answer_key, _reasonings, _timeline, _roleplay, _scenario_stubs,
    _task_answers, _participant_words, _noted_duration,
)


@dataclass(frozen=True)
class Summary:
    """What the checks make of one scenario: the findings of each check of it alone (by the check's name), and
    what the checks across files need, so that they never need the models of 10,000 scenarios at once."""

    findings: dict[str, list[Finding]]
    objectives: tuple[str, ...]
    applies: frozenset[str]  # applicable or fallback in some answer
    tempting: frozenset[str]  # listed as not applicable
    timed: frozenset[str]  # sets a time limit the answer key computes
    listed: frozenset[str]  # any of these (answer_provisions)
    duration: int
    drafts: bool  # the answer key drafts an offence (check_drafts reads those scenarios again)


def summarise(corpus: Corpus, sc: Scenario) -> Summary:
    """Run every check of one scenario alone and keep what checks across files need of it. The law and the
    curriculum must be loaded; the scenario need not be in corpus.scenarios (ibsa.loaders.load_exercises_summarised
    calls this while loading)."""
    applies: set[str] = set()
    tempting: set[str] = set()
    for _, unit, _ in sc.answer_key.units():
        applies.update(a.provision for a in (*unit.applicable, *unit.fallback))
        tempting.update(n.provision for n in unit.not_applicable)
    return Summary(findings={body.__name__: list(body(corpus, sc.id, sc)) for body in SCENARIO_BODIES},
                   objectives=tuple(sc.objectives), applies=frozenset(applies), tempting=frozenset(tempting),
                   timed=frozenset(d.provision for d in sc.answer_key.deadlines),
                   listed=frozenset(answer_provisions(sc)), duration=sc.duration,
                   drafts=sc.answer_key.draft is not None)


def summaries(corpus: Corpus) -> dict[str, Summary]:
    """Each scenario's summary: loaded with the corpus by `ibsa check`, else made from the models, once."""
    if "summaries" not in corpus.cache:
        corpus.cache["summaries"] = {sid: summarise(corpus, sc) for sid, sc in corpus.scenarios.items()}
    return corpus.cache["summaries"]  # type: ignore[no-any-return]


def each_scenario(corpus: Corpus, body: ScenarioCheck) -> Iterator[Finding]:
    """The findings of `body`, one of SCENARIO_BODIES, for every scenario."""
    for summary in summaries(corpus).values():
        yield from summary.findings[body.__name__]

# issue 17: the term base and the translations (locales/), checked like content
from ibsa import translations  # noqa: E402  (it imports loaders and safety, which this module also uses)

CHECKS = (*CHECKS, *translations.TRANSLATION_CHECKS)

from ibsa import references  # noqa: E402  (it imports prose and site, as this module's later sections do)

CHECKS = (*CHECKS, references.check_references)

from ibsa import courses  # noqa: E402  (courses: issue 19)

CHECKS = (*CHECKS, courses.check_courses)

from ibsa import evaluation  # noqa: E402  (evaluation instruments: issue 19)

CHECKS = (*CHECKS, evaluation.check_evaluation)
