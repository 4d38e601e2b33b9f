"""The law as applied: the lighter later law, administrative provisions that yield to a crime, and several
parties. Each rule is broken in the mini fixture (exact finding) and shown on a real scenario."""

from __future__ import annotations

import json
import subprocess
import sys

from ibsa import judgement, loaders
from ibsa.model import Penalty, PenaltyTier, Provision
from tests.conftest import ROOT, Repo

SC = "exercises/demo-camera.yaml"
LAW = "law/xx-demo.yaml"
PARTIES = "exercises/demo-parties.yaml"
DECIDED = ("  - {date: 2025-09-05, event: reconsideration_requested}\n",
           "  - {date: 2025-09-05, event: reconsideration_requested}\n  - {date: 2026-02-10, event: decision_made}\n")
FINE_ONLY = ("        - {label: basic, max_detention_days: 5, fine_max: 1000, fine: alternative}",
             "        - {label: basic, fine_max: 500, fine: mandatory}")


def _finding(repo: Repo, rel: str, marker: str, message: str) -> str:
    return f"{rel}:{repo.line(rel, marker)}: {message}"


# ------------------------------------------------------------ 1. which version applies


def _penalty(*tiers: dict[str, object]) -> Provision:
    return Provision.model_validate({
        "id": "CN-X-1", "article": "1", "title": {"en": "x"}, "kind": "administrative",
        "in_force": {"from": "2000-01-01"}, "summary": "x", "source": {"url": "https://x", "checked": "2026-01-01"},
        "verified": True,
        "penalty": Penalty(tiers=[PenaltyTier(label="t", **t) for t in tiers])})  # type: ignore[arg-type]


def test_gravity_orders_penalties_as_the_law_compares_them() -> None:
    detention_required = _penalty({"min_detention_days": 5, "max_detention_days": 10, "fine_max": 500,
                                   "fine": "optional"})
    fine_allowed = _penalty({"min_detention_days": 5, "max_detention_days": 10, "fine_max": 2000,
                             "fine": "alternative"})
    longer = _penalty({"max_detention_days": 15, "fine_max": 100, "fine": "alternative"})
    prison = _penalty({"max_imprisonment_years": 2, "criminal_detention": True})
    # detention that can be replaced by a fine is lighter than detention that cannot, whatever the fine's size
    assert judgement.compare_penalties(detention_required, fine_allowed)[0] == -1
    # the gravest kind's maximum decides before its minimum
    assert judgement.compare_penalties(fine_allowed, longer)[0] == 1
    assert judgement.compare_penalties(longer, prison)[0] == 1
    assert judgement.compare_penalties(prison, prison) == (0, "the same penalties")


def test_without_a_decision_date_the_act_date_decides_and_the_question_stays_open(mini: Repo) -> None:
    corpus = loaders.load(mini.root)
    verdict = judgement.judge(corpus, corpus.scenarios["demo-camera"]).by_suspect[None]
    assert verdict.applicable == ["CN-DEMO-1"]
    assert verdict.open_questions and "CN-DEMO-2 (from 2026-01-01)" in str(verdict.open_questions[0])


def test_a_heavier_later_law_leaves_the_law_at_the_act(mini: Repo) -> None:
    mini.edit(SC, *DECIDED)  # CN-DEMO-2 doubles the fine: heavier, so CN-DEMO-1 still governs
    assert mini.messages() == []
    corpus = loaders.load(mini.root)
    verdict = judgement.judge(corpus, corpus.scenarios["demo-camera"]).by_suspect[None]
    assert [v.selected for v in verdict.versions] == ["CN-DEMO-1"]
    assert "heavier than CN-DEMO-1" in verdict.versions[0].why


def test_a_lighter_later_law_applies_when_the_case_is_decided_under_it(mini: Repo) -> None:
    mini.edit(SC, *DECIDED)
    mini.edit(LAW, *FINE_ONLY)
    assert _finding(mini, SC, "- provision: CN-DEMO-1",
                    "answer key lists CN-DEMO-1 as applicable, but CN-DEMO-2, in force when the case is decided "
                    "(2026-02-10), is lighter than CN-DEMO-1, the law at the act (2025-08-14): administrative "
                    "detention: up to 5 days, none required under CN-DEMO-1, against not available under CN-DEMO-2. "
                    "The lighter law applies; expected CN-DEMO-2 instead [lighter-law]") in mini.messages()
    assert _finding(mini, SC, "{provision: CN-DEMO-2, facts",
                    "answer key says CN-DEMO-2 does not apply, but every element holds on these facts "
                    "[not-applicable-applies]") in mini.messages()


def test_a_later_law_that_no_longer_covers_the_act_leaves_nothing(mini: Repo) -> None:
    mini.edit(SC, *DECIDED)
    mini.edit(LAW, "      - {id: conduct, label: Filmed covertly, when: filmed_covertly, evidence: [The device]}",
              "      - {id: conduct, label: Filmed and spread, when: filmed_covertly and disseminated and "
              "videos_disseminated >= 10, evidence: [The device]}")
    assert _finding(mini, SC, "- provision: CN-DEMO-1",
                    "answer key lists CN-DEMO-1 as applicable, but CN-DEMO-1 covered the act on 2025-08-14, but the "
                    "law in force when the case is decided (2026-02-10), CN-DEMO-2, does not: element 'conduct' "
                    "(Filmed and spread) fails: videos_disseminated = 3, needs >= 10. The later law is lighter, so "
                    "neither applies [lighter-law]") in mini.messages()


def test_a_time_limit_follows_the_law_in_force_when_the_step_is_due(mini: Repo) -> None:
    mini.edit(LAW, "    in_force: {from: 2013-01-01}\n    summary: Seven days",
              "    in_force: {from: 2013-01-01, until: 2025-09-01}\n    summary: Seven days")
    assert _finding(mini, SC, "{provision: CN-DEMO-9, due",
                    "the step is due on 2025-09-08, but CN-DEMO-9 is in force 1 January 2013 to 1 September 2025; a "
                    "time limit follows the law in force when the step is taken: expected the version then "
                    "in force [deadline-version]") in mini.messages()


def test_real_scenario_decided_under_the_lighter_new_law() -> None:
    """An act in 2025 decided in 2026 where the new law is lighter: the new article applies, with the reason."""
    corpus = loaders.load(ROOT)
    decided = [sc for sc in corpus.scenarios.values()
               if judgement.decision_date(sc) and sc.incident_date < dt_cut(corpus)]
    chosen = [(sc.id, v) for sc in decided for verdict in judgement.judge(corpus, sc).by_suspect.values()
              for v in verdict.versions]
    lighter = [(sid, v) for sid, v in chosen if v.selected not in (None, v.at_act)]
    heavier = [(sid, v) for sid, v in chosen if v.selected == v.at_act]
    assert lighter, "a scenario should be decided under a lighter later law"
    assert heavier, "a scenario should keep the law at the act because the later law is heavier"
    assert all("The lighter law applies" in v.why for _, v in lighter)


def dt_cut(corpus: loaders.Corpus) -> object:
    return corpus.provisions["CN-PSAPL2025-50-6"].in_force.from_


# ------------------------------------------------------------ 2. administrative penalties yield to a crime


YIELDS = ("    replaces: CN-DEMO-1\n", "    replaces: CN-DEMO-1\n    yields_to: [CN-DEMO-3]\n")


def test_an_administrative_provision_yields_to_a_crime(mini: Repo) -> None:
    mini.edit(LAW, "    in_force: {from: 2006-03-01, until: 2025-12-31}\n",
              "    in_force: {from: 2006-03-01, until: 2025-12-31}\n    yields_to: [CN-DEMO-3]\n")
    mini.edit(SC, "videos_disseminated: 3", "videos_disseminated: 45")
    messages = mini.messages()
    assert _finding(mini, SC, "- provision: CN-DEMO-1",
                    "answer key lists CN-DEMO-1 as applicable, but it yields to CN-DEMO-3, which applies too (an "
                    "administrative penalty only where the act is not a crime); expected it under fallback [yields]"
                    ) in messages


def test_a_fallback_whose_crime_does_not_apply_is_applicable(mini: Repo) -> None:
    mini.edit(LAW, "    in_force: {from: 2006-03-01, until: 2025-12-31}\n",
              "    in_force: {from: 2006-03-01, until: 2025-12-31}\n    yields_to: [CN-DEMO-3]\n")
    mini.edit(SC, "  applicable:\n    - provision: CN-DEMO-1", "  fallback:\n    - provision: CN-DEMO-1")
    assert _finding(mini, SC, "- provision: CN-DEMO-1",
                    "answer key lists CN-DEMO-1 as a fallback, but nothing it yields to applies on these facts "
                    "(CN-DEMO-3); expected it under applicable [fallback-applies]") in mini.messages()


def test_a_real_channel_case_reports_the_administrative_articles_as_fallbacks() -> None:
    result = subprocess.run([sys.executable, "-m", "ibsa.cli", "--root", str(ROOT), "analyse",
                             str(ROOT / "exercises/cn-paid-channel-admin.yaml"), "--json"],
                            capture_output=True, text=True, check=False)
    data = json.loads(result.stdout)
    assert result.returncode == 0, data["findings"]
    assert "CN-CL-363" in data["applicable"] and "CN-PSAPL2025-80" not in data["applicable"]
    assert {"provision": "CN-PSAPL2025-80", "yields_to": ["CN-CL-363"],
            "reason": "applies if CN-CL-363 cannot be proved"} in data["fallback"]


# ------------------------------------------------------------ 3. several parties


def test_the_parties_fixture_is_judged_per_suspect(mini: Repo) -> None:
    corpus = loaders.load(mini.root)
    found = judgement.judge(corpus, corpus.scenarios["demo-parties"]).by_suspect
    assert {k: v.applicable for k, v in found.items()} == {"filmer": ["CN-DEMO-2"], "sharer": ["CN-DEMO-3"]}


def test_reasoning_is_required_per_suspect(mini: Repo) -> None:
    mini.edit(PARTIES, "            - {element: quantity, facts: [videos_disseminated], text: Forty-five videos are "
                       "above the count.}\n", "")
    assert _finding(mini, PARTIES, "- provision: CN-DEMO-3",
                    "no reasoning for element 'quantity' of CN-DEMO-3; expected one per element [reasoning-missing]"
                    ) in mini.messages()


def test_each_suspect_needs_an_answer(mini: Repo) -> None:
    start = mini.line(PARTIES, "- party: sharer")
    lines = (mini.root / PARTIES).read_text(encoding="utf-8").splitlines(keepends=True)
    end = mini.line(PARTIES, "  tasks:") - 1
    (mini.root / PARTIES).write_text("".join(lines[:start - 1] + lines[end:]), encoding="utf-8")
    assert _finding(mini, PARTIES, "- id: sharer",
                    "the answer key does not say what sharer (The man who spread the videos) can be charged with; "
                    "expected an entry for him under answer_key.suspects [suspect-unanswered]") in mini.messages()


def test_a_suspects_answer_is_checked_against_his_own_facts(mini: Repo) -> None:
    mini.edit(PARTIES, "facts: {disseminated: true, videos_disseminated: 45}", "facts: {disseminated: true, "
              "videos_disseminated: 4}")
    assert _finding(mini, PARTIES, "- provision: CN-DEMO-3",
                    "for sharer: answer key lists CN-DEMO-3 as applicable, but element 'quantity' (Enough videos) is "
                    "not satisfied: videos_disseminated = 4, needs >= 40 ($videos) [answer-extra]") in mini.messages()


def test_an_answer_for_someone_who_is_not_a_suspect(mini: Repo) -> None:
    mini.edit(PARTIES, "- party: sharer", "- party: woman")
    assert _finding(mini, PARTIES, "- party: woman",
                    "the answer key answers for 'woman', who is not a suspect among the scenario's parties (filmer, "
                    "sharer) [unknown-party]") in mini.messages()


def test_real_multi_party_scenarios_are_judged_per_suspect() -> None:
    corpus = loaders.load(ROOT)
    multi = [sc for sc in corpus.scenarios.values() if len(sc.suspects) > 1]
    assert len(multi) >= 3, "a paid channel, a coercion-and-sale case and a school deepfake case"
    for sc in multi:
        found = judgement.judge(corpus, sc).by_suspect
        charged = {party: tuple(v.applicable) for party, v in found.items()}
        assert len(set(charged.values())) > 1, f"{sc.id}: every suspect gets the same answer"


def test_every_tier_of_a_penalty_is_worded_for_comparison() -> None:
    from ibsa import describe
    corpus = loaders.load(ROOT)
    assert describe.tiers(corpus.provisions["CN-PSAPL2012-49"].penalty) == (
        "basic: 5 to 10 days' administrative detention; a fine of up to 500 yuan may be added; serious "
        "circumstances (情节较重): 10 to 15 days' administrative detention; a fine of up to 1000 yuan may be added")


def test_listing_a_heavier_later_version_is_reported(mini: Repo) -> None:
    mini.edit(SC, *DECIDED)  # CN-DEMO-2 is heavier: CN-DEMO-1 governs, and listing CN-DEMO-2 is wrong
    mini.edit(SC, "  applicable:\n    - provision: CN-DEMO-1", "  applicable:\n    - provision: CN-DEMO-2")
    mini.edit(SC, "{provision: CN-DEMO-2, facts: [filmed_covertly], reason: Not yet in force in August 2025.}",
              "{provision: CN-DEMO-1, facts: [filmed_covertly], reason: Replaced.}")
    assert _finding(mini, SC, "- provision: CN-DEMO-2",
                    "answer key lists CN-DEMO-2 as applicable, but CN-DEMO-2, in force when the case is decided "
                    "(2026-02-10), is heavier than CN-DEMO-1, the law at the act (2025-08-14): a fine: up to 500, "
                    "none required under CN-DEMO-1, against up to 1000, none required under CN-DEMO-2. The law at "
                    "the act applies; expected CN-DEMO-1 instead [lighter-law]") in mini.messages()
