"""Generated pages: one per provision and one per scenario, plus their indexes.

At builder-inited a short stub (a heading and one directive) is written for each
catalogue entry, scenario and printable tool into catalogue/, scenarios/ and tools/ (generated, not
committed), the way autosummary writes its stubs; the directives below render
them from the corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation

from ibsa import analysis, describe, judgement, loaders, sources
from ibsa.loaders import Corpus
from ibsa.model import Applicable, Bilingual, Findings, Instrument, Module, Provision, Scenario, Source, Threshold
from ibsa.sphinxext import markup, refs, state
from ibsa.sphinxext.directives import CorpusDirective, kind_name, provision_table, tracks

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language

INDEX_TEXT = {
    "catalogue": "# The law catalogue\n\nEvery provision the curriculum relies on, with its points to prove, "
                 "penalty, thresholds, source and the date it was last checked against that source.\n\n"
                 "```{catalogue-index}\n```\n",
    "charge-finder": "# Charge finder\n\nFrom facts to the provisions worth considering, generated from the law "
                     "catalogue. A provision appears beside a fact when that fact (or one of a few alternatives) "
                     "must be present for it to apply. Every candidate must then be checked element by element on "
                     "its page, in the version in force on the date of the act.\n\n```{charge-finder}\n```\n",
    "scenarios": "# Scenario exercises\n\nEvery scenario states its facts in structured form; the answer keys "
                 "are checked against the provisions in force on the date of each act.\n\n```{scenario-index}\n```\n",
    "course-plans": "# Courses\n\nA course per audience, assembled from the lessons: a timetable with breaks, "
                    "what each session achieves and what to print.\n\n```{course-index}\n```\n",
    "tools": "# Printable tools\n\nChecklists, logs and letter templates generated from the curriculum's data. "
             "Each prints on A4 without the site's navigation.\n\n```{tool-index}\n```\n",
}


def _write_if_changed(path: Path, text: str) -> None:
    # unchanged stubs keep their mtime, so incremental builds do not reread them
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


EVALUATION_SUFFIX = "-evaluation"  # course-plans/<course>-evaluation: the course's evaluation instruments
GENERATED = ("catalogue", "scenarios", "tools", "course-plans")  # folders of stubs: a page per provision, scenario,
# tool or course (course pages are not in courses/, which holds the committed data and its README)
LISTINGS = ("index", "charge-finder")  # hand-worded pages in those folders (translated like lessons)


def is_generated(docname: str) -> bool:
    folder, _, name = docname.partition("/")
    return folder in GENERATED and name not in LISTINGS


def stub_titles(corpus: Corpus, shown: Callable[[Bilingual], str] = lambda b: b.en) -> dict[str, str]:
    """docname -> page title of every generated page; `shown` picks an official title's language."""
    return {
        **{state.provision_doc(pid): f"{describe.citation(p, corpus.instruments.get(p.instrument))}: {shown(p.title)}"
           for pid, p in corpus.provisions.items()},
        **{state.scenario_doc(sid): s.title for sid, s in corpus.scenarios.items()},
        **{f"tools/{tid}": t.title for tid, t in corpus.tools.items()},
        **{f"course-plans/{cid}": c.title for cid, c in corpus.courses.items()},
        # a course's evaluation instruments, beside its plan (ibsa.sphinxext.evaluation)
        **{f"course-plans/{eid}{EVALUATION_SUFFIX}": e.title for eid, e in corpus.evaluations.items()
           if eid in corpus.courses},
    }


# A provision or scenario page is reached from its index page (a table grouped by jurisdiction, kind or module), not
# from the sidebar: listed there, 260 such pages made every page's navigation, and the build time, grow with pages².
# Tools and courses are few and stay in the sidebar.
OUTSIDE_NAVIGATION = ("catalogue", "scenarios")
ORPHAN = "---\norphan: true\n---\n"


def write_stubs(srcdir: Path, corpus: Corpus) -> None:
    titles = stub_titles(corpus)
    directive = {"catalogue": "provision", "scenarios": "scenario", "tools": "tool", "course-plans": "course"}
    wanted: dict[str, dict[str, str]] = {folder: {} for folder in GENERATED}
    for docname, title in titles.items():
        folder, name = docname.split("/", 1)
        kind, arg = directive[folder], name
        if folder == "course-plans" and name not in corpus.courses and name.endswith(EVALUATION_SUFFIX):
            kind, arg = "course-evaluation", name.removesuffix(EVALUATION_SUFFIX)
        orphan = ORPHAN if folder in OUTSIDE_NAVIGATION else ""
        wanted[folder][name] = f"{orphan}# {title}\n\n```{{{kind}}} {arg}\n```\n"
    for folder, pages in wanted.items():
        out = srcdir / folder
        out.mkdir(exist_ok=True)
        for stale in out.glob("*.md"):
            if stale.stem not in LISTINGS and stale.stem not in pages:
                stale.unlink()
        _write_if_changed(out / "index.md", INDEX_TEXT[folder])
        if folder == "catalogue":
            _write_if_changed(out / "charge-finder.md", INDEX_TEXT["charge-finder"])
        for name, text in pages.items():
            _write_if_changed(out / f"{name}.md", text)


# ---------------------------------------------------------------- what a generated page renders

def _json(value: object) -> object:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else str(value)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=_json, sort_keys=True).encode()).hexdigest()


def page_inputs(corpus: Corpus) -> dict[str, str]:
    """docname -> a digest of the data each provision and scenario page renders (issue 21: a page depends only on
    what it shows). A page is read again when its digest changes, not whenever any data file does: editing one
    scenario rereads its page, and a provision's page only when the scenarios that use it change their use."""
    shared = _digest(corpus.facts, corpus.events, corpus.policy)  # fact wording, event names, source addresses
    objectives = {o: (x.docname, x.title, x.module) for o, x in corpus.objectives().items()}
    lessons = _digest(objectives, corpus.modules, {s.id: s.title for s in corpus.scenarios.values()})
    out = {}
    for pid, prov in corpus.provisions.items():
        newer = sorted(p.id for p in corpus.provisions.values() if p.replaces == pid)
        conditions = {e.id: str(corpus.expressions.get((pid, e.id))) for e in prov.elements}
        out[state.provision_doc(pid)] = _digest(shared, prov, corpus.instruments.get(prov.instrument), newer,
                                                conditions, provision_uses(corpus, pid))
    for sid, sc in corpus.scenarios.items():
        out[state.scenario_doc(sid)] = _digest(shared, lessons, sc)
    return out


def provision_uses(corpus: Corpus, pid: str) -> list[tuple[str, str, str]]:
    """(scenario id, title, role) for each scenario whose answer key uses the provision: 'applies', 'fallback',
    'tempting' or 'deadline'."""
    if "provision-uses" not in corpus.cache:  # every provision's, in one pass over the answer keys
        uses: dict[str, list[tuple[str, str, str]]] = {}
        for s in sorted(corpus.scenarios.values(), key=lambda s: s.id):
            units = [unit for _, unit, _ in s.answer_key.units()]
            roles: dict[str, str] = {}  # the first role in this order wins
            for role, used in (("applies", [a.provision for u in units for a in u.applicable]),
                               ("fallback", [a.provision for u in units for a in u.fallback]),
                               ("tempting", [a.provision for u in units for a in u.not_applicable]),
                               ("deadline", [d.provision for d in s.answer_key.deadlines])):
                for used_pid in used:
                    roles.setdefault(used_pid, role)
            for used_pid, role in roles.items():
                uses.setdefault(used_pid, []).append((s.id, s.title, role))
        corpus.cache["provision-uses"] = uses
    return list(corpus.cache["provision-uses"].get(pid, []))


class _PageDirective(CorpusDirective):
    required_arguments = 1


class ProvisionPage(_PageDirective):
    def run(self) -> list[Node]:
        prov = self.corpus.provisions.get(self.arguments[0])
        if prov is None:
            return self.error(_("unknown provision '{id}'").format(id=self.arguments[0]))
        inst = self.corpus.instruments.get(prov.instrument)
        out: list[Node] = []
        if not prov.verified:
            warn = nodes.warning()
            # the notes say what was read and why it falls short: authoring detail, for facilitators only
            warn += self.parse(_("Not verified: the text of this provision could not be checked. Treat it as a "
                                 "lead, not as law."))
            if prov.notes and state.facilitator(self.env):
                warn += english(self.parse(cite_ids(self.corpus, markup.cell(prov.notes))), self.env)
            out.append(warn)
        out += self.parse(cite_ids(self.corpus, prov.summary))
        replaced_by = [p for p in self.corpus.provisions.values() if p.replaces == prov.id]
        facts = [*_titles(prov, inst, chinese(self.env)),
                 (_("Kind"), kind_name(prov.kind.value)),
                 (_("In force"), describe.period(prov.in_force))]
        if prov.replaces:
            facts.append((_("Replaces"), f"{{prov}}`{prov.replaces}`"))
        for newer in replaced_by:
            facts.append((_("Replaced by"), f"{{prov}}`{newer.id}`"))
        if prov.deadline:
            facts.append((_("Time limit"), describe.time_limit(prov.deadline, self.corpus.events)))
        out += self.parse(markup.table(["", ""], facts))
        if prov.elements:
            out.append(self.section(
                _("Points to prove"),
                _("Every element must hold for the provision to apply. The evidence column lists what typically "
                  "proves an element; the gaps column, what commonly goes wrong."),
                markup.table(["", _("What must be shown"), _("Typical evidence"), _("Common gaps")],
                             [(i, e.label, markup.items(e.evidence), markup.items(e.gaps))
                              for i, e in enumerate(prov.elements, 1)]),
                *self._conditions(prov)))
        if prov.thresholds:
            out.append(self.section(_("Thresholds"), markup.table(
                [_("Threshold"), _("Fact"), _("Value"), _("Set by")],
                [(_threshold(t), fact_words(self.corpus, t.fact), f"{t.value:,}",
                  self._basis(t.basis, inst) if t.basis else "")
                 for t in prov.thresholds])))
        if prov.penalty:
            tiers = [(t.label, describe.tier(t, prov.penalty.currency)) for t in prov.penalty.tiers]
            out.append(self.section(_("Penalty"), markup.table([_("Circumstances"), _("Penalty")], tiers),
                                    *([cite_ids(self.corpus, prov.penalty.note)] if prov.penalty.note else [])))
        out += self._source_section(prov, inst)
        out.append(self.section(_("Lessons that cite it"), refs.cited_by(provision=prov.id)))
        if state.facilitator(self.env):
            out += self._used_by(prov)
        return out

    def _conditions(self, prov: Provision) -> list[Node]:
        """How the checker decides, element by element: conditions over the scenario facts. Facilitator edition
        only (with the facts tables it would let participants compute every answer key), marked for authors."""
        if not state.facilitator(self.env):
            return []
        box = nodes.container(classes=["ibsa-facilitator-note", "ibsa-for-authors"])
        box += self.section(_("How the checker decides (facilitator edition, for authors)"),
                            _("Each element as a condition over the facts of a scenario."),
                            markup.table(["", _("Condition")],
                                         [(i, f"`{self.corpus.expressions.get((prov.id, e.id), '?')}`")
                                          for i, e in enumerate(prov.elements, 1)]))
        return [box]

    def _source_section(self, prov: Provision, inst: Instrument | None) -> list[Node]:
        """The official text for readers; the copy read, and the notes on reading it, for facilitators."""
        src = prov.source
        official = sources.official_url(src, self.corpus.policy, inst.jurisdiction if inst else "")
        body = [_("**Official text:** {source}. Last checked {day}.").format(source=_source(src, official),
                                                                                day=describe.day(src.checked))]
        if state.facilitator(self.env):
            read = _evidence(src, official)
            notes: list[Node | str] = [_("Verified against: {sources}.").format(sources=read)] if read else []
            if prov.notes and prov.verified:
                # the notes stay in the language the sources were read in (ibsa.i18n): marked as English
                notes.append(_("**Notes.**"))
                notes += english(self.parse(cite_ids(self.corpus, prov.notes)), self.env)
            if notes:
                # what was read and how the entry models it: for authors and reviewers, in their own words
                box = nodes.container(classes=["ibsa-facilitator-note", "ibsa-for-authors"])
                box += self.section(_("How this entry was verified (facilitator edition)"), *notes)
                return [self.section(_("Source"), *body), box]
        return [self.section(_("Source"), *body)]

    def _basis(self, src: Source, inst: Instrument | None) -> str:
        official = sources.official_url(src, self.corpus.policy, inst.jurisdiction if inst else "")
        # a threshold's title is the legal citation that sets it (shown); its address follows the source rule
        # (no address at all when none is official: the provision's own source says whether one was confirmed)
        parts = [_in_english(markup.cell(src.title)) if src.title else "", _source(src, official) if official else ""]
        checked = _("last checked {day}").format(day=describe.day(src.checked))
        return describe.semicolon().join([*filter(None, parts), checked])

    def _used_by(self, prov: Provision) -> list[Node]:
        words = {"applies": _("applies"), "fallback": _("applies if the crime cannot be proved"),
                 "tempting": _("tempting, does not apply"), "deadline": _("time limit")}
        rows = [(markup.doc_link(state.scenario_doc(sid), title), words[role])
                for sid, title, role in provision_uses(self.corpus, prov.id)]
        box = nodes.container(classes=["ibsa-facilitator-note"])
        box += self.section(_("Scenarios that use it (facilitator edition)"),
                            markup.table([_("Scenario"), _("Role in the answer key")], rows) if rows else
                            _("None yet."))
        return [box]


ORIGINAL_LANG = {"CN": "zh-CN", "TW": "zh-TW", "HK": "zh-HK", "KR": "ko", "JP": "ja"}  # BCP 47, for lang=""


def chinese(env: BuildEnvironment) -> bool:
    return (env.config.language or "en").startswith("zh")


def english(found: list[Node], env: BuildEnvironment) -> list[Node]:
    """Text kept in English (authors' notes on sources) marked lang="en" in a Chinese edition."""
    if not chinese(env):
        return found
    box = nodes.container(classes=["ibsa-original", "language-en"])
    box.extend(found)
    return [box]


def _titles(prov: Provision, inst: Instrument | None, zh: bool) -> list[tuple[str, str]]:
    """The instrument and article rows of a provision page: the official title and article reference in the
    original language (Chinese for the mainland, Taiwan and Hong Kong; Korean and Japanese beside the Chinese and
    English titles), each part marked with its language."""
    if inst is None:
        return [(_("Instrument"), prov.instrument), (_("Article"), prov.article)]
    code = ORIGINAL_LANG.get(inst.jurisdiction)
    rows: list[tuple[str, str]] = []
    english_title = inst.title.en if not zh else markup.lang(inst.title.en, "en")
    if zh:
        own = describe.book_title(inst.title.original) if inst.jurisdiction == "CN" and inst.title.original else (
            inst.title.zh or inst.title.original or "")
        rows.append((_("Instrument"), own or english_title))
        rows.append((_("Article"), describe.article_zh(prov) + (f"　{prov.title.zh}" if prov.title.zh else "")))
    else:
        rows.append((_("Instrument"), inst.title.en))
        chinese_title = f" — {markup.lang(prov.title.zh, 'zh-CN')}" if prov.title.zh and code in (None, "zh-CN") else ""
        rows.append((_("Article"), prov.article + chinese_title))
    if code and inst.title.original and prov.article_original and (code != "zh-CN" or not zh):
        original = describe.book_title(inst.title.original) if code == "zh-CN" else inst.title.original
        heading = f" — {prov.title.original}" if prov.title.original and code != "zh-CN" else ""
        text = markup.lang(f"{original} {prov.article_original}{heading}", code)
        rows.append((_("Official title and article (original language)"), text))
    if code in ("ko", "ja", "zh-TW", "zh-HK") and not zh and inst.title.zh:
        text = f"{inst.title.zh} {describe.article_zh(prov)}" + (f" — {prov.title.zh}" if prov.title.zh else "")
        rows.append((_("In Chinese"), markup.lang(text, "zh-CN")))
    elif not code and inst.title.zh and not zh:
        rows.append((_("In Chinese"), markup.lang(inst.title.zh, "zh-CN")))
    if zh:
        rows.append((_("In English"), markup.lang(f"{inst.title.en}, {prov.article}: {prov.title.en}", "en")))
    return rows


def _in_english(text: str) -> str:
    """Authors' English (notes on sources) marked lang="en" where the page is Chinese."""
    return markup.lang(text, "en") if describe.language() == "zh_CN" else text


def _source(src: Source, official: str | None) -> str:
    """Readers see the official address only, named by its host (a `title` may describe the copy read);
    with none, the page says so plainly."""
    if official:
        return f"[{urlsplit(official).hostname}]({official})"
    if src.official_unavailable:
        why = markup.cell(src.official_unavailable.rstrip("."))  # readers see it: translated like other data
        return _("no official address could be confirmed ({why})").format(why=why)
    return _("no official address could be confirmed")


def _evidence(src: Source, official: str | None) -> str:
    """What was actually read to verify the entry (facilitator edition): the title, the stored copy, and an
    unofficial page if one was read."""
    read = [_in_english(markup.cell(src.title))] if src.title else []
    read += [f"`{src.stored_copy}`"] if src.stored_copy else []
    if src.url and src.url != official:
        read.append(f"<{src.url}>")
    return describe.semicolon().join(read)


class ScenarioPage(_PageDirective):
    def run(self) -> list[Node]:
        sc = self.corpus.scenarios.get(self.arguments[0])
        if sc is None:
            return self.error(_("unknown scenario '{id}'").format(id=self.arguments[0]))
        out: list[Node] = [*self._content_notes(sc), *self._running(sc), *self._meta(sc),
                           self.section(_("What happened"), sc.narrative), *self._parties(sc), *self._facts(sc)]
        if sc.timeline:
            out.append(self.section(_("Timeline"), markup.table(
                [_("Date"), _("Event"), _("Note")],
                [(describe.moment(e.date, e.time), describe.initial_cap(describe.event(e.event, self.corpus.events)),
                  e.note or "") for e in sc.timeline])))
        if sc.roleplay:
            out.append(self._roleplay(sc))
        out.append(self.section(_("Tasks"), "".join(f"{i}. {t.text}\n" for i, t in enumerate(sc.tasks, 1)),
                                *(f":::{{dropdown}} {_('Hint')}\n{hint}\n:::\n" for hint in sc.hints)))
        if state.facilitator(self.env):
            out += self._answer_key(sc)
        return out

    def _meta(self, sc: Scenario) -> list[Node]:
        objectives = self.corpus.objectives()
        links = [markup.doc_link(objectives[o].docname, objectives[o].title) for o in sc.objectives
                 if o in objectives]
        places = describe.comma().join(describe.jurisdiction(j) for j in sc.jurisdictions)
        under = _("Judged under") if len(sc.jurisdictions) > 1 else _("Jurisdiction")
        return self.parse(_("**Incident date:** {day}").format(day=describe.day(sc.incident_date)) + " · "
                          + (f"**{under}**：" if chinese(self.env) else f"**{under}:** ") + f"{places} · "
                          + _("**For:** {tracks}").format(tracks=tracks(sc.tracks))
                          + "\n\n" + _("**Practises:** {lessons}").format(
                              lessons=describe.comma().join(dict.fromkeys(links))))

    def _content_notes(self, sc: Scenario) -> list[Node]:
        """The content note of each module the scenario practises, so a page opened from a direct link warns
        before the narrative does."""
        out: list[Node] = []
        for module in scenario_modules(self.corpus, sc):
            note = nodes.admonition(classes=["ibsa-content-note", "caution"])
            note += nodes.title(text=_("Content note"))
            note += nodes.paragraph(text=module.content_note)
            out.append(note)
        return out

    def _running(self, sc: Scenario) -> list[Node]:
        """Facilitator edition: how to run the exercise, first on the page (before the narrative and answers)."""
        if not state.facilitator(self.env):
            return []
        facts = [(_("Kind"), scenario_kind(sc)),
                 (_("Duration"), _("{n} minutes").format(n=sc.duration) if sc.duration else _("not set yet"))]
        if sc.roleplay:
            facts.append((_("Roles"), describe.semicolon().join(
                markup.cell(r.title) + (_(" (briefing on the participants' page)") if r.shown_to == "everyone" else "")
                for r in sc.roleplay.roles)))
        note = nodes.container(classes=["ibsa-facilitator-note", "ibsa-running"])
        note += self.section(_("Running this exercise"), markup.table(["", ""], facts), *self._pack_link(sc),
                             *([sc.facilitator_notes] if sc.facilitator_notes else []))
        return [note]

    @staticmethod
    def _pack_link(sc: Scenario) -> list[Node]:
        """A link to the role-play pack: printed from there, the page prints only the role cards (one per sheet)
        and the observer checklist, without the answer key (ibsa-facilitator.css)."""
        if not sc.roleplay:
            return []
        # one sentence for translators; the link is the part in square brackets
        before, link, after = _("To print the handouts, open [the role-play pack] and print: one role card per "
                                "sheet and the observer checklist, without the answer key.").replace(
                                    "]", "[").split("[", 2)
        para = nodes.paragraph()
        para += nodes.Text(before)
        para += nodes.reference("", link, refuri="#role-play-pack", internal=True)
        para += nodes.Text(after)
        return [para]

    def _parties(self, sc: Scenario) -> list[Node]:
        if not sc.parties:
            return []
        return [self.section(_("The people in this case"), markup.table(
            [_("Who"), _("Role")], [(p.label, _("suspect") if p.role == "suspect" else _("person harmed"))
                                    for p in sc.parties]))]

    def _facts(self, sc: Scenario) -> list[Node]:
        """The structured facts: participants see them only in a drill on given facts (`show_facts`), since
        they are the analysis the tasks ask for; the facilitator edition shows them as what the key relies on."""
        if not (sc.show_facts or state.facilitator(self.env)):
            return []
        table = markup.table([_("Fact"), _("In this scenario")],
                             [(fact_words(self.corpus, n), _value(v)) for n, v in sc.facts.items()])
        if sc.show_facts:
            return [self.section(_("The facts"), table)]
        box = nodes.container(classes=["ibsa-facilitator-note"])
        box += self.section(_("The facts the answer key relies on"),
                            _("Not shown to participants: establishing these facts is what the tasks ask for."), table)
        return [box]

    def _roleplay(self, sc: Scenario) -> nodes.section:
        """Participants see the interviewer's briefing; the facilitator edition adds every role card, one per
        printed page, and the observer checklist tied to the lesson objectives."""
        assert sc.roleplay is not None
        public = [r for r in sc.roleplay.roles if r.shown_to == "everyone"]
        parts: list[Node | str] = [
            _("A role-play. The facilitator hands out the other role cards; do not read them before you play."),
            *(self._briefing(_("Your briefing: {role}").format(role=r.title), r.briefing) for r in public)]
        if state.facilitator(self.env):
            objectives = self.corpus.objectives()
            box = nodes.container(classes=["ibsa-role-cards"], ids=["role-play-pack"])
            box += self.section(_("Role cards (facilitator edition)"), *(
                f":::{{card}} {_('Role card: {role}').format(role=markup.cell(r.title))}\n:class-card: ibsa-role-card"
                f"\n\n{r.briefing}\n:::\n" for r in sc.roleplay.roles))
            checklist = self.section(_("Observer checklist"), markup.table(
                [_("Seen?"), _("What to look for"), _("Objective")],
                [("☐", c.text, markup.doc_link(objectives[c.objective].docname, objective_text(self.corpus,
                  c.objective)) if c.objective in objectives else "") for c in sc.roleplay.checklist]))
            checklist["classes"].append("ibsa-role-checklist")  # printed on its own sheet
            box += checklist
            parts.append(box)
        found = self.section(_("Role-play"), *parts)
        found["classes"].append("ibsa-role-play")  # the participants' handout prints this section alone
        return found

    def _briefing(self, title: str, text: str) -> nodes.section:
        found = self.section(title, text)
        found["classes"].append("ibsa-role-briefing")  # one per sheet in the participants' handout
        return found

    def _draft(self, sc: Scenario) -> nodes.section:
        """A model draft offence: its elements as conditions over the facts, and the fact patterns the checker
        tested it on."""
        draft = sc.answer_key.draft
        assert draft is not None
        conditions = nodes.container(classes=["ibsa-for-authors"])
        conditions += self.parse(markup.table(
            ["", _("Condition over the facts (for authors)")],
            [(i, f"`{self.corpus.expressions.get((loaders.draft_key(sc.id), e.id), '?')}`")
             for i, e in enumerate(draft.elements, 1)]))
        return self.section(
            _("A model draft offence"),
            markup.table(["", _("What must be shown")], [(i, e.label) for i, e in enumerate(draft.elements, 1)]),
            conditions,
            _("Checked by machine: it catches this scenario and {covers}; it leaves alone {excludes}.").format(
                covers=_scenario_links(self.corpus, draft.covers),
                excludes=_scenario_links(self.corpus, draft.excludes)))

    def _applies(self, unit: Findings, where: set[str] | None) -> list[Node]:
        """The applicable, fallback and tempting provisions of one answer, in one jurisdiction (all, if `where`
        is None)."""
        def mine(pid: str) -> bool:
            return where is None or analysis.jurisdiction_of(self.corpus, pid) in where

        def reasoned(a: Applicable, lead: str = "") -> str:
            return f"**{{prov}}`{a.provision}`**{lead}\n\n" + markup.table(
                [_("Element"), _("Facts relied on"), _("Reasoning")],
                [(self._element(a.provision, r.element), self._fact_list(r.facts), r.text) for r in a.reasoning])

        def gives_way(a: Applicable) -> str:
            prov = self.corpus.provisions.get(a.provision)
            return _(" gives way to {provisions}.").format(
                provisions=describe.comma().join(f"{{prov}}`{y}`" for y in (prov.yields_to if prov else [])))

        applies = [reasoned(a) for a in unit.applicable if mine(a.provision)]
        out: list[Node] = [self.section(_("Provisions that apply"), *(applies or [_("None.")]))]
        fallbacks = [reasoned(a, gives_way(a)) for a in unit.fallback if mine(a.provision)]
        if fallbacks:
            out.append(self.section(
                _("Only if the crime cannot be proved"),
                _("These hold on their elements, but an administrative penalty is imposed only where the act is not "
                  "a crime. They are the route if the crime they give way to cannot be proved."), *fallbacks))
        tempting = [n for n in unit.not_applicable if mine(n.provision)]
        if tempting:
            out.append(self.section(_("Tempting, but does not apply"), markup.table(
                [_("Provision"), _("Facts"), _("Why not")],
                [(f"{{prov}}`{n.provision}`", self._fact_list(n.facts), n.reason) for n in tempting])))
        return out

    def _element(self, pid: str, element: str) -> str:
        prov = self.corpus.provisions.get(pid)
        return next((e.label for e in prov.elements if e.id == element), element) if prov else element

    def _fact_list(self, names: list[str]) -> str:
        return describe.semicolon().join(fact_words(self.corpus, n).rstrip(".。") for n in names)

    def _unit(self, sc: Scenario, unit: Findings) -> list[Node]:
        if len(sc.jurisdictions) > 1:
            return [self.section(_("Under the law of {place}").format(place=describe.jurisdiction(j)),
                                 *self._applies(unit, {j}))
                    for j in sc.jurisdictions]
        return self._applies(unit, None)

    def _versions(self, sc: Scenario) -> list[Node]:
        """Which version of a revised provision governs, as the judgement worked it out."""
        found = judgement.judge(self.corpus, sc).by_suspect.values()
        lines = [self._version(v) for verdict in found for v in verdict.versions]
        lines += [_("{provision} was the law when the act was done.").format(provision=f"{{prov}}`{q.at_act}`")
                  + "".join(_(" {provision} came into force on {day}.").format(provision=f"{{prov}}`{pid}`",
                                                                              day=describe.day(day))
                            for pid, day in q.later)
                  + _(" If the case is decided after that, the lighter of the two applies; the scenario does not say "
                      "when it is decided.") for verdict in found for q in verdict.open_questions]
        lines = list(dict.fromkeys(lines))
        if not lines:
            return []
        return [self.section(_("Which version applies"), "".join(f"- {line}\n" for line in lines))]

    def _version(self, v: judgement.Version) -> str:
        def cite(pid: str) -> str:
            prov = self.corpus.provisions[pid]
            return _("{provision} ({penalty})").format(provision=f"{{prov}}`{pid}`",
                                                                penalty=describe.maximum(prov.penalty)) \
                if prov.penalty else f"{{prov}}`{pid}`"

        words = {
            "later-fails": _("{at_act} covered the act on {act}, but {later}, in force when the case is decided "
                             "({decided}), does not: its element \"{element}\" is not met. The later law is lighter, "
                             "so neither applies."),
            "lighter": _("{later}, in force when the case is decided ({decided}), is lighter than {at_act}, the law "
                         "at the act ({act}). The lighter law applies."),
            "no-lighter": _("{later}, in force when the case is decided ({decided}), is no lighter than {at_act}, "
                            "the law at the act ({act}). The law at the act applies."),
            "heavier": _("{later}, in force when the case is decided ({decided}), is heavier than {at_act}, the law "
                         "at the act ({act}). The law at the act applies."),
        }
        return words[v.outcome].format(
            at_act=cite(v.at_act), later=cite(v.later), element=self._element(v.later, v.failed_element),
            act=describe.day(v.act) if v.act else "", decided=describe.day(v.decided) if v.decided else "")

    def _answer_key(self, sc: Scenario) -> list[Node]:
        ak = sc.answer_key
        labels = {p.id: p.label for p in sc.parties}
        parts: list[Node] = []
        for party, unit, _where in ak.units():
            if party is None:
                parts += self._unit(sc, unit)
            else:
                parts.append(self.section(_("{person}: what can be charged").format(person=labels.get(party, party)),
                                          *self._unit(sc, unit)))
        parts += self._versions(sc)
        if ak.deadlines:
            parts.append(self.section(_("Time limits"), markup.table(
                [_("Provision"), _("Due"), _("Note")],
                [(f"{{prov}}`{d.provision}`", describe.moment(d.due, d.due_time), _met(d.met) + (d.text or ""))
                 for d in ak.deadlines])))
        if ak.draft:
            parts.append(self._draft(sc))
        parts.append(self.section(_("Model answers"), "".join(f"{i}. {a.answer}\n" for i, a in enumerate(ak.tasks, 1))))
        box = nodes.container(classes=["ibsa-answer-key"])
        box += self.section(_("Answer key"), *parts)
        return [box]


_BARE_ID = re.compile(r"(?<![\w`<-])[A-Z]{2,3}-[A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)+(?![\w-])")


def _threshold(t: Threshold) -> str:
    return t.label or t.id.replace("_", " ")  # an unlabelled threshold's id, spelt out


_NAME = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")


def cite_ids(corpus: Corpus, text: str) -> str:
    """Catalogue prose (summaries, notes) that names another provision by its id cites it instead, so readers see
    'Criminal Law Art. 363', linked, and never the catalogue's id."""
    return _BARE_ID.sub(lambda m: f"{{prov}}`{m[0]}`" if m[0] in corpus.provisions else m[0], text)


def fact_words(corpus: Corpus, name: str) -> str:
    """A fact as readers see it: its definition in law/facts.yaml, never its name."""
    fact = corpus.facts.get(name)
    if fact is None:
        return name.replace("_", " ")
    # a definition may end with guidance for authors naming other facts ('For secret filming use ...'): readers
    # get the sentences that define, not the ones that point to the vocabulary
    sentences = re.split(r"(?<=[.!?])\s+", fact.definition.strip())
    kept = [x for x in sentences if not any(n in corpus.facts for n in _NAME.findall(x))]
    if kept:
        return " ".join(kept)
    # a definition that needs another fact to say what it counts names it in words
    return _NAME.sub(lambda m: m[0].replace("_", " "), sentences[0])


def objective_text(corpus: Corpus, objective: str) -> str:
    lesson = corpus.objectives().get(objective)
    return next((o.text for o in lesson.objectives if o.id == objective), "") if lesson else ""


def scenario_modules(corpus: Corpus, sc: Scenario) -> list[Module]:
    """The modules of the lessons whose objectives the scenario practises, in module order."""
    objectives = corpus.objectives()
    wanted = {objectives[o].module for o in sc.objectives if o in objectives}
    return [corpus.modules[m] for m in sorted(wanted) if m in corpus.modules]


def scenario_kind(sc: Scenario) -> str:
    return _("role-play") if sc.roleplay else _("drafting") if sc.answer_key.draft else _("analysis")


def _scenario_links(corpus: Corpus, ids: list[str]) -> str:
    return describe.comma().join(markup.doc_link(state.scenario_doc(i), corpus.scenarios[i].title) for i in ids
                                 if i in corpus.scenarios) or _("none")


def _met(met: bool | None) -> str:
    return "" if met is None else _("Met. ") if met else _("Missed. ")


def _value(v: object) -> str:
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    if isinstance(v, dt.date) and describe.language() == "zh_CN":
        return describe.day(v)
    return f"{v:,}" if isinstance(v, int) else str(v)


def jurisdictions_present(corpus: Corpus) -> list[str]:
    """The jurisdictions with catalogued instruments, mainland China first, then in describe.JURISDICTIONS order."""
    present = {i.jurisdiction for i in corpus.instruments.values()}
    return [j for j in describe.JURISDICTIONS if j in present] + sorted(present - set(describe.JURISDICTIONS))


def provisions_in_order(corpus: Corpus) -> list[Provision]:
    """Provisions by jurisdiction (mainland China first), then by id: the order of indexes and sidebars."""
    rank = {j: i for i, j in enumerate(jurisdictions_present(corpus))}
    return sorted(corpus.provisions.values(),
                  key=lambda p: (rank.get(analysis.jurisdiction_of(corpus, p.id) or "", len(rank)), p.id))


def _jump_list(jurisdictions: list[str]) -> nodes.paragraph:
    """Links to each jurisdiction's section, by its anchor (built as nodes: a Markdown link to '#anchor' would be
    resolved against heading slugs, which a Chinese heading does not give)."""
    para = nodes.paragraph()
    para += nodes.strong(text=_("Jump to:"))
    for i, j in enumerate(jurisdictions):
        para += nodes.Text(" · " if i else " ")
        para += nodes.reference("", describe.jurisdiction(j), refuri=f"#{_anchor(j)}", internal=True)
    para["translatable"] = False  # worded here, in the build's language: not for the page's own catalogue
    return para


def anchored(sec: nodes.section, jurisdiction: str, env: BuildEnvironment) -> nodes.section:
    """A jurisdiction's section keeps its English anchor (#mainland-china) in every language: a Chinese heading
    gives docutils no Latin letters to make an id from, and the jump list links to the anchor."""
    anchor = _anchor(jurisdiction)
    if anchor not in sec["ids"]:
        sec["ids"].insert(0, anchor)
    return sec


def _anchor(jurisdiction: str) -> str:
    # the English name in every language, so links to a jurisdiction's section stay the same
    return nodes.make_id(describe.JURISDICTIONS.get(jurisdiction, jurisdiction))


class CatalogueIndex(CorpusDirective):
    """The catalogue by jurisdiction (mainland China first), then by instrument."""

    def run(self) -> list[Node]:
        places = jurisdictions_present(self.corpus)
        out = [*self.parse(_("See also the {link}.").format(
            link="{doc}`" + _("charge finder") + " </catalogue/charge-finder>`")), _jump_list(places)]
        for where in places:
            parts: list[Node | str] = []
            for iid, inst in sorted(self.corpus.instruments.items(), key=lambda kv: kv[0]):
                provs = [p for p in provisions_in_order(self.corpus) if p.instrument == iid]
                if inst.jurisdiction == where and provs:
                    parts.append(self._instrument(inst, provs))
            out.append(anchored(self.section(describe.jurisdiction(where), *parts), where, self.env))
        return out + self.parse(_toc(["catalogue/charge-finder"]))

    def _instrument(self, inst: Instrument, provs: list[Provision]) -> nodes.section:
        """An instrument's heading in the page's language, with its title in the other languages below."""
        code = ORIGINAL_LANG.get(inst.jurisdiction, "zh-CN")
        if chinese(self.env):
            own = describe.book_title(inst.title.original) if inst.jurisdiction == "CN" and inst.title.original \
                else inst.title.zh or inst.title.en
            others = [markup.lang(inst.title.original, code) if inst.title.original and own != describe.book_title(
                inst.title.original) and inst.jurisdiction != "CN" else "", markup.lang(inst.title.en, "en")]
        else:
            own = inst.title.en
            others = [markup.lang(inst.title.original or inst.title.zh or "", code if inst.title.original
                                  else "zh-CN")]
        return self.section(own, " · ".join(filter(None, others)),
                            *refs.period_in_row(self.parse(provision_table(provs)), {p.id for p in provs}, self.env))


class ScenarioIndex(CorpusDirective):
    """Every exercise with what a trainer chooses by (kind, duration, module, tracks, jurisdictions), and
    filters that work from file:// (ibsa-filter.js); without scripts the table is complete and sorted."""

    def run(self) -> list[Node]:
        rank = {j: i for i, j in enumerate(describe.JURISDICTIONS)}
        scenarios = sorted(self.corpus.scenarios.values(),
                           key=lambda s: (min(rank.get(j, 99) for j in s.jurisdictions), s.incident_date, s.id))
        rows = []
        for s in scenarios:
            modules = scenario_modules(self.corpus, s)
            rows.append((markup.doc_link(state.scenario_doc(s.id), s.title), scenario_kind(s),
                         _("{n} min").format(n=s.duration) if s.duration else "—",
                         describe.semicolon().join(m.title for m in modules) or "—", tracks(s.tracks),
                         describe.comma().join(describe.jurisdiction(j) for j in s.jurisdictions)))
        table = nodes.container(classes=["ibsa-filter-table"])
        table += self.parse(markup.table([_("Scenario"), _("Kind"), _("Duration"), _("Module"), _("For"),
                                          _("Jurisdiction")], rows))
        return [table]


class ChargeFinder(CorpusDirective):
    """Facts to candidate provisions, by jurisdiction with mainland China first (ibsa.analysis.finder decides
    what goes where)."""

    option_spec = {"jurisdiction": lambda x: x.strip()}  # noqa: RUF012 - docutils API

    def run(self) -> list[Node]:
        self.depend_on(*sorted({p.path for p in self.corpus.provisions.values()}))
        only = self.options.get("jurisdiction")
        places = [only] if only else [j for j in jurisdictions_present(self.corpus)
                                      if analysis.finder(self.corpus, j)]
        out: list[Node] = [] if only else [_jump_list(places)]
        for where in places:
            out.append(anchored(self.section(describe.jurisdiction(where), *self._tables(where)), where, self.env))
        return out

    def _tables(self, where: str) -> list[Node]:
        rows = []
        for fact, pids in analysis.finder(self.corpus, where):
            label = fact_words(self.corpus, fact) if fact else _("Consider on any facts")
            periods = {pid: describe.period(self.corpus.provisions[pid].in_force) for pid in pids}
            rows.append((label, describe.semicolon().join(
                f"{{prov}}`{pid}`" + _(" ({period})").format(period=periods[pid]) for pid in pids)))
        thresholds = [(f"{{prov}}`{p.id}`", _threshold(t), fact_words(self.corpus, t.fact), f"{t.value:,}")
                      for p in provisions_in_order(self.corpus) for t in p.thresholds
                      if analysis.jurisdiction_of(self.corpus, p.id) == where]
        place = describe.jurisdiction(where)
        out = [self.section(_("From a fact to candidate provisions ({place})").format(place=place),
                            markup.table([_("Fact"), _("Candidates")], rows))]
        if thresholds:
            out.append(self.section(_("What to count: numeric thresholds ({place})").format(place=place),
                                    markup.table([_("Provision"), _("Threshold"), _("Fact counted"), _("At least")],
                                                 thresholds)))
        return out


def _toc(docnames: object) -> str:
    return "\n```{toctree}\n:hidden:\n\n" + "".join(f"/{d}\n" for d in docnames) + "```\n"  # type: ignore[attr-defined]


# ---------------------------------------------------------------- nothing stale after a rebuild


def _navigation(env: BuildEnvironment) -> tuple[object, ...]:
    """What every page's sidebar is made of: the pages, their titles and the tables of contents."""
    return (sorted(env.found_docs), sorted((d, t.astext()) for d, t in env.titles.items()),
            sorted((d, tuple(v)) for d, v in env.toctree_includes.items()))


def _before_reading(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                    removed: set[str]) -> list[str]:
    """Sphinx forgets a deleted source but leaves its page in the output folder: delete the page (a deleted
    scenario's page would otherwise stay published, answer key and all). Remember the navigation as it was."""
    get_outfilename = getattr(app.builder, "get_outfilename", None)
    if get_outfilename is not None:
        for docname in removed:
            Path(get_outfilename(docname)).unlink(missing_ok=True)
    app.ibsa_navigation = _navigation(env)  # type: ignore[attr-defined]
    return []


def _after_reading(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page carries the whole table of contents in its sidebar: when a page was added or removed, or a
    title or a table of contents changed, every page is written again, as a clean build would write it."""
    if getattr(app, "ibsa_navigation", None) not in (None, _navigation(env)):
        # the search index is then made afresh too: Sphinx prunes a deleted page's entries but keeps its words
        index = getattr(app.builder, "searchindex_filename", None)
        if index:
            Path(app.builder.outdir, index).unlink(missing_ok=True)
        return sorted(env.found_docs)
    return []


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _before_reading)
    app.connect("env-updated", _after_reading)
    app.add_directive("provision", ProvisionPage)
    app.add_directive("scenario", ScenarioPage)
    app.add_directive("catalogue-index", CatalogueIndex)
    app.add_directive("scenario-index", ScenarioIndex)
    app.add_directive("charge-finder", ChargeFinder)
