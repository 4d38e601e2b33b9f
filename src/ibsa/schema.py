"""JSON Schemas for what trainers type: scenario files, lesson/module front matter, the catalogue, tools, the
referral directory and the term base.

Published under schemas/ so editors (VS Code's YAML extension, for one: see .vscode/settings.json) validate while
typing. Given the corpus, the schemas also list the names that exist (facts, provision ids, objective and lesson
ids), so a misspelt name is underlined and the editor offers the right ones; `make schemas` refreshes them after
such names are added.
"""

from __future__ import annotations

import json
from typing import Any

from ibsa.loaders import Corpus
from ibsa.model import CatalogueFile, Course, Lesson, Module, ReferralsFile, Scenario, TermsFile, Tool

SCHEMAS = {
    "scenario.schema.json": (Scenario, "A scenario exercise (exercises/*.yaml)"),
    "lesson.schema.json": (Lesson, "The 'ibsa_lesson' front matter of a lesson"),
    "module.schema.json": (Module, "The 'ibsa_module' front matter of a module index"),
    "catalogue.schema.json": (CatalogueFile, "A provision catalogue file (law/*.yaml)"),
    "tool.schema.json": (Tool, "A printable tool (resources/tools/*.yaml)"),
    "referrals.schema.json": (ReferralsFile, "The referral directory (resources/referrals.yaml)"),
    "terms.schema.json": (TermsFile, "The term base (law/terms.yaml)"),
    "course.schema.json": (Course, "A course for one audience (courses/*.yaml)"),
}
# Where a property of a data file names something of the corpus: (property, what it names). The catalogue's own
# schema is left open (a new provision's facts are written before they exist anywhere else).
NAMES = {"provision": "provisions", "fact": "facts", "facts": "facts", "objectives": "objectives",
         "prerequisites": "lessons"}
NAMED_IN = {"scenario.schema.json", "lesson.schema.json", "tool.schema.json", "course.schema.json"}
# in a course, a part's lesson and exercise, the lessons it assumes and the tools it prints name existing ones
COURSE_NAMES = {**NAMES, "lesson": "lessons", "assumes": "lessons", "exercise": "scenarios", "print": "tools"}


def _names(corpus: Corpus) -> dict[str, list[str]]:
    return {"provisions": sorted(corpus.provisions), "facts": sorted(corpus.facts),
            "objectives": sorted(corpus.objectives()), "lessons": sorted(corpus.lessons),
            "scenarios": sorted(corpus.scenarios), "tools": sorted(corpus.tools)}


def _enumerate(node: Any, names: dict[str, list[str]], props: dict[str, str] = NAMES) -> None:
    """Adds the valid names to every property that holds one (a string, a list of them, or a mapping's keys)."""
    if isinstance(node, list):
        for item in node:
            _enumerate(item, names, props)
        return
    if not isinstance(node, dict):
        return
    for prop, sub in node.get("properties", {}).items():
        kind = props.get(prop)
        if kind is None:
            continue
        for option in sub.get("anyOf", [sub]):  # optional fields are anyOf [the type, null]
            if option.get("type") == "string":
                option["enum"] = names[kind]
            elif option.get("type") == "array" and option.get("items", {}).get("type") == "string":
                option["items"]["enum"] = names[kind]
            elif option.get("type") == "object":
                option["propertyNames"] = {"enum": names[kind]}
    for value in node.values():
        _enumerate(value, names, props)


def render_all(corpus: Corpus | None = None) -> dict[str, str]:
    out = {}
    names = _names(corpus) if corpus is not None else None
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
        if names is not None and name in NAMED_IN:
            _enumerate(schema, names, COURSE_NAMES if name == "course.schema.json" else NAMES)
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out
