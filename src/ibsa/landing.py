"""The root pages that link the built editions, and the publishable site. Plain HTML, no remote resources.

`_build/html/` holds every edition for trainers; `_build/site/` is what may be published: the participant
edition of every language, with a root page that links only them. A facilitator edition is never copied there.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Sequence
from pathlib import Path

from ibsa.sphinxext.state import EDITIONS

PUBLIC = ("participant",)  # the only editions that may be published
DESCRIPTIONS = {
    "participant": "Lessons, scenarios and the law catalogue, without answer keys. Give this to trainees.",
    "facilitator": "Everything in the participant edition, plus answer keys, model answers and facilitation "
                   "notes. For trainers only.",
}

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Responding to image-based sexual abuse: editions</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; background: #fff; }}
a {{ color: #0b4f9c; }}
li {{ margin-bottom: 1rem; }}
</style>
</head>
<body>
<main>
<h1>Responding to image-based sexual abuse</h1>
<p>An open training curriculum for police trainers, NGO staff and law-school clinics.</p>
<h2>Editions</h2>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""


def languages(out: Path, editions: Sequence[str] = EDITIONS) -> list[str]:
    """The languages built under `out` (a folder per language, holding one folder per edition)."""
    if not out.is_dir():
        return []
    return sorted(d.name for d in out.iterdir() if d.is_dir() and not d.name.startswith(("_", "."))
                  and any((d / e / "index.html").is_file() for e in editions))


def write(out: Path, langs: Sequence[str] | None = None, editions: Sequence[str] = EDITIONS) -> Path:
    langs = list(langs) if langs is not None else (languages(out, editions) or ["en"])
    items = "\n".join(
        f'<li><a href="{lang}/{e}/index.html">{e.capitalize()} edition ({lang})</a><br>'
        f"{html.escape(DESCRIPTIONS[e])}</li>" for lang in langs for e in editions)
    target = out / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(items=items), encoding="utf-8")
    return target


def publish(built: Path, site: Path) -> Path:
    """Assemble the publishable site from the built editions: participant editions only, made afresh each time
    (so nothing from an earlier build, and nothing from a facilitator edition, can be left in it)."""
    langs = languages(built, PUBLIC)
    if not langs:
        raise FileNotFoundError(f"no participant edition under {built}; build it first (make html)")
    if site.exists():
        shutil.rmtree(site)
    for lang in langs:
        shutil.copytree(built / lang / "participant", site / lang / "participant",
                        ignore=shutil.ignore_patterns(".*"))  # .buildinfo, .doctrees: build state, not site
    return write(site, langs, PUBLIC)
