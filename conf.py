"""Sphinx configuration. The edition is chosen with -D ibsa_edition=participant|facilitator."""

project = "Responding to image-based sexual abuse"
author = "ibsa-curriculum contributors"
copyright = "the ibsa-curriculum contributors; content CC BY 4.0, code Apache-2.0"  # noqa: A001
language = "en"  # the source; `-D language=zh_CN` builds the Chinese edition from locales/ (see README)
locale_dirs = ["locales"]
gettext_compact = False  # one catalogue per page and per data file, as translators work
gettext_location = True
gettext_uuid = False

extensions = ["ibsa.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
myst_url_schemes = ["http", "https", "mailto"]  # no javascript: or data: links
source_suffix = {".md": "markdown"}
root_doc = "index"
# An allow-list: only these become pages. A stray Markdown file (a root facilitator-tips.md, exercises/notes/x.md)
# is never built, and `ibsa check` reports it. catalogue/, scenarios/, tools/ and course-plans/ hold generated stubs
# (course-plans/ is rendered from courses/*.yaml).
include_patterns = ["index.md", "about.md", "glossary.md", "curriculum/**", "catalogue/**", "scenarios/**", "tools/**",
                    "course-plans/**"]
exclude_patterns = ["_build", ".*", "**/.*"]


def _links() -> list[str]:
    """Symbolic links in the content are never followed (they may point outside the repository); `ibsa check`
    reports each one by name."""
    from pathlib import Path

    here = Path(__file__).parent
    found = [p.relative_to(here).as_posix() for p in (here / "curriculum").rglob("*") if p.is_symlink()]
    return [pattern for link in found for pattern in (link, f"{link}/**")]


exclude_patterns += _links()

html_theme = "furo"
html_title = "Responding to image-based sexual abuse"
html_copy_source = False  # answer keys must not travel through _sources/ (the extension enforces it too)
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {"navigation_with_keys": True}
suppress_warnings = ["myst.header"]
# PDF: `ibsa dist-pdf` builds a workbook (participant edition) or guide (facilitator edition) per course with
# XeLaTeX; fonts, paper and latex_documents are set by the extension (ibsa.sphinxext.latex) for the language built
latex_engine = "xelatex"
graphviz_output_format = "svg"  # drawn at build time by the local `dot`; no external service


def _no_raw_output(app, doctree):  # noqa: ANN001, ANN202 (Sphinx's signature)
    """Raw HTML and comments never reach a page, whatever slipped past `ibsa check` (which reports them at their
    line): MyST turns inline and block HTML into raw nodes, and `<!-- -->` into comments published in the HTML."""
    from docutils import nodes

    for node in list(doctree.findall(lambda n: isinstance(n, nodes.raw | nodes.comment))):
        node.parent.remove(node)


def _local_images_only(app, doctree):  # noqa: ANN001, ANN202
    """Only images that are files inside curriculum/ reach a page (which of them are allowed, the listed diagrams,
    is `ibsa check`'s call): a data: URI, a remote image or a file elsewhere on disk is dropped before Sphinx
    collects images to copy them into _images/. Runs before Sphinx's own image collector (priority 400)."""
    import posixpath

    from docutils import nodes

    docdir = posixpath.dirname(app.env.docname)
    for node in list(doctree.findall(nodes.image)):
        uri = node.get("uri", "")
        target = posixpath.normpath(uri.lstrip("/") if uri.startswith("/") else posixpath.join(docdir, uri))
        if ":" in uri or uri.startswith("//") or not target.startswith("curriculum/"):
            node.parent.remove(node)


def _no_insertion(app):  # noqa: ANN001, ANN202
    # docutils' own switches: the raw directive and file insertion ({include}, {literalinclude}) are off
    app.env.settings.update(raw_enabled=False, file_insertion_enabled=False)


def setup(app):  # noqa: ANN001, ANN201
    app.connect("builder-inited", _no_insertion)
    app.connect("doctree-read", _no_raw_output)
    app.connect("doctree-read", _local_images_only, priority=400)
