"""Artefacts delivered beside the site (issue 19): PDFs, handouts, editable letters, one module per kind."""
