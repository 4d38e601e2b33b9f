"""The bilingual glossary page: the term base (law/terms.yaml) as one table, in both languages' editions.

Rendering only: the terms, their renderings and sources are data; the definition shown is the edition's language.
"""

from __future__ import annotations

from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ibsa import describe
from ibsa.loaders import LAW_DIR, TERMS_FILE
from ibsa.model import Term
from ibsa.sphinxext import markup, state
from ibsa.sphinxext.directives import CorpusDirective

_ = get_translation("ibsa")


class TermGlossary(CorpusDirective):
    """```{term-glossary}```: English, 中文, definition and the provision or guidance that uses the term."""

    def run(self) -> list[Node]:
        self.depend_on(f"{LAW_DIR}/{TERMS_FILE}")
        terms = sorted(self.corpus.terms, key=lambda t: t.en[0].lower())
        if not terms:
            return self.parse(_("The term base is empty."))
        chinese = (self.env.config.language or "en").startswith("zh")
        # each column marked with its language where it is not the page's, for screen readers and the checks
        rows = [(markup.lang(" / ".join(t.en), "en") if chinese else " / ".join(t.en),
                 " / ".join(t.zh) if chinese else markup.lang(" / ".join(t.zh), "zh-CN"),
                 t.definition_zh if chinese else t.definition, self._source(t)) for t in terms]
        return self.parse(markup.table((_("English"), "中文", _("Definition"), _("Source")), rows))

    def _source(self, term: Term) -> str:
        src = term.source
        if src is None:
            return "—"
        if src.provision and src.provision in self.corpus.provisions:
            prov = self.corpus.provisions[src.provision]
            return markup.doc_link(state.provision_doc(prov.id),
                                   describe.citation(prov, self.corpus.instruments.get(prov.instrument)))
        if src.url:
            return f"[{markup.cell(src.title or src.url).replace(']', '')}]({src.url})"
        return "—"


def setup(app: Sphinx) -> None:
    app.add_directive("term-glossary", TermGlossary)
