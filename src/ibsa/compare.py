"""Comparisons across jurisdictions, derived from the catalogue's conduct tags, penalties and dates.

The tables in the international module are generated from these functions, so a change in the
catalogue changes them; nothing here is typed by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from ibsa import analysis
from ibsa.loaders import Corpus
from ibsa.model import Conduct, Provision


class Stage(Enum):
    """How far a provision has come on a given day. A treaty or directive can be adopted long before it is in
    force, and in force before its obligations apply; a comparison must not blur the three."""

    ADOPTED = "adopted, not in force"
    NOT_YET = "in force from"
    APPLIES_LATER = "in force; applies from"
    IN_FORCE = "in force"


def stage(prov: Provision, on: dt.date) -> tuple[Stage, dt.date]:
    """The provision's stage on `on` and the date that goes with it (adoption, entry into force or application)."""
    f = prov.in_force
    if f.pending:
        return Stage.ADOPTED, f.from_
    if on < f.from_:
        return Stage.NOT_YET, f.from_
    if f.applies_from is not None and on < f.applies_from:
        return Stage.APPLIES_LATER, f.applies_from
    return Stage.IN_FORCE, f.from_


def current(prov: Provision, on: dt.date) -> bool:
    """In force on `on`, or adopted and due to come into force later (a directive awaiting transposition)."""
    return prov.in_force.until is None or prov.in_force.until >= on


def comparison(corpus: Corpus, conducts: Iterable[Conduct], jurisdictions: Iterable[str],
               on: dt.date) -> dict[Conduct, dict[str, list[Provision]]]:
    """For each kind of conduct and jurisdiction, the provisions tagged with it that are current on `on`."""
    wanted = list(jurisdictions)
    table: dict[Conduct, dict[str, list[Provision]]] = {c: {j: [] for j in wanted} for c in conducts}
    for pid in sorted(corpus.provisions):
        prov = corpus.provisions[pid]
        where = analysis.jurisdiction_of(corpus, pid)
        if where not in wanted or not current(prov, on):
            continue
        for conduct in prov.conduct:
            if conduct in table:
                table[conduct][where].append(prov)
    return table


@dataclass(frozen=True)
class Reform:
    date: dt.date
    jurisdiction: str
    instrument: str
    provisions: tuple[Provision, ...]
    pending: bool = False  # the date is an adoption date: the instrument is not in force

    @property
    def conduct(self) -> list[Conduct]:
        return sorted({c for p in self.provisions for c in p.conduct}, key=list(Conduct).index)


def reforms(corpus: Corpus, jurisdictions: Iterable[str]) -> list[Reform]:
    """When each jurisdiction's provisions on this conduct came (or come) into force, grouped by
    instrument and date, oldest first."""
    wanted = set(jurisdictions)
    groups: dict[tuple[dt.date, str, str, bool], list[Provision]] = {}
    for pid in sorted(corpus.provisions):
        prov = corpus.provisions[pid]
        where = analysis.jurisdiction_of(corpus, pid)
        if prov.conduct and where in wanted:
            key = (prov.in_force.from_, where, prov.instrument, prov.in_force.pending)
            groups.setdefault(key, []).append(prov)
    return [Reform(day, where, inst, tuple(provs), pending)
            for (day, where, inst, pending), provs in sorted(groups.items())]
