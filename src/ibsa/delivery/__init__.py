"""Artefacts for delivery, made from the data or from the built site: one module per kind (moodle, slides, offline,
...), each writing `_build/dist/<lang>/<kind>/<file>` (file names end in -participant.<ext> or -facilitator.<ext>)."""

LANGUAGES = ("en", "zh_CN")  # every artefact is made in each language the curriculum is written in
EDITIONS = ("participant", "facilitator")  # a -facilitator artefact holds answers; only -participant is published
