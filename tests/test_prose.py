"""Issue 14: official sources, no internals in reader-facing text, no legal figures typed by hand.

Each check, fed the mini fixture broken in one line, reports the exact finding."""

from __future__ import annotations

import pytest

from ibsa.prose import legal_figures
from tests.conftest import Repo

SC = "exercises/demo-camera.yaml"
LAW = "law/xx-demo.yaml"
LESSON = "curriculum/01-demo/01-lesson.md"
SOURCE = 'source: {url: "https://example.org/demo", checked: 2026-11-01}\n    verified: true\n  - id: CN-DEMO-2'
AFTER = "\nThe old rule is"

CASES = [
    # official sources
    (LAW, SOURCE, SOURCE.replace("example.org/demo", "lawblog.example.net/demo"), LAW, "lawblog.example.net",
     "warning: CN-DEMO-1 source address lawblog.example.net is not an official host for this jurisdiction; give "
     "the legislature's, government's or court's page or the national law database, move the copy you read to "
     "'stored_copy', or say why none exists in 'official_unavailable' [official-source]"),
    (LAW, SOURCE, SOURCE.replace('url: "https://example.org/demo"', 'stored_copy: "someone/laws:demo.md"'), LAW,
     "someone/laws:demo.md",
     "warning: CN-DEMO-1 has no official source address; add 'url' on an official host, or say why none exists "
     "in 'official_unavailable' [official-source]"),
    # internals in reader-facing text: a lesson, a scenario's answer key
    (LESSON, AFTER, "\nThe catalogue records that filming is an offence.\n" + AFTER, LESSON, "The catalogue records",
     "warning: 'The catalogue records' tells readers how the curriculum is made: Readers act on the law, not on a "
     "database. Instead: name the law and its article through {prov} (rules: 'internals' in content-policy.yaml) "
     "[internals]"),
    (SC, "narrative: A fictional narrative.", "narrative: A fictional narrative the checker reads.", SC,
     "narrative:",
     "warning: 'the checker' tells readers how the curriculum is made: Readers act on the law, not on a database. "
     "Instead: name the law and its article through {prov} (rules: 'internals' in content-policy.yaml) "
     "[internals]"),
    # legal figures typed by hand
    (LESSON, AFTER, "\nFilming is an offence under Art. 253-1.\n" + AFTER, LESSON, "Filming is an offence",
     "warning: article number 'Art. 253-1' typed by hand; take it from the catalogue with a role ({prov} or "
     "{article}), or mark a quotation with {quoted} [legal-figure]"),
    (SC, "narrative: A fictional narrative.", "narrative: He faces up to 3 years in prison.", SC, "narrative:",
     "warning: penalty 'up to 3 years' typed by hand; take it from the catalogue with a role ({penalty}), or mark "
     "a quotation with {quoted} [legal-figure]"),
    (LESSON, AFTER, "\nAsk for reconsideration within 7 days.\n" + AFTER, LESSON, "Ask for reconsideration",
     "warning: time limit 'within 7 days' typed by hand; take it from the catalogue with a role ({deadline} or "
     "{period}), or mark a quotation with {quoted} [legal-figure]"),
    (LESSON, AFTER, "\nThe offence needs at least 40 videos.\n" + AFTER, LESSON, "The offence needs",
     "warning: threshold 'at least 40 videos' typed by hand; take it from the catalogue with a role "
     "({threshold}), or mark a quotation with {quoted} [legal-figure]"),
]


@pytest.mark.parametrize(("rel", "old", "new", "where", "marker", "message"), CASES,
                         ids=[f"{c[-1].rsplit('[', 1)[1].rstrip(']')}-{i}" for i, c in enumerate(CASES)])
def test_broken_fixture_gives_exact_finding(mini: Repo, rel: str, old: str, new: str, where: str, marker: str,
                                            message: str) -> None:
    mini.edit(rel, old, new)
    expected = f"{where}:{mini.line(where, marker)}: {message}"
    assert expected in mini.messages()


def test_an_unavailable_official_source_with_its_reason_passes(mini: Repo) -> None:
    mini.edit(LAW, SOURCE, SOURCE.replace('url: "https://example.org/demo"',
                                          'stored_copy: "someone/laws:demo.md", official_unavailable: "not online"'))
    assert mini.messages() == []


def test_roles_and_quotations_are_not_figures(mini: Repo) -> None:
    mini.edit(LESSON, AFTER, "\nThe article is {article}`CN-DEMO-1`; a poster read {quoted}`Art. 5, up to 3 years`."
              "\n" + AFTER)
    assert mini.messages() == []


@pytest.mark.parametrize("text", [
    "She was 24 and he was 31.", "On 5 May 2026 at 10:30 she found 12 files.", "260 videos and 310 pictures.",
    "The group had 1,850 members.", "She waited 3 days before she told anyone.", "The course takes 45 minutes.",
    "Lesson 3 of module 2.", "Room 5, floor 3; 2 years later she moved.", "He paid 46,000 yuan for the channel.",
])
def test_numbers_that_are_not_legal_pass(text: str) -> None:
    assert list(legal_figures(text)) == []


@pytest.mark.parametrize(("text", "figure"), [
    ("under Art. 364 of the Criminal Law", "Art. 364"), ("section 33 of the 2015 Act", "section 33"),
    ("s. 66B(2)", "s. 66B(2)"), ("依照刑法第二百五十三条", "第二百五十三条"), ("Article 5 requires", "Article 5"),
    ("3 years' imprisonment", "3 years' imprisonment"), ("10 days' detention", "10 days' detention"),
    ("a fine of 500 yuan", "fine of 500 yuan"), ("处五日以下拘留", "五日以下拘留"),
    ("must decide within 7 days", "within 7 days"), ("the 60-day time limit", "60-day time limit"),
    ("3日内作出决定", "3日内"), ("needs for example 20 videos", "for example 20 videos"),
    ("500 pictures or more", "500 pictures or more"),
    # in capitals, and with U+017F (long s), which IGNORECASE matches with s: the words that let a passage skip a
    # pattern are looked for in the folded text, so they must not skip these
    ("UP TO 5 YEARS", "UP TO 5 YEARS"), ("WITHIN 7 DAYſ", "WITHIN 7 DAYſ"), ("a FINE of €200", "FINE of €200"),
    ("wıthin 3 days", "wıthin 3 days"),  # U+0131 dotless i, which lower() keeps
    # every other alternative of each pattern, so that none is skipped by the words it is looked for by
    ("Rule 12(3) says", "Rule 12(3)"), ("para. 4", "para. 4"), ("Paragraph 2", "Paragraph 2"),
    ("under ss. 67-68", "ss. 67-68"), ("at most 2 months", "at most 2 months"),
    ("fines of up to HK$ 1,000", "fines of up to HK$ 1,000"), ("a 500 yuan fine", "500 yuan fine"),
    ("处三年以下有期徒刑", "三年以下有期徒刑"), ("处五百元以下罚款", "五百元以下罚款"),
    ("7 days from receiving", "7 days from receiving"),
    ("5 working days after the decision", "5 working days after the decision"),
    ("三个月内", "三个月内"), ("24小时以内", "24小时以内"), ("at least 30 videos", "at least 30 videos"),
    ("a threshold of 5 people", "threshold of 5 people"), ("e.g. 3 files", "e.g. 3 files"),
    ("a minimum of 2 accounts", "minimum of 2 accounts"), ("100 clicks and above", "100 clicks and above"),
])
def test_legal_figures_are_found(text: str, figure: str) -> None:
    assert [f for _, f, _ in legal_figures(text)] == [figure]


@pytest.mark.parametrize(("url", "official"), [
    ("https://www.npc.gov.cn/npc/c2/c30834/202108/t20210820_313088.html", True),
    ("https://flk.npc.gov.cn/", True),
    ("https://www.court.gov.cn/fabu/xiangqing/286491.html", True),
    ("https://npc.gov.cn.example.net/x", False),
    ("https://github.com/LawRefBook/Laws/blob/master/刑法/刑法.md", False),
    ("https://m.sh.bendibao.com/news/169501_2.html", False),
    (None, False),
])
def test_official_hosts_cover_their_subdomains_only(url: str | None, official: bool) -> None:
    from ibsa.sources import is_official

    assert is_official(url, ["npc.gov.cn", "court.gov.cn"]) is official


def test_readers_see_the_official_host_and_facilitators_what_was_read() -> None:
    import datetime as dt

    from ibsa.model import Source
    from ibsa.sphinxext.pages import _evidence, _source

    read = Source(url="https://lawblog.example.net/a", stored_copy="someone/laws:a.md", title="A blog's copy",
                  checked=dt.date(2026, 12, 4), official_unavailable="not published online")
    assert _source(read, None) == "no official address could be confirmed (not published online)"
    assert _evidence(read, None) == "A blog's copy; `someone/laws:a.md`; <https://lawblog.example.net/a>"
    official = Source(url="https://www.npc.gov.cn/x.html", stored_copy="someone/laws:a.md",
                      checked=dt.date(2026, 12, 4))
    assert _source(official, official.url) == "[www.npc.gov.cn](https://www.npc.gov.cn/x.html)"
    assert _evidence(official, official.url) == "`someone/laws:a.md`"
