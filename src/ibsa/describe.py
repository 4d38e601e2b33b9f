"""Plain-English wording for structured catalogue data (penalties, periods, deadlines).

Presentation only: the numbers come from the catalogue, this module words them.
"""

from __future__ import annotations

import datetime as dt

from ibsa.model import Deadline, InForce, Instrument, Penalty, PenaltyTier, Provision


def day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def period(in_force: InForce) -> str:
    if in_force.until is None:
        return f"in force from {day(in_force.from_)}"
    return f"in force {day(in_force.from_)} to {day(in_force.until)}"


def _num(x: float) -> str:
    return f"{x:g}"


def _range(lo: float | None, hi: float | None, unit: str) -> str:
    if lo and hi:
        return f"{_num(lo)} to {_num(hi)} {unit}"
    if hi:
        return f"up to {_num(hi)} {unit}"
    return f"at least {_num(lo)} {unit}" if lo else ""


def tier(t: PenaltyTier) -> str:
    """One tier as a phrase: 'up to 3 years' imprisonment, criminal detention or public surveillance'."""
    main: list[str] = []
    prison = _range(t.min_imprisonment_years, t.max_imprisonment_years, "years' imprisonment")
    if t.life_imprisonment:
        prison = f"{prison} or life imprisonment" if prison else "life imprisonment"
    if t.death_penalty:
        prison = f"{prison} or death" if prison else "death"
    main += [prison] if prison else []
    main += ["criminal detention"] if t.criminal_detention else []
    main += ["public surveillance"] if t.public_surveillance else []
    main += ["deprivation of political rights"] if t.deprivation_of_political_rights else []
    detention = _range(t.min_detention_days, t.max_detention_days, "days' administrative detention")
    main += [detention] if detention else []
    main += ["a warning"] if t.warning else []
    fine = _range(t.fine_min_yuan, t.fine_max_yuan, "yuan")
    fine = f"a fine of {fine}" if fine else "a fine"
    text = ", ".join(main[:-1]) + (" or " if len(main) > 1 else "") + (main[-1] if main else "")
    match t.fine.value:
        case "alternative":
            text = f"{text} or {fine}" if text else fine
        case "optional":
            text = f"{text}; {fine} may be added"
        case "mandatory":
            text = f"{text}, with {fine}"
    return text


def heaviest(penalty: Penalty) -> PenaltyTier:
    return max(penalty.tiers, key=lambda t: (
        t.death_penalty, t.life_imprisonment, t.max_imprisonment_years or 0, t.max_detention_days or 0,
        t.fine_max_yuan or 0))


def maximum(penalty: Penalty | None) -> str:
    return tier(heaviest(penalty)) if penalty else "no penalty (not a punishing provision)"


def deadline(d: Deadline) -> str:
    if d.hours is not None:
        return f"{d.hours} hours"
    return f"{d.days} {d.unit.replace('_', ' ')}"


def citation(prov: Provision, inst: Instrument | None) -> str:
    """How a provision is cited in text: 'Criminal Law Art. 246'."""
    short = (inst.short or inst.title.en) if inst else prov.instrument
    return f"{short} {prov.article}"
