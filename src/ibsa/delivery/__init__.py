"""Artefacts for delivering the curriculum outside the site (exports, printed packs), one module per kind."""
