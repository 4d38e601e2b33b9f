"""JSON Schemas for what trainers type: scenario files and lesson/module front matter.

Published under schemas/ so editors (VS Code's YAML extension, for one) validate while typing.
"""

from __future__ import annotations

import json

from ibsa.model import CatalogueFile, Lesson, Module, ReferralsFile, Scenario, TermsFile, Tool

SCHEMAS = {
    "scenario.schema.json": (Scenario, "A scenario exercise (exercises/*.yaml)"),
    "lesson.schema.json": (Lesson, "The 'ibsa_lesson' front matter of a lesson"),
    "module.schema.json": (Module, "The 'ibsa_module' front matter of a module index"),
    "catalogue.schema.json": (CatalogueFile, "A provision catalogue file (law/*.yaml)"),
    "tool.schema.json": (Tool, "A printable tool (resources/tools/*.yaml)"),
    "referrals.schema.json": (ReferralsFile, "The referral directory (resources/referrals.yaml)"),
    "terms.schema.json": (TermsFile, "The term base (law/terms.yaml)"),
}


def render_all() -> dict[str, str]:
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out
