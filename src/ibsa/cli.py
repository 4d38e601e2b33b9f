"""The `ibsa` command: wires loaders, checks and analysis to the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from ibsa import cache, checks, delivery, judgement, loaders, prose, safety, scaffold, schema, site, translations
from ibsa.delivery import offline
from ibsa.delivery.offline import OfflineError
from ibsa.findings import Finding
from ibsa.loaders import Corpus


def _print_findings(found: list[Finding], as_json: bool, extra: dict[str, object] | None = None) -> None:
    if as_json:
        print(json.dumps({**(extra or {}), "findings": [f.to_json() for f in found]}, ensure_ascii=False,
                         indent=2, default=str))
        return
    for f in found:
        print(f, file=sys.stderr)


def _compute_in_parallel(corpus: Corpus) -> None:
    """What the checks work out from each scenario file alone (its summary, the reader scans, the content-safety
    scan), computed on all cores when many files have no stored results (a first run, a new catalogue): the
    loading and the checks then find it in the cache."""
    if cache.ACTIVE is None:
        return
    jobs: dict[str, tuple[Path, list[Callable[[], object]]]] = {}
    for path in loaders.exercise_files(corpus, report=False):
        rel = path.relative_to(corpus.root).as_posix()
        jobs[rel] = (path, [partial(loaders.scenario_record, corpus, path, rel, checks.summarise)])
        if corpus.policy is not None:
            jobs[rel][1].append(partial(safety.file_scan, path, rel, corpus.policy))
    for rel, file, passages in prose.reader_files(corpus, lessons_and_scenarios_only=True):
        if rel in jobs:
            jobs[rel][1].append(partial(prose.file_results, corpus, rel, file, passages))
    cache.ACTIVE.prefill([(rel, path, calls) for rel, (path, calls) in jobs.items()], cache.processes())


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root)
    # per-file results are kept between runs under .ibsa-cache/ (ibsa.cache); --no-cache computes everything
    cache.ACTIVE = cache.Cache(root, None if args.no_cache else root / cache.DIR)
    gc.freeze()  # what is loaded stays alive to the end: the collector need not walk it again and again
    try:
        # each scenario is checked on its own while loading (or its results come from the cache), so that no
        # more than a few models are alive at once; the checks across files then run on the summaries
        corpus = loaders.load(root, [part for part in loaders.PARTS if part != "exercises"])
        gc.freeze()
        _compute_in_parallel(corpus)
        corpus.cache["summaries"] = loaders.load_exercises_summarised(corpus, checks.summarise)
        gc.freeze()
        found = checks.run_checks(corpus)
        cache.ACTIVE.save()
    finally:
        cache.LAST_STATS = cache.ACTIVE.stats
        cache.ACTIVE = None
        gc.unfreeze()
    if args.cache_stats:
        print("ibsa check cache: " + ", ".join(f"{k} {v}" for k, v in cache.LAST_STATS.items()), file=sys.stderr)
    _print_findings(found, args.json)
    n_err = len(checks.errors(found))
    if not args.json:
        print(f"ibsa check: {len(corpus.provisions)} provisions, {len(corpus.scenarios)} scenarios, "
              f"{len(corpus.lessons)} lessons; {n_err} errors, {len(found) - n_err} warnings",
              file=sys.stderr)
    return 1 if n_err else 0


def cmd_analyse(args: argparse.Namespace) -> int:
    """What applies in one scenario file, wherever it lives: per suspect where it names parties, with fallbacks
    and the version of each provision that governs."""
    root = Path(args.root)
    corpus = loaders.load(root, parts=("law", "curriculum"))
    path = Path(args.path)
    shown = str(path)
    scenario = None
    if not path.is_file():
        corpus.findings.append(Finding(shown, 1, "io", "no such file; expected a scenario YAML file"))
    else:
        scenario = loaders.load_scenario_file(corpus, path.resolve(), shown=shown)
        # the other exercises are read only so that references to them (a draft's covers) resolve; their own
        # problems are `ibsa check`'s concern, and one with the same id as this file gives way to it
        before = len(corpus.findings)
        for other in sorted((corpus.root / loaders.EXERCISES_DIR).glob("*.yaml")):
            if other.resolve() != path.resolve():
                loaders.load_scenario_file(corpus, other)
        del corpus.findings[before:]
    found = checks.run_checks(corpus, checks.SCENARIO_CHECKS) if scenario else list(corpus.findings)
    found = [f for f in found if f.path == shown or not f.path.startswith(loaders.EXERCISES_DIR + "/")]
    result = judgement.to_json(judgement.judge(corpus, scenario)) if scenario else {"applicable": []}
    _print_findings(found, args.json, result)
    if not args.json:
        for party in result.get("suspects", [{"party": None, **result}]):  # type: ignore[union-attr]
            head = f"{party['party']}: " if party["party"] else ""
            print(head + "applicable: " + (", ".join(party["applicable"]) or "none"))
            for fb in party.get("fallback", []):
                print(f"{head}fallback: {fb['provision']} ({fb['reason']})")
            for v in party.get("versions", []):
                print(f"{head}version: {v['why']}")
            for q in party.get("open_questions", []):
                print(f"{head}open: {q}")
    return 1 if checks.errors(found) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = loaders.load(Path(args.root), parts=("law", "exercises", "curriculum"))
    for name, text in schema.render_all(corpus).items():
        (out / name).write_text(text, encoding="utf-8")
        print(out / name)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a lesson or scenario skeleton; `ibsa check` then lists what is still to be written."""
    root = Path(args.root)
    corpus = loaders.load(root)
    try:
        if args.kind == "lesson":
            files = scaffold.new_lesson(corpus, args.module, args.slug, args.minutes)
        else:
            facts = dict(scaffold.parse_fact(corpus, item) for item in args.fact)
            files = [scaffold.new_scenario(corpus, args.id, args.jurisdiction, args.date, facts, args.objective)]
    except scaffold.ScaffoldError as exc:
        print(f"ibsa new: {exc}", file=sys.stderr)
        return 2
    for f in files:
        path = root / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f.text, encoding="utf-8")
        print(f.path)
    print("ibsa new: written; run `ibsa check` to list the stubs still to write (code 'placeholder')",
          file=sys.stderr)
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def cmd_verify_site(args: argparse.Namespace) -> int:
    corpus = loaders.load(Path(args.root))
    found = [f for out in args.outdirs for f in site.verify(corpus, Path(out))]
    _print_findings(found, args.json)
    if not args.json:
        print(f"ibsa verify-site: {len(found)} problems in {len(args.outdirs)} edition(s)", file=sys.stderr)
    return 1 if found else 0


def cmd_landing(args: argparse.Namespace) -> int:
    from ibsa import landing  # late: it imports Sphinx, which `ibsa check` never needs

    print(landing.write(Path(args.out)))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from ibsa import landing  # late: it imports Sphinx

    try:
        print(landing.publish(Path(args.built), Path(args.site)))
    except FileNotFoundError as exc:
        print(f"ibsa publish: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_dist_offline(args: argparse.Namespace) -> int:
    """Zip each built edition for use from disk; then the root page lists the zips."""
    return _produce("dist-offline", lambda: (f"{p.path} ({p.path.stat().st_size / 1e6:.1f} MB)" for p in
                                             offline.build_all(Path(args.built), Path(args.out),
                                                               [args.lang] if args.lang else None)), (OfflineError,))


def cmd_i18n_status(args: argparse.Namespace) -> int:
    """Per domain: translated of total, percent and fuzzy entries; --strict fails on any published domain that is
    not wholly translated."""
    corpus = loaders.load(Path(args.root))
    rows = translations.status(corpus, args.lang)
    for line in translations.status_lines(rows):
        print(line)
    if not args.strict:
        return 0
    missing = translations.incomplete(corpus, rows)
    _print_findings(missing, False)
    return 1 if missing else 0


def cmd_dist_moodle(args: argparse.Namespace) -> int:
    """Moodle XML question banks per language: one per course and one with every scenario (facilitator files);
    each file is validated after writing, and any problem fails the command."""
    from ibsa.delivery import moodle

    corpus = loaders.load(Path(args.root))
    errors = checks.errors(corpus.findings)
    if errors:
        _print_findings(errors, False)
        print("ibsa dist-moodle: the curriculum does not load cleanly; run `ibsa check`", file=sys.stderr)
        return 1
    try:
        written, problems = moodle.write(corpus, Path(args.out), _languages(args))
    except moodle.MoodleError as exc:
        print(f"ibsa dist-moodle: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"ibsa dist-moodle: {len(problems)} problem(s); Moodle would reject or misread these banks",
              file=sys.stderr)
    return 1 if problems else 0

def _produce(command: str, make: Callable[[], Iterable[object]], errors: tuple[type[Exception], ...] = ()) -> int:
    """Run a delivery command: print each artefact it writes; an expected failure is one line and exit 1."""
    try:
        for made in make():
            print(made)
    except errors as exc:
        print(f"ibsa {command}: {exc}", file=sys.stderr)
        return 1
    return 0


def _languages(args: argparse.Namespace) -> list[str]:
    return [args.lang] if args.lang else list(delivery.LANGUAGES)


def cmd_dist_slides(args: argparse.Namespace) -> int:
    """reveal.js decks per lesson, participant and facilitator; a participant deck with facilitator text fails."""
    from ibsa.delivery import slides

    return _produce("dist-slides", lambda: (folder / "index.html" for folder in slides.build(
        Path(args.root), Path(args.out), _languages(args), args.lesson)), (slides.SlideError, RuntimeError))


def cmd_dist_evaluation(args: argparse.Namespace) -> int:
    """Each course's evaluation instruments as CSV: a participant file and a facilitator file (with answers)."""
    from ibsa.delivery import evaluation

    return _produce("dist-evaluation", lambda: evaluation.write(Path(args.root), Path(args.out), _languages(args)))


def cmd_dist_pdf(args: argparse.Namespace) -> int:
    """A workbook and a guide per course, language and edition; every PDF checked (glyphs, width, fonts, answers)."""
    from ibsa.delivery import pdf

    return _produce("dist-pdf", lambda: (item.pdf for item in pdf.build(
        Path(args.root), Path(args.out), _languages(args), courses=args.course or None)), (pdf.PdfError,))


def cmd_dist_letters(args: argparse.Namespace) -> int:
    """The letter templates as editable .docx, per language."""
    from ibsa.delivery import letters

    return _produce("dist-letters", lambda: letters.write(Path(args.root), Path(args.out), _languages(args)))


def cmd_dist_handouts(args: argparse.Namespace) -> int:
    """Tools and role-card packs as PDF, printed by Chromium from the built site."""
    from ibsa.delivery import handouts

    return _produce("dist-handouts", lambda: handouts.build(Path(args.root), Path(args.built), Path(args.out),
                                                            _languages(args)), (handouts.HandoutError,))


def _dist_parser(sub: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
    """A delivery command: one language or each of them, and where artefacts go."""
    p = sub.add_parser(name, help=text)
    p.add_argument("--lang", choices=delivery.LANGUAGES, help="one language (default: each one)")
    p.add_argument("--out", default="_build/dist", help="the output folder (default: _build/dist)")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ibsa", description=__doc__)
    parser.add_argument("--root", default=".", help="the curriculum repository (default: current directory)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="load everything and report every problem")
    p.add_argument("--json", action="store_true", help="print findings as JSON")
    p.add_argument("--no-cache", action="store_true", help=f"ignore and do not write the result cache ({cache.DIR}/)")
    p.add_argument("--cache-stats", action="store_true", help="say how many results came from the cache")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("analyse", aliases=["analyze"], help="derive the applicable provisions of one scenario file")
    p.add_argument("path")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_analyse)
    p = sub.add_parser("schema", help="write the JSON Schemas of scenario and lesson front matter")
    p.add_argument("--out", default="schemas")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("new", help="write a lesson or scenario skeleton with stubs to fill in")
    kinds = p.add_subparsers(dest="kind", required=True)
    k = kinds.add_parser("lesson", help="a draft lesson in a module; the module's duration grows with it")
    k.add_argument("module", help="the module folder, e.g. 02-lodging-cn")
    k.add_argument("slug", help="the file name without .md, e.g. 10-new-topic")
    k.add_argument("--minutes", type=int, default=30, help="the lesson's duration (default 30)")
    k.set_defaults(func=cmd_new)
    k = kinds.add_parser("scenario", help="a scenario; given facts, its answer key lists what applies")
    k.add_argument("id", help="the scenario id and file name, e.g. cn-hotel-camera-2026")
    k.add_argument("--jurisdiction", default="CN", help="a jurisdiction code (default CN)")
    k.add_argument("--date", type=_date, default=dt.date(2026, 1, 1), help="the incident date, YYYY-MM-DD")
    k.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                   help="a fact from law/facts.yaml (repeat the option for each)")
    k.add_argument("--objective", help="the lesson objective the scenario exercises")
    k.set_defaults(func=cmd_new)
    p = sub.add_parser("verify-site", help="check that every content file and provision has a linked page")
    p.add_argument("outdirs", nargs="+", help="built editions, e.g. _build/html/en/participant")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify_site)
    p = sub.add_parser("landing", help="write the page that links the built editions")
    p.add_argument("out", nargs="?", default="_build/html")
    p.set_defaults(func=cmd_landing)
    p = sub.add_parser("publish", help="assemble the publishable site: participant editions only")
    p.add_argument("built", nargs="?", default="_build/html")
    p.add_argument("site", nargs="?", default="_build/site")
    p.set_defaults(func=cmd_publish)
    p = _dist_parser(sub, "dist-offline", "zip each built edition so that it works opened from disk")
    p.add_argument("--built", default="_build/html", help="the built editions (default: _build/html)")
    p.set_defaults(func=cmd_dist_offline)
    p = sub.add_parser("i18n-status", help="how much of each page and data file is translated")
    p.add_argument("--lang", default="zh_CN", help="the language (default: zh_CN)")
    p.add_argument("--strict", action="store_true", help="exit 1 if a published domain is incomplete or fuzzy")
    p.set_defaults(func=cmd_i18n_status)
    p = _dist_parser(sub, "dist-evaluation", "write each course's evaluation instruments as CSV")
    p.set_defaults(func=cmd_dist_evaluation)

    p = _dist_parser(sub, "dist-moodle", "write Moodle XML question banks from the scenarios (facilitator)")
    p.set_defaults(func=cmd_dist_moodle)

    p = _dist_parser(sub, "dist-slides", "reveal.js slides per lesson, participant and facilitator decks")
    p.add_argument("--lesson", action="append", default=[], metavar="ID", help="only this lesson (repeatable)")
    p.set_defaults(func=cmd_dist_slides)
    p = _dist_parser(sub, "dist-pdf", "PDF workbooks (participant) and guides (facilitator) per course")
    p.add_argument("--course", action="append", help="only this course (repeat for more; default: all)")
    p.set_defaults(func=cmd_dist_pdf)
    p = _dist_parser(sub, "dist-letters", "the letter templates as editable .docx documents")
    p.set_defaults(func=cmd_dist_letters)
    p = sub.add_parser("dist-handouts", help="tools and role-card packs as PDF, printed from the built site")
    p.add_argument("--lang", choices=["en", "zh_CN"], help="one language (default: both)")
    p.add_argument("--built", default="_build/html", help="the built editions (default: _build/html)")
    p.add_argument("--out", default="_build/dist", help="output folder (default: _build/dist)")
    p.set_defaults(func=cmd_dist_handouts)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
