"""The root pages that link the built editions and the artefacts, and the publishable site. Plain HTML, no
remote resources.

`_build/html/` holds every edition for trainers; `_build/site/` is what may be published: the participant
edition of every language, with a root page that links only them. A facilitator edition is never copied there.

Artefacts (zips, PDFs, slides...) need no manifest: whatever `ibsa dist-<kind>` wrote as
`_build/dist/<lang>/<kind>/<file>` is listed, grouped by language and kind, with its size. The publishable site
copies and links only files named `*-participant.<ext>`; anything else (a facilitator artefact, a file that does
not say its edition) stays out.
"""

from __future__ import annotations

import html
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ibsa.sphinxext.state import EDITIONS

PUBLIC = ("participant",)  # the only editions that may be published
DESCRIPTIONS = {
    "participant": "Lessons, scenarios and the law catalogue, without answer keys. Give this to trainees.",
    "facilitator": "Everything in the participant edition, plus answer keys, model answers and facilitation "
                   "notes. For trainers only.",
}
# The root page is read before anyone has chosen a language: every part says itself in English and in Chinese.
DESCRIPTIONS_ZH = {
    "participant": "课程、情景案例和法律目录，不含参考答案。可发给学员使用。",
    "facilitator": "包含学员版的全部内容，另附参考答案、参考答案要点和培训师提示。仅供培训师使用。",
}
EDITION_NAMES = {"participant": ("Participant edition", "学员版"), "facilitator": ("Facilitator edition", "培训师版")}
LANGUAGE_NAMES = {"en": ("English", "英文", "en"), "zh_CN": ("Simplified Chinese", "简体中文", "zh-CN")}

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Responding to image-based sexual abuse: editions · 应对基于图像的性暴力：各版本</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; background: #fff; }}
a {{ color: #0b4f9c; }}
li {{ margin-bottom: 1rem; }}
[lang="zh-CN"] {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
                 system-ui, sans-serif; }}
</style>
</head>
<body>
<main>
<h1>Responding to image-based sexual abuse <span lang="zh-CN">应对基于图像的性暴力</span></h1>
<p>An open training curriculum for police trainers, NGO staff and law-school clinics.</p>
<p lang="zh-CN">面向公安培训教官、社会组织工作人员和高校法律诊所的开放培训课程。</p>
<h2>Editions <span lang="zh-CN">版本</span></h2>
<ul>
{items}
</ul>
{artefacts}</main>
</body>
</html>
"""


def languages(out: Path, editions: Sequence[str] = EDITIONS) -> list[str]:
    """The languages built under `out` (a folder per language, holding one folder per edition)."""
    if not out.is_dir():
        return []
    return sorted(d.name for d in out.iterdir() if d.is_dir() and not d.name.startswith(("_", "."))
                  and any((d / e / "index.html").is_file() for e in editions))


def write(out: Path, langs: Sequence[str] | None = None, editions: Sequence[str] = EDITIONS,
          dist: Path | None = None, public_only: bool = False) -> Path:
    """The root page of `out`; it lists the artefacts under `dist` (default: `_build/dist` beside `out`), only the
    participant ones when `public_only`."""
    langs = list(langs) if langs is not None else (languages(out, editions) or ["en"])
    items = "\n".join(_item(lang, e) for lang in langs for e in editions)
    dist = dist if dist is not None else out.parent / "dist"
    found = [a for a in artefacts(dist) if a.public or not public_only]
    target = out / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(items=items, artefacts=_artefact_list(found, dist, out)), encoding="utf-8")
    return target


# ------------------------------------------------------------------------------------------------ artefacts

KIND_NAMES = {  # a kind not named here is shown by its folder name
    "offline": ("Offline package: unzip, open index.html; works without internet",
                "离线包：解压后打开 index.html，无需联网"),
    "pdf": ("PDF workbooks and guides", "PDF 学员手册和培训师指南"),
    "handouts": ("Handouts", "讲义"),
    "slides": ("Slides", "幻灯片"),
    "moodle": ("Moodle question banks", "Moodle 题库"),
    "evaluation": ("Evaluation", "评估材料"),
}


@dataclass(frozen=True)
class Artefact:
    lang: str
    kind: str
    path: Path

    @property
    def edition(self) -> str:
        """participant or facilitator from the file or folder name; "" when the name does not say (never
        published)."""
        stem = self.path.name.split(".", 1)[0]
        return next((e for e in EDITIONS if stem == e or stem.endswith(f"-{e}")), "")

    @property
    def link(self) -> Path:
        """What a reader opens: the file, or a folder's index.html (a set of slide decks)."""
        return self.path / "index.html" if self.path.is_dir() else self.path

    @property
    def bytes(self) -> int:
        files = [f for f in self.path.rglob("*") if f.is_file()] if self.path.is_dir() else [self.path]
        return sum(f.stat().st_size for f in files)

    @property
    def public(self) -> bool:
        return self.edition in PUBLIC


def artefacts(dist: Path) -> list[Artefact]:
    """Every file at `dist/<lang>/<kind>/<file>`, and every folder there named by its edition that opens with an
    index.html (the slide decks), sorted by language, kind and name (hidden and partial files left out)."""
    if not dist.is_dir():
        return []
    return [Artefact(f.parent.parent.name, f.parent.name, f) for f in sorted(dist.glob("*/*/*"))
            if not f.name.startswith(".") and not f.name.endswith(".part")
            and (f.is_file() or (f.name in EDITIONS and (f / "index.html").is_file()))]


def size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.0f} KB"
    return f"{n / 1_000_000:.1f} MB"


def _artefact_list(found: Sequence[Artefact], dist: Path, page: Path) -> str:
    if not found:
        return ""
    parts = ['<h2>Downloads <span lang="zh-CN">下载</span></h2>']
    for lang in sorted({a.lang for a in found}):
        en_lang, zh_lang, code = LANGUAGE_NAMES.get(lang, (lang, lang, lang.replace("_", "-")))
        parts.append(f'<h3>{html.escape(en_lang)} <span lang="zh-CN">{html.escape(zh_lang)}</span></h3>')
        for kind in sorted({a.kind for a in found if a.lang == lang}):
            en_kind, zh_kind = KIND_NAMES.get(kind, (kind, kind))
            parts.append(f'<h4>{html.escape(en_kind)} · <span lang="zh-CN">{html.escape(zh_kind)}</span></h4>\n<ul>')
            for a in (a for a in found if a.lang == lang and a.kind == kind):
                href = os.path.relpath(a.link, page).replace(os.sep, "/")
                en_ed, zh_ed = EDITION_NAMES.get(a.edition, ("", ""))
                label = (f' ({html.escape(en_ed)} · <span lang="zh-CN">{html.escape(zh_ed)}</span>)'
                         if a.edition else "")
                name = a.link.relative_to(a.path.parent).as_posix()
                parts.append(f'<li><a href="{html.escape(quote(href))}" hreflang="{code}">{html.escape(name)}'
                             f"</a>{label}, {size(a.bytes)}</li>")
            parts.append("</ul>")
    return "\n".join(parts) + "\n"


def _item(lang: str, edition: str) -> str:
    """One edition's link and description, in English and in Chinese, each part marked with its language."""
    en_lang, zh_lang, code = LANGUAGE_NAMES.get(lang, (lang, lang, lang.replace("_", "-")))
    en_name, zh_name = EDITION_NAMES.get(edition, (f"{edition.capitalize()} edition", edition))
    return (f'<li><a href="{lang}/{edition}/index.html" hreflang="{code}">{html.escape(en_name)} '
            f'({html.escape(en_lang)}) · <span lang="zh-CN">{html.escape(zh_name)}（{html.escape(zh_lang)}）</span>'
            f"</a><br>{html.escape(DESCRIPTIONS[edition])}<br>"
            f'<span lang="zh-CN">{html.escape(DESCRIPTIONS_ZH[edition])}</span></li>')


def publish(built: Path, site: Path, dist: Path | None = None) -> Path:
    """Assemble the publishable site from the built editions: participant editions only, made afresh each time
    (so nothing from an earlier build, and nothing from a facilitator edition, can be left in it); the
    participant artefacts of `dist` (default `_build/dist` beside `built`) are copied to `site/dist/`."""
    dist = dist if dist is not None else built.parent / "dist"
    langs = languages(built, PUBLIC)
    if not langs:
        raise FileNotFoundError(f"no participant edition under {built}; build it first (make html)")
    if site.exists():
        shutil.rmtree(site)
    for lang in langs:
        shutil.copytree(built / lang / "participant", site / lang / "participant",
                        ignore=shutil.ignore_patterns(".*"))  # .buildinfo, .doctrees: build state, not site
    for a in artefacts(dist):
        if a.public:
            target = site / "dist" / a.lang / a.kind / a.path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            if a.path.is_dir():
                shutil.copytree(a.path, target, ignore=shutil.ignore_patterns(".*"))
            else:
                shutil.copyfile(a.path, target)
    return write(site, langs, PUBLIC, site / "dist", public_only=True)
