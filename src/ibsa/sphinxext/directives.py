"""Directives: lessons, modules, facilitator notes and provision tables.

Directives only render what the corpus holds; the legal reasoning lives in
ibsa.analysis and ibsa.checks. Facilitator material is dropped here, in the
participant edition, before the search indexer or any writer sees it.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from ibsa import describe
from ibsa.loaders import Corpus
from ibsa.model import Lesson, Provision
from ibsa.sphinxext import markup, refs, state

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language

def track_name(track: str) -> str:
    names = {"police": _("Police"), "ngo": _("NGO staff"), "clinic": _("Law clinics")}
    return names.get(track, track)


def kind_name(kind: str) -> str:
    """A provision's kind in words: 'criminal', 'platform duty'."""
    names = {"criminal": _("criminal"), "administrative": _("administrative"), "civil": _("civil"),
             "procedural": _("procedural"), "platform_duty": _("platform duty"), "general": _("general rule"),
             "recommendation": _("recommendation")}
    return names.get(kind, kind.replace("_", " "))


class CorpusDirective(SphinxDirective):
    @property
    def corpus(self) -> Corpus:
        return state.corpus(self.env)

    def depend_on(self, *paths: str) -> None:
        for path in paths:
            state.note_data(self.env, self.corpus.root, path)

    def error(self, message: str) -> list[Node]:  # type: ignore[override]
        return [self.state.document.reporter.error(message, line=self.lineno)]

    def parse(self, text: str) -> list[Node]:
        # the corpus is already in the build's language: Sphinx must not extract or translate this again
        return markup.untranslatable(self.parse_text_to_nodes(text))

    def section(self, title: str, *body: Node | str) -> nodes.section:
        """A real section (a heading for screen readers and the page contents), built here rather than
        parsed from '##' text: MyST would attach parsed sections to the page, outside any container."""
        sec = nodes.section()
        sec += nodes.title(text=title)
        for part in body:
            sec.extend(self.parse(part) if isinstance(part, str) else [part])
        sec["names"].append(nodes.fully_normalize_name(title))
        self.state.document.note_implicit_target(sec, sec)
        return sec

    def lesson_here(self) -> Lesson | None:
        return next((x for x in self.corpus.lessons.values() if x.docname == self.env.docname), None)


def tracks(items: list[str]) -> str:
    return describe.comma().join(track_name(t) for t in items)


class FacilitatorNote(SphinxDirective):
    """Notes for the person running the session; absent from the participant edition."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[Node]:
        if not state.facilitator(self.env):
            return []
        note = nodes.admonition(classes=["ibsa-facilitator-note"])
        note += nodes.title(text=self.arguments[0] if self.arguments else _("Facilitator note"))
        note += self.parse_content_to_nodes()
        return [note]


class LessonOverview(CorpusDirective):
    """Duration, tracks, prerequisites and objectives, from the lesson's front matter."""

    def run(self) -> list[Node]:
        lesson = self.lesson_here()
        if lesson is None:
            return self.error(_("lesson-overview is used outside a lesson with 'ibsa_lesson' front matter"))
        meta = [_("**Duration:** {n} minutes").format(n=lesson.duration),
                _("**For:** {tracks}").format(tracks=tracks(lesson.tracks))]
        pre = [markup.doc_link(self.corpus.lessons[p].docname, self.corpus.lessons[p].title)
               for p in lesson.prerequisites if p in self.corpus.lessons]
        if pre:
            meta.append(_("**Before this lesson:** {lessons}").format(lessons=describe.comma().join(pre)))
        box = nodes.container(classes=["ibsa-lesson-meta"])
        box += self.parse(" · ".join(meta))
        box += nodes.rubric(text=_("Learning objectives"))
        box += nodes.paragraph(text=_("After this lesson, participants can:"))
        items = nodes.enumerated_list()
        for objective in lesson.objectives:
            item = nodes.list_item(ids=[nodes.make_id(objective.id)])
            item.extend(self.parse(objective.text))  # parsed, so an objective can cite a provision by role
            items += item
        box += items
        return [box]


class KeyPoints(CorpusDirective):
    def run(self) -> list[Node]:
        lesson = self.lesson_here()
        if lesson is None:
            return self.error(_("key-points is used outside a lesson with 'ibsa_lesson' front matter"))
        box = nodes.admonition(classes=["ibsa-key-points", "tip"])
        box += nodes.title(text=_("Key points"))
        items = nodes.bullet_list()
        for point in lesson.key_points:
            items += nodes.list_item("", *self.parse(point))
        box += items
        return [box]


class ModuleOverview(CorpusDirective):
    """Content note, lesson cards (sphinx-design) and the module's table of contents."""

    def run(self) -> list[Node]:
        module = next((m for m in self.corpus.modules.values() if m.docname == self.env.docname), None)
        if module is None:
            return self.error(_("module-overview is used outside a module index with 'ibsa_module' front matter"))
        lessons = sorted((x for x in self.corpus.lessons.values() if x.module == module.module),
                         key=lambda x: x.docname)
        self.depend_on(*(x.path for x in lessons))
        note = nodes.admonition(classes=["ibsa-content-note", "caution"])
        note += nodes.title(text=_("Content note"))
        note += nodes.paragraph(text=module.content_note)
        cards = ["::::{grid} 1 2 2 2\n:gutter: 2\n"]
        for x in lessons:
            cards.append(f":::{{grid-item-card}} {x.title}\n:link: /{x.docname}\n:link-type: doc\n\n"
                         + _("{n} minutes").format(n=x.duration) + f" · {tracks(x.tracks)}\n\n"
                         + _("{n} objectives").format(n=len(x.objectives)) + "\n:::\n")
        cards.append("::::\n")
        toc = "```{toctree}\n:hidden:\n\n" + "".join(f"/{x.docname}\n" for x in lessons) + "```\n"
        summary = nodes.paragraph(text=_("{lessons} lessons, {minutes} minutes in all.").format(
            lessons=len(lessons), minutes=module.duration))
        return [note, summary, *self.parse("\n".join(cards) + "\n" + toc)]


def provision_table(provisions: list[Provision]) -> str:
    """Provisions as a MyST table: citation, what it covers, in force, maximum penalty or time limit."""
    rows = []
    for p in provisions:
        rows.append([f"{{prov}}`{p.id}`", _covers(p), describe.period(p.in_force), describe.maximum(p.penalty)
                     if p.penalty else (_("time limit: {period}").format(period=describe.deadline(p.deadline))
                                        if p.deadline else "—")])
    return markup.table([_("Provision"), _("What it covers"), _("In force"), _("Maximum penalty")], rows)


def _covers(p: Provision) -> str:
    """What a provision covers: its title in the page's language, the other language marked beside it."""
    if describe.language() == "zh_CN":
        return (p.title.zh or p.title.en) + (f"（{markup.lang(p.title.en, 'en')}）" if p.title.zh else "")
    return p.title.en + (f" ({markup.lang(p.title.zh, 'zh-CN')})" if p.title.zh else "")


class ProvisionTable(CorpusDirective):
    """A table of provisions chosen by id, instrument or kind."""

    option_spec = {  # noqa: RUF012 - docutils API
        "ids": directives.unchanged,
        "instrument": directives.unchanged,
        "kind": directives.unchanged,
    }

    def run(self) -> list[Node]:
        provisions = self.corpus.provisions
        if "ids" in self.options:
            wanted = self.options["ids"].split()
            unknown = [pid for pid in wanted if pid not in provisions]
            if unknown:
                return self.error(_("provision-table: unknown provision(s) {ids}").format(ids=", ".join(unknown)))
            chosen = [provisions[pid] for pid in wanted]
        else:
            chosen = [p for p in provisions.values()
                      if self.options.get("instrument", p.instrument) == p.instrument
                      and self.options.get("kind", p.kind.value) == p.kind.value]
        if not chosen:
            return self.error(_("provision-table selects no provision"))
        self.depend_on(*sorted({p.path for p in chosen}))
        for p in chosen:
            refs.note_citation(self.env, p.id)
        return list(refs.period_in_row(self.parse(provision_table(chosen)), {p.id for p in chosen}, self.env))
