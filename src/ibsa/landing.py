"""The page at _build/html/index.html that links the editions. Plain HTML, no remote resources."""

from __future__ import annotations

import html
from pathlib import Path

from ibsa.sphinxext.state import EDITIONS

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


def write(out: Path, language: str = "en") -> Path:
    items = "\n".join(
        f'<li><a href="{language}/{e}/index.html">{e.capitalize()} edition ({language})</a><br>'
        f"{html.escape(DESCRIPTIONS[e])}</li>" for e in EDITIONS)
    target = out / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(items=items), encoding="utf-8")
    return target
