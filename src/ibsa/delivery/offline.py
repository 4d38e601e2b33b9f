"""The offline package: one zip per built edition, which works opened from disk (file://), search included.

Sphinx's search reads `searchindex.js` through a script tag, so it needs no server; the one thing that fetches
(the summary under each result) is switched off under file:// by the project's search template. The zip holds
one top folder, `ibsa-<lang>-<edition>/`, with the edition's pages and an OPEN-ME.html that says to open
index.html. The link to the same page in the other language is taken out of every page: that edition is not in
the zip, so the link could only fail.

The zip is reproducible: entries sorted, every timestamp SOURCE_DATE_EPOCH (or a constant), fixed permissions.
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ibsa.delivery import EDITIONS, LANGUAGES

KIND = "offline"
REQUIRED = ("index.html", "search.html", "searchindex.js")  # what makes a folder a built, searchable edition
DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, when SOURCE_DATE_EPOCH is not set
ZIP_EPOCH_MIN = 315532800  # 1980-01-01: a zip cannot record an earlier time
LANGUAGE_NAV = re.compile(r'<nav class="ibsa-language"[^>]*>.*?</nav>', re.S)
OPEN_ME = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=index.html">
<title>Open index.html · 请打开 index.html</title>
</head>
<body>
<h1>{title}</h1>
<p>Open <a href="index.html">index.html</a> in this folder with any web browser. Everything, search included,
works from this folder without an internet connection. Keep the folder together: the pages need the files
beside them.</p>
<p lang="zh-CN">请用任意网页浏览器打开本文件夹中的 <a href="index.html">index.html</a>。所有内容（包括搜索）
都可以在没有网络连接的情况下直接从本文件夹使用。请保持文件夹完整：各页面需要同一文件夹中的其他文件。</p>
</body>
</html>
"""
TITLES = {"participant": "Participant edition · 学员版", "facilitator": "Facilitator edition (answer keys; "
          "for trainers only) · 培训师版（含参考答案，仅供培训师使用）"}


class OfflineError(Exception):
    """A folder that cannot be packaged: `path: what is wrong; how to fix [code]`."""

    def __init__(self, path: Path | str, what: str, fix: str, code: str) -> None:
        super().__init__(f"{path}: {what}; {fix} [{code}]")
        self.path, self.code = str(path), code


@dataclass(frozen=True)
class Package:
    lang: str
    edition: str
    path: Path


def epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        seconds = int(value) if value else DEFAULT_EPOCH
    except ValueError:
        seconds = DEFAULT_EPOCH
    return max(seconds, ZIP_EPOCH_MIN)


def check_edition(folder: Path) -> None:
    """Raise OfflineError unless `folder` is a built edition with its search."""
    if not folder.is_dir():
        raise OfflineError(folder, "no such folder; expected a built edition such as _build/html/en/participant",
                           "build it first (make html)", "offline-no-edition")
    for name in REQUIRED:
        if not (folder / name).is_file():
            raise OfflineError(folder, f"not a built edition: {name} is missing",
                               "build the site with Sphinx's html builder (make html) and package its "
                               "_build/html/<lang>/<edition> folder", "offline-not-built")


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):  # .buildinfo: build state
            yield rel.as_posix(), path


def _content(rel: str, path: Path) -> bytes:
    data = path.read_bytes()
    if rel.endswith(".html"):
        text = data.decode("utf-8")
        data = LANGUAGE_NAV.sub("", text).encode("utf-8")
    return data


def package(folder: Path, target: Path, top: str, edition: str = "participant") -> Path:
    """Zip one built edition into `target`, under the folder `top`; the same input gives the same bytes."""
    check_edition(folder)
    stamp = time.gmtime(epoch())[:6]
    open_me = OPEN_ME.format(title=TITLES.get(edition, edition)).encode("utf-8")
    entries: list[tuple[str, bytes | None]] = [(f"{top}/OPEN-ME.html", open_me)]
    entries += [(f"{top}/{rel}", _content(rel, path)) for rel, path in _files(folder)]
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    folders = {"/".join(n.split("/")[:i]) + "/": None for n, _ in entries for i in range(1, n.count("/") + 1)}
    with zipfile.ZipFile(partial, "w") as zf:
        for name, data in sorted([*entries, *folders.items()]):  # one order: folders and files by name
            info = zipfile.ZipInfo(name, stamp)
            info.create_system = 3
            if data is None:
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data, compresslevel=9)
    partial.replace(target)
    return target


def zip_name(lang: str, edition: str) -> str:
    return f"ibsa-{lang}-{edition}.zip"


def build_all(built: Path, out: Path, langs: Iterable[str] | None = None) -> list[Package]:
    """Every edition built under `built/<lang>/<edition>` zipped to `out/<lang>/offline/ibsa-<lang>-<edition>.zip`.
    A language asked for by name must have at least one built edition."""
    asked = list(langs) if langs else None
    made = []
    for lang in asked or LANGUAGES:
        editions = [e for e in EDITIONS if (built / lang / e).is_dir()]
        if not editions:
            if asked:
                raise OfflineError(built / lang, "no built edition in this language",
                                   f"build it first (make html, or sphinx-build -D language={lang})",
                                   "offline-no-edition")
            continue
        for edition in editions:
            top = f"ibsa-{lang}-{edition}"
            made.append(Package(lang, edition, package(built / lang / edition, out / lang / KIND /
                                                       zip_name(lang, edition), top, edition)))
    if not made:
        raise OfflineError(built, "no built edition", "build the site first (make html)", "offline-no-edition")
    return made
