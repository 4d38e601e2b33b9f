"""Printable tools, the referral map, process flowcharts and the cross-jurisdiction comparisons.

Rendering only: what goes in each table comes from the corpus (ibsa.compare decides the comparisons).
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.ext.graphviz import GraphvizError, graphviz, render_dot
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from ibsa import compare, describe
from ibsa.model import Conduct, Provision, Tool
from ibsa.sphinxext import glossary, markup, pages, refs
from ibsa.sphinxext.directives import CorpusDirective, tracks

CONDUCT_NAMES = {
    Conduct.FILMING: "Filming or recording without consent",
    Conduct.SHARING: "Sharing intimate images without consent",
    Conduct.THREATENING: "Threatening to share",
    Conduct.DEEPFAKE_CREATION: "Creating sexual deepfakes",
    Conduct.DEEPFAKE_SHARING: "Sharing sexual deepfakes",
    Conduct.POSSESSION_VIEWING: "Possessing, buying or viewing",
    Conduct.PLATFORM_REMOVAL: "Platform duties to remove",
}
KIND_NAMES = {"police": "police", "legal": "legal advice", "legal_aid": "legal aid", "counselling": "counselling",
              "medical": "medical care", "shelter": "shelter", "digital_security": "digital security",
              "removal": "image removal", "reporting": "reporting content", "hotline": "help line",
              "child_protection": "child protection"}


def _words(value: str) -> list[str]:
    return value.split()


def tool_doc(tid: str) -> str:
    return f"tools/{tid}"


# --------------------------------------------------------------- printable tools


class ToolPage(CorpusDirective):
    """One printable tool (an A4 page: the print stylesheet drops the navigation)."""

    required_arguments = 1

    def run(self) -> list[Node]:
        tool = self.corpus.tools.get(self.arguments[0])
        if tool is None:
            return self.error(f"unknown tool '{self.arguments[0]}'")
        self.depend_on(tool.path)
        box = nodes.container(classes=["ibsa-tool", f"ibsa-tool-{tool.kind}"])
        box += self.parse(f"**For:** {tracks(tool.tracks)}\n\n{tool.purpose}")
        match tool.kind:
            case "checklist":
                for section in tool.sections:
                    box += self.section(section.title, markup.table(["Done", "Item", "Rule"], [
                        ("☐", item.text, self._why(item.provision)) for item in section.items]))
            case "log":
                box += self._log(tool)
            case "letter":
                box += self.parse(tool.body or "")
        return [box]

    def _why(self, pid: str | None) -> str:
        """The rule behind an item and its time limit, short enough for a narrow printed column (the item's own
        words say what the time runs from; the fact an item records is its question, never its name)."""
        if not pid or pid not in self.corpus.provisions:
            return "—"
        self.depend_on(self.corpus.provisions[pid].path)
        limit = self.corpus.provisions[pid].deadline
        return f"{{prov}}`{pid}`" + (f" (time limit: {describe.deadline(limit)})" if limit else "")

    @staticmethod
    def _log(tool: Tool) -> nodes.table:
        """A blank log with the columns' widths fixed, so it fits the page instead of being cut."""
        table = nodes.table(classes=["colwidths-given", "ibsa-log"])
        group = nodes.tgroup(cols=len(tool.columns))
        table += group
        for column in tool.columns:
            group += nodes.colspec(colwidth=column.width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        row = nodes.row()
        for column in tool.columns:
            row += nodes.entry("", nodes.paragraph(text=column.label))
        head += row
        for _ in range(tool.rows):
            row = nodes.row()
            for _column in tool.columns:
                row += nodes.entry("", nodes.paragraph(text="\u00a0"))
            body += row
        return table


class ToolIndex(CorpusDirective):
    def run(self) -> list[Node]:
        tools = sorted(self.corpus.tools.values(), key=lambda t: t.title)
        self.depend_on(*(t.path for t in tools))
        text = markup.table(["Tool", "Kind", "For"], [(markup.doc_link(tool_doc(t.id), t.title), t.kind,
                                                       tracks(t.tracks)) for t in tools])
        toc = "\n```{toctree}\n:hidden:\n\n" + "".join(f"/{tool_doc(t.id)}\n" for t in tools) + "```\n"
        return self.parse(text + toc)


# ------------------------------------------------------------------ referrals


class ReferralMap(CorpusDirective):
    """The referral directory, filtered by region and kind of help."""

    option_spec = {"region": _words, "kinds": _words}  # noqa: RUF012 - docutils API

    def run(self) -> list[Node]:
        regions, kinds = self.options.get("region"), self.options.get("kinds")
        chosen = [s for s in self.corpus.services if (regions is None or s.region in regions)
                  and (kinds is None or set(kinds) & set(s.kinds))]
        if not chosen:
            return self.error("referral-map selects no service")
        self.depend_on(self.corpus.where["referrals"][0])
        rows = [(f"**{s.name.en}**" + (f" ({s.name.zh or s.name.original})" if s.name.zh or s.name.original else ""),
                 s.contact + (f"; {s.hours}" if s.hours else ""), s.scope + f" Run by {s.runs_it}.",
                 ", ".join(KIND_NAMES[k] for k in s.kinds),
                 f"{s.confidence}; [{markup.cell(s.source.title or s.source.url or '')}]({s.source.url}), checked "
                 f"{describe.day(s.source.checked)}" if s.source.url else f"{s.confidence}; checked "
                 f"{describe.day(s.source.checked)}")
                for s in chosen]
        return self.parse(markup.table(["Service", "Contact and hours", "Scope", "Help offered", "Source"], rows)
                          + "\nNumbers change. Before a printed edition, a person should call each one; the "
                          "source column says when each entry was last checked.\n")


# ------------------------------------------------------------ process flowcharts


class ProcessFlow(CorpusDirective):
    """A flowchart of the time limits set by the named instruments: each deadline with a `to_event`
    is an arrow from the event it runs from to the act it requires. Rendered by sphinx.ext.graphviz at
    build time (no external service), with the same steps as a table for screen readers and print."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[Node]:
        wanted = self.arguments[0].split()
        unknown = [i for i in wanted if i not in self.corpus.instruments]
        if unknown:
            return self.error(f"process-flow: unknown instrument(s) {', '.join(unknown)}")
        steps = [p for p in sorted(self.corpus.provisions.values(), key=lambda p: p.id)
                 if p.instrument in wanted and p.deadline and p.deadline.to_event]
        if not steps:
            return self.error("process-flow: the instruments set no time limit with a 'to_event'")
        self.depend_on(*sorted({p.path for p in steps}))
        events = list(dict.fromkeys(e for p in steps for e in (p.deadline.from_event, p.deadline.to_event)))
        lines = ["digraph flow {", '  rankdir=TB; node [shape=box, style="rounded", fontname="sans-serif"];',
                 '  edge [fontname="sans-serif", fontsize=10];']
        lines += [f'  {e} [label="{describe.event(e).capitalize()}"];' for e in events]
        for p in steps:
            assert p.deadline is not None
            cite = describe.citation(p, self.corpus.instruments.get(p.instrument))
            label = f"{cite}\\n{describe.deadline(p.deadline)}"
            lines.append(f'  {p.deadline.from_event} -> {p.deadline.to_event} [label="{label}"];')
        lines.append("}")
        chart = graphviz()
        chart["code"] = "\n".join(lines)
        chart["options"] = {"docname": self.env.docname}
        chart["alt"] = "Flowchart of the procedural time limits; the table below gives the same steps."
        chart["classes"] = ["ibsa-flow"]
        for p in steps:
            refs.note_citation(self.env, p.id)
        events = self.corpus.events
        table = markup.table(["From when", "What must happen", "Time limit", "Rule"], [
            (describe.initial_cap(describe.event(p.deadline.from_event, events)),
             describe.initial_cap(describe.event(p.deadline.to_event or "", events)),
             describe.deadline(p.deadline), f"{{prov}}`{p.id}`") for p in steps if p.deadline])
        return [chart, *self.parse(table)]


def visit_graphviz_html(self: HTML5Translator, node: graphviz) -> None:
    """An SVG flowchart as <img> with alt text (sphinx.ext.graphviz writes an <object>, which screen readers and
    axe's object-alt rule find unlabelled)."""
    try:
        fname, _ = render_dot(self, node["code"], node["options"], "svg", "graphviz")
    except GraphvizError as exc:
        logging.getLogger(__name__).warning("flowchart could not be drawn: %s", exc, location=node)
        raise nodes.SkipNode from exc
    classes = " ".join(["graphviz", *node.get("classes", [])])
    self.body.append(f'<div class="graphviz"><img src="{fname.as_posix() if fname else ""}" '
                     f'alt="{self.attval(node.get("alt", ""))}" class="{classes}" /></div>\n')
    raise nodes.SkipNode


# ---------------------------------------------------------------- comparisons


def _conducts(value: str) -> list[Conduct]:
    try:
        return [Conduct(v) for v in value.split()]
    except ValueError as exc:
        raise ValueError(f"{exc}; expected some of {', '.join(c.value for c in Conduct)}") from exc


UNVERIFIED = " (unverified)"


def _stage(p: Provision, on: dt.date) -> str:
    """The status cell: adopted, in force, or in force but applying only later (compare.stage decides)."""
    st, day = compare.stage(p, on)
    if st is compare.Stage.ADOPTED:
        return f"adopted {describe.day(day)}; not in force"
    if st is compare.Stage.NOT_YET:
        return f"in force from {describe.day(day)}"
    if st is compare.Stage.APPLIES_LATER:
        return f"in force from {describe.day(p.in_force.from_)}; applies from {describe.day(day)}"
    return f"in force from {describe.day(day)}"


class _Compare(CorpusDirective):
    option_spec = {"conduct": _conducts, "jurisdictions": _words, "on": directives.unchanged}  # noqa: RUF012

    def jurisdictions(self) -> list[str]:
        return self.options.get("jurisdictions") or list(describe.JURISDICTIONS)

    def on(self) -> dt.date:
        # the comparison date is fixed in the page, not taken from the clock, so builds are reproducible
        return dt.date.fromisoformat(self.options.get("on", "2026-11-25"))


class ComparisonTable(_Compare):
    """For each kind of conduct: each jurisdiction's provisions, their maximum penalty and date in force."""

    def run(self) -> list[Node]:
        on, wanted = self.on(), self.jurisdictions()
        table = compare.comparison(self.corpus, self.options.get("conduct") or list(Conduct), wanted, on)
        self.depend_on(*sorted({p.path for p in self.corpus.provisions.values()}))
        out: list[Node] = []
        for conduct, row in table.items():
            lines = []
            for where in wanted:
                name = describe.JURISDICTIONS[where]
                if not row[where]:
                    lines.append((name, "No provision in the catalogue", "—", "—"))
                for i, p in enumerate(row[where]):  # one line per provision, the jurisdiction named once
                    refs.note_citation(self.env, p.id)
                    lines.append(("" if i else name, f"{{prov}}`{p.id}`" + ("" if p.verified else UNVERIFIED),
                                  describe.maximum(p.penalty) if p.penalty else p.kind.value.replace("_", " "),
                                  _stage(p, on) + self._reference_only(p)))
            out.append(self.section(CONDUCT_NAMES[conduct], markup.table(
                ["Jurisdiction", "Provision", "Maximum penalty", "Status"], lines)))
        out += self.parse(f"Generated from the law catalogue: provisions in force on {describe.day(on)}, or "
                          "adopted and not yet in force or not yet applying (the status column says which). "
                          f"\"{UNVERIFIED.strip()}\" marks a provision whose text could not be checked against "
                          "a public copy. \"No provision in the catalogue\" means none has been catalogued, not "
                          "that the conduct is lawful there.")
        return out


    def _reference_only(self, p: Provision) -> str:
        return f" (reference only: {pages.cite_ids(self.corpus, p.reference_only)})" if p.reference_only else ""


class ReformTimeline(_Compare):
    """When each jurisdiction's provisions came into force, oldest first."""

    def run(self) -> list[Node]:
        self.depend_on(*sorted({p.path for p in self.corpus.provisions.values()}))
        rows = []
        for r in compare.reforms(self.corpus, self.jurisdictions()):
            inst = self.corpus.instruments.get(r.instrument)
            applies = sorted({p.in_force.applies_from for p in r.provisions if p.in_force.applies_from})
            when = (f"adopted {describe.day(r.date)}; not in force" if r.pending else describe.day(r.date)
                    + "".join(f"; applies from {describe.day(d)}" for d in applies))
            rows.append((when, describe.JURISDICTIONS[r.jurisdiction],
                         inst.title.en if inst else r.instrument,
                         ", ".join(f"{{prov}}`{p.id}`" + ("" if p.verified else UNVERIFIED) for p in r.provisions),
                         ", ".join(CONDUCT_NAMES[c].lower() for c in r.conduct)))
        return self.parse(markup.table(["In force", "Jurisdiction", "Instrument", "Provisions", "Conduct"], rows))


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(graphviz, override=True, html=(visit_graphviz_html, None))
    app.add_directive("tool", ToolPage)
    app.add_directive("tool-index", ToolIndex)
    app.add_directive("referral-map", ReferralMap)
    app.add_directive("process-flow", ProcessFlow)
    app.add_directive("comparison-table", ComparisonTable)
    app.add_directive("reform-timeline", ReformTimeline)
    glossary.setup(app)  # the term base's page (issue 17)
