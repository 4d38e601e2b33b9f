"""Build-wide state of the extension: the loaded corpus and the edition being built.

The corpus is data, not documents, so it is not pickled into the environment: it
is loaded once per build (worker processes of a parallel read inherit it) and
looked up by source directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from sphinx.environment import BuildEnvironment

from ibsa.loaders import Corpus

Edition = Literal["participant", "facilitator"]
EDITIONS: tuple[Edition, ...] = ("participant", "facilitator")
# every language the editions are built in, each named in itself (a reader looks for her own language's name)
LANGUAGES = {"en": "English", "zh_CN": "中文（简体）"}
_CORPORA: dict[Path, Corpus] = {}


def set_corpus(srcdir: Path, corpus: Corpus) -> None:
    _CORPORA[Path(srcdir).resolve()] = corpus


def corpus(env: BuildEnvironment) -> Corpus:
    return _CORPORA[Path(env.srcdir).resolve()]


def edition(env: BuildEnvironment) -> Edition:
    return env.config.ibsa_edition


def facilitator(env: BuildEnvironment) -> bool:
    return edition(env) == "facilitator"


def provision_doc(pid: str) -> str:
    return f"catalogue/{pid}"


def scenario_doc(sid: str) -> str:
    return f"scenarios/{sid}"


def note_data(env: BuildEnvironment, root: Path, path: str) -> None:
    """The page shows data from `path` (relative to the project): it is read again when the file changes, or,
    in a translated edition, when the file's catalogue does (a corrected translation must not wait for a clean
    build)."""
    env.note_dependency(str(root / path))
    language = env.config.language or "en"
    if language != "en":
        for folder in env.config.locale_dirs:
            po = root / folder / language / "LC_MESSAGES" / Path(path).with_suffix(".po")
            if po.is_file():
                env.note_dependency(str(po))
