"""Both editions build with warnings as errors, and answer keys never reach the participant edition."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ibsa import i18n, loaders, site
from ibsa.sphinxext import html, weight
from tests import leaks
from tests.conftest import EDITIONS, LANGUAGES, MINI, ROOT, build, copy_repo

pytestmark = pytest.mark.build
@pytest.fixture(scope="module", params=LANGUAGES)
def repo_site(request: pytest.FixtureRequest, repo_editions: dict[tuple[str, str], Path]) -> dict[str, Path]:
    """The repository's two editions in one language (every test that uses it runs for each language)."""
    return {e: repo_editions[request.param, e] for e in EDITIONS}


def mini_src(mini_site: dict[str, Path]) -> Path:
    """The source folder a mini site was built from (out/html/<language>/<edition> beside src/)."""
    return mini_site["participant"].parents[3] / "src"


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    repo = copy_repo(MINI, tmp_path_factory.mktemp("mini") / "src")
    out = repo.root.parent / "out"
    return {e: build(repo.root, out, e) for e in EDITIONS}


MINI_SECRETS = ["zqreasoningzq", "zqnotapplicablezq", "zqtaskanswerzq", "zqfacilitatorzq", "zqlessonnotezq",
                "zqvictimbriefingzq", "zqchecklistzq"]


def test_mini_secrets_only_in_facilitator(mini_site: dict[str, Path]) -> None:
    participant = leaks.output_texts(mini_site["participant"])
    facilitator = leaks.output_texts(mini_site["facilitator"])
    for secret in MINI_SECRETS:
        assert leaks.find(participant, secret) == [], secret
        assert leaks.find(facilitator, secret), f"positive control: {secret} missing from facilitator"
    # the tokenised search index of the facilitator edition knows the words; the participant's does not
    assert "zqreasoningzq" in (mini_site["facilitator"] / "searchindex.js").read_text()
    assert "zqreasoningzq" not in (mini_site["participant"] / "searchindex.js").read_text()


def test_mini_roles_render_catalogue_data(mini_site: dict[str, Path]) -> None:
    page = (mini_site["participant"] / "curriculum" / "01-demo" / "01-lesson.html").read_text()
    text = leaks.normalise(re.sub(r"<[^>]+>", " ", page))
    assert "demo law art. 1" in text  # {prov}
    assert "in force 1 march 2006 to 31 december 2025" in text  # {in-force}
    assert "up to 5 days' administrative detention or a fine of up to 500 yuan" in text  # {penalty}
    assert "the threshold is 40 videos" in text  # {threshold}
    assert 'avoid the label "revenge porn"' in text  # {quoted}, exempt from the language check
    assert 'title="Covert filming (old) (in force 1 March 2006 to 31 December 2025)"' in page  # hover title, no id
    assert 'href="../../catalogue/CN-DEMO-1.html"' in page
    assert "a camera in the changing room ( 20 minutes )" in text  # {duration}, from the scenario's data
    module = (mini_site["participant"] / "curriculum" / "01-demo" / "index.html").read_text()
    assert "a short course takes 30 minutes" in leaks.normalise(re.sub(r"<[^>]+>", " ", module))  # {lessons-duration}


def test_provision_page_lists_citing_lessons(mini_site: dict[str, Path]) -> None:
    page = (mini_site["facilitator"] / "catalogue" / "CN-DEMO-1.html").read_text()
    assert 'href="../curriculum/01-demo/01-lesson.html"' in page
    assert "Replaced by" in page and 'href="CN-DEMO-2.html"' in page


def test_lesson_notes_are_among_the_probes() -> None:
    corpus = loaders.load(ROOT)
    written = sum((ROOT / x.path).read_text(encoding="utf-8").count("{facilitator-note}") for x in
                  corpus.lessons.values())
    notes = [p for p in leaks.secrets(corpus) if p not in leaks.secrets(corpus, lessons=False)]
    assert written and len(notes) == written


def test_repository_builds_and_nothing_leaks(repo_site: dict[str, Path]) -> None:
    """In each language: every answer-key text, as that language's edition renders it, is in the facilitator
    edition and nowhere in the participant edition."""
    corpus = loaders.load(ROOT)
    language = repo_site["participant"].parent.name
    if language != "en":
        corpus = i18n.localise(corpus, i18n.read_catalogs(ROOT, language))
    probes = leaks.secrets(corpus, language=language)
    assert probes, "the repository has answer keys to protect"
    participant = leaks.output_texts(repo_site["participant"])
    facilitator = leaks.output_texts(repo_site["facilitator"])
    for probe in probes:
        assert leaks.find(facilitator, probe), f"positive control: not found in facilitator edition: {probe!r}"
        assert leaks.find(participant, probe) == [], f"answer text leaked: {probe!r}"


@pytest.mark.parametrize("cls", leaks.FACILITATOR_CLASSES)
def test_facilitator_classes(repo_site: dict[str, Path], cls: str) -> None:
    assert leaks.find(leaks.output_texts(repo_site["participant"]), cls) == []
    assert any(cls in p.read_text() for p in repo_site["facilitator"].rglob("*.html"))


def test_no_sources_or_doctrees_published(repo_site: dict[str, Path]) -> None:
    participant = repo_site["participant"]
    # Sphinx 9 creates _sources/ even with html_copy_source = False; it must hold nothing
    assert not [p for p in (participant / "_sources").rglob("*") if p.is_file()]
    assert not list(participant.rglob("*.doctree")) and not list(participant.rglob("*.pickle"))


def test_no_remote_resources(repo_site: dict[str, Path]) -> None:
    pattern = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)=\"(?:https?:)?//", re.I)
    for edition, out in repo_site.items():
        for page in out.rglob("*.html"):
            assert not pattern.search(page.read_text()), f"{edition}: {page} loads a remote resource"
        for css in out.rglob("*.css"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), f"{css} loads a remote resource"


def test_nothing_lost_in_either_edition(mini_site: dict[str, Path], repo_site: dict[str, Path]) -> None:
    mini_root = mini_src(mini_site)
    for root, built in ((mini_root, mini_site), (ROOT, repo_site)):
        corpus = loaders.load(root)
        for out in built.values():
            assert list(site.verify(corpus, out)) == []


def test_a_lost_page_is_reported(mini_site: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "participant"
    shutil.copytree(mini_site["participant"], out)
    (out / "scenarios" / "demo-camera.html").unlink()
    (out / "curriculum" / "01-demo" / "01-lesson.html").write_text("<p>orphaned</p>")
    for page in out.rglob("*.html"):  # unlink the provision page everywhere
        page.write_text(page.read_text().replace('CN-DEMO-3.html"', 'elsewhere.html"'))
    corpus = loaders.load(mini_src(mini_site))
    assert sorted(map(str, site.verify(corpus, out))) == [
        "exercises/demo-camera.yaml:1: no page in the participant edition; expected scenarios/demo-camera.html "
        "[page-missing]",
        f"law/xx-demo.yaml:{corpus.line('provision:CN-DEMO-3')[1]}: catalogue/CN-DEMO-3.html in the participant "
        "edition is not linked from any other page; expected it in a table of contents [page-unlinked]",
    ]


def test_incremental_build_picks_up_a_new_scenario(tmp_path: Path) -> None:
    """A scenario added between two builds reaches the scenario index without a clean build."""
    repo = copy_repo(MINI, tmp_path / "src")
    build(repo.root, tmp_path / "out", "facilitator")
    text = (repo.root / "exercises" / "demo-camera-2026.yaml").read_text(encoding="utf-8")
    (repo.root / "exercises" / "demo-camera-2027.yaml").write_text(
        text.replace("id: demo-camera-2026", "id: demo-camera-2027").replace("title: The same camera, a year later",
                                                                             "title: Two years later"))
    out = build(repo.root, tmp_path / "out", "facilitator")  # -W: a page outside every toctree would fail
    assert 'href="demo-camera-2027.html"' in (out / "scenarios" / "index.html").read_text()


def test_answer_keys_sit_inside_their_classed_containers(mini_site: dict[str, Path]) -> None:
    """The facilitator edition wraps every answer in .ibsa-answer-key and notes in .ibsa-facilitator-note."""
    page = (mini_site["facilitator"] / "scenarios" / "demo-camera.html").read_text()
    [answer_key] = leaks.text_in_class(page, "ibsa-answer-key")
    for secret in ("zqreasoningzq", "zqnotapplicablezq", "zqtaskanswerzq"):
        assert secret in answer_key
    assert "answer key" in answer_key and "provisions that apply" in answer_key
    assert any("zqfacilitatorzq" in t for t in leaks.text_in_class(page, "ibsa-facilitator-note"))
    lesson = (mini_site["facilitator"] / "curriculum" / "01-demo" / "01-lesson.html").read_text()
    assert any("zqlessonnotezq" in t for t in leaks.text_in_class(lesson, "ibsa-facilitator-note"))


def test_provision_page_reads_in_order(mini_site: dict[str, Path]) -> None:
    text = leaks.normalise(re.sub(r"<[^>]+>", " ", (mini_site["participant"] / "catalogue" / "CN-DEMO-3.html")
                                  .read_text()))
    order = [text.find(s) for s in ("spreading at least the threshold number", "instrument", "points to prove",
                                    "thresholds", "penalty", "source", "lessons that cite it")]
    assert -1 not in order and order == sorted(order), order


def test_checker_conditions_only_in_the_facilitator_edition(mini_site: dict[str, Path]) -> None:
    """Participants read each element in words; the machine conditions over fact names (with the facts table, an
    oracle for every answer key) are the facilitator's, marked for authors."""
    for name in ("CN-DEMO-1", "KR-DEMO-14"):
        participant = _text(mini_site["participant"] / "catalogue" / f"{name}.html")
        assert "points to prove" in participant and "how the checker decides" not in participant
        assert "filmed_covertly" not in participant
        page = (mini_site["facilitator"] / "catalogue" / f"{name}.html").read_text()
        [conditions] = leaks.text_in_class(page, "ibsa-for-authors")
        assert "how the checker decides" in conditions and "filmed_covertly" in conditions


def _text(path: Path) -> str:
    return leaks.normalise(re.sub(r"<[^>]+>", " ", path.read_text()))


def test_roleplay_cards_only_in_the_facilitator_edition(mini_site: dict[str, Path]) -> None:
    """Participants get the interviewer's briefing; the facilitator gets every role card and the checklist."""
    participant = _text(mini_site["participant"] / "scenarios" / "demo-camera-2026.html")
    assert "your briefing: desk officer" in participant and "you take the report at the front desk" in participant
    assert "zqvictimbriefingzq" not in participant and "observer checklist" not in participant
    page = (mini_site["facilitator"] / "scenarios" / "demo-camera-2026.html").read_text()
    [cards] = leaks.text_in_class(page, "ibsa-role-cards")
    assert "role card: the person reporting" in cards and "zqvictimbriefingzq" in cards
    assert "role card: desk officer" in cards
    assert "zqchecklistzq asks open questions first choose the version in force" in cards  # the objective's text
    assert "demo-o1" not in cards


def test_several_jurisdictions_are_answered_one_by_one(mini_site: dict[str, Path]) -> None:
    text = _text(mini_site["facilitator"] / "scenarios" / "demo-two-laws.html")
    assert "judged under: mainland china, south korea" in text
    china, korea = text.find("under the law of mainland china"), text.find("under the law of south korea")
    assert -1 < china < text.find("demo law art. 2", china) < korea < text.find("demo act art. 14", korea)
    assert text.find("she agreed to the filming", korea) > korea


def test_flowchart_is_drawn_locally_with_a_text_equivalent(mini_site: dict[str, Path]) -> None:
    """sphinx.ext.graphviz runs the local `dot`: the SVG is in the output, not fetched from a service."""
    assert shutil.which("dot"), ("Graphviz's `dot` is missing: install the graphviz package "
                                 "(make test does, through scripts/system-deps)")
    for out in mini_site.values():
        svgs = list((out / "_images").glob("graphviz-*.svg"))
        assert len(svgs) == 1, svgs
        drawing = svgs[0].read_text()
        assert "Non filing notice received" in drawing and "Reconsideration requested" in drawing
        assert "Demo Law Art. 9" in drawing and "7 days" in drawing
        text = _text(out / "curriculum" / "01-demo" / "01-lesson.html")
        assert ("the complainant receives the notice the complainant asks for reconsideration 7 days demo law art. 9"
                in text)
        assert ("the time to ask for reconsideration is within 7 days of when the complainant receives the notice; "
                "by then, the complainant asks for reconsideration") in text


def test_printable_tools_are_generated_from_data(mini_site: dict[str, Path]) -> None:
    checklist = _text(mini_site["participant"] / "tools" / "demo-checklist.html")
    assert "☐ tell her the time to ask for reconsideration demo law art. 9 (time limit: 7 days)" in checklist
    assert "☐ was she filmed without knowing? -" in checklist  # the question, never the fact's name
    log = (mini_site["participant"] / "tools" / "demo-log.html").read_text()
    assert re.search(r'<col style="width: 6\.?\d*%"', log), "the log's column widths are fixed"
    assert log.count("<tr") == 1 + 3  # the header and three blank rows
    index = (mini_site["participant"] / "tools" / "index.html").read_text()
    assert 'href="demo-checklist.html"' in index and 'href="demo-log.html"' in index


def test_a_course_page_has_its_timetable_objectives_and_handouts(mini_site: dict[str, Path]) -> None:
    """courses/demo-course.yaml: times from the start and the parts' minutes, the lessons' objectives, the tools to
    print, linked; the participant edition links the exercise but shows none of its answers."""
    page = mini_site["participant"] / "course-plans" / "demo-course.html"
    text = _text(page)
    assert ("time frame: one day of up to 120 minutes · teaching time: 65 minutes" in text)
    assert ("day 1: morning 09:00-09:30 demo lesson 30 09:30-09:45 coffee 15 09:45-10:05 exercise: a camera in the "
            "changing room 20") in text
    assert "after this session, participants can: choose the version in force." in text
    html = page.read_text()
    assert 'href="../curriculum/01-demo/01-lesson.html"' in html and 'href="../scenarios/demo-camera.html"' in html
    assert 'href="../tools/demo-checklist.html"' in html
    assert not [s for s in MINI_SECRETS if s in text]
    index = (mini_site["participant"] / "course-plans" / "index.html").read_text()
    assert 'href="demo-course.html"' in index


def test_referral_map_lists_scope_and_source(mini_site: dict[str, Path]) -> None:
    text = _text(mini_site["participant"] / "curriculum" / "01-demo" / "01-lesson.html")
    # the Chinese name is marked lang="zh-CN" (a span, hence the spaces in the text with tags removed)
    assert ("demo help line ( 示例热线 ) 12338; office hours legal advice for women; does not remove images. run by a "
            "demo federation. legal advice, help line verified; demo page , checked 1 november 2026") in text


def test_comparison_tables_follow_the_catalogue(mini_site: dict[str, Path], tmp_path: Path) -> None:
    """A change in the catalogue (a heavier Korean penalty, a new in-force date) changes the generated tables."""
    before = _text(mini_site["participant"] / "curriculum" / "01-demo" / "01-lesson.html")
    row = ("south korea demo act art. 14 up to 7 years' imprisonment or a fine of up to 50,000,000 won "
           "in force from 19 may 2020")
    assert row in before
    assert "19 may 2020 south korea demo sexual crimes act demo act art. 14 filming" in before
    repo = copy_repo(MINI, tmp_path / "src")
    repo.edit("law/kr-demo.yaml", "max_imprisonment_years: 7", "max_imprisonment_years: 10")
    repo.edit("law/kr-demo.yaml", "in_force: {from: 2020-05-19}", "in_force: {from: 2021-06-01}")
    after = _text(build(repo.root, tmp_path / "out", "participant") / "curriculum" / "01-demo" / "01-lesson.html")
    assert row not in after
    assert ("south korea demo act art. 14 up to 10 years' imprisonment or a fine of up to 50,000,000 won "
            "in force from 1 june 2021") in after
    assert "1 june 2021 south korea demo sexual crimes act demo act art. 14 filming" in after


def test_comparisons_mark_unverified_and_later_application(mini_site: dict[str, Path], tmp_path: Path) -> None:
    """Issue 14: an unverified provision is marked, and a provision in force whose obligations apply only later
    (a directive before its transposition deadline) is not shown as simply "in force"."""
    before = _text(mini_site["participant"] / "curriculum" / "01-demo" / "01-lesson.html")
    assert "(unverified)" not in before.split("generated from the law catalogue")[0]
    repo = copy_repo(MINI, tmp_path / "src")
    repo.edit("law/kr-demo.yaml", "in_force: {from: 2020-05-19}",
              "in_force: {from: 2020-05-19, applies_from: 2027-06-14}")
    repo.edit("law/kr-demo.yaml", "verified: true", "verified: false\n    notes: No public text could be read.")
    after = _text(build(repo.root, tmp_path / "out", "participant") / "curriculum" / "01-demo" / "01-lesson.html")
    assert ("south korea demo act art. 14 (unverified) up to 7 years' imprisonment or a fine of up to 50,000,000 won "
            "in force from 19 may 2020; applies from 14 june 2027") in after
    assert "19 may 2020; applies from 14 june 2027 south korea demo sexual crimes act demo act art. 14 (unverified)" \
        in after


def test_draft_offence_shown_with_what_it_was_tested_on(mini_site: dict[str, Path]) -> None:
    text = _text(mini_site["facilitator"] / "scenarios" / "demo-draft.html")
    assert "a model draft offence" in text and "2 she did not agree" in text
    page = (mini_site["facilitator"] / "scenarios" / "demo-draft.html").read_text()
    assert "2 not victim_consented" in leaks.text_in_class(page, "ibsa-for-authors")[0]
    assert "it catches this scenario and a camera in the changing room ; it leaves alone one camera, two laws" in text
    assert "a model draft offence" not in _text(mini_site["participant"] / "scenarios" / "demo-draft.html")


def test_participant_scenario_pages_show_the_narrative_not_the_facts(mini_site: dict[str, Path]) -> None:
    """The facts table is the analysis the tasks ask for: participants get it only in a drill on given facts
    (`show_facts: true`); the facilitator edition shows it as what the answer key relies on."""
    participant = _text(mini_site["participant"] / "scenarios" / "demo-camera.html")
    assert "a fictional narrative" in participant
    assert "filmed without her knowledge" not in participant and "the facts" not in participant
    page = (mini_site["facilitator"] / "scenarios" / "demo-camera.html").read_text()
    assert any("the facts the answer key relies on" in t and "filmed without her knowledge. yes" in t
               for t in leaks.text_in_class(page, "ibsa-facilitator-note"))
    drill = _text(mini_site["participant"] / "scenarios" / "demo-two-laws.html")
    assert "the facts ¶ fact in this scenario filmed without her knowledge. yes" in drill


def test_facilitator_edition_says_so_on_every_page(mini_site: dict[str, Path]) -> None:
    for page in mini_site["facilitator"].rglob("*.html"):
        [banner] = leaks.text_in_class(page.read_text(), "ibsa-edition-banner")
        assert banner.startswith("facilitator edition - contains answers"), page
    assert not [p for p in mini_site["participant"].rglob("*.html") if "ibsa-edition-banner" in p.read_text()]


def test_scenario_pages_carry_their_module_content_note(mini_site: dict[str, Path]) -> None:
    for out in mini_site.values():
        for page in (out / "scenarios").glob("*.html"):
            if page.name != "index.html":
                assert leaks.text_in_class(page.read_text(), "ibsa-content-note") == [
                    "content note discusses covert filming."], page


def test_facilitator_scenario_page_starts_with_running_the_exercise(mini_site: dict[str, Path]) -> None:
    text = _text(mini_site["facilitator"] / "scenarios" / "demo-camera.html")
    order = [text.find(s) for s in ("content note", "running this exercise", "kind analysis", "duration 20 minutes",
                                    "zqfacilitatorzq", "what happened", "tasks ¶ which provisions apply",
                                    "answer key ¶")]
    assert -1 not in order and order == sorted(order), order
    roleplay = _text(mini_site["facilitator"] / "scenarios" / "demo-camera-2026.html")
    assert "kind role-play duration 25 minutes roles desk officer" in roleplay
    assert "open the role-play pack and print" in roleplay


def test_scenario_index_tells_a_trainer_what_each_exercise_is(mini_site: dict[str, Path]) -> None:
    page = (mini_site["participant"] / "scenarios" / "index.html").read_text()
    text = _text(mini_site["participant"] / "scenarios" / "index.html")
    assert "scenario kind duration module for jurisdiction" in text
    assert "a camera in the changing room analysis 20 min demo module police mainland china" in text
    assert "role-play" in text and "drafting" in text and "mainland china, south korea" in text
    assert leaks.text_in_class(page, "ibsa-filter-table")
    assert re.search(r'<script defer="defer" src="\.\./_static/ibsa-filter\.js', page)
    assert (mini_site["participant"] / "_static" / "ibsa-filter.js").is_file()


def test_law_is_found_by_jurisdiction_mainland_china_first(mini_site: dict[str, Path]) -> None:
    for name in ("index", "charge-finder"):
        text = _text(mini_site["participant"] / "catalogue" / f"{name}.html")
        jump = text.find("jump to: mainland china · south korea")
        china, korea = text.find("mainland china ¶", jump), text.find("south korea ¶", jump)
        assert -1 < china < korea, name
        assert text.find("demo law art.", china) < korea < text.find("demo act art. 14", korea), name
    finder = _text(mini_site["participant"] / "catalogue" / "charge-finder.html")
    assert "filmed without her knowledge" in finder and "filmed_covertly" not in finder
    sidebar = (mini_site["participant"] / "catalogue" / "index.html").read_text()
    assert sidebar.find('href="CN-DEMO-1.html"') < sidebar.find('href="KR-DEMO-14.html"')


def _ids(root: Path) -> set[str]:
    """Identifiers authors use that readers must never see: fact, objective and provision ids."""
    corpus = loaders.load(root)
    ids = {*corpus.facts, *corpus.objectives(), *corpus.provisions}
    return {i for i in ids if re.search(r"[-_]", i)}  # one-word fact names ('clicks') are ordinary words


def test_no_internal_codes_where_readers_look_mini(mini_site: dict[str, Path]) -> None:
    src = mini_src(mini_site)
    for out in mini_site.values():
        assert leaks.internal_codes(out, _ids(src)) == []


def test_the_code_scan_sees_codes() -> None:
    """Positive control of the scan: each kind of code is found in body text, titles and tables, not in <pre>."""
    page = ('<html><head><title>law/x.yaml</title></head><body><p>records `victim_age`</p><td>cn-x-o3</td>'
            '<a title="Insult (CN-CL-246)">x</a><pre>victim_consented: true</pre><p>see law/facts.yaml</p>'
            '<div class="ibsa-for-authors"><code>not for_profit</code></div></body></html>')
    codes = set(leaks.codes_in(page))
    assert codes == {"name: victim_age", "objective id: cn-x-o3", "provision id: CN-CL-246",
                     "file path: law/facts.yaml"}


VNU = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validate(*folders: Path) -> list[str]:
    """Errors of the Nu Html Checker (vnu, from the npm package vnu-jar, run offline with the system Java)."""
    java = shutil.which("java")
    assert java and VNU.is_file(), (f"the Nu Html Checker is missing: {VNU} and `java` are needed; make test "
                                    "installs them through scripts/system-deps (npm install --prefix .venv/vnu "
                                    "vnu-jar; apt-get install default-jre-headless)")
    result = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "gnu",
                             *map(str, folders)], capture_output=True, text=True, check=False)
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_html_is_valid_mini(mini_site: dict[str, Path]) -> None:
    errors = validate(*mini_site.values())
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:20])


def test_html_is_valid_repository(repo_site: dict[str, Path]) -> None:
    errors = validate(*repo_site.values())
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:20])


# Pages whose own prose (lesson text, answer-key wording) still names codes; the renderers name none. Remove a page
# here when its text is rewritten (the test fails while a listed page is already clean, so the list only shrinks).
PROSE_WITH_CODES = {
    # the drafting lesson and exercise teach how an offence's elements are written in the fact vocabulary,
    # so they show fact names on purpose, as code
    "participant/curriculum/04-international/07-drafting.html": "the drafting lesson discusses fact names",
    "facilitator/curriculum/04-international/07-drafting.html": "the drafting lesson discusses fact names",
}


def test_no_internal_codes_where_readers_look_repository(repo_site: dict[str, Path]) -> None:
    """No fact name, objective id, provision id or file path in the reader text of any page of either edition."""
    found = [f"{edition}/{c}" for edition, out in repo_site.items() for c in leaks.internal_codes(out, _ids(ROOT))]
    pages = {c.split(": ")[0] for c in found}
    unexpected = [c for c in found if c.split(": ")[0] not in PROSE_WITH_CODES]
    assert not unexpected, f"{len(unexpected)} codes:\n" + "\n".join(unexpected[:40])
    clean = set(PROSE_WITH_CODES) - pages
    assert not clean, f"now clean, remove from PROSE_WITH_CODES: {sorted(clean)}"


def test_mini_answers_per_suspect_only_for_facilitators(mini_site: dict[str, Path]) -> None:
    """A scenario with several suspects: both editions list the people; only the facilitator edition says what
    each suspect can be charged with."""
    page = {e: (mini_site[e] / "scenarios" / "demo-parties.html").read_text(encoding="utf-8") for e in EDITIONS}
    for edition in EDITIONS:
        assert "The people in this case" in page[edition] and "The man who spread the videos" in page[edition]
    assert "The man who filmed: what can be charged" in page["facilitator"]
    assert "The man who spread the videos: what can be charged" in page["facilitator"]
    assert "what can be charged" not in page["participant"] and "zqfilmerzq" not in page["participant"]


def test_pages_load_only_the_styles_they_use(mini_site: dict[str, Path]) -> None:
    """sphinx-design's and Furo's rules are purged to the classes and elements the pages use, and their custom
    properties to those something reads; no Pygments styles where no code is shown, and only the kinds of token
    shown where it is; no filter script where no table is filtered, no tab script where tabs need none (tabs that
    do not sync, no link target inside), the search-term highlighting only after a search."""
    out = mini_site["participant"]
    purged = (out / "_static" / weight.DESIGN_CSS).read_text(encoding="utf-8")
    original = (html.DESIGN_STATIC / weight.DESIGN_CSS).read_text(encoding="utf-8")
    used = weight.used_classes(out)
    assert len(purged) < len(original) / 2
    assert set(re.findall(r"\.(sd-[\w-]+)", re.sub(r":not\([^()]*\)", "", purged))) <= used
    assert "sd-tab-set" in used and ".sd-tab-set" in purged  # what the pages use is still styled
    lesson = (out / "curriculum" / "01-demo" / "01-lesson.html").read_text(encoding="utf-8")
    assert "pygments.css" not in lesson and "sphinx-design.min.css" in lesson
    assert "ibsa-filter.js" not in lesson and "ibsa-filter.js" in (out / "scenarios" / "index.html").read_text()
    theme = (out / "_static" / "styles" / "furo.css").read_text(encoding="utf-8")
    assert len(theme) < len((weight.FURO_CSS / "furo.css").read_text(encoding="utf-8")) * 0.8
    assert ".sidebar-drawer" in theme and "body[data-theme=dark]" in theme.replace('"', "")  # layout, dark mode
    pygments = (out / "_static" / "pygments.css").read_text(encoding="utf-8")
    assert ".highlight .kt" not in pygments and "kt" not in used  # a kind of token no page shows
    if "highlight" in used:  # the code a page shows is still styled, in both themes
        assert ".highlight" in pygments and "dark" in pygments
    assert "[role=main] .highlighted{" in theme and "ul.search li{" in theme  # classes Sphinx's scripts add
    assert "kbd" not in theme and "<kbd" not in lesson  # an element no page has
    assert "--color-brand-primary:" in theme and "--color-api-added:" not in theme  # ibsa.css reads the one
    ours = (out / "_static" / "ibsa.css").read_text(encoding="utf-8")
    assert "/*" not in ours and ".ibsa-filters{" in ours  # no comments; ibsa-filter.js's classes stay styled
    assert 'class="sd-tab-set' in lesson and "design-tabs.js" not in lesson
    assert '<script src="../../_static/sphinx_highlight.js' not in lesson
    assert '{src: "../../_static/sphinx_highlight.js"}' in lesson  # fetched when there are terms to highlight
    assert '<script src="_static/sphinx_highlight.js' in (out / "search.html").read_text(encoding="utf-8")


def test_lesson_markup_is_lean(mini_site: dict[str, Path]) -> None:
    """A table cell of one paragraph has no <p> and a row no row-even/row-odd class; a link to a provision is
    <a href title> without Sphinx's classes; where its row states the period in force, its title is the heading
    alone; a second link to the same page with the same title has none, and the page's script copies it over."""
    page = (mini_site["participant"] / "curriculum" / "01-demo" / "01-lesson.html").read_text(encoding="utf-8")
    assert ('<tr><th class="head">From when</th>\n<th class="head">What must happen</th>\n' in page)
    assert ('<tr><td>The complainant receives the notice</td>\n<td>The complainant asks for reconsideration</td>\n'
            '<td>7 days</td>\n<td><a href="../../catalogue/CN-DEMO-9.html" title="Reconsideration (in force from 1 '
            'January 2013)">Demo Law Art. 9</a></td>\n</tr>') in page
    assert "<td><p>" not in page and "<th class=\"head\"><p>" not in page and "row-odd" not in page
    assert ('<tr><td>Mainland China</td>\n<td><a href="../../catalogue/CN-DEMO-2.html" title="Covert filming (new)">'
            "Demo Law Art. 2</a></td>") in page  # the status column beside it says "in force from 1 January 2026"
    old = 'href="../../catalogue/CN-DEMO-1.html"'
    assert page.count(old) == 2
    assert page.count(f'<a {old} title="Covert filming (old) (in force 1 March 2006 to 31 December 2025)">') == 1
    assert page.count(f"<a {old}>") == 1
    assert 'document.querySelectorAll("article a[href]:not([class])")' in page
