"""Generated pages: one per provision and one per scenario, plus their indexes.

At builder-inited a short stub (a heading and one directive) is written for each
catalogue entry, scenario and printable tool into catalogue/, scenarios/ and tools/ (generated, not
committed), the way autosummary writes its stubs; the directives below render
them from the corpus.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ibsa import analysis, describe, judgement, loaders, sources
from ibsa.loaders import Corpus
from ibsa.model import Applicable, Findings, Instrument, Provision, Scenario, Source
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


def write_stubs(srcdir: Path, corpus: Corpus) -> None:
    wanted: dict[str, dict[str, str]] = {
        "catalogue": {pid: f"# {describe.citation(p, corpus.instruments.get(p.instrument))}: {p.title.en}\n\n"
                                f"```{{provision}} {pid}\n```\n" for pid, p in corpus.provisions.items()},
        "scenarios": {sid: f"# {s.title}\n\n```{{scenario}} {sid}\n```\n" for sid, s in corpus.scenarios.items()},
        "tools": {tid: f"# {t.title}\n\n```{{tool}} {tid}\n```\n" for tid, t in corpus.tools.items()},
    }
    for folder, pages in wanted.items():
        out = srcdir / folder
        out.mkdir(exist_ok=True)
        for stale in out.glob("*.md"):
            if stale.stem not in ("index", "charge-finder") and stale.stem not in pages:
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
            notes = f" {prov.notes}" if prov.notes and state.facilitator(self.env) else ""
            warn += nodes.paragraph(text="Not verified: the text of this provision could not be checked. "
                                         "Treat it as a lead, not as law." + notes)
            out.append(warn)
        out += self.parse(prov.summary)
        replaced_by = [p for p in self.corpus.provisions.values() if p.replaces == prov.id]
        facts = [
            ("Instrument", f"{inst.title.en} ({inst.title.original or inst.title.zh or ''})" if inst else
             prov.instrument),
            ("Article", prov.article + (f" — {prov.title.zh}" if prov.title.zh else "")),
            ("Kind", prov.kind.value.replace("_", " ")),
            ("In force", describe.period(prov.in_force)),
        ]
        if prov.replaces:
            facts.append(("Replaces", markup.doc_link(state.provision_doc(prov.replaces), prov.replaces)))
        for newer in replaced_by:
            facts.append(("Replaced by", markup.doc_link(state.provision_doc(newer.id), newer.id)))
        if prov.deadline:
            facts.append(("Time limit", describe.time_limit(prov.deadline)))
        out += self.parse(markup.table(["", ""], facts))
        if prov.elements:
            out.append(self.section(
                "Points to prove",
                "Every element must hold for the provision to apply. The evidence column lists what typically "
                "proves an element; the gaps column, what commonly goes wrong.",
                markup.table(["Element", "What must be shown", "Typical evidence", "Common gaps"],
                             [(e.id, e.label, markup.items(e.evidence), markup.items(e.gaps))
                              for e in prov.elements]),
                self.section("Each element as a condition",
                             "Each element as a condition over the facts of a scenario (see the fact vocabulary "
                             "in the charge finder).",
                             markup.table(["Element", "Condition"],
                                          [(e.id, f"`{self.corpus.expressions.get((prov.id, e.id), '?')}`")
                                           for e in prov.elements]))))
        if prov.thresholds:
            out.append(self.section("Thresholds", markup.table(
                ["Threshold", "Fact", "Value", "Set by"],
                [(t.label or t.id, t.fact, f"{t.value:,}", self._basis(t.basis, inst) if t.basis else "")
                 for t in prov.thresholds])))
        if prov.penalty:
            tiers = [(t.label, describe.tier(t, prov.penalty.currency)) for t in prov.penalty.tiers]
            out.append(self.section("Penalty", markup.table(["Circumstances", "Penalty"], tiers),
                                    *([prov.penalty.note] if prov.penalty.note else [])))
        out += self._source_section(prov, inst)
        out.append(self.section("Lessons that cite it", refs.cited_by(provision=prov.id)))
        if state.facilitator(self.env):
            out += self._used_by(prov)
        return out

    def _source_section(self, prov: Provision, inst: Instrument | None) -> list[Node]:
        """The official text for readers; the copy read, and the notes on reading it, for facilitators."""
        src = prov.source
        official = sources.official_url(src, self.corpus.policy, inst.jurisdiction if inst else "")
        body = [f"**Official text:** {_source(src, official)}. Last checked {describe.day(src.checked)}."]
        if state.facilitator(self.env):
            notes = [f"Verified against: {read}." for read in [_evidence(src, official)] if read]
            notes += [f"**Notes.** {prov.notes}"] if prov.notes and prov.verified else []
            if notes:
                box = nodes.container(classes=["ibsa-facilitator-note"])
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
        objectives = self.corpus.objectives()
        links = [markup.doc_link(objectives[o].docname, objectives[o].title) for o in sc.objectives
                 if o in objectives]
        places = ", ".join(describe.JURISDICTIONS[j] for j in sc.jurisdictions)
        out = self.parse(f"**Incident date:** {describe.day(sc.incident_date)} · "
                         f"**{'Judged under' if len(sc.jurisdictions) > 1 else 'Jurisdiction'}:** {places} · "
                         f"**For:** {tracks(sc.tracks)}\n\n**Practises:** {', '.join(dict.fromkeys(links))}")
        out.append(self.section("What happened", sc.narrative))
        if sc.parties:
            out.append(self.section("The people in this case", markup.table(
                ["Who", "Role"], [(p.label, "suspect" if p.role == "suspect" else "person harmed")
                                  for p in sc.parties])))
        out.append(self.section("The facts", markup.table(
            ["Fact", "In this scenario"],
            [(self.corpus.facts[n].definition if n in self.corpus.facts else n, _value(v))
             for n, v in sc.facts.items()])))
        if sc.timeline:
            out.append(self.section("Timeline", markup.table(
                ["Date", "Event", "Note"],
                [(describe.moment(e.date, e.time), e.event.replace("_", " "), e.note or "") for e in sc.timeline])))
        if sc.roleplay:
            out.append(self._roleplay(sc))
        out.append(self.section("Tasks", "".join(f"{i}. {t.text}\n" for i, t in enumerate(sc.tasks, 1)),
                                *(f":::{{dropdown}} Hint\n{hint}\n:::\n" for hint in sc.hints)))
        if state.facilitator(self.env):
            out += self._answer_key(sc)
        return out

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
            box = nodes.container(classes=["ibsa-role-cards"])
            box += self.section("Role cards (facilitator edition)", *(
                f":::{{card}} Role card: {markup.cell(r.title)}\n:class-card: ibsa-role-card\n\n{r.briefing}\n:::\n"
                for r in sc.roleplay.roles))
            box += self.section("Observer checklist", markup.table(
                ["Seen?", "What to look for", "Objective"],
                [("☐", c.text, markup.doc_link(objectives[c.objective].docname, c.objective)
                  if c.objective in objectives else c.objective) for c in sc.roleplay.checklist]))
            parts.append(box)
        return self.section("Role-play", *parts)

    def _draft(self, sc: Scenario) -> nodes.section:
        """A model draft offence: its elements as conditions over the facts, and the fact patterns the checker
        tested it on."""
        draft = sc.answer_key.draft
        assert draft is not None
        rows = [(e.id, e.label, f"`{self.corpus.expressions.get((loaders.draft_key(sc.id), e.id), '?')}`")
                for e in draft.elements]
        return self.section(
            "A model draft offence", markup.table(["Element", "What must be shown", "Condition over the facts"], rows),
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
                [(r.element, ", ".join(r.facts), r.text) for r in a.reasoning])

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
                [(f"{{prov}}`{n.provision}`", ", ".join(n.facts), n.reason) for n in tempting])))
        return out

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
                parts.append(self.section(f"What {labels.get(party, party)} can be charged with",
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
        out: list[Node] = [box]
        if sc.facilitator_notes:
            note = nodes.container(classes=["ibsa-facilitator-note"])
            note += self.section("Running this exercise", sc.facilitator_notes)
            out.append(note)
        return out


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


class CatalogueIndex(CorpusDirective):
    def run(self) -> list[Node]:
        out = self.parse("See also the {doc}`charge finder </catalogue/charge-finder>`.")
        for iid, inst in sorted(self.corpus.instruments.items(), key=lambda kv: (kv[1].jurisdiction, kv[0])):
            provs = [p for p in self.corpus.provisions.values() if p.instrument == iid]
            out.append(self.section(inst.title.en, inst.title.original or inst.title.zh or "",
                                    provision_table(provs)))
        docs = ["catalogue/charge-finder", *(state.provision_doc(p) for p in sorted(self.corpus.provisions))]
        return out + self.parse(_toc(docs))


class ScenarioIndex(CorpusDirective):
    def run(self) -> list[Node]:
        scenarios = sorted(self.corpus.scenarios.values(), key=lambda s: (s.incident_date, s.id))
        text = markup.table(["Scenario", "Incident date", "For"],
                            [(markup.doc_link(state.scenario_doc(s.id), s.title), describe.day(s.incident_date),
                              tracks(s.tracks)) for s in scenarios])
        return self.parse(text + _toc(state.scenario_doc(s.id) for s in scenarios))


class ChargeFinder(CorpusDirective):
    """Facts to candidate provisions, from the analysis index (ibsa.analysis.finder decides what goes where)."""

    option_spec = {"jurisdiction": lambda x: x.strip()}  # noqa: RUF012 - docutils API

    def run(self) -> list[Node]:
        self.depend_on(*sorted({p.path for p in self.corpus.provisions.values()}))
        jurisdiction = self.options.get("jurisdiction")
        rows = []
        for fact, pids in analysis.finder(self.corpus, jurisdiction):
            label = self.corpus.facts[fact].definition if fact in self.corpus.facts else "Consider on any facts"
            rows.append((label, f"`{fact}`" if fact else "",
                         "; ".join(f"{{prov}}`{pid}` ({describe.period(self.corpus.provisions[pid].in_force)})"
                                   for pid in pids)))
        thresholds = [(f"{{prov}}`{p.id}`", t.label or t.id, t.fact, f"{t.value:,}")
                      for p in sorted(self.corpus.provisions.values(), key=lambda p: p.id) for t in p.thresholds
                      if jurisdiction is None or p.id.startswith(jurisdiction + "-")]
        return [self.section("From a fact to candidate provisions", markup.table(["Fact", "Name", "Candidates"], rows)),
                self.section("What to count: numeric thresholds", markup.table(
                    ["Provision", "Threshold", "Fact counted", "At least"], thresholds))]


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
