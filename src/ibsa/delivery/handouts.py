"""Handouts as PDF (`ibsa dist-handouts`): the printable tools and the role-card packs, printed by headless
Chromium from the built site (`make html`), with the site's own print styles.

- Tools (checklists, logs, the quick reference card, the letters): `tools/<id>.html` of the participant edition
  (tools hold no answers), one PDF each: `<out>/<lang>/handouts/<tool>-participant.pdf`.
- Role-card packs, per scenario with a role-play: the facilitator pack prints the facilitator page at
  `#role-play-pack`, which ibsa-facilitator.css reduces to every role card on its own sheet and the observer
  checklist on its own sheet (no narrative, no answer key): `<scenario>-roles-facilitator.pdf`. The participant
  pack prints the participant page with only its role-play section, each briefing shown to participants on its
  own sheet: `<scenario>-roles-participant.pdf`. The participant edition has no other card to leak.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from ibsa import loaders
from ibsa.delivery import LANGUAGES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# the participant page reduced to its role-play section, a briefing per sheet (as the facilitator CSS does for
# the pack at #role-play-pack)
PARTICIPANT_PACK_CSS = """
@media print {
  article > * { display: none !important; }
  article > section { display: block !important; }
  article > section > :not(h1):not(.ibsa-role-play) { display: none !important; }
  .ibsa-role-briefing { break-before: page; page-break-before: always; }
}
"""


class HandoutError(RuntimeError):
    pass


def _chromium() -> str:
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).is_file() else None)
    if not found:
        raise HandoutError("Chromium is missing: the handouts are printed by it. Install it with "
                           "`sudo apt-get install -y --no-install-recommends chromium`.")
    return found


def _page(built: Path, language: str, edition: str, docname: str) -> Path:
    path = built / language / edition / f"{docname}.html"
    if not path.is_file():
        raise HandoutError(f"{path} is missing: build the site first (`make html`)")
    return path


def jobs(root: Path, built: Path, languages: Iterable[str]) -> list[tuple[Path, str, str, Path]]:
    """(page, fragment, extra CSS, output name) for every handout."""
    corpus = loaders.load(root)
    out = []
    for language in languages:
        for tid in sorted(corpus.tools):
            out.append((_page(built, language, "participant", f"tools/{tid}"), "", "",
                        Path(language, "handouts", f"{tid}-participant.pdf")))
        for sid, sc in sorted(corpus.scenarios.items()):
            if not sc.roleplay:
                continue
            out.append((_page(built, language, "facilitator", f"scenarios/{sid}"), "#role-play-pack", "",
                        Path(language, "handouts", f"{sid}-roles-facilitator.pdf")))
            out.append((_page(built, language, "participant", f"scenarios/{sid}"), "", PARTICIPANT_PACK_CSS,
                        Path(language, "handouts", f"{sid}-roles-participant.pdf")))
    return out


def build(root: Path, built: Path, out: Path, languages: Iterable[str] = LANGUAGES) -> list[Path]:
    from playwright.sync_api import sync_playwright

    todo = jobs(root.resolve(), built.resolve(), languages)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            # offline: nothing but the built files
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            for source, fragment, css, name in todo:
                page.goto(source.as_uri() + fragment, wait_until="load")
                if css:
                    page.add_style_tag(content=css)
                page.emulate_media(media="print")
                target = out / name
                target.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(target), format="A4", print_background=True,
                         margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
                written.append(target)
        finally:
            browser.close()
    return written
