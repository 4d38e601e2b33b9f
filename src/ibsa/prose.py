"""Checks over the prose readers see: lessons, scenario texts, printable tools, provision summaries.

Two rules, both reported as `path:line`:

- internals: no reader-facing text talks about how the curriculum is made (the catalogue's records, files,
  ids, the checker, stored copies). The phrases are data (`internals` in content-policy.yaml).
- legal figures: every article number, penalty, time limit and threshold a reader sees in a lesson or a
  scenario comes from the catalogue through a role ({prov}, {article}, {penalty}, {threshold}, {deadline},
  {period}, {in-force}) or is a marked quotation ({quoted}); a figure typed by hand can drift from the law. A number
  counts as legal only by what stands next to it (see FIGURES), so ages, dates, times and counts in a
  narrative pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ibsa import cache
from ibsa.findings import Finding, FindingError, Severity
from ibsa.loaders import (
    COURSES_DIR,
    CURRICULUM_DIR,
    EVALUATION_DIR,
    EXERCISES_DIR,
    LAW_DIR,
    POLICY_FILE,
    TOOLS_DIR,
    Corpus,
)
from ibsa.safety import PhrasePattern, fold, may_occur
from ibsa.yamlsrc import compose

# Warnings while the prose pass that removes the existing hits is under way (issue 14); make them errors
# (Severity.ERROR) once `ibsa check` reports none, so a new hit fails the build.
SEVERITY = Severity.WARNING
# Spans that carry catalogue data or a deliberate quotation, code and addresses: blanked before matching
# (replaced by spaces of the same length, so offsets and line numbers stay true).
# bounded repeats keep it linear: an unclosed "](" or "{role}`" repeated 20,000 times otherwise scans to the end
# of the text from each one (minutes on a hostile file)
EXEMPT = re.compile(r"\{[a-z-]+\}`[^`]{0,2000}`|``[^`]{0,2000}``|`[^`\n]{0,2000}`|<https?://[^>\s]{0,2000}>|"
                    r"\]\([^)\s]{0,2000}\)|https?://\S+|<!--[^<]{0,2000}?-->", re.S)
# YAML keys whose values are identifiers, dates, numbers or expressions, not prose
NOT_PROSE = {"id", "facts", "provision", "element", "objectives", "objective", "tracks", "jurisdiction",
             "incident_date", "date", "event", "task", "fact", "shown_to", "covers", "excludes", "when", "kind",
             "show_facts", "duration", "due", "met", "from_event", "to_event", "lesson", "module", "scenario",
             "prerequisites", "tool", "type", "columns", "exercise", "audience", "assumes", "print", "start",
             "assessed_elsewhere", "adapted_from", "notes"}  # the last three: evaluation/ (notes are for authors)

NUM = r"\d[\d,.]*"
ZH_NUM = r"[\d一二三四五六七八九十百千零〇两]+"
UNITS = (r"videos?|pictures?|photos?|images?|clicks?|views?|reposts?|members?|member accounts|items?|files?|"
         r"groups?|accounts?|people|persons|yuan|won|times")
_A_NUMBER = re.compile(ZH_NUM[:-1])  # one digit or Chinese numeral
# What makes a number legal: the words next to it. Each pattern: (label for the message, words one of which every
# match contains, folded as ibsa.safety.fold folds, regex). The words let a passage skip the patterns it cannot
# match at the cost of a substring search.
FIGURES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("article number", ("art", "s.", "rule", "para", "section"), re.compile(
        r"(?<![A-Za-z])(?:Arts?\.|Articles?|ss?\.|[Rr]ules?\s(?=\d+\()|[Pp]aras?\.|[Pp]aragraphs?)"
        r"\s?\d+(?:\.\d+)?[A-Z]{0,3}(?:-\d+)?(?:\(\w+\))*|"
        # "section 10.2" numbers a policy or a report, not a statute (statutes here are cited "s. 474.17A")
        r"(?<![A-Za-z])[Ss]ections?\s\d+[A-Z]{0,3}(?:-\d+)?(?![.\d]*\d)(?:\(\w+\))*")),
    ("article number", ("第",), re.compile(rf"第{ZH_NUM}[条款项]")),
    ("penalty", ("year", "month", "detention", "fine"), re.compile(
        rf"{NUM}\s?(?:years?|months?)(?:['’]s?)?\s(?:of\s)?(?:fixed-term\s)?(?:imprisonment|prison|jail)|"
        rf"{NUM}\s?days?(?:['’]s?)?\s(?:of\s)?(?:administrative\s)?detention|"
        rf"(?:up to|maximum of|at most|not more than|no more than)\s{NUM}\s(?:years?|months?)(?!\s+old)|"
        rf"fines?\s(?:of\s)?(?:up to\s)?(?:RMB|CNY|KRW|NT\$|HK\$|A\$|US\$|[$£€¥₩])\s?{NUM}|"
        rf"fines?\s(?:of\s)?(?:up to\s)?{NUM}\s?(?:yuan|won|dollars|pounds|euros|yen)|"
        rf"{NUM}\s?(?:yuan|won|dollars|pounds|euros|yen)\s+fine",
        re.I)),
    ("penalty", ("以",), re.compile(rf"{ZH_NUM}年以[上下]有期徒刑|{ZH_NUM}日以[上下]拘留|{ZH_NUM}元以[上下]罚款")),
    ("time limit", ("within", "day", "hour", "month"), re.compile(
        rf"within\s{NUM}\s(?:working\s|calendar\s)?(?:days?|hours?|months?)|"
        rf"{NUM}[- ](?:working[- ])?(?:day|hour|month)\s(?:time\s)?(?:limit|period|deadline)|"
        rf"{NUM}\s(?:working\s)?(?:days?|hours?|months?)\s(?:of|from|after)\s(?:receiving|receipt|filing|"
        r"notice|service|the decision|the notice|acceptance|accepting)",
        re.I)),
    ("time limit", ("内",), re.compile(rf"{ZH_NUM}(?:日|天|个月|小时)(?:以)?内")),
    ("threshold", ("at least", "threshold of", "minimum of", "for example", "e.g.", "or more", "and above"),
     re.compile(
        rf"(?:at least|threshold of|minimum of|for example|e\.g\.)\s{NUM}\s(?:{UNITS})\b|"
        rf"{NUM}\s(?:{UNITS})\s(?:or more|and above)\b",
        re.I)),
)


@dataclass(frozen=True)
class Passage:
    """A stretch of reader-facing source text, with the line its first character is on."""

    path: str
    line: int
    text: str

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


def _blank(text: str) -> str:
    return EXEMPT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _yaml_passages(path: str, text: str, keys: set[str] | None = None) -> Iterator[Passage]:
    """Every prose scalar of a YAML text, as written in the source (so offsets map to lines). `keys`, when
    given, keeps only values under those keys (e.g. a provision's summary)."""
    try:
        refused, root = compose(text)
    except yaml.YAMLError:
        return  # the loaders report invalid YAML
    if refused:
        return  # aliases, !!binary, deep nesting: the loaders report them (walking aliases would never end)

    def walk(node: yaml.Node, key: str | None, wanted: bool) -> Iterator[Passage]:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                name = k.value if isinstance(k, yaml.ScalarNode) else None
                if name in NOT_PROSE:
                    continue
                yield from walk(v, name, wanted or (keys is not None and name in keys))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, key, wanted)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and (keys is None or wanted):
            yield Passage(path, node.start_mark.line + 1, text[node.start_mark.index:node.end_mark.index])

    if root is not None:
        yield from walk(root, None, False)


PassagesOf = Callable[[str], list[Passage]]
_LESSONS_AND_SCENARIOS = (f"{CURRICULUM_DIR}/", f"{EXERCISES_DIR}/")


def reader_files(corpus: Corpus, lessons_and_scenarios_only: bool = False) -> list[tuple[str, Path, PassagesOf]]:
    """(path, file, what readers see of its text) of each file readers see: lessons and module pages (whole
    Markdown files), scenario files, printable tools and, unless only lessons and scenarios are wanted, provision
    summaries. The text is not read here: `ibsa check` reads a file only when its cached results are missing.
    Listed once for a corpus: every reader scan asks, and sorting 10,000 paths each time cost seconds."""
    key = f"reader-files-{lessons_and_scenarios_only}"
    if key not in corpus.cache:
        corpus.cache[key] = list(_reader_files(corpus.root, lessons_and_scenarios_only))
    return corpus.cache[key]  # type: ignore[no-any-return]


def _reader_files(root: Path, lessons_and_scenarios_only: bool) -> Iterator[tuple[str, Path, PassagesOf]]:
    folders = [(CURRICULUM_DIR, "*.md", None), (EXERCISES_DIR, "*.yaml", None)]  # _LESSONS_AND_SCENARIOS
    if not lessons_and_scenarios_only:
        folders += [(TOOLS_DIR, "*.yaml", None), (COURSES_DIR, "*.yaml", None), (EVALUATION_DIR, "*.yaml", None),
                    (LAW_DIR, "*.yaml", {"summary"})]
    for folder, pattern, keys in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for file in sorted(base.rglob(pattern), key=lambda f: f.parts):  # as Paths sort, but faster
            rel = file.relative_to(root).as_posix()
            if file.name in ("README.md", "FORMAT.md"):  # authors' documentation, not pages
                continue
            if file.is_symlink() or not file.is_file():  # a pipe would block; ibsa.safety reports it
                continue
            if file.suffix == ".md":
                yield rel, file, lambda text, rel=rel: [Passage(rel, 1, text)]
            else:
                yield rel, file, lambda text, rel=rel, keys=keys: list(_yaml_passages(rel, text, keys))


ReaderScan = Callable[[list[Passage]], list[Any]]
# kind -> (a scan of one file's passages, made for a corpus; whether it reads lessons and scenarios only).
# Every scan of a file runs in one pass over its passages; ibsa.references adds its own.
READER_SCANS: dict[str, tuple[Callable[[Corpus], ReaderScan], bool]] = {}


def reader_results(corpus: Corpus, kind: str) -> Iterator[Any]:
    """What the reader scan `kind` finds in each file readers see. A file's text is read and its passages made
    once for all scans (kept per file by `ibsa check`, ibsa.cache; and for this corpus)."""
    done = corpus.cache.setdefault("reader-results", {})
    for rel, file, passages in reader_files(corpus):
        if rel not in done:
            done[rel] = file_results(corpus, rel, file, passages)
        yield from done[rel].get(kind, ())


def file_results(corpus: Corpus, rel: str, file: Path, passages: PassagesOf) -> dict[str, Any]:
    """What every reader scan finds in one file, {kind: findings}, in one pass over its passages (through the
    cache of `ibsa check`); {} for a file that cannot be read (the loaders report it)."""
    scans = corpus.cache.get("reader-scans")
    if scans is None:
        scans = corpus.cache["reader-scans"] = {k: (make(corpus), only) for k, (make, only) in READER_SCANS.items()}
    wanted = tuple(k for k, (_, only) in scans.items() if not only or rel.startswith(_LESSONS_AND_SCENARIOS))

    def compute(text: str) -> dict[str, Any]:
        found = passages(text)
        return {k: scans[k][0](found) for k in wanted}

    try:
        return cache.results(wanted, file, rel, compute)
    except FindingError:
        return {}


def _internals(corpus: Corpus) -> ReaderScan:
    """Reader-facing text names the law, not the catalogue, its files, ids or tools."""
    policy = corpus.policy
    if policy is None or not policy.internals:
        return lambda passages: []
    phrases = PhrasePattern(policy.internals)

    def scan(passages: list[Passage]) -> list[Finding]:
        if not may_occur(phrases.needles, "\n".join(passage.text for passage in passages)):
            return []  # most files: one test instead of one per passage
        return [Finding(passage.path, passage.line_at(offset), "internals",
                        f"'{phrase}' tells readers how the curriculum is made: {rule.reason} Instead: "
                        f"{rule.prefer} (rules: 'internals' in {POLICY_FILE})", severity=SEVERITY)
                for passage in passages for phrase, offset, rule in phrases.finditer(_blank(passage.text))
                for phrase in [re.sub(r"\s+", " ", phrase)]]  # as read, not as wrapped in the source

    return scan


def check_internals(corpus: Corpus) -> Iterator[Finding]:
    """Reader-facing text names the law, not the catalogue, its files, ids or tools."""
    return reader_results(corpus, "internals")


def legal_figures(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, figure as written, offset) for each legal figure typed by hand, outside roles and quotations."""
    if not _A_NUMBER.search(text):  # every figure has one: most passages are skipped at the cost of one scan
        return
    blanked = _blank(text)
    folded = fold(blanked)
    seen: list[tuple[int, int]] = []
    for kind, needs, pattern in FIGURES:
        if not any(word in folded for word in needs):
            continue
        for m in pattern.finditer(blanked):
            if not any(a < m.end() and m.start() < b for a, b in seen):
                seen.append(m.span())
                yield kind, re.sub(r"\s+", " ", m.group(0)), m.start()


def _legal_figures(passages: list[Passage]) -> list[Finding]:
    return [Finding(passage.path, passage.line_at(offset), "legal-figure",
                    f"{kind} '{figure}' typed by hand; take it from the catalogue with a role ({_ROLE[kind]}), "
                    "or mark a quotation with {quoted}", severity=SEVERITY)
            for passage in passages
            for kind, figure, offset in sorted(legal_figures(passage.text), key=lambda f: f[2])]


def check_legal_figures(corpus: Corpus) -> Iterator[Finding]:
    """Article numbers, penalties, time limits and thresholds in lessons and scenarios come from the catalogue."""
    return reader_results(corpus, "legal-figures")


READER_SCANS.update({"internals": (_internals, False), "legal-figures": (lambda corpus: _legal_figures, True)})


_ROLE = {"article number": "{prov} or {article}", "penalty": "{penalty}", "time limit": "{deadline} or {period}",
         "threshold": "{threshold}"}

