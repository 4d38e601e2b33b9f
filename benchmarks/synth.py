"""A synthetic curriculum at N times the size of the real one.

Copy i of every law file, scenario and module renames every id it defines or uses (instruments, provisions,
scenarios, lessons, objectives, modules) with a suffix, so the copies are independent of each other and the
checker still finds the corpus consistent: `ibsa check` on a synthetic corpus reports no errors
(tests/test_bench.py). Facts are renamed in the parsed data, where data names them (a key of a facts mapping,
a list item, a name in an expression), never in prose: renaming them by pattern in the text also renamed words
of the stories and thresholds spelt like a fact.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from ibsa import expr

NOT_CATALOGUE = {"facts.yaml", "events.yaml", "terms.yaml"}  # law files that hold no provisions
COPY_AS_IS = ["conf.py", "index.md", "about.md", "content-policy.yaml", "curriculum/index.md"]


def _renamer(root: Path, i: int):
    slugs = set()
    for path in (root / "exercises").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        slugs.add(data["id"])
    for path in (root / "curriculum").rglob("*.md"):
        slugs |= set(re.findall(r"(?:lesson|id|module): ([a-z0-9][a-z0-9-]*)", path.read_text(encoding="utf-8")))
    slugs = {s for s in slugs if len(s) > 2}  # not 'a' or 't1' (local names), which are also words of the prose
    alternatives = "|".join(sorted(map(re.escape, slugs), key=len, reverse=True))
    slug_re = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
    inst_re = re.compile(r"\b((?:CN|KR|US|UK|AU|EU|TW|JP|HK|INT)-[A-Za-z]+[0-9]*)(?=-|\b)")

    def rename(text: str) -> str:
        if i == 0:
            return text
        text = inst_re.sub(rf"\1X{i}", text)
        return slug_re.sub(rf"\1-x{i}", text)

    return rename


def _fact_renamer(facts: set[str], i: int):
    """Rename, in parsed YAML, every place data names a fact: copy i gets its own facts, so its provisions never
    apply to another copy's scenarios."""
    names = re.compile(r"(?<![\w$])(" + "|".join(sorted(facts, key=len, reverse=True)) + r")(?!\w)")

    def in_expression(text: str) -> bool:
        try:
            tokens = expr._tokens(text)
        except expr.ExprError:
            return False
        return any(kind == "name" and value in facts for kind, value in tokens)

    def walk(node: object, parent: object = None) -> object:
        if i == 0:
            return node
        if isinstance(node, dict):  # a threshold spelt like a fact keeps its name
            return {(f"{k}_x{i}" if k in facts and parent != "thresholds" else k): walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, parent) for v in node]
        if isinstance(node, str) and parent not in ("id", "element") and (node in facts or in_expression(node)):
            return names.sub(rf"\1_x{i}", node)
        return node

    return walk


def dump(data: object) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=10**6)


class _NoAliases(yaml.SafeDumper):
    """Written out in full, as content files must be (the checker refuses YAML anchors and aliases)."""

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
    facts = yaml.safe_load((root / "law/facts.yaml").read_text(encoding="utf-8"))
    all_facts: dict[str, object] = {}
    for i in range(scale):
        rename, rename_facts = _renamer(root, i), _fact_renamer(set(facts["facts"]), i)
        all_facts.update(rename_facts(facts)["facts"])  # type: ignore[index]
        for path in sorted((root / "law").glob("*.yaml")):
            if path.name in NOT_CATALOGUE:
                continue
            data = rename_facts(yaml.safe_load(rename(path.read_text(encoding="utf-8"))))
            (dest / "law" / f"{path.stem}-x{i}.yaml").write_text(dump(data), encoding="utf-8")
        for path in sorted((root / "exercises").glob("*.yaml")):
            data = rename_facts(yaml.safe_load(rename(path.read_text(encoding="utf-8"))))
            (dest / "exercises" / f"{data['id']}.yaml").write_text(dump(data), encoding="utf-8")  # type: ignore
        for module in sorted(p for p in (root / "curriculum").iterdir() if p.is_dir()):
            target = dest / "curriculum" / (module.name + (f"-x{i}" if i else ""))
            target.mkdir(parents=True)
            for path in module.glob("*.md"):
                (target / path.name).write_text(rename(path.read_text(encoding="utf-8")))
    (dest / "law/facts.yaml").write_text(dump({**facts, "facts": all_facts}), encoding="utf-8")
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
