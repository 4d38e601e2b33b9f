"""The law as applied to a case: which version governs, which provisions yield to others, and what each
suspect can be charged with.

`ibsa.analysis` answers a narrow question: which provisions' elements a set of facts satisfies on one day.
A lawyer asks three more, and this module answers them from the catalogue's data:
- which version applies: the law at the act, unless the law when the case is decided is lighter (Criminal Law
  Art. 12; Administrative Penalty Law 2021 Art. 37), compared on the structured penalties;
- which provisions are only fallbacks: an administrative penalty applies where the act is not yet a crime
  (PSAPL 2025 Art. 3), recorded as `yields_to` on the provision;
- what each suspect can be charged with, judged on the shared facts, his own and those of each person he harmed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ibsa import analysis, expr
from ibsa.analysis import ProvisionResult
from ibsa.loaders import Corpus
from ibsa.model import FineKind, Party, Penalty, PenaltyTier, Provision, Scenario

DECISION_EVENT = "decision_made"
Status = Literal["applicable", "fallback", "superseded", "fails", "absent"]


# ------------------------------------------------------------ which penalty is lighter

# Penalty kinds from the gravest down, with their unit ("" for a kind that is only available or not);
# comparing two penalties compares the gravest kind first.
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("death", "the death penalty", ""), ("life", "life imprisonment", ""), ("prison", "imprisonment", "years"),
    ("criminal_detention", "criminal detention", ""), ("surveillance", "public surveillance", ""),
    ("detention", "administrative detention", "days"), ("fine", "a fine", "in the penalty's currency"),
    ("warning", "a warning", ""),
)


def _tier_kinds(t: PenaltyTier) -> dict[str, tuple[float, float]]:
    """Each kind a tier provides, as (its maximum, its minimum where the tier cannot avoid it, else 0)."""
    lighter_alternative = t.criminal_detention or t.public_surveillance or t.fine is FineKind.ALTERNATIVE
    kinds: dict[str, tuple[float, float]] = {}
    if t.death_penalty:
        kinds["death"] = (1, 0)
    if t.life_imprisonment:
        kinds["life"] = (1, 0)
    if t.max_imprisonment_years is not None or t.min_imprisonment_years:
        top = 25 if t.max_imprisonment_years is None else t.max_imprisonment_years
        kinds["prison"] = (top, 0 if lighter_alternative else t.min_imprisonment_years or 0)
    if t.criminal_detention:
        kinds["criminal_detention"] = (1, 0)
    if t.public_surveillance:
        kinds["surveillance"] = (1, 0)
    if t.max_detention_days is not None or t.min_detention_days:
        top = t.max_detention_days if t.max_detention_days is not None else 20
        kinds["detention"] = (top, 0 if t.fine is FineKind.ALTERNATIVE else t.min_detention_days or 0)
    if t.fine is not FineKind.NONE or t.fine_max:
        kinds["fine"] = (t.fine_max or 0, (t.fine_min or 0) if t.fine is FineKind.MANDATORY else 0)
    if t.warning:
        kinds["warning"] = (1, 0)
    return kinds


def gravity(penalty: Penalty | None) -> tuple[tuple[float, float], ...]:
    """A key that orders penalties from lighter to heavier: for each kind from the gravest down, its highest
    maximum across the tiers, then its lowest unavoidable minimum (a tier that offers a lighter alternative, or
    does not provide the kind at all, can avoid it). The whole range is compared, since the catalogue does not
    say which tier a scenario's circumstances fall in."""
    tiers = [_tier_kinds(t) for t in (penalty.tiers if penalty else [])]
    key = []
    for kind, _, _ in _KINDS:
        present = [k[kind] for k in tiers if kind in k]
        if not present:
            key.append((0.0, 0.0))
            continue
        floor = min(k[kind][1] if kind in k else 0 for k in tiers)
        key.append((max(p[0] for p in present), floor))
    return tuple(key)


def compare_penalties(old: Provision, new: Provision) -> tuple[int, str]:
    """(-1 if `new` is lighter, 0 if the same, 1 if heavier; and the difference in words)."""
    a, b = gravity(old.penalty), gravity(new.penalty)
    for (_, name, unit), before, after in zip(_KINDS, a, b, strict=True):
        if before == after:
            continue
        sign = -1 if after < before else 1
        return sign, f"{name}: {_bounds(before, unit)} under {old.id}, against {_bounds(after, unit)} under {new.id}"
    return 0, "the same penalties"


def _bounds(bounds: tuple[float, float], unit: str) -> str:
    top, floor = bounds
    if not unit:
        return "available" if top else "not available"
    if not top:
        return "not available"
    unit = "" if unit.startswith("in ") else f" {unit}"
    return f"up to {top:g}{unit}, " + (f"at least {floor:g}{unit} in every case" if floor else "none required")


# ------------------------------------------------------------ versions and fallbacks


def decision_date(sc: Scenario) -> dt.date | None:
    return next((e.date for e in sc.timeline if e.event == DECISION_EVENT), None)


def later_versions(corpus: Corpus, pid: str) -> list[Provision]:
    """The provisions that succeed `pid` through `replaces`, nearest first."""
    if "judgement.successors" not in corpus.cache:
        succ: dict[str, list[str]] = {}
        for p in corpus.provisions.values():
            if p.replaces:
                succ.setdefault(p.replaces, []).append(p.id)
        corpus.cache["judgement.successors"] = succ
    succ = corpus.cache["judgement.successors"]
    out, todo = [], list(succ.get(pid, []))
    while todo:
        nxt = todo.pop(0)
        if nxt in corpus.provisions and corpus.provisions[nxt] not in out:
            out.append(corpus.provisions[nxt])
            todo.extend(succ.get(nxt, []))
    return out


def versions_of(corpus: Corpus, pid: str) -> set[str]:
    """Every version of a provision: the oldest it descends from through `replaces`, and all that succeed it."""
    root, seen = pid, {pid}
    while (prov := corpus.provisions.get(root)) is not None and prov.replaces and prov.replaces not in seen:
        root = prov.replaces
        seen.add(root)
    return {pid, root, *(p.id for p in later_versions(corpus, root))}


@dataclass(frozen=True)
class Version:
    """Where a later version was in force when the case was decided: which one governs, and why."""

    at_act: str
    selected: str | None  # at_act, a lighter later version, or None: the later law no longer punishes the act
    why: str
    compared: tuple[str, ...] = ()  # the later versions in force at the decision
    # The comparison's parts, for pages that word it in their own language
    outcome: Literal["later-fails", "lighter", "no-lighter", "heavier"] = "no-lighter"
    later: str = ""  # the later version compared: the one that fails, or the lightest that holds
    act: dt.date | None = None
    decided: dt.date | None = None
    failed_element: str = ""  # the later version's element that the facts do not meet

    def involves(self, pid: str) -> bool:
        return pid == self.at_act or pid in self.compared


@dataclass(frozen=True)
class OpenQuestion:
    """The law changed after the act and no decision date is stated: which version governs is still open."""

    at_act: str
    act: dt.date
    later: tuple[tuple[str, dt.date], ...]  # (provision, in force from)

    def __str__(self) -> str:
        names = ", ".join(f"{pid} (from {day})" for pid, day in self.later)
        return (f"{self.at_act} is the law at the act ({self.act}); a later version is in force: {names}. If the "
                "case is decided under it, the lighter of the two applies: state when the case is decided "
                f"('{DECISION_EVENT}' in the timeline) to settle it")


@dataclass
class Verdict:
    """What applies to one suspect (or to the scenario, without parties)."""

    results: dict[str, ProvisionResult]
    applicable: list[str] = field(default_factory=list)
    fallback: dict[str, list[str]] = field(default_factory=dict)  # provision -> the applicable ones it yields to
    versions: list[Version] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)

    def status(self, pid: str) -> Status:
        if pid in self.applicable:
            return "applicable"
        if pid in self.fallback:
            return "fallback"
        if any(v.involves(pid) and v.selected != pid for v in self.versions):
            return "superseded"  # a version that does not govern: the earlier one where a later is lighter, or
            # the later one where it is not
        return "fails" if pid in self.results else "absent"

    def version(self, pid: str) -> Version | None:
        return next((v for v in self.versions if v.involves(pid)), None)


def _select_version(corpus: Corpus, prov: Provision, facts: Mapping[str, expr.Value | None], act: dt.date,
                    decided: dt.date | None, results: dict[str, ProvisionResult],
                    ) -> tuple[str | None, Version | None, OpenQuestion | None]:
    """(the provision that governs, the comparison made, an open question) for a provision whose elements hold
    on the day of the act."""
    later = [p for p in later_versions(corpus, prov.id) if p.in_force.from_ > act]
    if not later:
        return prov.id, None, None
    if decided is None:
        return prov.id, None, OpenQuestion(prov.id, act, tuple((p.id, p.in_force.from_) for p in later))
    current = [p for p in later if p.in_force.covers(decided)]
    if not current:
        return prov.id, None, None
    for p in current:
        results[p.id] = analysis.evaluate(corpus, p, facts)
    holding = [p for p in current if results[p.id].satisfied]
    if not holding:
        failed = results[current[0].id].failed()[0]
        why = (f"{prov.id} covered the act on {act}, but the law in force when the case is decided ({decided}), "
               f"{current[0].id}, does not: element '{failed.element}' ({failed.label}) fails: "
               f"{'; '.join(failed.outcome.because)}. The later law is lighter, so neither applies")
        return None, Version(prov.id, None, why, tuple(p.id for p in current), "later-fails", current[0].id, act,
                             decided, failed.element), None
    lightest = min(holding, key=lambda p: gravity(p.penalty))
    sign, diff = compare_penalties(prov, lightest)
    if sign < 0:
        why = (f"{lightest.id}, in force when the case is decided ({decided}), is lighter than {prov.id}, the law at "
               f"the act ({act}): {diff}. The lighter law applies")
        return lightest.id, Version(prov.id, lightest.id, why, tuple(p.id for p in current), "lighter", lightest.id,
                                    act, decided), None
    why = (f"{lightest.id}, in force when the case is decided ({decided}), is "
           f"{'no lighter' if sign == 0 else 'heavier'} than {prov.id}, the law at the act ({act})"
           f"{': ' + diff if sign else ''}. The law at the act applies")
    return prov.id, Version(prov.id, prov.id, why, tuple(p.id for p in current),
                            "no-lighter" if sign == 0 else "heavier", lightest.id, act, decided), None


def _fallbacks(corpus: Corpus, applying: Iterable[str]) -> dict[str, list[str]]:
    """Provisions that yield to another provision (or another version of it) that applies too."""
    applying = set(applying)
    out = {}
    for pid in sorted(applying):
        targets = set().union(*(versions_of(corpus, y) for y in corpus.provisions[pid].yields_to))
        above = sorted(targets & applying - {pid})
        if above:
            out[pid] = above
    return out


def verdict(corpus: Corpus, sc: Scenario, stated: Mapping[str, expr.Value], also: Iterable[str] = ()) -> Verdict:
    """What applies on one set of stated facts: elements on the day of the act, then the version rule, then
    fallbacks."""
    act, decided = sc.incident_date, decision_date(sc)
    facts = analysis.with_defaults(corpus, stated)
    results = analysis.analyse_facts(corpus, stated, act, set(sc.jurisdictions), also)
    out = Verdict(results=results)
    governing: set[str] = set()
    for _, result in sorted(results.items()):
        if not result.satisfied:
            continue
        chosen, version, question = _select_version(corpus, result.provision, facts, act, decided, out.results)
        if chosen:
            governing.add(chosen)
        if version:
            out.versions.append(version)
        if question:
            out.open_questions.append(question)
    out.fallback = _fallbacks(corpus, governing)
    out.applicable = sorted(governing - set(out.fallback))
    return out


# ------------------------------------------------------------ several parties


def fact_sets(sc: Scenario, suspect: Party | None) -> Iterator[dict[str, expr.Value]]:
    """The facts one suspect is judged on: the shared facts, those of a person he harmed and his own (one set
    per person harmed; one set in all where the scenario names none)."""
    own = suspect.facts if suspect else {}
    harmed = [h for h in sc.harmed if suspect is None or suspect.harms is None or h.id in suspect.harms]
    for person in harmed or [None]:
        yield {**sc.facts, **(person.facts if person else {}), **own}


def _merge(verdicts: list[Verdict]) -> Verdict:
    """One suspect harmed several people: he can be charged with whatever applies for any of them."""
    if len(verdicts) == 1:
        return verdicts[0]
    results: dict[str, ProvisionResult] = {}
    for v in verdicts:
        for pid, r in v.results.items():
            if pid not in results or (r.satisfied and not results[pid].satisfied):
                results[pid] = r
    applicable = sorted(set().union(*(v.applicable for v in verdicts)))
    fallback: dict[str, list[str]] = {}
    for v in verdicts:
        for pid, above in v.fallback.items():
            if pid not in applicable:
                fallback[pid] = sorted(set(fallback.get(pid, [])) | set(above))
    return Verdict(results, applicable, fallback,
                   list(dict.fromkeys(x for v in verdicts for x in v.versions)),
                   list(dict.fromkeys(x for v in verdicts for x in v.open_questions)))


@dataclass(frozen=True)
class Judgement:
    """What applies in a scenario: one verdict per suspect (under the key None where it names no parties)."""

    by_suspect: dict[str | None, Verdict]


def judge(corpus: Corpus, sc: Scenario, also: Iterable[str] = ()) -> Judgement:
    also = list(also)
    suspects: list[Party | None] = list(sc.suspects) or [None]
    return Judgement({s.id if s else None: _merge([verdict(corpus, sc, facts, also)
                                                    for facts in fact_sets(sc, s)]) for s in suspects})


def applicable(corpus: Corpus, sc: Scenario) -> list[str]:
    """Every provision that applies to someone in the scenario (fallbacks left out)."""
    return sorted(set().union(*(v.applicable for v in judge(corpus, sc).by_suspect.values())))


def to_json(j: Judgement) -> dict[str, object]:
    """The judgement as `ibsa analyse --json` prints it."""
    def one(v: Verdict) -> dict[str, object]:
        return {"applicable": v.applicable,
                "fallback": [{"provision": p, "yields_to": above,
                              "reason": f"applies if {' or '.join(above)} cannot be proved"}
                             for p, above in sorted(v.fallback.items())],
                "versions": [{"at_act": x.at_act, "selected": x.selected, "why": x.why} for x in v.versions],
                "open_questions": [str(q) for q in v.open_questions]}
    if list(j.by_suspect) == [None]:
        return one(j.by_suspect[None])
    return {"suspects": [{"party": party, **one(v)} for party, v in j.by_suspect.items()]}
