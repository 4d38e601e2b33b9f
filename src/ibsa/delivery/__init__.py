"""Artefacts made from the built site or from the data for delivery: one module per kind, each writing
`_build/dist/<lang>/<kind>/<file>` (file names end in -participant.<ext> or -facilitator.<ext>)."""
