"""Translating the data: which strings of the loaded files readers see, and the corpus in another language.

Lessons are translated by Sphinx's own gettext machinery, paragraph by paragraph. The data files (scenarios,
the law catalogue, the fact vocabulary, tools, referrals, courses, a lesson's front matter) reach pages through
directives, so their reader-facing strings are extracted here into the same kind of catalogue: one gettext
domain per source file, named like a docname (`exercises/cn-hotel-camera`, `law/cn-criminal-law`; a lesson's
front matter joins its own page's domain). `sphinx-build -b gettext` writes them beside the pages' catalogues
(`ibsa.sphinxext` adds them), `sphinx-intl update` keeps the PO files, and a build in another language reads
the corpus through `localise`. Only text is translated: facts, dates, thresholds, penalties and ids are shared
by every language, so the checker verifies one set of facts for all of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from pydantic import BaseModel

from ibsa.loaders import LAW_DIR, REFERRALS_FILE, Corpus
from ibsa.model import (
    AttitudeScale,
    CheckItem,
    ChecklistItem,
    CheckOption,
    Course,
    DeadlineAnswer,
    DraftElement,
    Element,
    ElementReasoning,
    Evaluation,
    EventType,
    Fact,
    FeedbackForm,
    FeedbackQuestion,
    Instrument,
    Lesson,
    LogColumn,
    Module,
    NotApplicable,
    Objective,
    Party,
    Penalty,
    PenaltyTier,
    Provision,
    Role,
    Rubric,
    RubricCriterion,
    ScaleItem,
    Scenario,
    Service,
    Session,
    SessionPart,
    Source,
    Task,
    TaskAnswer,
    Threshold,
    TimelineEvent,
    Tool,
    ToolItem,
    ToolSection,
)

LOCALE_DIR = "locales"
SOURCE_LANGUAGE = "en"

# The fields readers see, per model. Everything else (ids, facts, dates, numbers, addresses, official titles,
# which are data in their own languages in `Bilingual`) is shared by all languages.
FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    Fact: ("definition",),
    EventType: ("definition",),
    # Notes on how an entry was verified stay in the language the sources were read in: they are for authors
    # and reviewers, and the facilitator edition marks them as English (see the README).
    Instrument: ("short",),
    Provision: ("part", "summary"),
    Source: ("official_unavailable",),  # why readers are shown no official address; titles are citations
    Element: ("label", "evidence", "gaps"),
    Threshold: ("label",),
    Penalty: ("note",),
    PenaltyTier: ("label", "note"),
    Scenario: ("title", "narrative", "hints", "facilitator_notes"),
    TimelineEvent: ("note",),
    Task: ("text",),
    Party: ("label",),
    ElementReasoning: ("text",),
    NotApplicable: ("reason",),
    DeadlineAnswer: ("text",),
    TaskAnswer: ("answer",),
    DraftElement: ("label",),
    Role: ("title", "briefing"),
    ChecklistItem: ("text",),
    Lesson: ("title", "key_points"),
    Objective: ("text",),
    Module: ("title", "content_note"),
    Tool: ("title", "purpose", "body"),
    ToolSection: ("title",),
    ToolItem: ("text",),
    LogColumn: ("label",),
    Service: ("runs_it", "scope", "contact", "hours", "notes"),
    Course: ("title", "format"),
    Session: ("title",),
    SessionPart: ("break_",),
    Evaluation: ("title",),
    CheckItem: ("question", "explanation"),
    CheckOption: ("text",),
    Rubric: ("title", "applies_to", "levels"),
    RubricCriterion: ("criterion", "levels"),
    AttitudeScale: ("title", "instructions", "points", "scoring"),
    ScaleItem: ("text",),
    FeedbackForm: ("title", "instructions", "points"),
    FeedbackQuestion: ("text",),
}

Visit = Callable[[str, tuple[str | int, ...]], str]
Loc = tuple[str | int, ...]


def domain(path: str) -> str:
    """The gettext domain of a source file: its path without the suffix (a lesson's is its docname)."""
    return path.rsplit(".", 1)[0]


def _strings(value: Any, loc: Loc, visit: Visit) -> Any:
    if isinstance(value, str):
        return visit(value, loc)
    if isinstance(value, list):
        return [_strings(v, (*loc, i), visit) for i, v in enumerate(value)]
    return value  # None


def _walk(obj: Any, loc: Loc, visit: Visit) -> Any:
    """`obj` with every reader-facing string replaced by `visit(string, location)`; unchanged parts are kept."""
    if isinstance(obj, BaseModel):
        wanted = FIELDS.get(type(obj), ())
        update = {}
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            key = (*loc, info.alias or name)  # the YAML key, for line numbers
            new = _strings(value, key, visit) if name in wanted else _walk(value, key, visit)
            if new != value:
                update[name] = new
        return obj.model_copy(update=update) if update else obj
    if isinstance(obj, list):
        return [_walk(v, (*loc, i), visit) for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        return {k: _walk(v, (*loc, k), visit) for k, v in obj.items()}
    return obj


def _sources(corpus: Corpus) -> Iterator[tuple[str, Loc, str, dict[str, Any], str]]:
    """(path, location in the file, collection name, collection, key) of every translatable object."""
    for name in corpus.facts:
        yield f"{LAW_DIR}/facts.yaml", ("facts", name), "facts", corpus.facts, name
    for name in corpus.events:
        yield f"{LAW_DIR}/events.yaml", ("events", name), "events", corpus.events, name
    kinds = (("instrument", "instruments"), ("provision", "provisions"), ("scenario", "scenarios"),
             ("lesson", "lessons"), ("module", "modules"), ("tool", "tools"),
             ("course", "courses"), ("evaluation", "evaluations"), ("evaluation-shared", "evaluation_shared"))
    for kind, attr in kinds:
        items = getattr(corpus, attr)
        for key in items:
            path, loc = corpus.where[f"{kind}:{key}"]
            yield path, loc[:1] if kind == "instrument" else loc, attr, items, key


def _services(corpus: Corpus) -> tuple[str, Loc]:
    return corpus.where.get("referrals", (REFERRALS_FILE, ()))


@dataclasses.dataclass(frozen=True)
class Message:
    text: str
    path: str
    line: int

    @property
    def domain(self) -> str:
        return domain(self.path)


def messages(corpus: Corpus) -> list[Message]:
    """Every reader-facing string of the data, with the file and line it comes from."""
    found: list[Message] = []

    def collector(path: str) -> Visit:
        doc = corpus.docs.get(path)

        def visit(text: str, loc: Loc) -> str:
            if text.strip():
                found.append(Message(text, path, doc.line_of(loc) if doc else 1))
            return text
        return visit

    for path, loc, _attr, items, key in _sources(corpus):
        _walk(items[key], loc, collector(path))
    path, loc = _services(corpus)
    for i, service in enumerate(corpus.services):
        _walk(service, (*loc, "services", i), collector(path))
    return found


# ------------------------------------------------------------------ reading translations


Catalog = dict[str, str]


def read_catalogs(root: Path, language: str) -> dict[str, Catalog]:
    """domain -> {English: translation} from `locales/<language>/LC_MESSAGES/**/*.po`; untranslated and fuzzy
    entries are left out, so their English shows (and the completeness test reports them)."""
    base = root / LOCALE_DIR / language / "LC_MESSAGES"
    out: dict[str, Catalog] = {}
    if not base.is_dir():
        return out
    for po in sorted(base.rglob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        out[po.relative_to(base).with_suffix("").as_posix()] = {
            m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}
    return out


def localise(corpus: Corpus, catalogs: dict[str, Catalog]) -> Corpus:
    """A copy of `corpus` whose reader-facing strings are translated where a translation exists."""

    def translator(path: str) -> Visit:
        table = catalogs.get(domain(path), {})
        return lambda text, _loc: table.get(text, text)

    updated: dict[str, dict[str, Any]] = {}
    for path, loc, attr, items, key in _sources(corpus):
        updated.setdefault(attr, dict(items))[key] = _walk(items[key], loc, translator(path))
    path, loc = _services(corpus)
    services = [_walk(s, (*loc, "services", i), translator(path)) for i, s in enumerate(corpus.services)]
    # derived data (the analysis index) is built again on demand; it holds no text, but a fresh cache is safe
    return dataclasses.replace(corpus, **updated, services=services, cache={})
