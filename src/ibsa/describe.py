"""Plain-English wording for structured catalogue data (penalties, periods, deadlines).

Presentation only: the numbers come from the catalogue, this module words them.
"""

from __future__ import annotations

import datetime as dt

from ibsa.model import Deadline, InForce, Instrument, Penalty, PenaltyTier, Provision

JURISDICTIONS = {"CN": "Mainland China", "KR": "South Korea", "US": "United States (federal)",
                 "UK": "England and Wales", "AU": "Australia (Commonwealth)", "EU": "European Union", "TW": "Taiwan",
                 "JP": "Japan", "HK": "Hong Kong", "INT": "International instruments"}


def day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def moment(d: dt.date, time: str | None) -> str:
    """'5 January 2026, 15:10', or the day alone where no time is given."""
    return f"{day(d)}, {time}" if time else day(d)


def period(in_force: InForce) -> str:
    if in_force.pending:
        return f"adopted {day(in_force.from_)}; not yet in force"
    applies = f", applying from {day(in_force.applies_from)}" if in_force.applies_from else ""
    if in_force.until is None:
        return f"in force from {day(in_force.from_)}{applies}"
    return f"in force {day(in_force.from_)} to {day(in_force.until)}{applies}"


CURRENCY = {"CNY": "yuan", "KRW": "won", "USD": "US dollars", "GBP": "pounds", "AUD": "Australian dollars",
            "EUR": "euros", "TWD": "New Taiwan dollars", "JPY": "yen", "HKD": "Hong Kong dollars"}


def _num(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) and x >= 10000 else f"{x:g}"


def _range(lo: float | None, hi: float | None, unit: str) -> str:
    if lo and hi:
        return f"{_num(lo)} to {_num(hi)} {unit}"
    if hi:
        return f"up to {_num(hi)} {unit}"
    return f"at least {_num(lo)} {unit}" if lo else ""


def _prison(lo: float | None, hi: float | None) -> str:
    """Years, or months where a bound is not a whole year (6 months, 18 months)."""
    bounds = [x for x in (lo, hi) if x is not None]
    if all(x == int(x) for x in bounds):
        return _range(lo, hi, "years' imprisonment")
    if all(x <= 2.5 for x in bounds):
        return _range(lo and round(lo * 12), hi and round(hi * 12), "months' imprisonment")
    # mixed, as after a statutory increase by one half: "9 months' to 7.5 years'", not "9 to 90 months'"
    def term(x: float) -> str:
        return f"{round(x * 12)} months'" if x < 2 and x != int(x) else f"{x:g} years'"
    if lo and hi:
        return f"{term(lo)} to {term(hi)} imprisonment"
    return f"up to {term(hi)} imprisonment" if hi else f"at least {term(lo)} imprisonment"


def tier(t: PenaltyTier, currency: str = "CNY") -> str:
    """One tier as a phrase: 'up to 3 years' imprisonment, criminal detention or public surveillance'."""
    main: list[str] = []
    prison = _prison(t.min_imprisonment_years, t.max_imprisonment_years)
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
    fine = _range(t.fine_min, t.fine_max, CURRENCY[currency])
    if t.revenue_percent_max is not None:
        share = f"{t.revenue_percent_max:g}% of worldwide revenue"
        fine = f"{fine} or {share}, whichever is greater" if fine else f"up to {share}"
    word = "a civil penalty" if t.civil_penalty else "a fine"
    fine = f"{word} of {fine}" if fine else word
    text = ", ".join(main[:-1]) + (" or " if len(main) > 1 else "") + (main[-1] if main else "")
    match t.fine.value:
        case "alternative":
            text = f"{text} or {fine}" if text else fine
        case "either_or_both":
            text = f"{text} or {fine}, or both" if text else fine
        case "optional":
            text = f"{text}; {fine} may be added"
        case "mandatory":
            text = f"{text}, with {fine}"
    return text


def heaviest(penalty: Penalty) -> PenaltyTier:
    return max(penalty.tiers, key=lambda t: (
        t.death_penalty, t.life_imprisonment, t.max_imprisonment_years or 0, t.max_detention_days or 0,
        t.fine_max or 0))


def maximum(penalty: Penalty | None) -> str:
    return tier(heaviest(penalty), penalty.currency) if penalty else "no penalty (not a punishing provision)"


def tiers(penalty: Penalty | None) -> str:
    """Every tier of a penalty: 'basic: up to 5 days' administrative detention or a fine of up to 1000 yuan;
    serious circumstances: ...'."""
    if penalty is None:
        return "no penalty (not a punishing provision)"
    return "; ".join(f"{t.label}: {tier(t, penalty.currency)}" for t in penalty.tiers)


def deadline(d: Deadline) -> str:
    if d.hours is not None:
        return f"{d.hours} hours"
    return f"{d.days} {d.unit.replace('_', ' ')}"


def event(name: str) -> str:
    return name.replace("_", " ")


def time_limit(d: Deadline) -> str:
    """'7 days from non filing notice received to reconsideration requested'"""
    text = f"{deadline(d)} from {event(d.from_event)}"
    return f"{text} to {event(d.to_event)}" if d.to_event else text


def citation(prov: Provision, inst: Instrument | None) -> str:
    """How a provision is cited in text: 'Criminal Law Art. 246'."""
    short = (inst.short or inst.title.en) if inst else prov.instrument
    return f"{short} {prov.article}"
