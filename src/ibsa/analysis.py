"""Which provisions a set of facts satisfies on a given date.

This is the legal reasoning of the engine, kept apart from the checks (which
compare it with answer keys) and from the Sphinx extension (which only shows it).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
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


def unstated_defaults(vocabulary: Mapping[str, Fact]) -> dict[str, expr.Value | None]:
    """What a scenario does not state did not happen: bools default to false, counts to 0;
    facts marked unknown_if_unstated (an age) stay unknown."""
    return {name: None if f.unknown_if_unstated else False if f.type is FactType.BOOL
            else 0 if f.type is FactType.INT else None for name, f in vocabulary.items()}


def triggers(node: expr.Node, thresholds: Mapping[str, int]) -> frozenset[str] | None:
    """Facts of which at least one is truthy (true, or a count above 0) whenever `node` holds;
    None where no such set can be named. Used to skip provisions a scenario cannot satisfy."""
    if isinstance(node, expr.Compare):
        value = thresholds.get(node.value.name) if isinstance(node.value, expr.ThresholdRef) else node.value
        if node.op == "==" and value is True:
            return frozenset({node.fact})
        is_count = isinstance(value, int) and not isinstance(value, bool)
        if is_count and ((node.op == ">=" and value > 0) or (node.op == ">" and value >= 0)):
            return frozenset({node.fact})
        return None
    if isinstance(node, expr.All):
        known = [t for t in (triggers(item, thresholds) for item in node.items) if t is not None]
        return min(known, key=len) if known else None
    if isinstance(node, expr.Any_):
        parts = [triggers(item, thresholds) for item in node.items]
        return None if any(t is None for t in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
    return None


def truthy(value: object) -> bool:
    return value is True or (isinstance(value, int) and not isinstance(value, bool) and value != 0)


@dataclass(frozen=True)
class Index:
    """Provisions by the facts that trigger them: a scenario evaluates only the provisions one of its
    facts can trigger, so checking grows with the number of scenarios, not scenarios x provisions."""

    by_fact: dict[str | None, list[str]]
    # the same, per jurisdiction (None for a provision of an unknown instrument): a scenario set in one or two
    # places looks only at their provisions
    by_place: dict[str | None, dict[str | None, list[str]]]

    @classmethod
    def build(cls, corpus: Corpus) -> Index:
        by_fact: dict[str | None, list[str]] = {}
        by_place: dict[str | None, dict[str | None, list[str]]] = {}
        for pid, prov in corpus.provisions.items():
            thresholds = {t.id: t.value for t in prov.thresholds}
            sets = [t for e in prov.elements if (n := corpus.expressions.get((pid, e.id))) is not None
                    and (t := triggers(n, thresholds)) is not None]
            inst = corpus.instruments.get(prov.instrument)
            place = by_place.setdefault(inst.jurisdiction if inst else None, {})
            for fact in (min(sets, key=len) if sets else [None]):
                by_fact.setdefault(fact, []).append(pid)
                place.setdefault(fact, []).append(pid)
        return cls(by_fact, by_place)

    def candidates(self, facts: Mapping[str, object], jurisdictions: Iterable[str] | None = None) -> set[str]:
        """The provisions the facts could satisfy (of these jurisdictions only, if given)."""
        maps = [self.by_fact] if jurisdictions is None else [self.by_place.get(j, {}) for j in jurisdictions]
        named = [None, *(name for name, value in facts.items() if truthy(value))]
        return {pid for by_fact in maps for name in named for pid in by_fact.get(name, ())}


def finder(corpus: Corpus, jurisdiction: str | None = None) -> list[tuple[str | None, list[str]]]:
    """The charge finder: each fact that can trigger provisions, with those provisions (None first:
    provisions no single fact triggers). Procedural rules, which set no elements, are left out."""
    def wanted(pid: str) -> bool:
        inst = corpus.instruments.get(corpus.provisions[pid].instrument)
        return bool(corpus.provisions[pid].elements) and (jurisdiction is None or (inst and inst.jurisdiction) ==
                                                           jurisdiction)

    rows: dict[str | None, list[str]] = {}
    for fact, pids in index(corpus).by_fact.items():
        chosen = sorted(filter(wanted, pids))
        if chosen:
            rows[fact] = chosen
    return sorted(rows.items(), key=lambda kv: (kv[0] is not None, kv[0] or ""))


def defaults(corpus: Corpus) -> Mapping[str, expr.Value | None]:
    if "analysis.defaults" not in corpus.cache:
        corpus.cache["analysis.defaults"] = unstated_defaults(corpus.facts)
    return corpus.cache["analysis.defaults"]


def with_defaults(corpus: Corpus, stated: Mapping[str, expr.Value]) -> dict[str, expr.Value | None]:
    """The stated facts, and the default of each fact left unstated (one dict: thousands of lookups a scenario
    are quicker in it than in a ChainMap)."""
    return {**defaults(corpus), **stated}


def index(corpus: Corpus) -> Index:
    if "analysis.index" not in corpus.cache:
        corpus.cache["analysis.index"] = Index.build(corpus)
    return corpus.cache["analysis.index"]


def applies_on(corpus: Corpus, prov: Provision, day: dt.date, jurisdictions: set[str]) -> bool:
    """A provision with elements (so not a procedural rule), in force on `day`, in these jurisdictions."""
    inst = corpus.instruments.get(prov.instrument)
    return bool(prov.elements) and prov.in_force.covers(day) and inst is not None and inst.jurisdiction in jurisdictions


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


def analyse_facts(corpus: Corpus, stated: Mapping[str, expr.Value], day: dt.date, jurisdictions: set[str],
                  also: Iterable[str] = ()) -> dict[str, ProvisionResult]:
    """The provisions in force on `day` that the stated facts could satisfy, plus those named in `also`,
    evaluated; the `.satisfied` ones hold on their elements. Provisions left out cannot be satisfied."""
    facts = with_defaults(corpus, stated)
    wanted = index(corpus).candidates(stated, jurisdictions) | {pid for pid in also if pid in corpus.provisions}
    provisions = (corpus.provisions[pid] for pid in sorted(wanted))
    return {p.id: evaluate(corpus, p, facts) for p in provisions if applies_on(corpus, p, day, jurisdictions)}


def analyse(corpus: Corpus, scenario: Scenario, also: Iterable[str] = ()) -> dict[str, ProvisionResult]:
    """`analyse_facts` on a scenario's shared facts, on its incident date, in its jurisdictions."""
    return analyse_facts(corpus, scenario.facts, scenario.incident_date, set(scenario.jurisdictions), also)


def jurisdiction_of(corpus: Corpus, pid: str) -> str | None:
    prov = corpus.provisions.get(pid)
    inst = corpus.instruments.get(prov.instrument) if prov else None
    return inst.jurisdiction if inst else None


def met(timeline_dates: Iterable[dt.date], due: dt.date) -> bool:
    """A time limit is met if the act it requires happened on or before the last day."""
    return any(d <= due for d in timeline_dates)


def due_date(start: dt.date, deadline: Deadline) -> dt.date:
    """The last day of a period. The starting day is not counted (CN-CPL2018-105), so
    a 7-day period from 1 March ends on 8 March. A period in hours ends, at the latest, on the
    day computed here; where the starting event has a time, `due_moment` gives the exact moment.
    Holidays are not modelled."""
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
    if year > dt.MAXYEAR:
        raise OverflowError(f"{days} months from {start} is beyond year {dt.MAXYEAR}")
    last = calendar.monthrange(year, month)[1]  # 31 January + 1 month = 28 or 29 February
    return dt.date(year, month, min(start.day, last))


# Where the hour in which the starting event happens is not counted: the PRC procedure laws (Criminal
# Procedure Law Art. 105, CN-CPL2018-105; Civil Procedure Law 2023 Art. 85 says the same). Elsewhere the
# engine counts a period in hours from the moment of the event itself.
STARTING_HOUR_NOT_COUNTED = frozenset({"CN"})


def due_moment(start: dt.datetime, hours: int, jurisdiction: str | None) -> dt.datetime:
    """The moment a period in hours ends, counted from a timed event. Under PRC law the starting hour is
    not counted, so the count begins at the next full hour: 24 hours from 15:10 on 5 January end at
    16:00 on 6 January. Elsewhere the hours run from the event itself."""
    if jurisdiction in STARTING_HOUR_NOT_COUNTED:
        start = start.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return start + dt.timedelta(hours=hours)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
