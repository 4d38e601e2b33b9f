"""HTML details the theme and sphinx-design leave to us: valid tab markup, lean tables, the edition banner, static
scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sphinx_design.extension
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator
from sphinx_design.tabs import sd_tab_input, sd_tab_label

from ibsa import describe
from ibsa.sphinxext import refs, state


def visit_tab_input(self: HTML5Translator, node: nodes.Element) -> None:
    """The radio button of a tab names the panel it shows (aria-controls belongs on the control: on the <label>,
    where sphinx-design puts it, the Nu Html Checker reports it as not allowed)."""
    attributes = {"ids": [node["id"]], "type": node["type"], "name": node["set_id"],
                  "aria-controls": f"{node['id']}-content"}
    if node["checked"]:
        attributes["checked"] = "checked"
    self.body.append(self.starttag(node, "input", **attributes))


def visit_tab_label(self: HTML5Translator, node: nodes.Element) -> None:
    attributes = {"for": node["input_id"]}
    if "sync_id" in node and "sync_group" in node:
        attributes["data-sync-id"] = node["sync_id"]
        attributes["data-sync-group"] = node["sync_group"]
    self.body.append(self.starttag(node, "label", **attributes))


def _depart_input(self: HTML5Translator, node: nodes.Element) -> None:
    pass  # a void element: no closing tag


def _depart_label(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</label>")


def compact_cell(node: nodes.Element) -> bool:
    """A paragraph that is all a table cell holds is written without <p>, as docutils' html4css1 writer does
    (`should_be_compact_paragraph`; its html5 writer leaves this as a to-do): the curriculum's generated tables
    hold some 16,000 cells, each one paragraph, and ibsa.css gives a cell the space Furo gave its paragraph. A
    paragraph with an id or a class keeps its tag, which carries them."""
    return (isinstance(node.parent, nodes.entry) and not node["ids"] and not node["classes"]
            and [n for n in node.parent.children if not isinstance(n, nodes.Invisible)] == [node])


def visit_paragraph(self: HTML5Translator, node: nodes.paragraph) -> None:
    if not compact_cell(node):
        HTML5Translator.visit_paragraph(self, node)


def depart_paragraph(self: HTML5Translator, node: nodes.paragraph) -> None:
    if not compact_cell(node):
        HTML5Translator.depart_paragraph(self, node)


def visit_row(self: HTML5Translator, node: nodes.row) -> None:
    """A row without the row-even/row-odd class Sphinx adds: no style sheet the site loads uses them."""
    self.body.append(self.starttag(node, "tr", ""))
    node.column = 0  # type: ignore[attr-defined]  # docutils' visit_entry counts the columns from here


def other_languages(languages: list[str], language: str, edition: str, pagename: str) -> list[dict[str, str]]:
    """The same page in each other language's edition: `make html` builds them side by side as
    <language>/<edition>/, so the link climbs out of this edition and into the other."""
    up = "../" * (pagename.count("/") + 2)
    return [{"code": code, "name": state.LANGUAGES[code], "tag": code.replace("_", "-"),
             "url": f"{up}{code}/{edition}/{pagename}.html"} for code in languages if code != language]


def edition_languages(app: Sphinx) -> list[str]:
    """English, the source, and each language the project has translations for: a project without a
    catalogue for a language builds no edition in it, so its pages must not link there."""
    source = Path(app.srcdir)
    return [code for code in state.LANGUAGES
            if code == "en" or any((source / d / code / "LC_MESSAGES").is_dir() for d in app.config.locale_dirs)]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Templates learn the edition (the facilitator edition shows its banner on every page), where the same
    page is in the other languages, and whether a link takes its hover title from another (ibsa.sphinxext.refs)."""
    context["ibsa_facilitator"] = state.facilitator(app.env)
    context["ibsa_shared_titles"] = doctree is not None and bool(doctree.get(refs.SHARED_TITLES))
    context["ibsa_languages"] = other_languages(edition_languages(app), app.config.language or "en",
                                                state.edition(app.env), pagename)


# Sphinx compares the configuration with the last build's before the builder starts, and hashes it into
# `.buildinfo`. sphinx-design adds its static folder when the builder starts, so every build found the configuration
# "changed"; and absolute paths made two checkouts of one commit, each with its own environment, differ. So the
# folder is in the configuration from the start, and paths inside the project are recorded relative to it.
DESIGN_STATIC = Path(sphinx_design.extension.STATIC_DIR)


def config_path(path: Path, confdir: str | Path) -> str:
    """A folder for html_static_path or templates_path (Sphinx reads both relative to the configuration folder):
    relative when it is inside the project (its own checkout, its own environment), else absolute."""
    path, confdir = path.resolve(), Path(confdir).resolve()
    return path.relative_to(confdir).as_posix() if path.is_relative_to(confdir) else str(path)


def _one_design_static(app: Sphinx) -> None:
    """After sphinx-design's builder-inited handler appended its folder a second time: keep the first entry."""
    paths, seen = [], set()
    for p in app.config.html_static_path:
        key = (Path(app.confdir) / p).resolve()
        if key not in seen:
            seen.add(key)
            paths.append(p)
    app.config.html_static_path[:] = paths


def _set_language(app: Sphinx) -> None:
    """ibsa.describe words dates, penalties and citations in the build's language. After the extension's own
    builder-inited handler (priority 500), which writes the stubs in the source language."""
    describe.set_language(app.config.language)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _set_language, priority=600)
    app.connect("builder-inited", _one_design_static, priority=600)
    app.add_node(sd_tab_input, override=True, html=(visit_tab_input, _depart_input))
    app.add_node(sd_tab_label, override=True, html=(visit_tab_label, _depart_label))
    app.add_node(nodes.paragraph, override=True, html=(visit_paragraph, depart_paragraph))
    app.add_node(nodes.row, override=True, html=(visit_row, None))
    app.connect("html-page-context", page_context)
