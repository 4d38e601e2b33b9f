"""Sphinx configuration. The edition is chosen with -D ibsa_edition=participant|facilitator."""

project = "Responding to image-based sexual abuse"
author = "ibsa-curriculum contributors"
copyright = "the ibsa-curriculum contributors; content CC BY 4.0, code Apache-2.0"  # noqa: A001
language = "en"

extensions = ["ibsa.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", ".venv", "README.md", "LICENSE-CONTENT.md", "law/*.md", "exercises/*.md", "resources", "tests", "benchmarks",
                    "schemas", ".ci", "src", ".*"]

html_theme = "furo"
html_title = "Responding to image-based sexual abuse"
html_copy_source = False  # answer keys must not travel through _sources/ (the extension enforces it too)
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {"navigation_with_keys": True}
suppress_warnings = ["myst.header"]
graphviz_output_format = "svg"  # drawn at build time by the local `dot`; no external service
