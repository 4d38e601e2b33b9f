"""The comparison's stages (issue 14): adopted, in force, and in force but applying only later are kept apart."""

from __future__ import annotations

import datetime as dt

from ibsa import compare, loaders
from tests.conftest import Repo

DAY = dt.date(2026, 12, 4)


def test_stage_of_a_provision_in_force(mini: Repo) -> None:
    prov = loaders.load(mini.root).provisions["KR-DEMO-14"]
    assert compare.stage(prov, DAY) == (compare.Stage.IN_FORCE, dt.date(2020, 5, 19))
    assert compare.stage(prov, dt.date(2020, 1, 1)) == (compare.Stage.NOT_YET, dt.date(2020, 5, 19))


def test_directive_applies_later(mini: Repo) -> None:
    mini.edit("law/kr-demo.yaml", "in_force: {from: 2020-05-19}",
              "in_force: {from: 2020-05-19, applies_from: 2027-06-14}")
    prov = loaders.load(mini.root).provisions["KR-DEMO-14"]
    assert compare.stage(prov, DAY) == (compare.Stage.APPLIES_LATER, dt.date(2027, 6, 14))
    assert compare.stage(prov, dt.date(2027, 6, 14)) == (compare.Stage.IN_FORCE, dt.date(2020, 5, 19))


def test_pending_treaty_is_never_in_force(mini: Repo) -> None:
    mini.edit("law/kr-demo.yaml", "in_force: {from: 2020-05-19}", "in_force: {from: 2020-05-19, pending: true}")
    corpus = loaders.load(mini.root)
    prov = corpus.provisions["KR-DEMO-14"]
    assert compare.stage(prov, DAY) == (compare.Stage.ADOPTED, dt.date(2020, 5, 19))
    assert not prov.in_force.covers(DAY)
    assert [r.pending for r in compare.reforms(corpus, ["KR"])] == [True]


def test_money_penalties_and_stages_are_worded_apart() -> None:
    """Issue 14: a civil penalty is not a fine, a revenue cap reads 'whichever is greater', prison and fine
    together read 'or both', and the in-force wording names adoption and later application."""
    from ibsa import describe
    from ibsa.model import InForce, PenaltyTier

    civil = PenaltyTier(label="s. 75", fine_max=165000, fine="alternative", civil_penalty=True)
    assert describe.tier(civil, "AUD") == "a civil penalty of up to 165,000 Australian dollars"
    ofcom = PenaltyTier(label="Sch. 13", fine_max=18000000, fine="alternative", revenue_percent_max=10)
    assert describe.tier(ofcom, "GBP") == ("a fine of up to 18,000,000 pounds or 10% of worldwide revenue, "
                                           "whichever is greater")
    both = PenaltyTier(label="Art. 3(2)", max_imprisonment_years=5, fine_max=5000000, fine="either_or_both")
    assert describe.tier(both, "JPY") == "up to 5 years' imprisonment or a fine of up to 5,000,000 yen, or both"
    assert describe.period(InForce.model_validate({"from": "2024-12-24", "pending": True})) == (
        "adopted 24 December 2024; not yet in force")
    assert describe.period(InForce.model_validate({"from": "2024-06-13", "applies_from": "2027-06-14"})) == (
        "in force from 13 June 2024, applying from 14 June 2027")


def test_a_minimum_in_months_and_a_maximum_in_years() -> None:
    from ibsa import describe

    assert describe._prison(0.5, 5) == "6 months' to 5 years' imprisonment"
    assert describe._prison(1.5, 10.5) == "18 months' to 10.5 years' imprisonment"
    assert describe._prison(None, 1.5) == "up to 18 months' imprisonment"
