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
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from ibsa import compare, describe
from ibsa.model import Conduct, Instrument, Provision, Source, Tool
from ibsa.sphinxext import glossary, markup, refs
from ibsa.sphinxext.directives import CorpusDirective, kind_name, tracks

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language


def conduct_name(conduct: Conduct) -> str:
    names = {
        Conduct.FILMING: _("Filming or recording without consent"),
        Conduct.SHARING: _("Sharing intimate images without consent"),
        Conduct.THREATENING: _("Threatening to share"),
        Conduct.DEEPFAKE_CREATION: _("Creating sexual deepfakes"),
        Conduct.DEEPFAKE_SHARING: _("Sharing sexual deepfakes"),
        Conduct.POSSESSION_VIEWING: _("Possessing, buying or viewing"),
        Conduct.PLATFORM_REMOVAL: _("Platform duties to remove"),
    }
    return names[conduct]


def help_name(kind: str) -> str:
    """A kind of help a service offers, in words."""
    names = {"police": _("police"), "legal": _("legal advice"), "legal_aid": _("legal aid"),
             "counselling": _("counselling"), "medical": _("medical care"), "shelter": _("shelter"),
             "digital_security": _("digital security"), "removal": _("image removal"),
             "reporting": _("reporting content"), "hotline": _("help line"), "child_protection": _("child protection")}
    return names.get(kind, kind)


def tool_kind(kind: str) -> str:
    return {"checklist": _("checklist"), "log": _("log"), "letter": _("letter")}.get(kind, kind)


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
            return self.error(_("unknown tool '{id}'").format(id=self.arguments[0]))
        self.depend_on(tool.path)
        box = nodes.container(classes=["ibsa-tool", f"ibsa-tool-{tool.kind}"])
        box += self.parse(_("**For:** {tracks}").format(tracks=tracks(tool.tracks)) + f"\n\n{tool.purpose}")
        match tool.kind:
            case "checklist":
                for section in tool.sections:
                    box += self.section(section.title, markup.table([_("Done"), _("Item"), _("Rule")], [
                        ("☐", item.text + self._service(item.referral), self._why(item.provision))
                        for item in section.items]))
            case "log":
                box += self._log(tool)
            case "letter":
                box += self.parse(tool.body or "")
        return [box]

    def _why(self, pid: str | None) -> str:
        """The rule behind an item and its time limit, short enough for a narrow printed column (the item's own
        words say what the time runs from; the fact an item records is its question, never its name). A provision
        not checked against a stored text is marked, as in the comparisons."""
        if not pid or pid not in self.corpus.provisions:
            return "—"
        prov = self.corpus.provisions[pid]
        self.depend_on(prov.path)
        limit = prov.deadline
        return f"{{prov}}`{pid}`" + ("" if prov.verified else unverified()) + (
            _(" (time limit: {period})").format(period=describe.deadline(limit)) if limit else "")

    def _service(self, sid: str | None) -> str:
        """The service an item refers to: its name in the page's language (the other beside it), contact and hours,
        as the referral map shows them."""
        service = next((s for s in self.corpus.services if s.id == sid), None) if sid else None
        if service is None:
            return ""
        self.depend_on(self.corpus.where["referrals"][0])
        zh = describe.language() == "zh_CN"
        name = _service_name(service.name.en, service.name.zh or service.name.original, zh)
        hours = describe.semicolon() + service.hours if service.hours else ""
        return ("：" if zh else ": ") + f"{name}{describe.semicolon()}{service.contact}{hours}"

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
        for _row in range(tool.rows):
            row = nodes.row()
            for _column in tool.columns:
                row += nodes.entry("", nodes.paragraph(text="\u00a0"))
            body += row
        return table


class ToolIndex(CorpusDirective):
    def run(self) -> list[Node]:
        tools = sorted(self.corpus.tools.values(), key=lambda t: t.title)
        self.depend_on(*(t.path for t in tools))
        text = markup.table([_("Tool"), _("Kind"), _("For")], [(markup.doc_link(tool_doc(t.id), t.title),
                                                                tool_kind(t.kind), tracks(t.tracks)) for t in tools])
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
            return self.error(_("referral-map selects no service"))
        self.depend_on(self.corpus.where["referrals"][0])
        zh = describe.language() == "zh_CN"
        rows = [(_service_name(s.name.en, s.name.zh or s.name.original, zh),
                 s.contact + (describe.semicolon() + s.hours if s.hours else ""),
                 s.scope + _(" Run by {whom}.").format(whom=s.runs_it),
                 describe.comma().join(help_name(k) for k in s.kinds), self._checked(s.confidence, s.source))
                for s in chosen]
        return self.parse(markup.table([_("Service"), _("Contact and hours"), _("Scope"), _("Help offered"),
                                        _("Source")], rows)
                          + "\n" + _("Numbers change. Before a printed edition, a person should call each one; the "
                                     "source column says when each entry was last checked.") + "\n")

    @staticmethod
    def _checked(confidence: str, source: Source) -> str:
        sure = _("verified") if confidence == "verified" else _("partly")
        checked = _("checked {day}").format(day=describe.day(source.checked))
        if source.url:
            title = markup.cell(source.title or source.url)
            link = f"[{markup.lang(title, 'en') if describe.language() == 'zh_CN' and source.title else title}]" \
                   f"({source.url})"
            return f"{sure}{describe.semicolon()}{link}{describe.comma()}{checked}"
        return f"{sure}{describe.semicolon()}{checked}"


# ------------------------------------------------------------ process flowcharts


def _service_name(english: str, other: str | None, zh: bool) -> str:
    """A service's name in the page's language first, the other beside it, marked with its language."""
    if zh and other:
        return f"**{other}**（{markup.lang(english, 'en')}）"
    if other:
        return f"**{english}** ({markup.lang(other, 'zh-CN')})"
    return f"**{markup.lang(english, 'en') if zh else english}**"


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
            return self.error(_("process-flow: unknown instrument(s) {ids}").format(ids=", ".join(unknown)))
        steps = [p for p in sorted(self.corpus.provisions.values(), key=lambda p: p.id)
                 if p.instrument in wanted and p.deadline and p.deadline.to_event]
        if not steps:
            return self.error(_("process-flow: the instruments set no time limit with a 'to_event'"))
        self.depend_on(*sorted({p.path for p in steps}))
        events = list(dict.fromkeys(e for p in steps for e in (p.deadline.from_event, p.deadline.to_event)))
        lines = ["digraph flow {", '  rankdir=TB; node [shape=box, style="rounded", fontname="sans-serif"];',
                 '  edge [fontname="sans-serif", fontsize=10];']
        # English draws the event's name; Chinese its definition's first clause (a name is English)
        known = self.corpus.events if describe.language() == "zh_CN" else None
        lines += [f'  {e} [label="{describe.event(e, known).capitalize()}"];' for e in events]
        for p in steps:
            assert p.deadline is not None
            cite = describe.citation(p, self.corpus.instruments.get(p.instrument))
            label = f"{cite}\\n{describe.deadline(p.deadline)}"
            lines.append(f'  {p.deadline.from_event} -> {p.deadline.to_event} [label="{label}"];')
        lines.append("}")
        chart = graphviz()
        chart["code"] = "\n".join(lines)
        chart["options"] = {"docname": self.env.docname}
        chart["alt"] = _("Flowchart of the procedural time limits; the table below gives the same steps.")
        chart["classes"] = ["ibsa-flow"]
        for p in steps:
            refs.note_citation(self.env, p.id)
        events = self.corpus.events
        table = markup.table([_("From when"), _("What must happen"), _("Time limit"), _("Rule")], [
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


def unverified() -> str:
    return _(" (unverified)")


def _stage(p: Provision, on: dt.date) -> str:
    """The status cell: adopted, in force, or in force but applying only later (compare.stage decides)."""
    st, day = compare.stage(p, on)
    if st is compare.Stage.ADOPTED:
        return _("adopted {day}; not in force").format(day=describe.day(day))
    if st is compare.Stage.APPLIES_LATER:
        return _("in force from {day}; applies from {later}").format(day=describe.day(p.in_force.from_),
                                                                     later=describe.day(day))
    return _("in force from {day}").format(day=describe.day(day))


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
                name = describe.jurisdiction(where)
                if not row[where]:
                    lines.append((name, _("No provision in the catalogue"), "—", "—"))
                for i, p in enumerate(row[where]):  # one line per provision, the jurisdiction named once
                    refs.note_citation(self.env, p.id)
                    lines.append(("" if i else name, f"{{prov}}`{p.id}`" + ("" if p.verified else unverified()),
                                  describe.maximum(p.penalty) if p.penalty else kind_name(p.kind.value),
                                  _stage(p, on)))
            # the status column states the period of a provision in force with no end date: not its hover too
            dated = {p.id for where in wanted for p in row[where] if p.in_force.until is None}
            out.append(self.section(conduct_name(conduct), *refs.period_in_row(self.parse(markup.table(
                [_("Jurisdiction"), _("Provision"), _("Maximum penalty"), _("Status")], lines)), dated, self.env)))
        out += self.parse(_("Generated from the law catalogue: provisions in force on {day}, or adopted and not yet "
                            "in force or not yet applying (the status column says which). \"{unverified}\" marks a "
                            "provision whose text could not be checked against a public copy. \"{none}\" means none "
                            "has been catalogued, not that the conduct is lawful there.").format(
                                day=describe.day(on), unverified=unverified().strip(),
                                none=_("No provision in the catalogue")))
        return out



class ReformTimeline(_Compare):
    """When each jurisdiction's provisions came into force, oldest first."""

    def run(self) -> list[Node]:
        self.depend_on(*sorted({p.path for p in self.corpus.provisions.values()}))
        rows = []
        for r in compare.reforms(self.corpus, self.jurisdictions()):
            inst = self.corpus.instruments.get(r.instrument)
            applies = sorted({p.in_force.applies_from for p in r.provisions if p.in_force.applies_from})
            when = (_("adopted {day}; not in force").format(day=describe.day(r.date)) if r.pending else
                    describe.day(r.date) + "".join(_("; applies from {day}").format(day=describe.day(d))
                                                   for d in applies))
            rows.append((when, describe.jurisdiction(r.jurisdiction), _instrument_title(inst) if inst else r.instrument,
                         describe.comma().join(f"{{prov}}`{p.id}`" + ("" if p.verified else unverified())
                                               for p in r.provisions),
                         describe.comma().join(_lower(conduct_name(c)) for c in r.conduct)))
        return self.parse(markup.table([_("In force"), _("Jurisdiction"), _("Instrument"), _("Provisions"),
                                        _("Conduct")], rows))


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _instrument_title(inst: Instrument) -> str:
    """The instrument's title in the page's language (an official Chinese title in the Chinese edition)."""
    if describe.language() != "zh_CN":
        return inst.title.en
    if inst.jurisdiction == "CN" and inst.title.original:
        return describe.book_title(inst.title.original)
    return inst.title.zh or markup.lang(inst.title.en, "en")


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
