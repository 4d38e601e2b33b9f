"""`make bench`: measure the checker and the build on synthetic corpora, and print a table.

Measures and prints; it asserts nothing. Targets (from the quality-gates issue) are printed beside the
figures so a reader sees what is above target.
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
from pathlib import Path

from benchmarks import synth
from ibsa import judgement, loaders

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in MB of a command (and the children it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss // 1024


def sphinx(src: Path, out: Path, edition: str | None, jobs: str = "auto") -> list[str]:
    cmd = [str(BIN / "sphinx-build"), "-q", "-b", "html", "-j", jobs, "-d", str(out / "doctrees"), str(src),
           str(out / "html")]
    return cmd + (["-D", f"ibsa_edition={edition}"] if edition else [])


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


def offline_sizes(dist: Path = ROOT / "_build" / "dist") -> list[tuple[str, str]]:
    """(what, size) of each offline zip `make dist` left in _build/dist; "not built" when there is none."""
    zips = sorted(dist.glob("*/offline/*.zip"))
    if not zips:
        return [("offline package (zip)", "not built (run make dist-offline)")]
    return [(f"offline package {z.name}", f"{z.stat().st_size / 1e6:.1f} MB ({z.stat().st_size} bytes)")
            for z in zips]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100", help="corpus sizes for the check")
    parser.add_argument("--build-scales", default="1,10", help="corpus sizes for the builds (100 takes long)")
    parser.add_argument("--many", type=int, default=10_000, help="scenarios for the large check")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ibsa-bench-"))
    rows: list[tuple[str, str, str]] = []

    def row(what: str, value: str, target: str = "") -> None:
        rows.append((what, value, target))
        print(f"  {what}: {value}", file=sys.stderr, flush=True)

    base = synth.counts(ROOT)
    for what, value in offline_sizes():
        row(what, value)
    row("current corpus", f"{base['provisions']} provisions, {base['scenarios']} scenarios, {base['lessons']} lessons")
    per_item = {}
    for k in map(int, args.scales.split(",")):
        src = work / f"x{k}"
        c = synth.make(ROOT, src, k)
        seconds, mb = run([str(BIN / "ibsa"), "--root", str(src), "check"])
        items = sum(c.values())
        per_item[k] = seconds / items
        row(f"ibsa check {k}x ({items} items)", f"{seconds:.2f} s, {per_item[k] * 1000:.2f} ms/item, {mb} MB")
    ks = sorted(per_item)
    if len(ks) > 1:
        growth = per_item[ks[-1]] / per_item[ks[0]]
        row("check time per item, largest/smallest", f"{growth:.2f}x (1.0 = linear)",
            "close to 1 (start-up cost makes small corpora look slower per item)")
    row("judging one scenario (versions, fallbacks, parties), median of the corpus", judge_ms(), "a few ms")
    many = work / "many"
    c = synth.many_scenarios(ROOT, many, args.many)
    seconds, mb = run([str(BIN / "ibsa"), "--root", str(many), "check"])
    row(f"ibsa check, {c['scenarios']} scenarios", f"{seconds:.2f} s, {mb} MB", "< 5 s")

    for k in map(int, args.build_scales.split(",")):
        src = work / f"x{k}"
        total, peak = 0.0, 0
        for edition in ("participant", "facilitator"):
            seconds, mb = run(sphinx(src, work / f"b{k}-{edition}", edition))
            total, peak = total + seconds, max(peak, mb)
        row(f"full build, both editions, {k}x", f"{total:.1f} s; peak memory {peak} MB")
        fac = work / f"b{k}-facilitator"
        seconds_j1, _ = run(sphinx(src, work / f"b{k}-j1", "facilitator", jobs="1"))
        seconds_jn, _ = run(sphinx(src, work / f"b{k}-jn", "facilitator", jobs="auto"))
        row(f"facilitator build {k}x, -j 1 vs -j auto ({os.cpu_count()} cores)",
            f"{seconds_j1:.1f} s vs {seconds_jn:.1f} s ({seconds_j1 / seconds_jn:.2f}x)")
        plain = work / f"plain{k}"
        synth.plain_variant(fac / "html", plain)
        ext_s, _ = run(sphinx(src, work / f"e{k}", "facilitator", jobs="1"))
        plain_s, _ = run(sphinx(plain, work / f"p{k}", None, jobs="1"))
        row(f"extension overhead {k}x (same pages as plain MyST, -j 1)",
            f"{ext_s:.1f} s vs {plain_s:.1f} s: {100 * (ext_s - plain_s) / plain_s:+.0f} %", "< 10 %")
        lesson = sorted((src / "curriculum").rglob("0*-*.md"))[0]
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more sentence for the benchmark.\n")
        seconds, _ = run(sphinx(src, fac, "facilitator"))
        row(f"rebuild after editing one lesson, {k}x", f"{seconds:.2f} s", "< 2 s")
    built = work / "b1-participant" / "html"
    if built.is_dir():
        lesson_page = sorted((built / "curriculum").rglob("0*-*.html"))[0]
        raw, packed = page_weight(lesson_page)
        row(f"participant lesson page weight ({lesson_page.name})",
            f"{raw / 1024:.0f} KB raw, {packed / 1024:.0f} KB gzip-compressed", "< 150 KB")

    print("\n| measurement | result | target |\n|---|---|---|")
    for what, value, target in rows:
        print(f"| {what} | {value} | {target} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
