"""A synthetic curriculum at N times the size of the real one.

Copy i of every law file, scenario and module renames every id it defines or uses (instruments, provisions,
facts, scenarios, lessons, objectives, modules) with a suffix, so the copies are independent of each other
and the checker still finds the corpus consistent: `ibsa check` on a synthetic corpus should pass.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

NOT_CATALOGUE = {"facts.yaml", "events.yaml", "terms.yaml"}  # law files that hold no provisions
COPY_AS_IS = ["conf.py", "index.md", "about.md", "content-policy.yaml", "curriculum/index.md"]


def _renamer(root: Path, i: int):
    facts = yaml.safe_load((root / "law/facts.yaml").read_text(encoding="utf-8"))["facts"]
    # a fact where data names it (a key, a list item, a value), not a word of the story ('followers')
    names = "|".join(sorted(facts, key=len, reverse=True))
    fact_re = re.compile(r"(?<=[\s\[{,(:\"'!])(" + names + r")(?=\s*(?::|,|\]|\}|\)|`|\"|'|=|<|>|!|$| ))", re.M)
    slugs = set()
    for path in (root / "exercises").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        slugs.add(data["id"])
    for path in (root / "curriculum").rglob("*.md"):
        slugs |= set(re.findall(r"(?:lesson|id|module): ([a-z0-9][a-z0-9-]*)", path.read_text(encoding="utf-8")))
    slugs.discard("t1")
    alternatives = "|".join(sorted(map(re.escape, slugs), key=len, reverse=True))
    slug_re = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
    inst_re = re.compile(r"\b((?:CN|KR|US|UK|AU|EU|TW|JP|HK|INT)-[A-Za-z]+[0-9]*)(?=-|\b)")

    def rename(text: str) -> str:
        if i == 0:
            return text
        text = inst_re.sub(rf"\1X{i}", text)
        text = fact_re.sub(rf"\1_x{i}", text)
        return slug_re.sub(rf"\1-x{i}", text)

    return rename


class _NoAliases(yaml.SafeDumper):
    """Each copy's facts share their definitions: written out in full, as content files must be (the checker
    refuses YAML anchors and aliases, and a corpus it refuses measures nothing)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def make(root: Path, dest: Path, scale: int) -> dict[str, int]:
    """Write a corpus `scale` times the size of `root` into `dest`; return its counts."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for rel in COPY_AS_IS:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / rel, dest / rel)
    (dest / "law").mkdir()
    (dest / "exercises").mkdir()
    facts = yaml.safe_load((root / "law/facts.yaml").read_text(encoding="utf-8"))["facts"]
    all_facts = {}
    for i in range(scale):
        rename = _renamer(root, i)
        all_facts.update(yaml.safe_load(rename(yaml.dump({"facts": facts}, Dumper=_NoAliases)))["facts"])
        for path in sorted((root / "law").glob("*.yaml")):
            if path.name in NOT_CATALOGUE:
                continue
            (dest / "law" / f"{path.stem}-x{i}.yaml").write_text(rename(path.read_text(encoding="utf-8")))
        for path in sorted((root / "exercises").glob("*.yaml")):
            out = rename(path.read_text(encoding="utf-8"))
            sid = yaml.safe_load(out)["id"]
            (dest / "exercises" / f"{sid}.yaml").write_text(out)
        for module in sorted(p for p in (root / "curriculum").iterdir() if p.is_dir()):
            target = dest / "curriculum" / (module.name + (f"-x{i}" if i else ""))
            target.mkdir(parents=True)
            for path in module.glob("*.md"):
                (target / path.name).write_text(rename(path.read_text(encoding="utf-8")))
    (dest / "law/facts.yaml").write_text(yaml.dump({"facts": all_facts}, Dumper=_NoAliases, allow_unicode=True,
                                                   sort_keys=False))
    for name in NOT_CATALOGUE - {"facts.yaml"}:
        if (root / "law" / name).is_file():
            shutil.copy(root / "law" / name, dest / "law" / name)  # they name the first copy's provisions
    shutil.copytree(root / "resources", dest / "resources")  # tools cite the first copy's provisions
    return counts(dest)


def counts(dest: Path) -> dict[str, int]:
    provisions = sum(len(yaml.safe_load(p.read_text())["provisions"]) for p in (dest / "law").glob("*.yaml")
                     if p.name not in NOT_CATALOGUE)
    return {"provisions": provisions, "scenarios": len(list((dest / "exercises").glob("*.yaml"))),
            "lessons": len([p for p in (dest / "curriculum").rglob("*.md") if p.name != "index.md"])}


def many_scenarios(root: Path, dest: Path, n: int) -> dict[str, int]:
    """The real catalogue and lessons with `n` scenarios: copies of the real ones under new ids."""
    make(root, dest, 1)
    originals = sorted((dest / "exercises").glob("*.yaml"))
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in originals]
    for k in range(n - len(texts)):
        sid, text = texts[k % len(texts)]
        new = f"{sid}-n{k}"
        (dest / "exercises" / f"{new}.yaml").write_text(text.replace(f"id: {sid}\n", f"id: {new}\n", 1))
    return counts(dest)


def plain_variant(built: Path, dest: Path) -> None:
    """The same pages with every curriculum directive replaced by plain MyST text of the same length:
    each page's rendered text, written as paragraphs, built without the curriculum extension."""
    import html as html_lib

    for page in built.rglob("*.html"):
        rel = page.relative_to(built)
        if rel.parts[0].startswith(("_", "genindex", "search")):
            continue
        body = re.search(r'<article[^>]*role="main"[^>]*>(.*?)</article>', page.read_text(encoding="utf-8"), re.S)
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body.group(1) if body else ""))
        paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
        title = next((p for p in paragraphs if p), rel.stem).replace("¶", "")
        out = dest / rel.with_suffix(".md")
        out.parent.mkdir(parents=True, exist_ok=True)
        toc = "\n```{toctree}\n:hidden:\n:glob:\n\n*\n*/index\n```\n" if rel.stem == "index" else ""
        out.write_text(f"# {title[:80]}\n\n" + "\n\n".join(p.replace("¶", "") for p in paragraphs[1:] if p)
                       + "\n" + toc)
    (dest / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design"]\nhtml_theme = "furo"\nhtml_copy_source = False\n'
        'suppress_warnings = ["toc.not_included", "myst.header"]\nexclude_patterns = ["_build"]\n')
