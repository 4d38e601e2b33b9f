"""Every check, fed a broken fixture, reports the exact finding; the intact fixture reports none."""

from __future__ import annotations

import datetime as dt

import pytest

from ibsa import checks, loaders
from tests.conftest import ROOT, Repo

SC = "exercises/demo-camera.yaml"
LAW = "law/xx-demo.yaml"
LESSON = "curriculum/01-demo/01-lesson.md"
MODULE = "curriculum/01-demo/index.md"
TWO = "exercises/demo-two-laws.yaml"
CAM26 = "exercises/demo-camera-2026.yaml"
TOOL = "resources/tools/demo-checklist.yaml"
LOG = "resources/tools/demo-log.yaml"
REFERRALS = "resources/referrals.yaml"
DRAFT = "exercises/demo-draft.yaml"
FACTS = "law/facts.yaml"


def test_intact_fixture_is_clean(mini: Repo) -> None:
    assert mini.messages() == []


# (file edited, old text, new text, file of the finding, marker on the finding's line, expected message)
CASES = [
    # 1. schema, types, references
    (SC, "videos_disseminated: 3", "videos_shared: 3", SC, "videos_shared",
     "unknown fact 'videos_shared'; did you mean 'videos_disseminated'? [unknown-fact]"),
    (SC, "videos_disseminated: 3", "mobile_phone: 3", SC, "mobile_phone",
     "unknown fact 'mobile_phone'; expected a fact from law/facts.yaml [unknown-fact]"),
    (SC, "disseminated: true", "disseminated: 3", SC, "  disseminated: 3",
     "fact 'disseminated' is 3; expected true or false [fact-type]"),
    (SC, "victim_age: 24", "victim_age: 240", SC, "victim_age: 240",
     "fact 'victim_age' is 240; expected 0 to 120 [fact-range]"),
    (SC, "objectives: [demo-o1]", "objectives: [demo-o1, demo-o9]", SC, "objectives:",
     "objective 'demo-o9' is not defined by any lesson; did you mean 'demo-o1'? [unknown-objective]"),
    (SC, "provision: CN-DEMO-9", "provision: CN-DEMO-99", SC, "CN-DEMO-99",
     "answer key names 'CN-DEMO-99', which is not in the catalogue; did you mean 'CN-DEMO-9'? [unknown-provision]"),
    (SC, "{task: t1, answer:", "{task: t2, answer:", SC, "task: t2",
     "answer for task 't2', which the scenario does not set [unknown-task]"),
    (SC, "tracks: [police]", "tracks: [police]\nsurprise: 1", SC, "surprise",
     "unknown field 'surprise'; check the spelling against the format [schema]"),
    (SC, "title: A camera in the changing room\n", "", SC, "id: demo-camera",
     "missing required field 'title' [schema]"),
    (SC, "incident_date: 2025-08-14", "incident_date: 1850-08-14", SC, "id: demo-camera",
     "document: date 1850-08-14 is out of range; expected a date between 1900 and 2100 [schema]"),
    ("law/kr-demo.yaml", "in_force: {from: 2020-05-19}", "in_force: {from: 2020-05-19, applies_from: 2019-01-01}",
     "law/kr-demo.yaml", "applies_from: 2019-01-01",
     "in_force: applies from 2019-01-01 is before in force from 2020-05-19; applies_from is the later date from "
     "which the obligations bind [schema]"),
    (LAW, "when: filmed_covertly, evidence: [The device], gaps", "when: filmed_covertly and, evidence: [The device], "
          "gaps", LAW, "when: filmed_covertly and,",
     "element 'conduct' of CN-DEMO-1: 'filmed_covertly and' ends too early; expected a fact name or a value "
     "[expression]"),
    (LAW, "when: \"videos_disseminated >= $videos\"", "when: \"videos_shared >= $videos\"", LAW, "videos_shared",
     "element 'quantity' of CN-DEMO-3 uses unknown fact 'videos_shared'; did you mean 'videos_disseminated'? "
     "[unknown-fact]"),
    (LAW, "when: \"videos_disseminated >= $videos\"", "when: \"videos_disseminated >= $vids\"", LAW, "$vids",
     "element 'quantity' of CN-DEMO-3 uses $vids, which is not among its thresholds (videos) [unknown-threshold]"),
    (LAW, "when: \"videos_disseminated >= $videos\"", "when: \"victim_age >= $videos\"", LAW, "victim_age >=",
     "element 'quantity' of CN-DEMO-3 compares victim_age with $videos, a threshold for videos_disseminated; "
     "expected the same fact [threshold-fact]"),
    (LAW, "when: disseminated,", "when: \"disseminated >= 3\",", LAW, "disseminated >= 3",
     "element 'act' of CN-DEMO-3: 'disseminated >= 3' does not fit fact 'disseminated' of type bool; "
     "expected true or false [fact-type]"),
    (LAW, "replaces: CN-DEMO-1", "replaces: CN-DEMO-7", LAW, "replaces: CN-DEMO-7",
     "CN-DEMO-2 replaces 'CN-DEMO-7', which is not in the catalogue [unknown-provision]"),
    (LAW, "until: 2025-12-31", "until: 2026-06-30", LAW, "replaces: CN-DEMO-1",
     "CN-DEMO-2 (from 2026-01-01) replaces CN-DEMO-1, which is in force until 2026-06-30; expected the old one "
     "to end before [overlap]"),
    # fact definitions are shown to readers: no fact names, no instructions to authors
    (FACTS, "definition: Shared the images with someone else.",
     "definition: Shared the images with someone else; compare filmed_covertly.", FACTS, "compare filmed_covertly",
     "the definition of 'disseminated' names the fact 'filmed_covertly', which readers would see; say it in words, "
     "or move the cross-reference to 'author_note' [fact-definition]"),
    (FACTS, "definition: She agreed to the filming.",
     "definition: She agreed to the filming. State it only where the scenario supports it.", FACTS,
     "She agreed to the filming. State",
     "the definition of 'victim_consented' gives authors an instruction ('state it'), which readers would see; "
     "move it to 'author_note' [fact-definition]"),
    # a fact that entails another is stated with it
    (FACTS, "definition: Shared the images with someone else.",
     "definition: Shared the images with someone else.\n    implies: [victim_consented]", SC, "  disseminated: true",
     "fact 'disseminated' is true, which implies 'victim_consented'; state victim_consented: true as well, or "
     "correct disseminated [fact-implies]"),
    # 2. legal consistency
    (SC, "  applicable:\n    - provision: CN-DEMO-1\n      reasoning:\n"
         "        - {element: conduct, facts: [filmed_covertly], "
         "text: zqreasoningzq she did not know.}\n", "  applicable: []\n", SC, "applicable:",
     "CN-DEMO-1 applies on these facts on 2025-08-14 (every element holds), but the answer key does not list "
     "it as applicable [answer-missing]"),
    (SC, "filmed_covertly: true", "filmed_covertly: false", SC, "- provision: CN-DEMO-1",
     "answer key lists CN-DEMO-1 as applicable, but element 'conduct' (Filmed covertly) is not satisfied: "
     "filmed_covertly = false, needs true [answer-extra]"),
    (SC, "videos_disseminated: 3", "videos_disseminated: 45", SC, "- {provision: CN-DEMO-3",
     "answer key says CN-DEMO-3 does not apply, but every element holds on these facts [not-applicable-applies]"),
    # 3. reasoning names facts the scenario states
    (SC, "facts: [filmed_covertly], text", "facts: [victim_consented], text", SC, "victim_consented",
     "reasoning for CN-DEMO-1/conduct relies on 'victim_consented', which the scenario's facts do not "
     "state [reasoning-fact]"),
    (SC, "facts: [filmed_covertly], text", "facts: [victim_consent], text", SC, "victim_consent",
     "reasoning for CN-DEMO-1/conduct relies on 'victim_consent', which is not a fact; did you mean "
     "'victim_consented'? [unknown-fact]"),
    (SC, "{element: conduct,", "{element: behaviour,", SC, "element: behaviour",
     "reasoning for CN-DEMO-1 names element 'behaviour'; expected one of conduct [unknown-element]"),
    # 4. timelines
    (SC, "- {date: 2025-09-01, event: non_filing_notice_received}",
     "- {date: 2025-09-01, event: non_filing_notice_received}\n  - {date: 2025-08-01, event: incident}",
     SC, "2025-08-01", "event 'incident' on 2025-08-01 comes before the previous event (2025-09-01); expected "
     "events in date order [timeline-order]"),
    (SC, "event: non_filing_notice_received}", "event: notice_arrived}", SC, "notice_arrived",
     "unknown event type 'notice_arrived'; expected one from law/events.yaml [unknown-event]"),
    (SC, "- {date: 2025-08-14, event: incident}", "- {date: 2025-08-13, event: incident}", SC, "incident_date",
     "incident_date is 2025-08-14 but the timeline's incident is on 2025-08-13; expected the same date "
     "[incident-date]"),
    (SC, "victim_age: 24", "victim_age: 22", SC, "victim_age: 22",
     "victim_age is 22, but someone born on 2001-02-03 is 24 on 2025-08-14 [age]"),
    (SC, "due: 2025-09-08", "due: 2025-09-07", SC, "due: 2025-09-07",
     "due date for CN-DEMO-9 is 2025-09-07, but 7 days from 'non_filing_notice_received' on 2025-09-01 ends on "
     "2025-09-08 [deadline]"),
    (SC, "  - {date: 2025-09-01, event: non_filing_notice_received}\n", "", SC, "- {provision: CN-DEMO-9",
     "the time limit of CN-DEMO-9 runs from 'non_filing_notice_received', which the timeline does not contain "
     "[deadline-event]"),
    (SC, "{provision: CN-DEMO-9, due", "{provision: CN-DEMO-3, due", SC, "- {provision: CN-DEMO-3, due",
     "CN-DEMO-3 sets no time limit; expected a provision with a 'deadline' [no-deadline]"),
    # a missed time limit: the request comes after the last day
    (SC, "- {date: 2025-09-05, event: reconsideration_requested}",
     "- {date: 2025-09-10, event: reconsideration_requested}", SC, "met: true",
     "answer key says the time limit of CN-DEMO-9 was met, but 'reconsideration_requested' is on 2025-09-10 and "
     "the last day is 2025-09-08; expected met: false [deadline-met]"),
    (SC, "  - {date: 2025-09-05, event: reconsideration_requested}\n", "", SC, "met: true",
     "answer key says the time limit of CN-DEMO-9 was met, but the timeline has no 'reconsideration_requested' and "
     "the last day is 2025-09-08; expected met: false [deadline-met]"),
    (LAW, ", to_event: reconsideration_requested}", "}", SC, "met: true",
     "the answer key says whether the time limit of CN-DEMO-9 was met, but the catalogue does not say which act it "
     "requires; expected 'to_event' on its deadline [deadline-no-act]"),
    # several jurisdictions: the finding names the one whose answer is wrong
    (TWO, "  victim_consented: true\n", "", TWO, "- {provision: KR-DEMO-14",
     "under KR law: answer key says KR-DEMO-14 does not apply, but every element holds on these facts "
     "[not-applicable-applies]"),
    (TWO, "  not_applicable:\n    - {provision: KR-DEMO-14, facts: [victim_consented], reason: She agreed to the "
          "filming.}\n", "", TWO, "jurisdiction:",
     "the scenario is judged under KR law, but its answer key names no KR provision; expected what applies there "
     "(or a tempting provision that does not) [jurisdiction-unanswered]"),
    (CAM26, "jurisdiction: [CN, KR]", "jurisdiction: CN", CAM26, "- provision: KR-DEMO-14",
     "answer key lists KR-DEMO-14 as applicable, but on 2026-03-02 it cannot apply: it is KR law and the scenario "
     "is judged under CN [not-in-force]"),
    (CAM26, "    - provision: KR-DEMO-14\n      reasoning:\n        - {element: conduct, facts: [filmed_covertly], "
            "text: He filmed her.}\n", "    - provision: KR-DEMO-14\n      reasoning:\n", CAM26,
     "- provision: KR-DEMO-14",
     "no reasoning for element 'conduct' of KR-DEMO-14; expected one per element [reasoning-missing]"),
    # role-plays
    (CAM26, "title: The person reporting,", "title: The person reporting, shown_to: everyone,", CAM26, "roles:",
     "2 roles are shown to everyone (officer, person-harmed); expected exactly one, the interviewer's, with the "
     "other briefings for the facilitator [roleplay-handout]"),
    (CAM26, "objective: demo-o1}", "objective: demo-o2}", CAM26, "objective: demo-o2",
     "checklist item 'zqchecklistzq Asks open questions first' is tied to objective 'demo-o2', which is not among "
     "the scenario's objectives (demo-o1) [checklist-objective]"),
    (CAM26, "{id: person-harmed,", "{id: officer,", CAM26, "{id: officer, title: The person",
     "role 'officer' appears twice; expected unique role ids [duplicate-id]"),
    # a reform-drafting answer: elements in the fact vocabulary, catching and sparing the right fact patterns
    (DRAFT, "when: not victim_consented}", "when: not victim_agreed}", DRAFT, "victim_agreed",
     "draft element 'no-consent' uses unknown fact 'victim_agreed'; did you mean 'victim_age'? "
     "[unknown-fact]"),
    (DRAFT, "when: filmed_covertly}", "when: \"filmed_covertly >= 2\"}", DRAFT, "filmed_covertly >= 2",
     "draft element 'filming': 'filmed_covertly >= 2' does not fit fact 'filmed_covertly' of type bool; expected "
     "true or false [fact-type]"),
    (DRAFT, "when: filmed_covertly}", "when: \"filmed_covertly and victim_age >= 30\"}", DRAFT,
     "covers: [demo-camera]", "the draft offence does not catch scenario 'demo-camera': element 'filming' (Filmed "
     "her without her knowledge) fails: victim_age = 24, needs >= 30 [draft-misses]"),
    (DRAFT, "when: filmed_covertly}", "when: \"filmed_covertly and victim_age >= 30\"}", DRAFT, "draft:",
     "the draft offence does not catch scenario 'demo-draft': element 'filming' (Filmed her without her "
     "knowledge) fails: victim_age = not stated, needs >= 30 [draft-misses]"),
    (DRAFT, "when: not victim_consented}", "when: filmed_covertly}", DRAFT, "excludes: [demo-two-laws]",
     "the draft offence catches scenario 'demo-two-laws', which it should leave alone: every element holds on its "
     "facts [draft-overreaches]"),
    (DRAFT, "covers: [demo-camera]", "covers: [demo-kamera]", DRAFT, "covers: [demo-kamera]",
     "the draft names scenario 'demo-kamera', which does not exist [unknown-scenario]"),
    (LAW, "to_event: reconsideration_requested}", "to_event: reconsideration_asked}", LAW, "to_event:",
     "the time limit of CN-DEMO-9 names unknown event 'reconsideration_asked'; did you mean "
     "'reconsideration_requested'? [unknown-event]"),
    # printable tools and the referral directory
    (TOOL, "provision: CN-DEMO-9}", "provision: CN-DEMO-99}", TOOL, "CN-DEMO-99",
     "item cites 'CN-DEMO-99', which is not in the catalogue; did you mean 'CN-DEMO-9'? [unknown-provision]"),
    (TOOL, "fact: filmed_covertly}", "fact: filmed}", TOOL, "fact: filmed}",
     "item records unknown fact 'filmed'; expected a fact from law/facts.yaml [unknown-fact]"),
    (TOOL, "referral: demo-line}", "referral: demo-lines}", TOOL, "referral: demo-lines",
     "item refers to service 'demo-lines', which is not in resources/referrals.yaml; did you mean 'demo-line'? "
     "[unknown-service]"),
    (TOOL, "referral: demo-line}", "referral: legal-aid}", TOOL, "referral: legal-aid",
     "item refers to service 'legal-aid', which is not in resources/referrals.yaml; expected the id of a service "
     "listed there [unknown-service]"),
    (TOOL, "id: demo-checklist", "id: demo-list", TOOL, "id: demo-list",
     "tool id 'demo-list' differs from the file name 'demo-checklist'; expected them to match [tool-id]"),
    (LOG, "{label: No., width: 6}", "{label: No., width: 16}", LOG, "id: demo-log",
     "document: the columns' widths add up to more than 100 per cent of the page [schema]"),
    (LOG, "rows: 3", "rows: 0", LOG, "id: demo-log", "document: a log needs 'columns' and 'rows' [schema]"),
    (REFERRALS, "confidence: verified", "confidence: unverified", REFERRALS, "confidence: unverified",
     "services.0.confidence: input should be 'verified' or 'partly' [schema]"),
    (REFERRALS, "kinds: [legal, hotline]", "kinds: [legal, psychic]", REFERRALS, "kinds:",
     "services.0.kinds.1: input should be 'police', 'legal', 'legal_aid', 'counselling', 'medical', 'shelter', "
     "'digital_security', 'removal', 'reporting', 'hotline' or 'child_protection' [schema]"),
    # every role and directive a page renders names something that exists (what -W would stop a build on)
    (LESSON, "{prov}`CN-DEMO-1` ({in-force}", "{prov}`CN-DEMO1` ({in-force}", LESSON, "CN-DEMO1",
     "unknown provision 'CN-DEMO1'; did you mean 'CN-DEMO-1'? [reference]"),
    (LESSON, "{prov}`CN-DEMO-1` ({in-force}", "{prov}`Old rule <XX-NOTHING>` ({in-force}", LESSON, "XX-NOTHING",
     "unknown provision 'XX-NOTHING'; expected an id from law/*.yaml [reference]"),
    (LESSON, "{threshold}`CN-DEMO-3:videos`", "{threshold}`CN-DEMO-3:video`", LESSON, "CN-DEMO-3:video`",
     "CN-DEMO-3 has no threshold 'video'; did you mean 'videos'? [reference]"),
    (LESSON, "{deadline}`CN-DEMO-9`", "{deadline}`CN-DEMO-1`", LESSON, "{deadline}`CN-DEMO-1`",
     "CN-DEMO-1 sets no time limit; expected a provision with a 'deadline' [reference]"),
    (LESSON, "({duration}`demo-camera`)", "({duration}`demo-camra`)", LESSON, "demo-camra",
     "unknown scenario 'demo-camra'; did you mean 'demo-camera'? [reference]"),
    (LESSON, "{quoted}`revenge porn`", "{qouted}`revenge porn`", LESSON, "qouted",
     "unknown role '{qouted}'; did you mean 'quoted'? [reference]"),
    (LESSON, "Avoid the label", "See {doc}`02-lesson`. Avoid the label", LESSON, "02-lesson",
     "unknown page '02-lesson'; did you mean '/curriculum/01-demo/01-lesson'? [reference]"),
    (LESSON, ":conduct: filming", ":conduct: filmin", LESSON, "{comparison-table}",
     "unknown conduct 'filmin'; did you mean 'filming'? [reference]"),
    (LESSON, ":jurisdictions: CN KR\n```\n\n```{reform", ":jurisdiction: CN KR\n```\n\n```{reform", LESSON,
     "{comparison-table}", "{comparison-table} has no option ':jurisdiction:'; did you mean ':jurisdictions:'? "
     "[reference]"),
    (LESSON, "```{referral-map}", "```{referral-map}\n:place: CN", LESSON, "{referral-map}",
     "{referral-map} has no option ':place:'; it takes kinds, region [reference]"),
    (LESSON, "```{process-flow} CN-DEMO", "```{process-flow} CN-DEMOS", LESSON, "process-flow",
     "unknown instrument 'CN-DEMOS'; did you mean 'CN-DEMO'? [reference]"),
    (LESSON, "```{referral-map}", "```{referal-map}", LESSON, "referal-map",
     "unknown directive '{referal-map}'; did you mean 'referral-map'? [reference]"),
    # a stub is never published as an answer
    (SC, "answer: zqtaskanswerzq the old article.", "answer: To be written.", SC, "To be written.",
     "'To be written.' is a placeholder; write the text before the page is published [placeholder]"),
    (SC, "answer: zqtaskanswerzq the old article.", "answer: TODO ask the clinic", SC, "TODO ask",
     "'TODO ask the clinic' is a placeholder; write the text before the page is published [placeholder]"),
    # 5. coverage and structure
    (LESSON, "    - {id: demo-o1, text: Choose the version in force.}",
     "    - {id: demo-o1, text: Choose the version in force.}\n    - {id: demo-o2, text: Explain the penalty.}", LESSON,
     "demo-o2", "objective 'demo-o2' is not exercised by any scenario; expected at least one scenario to list it "
     "[objective-uncovered]"),
    (LESSON, "prerequisites: []", "prerequisites: [demo-intro]", LESSON, "prerequisites",
     "prerequisite 'demo-intro' is not a lesson id [unknown-prerequisite]"),
    (LESSON, "prerequisites: []", "prerequisites: [demo-lesson]", LESSON, "prerequisites",
     "prerequisites form a cycle: demo-lesson -> demo-lesson [prerequisite-cycle]"),
    (MODULE, "duration: 30", "duration: 45", MODULE, "duration",
     "module duration is 45 minutes but its lessons add up to 30; expected the sum [module-duration]"),
    (LESSON, "  module: 01-demo", "  module: 02-other", LESSON, "module: 02-other",
     "module '02-other' differs from the folder '01-demo'; expected the folder name [module-folder]"),
    (LESSON, "ibsa_lesson:", "lesson_data:", LESSON, "---",
     "no 'ibsa_lesson' front matter; every lesson starts with a '---' block holding 'ibsa_lesson:' "
     "[front-matter]"),
    # a provision of a jurisdiction that does not legislate in English gives its original article reference
    (LAW, "    article_original: 第三条\n", "", LAW, "id: CN-DEMO-3",
     "provision CN-DEMO-3 has no article_original (its article reference in the original language, e.g. "
     "第五十条第一款); add it [original-article]"),
    ("law/kr-demo.yaml", "    article_original: 제14조\n", "", "law/kr-demo.yaml", "id: KR-DEMO-14",
     "provision KR-DEMO-14 has no article_original (its article reference in the original language, e.g. "
     "第五十条第一款); add it [original-article]"),
    # 6. sources
    (LAW, "checked: 2026-11-01}\n    verified: true\n  - id: CN-DEMO-2",
     "checked: 2024-01-01}\n    verified: true\n  - id: CN-DEMO-2", LAW, "checked: 2024-01-01",
     "warning: CN-DEMO-1 was last checked against its source on 2024-01-01, more than twelve months ago; check "
     "it again and update 'checked' [source-stale]"),
    (LAW, "verified: true\n  - id: CN-DEMO-2", "verified: false\n  - id: CN-DEMO-2", LAW, "verified: false",
     "warning: CN-DEMO-1 is not verified against a stored source; lessons must say so [unverified]"),
]


@pytest.mark.parametrize(("rel", "old", "new", "where", "marker", "message"), CASES,
                         ids=[c[-1].rsplit("[", 1)[1].rstrip("]") + f"-{i}" for i, c in enumerate(CASES)])
def test_broken_fixture_gives_exact_finding(mini: Repo, rel: str, old: str, new: str, where: str, marker: str,
                                            message: str) -> None:
    assert_edit_gives(mini, rel, old, new, where, marker, message)


def assert_edit_gives(mini: Repo, rel: str, old: str, new: str, where: str, marker: str, message: str) -> None:
    """Break the fixture with one edit; the checker reports exactly `message` at the line holding `marker`."""
    mini.edit(rel, old, new)
    expected = f"{where}:{mini.line(where, marker)}: {message}"
    assert expected in mini.messages()


def test_authoring_guidance_belongs_in_author_note(mini: Repo) -> None:
    """The same cross-reference is accepted in author_note, which is never shown to readers."""
    mini.edit(FACTS, "definition: Shared the images with someone else.\n",
              "definition: Shared the images with someone else.\n    author_note: Compare filmed_covertly; state it "
              "only where the scenario supports it.\n")
    assert mini.messages() == []


def test_two_problems_are_both_reported(mini: Repo) -> None:
    mini.edit(SC, "videos_disseminated: 3", "videos_shared: 3")
    mini.edit(SC, "victim_age: 24", "victim_age: 22")
    codes = {f.code for f in mini.findings()}
    assert {"unknown-fact", "age"} <= codes


def test_version_logic_follows_incident_date(mini: Repo) -> None:
    """Moving the incident into 2026 makes the old article inapplicable and the new one apply."""
    mini.edit(SC, "incident_date: 2025-08-14", "incident_date: 2026-03-02")
    mini.edit(SC, "- {date: 2025-08-14, event: incident}", "- {date: 2026-03-02, event: incident}")
    mini.edit(SC, "- {date: 2025-09-01, event: non_filing_notice_received}",
              "- {date: 2026-03-09, event: non_filing_notice_received}")
    mini.edit(SC, "- {date: 2025-09-05, event: reconsideration_requested}",
              "- {date: 2026-03-13, event: reconsideration_requested}")
    mini.edit(SC, "victim_age: 24", "victim_age: 25")
    mini.edit(SC, "due: 2025-09-08", "due: 2026-03-16")
    found = [(f.code, f.message) for f in mini.findings()]
    assert ("not-applicable-applies", "answer key says CN-DEMO-2 does not apply, but every element holds on these "
                                      "facts") in found
    assert any(c == "not-in-force" and "CN-DEMO-1" in m for c, m in found)
    mini.edit(SC, "provision: CN-DEMO-1\n", "provision: CN-DEMO-2\n")
    mini.edit(SC, "{provision: CN-DEMO-2, facts: [filmed_covertly], reason: Not yet in force",
              "{provision: CN-DEMO-1, facts: [filmed_covertly], reason: No longer in force")
    assert [m for m in mini.messages() if m.startswith(SC)] == []  # (CN-DEMO-1 now applies nowhere: unexercised)


def test_stale_warning_depends_on_today(mini: Repo) -> None:
    corpus = loaders.load(mini.root)
    assert list(checks.check_sources(corpus, today=dt.date(2027, 11, 2)))
    assert not list(checks.check_sources(corpus, today=dt.date(2027, 11, 1)))


def test_duplicate_provision_id_names_both_places(mini: Repo) -> None:
    mini.edit(LAW, "id: CN-DEMO-9", "id: CN-DEMO-3")
    first = mini.line(LAW, "id: CN-DEMO-3")
    second = first + 1 + mini.line(LAW, "article: Art. 9") - mini.line(LAW, "article: Art. 3") - 1
    assert (f"{LAW}:{second}: provision id 'CN-DEMO-3' is already defined at {LAW}:{first}; expected each id "
            "once [duplicate-id]") in mini.messages()


# ------------------------------------------------------------ limits in hours, counted in hours


def _hours(mini: Repo) -> None:
    """A 24-hour transfer rule and a timeline with times of day: 15:10 on 1 September, the starting hour not
    counted (CN-CPL2018-105), so the hours run from 16:00 and end at 16:00 on 2 September."""
    mini.edit("law/events.yaml", "  report_accepted:", "  report_transferred: {definition: The police hand the "
              "report on.}\n  report_accepted:")
    mini.edit(LAW, "  - id: CN-DEMO-9\n", "  - id: CN-DEMO-24\n    article: Art. 24\n    article_original: 第二十四条"
              "\n    title: {en: Transfer, zh: 移送}\n    kind: procedural\n    in_force: {from: 2013-01-01}\n"
              "    summary: Hand it on within 24 hours."
              "\n    deadline: {hours: 24, from_event: report_accepted, to_event: report_transferred}\n    source: "
              "{url: \"https://example.org/demo\", checked: 2026-11-01}\n    verified: true\n  - id: CN-DEMO-9\n")
    mini.edit(SC, "  - {date: 2025-09-05, event: reconsideration_requested}\n",
              "  - {date: 2025-09-01, time: \"15:10\", event: report_accepted}\n"
              "  - {date: 2025-09-02, time: \"15:40\", event: report_transferred}\n"
              "  - {date: 2025-09-05, event: reconsideration_requested}\n")
    mini.edit(SC, "  deadlines:\n", "  deadlines:\n    - {provision: CN-DEMO-24, due: 2025-09-02, due_time: \"16:00\", "
              "met: true}\n")


def test_a_limit_in_hours_from_a_timed_event_is_clean(mini: Repo) -> None:
    _hours(mini)
    assert mini.messages() == []


HOURS = [
    # the old day-based answer is no longer enough once the event has a time: the finding gives the exact moment
    ('due_time: "16:00", ', "", "CN-DEMO-24, due",
     "due moment for CN-DEMO-24 is 2025-09-02 (no due_time), but 24 hours from 'report_accepted' at 2025-09-01 "
     '15:10 end at 2025-09-02 16:00; expected due: 2025-09-02 and due_time: "16:00" [deadline]'),
    # counting from 15:10 itself, not from the next full hour, gives the wrong moment
    ('due_time: "16:00"', 'due_time: "15:10"', "CN-DEMO-24, due",
     "due moment for CN-DEMO-24 is 2025-09-02 15:10, but 24 hours from 'report_accepted' at 2025-09-01 15:10 end "
     'at 2025-09-02 16:00; expected due: 2025-09-02 and due_time: "16:00" [deadline]'),
    # transferred at 16:20: twenty minutes late, which a day-based check would call met
    ('time: "15:40", event: report_transferred', 'time: "16:20", event: report_transferred', "CN-DEMO-24, due",
     "answer key says the time limit of CN-DEMO-24 was met, but 'report_transferred' is at 2025-09-02 16:20 and "
     "the limit ends at 2025-09-02 16:00; expected met: false [deadline-met]"),
    # on the last day without a time, whether it was met cannot be told
    ('{date: 2025-09-02, time: "15:40", event', "{date: 2025-09-02, event", "CN-DEMO-24, due",
     "'report_transferred' on 2025-09-02 has no time, and the time limit of CN-DEMO-24 ends at 16:00 that day; "
     "give the event a time [deadline-time]"),
    # YAML reads an unquoted 15:10 as the number 910
    ('time: "15:10"', "time: 15:10", "time: 15:10",
     "timeline.2.time: the time is the number 910: YAML reads an unquoted HH:MM as a number; write it in quotes, "
     '"15:10" [schema]'),
    ('{date: 2025-09-01, time: "15:10", event: report_accepted}',
     '{date: 2025-09-01, time: "15:10", event: report_accepted}\n  - {date: 2025-09-01, time: "09:00", event: '
     'incident}', 'time: "09:00"',
     "event 'incident' on 2025-09-01 09:00 comes before the previous event (2025-09-01 15:10); expected events "
     "in date order [timeline-order]"),
]


@pytest.mark.parametrize(("old", "new", "marker", "message"), HOURS,
                         ids=[c[-1].rsplit("[", 1)[1].rstrip("]") + f"-{i}" for i, c in enumerate(HOURS)])
def test_a_limit_in_hours_is_checked_in_hours(mini: Repo, old: str, new: str, marker: str, message: str) -> None:
    _hours(mini)
    mini.edit(SC, old, new)
    expected = f"{SC}:{mini.line(SC, marker)}: {message}"
    assert expected in mini.messages(), mini.messages()


def test_due_time_needs_a_timed_event(mini: Repo) -> None:
    mini.edit(SC, "{provision: CN-DEMO-9, due: 2025-09-08,", "{provision: CN-DEMO-9, due: 2025-09-08, due_time: "
              "\"12:00\",")
    assert (f"{SC}:{mini.line(SC, 'due_time')}: due_time is given for CN-DEMO-9, but its time limit is not counted "
            "in hours from a timed event ('non_filing_notice_received' on 2025-09-01 has no time); give the event a "
            "time, or leave out due_time [deadline-time]") in mini.messages()


# ------------------------------------------------------------ content safety


@pytest.mark.parametrize("link", ["https://t.me/somechannel", "t.me/+AbCdEf", "http://mega.nz/folder/x",
                                  "https://pan.baidu.com/s/1abc", "https://www.dropbox.com/s/x"])
def test_links_to_channels_and_file_sharing_are_refused(mini: Repo, link: str) -> None:
    mini.edit(LESSON, "# Demo lesson\n", f"# Demo lesson\n\nSee {link} for more.\n")
    host = link.split("//")[-1].split("/")[0]
    reasons = [m for m in mini.messages() if m.startswith(f"{LESSON}:{mini.line(LESSON, 'See ')}: link to {host}:")]
    assert len(reasons) == 1 and reasons[0].endswith("describe the channel in words instead [blocked-link]")


def test_links_in_scenarios_are_checked_too(mini: Repo) -> None:
    mini.edit(SC, "narrative: A fictional narrative.", "narrative: The backup link was t.me/backup-home.")
    assert any(m.startswith(f"{SC}:{mini.line(SC, 'narrative')}: link to t.me: Telegram channel") for m in
               mini.messages())


def test_ordinary_links_pass(mini: Repo) -> None:
    mini.edit(LESSON, "# Demo lesson\n", "# Demo lesson\n\nSee https://www.npc.gov.cn/ and stopncii.org.\n")
    assert mini.messages() == []


def test_images_are_refused_unless_listed_as_diagrams(mini: Repo) -> None:
    (mini.root / "curriculum" / "01-demo" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (mini.root / "curriculum" / "01-demo" / "routes.svg").write_text("<svg/>")
    mini.edit("content-policy.yaml", "diagrams: []",
              "diagrams:\n  - {path: curriculum/01-demo/routes.svg, shows: Four boxes.}")
    assert mini.messages() == [
        "curriculum/01-demo/photo.jpg:1: image or video file in the content; only diagrams listed under "
        "'diagrams' in content-policy.yaml are allowed [media-file]"]


def test_missing_policy_is_an_error(mini: Repo) -> None:
    (mini.root / "content-policy.yaml").unlink()
    assert mini.messages() == ["content-policy.yaml:1: the content policy is missing; expected content-policy.yaml "
                               "at the repository root [layout]"]


@pytest.mark.parametrize(("text", "hits"), [
    ("t.me/x and https://sub.mega.nz/f", ["t.me", "sub.mega.nz"]),
    ("notat.me or t.media.example or at.me.uk", []),
    ("(T.ME/Channel)", ["T.ME"]),
    ("sha256 of the file is 1a2b.t.me", ["1a2b.t.me"]),
])
def test_host_pattern_matches_whole_host_names(text: str, hits: list[str]) -> None:
    from ibsa.safety import HostPattern

    assert [host for host, _ in HostPattern(["t.me", "mega.nz"]).finditer(text)] == hits


def test_every_provision_is_exercised_or_reference_only(mini: Repo) -> None:
    (mini.root / "exercises/demo-parties.yaml").unlink()  # the one scenario in which CN-DEMO-3 applies
    mini.edit(LAW, "    reference_only: Only ever a tempting choice in the fixture, except for one suspect in the "
                   "parties exercise.\n", "")
    assert (f"{LAW}:{mini.line(LAW, 'id: CN-DEMO-3')}: CN-DEMO-3 is not exercised by any scenario (it applies in none "
            "and sets no time limit one computes); write a scenario, or mark it 'reference_only' with the reason "
            "[provision-unexercised]") in mini.messages()


def test_a_provision_that_only_ever_applies_gets_a_warning(mini: Repo) -> None:
    mini.edit("exercises/demo-camera-2026.yaml", "    - {provision: CN-DEMO-1, facts: [filmed_covertly], reason: "
              "The old article ended on 31 December 2025.}\n", "")
    mini.edit("exercises/demo-camera-2026.yaml", "  not_applicable:\n", "  not_applicable: []\n")
    assert (f"{LAW}:{mini.line(LAW, 'id: CN-DEMO-1')}: warning: CN-DEMO-1 is never a tempting wrong choice; list it "
            "under not_applicable in a scenario where it looks right but fails [provision-never-tempting]"
            ) in mini.messages()


def test_every_element_lists_evidence(mini: Repo) -> None:
    mini.edit(LAW, "when: disseminated, evidence: [Chat records]}", "when: disseminated}")
    assert (f"{LAW}:{mini.line(LAW, 'id: act, label: Shared')}: element 'act' of CN-DEMO-3 lists no evidence; "
            "expected 'evidence:' with what typically proves it [element-evidence]") in mini.messages()


# ------------------------------------------------------------ language


def _policy_phrases() -> list[tuple[str, str, str]]:
    import yaml

    policy = yaml.safe_load((ROOT / "content-policy.yaml").read_text(encoding="utf-8"))
    return [(phrase, rule["reason"], rule["prefer"]) for rule in policy["language"] for phrase in rule["phrases"]]


@pytest.mark.parametrize(("phrase", "reason", "prefer"), _policy_phrases(), ids=[p[0] for p in _policy_phrases()])
def test_every_language_rule_phrase_is_found(mini: Repo, phrase: str, reason: str, prefer: str) -> None:
    shown = phrase.upper() if phrase.isascii() else phrase  # English matches in any case
    mini.edit(LESSON, "# Demo lesson\n", f"# Demo lesson\n\nThe report called it {shown} in the headline.\n")
    assert mini.messages() == [
        f"{LESSON}:{mini.line(LESSON, 'The report called')}: '{shown}': {reason} Say instead: {prefer}. To quote it "
        f"on purpose, write {{quoted}}`{shown}` [language]"]


def test_language_check_covers_scenarios_and_the_catalogue(mini: Repo) -> None:
    mini.edit(SC, "narrative: A fictional narrative.", "narrative: Her 艳照 were posted.")
    mini.edit(LAW, "summary: Old covert filming rule.", "summary: Old covert filming rule, often called revenge porn.")
    codes = [(m.split(":")[0], m.rsplit("[", 1)[1]) for m in mini.messages()]
    assert codes == [(SC, "language]"), (LAW, "language]")]


@pytest.mark.parametrize("text", ["She asked for it to be deleted.", "资金流出了账户。", "The leak of the database",
                                  "{quoted}`leaked nudes` is a phrase to avoid.", "Never say 'revenge' alone? fine."])
def test_language_check_leaves_ordinary_and_quoted_text_alone(mini: Repo, text: str) -> None:
    mini.edit(LESSON, "# Demo lesson\n", f"# Demo lesson\n\n{text}\n")
    assert mini.messages() == []


def test_a_stray_resource_file_is_reported(mini: Repo) -> None:
    (mini.root / "resources" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert ("resources/notes.yaml:1: unexpected data file; expected resources/referrals.yaml or a tool in "
            "resources/tools/ [layout]") in mini.messages()


def test_a_referral_checked_long_ago_gets_a_warning(mini: Repo) -> None:
    mini.edit(REFERRALS, "checked: 2026-11-01", "checked: 2020-01-01")
    corpus = loaders.load(mini.root)
    found = [str(f) for f in checks.check_sources(corpus, today=dt.date(2026, 11, 25))]
    assert found == [f"{REFERRALS}:{mini.line(REFERRALS, 'checked: 2020')}: warning: the entry for demo-line was last "
                     "checked on 2020-01-01, more than twelve months ago; a wrong number sends a person in crisis "
                     "nowhere: check it again [source-stale]"]


# ------------------------------------------------------------ pages that teach without handing out answers

TEACHING_CASES = [
    # a lesson paragraph that links a scenario tells nothing of its answer
    (LESSON, "Practise with {scenario}`demo-camera` ({duration}`demo-camera`).",
     "Practise with {scenario}`demo-camera`, where {prov}`CN-DEMO-1` is the one to use.", LESSON, "Practise with",
     "participants read a paragraph that links scenario 'demo-camera' and names CN-DEMO-1, which its answer key "
     "lists; move what it says about the answer into a facilitator-note block, or ask it as a question "
     "[lesson-answer]"),
    (LESSON, "Practise with {scenario}`demo-camera` ({duration}`demo-camera`).",
     "Practise with {scenario}`demo-camera`: the video count is not met.", LESSON, "Practise with",
     "participants read a paragraph that links scenario 'demo-camera' and says 'not met', a verdict on its answer "
     "(what applies, or whether a count or time limit is met); move what it says about the answer into a "
     "facilitator-note block, or ask it as a question [lesson-answer]"),
    # hints and tasks ask without answering
    (SC, "  - {id: t1, text: Which provisions apply?}\n",
     "  - {id: t1, text: Which provisions apply?}\nhints: ['Think of {prov}`CN-DEMO-3`.']\n", SC, "hints:",
     "the hint names CN-DEMO-3, which the answer key lists; ask about the conduct or the element instead, so "
     "participants find the provision themselves [task-answer]"),
    (SC, "  - {id: t1, text: Which provisions apply?}\n",
     "  - {id: t1, text: Which provisions apply?}\nhints: [One provision punishes the filming itself.]\n", SC, "hints:",
     "the hint says 'One provision punishes the filming itself.', which tells participants what applies; point to "
     "the facts or the element to look at instead [task-answer]"),
    (SC, "{id: t1, text: Which provisions apply?}", "{id: t1, text: Which provisions apply? Is 8 September too late?}",
     SC, "id: t1", "the task 't1' gives '8 September', the answer key's due date for CN-DEMO-9; ask participants to "
     "compute it [task-answer]"),
    (SC, "{id: t1, text: Which provisions apply?}", "{id: t1, text: 'Which provisions apply? Last day: 2025-09-08.'}",
     SC, "id: t1", "the task 't1' gives '2025-09-08', the answer key's due date for CN-DEMO-9; ask participants to "
     "compute it [task-answer]"),
    (SC, "{id: t1, text: Which provisions apply?}",
     "{id: t1, text: Which provisions apply? Why does the sharing offence not apply?}", SC, "id: t1",
     "the task 't1' says 'Why does the sharing offence not apply?', which tells participants whether a provision "
     "applies; ask whether it applies, and which element decides [task-answer]"),
    # participants are not sent to repository files or shown internal names
    (SC, "narrative: A fictional narrative.", "narrative: A fictional narrative (see law/facts.yaml).", SC,
     "narrative:", "participants read 'law/', a repository file or internal name; give them what they need in words "
     "on the page [internal-name]"),
    (SC, "{id: t1, text: Which provisions apply?}", "{id: t1, text: Which provisions apply? Use victim_age.}", SC,
     "id: t1", "participants read 'victim_age', a repository file or internal name; give them what they need in "
     "words on the page [internal-name]"),
    # durations come from the data
    (SC, "duration: 20\n", "", SC, "id: demo-camera", "missing required field 'duration' [schema]"),
    (LESSON, "Practise with {scenario}`demo-camera` ({duration}`demo-camera`).",
     "Practise with {scenario}`demo-camera` (35 minutes).", LESSON, "Practise with",
     "the sentence gives 35 minutes, but the scenario data plans 20 for 'demo-camera'; write {duration}`id` "
     "instead, or change the scenario's duration [scenario-duration]"),
    (LESSON, "zqlessonnotezq ask who has seen this.\n",
     "zqlessonnotezq ask who has seen this.\n\nTiming (30 minutes): 10 on the law, 20 for the role-play.\n", LESSON,
     "Timing", "the timing gives 20 minutes to an exercise it does not name; link the scenario and take its minutes "
     "from it with {duration}`id` [scenario-duration]"),
    (LESSON, "zqlessonnotezq ask who has seen this.\n",
     "zqlessonnotezq ask who has seen this.\n\nTiming (30 minutes): 10 on the law, 20 for the role-play "
     "{scenario}`demo-camera-2026`.\n", LESSON, "Timing",
     "the timing gives 20 minutes to 'demo-camera-2026', whose data plans 25; write "
     "{duration}`demo-camera-2026` instead, or, for part of the exercise, give its whole length beside the share "
     "with {duration} [scenario-duration]"),
    (SC, "facilitator_notes: zqfacilitatorzq run it in pairs.",
     "facilitator_notes: 'zqfacilitatorzq run it in pairs. Timing: about 25 minutes.'", SC, "facilitator_notes",
     "the facilitator notes give 25 minutes, but 'duration' is 20; expected the same figure [scenario-duration]"),
    # module pages compute the course formats they suggest
    (MODULE, "A short course takes {lessons-duration}`demo-lesson`.", "A short course takes 30 minutes.", MODULE,
     "A short course", "'30 minutes' is typed by hand; compute the course's length from its lessons with "
     "{lessons-duration}`lesson-id ...` [format-duration]"),
    (MODULE, "A short course takes {lessons-duration}`demo-lesson`.", "The last lesson is a refresher.", MODULE,
     "The last lesson", "'The last lesson' does not link 01-lesson, which is the last lesson of the module; link "
     "the lesson you mean with {doc} [format-duration]"),
]


@pytest.mark.parametrize(("rel", "old", "new", "where", "marker", "message"), TEACHING_CASES,
                         ids=[c[-1].rsplit("[", 1)[1].rstrip("]") + f"-{i}" for i, c in enumerate(TEACHING_CASES)])
def test_teaching_pages_broken_fixture_gives_exact_finding(mini: Repo, rel: str, old: str, new: str, where: str,
                                                           marker: str, message: str) -> None:
    assert_edit_gives(mini, rel, old, new, where, marker, message)


def test_an_answer_in_a_facilitator_note_is_allowed(mini: Repo) -> None:
    mini.edit(LESSON, "zqlessonnotezq ask who has seen this.\n",
              "zqlessonnotezq ask who has seen this.\n\nIn {scenario}`demo-camera` only {prov}`CN-DEMO-1` applies; "
              "the video count is not met.\n")
    assert mini.messages() == []


def test_a_half_day_course_fits_half_a_day(mini: Repo) -> None:
    mini.edit(LESSON, "  duration: 30", "  duration: 250")
    mini.edit(MODULE, "duration: 30", "duration: 250")
    # the demo course runs the lesson for its old 30 minutes (a course may state a shorter slot)
    mini.edit("courses/demo-course.yaml", "- lesson: demo-lesson", "- lesson: demo-lesson\n        minutes: 30")
    mini.edit(MODULE, "A short course takes {lessons-duration}`demo-lesson`.",
              "A half-day course takes {lessons-duration}`demo-lesson`.")
    assert mini.messages() == [
        f"{MODULE}:{mini.line(MODULE, 'A half-day')}: a half-day course is at most 240 minutes of teaching, but the "
        "lessons it names add up to 250; drop a lesson or name a longer format [format-duration]"]
