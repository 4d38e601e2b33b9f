"""Which provisions a set of facts satisfies on a given date.

This is the legal reasoning of the engine, kept apart from the checks (which
compare it with answer keys) and from the Sphinx extension (which only shows it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ibsa import expr
from ibsa.loaders import Corpus
from ibsa.model import Deadline, Fact, FactType, Provision, Scenario


@dataclass(frozen=True)
class ElementResult:
    element: str
    label: str
    outcome: expr.Outcome


@dataclass(frozen=True)
class ProvisionResult:
    provision: Provision
    elements: tuple[ElementResult, ...]

    @property
    def satisfied(self) -> bool:
        return all(e.outcome.holds for e in self.elements)

    def failed(self) -> list[ElementResult]:
        return [e for e in self.elements if not e.outcome.holds]


def closed_world(facts: Mapping[str, expr.Value], vocabulary: Mapping[str, Fact]) -> dict[str, expr.Value | None]:
    """What a scenario does not state did not happen: bools default to false, counts to 0;
    facts marked unknown_if_unstated (an age) stay unknown."""
    defaults: dict[str, expr.Value | None] = {
        name: None if f.unknown_if_unstated else False if f.type is FactType.BOOL
        else 0 if f.type is FactType.INT else None
        for name, f in vocabulary.items()
    }
    return {**defaults, **facts}


def in_force(corpus: Corpus, day: dt.date, jurisdictions: set[str]) -> list[Provision]:
    """Provisions with elements (so not procedural rules) in force on `day` in these jurisdictions."""
    return [
        p for p in corpus.provisions.values()
        if p.elements and p.in_force.covers(day) and corpus.instruments.get(p.instrument)
        and corpus.instruments[p.instrument].jurisdiction in jurisdictions
    ]


def evaluate(corpus: Corpus, provision: Provision, facts: Mapping[str, expr.Value | None]) -> ProvisionResult:
    thresholds = {t.id: t.value for t in provision.thresholds}
    results = []
    for element in provision.elements:
        node = corpus.expressions.get((provision.id, element.id))
        if node is None:  # the expression did not parse; the loader reported it
            outcome = expr.Outcome(False, ("the element's expression could not be read",))
        else:
            try:
                outcome = expr.evaluate(node, facts, thresholds)
            except KeyError as exc:  # unknown threshold: reported by the checks
                outcome = expr.Outcome(False, (f"threshold ${exc.args[0]} is not defined",))
        results.append(ElementResult(element.id, element.label, outcome))
    return ProvisionResult(provision, tuple(results))


def analyse(corpus: Corpus, scenario: Scenario) -> dict[str, ProvisionResult]:
    """Every candidate provision for the scenario, evaluated; `.satisfied` ones apply."""
    facts = closed_world(scenario.facts, corpus.facts)
    return {
        p.id: evaluate(corpus, p, facts)
        for p in in_force(corpus, scenario.incident_date, {scenario.jurisdiction})
    }


def applicable(corpus: Corpus, scenario: Scenario) -> list[str]:
    return sorted(pid for pid, r in analyse(corpus, scenario).items() if r.satisfied)


def due_date(start: dt.date, deadline: Deadline) -> dt.date:
    """The last day of a period. The starting day is not counted (CN-CPL2018-105), so
    a 7-day period from 1 March ends on 8 March; a period in hours ends, at the latest,
    on the next day. Holidays are not modelled."""
    if deadline.hours is not None:
        return start + dt.timedelta(days=-(-deadline.hours // 24))
    days, unit = deadline.days or 0, deadline.unit
    if unit == "days":
        return start + dt.timedelta(days=days)
    if unit == "working_days":
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            left -= day.weekday() < 5
        return day
    month = start.month - 1 + days
    year, month = start.year + month // 12, month % 12 + 1
    for dd in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
