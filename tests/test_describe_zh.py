"""ibsa.describe in Chinese: dates, periods, penalties, time limits and citations as a Chinese legal text words
them, from the real catalogue; English stays as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from ibsa import describe, loaders
from ibsa.model import Deadline, EventType, InForce, PenaltyTier
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def corpus() -> loaders.Corpus:
    return loaders.load(ROOT, parts=("law",))


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    describe.set_language("zh_CN")
    yield
    describe.set_language("en")


def _tier(corpus: loaders.Corpus, pid: str, index: int) -> str:
    penalty = corpus.provisions[pid].penalty
    assert penalty is not None
    return describe.tier(penalty.tiers[index], penalty.currency)


@pytest.mark.parametrize(("pid", "index", "expected"), [
    ("CN-CL-246", 0, "处三年以下有期徒刑、拘役、管制或者剥夺政治权利"),
    ("CN-CL-363", 0, "处三年以下有期徒刑、拘役或者管制，并处罚金"),
    ("CN-CL-363", 2, "处十年以上有期徒刑或者无期徒刑，并处罚金"),  # Art. 45's 15-year cap is not written out
    ("CN-CL-253-1", 0, "处三年以下有期徒刑或者拘役，并处或者单处罚金"),
    ("CN-CL-274", 0, "处三年以下有期徒刑、拘役或者管制，并处或者单处罚金"),
    ("CN-CL-293", 1, "处五年以上十年以下有期徒刑，可以并处罚金"),
    ("CN-PSAPL2025-50-6", 0, "处五日以下行政拘留或者一千元以下罚款"),
    ("CN-PSAPL2025-50-6", 1, "处五日以上十日以下行政拘留，可以并处一千元以下罚款"),
    ("CN-PSAPL2025-70", 1, "处五日以上十日以下行政拘留，并处三千元以上五千元以下罚款"),
    ("CN-PSAPL2025-73-2", 0, "处警告或者一千元以下罚款"),
    ("CN-CSL2025-49", 1, "处五十万元以上二百万元以下罚款"),
    ("KR-SVPA2020-14-1", 0, "处七年以下有期徒刑或者五千万韩元以下罚金"),
    ("KR-CYPA2024-11-1", 0, "处五年以上有期徒刑或者无期徒刑"),
    ("TW-CC2023-319-3-2", 0, "处六个月以上五年以下有期徒刑，可以并处新台币五十万元以下罚金"),
    ("TW-CC2023-319-4-1", 0, "处五年以下有期徒刑、拘役或者新台币五十万元以下罚金，或者两者并处"),
    ("JP-PSIA2023-2", 0, "处三年以下有期徒刑或者三百万日元以下罚金"),
    ("US-TIDA2025-223h-2A", 0, "处二年以下监禁或者罚金，或者两者并处"),
    ("UK-OSA2023-10-3", 0, "处一千八百万英镑或者全球营业额百分之十以下的罚款，以较高者为准"),
    ("AU-OSA2021-75", 0, "处十六万五千澳元以下民事罚款"),
])
def test_penalty_tiers_in_statutory_chinese(corpus: loaders.Corpus, pid: str, index: int, expected: str) -> None:
    assert _tier(corpus, pid, index) == expected


def test_no_penalty_and_all_tiers(corpus: loaders.Corpus) -> None:
    assert describe.maximum(None) == "本条不设罚则"
    labels = [t.label for t in corpus.provisions["CN-PSAPL2025-50-6"].penalty.tiers]  # type: ignore[union-attr]
    assert describe.tiers(corpus.provisions["CN-PSAPL2025-50-6"].penalty) == (
        f"{labels[0]}：处五日以下行政拘留或者一千元以下罚款；"
        f"{labels[1]}：处五日以上十日以下行政拘留，可以并处一千元以下罚款")


def test_numbers_as_statutes_write_them() -> None:
    assert [describe.zh_number(n) for n in (3, 10, 15, 24, 105, 110, 246, 1019, 500000, 165000, 10**8)] == [
        "三", "十", "十五", "二十四", "一百零五", "一百一十", "二百四十六", "一千零一十九", "五十万",
        "十六万五千", "一亿"]


def test_dates_moments_and_periods() -> None:
    assert describe.day(dt.date(2026, 1, 1)) == "2026年1月1日"
    assert describe.moment(dt.date(2026, 1, 5), "15:10") == "2026年1月5日 15:10"
    assert describe.period(InForce.model_validate({"from": "2026-01-01"})) == "自2026年1月1日起施行"
    assert describe.period(InForce.model_validate({"from": "2013-01-01", "until": "2025-12-31"})) == (
        "2013年1月1日至2025年12月31日施行")
    assert describe.period(InForce.model_validate({"from": "2024-12-24", "pending": True})) == (
        "2024年12月24日通过，尚未施行")
    assert describe.period(InForce.model_validate({"from": "2024-06-13", "applies_from": "2027-06-14"})) == (
        "自2024年6月13日起施行，自2027年6月14日起适用")


def test_time_limits_from_event_definitions() -> None:
    events = {"non_filing_notice_received": EventType(definition="控告人收到不予立案通知书。此后可以申请复议。"),
              "reconsideration_requested": EventType(definition="控告人向作出决定的公安机关申请复议；可以书面提出。"),
              "report_accepted": EventType(definition="公安机关受理报案。")}
    days = Deadline(days=7, from_event="non_filing_notice_received", to_event="reconsideration_requested")
    assert describe.time_limit(days, events) == (
        "自控告人收到不予立案通知书之日起七日内：控告人向作出决定的公安机关申请复议")
    hours = Deadline(hours=24, from_event="report_accepted")
    assert describe.time_limit(hours, events) == "自公安机关受理报案时起24小时内"
    assert describe.deadline(Deadline(days=7, unit="working_days", from_event="x")) == "七个工作日"
    assert describe.deadline(Deadline(days=6, unit="months", from_event="x")) == "六个月"


def test_citations(corpus: loaders.Corpus) -> None:
    def cite(pid: str) -> str:
        prov = corpus.provisions[pid]
        return describe.citation(prov, corpus.instruments[prov.instrument])

    assert cite("CN-CL-246") == "《中华人民共和国刑法》第二百四十六条"
    assert cite("CN-PSAPL2025-50-6") == "《中华人民共和国治安管理处罚法》（2025年修订）第五十条第一款第六项"
    assert cite("CN-SPCCPL2021-316") == (
        "《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》（法释〔2021〕1号）第三百一十六条")
    assert cite("KR-SVPA2024-14-2-1") == "韩国《性暴力犯罪处罚特例法》（2024年深度伪造修订文本）第14条之2第1款"
    assert cite("TW-CC2023-319-1") == '台湾地区"刑法"第三百十九条之一第一款'
    assert cite("HK-CAP200-159AAB") == "《刑事罪行条例》（第200章）第159AAB条"


def test_jurisdictions_and_english_unchanged(corpus: loaders.Corpus) -> None:
    assert describe.jurisdiction("CN") == "中国内地"
    describe.set_language("en")
    assert describe.jurisdiction("CN") == "Mainland China"
    prov = corpus.provisions["CN-CL-246"]
    assert describe.citation(prov, corpus.instruments[prov.instrument]) == "Criminal Law Art. 246"
    tier = PenaltyTier(label="basic", max_detention_days=5, fine_max=1000, fine="alternative")
    assert describe.tier(tier) == "up to 5 days' administrative detention or a fine of up to 1000 yuan"
    assert describe.day(dt.date(2026, 1, 1)) == "1 January 2026"
