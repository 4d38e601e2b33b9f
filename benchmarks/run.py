"""`make bench`: measure the checker, the builds and the delivery artefacts, and print a table.

Measures and prints; it asserts nothing. Each target of the performance issue is printed beside its figure
with "met" or "NOT met". Quick measurements are the median of several runs; full builds are single runs (the
machine's load shows in them: compare the ratios more than the seconds). Memory is the peak resident size.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks import plain, synth
from ibsa import judgement, loaders

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REPEAT = 3  # runs behind each median


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in MB of a command (and the children it waited for)."""
    # stderr goes to a file, not a pipe: a check of the 100x corpus writes more warnings than a pipe holds, and
    # nothing reads the pipe until the command ends, so it waited for ever
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def median_of(measure: Callable[[int], tuple[float, int]], times: int = REPEAT) -> tuple[float, int]:
    """Median seconds and largest memory of `measure(i)` run `times` times."""
    results = [measure(i) for i in range(times)]
    return statistics.median(s for s, _ in results), max(mb for _, mb in results)


def sphinx(src: Path, out: Path, edition: str | None, jobs: str = "1", language: str | None = None) -> list[str]:
    cmd = [str(BIN / "sphinx-build"), "-q", "-b", "html", "-j", jobs, "-d", str(out / "doctrees"), str(src),
           str(out / "html")]
    cmd += ["-D", f"ibsa_edition={edition}"] if edition else []
    return cmd + (["-D", f"language={language}"] if language else [])


def ibsa(root: Path, *args: str) -> list[str]:
    return [str(BIN / "ibsa"), "--root", str(root), *args]


def page_weight(html_file: Path) -> tuple[int, int]:
    """Bytes a browser fetches for a page, raw and gzip-compressed: the HTML, its stylesheets and scripts,
    and fonts the stylesheets load (not the search index: only the search page loads it)."""
    text = html_file.read_text(encoding="utf-8")
    refs = [re.search(r'href="([^"#?]+)', tag)[1] for tag in re.findall(r"<link\b[^>]*>", text)
            if 'rel="stylesheet"' in tag and "href=" in tag]
    refs += re.findall(r'<script\b[^>]*\bsrc="([^"#?]+)', text)
    files = {html_file.resolve()}
    for ref in refs:
        path = (html_file.parent / ref).resolve()
        if path.is_file() and "searchindex" not in path.name:
            files.add(path)
            if path.suffix == ".css":
                for font in re.findall(r"url\(['\"]?([^'\")]+\.(?:woff2?|ttf|otf))", path.read_text("utf-8")):
                    if (path.parent / font).resolve().is_file():
                        files.add((path.parent / font).resolve())
    raw = sum(f.stat().st_size for f in files)
    return raw, sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def size(path: Path) -> str:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size
    return f"{total / 1e6:.1f} MB"


def judge_ms() -> str:
    """How long the law-as-applied analysis of one scenario takes, in process (the trigger index built once)."""
    corpus = loaders.load(ROOT)
    judgement.judge(corpus, next(iter(corpus.scenarios.values())))  # builds the index and caches
    times = []
    for sc in corpus.scenarios.values():
        start = time.perf_counter()
        judgement.judge(corpus, sc, also=sc.answer_key.provisions_named())
        times.append((time.perf_counter() - start) * 1000)
    return f"{statistics.median(times):.2f} ms (slowest {max(times):.2f} ms, {len(times)} scenarios)"


def verdict(value: float, target: float | None, unit: str) -> str:
    """The target beside a figure, and whether the figure meets it."""
    if target is None:
        return ""
    return f"<= {target:g} {unit}: {'met' if value <= target else 'NOT met'}"


def append(path: Path, words: str) -> None:
    """An author's edit: a sentence more at the end of a lesson, or of a scenario's narrative."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        path.write_text(text + f"\n{words}\n", encoding="utf-8")
    else:
        data = yaml.safe_load(text)
        data["narrative"] = data["narrative"].rstrip() + " " + words
        path.write_text(synth.dump(data), encoding="utf-8")


class Bench:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.rows: list[tuple[str, str, str]] = []

    def row(self, what: str, value: str, target: str = "") -> None:
        self.rows.append((what, value, target))
        print(f"  {what}: {value} {target}", file=sys.stderr, flush=True)

    def check(self, src: Path, what: str, cold_target: float | None, warm_target: float | None) -> float:
        """Cold (no cache), then warm (unchanged), then lightly edited (one scenario changed each time)."""
        shutil.rmtree(src / ".ibsa-cache", ignore_errors=True)
        cold, cold_mb = run(ibsa(src, "check"))
        warm, warm_mb = median_of(lambda i: run(ibsa(src, "check")))
        scenarios = sorted((src / "exercises").glob("*.yaml"))

        def edited(i: int) -> tuple[float, int]:
            append(scenarios[i], f"An author's edit number {i}.")
            return run(ibsa(src, "check"))

        edit, edit_mb = median_of(edited)
        self.row(f"ibsa check {what}, cold", f"{cold:.2f} s, {cold_mb} MB", verdict(cold, cold_target, "s"))
        self.row(f"ibsa check {what}, warm (unchanged; median of {REPEAT})", f"{warm:.2f} s, {warm_mb} MB",
                 verdict(warm, warm_target, "s"))
        self.row(f"ibsa check {what}, warm (one scenario edited; median of {REPEAT})", f"{edit:.2f} s, {edit_mb} MB",
                 verdict(edit, warm_target, "s"))
        if cold_target is not None:
            peak = max(cold_mb, warm_mb, edit_mb)
            self.row(f"ibsa check {what}, peak memory", f"{peak} MB", verdict(peak, 300, "MB"))
        return cold

    def checks(self, scales: list[int], many: int) -> None:
        per_item = {}
        for k in scales:
            src = self.work / f"x{k}"
            c = synth.make(ROOT, src, k)
            items = sum(c.values())
            per_item[k] = self.check(src, f"{k}x ({items} items)", None, None) / items
            self.row(f"ibsa check {k}x, cold per item", f"{per_item[k] * 1000:.2f} ms/item")
        if len(per_item) > 1:
            growth = per_item[max(per_item)] / per_item[min(per_item)]
            self.row(f"cold check time per item, {max(per_item)}x/{min(per_item)}x", f"{growth:.2f}x (1.0 = linear)",
                     "<= 1.5x (start-up cost makes small corpora look slower per item): "
                     + ("met" if growth <= 1.5 else "NOT met"))
        self.row("judging one scenario (versions, fallbacks, parties), median of the corpus", judge_ms(), "a few ms")
        src = self.work / "many"
        c = synth.many_scenarios(ROOT, src, many)
        self.check(src, f"{c['scenarios']} scenarios", 15, 5)

    def builds(self, scales: list[int]) -> None:
        full = {}
        for k in scales:
            src = self.work / f"x{k}"
            if not src.is_dir():
                synth.make(ROOT, src, k)
            fac = self.work / f"b{k}-facilitator"
            full[k], peak = run(sphinx(src, fac, "facilitator"))
            self.row(f"full build, facilitator edition, {k}x, -j 1", f"{full[k]:.1f} s; peak memory {peak} MB")
            seconds, _ = run(sphinx(src, self.work / f"b{k}-participant", "participant"))
            self.row(f"full build, participant edition, {k}x, -j 1", f"{seconds:.1f} s")
            auto, _ = run(sphinx(src, self.work / f"b{k}-jauto", "facilitator", jobs="auto"))
            self.row(f"facilitator build {k}x, -j auto vs -j 1 ({os.cpu_count()} cores)",
                     f"{auto:.1f} s vs {full[k]:.1f} s ({full[k] / auto:.2f}x)",
                     "-j auto at least as fast (within 5 %): " + ("met" if auto <= 1.05 * full[k] else "NOT met"))
            plain_src = self.work / f"plain{k}"
            plain.plain_variant(fac / "html", plain_src)
            ours, theirs = [full[k]], [run(sphinx(plain_src, self.work / f"p{k}", None))[0]]
            if k == min(scales):  # a few per cent is within one run's noise: alternate clean builds, take medians
                for i in range(REPEAT - 1):
                    ours.append(run(sphinx(src, self.work / f"b{k}-again{i}", "facilitator"))[0])
                    theirs.append(run(sphinx(plain_src, self.work / f"p{k}-again{i}", None))[0])
            mine, plain_s = statistics.median(ours), statistics.median(theirs)
            overhead = 100 * (mine - plain_s) / plain_s
            runs = f"median of {len(ours)}" if len(ours) > 1 else "one run"
            self.row(f"extension overhead {k}x (the same pages, same structure, as plain MyST; -j 1; {runs})",
                     f"{mine:.1f} s vs {plain_s:.1f} s: {overhead:+.0f} %", verdict(overhead, 10, "%"))
            seconds = self.edit_and_rebuild(src, fac, sorted((src / "curriculum").rglob("0*-*.md")))
            self.row(f"rebuild after editing one lesson, {k}x (-j 1, median of {REPEAT})", f"{seconds:.2f} s",
                     verdict(seconds, 2, "s"))
            seconds = self.edit_and_rebuild(src, fac, sorted((src / "exercises").glob("*.yaml")))
            self.row(f"live preview: rebuild after a one-sentence scenario edit, {k}x (-j 1, median of {REPEAT})",
                     f"{seconds:.2f} s", verdict(seconds, 5, "s"))
        if len(full) > 1:
            small, large = min(full), max(full)
            ratio = full[large] / full[small]
            self.row(f"build scaling: facilitator build {large}x / {small}x", f"{ratio:.1f}x",
                     verdict(ratio, 1.2 * large / small, "x"))
        built = self.work / f"b{min(scales)}-participant" / "html"
        if built.is_dir():
            weights = {page: page_weight(page) for page in sorted((built / "curriculum").rglob("0*-*.html"))}
            raw = statistics.median(w for w, _ in weights.values())
            packed = statistics.median(p for _, p in weights.values())
            self.row(f"participant lesson page weight, median of {len(weights)} lessons",
                     f"{raw / 1024:.0f} KB raw, {packed / 1024:.0f} KB gzip-compressed", verdict(raw / 1024, 150, "KB"))
            heavy = sorted((w, page) for page, (w, _) in weights.items() if w > 150 * 1024)
            self.row("participant lessons over 150 KB (the page's own HTML, of the total)",
                     "; ".join(f"{page.stem} {w / 1024:.0f} KB ({page.stat().st_size / 1024:.0f} KB)"
                               for w, page in heavy) or "none")

    @staticmethod
    def edit_and_rebuild(src: Path, built: Path, files: list[Path]) -> float:
        """Median seconds of an incremental facilitator build after an author's edit to one of `files`."""
        def once(i: int) -> tuple[float, int]:
            append(files[i], f"One more sentence, number {i}.")
            return run(sphinx(src, built, "facilitator"))

        return median_of(once)[0]

    def editions_and_artefacts(self) -> None:
        """The real repository: four editions (English and Chinese), then each kind of delivery artefact."""
        repo = self.work / "repo"
        shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns("_build", ".venv", ".git", ".ibsa-cache",
                                                                  "__pycache__", ".hypothesis"))
        built = repo / "_build" / "html"
        for language in ("en", "zh_CN"):
            for edition in ("participant", "facilitator"):
                out = self.work / f"real-{language}-{edition}"
                seconds, peak = run(sphinx(repo, out, edition, jobs="auto", language=language))
                shutil.copytree(out / "html", built / language / edition)
                self.row(f"full build, {language} {edition} edition (the repository, -j auto)",
                         f"{seconds:.1f} s, {peak} MB; {size(out / 'html')}")
        dist = repo / "_build" / "dist"
        for kind in ("moodle", "slides", "evaluation", "letters", "handouts", "pdf", "offline"):
            extra = ["--built", str(built)] if kind in ("offline", "handouts") else []  # not the cwd's _build
            seconds, peak = run(ibsa(repo, f"dist-{kind}", *extra, "--out", str(dist)))
            made = sorted(dist.glob(f"*/{kind}"))
            self.row(f"delivery: ibsa dist-{kind} (both languages)",
                     f"{seconds:.1f} s, {peak} MB; " + ", ".join(f"{p.parent.name} {size(p)}" for p in made))
        for z in sorted(dist.glob("*/offline/*.zip")):
            self.row(f"offline package {z.name}", size(z))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100", help="corpus sizes for the check")
    parser.add_argument("--build-scales", default="1,10", help="corpus sizes for the builds (100 takes long)")
    parser.add_argument("--many", type=int, default=10_000, help="scenarios for the large check")
    parser.add_argument("--skip", default="", help="parts to leave out: checks, builds, delivery (comma-separated)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ibsa-bench-"))
    bench = Bench(work)
    base = synth.counts(ROOT)
    bench.row("current corpus", f"{base['provisions']} provisions, {base['scenarios']} scenarios, "
                                f"{base['lessons']} lessons")
    skip = set(filter(None, args.skip.split(",")))
    try:
        if "checks" not in skip:
            bench.checks([int(k) for k in args.scales.split(",")], args.many)
        if "builds" not in skip:
            bench.builds([int(k) for k in args.build_scales.split(",")])
        if "delivery" not in skip:
            bench.editions_and_artefacts()
    finally:
        print("\n| measurement | result | target |\n|---|---|---|")
        for what, value, target in bench.rows:
            print(f"| {what} | {value} | {target} |")
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
