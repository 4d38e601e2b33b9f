"""Skeletons for a new lesson or scenario (`ibsa new`): complete enough to load and check, with every text an
author must still write left as a stub that `ibsa check` reports (code `placeholder`) until it is written.

A new scenario given facts has its answer key filled from the analysis: each provision that applies, with one
reasoning stub per element naming the facts that element reads, so the author writes reasons, not structure.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

import yaml

from ibsa import expr, judgement
from ibsa.findings import hint
from ibsa.loaders import CURRICULUM_DIR, EXERCISES_DIR, FRONT_MATTER, Corpus
from ibsa.model import FactType, Scenario

STUB = "To be written"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SCHEMA_LINE = "# yaml-language-server: $schema={path}\n"  # editors with the YAML language server validate


class ScaffoldError(ValueError):
    """The request cannot be scaffolded; the message says how to fix it."""


@dataclass(frozen=True)
class Written:
    """A file to write (or rewrite) and its new text."""

    path: str
    text: str


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _schema(rel: str, name: str) -> str:
    return SCHEMA_LINE.format(path=os.path.relpath(f"schemas/{name}", os.path.dirname(rel)))


# ------------------------------------------------------------------ lessons


def lesson_id(corpus: Corpus, module: str, slug: str) -> str:
    """The new lesson's id: the prefix its module's lessons share, then the slug without its number."""
    words = re.sub(r"^\d+-", "", slug)
    ids = [lesson.lesson for lesson in corpus.lessons.values() if lesson.module == module]
    shared: list[str] = []
    for parts in zip(*(i.split("-") for i in ids), strict=False) if len(ids) > 1 else ():
        if len(set(parts)) > 1:
            break
        shared.append(parts[0])
    return "-".join([*shared, words])


def new_lesson(corpus: Corpus, module: str, slug: str, minutes: int = 30) -> list[Written]:
    """The lesson page (status: draft) and its module index with the duration raised by `minutes`."""
    if module not in corpus.modules:
        raise ScaffoldError(f"no module '{module}'" + (hint(module, corpus.modules) or
                                                       f"; expected one of {', '.join(sorted(corpus.modules))}"))
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is not a file name for a lesson; use lower-case words joined by '-', "
                            "numbered like the module's other lessons (e.g. 09-new-topic)")
    rel = f"{CURRICULUM_DIR}/{module}/{slug}.md"
    if (corpus.root / rel).exists():
        raise ScaffoldError(f"{rel} exists already; choose another name")
    lid = lesson_id(corpus, module, slug)
    if lid in corpus.lessons:
        raise ScaffoldError(f"lesson id '{lid}' is taken by {corpus.lessons[lid].path}; choose another name")
    title = re.sub(r"^\d+-", "", slug).replace("-", " ").capitalize()
    front = {"ibsa_lesson": {
        "lesson": lid, "title": title, "module": module, "status": "draft",
        "tracks": ["police", "ngo", "clinic"], "duration": minutes, "prerequisites": [],
        "objectives": [{"id": f"{lid}-o1", "text": f"{STUB}: what a participant can do after this lesson."}],
        "key_points": [f"{STUB}: the point a participant must remember."]}}
    body = (f"# {title}\n\n```{{lesson-overview}}\n```\n\n## {STUB}\n\n{STUB}: the lesson. Cite the law with "
            "roles (see the README), never by typing figures.\n\n```{key-points}\n```\n")
    page = Written(rel, f"---\n{_dump(front)}---\n{body}")
    return [page, _module_duration(corpus, module, minutes)]


def _module_duration(corpus: Corpus, module: str, minutes: int) -> Written:
    mod = corpus.modules[module]
    text = (corpus.root / mod.path).read_text(encoding="utf-8")
    m = FRONT_MATTER.match(text)
    front = m.group(0) if m else ""
    changed, n = re.subn(r"(?m)^(\s*duration:\s*)\d+", lambda d: f"{d[1]}{mod.duration + minutes}", front, count=1)
    if not n:
        raise ScaffoldError(f"{mod.path} has no 'duration' in its front matter; add one")
    return Written(mod.path, changed + text[len(front):])


# ------------------------------------------------------------------ scenarios


_KIND = {FactType.BOOL: "true or false", FactType.INT: "a whole number", FactType.DATE: "a date, YYYY-MM-DD"}


def parse_fact(corpus: Corpus, item: str) -> tuple[str, object]:
    """'name=value' with the value read as the fact's type."""
    name, sep, raw = item.partition("=")
    fact = corpus.facts.get(name.strip())
    if not sep or fact is None:
        raise ScaffoldError(f"'{item}' is not name=value with a known fact"
                            f"{hint(name.strip(), corpus.facts) if sep else ''}; facts are in law/facts.yaml")
    raw = raw.strip()
    try:
        if fact.type is FactType.BOOL:
            if raw not in ("true", "false"):
                raise ValueError
            return name.strip(), raw == "true"
        if fact.type is FactType.INT:
            return name.strip(), int(raw)
        if fact.type is FactType.DATE:
            return name.strip(), dt.date.fromisoformat(raw)
    except ValueError:
        raise ScaffoldError(f"'{item}': {name.strip()} takes {_KIND[fact.type]}") from None
    return name.strip(), raw


def new_scenario(corpus: Corpus, sid: str, jurisdiction: str, incident: dt.date, facts: dict[str, object],
                 objective: str | None = None) -> Written:
    """A scenario skeleton; with facts, its answer key lists what applies, one reasoning stub per element."""
    if not SLUG.match(sid):
        raise ScaffoldError(f"'{sid}' is not a scenario id; use lower-case words joined by '-', e.g. "
                            "cn-hotel-camera-2026")
    rel = f"{EXERCISES_DIR}/{sid}.yaml"
    if (corpus.root / rel).exists() or sid in corpus.scenarios:
        raise ScaffoldError(f"{rel} exists already; choose another id")
    if objective is not None and objective not in corpus.objectives():
        raise ScaffoldError(f"no lesson objective '{objective}'{hint(objective, corpus.objectives())}")
    data: dict[str, object] = {
        "id": sid, "title": f"{STUB}: a short title", "jurisdiction": jurisdiction, "incident_date": incident,
        "tracks": ["police", "ngo", "clinic"], "duration": 30,
        "objectives": [objective or "to-be-written"], "facts": facts,
        "narrative": f"{STUB}: the story, fictional, with a content note where needed; no answers.",
        "tasks": [{"id": "t1", "text": "Which provisions apply, and why?"}],
        "answer_key": {"applicable": _applicable(corpus, data_for_judging(sid, jurisdiction, incident, facts)),
                       "tasks": [{"task": "t1", "answer": f"{STUB}: the model answer."}]},
    }
    return Written(rel, _schema(rel, "scenario.schema.json") + _dump(data))


def data_for_judging(sid: str, jurisdiction: str, incident: dt.date, facts: dict[str, object]) -> Scenario | None:
    """A minimal scenario to judge the facts with, or None when there are no facts to judge."""
    if not facts:
        return None
    return Scenario.model_validate({
        "id": sid, "title": "-", "jurisdiction": jurisdiction, "incident_date": incident, "tracks": ["police"],
        "duration": 30, "objectives": ["x"], "facts": facts, "narrative": "-", "tasks": [{"id": "t1", "text": "-"}],
        "answer_key": {"tasks": [{"task": "t1", "answer": "-"}]}})


def _applicable(corpus: Corpus, sc: Scenario | None) -> list[dict[str, object]]:
    if sc is None:
        return []
    out = []
    for pid in judgement.applicable(corpus, sc):
        reasoning = []
        for element in corpus.provisions[pid].elements:
            node = corpus.expressions.get((pid, element.id))
            read = [leaf.fact for leaf in expr.leaves(node)] if node is not None else []
            stated = [f for f in dict.fromkeys(read) if f in sc.facts] or list(sc.facts)[:1]
            reasoning.append({"element": element.id, "facts": stated,
                              "text": f"{STUB}: why '{element.label}' is met on these facts."})
        out.append({"provision": pid, "reasoning": reasoning})
    return out
