"""Artefacts built from the corpus outside the Sphinx site: one module per kind (moodle, ...)."""
