"""Read law/, exercises/ and curriculum/ into a Corpus.

Loaders only read and validate shapes: every problem becomes a Finding with a
path and line, and every file is either loaded or reported, never skipped.
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ibsa import cache, expr
from ibsa.findings import Finding, FindingError
from ibsa.model import (
    CatalogueFile,
    Course,
    Evaluation,
    EventsFile,
    EventType,
    Fact,
    FactsFile,
    Instrument,
    Lesson,
    Module,
    Policy,
    Provision,
    ReferralsFile,
    Scenario,
    Service,
    SharedEvaluation,
    Term,
    TermsFile,
    Tool,
)
from ibsa.yamlsrc import YamlDoc, parse_yaml, read_text, to_plain

M = TypeVar("M", bound=BaseModel)

LAW_DIR, EXERCISES_DIR, CURRICULUM_DIR, RESOURCES_DIR = "law", "exercises", "curriculum", "resources"
TOOLS_DIR, REFERRALS_FILE = "resources/tools", "resources/referrals.yaml"
COURSES_DIR = "courses"  # a course per audience (optional: a repository may have none)
EVALUATION_DIR = "evaluation"  # a course's evaluation instruments (optional), and the shared ones
POLICY_FILE = "content-policy.yaml"
TERMS_FILE = "terms.yaml"  # the English-Chinese term base (law/terms.yaml)
VOCABULARY_FILES = {"facts.yaml", "events.yaml", TERMS_FILE}
DATA_SUFFIXES = {".yaml", ".yml"}
DOC_SUFFIXES = {".md"}  # documentation beside the data (README, FORMAT)
# images and video are reported by ibsa.safety (only listed diagrams are allowed), not as stray files
MEDIA_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".avif", ".svg",
                  ".mp4", ".mov", ".webm", ".avi", ".mkv"}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)


@dataclass
class Corpus:
    root: Path
    facts: dict[str, Fact] = field(default_factory=dict)
    events: dict[str, EventType] = field(default_factory=dict)
    instruments: dict[str, Instrument] = field(default_factory=dict)
    provisions: dict[str, Provision] = field(default_factory=dict)
    expressions: dict[tuple[str, str], expr.Node] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    policy: Policy | None = None
    lessons: dict[str, Lesson] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    evaluations: dict[str, Evaluation] = field(default_factory=dict)  # by course id
    evaluation_shared: dict[str, SharedEvaluation] = field(default_factory=dict)  # "shared": scale and feedback
    services: list[Service] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    translations: dict[str, Any] = field(default_factory=dict)  # PO path -> ibsa.translations.PoFile
    docs: dict[str, YamlDoc] = field(default_factory=dict)  # path -> parsed file, for line numbers
    where: dict[str, tuple[str, tuple[str | int, ...]]] = field(default_factory=dict)  # id -> (path, loc)
    findings: list[Finding] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # derived data (e.g. the analysis index), built on demand

    def line(self, key: str, *more: str | int) -> tuple[str, int]:
        """(path, line) of an object registered under `key`, or of a field inside it."""
        path, loc = self.where[key]
        return path, self.docs[path].line_of((*loc, *more))

    def finding(self, key: str, loc: tuple[str | int, ...], code: str, message: str, **kw: Any) -> Finding:
        path, line = self.line(key, *loc)
        return Finding(path, line, code, message, **kw)

    def objectives(self) -> dict[str, Lesson]:
        return {o.id: lesson for lesson in self.lessons.values() for o in lesson.objectives}


# ------------------------------------------------------------ validation


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in error["loc"] if not str(p).startswith("function-"))
    kind, msg = error["type"], error["msg"]
    if kind == "missing":
        return f"missing required field '{loc}'"
    if kind == "extra_forbidden":
        return f"unknown field '{loc}'; check the spelling against the format"
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    return f"{loc or 'document'}: {msg[0].lower()}{msg[1:]}" if msg else loc


def validate(
    model: type[M], doc: YamlDoc, data: Any, base: tuple[str | int, ...] = ()
) -> tuple[M | None, list[Finding]]:
    """Validate data with pydantic; errors become findings at their own lines."""
    if not isinstance(data, dict):
        found = ("an empty file" if data is None else "a list" if isinstance(data, list)
                 else f"a single value ({str(data)[:40]!r})")
        return None, [doc.finding(base, "schema", f"expected a mapping of fields, found {found}")]
    try:
        return model.model_validate(to_plain(data)), []
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            out.append(doc.finding((*base, *loc), "schema", _describe({**err, "loc": loc})))
        return None, out


def _files(directory: Path, root: Path, suffixes: set[str], corpus: Corpus) -> list[Path]:
    """Data files of a directory; any other file is reported, not skipped."""
    wanted = []
    if not directory.is_dir():
        corpus.findings.append(Finding(directory.relative_to(root).as_posix(), 1, "layout",
                                       "directory is missing; expected it in the repository"))
        return wanted
    # links are never followed (they may point outside the repository); ibsa.safety reports them
    # sorted as Paths sort, on their parts: comparing 10,000 Paths takes seconds, their parts a few milliseconds
    for path in sorted((p for p in directory.rglob("*") if p.is_file() and not p.is_symlink()), key=lambda p: p.parts):
        if path.suffix in suffixes:
            wanted.append(path)
        elif path.suffix not in DOC_SUFFIXES | MEDIA_SUFFIXES and not path.name.startswith("."):
            corpus.findings.append(Finding(path.relative_to(root).as_posix(), 1, "layout",
                                           f"unexpected file type '{path.suffix}'; expected "
                                           + " or ".join(sorted(suffixes)) + " data files here"))
    return wanted


def _read(path: Path, root: Path, corpus: Corpus, shown: str | None = None) -> YamlDoc | None:
    shown = shown or path.relative_to(root).as_posix()

    def parse(text: str) -> tuple[bool, Any]:
        try:
            return True, parse_yaml(text, shown).data
        except FindingError as exc:
            return False, exc.finding

    try:
        ok, value = cache.result("yaml", path, shown, parse)
    except FindingError as exc:
        corpus.findings.append(exc.finding)
        return None
    if not ok:
        corpus.findings.append(value)
        return None
    doc = YamlDoc(shown, value, path)
    corpus.docs[shown] = doc
    return doc


def _register(corpus: Corpus, kind: str, key: str, doc: YamlDoc, loc: tuple[str | int, ...]) -> bool:
    """Record where an id is defined; a second definition is a finding."""
    full = f"{kind}:{key}"
    if full in corpus.where:
        first_path, first_line = corpus.line(full)
        corpus.findings.append(doc.finding(loc, "duplicate-id",
                                           f"{kind} id '{key}' is already defined at {first_path}:{first_line}; "
                                           "expected each id once"))
        return False
    corpus.where[full] = (doc.path, loc)
    return True


# ------------------------------------------------------------------- law


def load_law(corpus: Corpus) -> None:
    root = corpus.root
    files = _files(root / LAW_DIR, root, DATA_SUFFIXES, corpus)
    for name, model, attr in (("facts.yaml", FactsFile, "facts"), ("events.yaml", EventsFile, "events")):
        path = root / LAW_DIR / name
        if path not in files:
            corpus.findings.append(Finding(f"{LAW_DIR}/{name}", 1, "layout",
                                           f"the vocabulary file is missing; expected {LAW_DIR}/{name}"))
            continue
        doc = _read(path, root, corpus)
        if doc is not None:
            parsed, errors = validate(model, doc, doc.data)
            corpus.findings.extend(errors)
            if parsed is not None:
                setattr(corpus, attr, getattr(parsed, attr))
    terms = root / LAW_DIR / TERMS_FILE
    if terms in files and (doc := _read(terms, root, corpus)) is not None:  # optional: only where translated
        parsed, errors = validate(TermsFile, doc, doc.data)
        corpus.findings.extend(errors)
        if parsed is not None:
            corpus.where["terms"] = (doc.path, ())
            corpus.terms = parsed.terms
    for path in files:
        if path.name not in VOCABULARY_FILES:
            _load_catalogue_file(corpus, path)


def _load_catalogue_file(corpus: Corpus, path: Path) -> None:
    doc = _read(path, corpus.root, corpus)
    if doc is None:
        return
    data = doc.data
    if not isinstance(data, dict) or "provisions" not in data or not isinstance(data["provisions"], list):
        _, errors = validate(CatalogueFile, doc, data)
        corpus.findings.extend(errors)
        return
    # validate provision by provision, so one bad entry does not hide the others
    head, errors = validate(CatalogueFile, doc, {**data, "provisions": [_PLACEHOLDER]})
    corpus.findings.extend(errors)
    instrument = head.instrument if head else None
    if instrument and _register(corpus, "instrument", instrument.id, doc, ("instrument", "id")):
        corpus.instruments[instrument.id] = instrument
    for i, raw in enumerate(data["provisions"]):
        prov, errors = validate(Provision, doc, raw, ("provisions", i))
        corpus.findings.extend(errors)
        if prov is None:
            continue
        prov = prov.model_copy(update={"instrument": instrument.id if instrument else "", "path": doc.path})
        if instrument and not prov.id.startswith(instrument.id + "-"):
            corpus.findings.append(doc.finding(("provisions", i, "id"), "provision-id",
                                               f"provision id '{prov.id}' does not start with its instrument id "
                                               f"'{instrument.id}-'"))
        if not _register(corpus, "provision", prov.id, doc, ("provisions", i)):
            continue
        corpus.provisions[prov.id] = prov
        for j, element in enumerate(prov.elements):
            try:
                corpus.expressions[(prov.id, element.id)] = expr.parse(element.when)
            except expr.ExprError as exc:
                corpus.findings.append(doc.finding(("provisions", i, "elements", j, "when"), "expression",
                                                   f"element '{element.id}' of {prov.id}: {exc}"))


# a minimal valid provision, so the instrument header can be validated on its own
_PLACEHOLDER = {
    "id": "XX-PLACEHOLDER", "article": "-", "title": {"en": "-"}, "kind": "civil",
    "in_force": {"from": "2000-01-01"}, "summary": "-", "source": {"url": "https://x", "checked": "2000-01-01"},
    "verified": False,
}


# -------------------------------------------------------------- exercises


ScenarioParse = tuple[Finding | None, Scenario | None, list[Finding]]  # (unreadable, model, validation errors)


def _parse_scenario(text: str, shown: str) -> ScenarioParse:
    try:
        data = parse_yaml(text, shown).data
    except FindingError as exc:
        return exc.finding, None, []
    failed, scenario, errors = None, *validate(Scenario, YamlDoc(shown, data, text), data)
    return failed, scenario.model_copy(update={"path": shown}) if scenario else None, errors


def load_scenario_file(corpus: Corpus, path: Path, shown: str | None = None) -> Scenario | None:
    shown = shown or path.relative_to(corpus.root).as_posix()
    try:  # the model of an unchanged file comes from the cache when there is one (the Sphinx build keeps one)
        failure, scenario, errors = cache.result("scenario-model", path, shown,
                                                 lambda text: _parse_scenario(text, shown))
    except FindingError as exc:
        corpus.findings.append(exc.finding)
        return None
    corpus.findings.extend([failure] if failure else errors)
    if failure is None:
        doc = corpus.docs[shown] = YamlDoc(shown, None, path)
    if scenario is None:
        return None
    if _add_scenario(corpus, path, doc, scenario.id, _drafts(scenario)):
        corpus.scenarios[scenario.id] = scenario
    return scenario


def _drafts(scenario: Scenario) -> list[tuple[str, Any]]:
    """(element id, its 'when') of the offence a scenario's answer key drafts."""
    return [(e.id, e.when) for e in (scenario.answer_key.draft.elements if scenario.answer_key.draft else [])]


def _add_scenario(corpus: Corpus, path: Path, doc: YamlDoc, sid: str, drafts: list[tuple[str, Any]]) -> bool:
    """Register a valid scenario's id and parse its draft offence; False for an id defined already."""
    if path.stem != sid:
        corpus.findings.append(doc.finding(("id",), "scenario-id",
                                           f"scenario id '{sid}' differs from the file name '{path.stem}'; "
                                           "expected them to match"))
    if not _register(corpus, "scenario", sid, doc, ()):
        return False
    for j, (element, when) in enumerate(drafts):
        try:
            corpus.expressions[(draft_key(sid), element)] = expr.parse(when)
        except expr.ExprError as exc:
            corpus.findings.append(doc.finding(("answer_key", "draft", "elements", j, "when"), "expression",
                                               f"draft element '{element}': {exc}"))
    return True


class LazyScenarios(Mapping[str, Scenario]):
    """Scenario models read again from their files when asked for, the last few kept: `ibsa check` keeps what
    it needs of each scenario (its summary), not 10,000 models (issue 21)."""

    KEPT = 64

    def __init__(self) -> None:
        self.paths: dict[str, tuple[Path, str]] = {}
        self._kept: OrderedDict[str, Scenario] = OrderedDict()

    def __getitem__(self, sid: str) -> Scenario:
        if sid in self._kept:
            self._kept.move_to_end(sid)
            return self._kept[sid]
        path, shown = self.paths[sid]
        try:
            scenario = _parse_scenario(read_text(path, shown), shown)[1]
        except FindingError:
            scenario = None
        if scenario is None:  # the file changed during the run
            raise KeyError(sid)
        self._kept[sid] = scenario
        if len(self._kept) > self.KEPT:
            self._kept.popitem(last=False)
        return scenario

    def __contains__(self, sid: object) -> bool:
        return sid in self.paths

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


@dataclass(frozen=True)
class ScenarioRecord:
    """What `ibsa check` keeps of one scenario file, in its cache: what registers it, and `summary`, what the
    checks made of it (ibsa.checks.summarise: its own findings and what checks across files need)."""

    failure: Finding | None
    errors: list[Finding]
    id: str | None = None
    drafts: list[tuple[str, Any]] = field(default_factory=list)
    summary: Any = None


@contextlib.contextmanager
def _on_its_own(corpus: Corpus, sid: str, shown: str, text: str) -> Iterator[None]:
    """While one scenario is summarised, what is found in it is located in its own file (with the text at hand),
    whatever other file defines the same id."""
    key = f"scenario:{sid}"
    held = corpus.where.get(key), corpus.docs.get(shown)
    corpus.where[key], corpus.docs[shown] = (shown, ()), YamlDoc(shown, None, text)
    try:
        yield
    finally:
        for table, name, old in ((corpus.where, key, held[0]), (corpus.docs, shown, held[1])):
            if old is None:
                table.pop(name, None)  # type: ignore[attr-defined]
            else:
                table[name] = old  # type: ignore[index]


def exercise_files(corpus: Corpus, report: bool = True) -> list[Path]:
    """The scenario files; any other file in exercises/ is reported, unless `report` is false (the files are
    listed again later, and reported then)."""
    return _files(corpus.root / EXERCISES_DIR, corpus.root, DATA_SUFFIXES, corpus if report else Corpus(corpus.root))


def scenario_record(corpus: Corpus, path: Path, shown: str,
                    summarise: Callable[[Corpus, Scenario], Any]) -> ScenarioRecord:
    """One scenario file's record, from the cache or parsed and summarised. Raises FindingError if the file
    cannot be read."""
    def record(text: str) -> ScenarioRecord:
        failure, scenario, errors = _parse_scenario(text, shown)
        if scenario is None:
            return ScenarioRecord(failure, errors)
        with _on_its_own(corpus, scenario.id, shown, text):
            summary = summarise(corpus, scenario)
        return ScenarioRecord(failure, errors, scenario.id, _drafts(scenario), summary)

    return cache.result("scenario", path, shown, record)


def load_exercises_summarised(corpus: Corpus, summarise: Callable[[Corpus, Scenario], Any]) -> dict[str, Any]:
    """Load the scenarios as `ibsa check` does on a large corpus: each file's record comes from the cache or is
    made from its model (`summarise` runs the checks of one scenario, with the law and the curriculum loaded),
    and no model is kept; `corpus.scenarios` reads one again when a check across files asks for it.
    Returns each registered scenario's summary."""
    lazy = LazyScenarios()
    corpus.scenarios = lazy  # type: ignore[assignment]
    summaries: dict[str, Any] = {}
    for path in exercise_files(corpus):
        shown = path.relative_to(corpus.root).as_posix()
        try:
            rec = scenario_record(corpus, path, shown, summarise)
        except FindingError as exc:
            corpus.findings.append(exc.finding)
            continue
        corpus.findings.extend([rec.failure] if rec.failure else rec.errors)
        if rec.failure is None:
            doc = corpus.docs[shown] = YamlDoc(shown, None, path)
        if rec.id is None:
            continue
        if _add_scenario(corpus, path, doc, rec.id, rec.drafts):
            lazy.paths[rec.id] = (path, shown)
            summaries[rec.id] = rec.summary
    return summaries


def draft_key(sid: str) -> str:
    """Where a scenario's draft offence keeps its parsed expressions in Corpus.expressions."""
    return f"draft:{sid}"


def load_exercises(corpus: Corpus) -> None:
    for path in _files(corpus.root / EXERCISES_DIR, corpus.root, DATA_SUFFIXES, corpus):
        load_scenario_file(corpus, path)


# ------------------------------------------------------------- curriculum


def split_front_matter(text: str, shown: str) -> YamlDoc | None:
    m = FRONT_MATTER.match(text)
    return parse_yaml(m.group(1) or "", shown, line_offset=1) if m else None


def load_curriculum(corpus: Corpus) -> None:
    root = corpus.root
    base = root / CURRICULUM_DIR
    for path in _files(base, root, {".md"}, corpus):
        rel = path.relative_to(base)
        if len(rel.parts) == 1:
            continue  # curriculum/index.md and other top-level pages need no front matter
        shown = path.relative_to(root).as_posix()
        folder, is_index = rel.parts[0], path.name == "index.md"
        key, model = ("ibsa_module", Module) if is_index else ("ibsa_lesson", Lesson)
        try:
            doc = split_front_matter(read_text(path, shown), shown)
        except FindingError as exc:
            corpus.findings.append(exc.finding)
            continue
        if doc is None or not isinstance(doc.data, dict) or key not in doc.data:
            corpus.findings.append(Finding(shown, 1, "front-matter",
                                           f"no '{key}' front matter; every "
                                           + ("module index" if is_index else "lesson")
                                           + f" starts with a '---' block holding '{key}:'"))
            continue
        corpus.docs[shown] = doc
        item, errors = validate(model, doc, doc.data[key], (key,))
        corpus.findings.extend(errors)
        if item is None:
            continue
        docname = path.relative_to(root).with_suffix("").as_posix()
        item = item.model_copy(update={"path": shown, "docname": docname})
        ident = item.module if isinstance(item, Module) else item.lesson
        if item.module != folder:
            corpus.findings.append(doc.finding((key, "module"), "module-folder",
                                               f"module '{item.module}' differs from the folder '{folder}'; "
                                               "expected the folder name"))
        kind = "module" if isinstance(item, Module) else "lesson"
        if not _register(corpus, kind, ident, doc, (key,)):
            continue
        if isinstance(item, Module):
            corpus.modules[ident] = item
        else:
            corpus.lessons[ident] = item
            for i, objective in enumerate(item.objectives):
                _register(corpus, "objective", objective.id, doc, (key, "objectives", i, "id"))


def load_policy(corpus: Corpus) -> None:
    """content-policy.yaml: blocked hosts, allowed diagrams, language rules (ibsa.safety applies them)."""
    path = corpus.root / POLICY_FILE
    if not path.is_file():
        corpus.findings.append(Finding(POLICY_FILE, 1, "layout", f"the content policy is missing; expected "
                                                                 f"{POLICY_FILE} at the repository root"))
        return
    doc = _read(path, corpus.root, corpus)
    if doc is not None:
        corpus.policy, errors = validate(Policy, doc, doc.data)
        corpus.findings.extend(errors)


def load_resources(corpus: Corpus) -> None:
    """resources/: the printable tools (one file each) and the referral directory."""
    root = corpus.root
    for path in _files(root / RESOURCES_DIR, root, DATA_SUFFIXES, corpus):
        shown = path.relative_to(root).as_posix()
        doc = _read(path, root, corpus)
        if doc is None:
            continue
        if shown == REFERRALS_FILE:
            parsed, errors = validate(ReferralsFile, doc, doc.data)
            corpus.findings.extend(errors)
            if parsed is not None:
                corpus.where["referrals"] = (shown, ())
                corpus.services = parsed.services
            continue
        if path.parent != root / TOOLS_DIR:
            corpus.findings.append(Finding(shown, 1, "layout", f"unexpected data file; expected {REFERRALS_FILE} "
                                                               f"or a tool in {TOOLS_DIR}/"))
            continue
        tool = _load_named(corpus, doc, Tool, "tool", path)
        if tool is not None:
            corpus.tools[tool.id] = tool


def _load_named(corpus: Corpus, doc: YamlDoc, model: type[M], kind: str, path: Path) -> M | None:
    """A file holding one item named by its id, which must be the file's name; None when it does not load."""
    item, errors = validate(model, doc, doc.data)
    corpus.findings.extend(errors)
    if item is None:
        return None
    ident = item.id  # type: ignore[attr-defined]
    if path.stem != ident:
        corpus.findings.append(doc.finding(("id",), f"{kind}-id", f"{kind} id '{ident}' differs from the file name "
                                                                 f"'{path.stem}'; expected them to match"))
    return item.model_copy(update={"path": doc.path}) if _register(corpus, kind, ident, doc, ()) else None


def _flat_folder(corpus: Corpus, folder: str, what: str) -> Iterator[tuple[Path, YamlDoc]]:
    """The readable data files directly in an optional folder; a file in a subfolder is reported."""
    root = corpus.root
    if not (root / folder).is_dir():
        return
    for path in _files(root / folder, root, DATA_SUFFIXES, corpus):
        if path.parent != root / folder:
            corpus.findings.append(Finding(path.relative_to(root).as_posix(), 1, "layout", f"unexpected data file "
                                           f"in a subfolder; expected each {what} directly in {folder}/"))
            continue
        doc = _read(path, root, corpus)
        if doc is not None:
            yield path, doc


def load_courses(corpus: Corpus) -> None:
    """courses/: one course per file, named by its id. The folder is optional; a stray file in it is reported."""
    for path, doc in _flat_folder(corpus, COURSES_DIR, "course"):
        course = _load_named(corpus, doc, Course, "course", path)
        if course is not None:
            corpus.courses[course.id] = course


def load_evaluation(corpus: Corpus) -> None:
    """evaluation/: one file per course, named by the course id, and `shared.yaml` (the attitudes scale and the
    feedback form every course uses). The folder is optional."""
    for path, doc in _flat_folder(corpus, EVALUATION_DIR, "file"):
        if path.stem == "shared":
            shared = _load_named(corpus, doc, SharedEvaluation, "evaluation-shared", path)
            if shared is not None:
                corpus.evaluation_shared[shared.id] = shared
            continue
        evaluation = _load_named(corpus, doc, Evaluation, "evaluation", path)
        if evaluation is not None:
            corpus.evaluations[evaluation.id] = evaluation


def load_translations(corpus: Corpus) -> None:
    """locales/: the committed PO files (ibsa.translations reads them, keeping each message's line)."""
    from ibsa import translations  # it builds on this module

    translations.load_translations(corpus)


PARTS = ("law", "exercises", "curriculum", "policy", "resources", "courses", "evaluation", "translations")


def load(root: Path, parts: Iterable[str] = PARTS) -> Corpus:
    """The parts of the repository asked for. (`ibsa check` loads everything but the exercises this way, then
    the exercises with load_exercises_summarised.)"""
    corpus = Corpus(root=root.resolve())
    steps = {"law": load_law, "exercises": load_exercises, "curriculum": load_curriculum, "policy": load_policy,
             "resources": load_resources, "courses": load_courses, "evaluation": load_evaluation,
             "translations": load_translations}
    for part in parts:
        steps[part](corpus)
    return corpus


# ------------------------------------------------------- lesson text participants read

_NOTE_OPEN = re.compile(r"^(`{3,}|:{3,})\{facilitator-note\}")


def page_text(corpus: Corpus, rel: str, participants: bool = True) -> str:
    """A curriculum page's Markdown with its front matter blanked out and, for `participants`, every
    facilitator-note block too (lines kept, so findings point at the right line)."""
    cached = corpus.cache.setdefault("page_text", {})
    if (rel, participants) in cached:  # several checks read the same pages
        return cached[(rel, participants)]
    try:
        text = read_text(corpus.root / rel, rel)
    except FindingError:
        return ""  # load_curriculum reported it
    lines = text.split("\n")
    m = FRONT_MATTER.match(text)
    start = m.group(0).count("\n") if m else 0
    lines[:start] = [""] * start
    fence: str | None = None
    for i, line in enumerate(lines):
        if not participants:
            break
        if fence is None and (opened := _NOTE_OPEN.match(line)):
            fence = opened.group(1)
        elif fence is not None and line.strip() == fence:
            lines[i], fence = "", None
            continue
        if fence is not None:
            lines[i] = ""
    cached[(rel, participants)] = "\n".join(lines)
    return cached[(rel, participants)]
