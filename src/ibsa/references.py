"""What the roles and directives in reader text name must exist, so `ibsa check` stops on every reference that
would stop a build (`make html` runs with -W), with the nearest valid name as a hint.

The Sphinx roles ask `role_problem` the same question at build time, so the checker and the build cannot
disagree about what a role accepts.
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from typing import get_args

from ibsa.findings import Finding, hint
from ibsa.loaders import CURRICULUM_DIR, Corpus
from ibsa.model import Conduct, Jurisdiction, Kind, ServiceKind
from ibsa.prose import READER_SCANS, Passage, reader_results
from ibsa.site import expected_pages

# A role and its text; bounded so an unclosed role repeated in a hostile file stays linear.
ROLE = re.compile(r"\{(?P<role>[a-z][a-z-]{0,40})\}`(?P<arg>[^`]{0,2000})`")
EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.S)
# A fenced directive in a Markdown page, with its argument and the `:option: value` lines that follow it.
DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z][a-z-]{0,40})\}[ \t]*(?P<arg>[^\n]*)\n"
                       r"(?P<options>(?:[ \t]*:[a-z-]+:[^\n]*\n){0,40})", re.M)
OPTION = re.compile(r"^[ \t]*:(?P<name>[a-z-]+):[ \t]*(?P<value>[^\n]*)$", re.M)

PROVISION_ROLES = {"prov", "article", "penalty", "penalties", "in-force", "deadline", "period", "threshold"}
OWN_ROLES = PROVISION_ROLES | {"scenario", "duration", "lessons-duration", "quoted", "lang"}
# Roles of Sphinx and docutils a page may use; any other name is a typo (MyST would warn, and -W stops the build).
STANDARD_ROLES = {"doc", "ref", "term", "abbr", "sub", "sup", "math", "code", "kbd", "numref", "download", "any",
                  "guilabel", "menuselection", "file", "samp", "emphasis", "strong", "literal", "subscript",
                  "superscript", "title-reference", "eq", "dfn"}
# The extension's directives and the options each accepts; other directives are Sphinx's or sphinx-design's.
OWN_DIRECTIVES: dict[str, set[str]] = {
    "lesson-overview": set(), "key-points": set(), "module-overview": set(), "facilitator-note": set(),
    "provision-table": {"ids", "instrument", "kind"}, "process-flow": set(), "referral-map": {"region", "kinds"},
    "comparison-table": {"conduct", "jurisdictions", "on"}, "reform-timeline": {"conduct", "jurisdictions", "on"},
    "charge-finder": {"jurisdiction"}, "term-glossary": set(), "catalogue-index": set(), "scenario-index": set(),
    "tool-index": set(), "tool": set(), "provision": set(), "scenario": set(), "course-index": set(),
    "course": set(),
}


def unknown(what: str, name: str, valid: Iterable[str], expected: str) -> str:
    valid = list(valid)
    return f"unknown {what} '{name}'{hint(name, valid) or f'; expected {expected}'}"


def role_problem(corpus: Corpus, role: str, text: str) -> str | None:
    """What is wrong with `{role}`text``, or None when it names something that exists ({doc} targets are
    resolved by `doc_problem`, which needs the page)."""
    m = EXPLICIT.match(text)
    target = (m["target"] if m and role == "prov" else text).strip()
    if role in PROVISION_ROLES:
        return _provision_problem(corpus, role, target)
    if role in ("scenario", "duration"):
        return None if target in corpus.scenarios else unknown("scenario", target, corpus.scenarios,
                                                              "an id from exercises/*.yaml")
    if role == "lessons-duration":
        missing = [lid for lid in target.split() if lid not in corpus.lessons]
        if not target.split():
            return "no lesson named; expected lesson ids from the lessons' front matter, separated by spaces"
        return unknown("lesson", missing[0], corpus.lessons, "lesson ids from the lessons' front matter, "
                       "separated by spaces") if missing else None
    if role == "lang":
        code, sep, words = target.partition(":")
        return None if sep and code.strip() and words.strip() else \
            f"{{lang}}`{text}` names no language; write {{lang}}`en:the text` (a language code, a colon, the text)"
    if role in OWN_ROLES or role in STANDARD_ROLES:
        return None
    return f"unknown role '{{{role}}}'{hint(role, OWN_ROLES | STANDARD_ROLES) or '; see the roles in the README'}"


def _provision_problem(corpus: Corpus, role: str, target: str) -> str | None:
    pid, _sep, name = target.partition(":") if role == "threshold" else (target, "", "")
    prov = corpus.provisions.get(pid)
    if prov is None:
        return unknown("provision", pid, corpus.provisions, "an id from law/*.yaml")
    if role == "threshold":
        names = [t.id for t in prov.thresholds]
        if name not in names:
            return f"{pid} has no threshold '{name}'" + (hint(name, names) or
                                                         f"; expected one of {', '.join(names) or 'none'}")
    if role in ("deadline", "period") and prov.deadline is None:
        return f"{pid} sets no time limit; expected a provision with a 'deadline'"
    if role in ("penalty", "penalties") and prov.penalty is None:
        return f"{pid} has no penalty; cite it with {{prov}} or choose a provision with a 'penalty'"
    return None


def documents(corpus: Corpus) -> set[str]:
    """Every page a {doc} role may name: the Markdown pages and the pages generated from the data."""
    root = corpus.root
    written = {p.relative_to(root).with_suffix("").as_posix() for p in root.glob("*.md")}
    written |= {p.relative_to(root).with_suffix("").as_posix() for p in (root / CURRICULUM_DIR).rglob("*.md")}
    return written | {page.removesuffix(".html") for page in expected_pages(corpus)}


def doc_problem(docs: set[str], text: str, page: str) -> str | None:
    """What is wrong with `{doc}`text`` in the document `page`, given every document name."""
    m = EXPLICIT.match(text)
    target = (m["target"] if m else text).strip()
    name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join(posixpath.dirname(page), target))
    if name in docs:
        return None
    close = difflib.get_close_matches(name, list(docs), n=1, cutoff=0.6)
    return f"unknown page '{target}'" + (f"; did you mean '/{close[0]}'?" if close else
                                         "; expected a page's path without '.md', relative or from the root '/'")


# ------------------------------------------------------------------ directives


def _ids(valid: Iterable[str], what: str, expected: str) -> Callable[[str], Iterator[str]]:
    valid = set(valid)
    return lambda value: (unknown(what, v, valid, expected) for v in value.split() if v not in valid)


def _date(value: str) -> Iterator[str]:
    try:
        dt.date.fromisoformat(value.strip())
    except ValueError:
        yield f"'{value.strip()}' is not a date; write it as YYYY-MM-DD"


def _option_checks(corpus: Corpus) -> dict[str, Callable[[str], Iterator[str]]]:
    jurisdictions = set(get_args(Jurisdiction))
    return {
        "ids": _ids(corpus.provisions, "provision", "ids from law/*.yaml"),
        "instrument": _ids(corpus.instruments, "instrument", "an instrument id from law/*.yaml"),
        "kind": _ids((k.value for k in Kind), "kind", ", ".join(k.value for k in Kind)),
        "region": _ids({s.region for s in corpus.services}, "region", "a region used in resources/referrals.yaml"),
        "kinds": _ids(get_args(ServiceKind), "kind of help", ", ".join(get_args(ServiceKind))),
        "conduct": _ids((c.value for c in Conduct), "conduct", ", ".join(c.value for c in Conduct)),
        "jurisdictions": _ids(jurisdictions, "jurisdiction", ", ".join(sorted(jurisdictions))),
        "jurisdiction": _ids(jurisdictions, "jurisdiction", ", ".join(sorted(jurisdictions))),
        "on": _date,
    }


def directive_problems(corpus: Corpus, name: str, argument: str, options: dict[str, str]) -> Iterator[str]:
    """What is wrong with a directive of the extension, its argument and its options."""
    if name not in OWN_DIRECTIVES:
        close = hint(name, OWN_DIRECTIVES)
        if close:  # another extension's directive is none of our business; a near miss of ours is a typo
            yield f"unknown directive '{{{name}}}'{close}"
        return
    if name == "process-flow":
        yield from _ids(corpus.instruments, "instrument", "instrument ids from law/*.yaml")(argument)
    checks = _option_checks(corpus)
    for option, value in options.items():
        if option not in OWN_DIRECTIVES[name]:
            close = difflib.get_close_matches(option, sorted(OWN_DIRECTIVES[name]), n=1, cutoff=0.6)
            yield f"{{{name}}} has no option ':{option}:'" + (
                f"; did you mean ':{close[0]}:'?" if close else
                f"; it takes {', '.join(sorted(OWN_DIRECTIVES[name])) or 'no options'}")
        else:
            yield from checks[option](value)


# ------------------------------------------------------------------ the check


def _page(passage: Passage) -> str | None:
    """The document a Markdown passage becomes (relative {doc} targets resolve against it)."""
    return passage.path.removesuffix(".md") if passage.path.endswith(".md") else None


# (file, line, role or directive, argument, page it becomes, the directive's options or None for a role)
Use = tuple[str, int, str, str, "str | None", "dict[str, str] | None"]


def _uses(passages: list[Passage]) -> list[Use]:
    """The roles and directives of a file's passages: what its text alone tells (`ibsa check` keeps it)."""
    out: list[Use] = []
    for passage in passages:
        page = _page(passage)
        out += [(passage.path, passage.line_at(m.start()), m["role"], m["arg"], page, None)
                for m in ROLE.finditer(passage.text)]
        if page is not None:
            out += [(passage.path, passage.line_at(m.start()), m["name"], m["arg"], page,
                     {o["name"]: o["value"] for o in OPTION.finditer(m["options"])})
                    for m in DIRECTIVE.finditer(passage.text)]
    return out


def check_references(corpus: Corpus) -> Iterator[Finding]:
    """Every role and directive in lessons and data text names something that exists."""
    docs = documents(corpus)
    for path, line, name, arg, page, options in reader_results(corpus, "references"):
        if options is not None:
            problems = list(directive_problems(corpus, name, arg, options))
        elif name == "doc":  # relative to the page; data text becomes pages in several places
            problems = [doc_problem(docs, arg, page)] if page else []
        else:
            problems = [role_problem(corpus, name, arg)]
        yield from (Finding(path, line, "reference", problem) for problem in problems if problem)


READER_SCANS["references"] = (lambda corpus: _uses, False)
