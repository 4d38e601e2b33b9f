"""Other languages: extracting the data's strings with `-b gettext`, and the generated pages of a translated build.

Lessons and hand-written pages are translated by Sphinx itself (its gettext builder and Locale transform). What
the directives render comes from the corpus, which a translated build has already localised (`ibsa.i18n`), so
their output is marked untranslatable: Sphinx neither extracts it (it would be extracted once per page that
shows it) nor tries to translate it again.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from pathlib import Path

from babel.messages.extract import extract_from_dir
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import Catalog, MsgOrigin
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import CatalogRepository

from ibsa import i18n
from ibsa.loaders import Corpus
from ibsa.sphinxext import markup, pages, state

PACKAGE = Path(__file__).resolve().parent.parent  # src/ibsa: strings wrapped in _() for the "ibsa" catalog
DOMAIN = "ibsa"
_ = get_translation(DOMAIN)


def source_language(app: Sphinx) -> bool:
    return (app.config.language or i18n.SOURCE_LANGUAGE).split("_")[0] == i18n.SOURCE_LANGUAGE


class _NonEmpty(defaultdict):  # type: ignore[type-arg]
    """The gettext builder's catalogues, without the empty ones: a page rendered wholly from data has nothing of
    its own to translate, and an empty PO file per provision would only hide the files that matter."""

    def items(self):  # type: ignore[no-untyped-def]  # what the builder iterates when it writes
        return [(domain, catalog) for domain, catalog in super().items() if catalog.metadata]


def extract(app: Sphinx, corpus: Corpus) -> None:
    """Add the data's strings (one domain per file) and the extension's own strings to the gettext builder's
    catalogues, which it writes as .pot files beside the pages' catalogues."""
    catalogs = app.builder.catalogs = _NonEmpty(Catalog, app.builder.catalogs)  # type: ignore[attr-defined]
    for message in i18n.messages(corpus):
        catalogs[message.domain].add(message.text, MsgOrigin(str(corpus.root / message.path), message.line))
    for filename, line, text, _comments, _context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords={"_": None}):
        if isinstance(text, str):
            catalogs[DOMAIN].add(text, MsgOrigin(str(PACKAGE / filename), line))
    _theme_strings(app, catalogs["sphinx"])


def _theme_strings(app: Sphinx, catalog: Catalog) -> None:
    """The theme's own words ("Previous", "Next", the footer): Sphinx's gettext builder reads only the project's
    templates, and Sphinx's Chinese catalogue lacks the theme's, so they join the project's "sphinx" domain."""
    theme = Path(importlib.import_module(app.config.html_theme).__file__ or "").parent
    environment = app.builder.templates.environment  # type: ignore[attr-defined]
    for template in sorted(theme.rglob("*.html")):
        for line, _method, text in environment.extract_translations(template.read_text(encoding="utf-8")):
            if isinstance(text, str):
                catalog.add(text, MsgOrigin(str(template), line))


class GeneratedPages(SphinxTransform):
    """A generated page (a provision, a scenario, a tool) is rendered from data: its title is the data's title in
    the build's language, and nothing on it goes through Sphinx's per-page catalogues. The stubs on disk keep
    the source language, so building one language never makes another's pages outdated."""

    default_priority = 5  # before Sphinx's Locale transform (20)

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        if not pages.is_generated(docname):
            return
        markup.untranslatable([self.document])
        if source_language(self.app):
            return  # the stub's own heading is the title
        titles = pages.stub_titles(state.corpus(self.env), lambda b: b.zh or b.original or b.en)
        title = titles.get(docname)
        heading = next(iter(self.document.findall(nodes.title)), None)
        if title is not None and heading is not None:
            heading.clear()
            heading += nodes.Text(title)


_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
# an original name glossed in full-width brackets after its Chinese rendering (澳大利亚残障妇女组织（Women with
# Disabilities Australia）), or an English title between title marks or quotation marks (《Memorandum of Good
# Practice》)
_NOT_CJK = "[^\u3000-\u9fff\uac00-\ud7af\uff00-\uffef\u201c\u201d]"
_GLOSS = re.compile(rf"(?<=[（《“])({_NOT_CJK}*[A-Za-z]{_NOT_CJK}*)(?=[）》”])")


class MarkEnglish(SphinxPostTransform):
    """In a page of another language, English that is a name or a title is marked lang="en" (screen readers
    pronounce it as English, and the site's check for untranslated English passes over it): an original name
    glossed in brackets, and a link to an outside source whose text is its English title."""

    default_priority = 900

    def run(self, **kwargs: object) -> None:
        if source_language(self.app):
            return
        for ref in list(self.document.findall(nodes.reference)):
            if ref.get("refuri", "").startswith(("http://", "https://")) and not _CJK.search(ref.astext()):
                children = ref.children[:]
                ref.clear()
                ref += nodes.inline("", "", *children, classes=["language-en"])
        # Chinese does not italicise for emphasis: Latin italics in a Chinese page are a cited title (*Achieving
        # Best Evidence in Criminal Proceedings*); Latin bold is one only beside its Chinese rendering
        for em in self.document.findall(lambda n: isinstance(n, (nodes.emphasis, nodes.strong))):
            if not _CJK.search(em.astext()) and re.search("[A-Za-z]{2}", em.astext()) \
                    and (isinstance(em, nodes.emphasis) or _glossed(em)):
                em["classes"].append("language-en")
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, (nodes.literal, nodes.FixedTextElement, nodes.raw)) \
                    or any(c.startswith(("ibsa-", "language-")) for c in parent.get("classes", [])):
                continue  # code, or already marked (a quotation keeps the language check's own exemption)
            parts = _GLOSS.split(text.astext())
            if len(parts) > 1:
                parent.replace(text, [nodes.inline(part, part, classes=["language-en"]) if i % 2
                                      else nodes.Text(part) for i, part in enumerate(parts) if part])


def _glossed(node: nodes.Element) -> bool:
    """An English title in italics or bold beside its Chinese rendering in brackets: *Memorandum of Good
    Practice*（《良好做法备忘录》）, or 《…》（*Memorandum…*）."""
    parent = node.parent
    if parent is None:
        return False
    at = parent.index(node)
    after = parent[at + 1].astext() if at + 1 < len(parent) else ""
    before = parent[at - 1].astext() if at else ""
    return after.startswith(("（", "，《")) or before.endswith("（")


def _compile(app: Sphinx) -> None:
    """Compile the extension's PO file before registering it: Sphinx compiles the pages' catalogues only once the
    build starts, after extensions have loaded theirs (it does the same for its own "sphinx" domain)."""
    repo = CatalogRepository(app.srcdir, [i18n.LOCALE_DIR], app.config.language, app.config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == DOMAIN and catalog.is_outdated():
            catalog.write_mo(app.config.language)


def translate_titles(app: Sphinx, config: Config) -> None:
    """The site's name in the build's language (conf.py holds the English one)."""
    if not source_language(app):
        config.project = config.html_title = _("Responding to image-based sexual abuse")
        config.copyright = _("the ibsa-curriculum contributors; content CC BY 4.0, code Apache-2.0")


def _quiet_jieba() -> None:
    """Sphinx's Chinese search splits words with jieba, which prints its dictionary loading to stderr at INFO."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


def setup(app: Sphinx) -> None:
    app.add_transform(GeneratedPages)
    app.add_post_transform(MarkEnglish)
    if not source_language(app):
        _compile(app)
        _quiet_jieba()
    app.add_message_catalog(DOMAIN, str(Path(app.srcdir) / i18n.LOCALE_DIR))
    app.connect("config-inited", translate_titles)
