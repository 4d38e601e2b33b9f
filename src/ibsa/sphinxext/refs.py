"""Cross-references to catalogue and scenario pages, and the record of who cites what.

Roles leave an `ibsa_ref` node; it becomes a link with a hover title once the
builder knows page URIs. Citations are kept in the environment (purged and
merged per document, as sphinx.ext.todo does) so that each provision page can
list the lessons that cite it.

In HTML the link is `<a href title>`, without the classes Sphinx gives its own
links (no style sheet reads them on these), and a link repeats no hover title:
when the link to the same page before it has the same title, it has none, and
page.html's script copies it over when the page loads. A lesson cites some 140
provisions, many several times, each title a sentence; written once each, the
heaviest lessons stay under their weight budget (ibsa.sphinxext.weight).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.writers.html5 import HTML5Translator

from ibsa import describe
from ibsa.sphinxext import state

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language


class ibsa_ref(nodes.Inline, nodes.TextElement):
    """A link to another page of the site, resolved late."""


class cited_by(nodes.General, nodes.Element):
    """Placeholder on a provision page for the list of lessons citing it."""


def make_ref(target: str, text: str, title: str, provision: str = "") -> ibsa_ref:
    """A link to `target`; a link to a provision's page names the provision, so that a table can shorten its
    hover title (`period_in_row`)."""
    ref = ibsa_ref(text, text, target=target, reftitle=title)
    if provision:
        ref["provision"] = provision
    return ref


def period_in_row(found: Sequence[Node], pids: Collection[str], env: BuildEnvironment) -> Sequence[Node]:
    """`found` (a generated table), where the row of each provision in `pids` states its period in force: the
    links to those provisions show their heading alone on hover, not the period beside them a second time."""
    for top in found:
        for ref in top.findall(ibsa_ref):
            if ref.get("provision") in pids:
                ref["reftitle"] = provision_heading(env, ref["provision"])
    return found


def note_citation(env: BuildEnvironment, pid: str) -> None:
    cites: dict[str, set[str]] = env.ibsa_cites  # type: ignore[attr-defined]
    cites.setdefault(env.docname, set()).add(pid)


def init_env(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not hasattr(env, "ibsa_cites"):
        env.ibsa_cites = {}  # type: ignore[attr-defined]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.ibsa_cites.pop(docname, None)  # type: ignore[attr-defined]


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in other.ibsa_cites:  # type: ignore[attr-defined]
            env.ibsa_cites[docname] = other.ibsa_cites[docname]  # type: ignore[attr-defined]


SHARED_TITLES = "ibsa_shared_titles"  # set on a page's doctree when a link there takes its title from another


def resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    env = app.env
    html = app.builder.format == "html"
    last_title: dict[str, str] = {}  # for each page linked to, the hover title of the last link to it
    for node in list(doctree.findall(ibsa_ref)):
        try:
            uri = app.builder.get_relative_uri(fromdocname, node["target"])
        except NoUri:  # a page outside the document being written (a course's PDF holds some pages): plain text
            node.replace_self(nodes.inline(node.astext(), node.astext()))
            continue
        if html:  # the link stays ours (visit_html): document order is the order page.html's script reads links in
            node["refuri"] = uri
            if node["reftitle"] and last_title.get(uri) == node["reftitle"]:
                node["reftitle"] = ""
                doctree[SHARED_TITLES] = True
            elif node["reftitle"]:
                last_title[uri] = node["reftitle"]
            continue
        ref = nodes.reference("", "", internal=True, reftitle=node["reftitle"], refuri=uri)
        ref += nodes.Text(node.astext())
        node.replace_self(ref)
    for node in list(doctree.findall(cited_by)):
        citing = sorted(d for d, pids in env.ibsa_cites.items()  # type: ignore[attr-defined]
                        if node["provision"] in pids and not d.startswith(("catalogue/", "scenarios/")))
        if not citing:
            node.replace_self(nodes.paragraph(text=_("No lesson cites this provision yet.")))
            continue
        items = nodes.bullet_list()
        for docname in citing:
            title = env.titles[docname].astext() if docname in env.titles else docname
            try:
                ref: nodes.Node = nodes.reference("", title, internal=True,
                                                  refuri=app.builder.get_relative_uri(fromdocname, docname))
            except NoUri:  # not in this PDF
                ref = nodes.Text(title)
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        node.replace_self(items)


def visit_html(self: HTML5Translator, node: ibsa_ref) -> None:
    if "refuri" not in node:  # a copy `resolve` never saw (a heading's text in a table of contents): its text
        return
    attributes = {"href": node["refuri"]}
    if node["reftitle"]:
        attributes["title"] = node["reftitle"]
    self.body.append(self.starttag(node, "a", "", **attributes))


def depart_html(self: HTML5Translator, node: ibsa_ref) -> None:
    if "refuri" in node:
        self.body.append("</a>")


def setup(app: Sphinx) -> None:
    app.add_node(ibsa_ref, html=(visit_html, depart_html))
    app.add_node(cited_by)
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", resolve)


def provision_heading(env: BuildEnvironment, pid: str) -> str:
    """A provision's heading in the page's language, e.g. 'Insult and defamation'."""
    prov = state.corpus(env).provisions[pid]
    return (prov.title.zh or prov.title.en) if describe.language() == "zh_CN" else prov.title.en


def provision_title(env: BuildEnvironment, pid: str) -> tuple[str, str]:
    """(short label, hover title) of a provision, e.g. ('Criminal Law Art. 246', 'Insult and defamation (in force
    from ...)'): the period tells two versions of one article apart without showing the catalogue's id."""
    corpus = state.corpus(env)
    prov = corpus.provisions[pid]
    heading, period = provision_heading(env, pid), describe.period(prov.in_force)
    return (describe.citation(prov, corpus.instruments.get(prov.instrument)),
            f"{heading}（{period}）" if describe.language() == "zh_CN" else f"{heading} ({period})")
