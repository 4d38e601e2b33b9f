"""Generated pages: one per provision and one per scenario, plus their indexes.

At builder-inited a short stub (a heading and one directive) is written for each
catalogue entry, scenario and printable tool into catalogue/, scenarios/ and tools/ (generated, not
committed), the way autosummary writes its stubs; the directives below render
them from the corpus.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ibsa import analysis, describe, judgement, loaders, sources
from ibsa.loaders import Corpus
from ibsa.model import Applicable, Bilingual, Findings, Instrument, Module, Provision, Scenario, Source, Threshold
from ibsa.sphinxext import markup, refs, state
from ibsa.sphinxext.directives import CorpusDirective, provision_table, tracks

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
    "tools": "# Printable tools\n\nChecklists, logs and letter templates generated from the curriculum's data. "
             "Each prints on A4 without the site's navigation.\n\n```{tool-index}\n```\n",
}


def _write_if_changed(path: Path, text: str) -> None:
    # unchanged stubs keep their mtime, so incremental builds do not reread them
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


GENERATED = ("catalogue", "scenarios", "tools")  # folders of stubs, one page per provision, scenario or tool
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
    }


def write_stubs(srcdir: Path, corpus: Corpus) -> None:
    titles = stub_titles(corpus)
    directive = {"catalogue": "provision", "scenarios": "scenario", "tools": "tool"}
    wanted: dict[str, dict[str, str]] = {folder: {} for folder in GENERATED}
    for docname, title in titles.items():
        folder, name = docname.split("/", 1)
        wanted[folder][name] = f"# {title}\n\n```{{{directive[folder]}}} {name}\n```\n"
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


class _PageDirective(CorpusDirective):
    required_arguments = 1

    def depend_on_data(self) -> None:
        self.depend_on(*sorted({p.path for p in self.corpus.provisions.values()}),
                       *sorted(s.path for s in self.corpus.scenarios.values()))


class ProvisionPage(_PageDirective):
    def run(self) -> list[Node]:
        prov = self.corpus.provisions.get(self.arguments[0])
        if prov is None:
            return self.error(f"unknown provision '{self.arguments[0]}'")
        self.depend_on_data()
        inst = self.corpus.instruments.get(prov.instrument)
        out: list[Node] = []
        if not prov.verified:
            warn = nodes.warning()
            # the notes say what was read and why it falls short: authoring detail, for facilitators only
            notes = f" {cite_ids(self.corpus, markup.cell(prov.notes))}" if prov.notes and state.facilitator(
                self.env) else ""
            warn += self.parse("Not verified: the text of this provision could not be checked. Treat it as a lead, "
                               "not as law." + notes)
            out.append(warn)
        out += self.parse(cite_ids(self.corpus, prov.summary))
        replaced_by = [p for p in self.corpus.provisions.values() if p.replaces == prov.id]
        facts = [
            ("Instrument", f"{inst.title.en} ({inst.title.original or inst.title.zh or ''})" if inst else
             prov.instrument),
            ("Article", prov.article + (f" — {prov.title.zh}" if prov.title.zh else "")),
            ("Kind", prov.kind.value.replace("_", " ")),
            ("In force", describe.period(prov.in_force)),
        ]
        if prov.replaces:
            facts.append(("Replaces", f"{{prov}}`{prov.replaces}`"))
        for newer in replaced_by:
            facts.append(("Replaced by", f"{{prov}}`{newer.id}`"))
        if prov.deadline:
            facts.append(("Time limit", describe.time_limit(prov.deadline, self.corpus.events)))
        out += self.parse(markup.table(["", ""], facts))
        if prov.elements:
            out.append(self.section(
                "Points to prove",
                "Every element must hold for the provision to apply. The evidence column lists what typically "
                "proves an element; the gaps column, what commonly goes wrong.",
                markup.table(["", "What must be shown", "Typical evidence", "Common gaps"],
                             [(i, e.label, markup.items(e.evidence), markup.items(e.gaps))
                              for i, e in enumerate(prov.elements, 1)]),
                *self._conditions(prov)))
        if prov.thresholds:
            out.append(self.section("Thresholds", markup.table(
                ["Threshold", "Fact", "Value", "Set by"],
                [(_threshold(t), fact_words(self.corpus, t.fact), f"{t.value:,}",
                  self._basis(t.basis, inst) if t.basis else "")
                 for t in prov.thresholds])))
        if prov.penalty:
            tiers = [(t.label, describe.tier(t, prov.penalty.currency)) for t in prov.penalty.tiers]
            out.append(self.section("Penalty", markup.table(["Circumstances", "Penalty"], tiers),
                                    *([cite_ids(self.corpus, prov.penalty.note)] if prov.penalty.note else [])))
        out += self._source_section(prov, inst)
        out.append(self.section("Lessons that cite it", refs.cited_by(provision=prov.id)))
        if state.facilitator(self.env):
            out += self._used_by(prov)
        return out

    def _conditions(self, prov: Provision) -> list[Node]:
        """How the checker decides, element by element: conditions over the scenario facts. Facilitator edition
        only (with the facts tables it would let participants compute every answer key), marked for authors."""
        if not state.facilitator(self.env):
            return []
        box = nodes.container(classes=["ibsa-facilitator-note", "ibsa-for-authors"])
        box += self.section("How the checker decides (facilitator edition, for authors)",
                            "Each element as a condition over the facts of a scenario.",
                            markup.table(["", "Condition"],
                                         [(i, f"`{self.corpus.expressions.get((prov.id, e.id), '?')}`")
                                          for i, e in enumerate(prov.elements, 1)]))
        return [box]

    def _source_section(self, prov: Provision, inst: Instrument | None) -> list[Node]:
        """The official text for readers; the copy read, and the notes on reading it, for facilitators."""
        src = prov.source
        official = sources.official_url(src, self.corpus.policy, inst.jurisdiction if inst else "")
        body = [f"**Official text:** {_source(src, official)}. Last checked {describe.day(src.checked)}."]
        if state.facilitator(self.env):
            notes = [f"Verified against: {read}." for read in [_evidence(src, official)] if read]
            notes += [f"**Notes.** {cite_ids(self.corpus, prov.notes)}"] if prov.notes and prov.verified else []
            if notes:
                # what was read and how the entry models it: for authors and reviewers, in their own words
                box = nodes.container(classes=["ibsa-facilitator-note", "ibsa-for-authors"])
                box += self.section("How this entry was verified (facilitator edition)", *notes)
                return [self.section("Source", *body), box]
        return [self.section("Source", *body)]

    def _basis(self, src: Source, inst: Instrument | None) -> str:
        official = sources.official_url(src, self.corpus.policy, inst.jurisdiction if inst else "")
        # a threshold's title is the legal citation that sets it (shown); its address follows the source rule
        # (no address at all when none is official: the provision's own source says whether one was confirmed)
        parts = [markup.cell(src.title) if src.title else "", _source(src, official) if official else ""]
        return "; ".join([*filter(None, parts), f"last checked {describe.day(src.checked)}"])

    def _used_by(self, prov: Provision) -> list[Node]:
        rows = []
        for s in sorted(self.corpus.scenarios.values(), key=lambda s: s.id):
            units = [unit for _, unit, _ in s.answer_key.units()]
            role = ("applies" if any(a.provision == prov.id for u in units for a in u.applicable) else
                    "applies if the crime cannot be proved" if any(a.provision == prov.id for u in units
                                                                  for a in u.fallback) else
                    "tempting, does not apply" if any(a.provision == prov.id for u in units
                                                      for a in u.not_applicable) else
                    "time limit" if any(d.provision == prov.id for d in s.answer_key.deadlines) else None)
            if role:
                rows.append((markup.doc_link(state.scenario_doc(s.id), s.title), role))
        box = nodes.container(classes=["ibsa-facilitator-note"])
        box += self.section("Scenarios that use it (facilitator edition)",
                            markup.table(["Scenario", "Role in the answer key"], rows) if rows else "None yet.")
        return [box]


def _source(src: Source, official: str | None) -> str:
    """Readers see the official address only, named by its host (a `title` may describe the copy read);
    with none, the page says so plainly."""
    if official:
        return f"[{urlsplit(official).hostname}]({official})"
    why = f" ({markup.cell(src.official_unavailable.rstrip('.'))})" if src.official_unavailable else ""
    return f"no official address could be confirmed{why}"


def _evidence(src: Source, official: str | None) -> str:
    """What was actually read to verify the entry (facilitator edition): the title, the stored copy, and an
    unofficial page if one was read."""
    read = [markup.cell(src.title)] if src.title else []
    read += [f"`{src.stored_copy}`"] if src.stored_copy else []
    if src.url and src.url != official:
        read.append(f"<{src.url}>")
    return "; ".join(read)


class ScenarioPage(_PageDirective):
    def run(self) -> list[Node]:
        sc = self.corpus.scenarios.get(self.arguments[0])
        if sc is None:
            return self.error(f"unknown scenario '{self.arguments[0]}'")
        self.depend_on_data()
        out: list[Node] = [*self._content_notes(sc), *self._running(sc), *self._meta(sc),
                           self.section("What happened", sc.narrative), *self._parties(sc), *self._facts(sc)]
        if sc.timeline:
            out.append(self.section("Timeline", markup.table(
                ["Date", "Event", "Note"],
                [(describe.moment(e.date, e.time), describe.initial_cap(describe.event(e.event, self.corpus.events)),
                  e.note or "") for e in sc.timeline])))
        if sc.roleplay:
            out.append(self._roleplay(sc))
        out.append(self.section("Tasks", "".join(f"{i}. {t.text}\n" for i, t in enumerate(sc.tasks, 1)),
                                *(f":::{{dropdown}} Hint\n{hint}\n:::\n" for hint in sc.hints)))
        if state.facilitator(self.env):
            out += self._answer_key(sc)
        return out

    def _meta(self, sc: Scenario) -> list[Node]:
        objectives = self.corpus.objectives()
        links = [markup.doc_link(objectives[o].docname, objectives[o].title) for o in sc.objectives
                 if o in objectives]
        places = ", ".join(describe.JURISDICTIONS[j] for j in sc.jurisdictions)
        return self.parse(f"**Incident date:** {describe.day(sc.incident_date)} · "
                          f"**{'Judged under' if len(sc.jurisdictions) > 1 else 'Jurisdiction'}:** {places} · "
                          f"**For:** {tracks(sc.tracks)}\n\n**Practises:** {', '.join(dict.fromkeys(links))}")

    def _content_notes(self, sc: Scenario) -> list[Node]:
        """The content note of each module the scenario practises, so a page opened from a direct link warns
        before the narrative does."""
        out: list[Node] = []
        for module in scenario_modules(self.corpus, sc):
            note = nodes.admonition(classes=["ibsa-content-note", "caution"])
            note += nodes.title(text="Content note")
            note += nodes.paragraph(text=module.content_note)
            out.append(note)
        return out

    def _running(self, sc: Scenario) -> list[Node]:
        """Facilitator edition: how to run the exercise, first on the page (before the narrative and answers)."""
        if not state.facilitator(self.env):
            return []
        facts = [("Kind", scenario_kind(sc)),
                 ("Duration", f"{sc.duration} minutes" if sc.duration else "not set yet")]
        if sc.roleplay:
            facts.append(("Roles", "; ".join(markup.cell(r.title) + (" (briefing on the participants' page)"
                                                                     if r.shown_to == "everyone" else "")
                                             for r in sc.roleplay.roles)))
        note = nodes.container(classes=["ibsa-facilitator-note", "ibsa-running"])
        note += self.section("Running this exercise", markup.table(["", ""], facts), *self._pack_link(sc),
                             *([sc.facilitator_notes] if sc.facilitator_notes else []))
        return [note]

    @staticmethod
    def _pack_link(sc: Scenario) -> list[Node]:
        """A link to the role-play pack: printed from there, the page prints only the role cards (one per sheet)
        and the observer checklist, without the answer key (ibsa-facilitator.css)."""
        if not sc.roleplay:
            return []
        para = nodes.paragraph()
        para += nodes.Text("To print the handouts, open ")
        para += nodes.reference("", "the role-play pack", refuri="#role-play-pack", internal=True)
        para += nodes.Text(" and print: one role card per sheet and the observer checklist, without the answer key.")
        return [para]

    def _parties(self, sc: Scenario) -> list[Node]:
        if not sc.parties:
            return []
        return [self.section("The people in this case", markup.table(
            ["Who", "Role"], [(p.label, "suspect" if p.role == "suspect" else "person harmed") for p in sc.parties]))]

    def _facts(self, sc: Scenario) -> list[Node]:
        """The structured facts: participants see them only in a drill on given facts (`show_facts`), since
        they are the analysis the tasks ask for; the facilitator edition shows them as what the key relies on."""
        if not (sc.show_facts or state.facilitator(self.env)):
            return []
        table = markup.table(["Fact", "In this scenario"],
                             [(fact_words(self.corpus, n), _value(v)) for n, v in sc.facts.items()])
        if sc.show_facts:
            return [self.section("The facts", table)]
        box = nodes.container(classes=["ibsa-facilitator-note"])
        box += self.section("The facts the answer key relies on",
                            "Not shown to participants: establishing these facts is what the tasks ask for.", table)
        return [box]

    def _roleplay(self, sc: Scenario) -> nodes.section:
        """Participants see the interviewer's briefing; the facilitator edition adds every role card, one per
        printed page, and the observer checklist tied to the lesson objectives."""
        assert sc.roleplay is not None
        public = [r for r in sc.roleplay.roles if r.shown_to == "everyone"]
        parts: list[Node | str] = [
            "A role-play. The facilitator hands out the other role cards; do not read them before you play.",
            *(self.section(f"Your briefing: {r.title}", r.briefing) for r in public)]
        if state.facilitator(self.env):
            objectives = self.corpus.objectives()
            box = nodes.container(classes=["ibsa-role-cards"], ids=["role-play-pack"])
            box += self.section("Role cards (facilitator edition)", *(
                f":::{{card}} Role card: {markup.cell(r.title)}\n:class-card: ibsa-role-card\n\n{r.briefing}\n:::\n"
                for r in sc.roleplay.roles))
            checklist = self.section("Observer checklist", markup.table(
                ["Seen?", "What to look for", "Objective"],
                [("☐", c.text, markup.doc_link(objectives[c.objective].docname, objective_text(self.corpus,
                  c.objective)) if c.objective in objectives else "") for c in sc.roleplay.checklist]))
            checklist["classes"].append("ibsa-role-checklist")  # printed on its own sheet
            box += checklist
            parts.append(box)
        return self.section("Role-play", *parts)

    def _draft(self, sc: Scenario) -> nodes.section:
        """A model draft offence: its elements as conditions over the facts, and the fact patterns the checker
        tested it on."""
        draft = sc.answer_key.draft
        assert draft is not None
        conditions = nodes.container(classes=["ibsa-for-authors"])
        conditions += self.parse(markup.table(
            ["", "Condition over the facts (for authors)"],
            [(i, f"`{self.corpus.expressions.get((loaders.draft_key(sc.id), e.id), '?')}`")
             for i, e in enumerate(draft.elements, 1)]))
        return self.section(
            "A model draft offence",
            markup.table(["", "What must be shown"], [(i, e.label) for i, e in enumerate(draft.elements, 1)]),
            conditions,
            f"Checked by machine: it catches this scenario and {_scenario_links(self.corpus, draft.covers)}; it "
            f"leaves alone {_scenario_links(self.corpus, draft.excludes)}.")

    def _applies(self, unit: Findings, where: set[str] | None) -> list[Node]:
        """The applicable, fallback and tempting provisions of one answer, in one jurisdiction (all, if `where`
        is None)."""
        def mine(pid: str) -> bool:
            return where is None or analysis.jurisdiction_of(self.corpus, pid) in where

        def reasoned(a: Applicable, lead: str = "") -> str:
            return f"**{{prov}}`{a.provision}`**{lead}\n\n" + markup.table(
                ["Element", "Facts relied on", "Reasoning"],
                [(self._element(a.provision, r.element), self._fact_list(r.facts), r.text) for r in a.reasoning])

        def gives_way(a: Applicable) -> str:
            prov = self.corpus.provisions.get(a.provision)
            return " gives way to " + ", ".join(f"{{prov}}`{y}`" for y in (prov.yields_to if prov else [])) + "."

        applies = [reasoned(a) for a in unit.applicable if mine(a.provision)]
        out: list[Node] = [self.section("Provisions that apply", *(applies or ["None."]))]
        fallbacks = [reasoned(a, gives_way(a)) for a in unit.fallback if mine(a.provision)]
        if fallbacks:
            out.append(self.section(
                "Only if the crime cannot be proved",
                "These hold on their elements, but an administrative penalty is imposed only where the act is not a "
                "crime. They are the route if the crime they give way to cannot be proved.", *fallbacks))
        tempting = [n for n in unit.not_applicable if mine(n.provision)]
        if tempting:
            out.append(self.section("Tempting, but does not apply", markup.table(
                ["Provision", "Facts", "Why not"],
                [(f"{{prov}}`{n.provision}`", self._fact_list(n.facts), n.reason) for n in tempting])))
        return out

    def _element(self, pid: str, element: str) -> str:
        prov = self.corpus.provisions.get(pid)
        return next((e.label for e in prov.elements if e.id == element), element) if prov else element

    def _fact_list(self, names: list[str]) -> str:
        return "; ".join(fact_words(self.corpus, n).rstrip(".") for n in names)

    def _unit(self, sc: Scenario, unit: Findings) -> list[Node]:
        if len(sc.jurisdictions) > 1:
            return [self.section(f"Under the law of {describe.JURISDICTIONS[j]}", *self._applies(unit, {j}))
                    for j in sc.jurisdictions]
        return self._applies(unit, None)

    def _versions(self, sc: Scenario) -> list[Node]:
        """Which version of a revised provision governs, as the judgement worked it out."""
        found = judgement.judge(self.corpus, sc).by_suspect.values()
        lines = [_cite(self.corpus, v.why) for verdict in found for v in verdict.versions]
        lines += [f"{{prov}}`{q.at_act}` was the law when the act was done. "
                  + " ".join(f"{{prov}}`{pid}` came into force on {describe.day(day)}." for pid, day in q.later)
                  + " If the case is decided after that, the lighter of the two applies; the scenario does not say "
                  "when it is decided." for verdict in found for q in verdict.open_questions]
        lines = list(dict.fromkeys(lines))
        if not lines:
            return []
        return [self.section("Which version applies", "".join(f"- {line}\n" for line in lines))]

    def _answer_key(self, sc: Scenario) -> list[Node]:
        ak = sc.answer_key
        labels = {p.id: p.label for p in sc.parties}
        parts: list[Node] = []
        for party, unit, _ in ak.units():
            if party is None:
                parts += self._unit(sc, unit)
            else:
                parts.append(self.section(f"{labels.get(party, party)}: what can be charged",
                                          *self._unit(sc, unit)))
        parts += self._versions(sc)
        if ak.deadlines:
            parts.append(self.section("Time limits", markup.table(
                ["Provision", "Due", "Note"],
                [(f"{{prov}}`{d.provision}`", describe.moment(d.due, d.due_time), _met(d.met) + (d.text or ""))
                 for d in ak.deadlines])))
        if ak.draft:
            parts.append(self._draft(sc))
        parts.append(self.section("Model answers", "".join(f"{i}. {a.answer}\n" for i, a in enumerate(ak.tasks, 1))))
        box = nodes.container(classes=["ibsa-answer-key"])
        box += self.section("Answer key", *parts)
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
    return "role-play" if sc.roleplay else "drafting" if sc.answer_key.draft else "analysis"


_PROVISION_ID = re.compile(r"\b[A-Z]{2,3}-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _cite(corpus: Corpus, text: str) -> str:
    """An explanation from the judgement, for readers: provision ids become citations, ISO dates become days."""
    text = _PROVISION_ID.sub(lambda m: f"{{prov}}`{m[0]}`" if m[0] in corpus.provisions else m[0], text)
    return _ISO_DAY.sub(lambda m: describe.day(dt.date(int(m[1]), int(m[2]), int(m[3]))), text)


def _scenario_links(corpus: Corpus, ids: list[str]) -> str:
    return ", ".join(markup.doc_link(state.scenario_doc(i), corpus.scenarios[i].title) for i in ids
                     if i in corpus.scenarios) or "none"


def _met(met: bool | None) -> str:
    return "" if met is None else "Met. " if met else "Missed. "


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
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


def _jump_list(corpus: Corpus, jurisdictions: list[str]) -> str:
    return "**Jump to:** " + " · ".join(f"[{describe.JURISDICTIONS.get(j, j)}](#{_anchor(j)})"
                                           for j in jurisdictions) + "\n"


def _anchor(jurisdiction: str) -> str:
    return nodes.make_id(describe.JURISDICTIONS.get(jurisdiction, jurisdiction))


class CatalogueIndex(CorpusDirective):
    """The catalogue by jurisdiction (mainland China first), then by instrument."""

    def run(self) -> list[Node]:
        places = jurisdictions_present(self.corpus)
        out = self.parse("See also the {doc}`charge finder </catalogue/charge-finder>`.\n\n"
                         + _jump_list(self.corpus, places))
        for where in places:
            parts: list[Node | str] = []
            for iid, inst in sorted(self.corpus.instruments.items(), key=lambda kv: kv[0]):
                provs = [p for p in provisions_in_order(self.corpus) if p.instrument == iid]
                if inst.jurisdiction == where and provs:
                    parts.append(self.section(inst.title.en, inst.title.original or inst.title.zh or "",
                                              provision_table(provs)))
            out.append(self.section(describe.JURISDICTIONS.get(where, where), *parts))
        docs = ["catalogue/charge-finder", *(state.provision_doc(p.id) for p in provisions_in_order(self.corpus))]
        return out + self.parse(_toc(docs))


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
                         f"{s.duration} min" if s.duration else "—",
                         "; ".join(m.title for m in modules) or "—", tracks(s.tracks),
                         ", ".join(describe.JURISDICTIONS.get(j, j) for j in s.jurisdictions)))
        table = nodes.container(classes=["ibsa-filter-table"])
        table += self.parse(markup.table(["Scenario", "Kind", "Duration", "Module", "For", "Jurisdiction"], rows))
        return [table, *self.parse(_toc(state.scenario_doc(s.id) for s in scenarios))]


class ChargeFinder(CorpusDirective):
    """Facts to candidate provisions, by jurisdiction with mainland China first (ibsa.analysis.finder decides
    what goes where)."""

    option_spec = {"jurisdiction": lambda x: x.strip()}  # noqa: RUF012 - docutils API

    def run(self) -> list[Node]:
        self.depend_on(*sorted({p.path for p in self.corpus.provisions.values()}))
        only = self.options.get("jurisdiction")
        places = [only] if only else [j for j in jurisdictions_present(self.corpus)
                                      if analysis.finder(self.corpus, j)]
        out: list[Node] = [] if only else self.parse(_jump_list(self.corpus, places))
        for where in places:
            out.append(self.section(describe.JURISDICTIONS.get(where, where), *self._tables(where)))
        return out

    def _tables(self, where: str) -> list[Node]:
        rows = []
        for fact, pids in analysis.finder(self.corpus, where):
            label = fact_words(self.corpus, fact) if fact else "Consider on any facts"
            rows.append((label, "; ".join(f"{{prov}}`{pid}` ({describe.period(self.corpus.provisions[pid].in_force)})"
                                          for pid in pids)))
        thresholds = [(f"{{prov}}`{p.id}`", _threshold(t), fact_words(self.corpus, t.fact), f"{t.value:,}")
                      for p in provisions_in_order(self.corpus) for t in p.thresholds
                      if analysis.jurisdiction_of(self.corpus, p.id) == where]
        out = [self.section(f"From a fact to candidate provisions ({describe.JURISDICTIONS.get(where, where)})",
                            markup.table(["Fact", "Candidates"], rows))]
        if thresholds:
            out.append(self.section(f"What to count: numeric thresholds ({describe.JURISDICTIONS.get(where, where)})",
                                    markup.table(["Provision", "Threshold", "Fact counted", "At least"], thresholds)))
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
