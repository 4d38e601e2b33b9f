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
