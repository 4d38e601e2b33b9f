"""Cross-references to catalogue and scenario pages, and the record of who cites what.

Roles leave an `ibsa_ref` node; it becomes a link with a hover title once the
builder knows page URIs. Citations are kept in the environment (purged and
merged per document, as sphinx.ext.todo does) so that each provision page can
list the lessons that cite it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.locale import get_translation

from ibsa import describe
from ibsa.sphinxext import state

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language


class ibsa_ref(nodes.Inline, nodes.TextElement):
    """A link to another page of the site, resolved late."""


class cited_by(nodes.General, nodes.Element):
    """Placeholder on a provision page for the list of lessons citing it."""


def make_ref(target: str, text: str, title: str) -> ibsa_ref:
    return ibsa_ref(text, text, target=target, reftitle=title)


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


def resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    env = app.env
    for node in list(doctree.findall(ibsa_ref)):
        try:
            uri = app.builder.get_relative_uri(fromdocname, node["target"])
        except NoUri:  # a page outside the document being written (a course's PDF holds some pages): plain text
            node.replace_self(nodes.inline(node.astext(), node.astext()))
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


def setup(app: Sphinx) -> None:
    app.add_node(ibsa_ref)
    app.add_node(cited_by)
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", resolve)


def provision_title(env: BuildEnvironment, pid: str) -> tuple[str, str]:
    """(short label, hover title) of a provision, e.g. ('Criminal Law Art. 246', 'Insult and defamation (in force
    from ...)'): the period tells two versions of one article apart without showing the catalogue's id."""
    corpus = state.corpus(env)
    prov = corpus.provisions[pid]
    if describe.language() == "zh_CN":
        return (describe.citation(prov, corpus.instruments.get(prov.instrument)),
                f"{prov.title.zh or prov.title.en}（{describe.period(prov.in_force)}）")
    return (describe.citation(prov, corpus.instruments.get(prov.instrument)),
            f"{prov.title.en} ({describe.period(prov.in_force)})")
