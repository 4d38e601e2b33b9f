"""A per-file result cache for `ibsa check` (issue 21).

What a check works out from one file alone (its parsed YAML, its prose passages, its content-safety findings...)
is stored under `.ibsa-cache/`, one entry per source file, keyed by a hash of the file's text and of everything
those results may depend on: the ibsa package's own source, the content policy and the law catalogue. Editing a
file invalidates its entry only; editing the catalogue, the policy or the code invalidates every entry.
Cross-file checks are not cached: they run every time on the cached pieces.

A missing, corrupt or stale entry is ignored (computed again and rewritten), never an error. Without an active
cache (`ACTIVE is None`, e.g. in the Sphinx extension and in tests that do not ask for one) every call computes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
DIR = ".ibsa-cache"
FORMAT = 1  # bump when the layout of an entry changes
PACKAGE = Path(__file__).resolve().parent


def _hash_files(paths: list[Path], base: Path) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for path in paths:
        h.update(path.relative_to(base).as_posix().encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\1unreadable")
        h.update(b"\0")
    return h.digest()


def code_hash() -> bytes:
    """The ibsa package's source, all of it: any change to the code may change any finding."""
    return _hash_files(sorted(PACKAGE.rglob("*.py")), PACKAGE)


def dependency_hash(root: Path) -> bytes:
    """What per-file results may depend on besides the file itself: code, policy, law catalogue and config."""
    from ibsa.loaders import LAW_DIR  # late: loaders imports this module

    files = sorted(p for p in (root / LAW_DIR).rglob("*") if p.is_file()) if (root / LAW_DIR).is_dir() else []
    files += [p for p in (root / "content-policy.yaml", root / "conf.py") if p.is_file()]
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT}\0".encode())
    h.update(code_hash())
    h.update(_hash_files(files, root))
    return h.digest()


class Cache:
    """Per-file results, in memory for one run and, when `directory` is given, on disk between runs."""

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        self.root = root
        self.directory = directory
        self.deps = dependency_hash(root) if directory is not None else b""
        self.entries: dict[str, tuple[bytes, dict[str, Any], str]] = {}  # rel -> (key, results, text)
        self.dirty: set[str] = set()
        self.stats = {"hits": 0, "misses": 0, "files_read": 0, "files_written": 0, "ignored": 0}

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass") + self.deps, digest_size=20).digest()

    def _file(self, rel: str) -> Path:
        assert self.directory is not None
        return self.directory / (hashlib.blake2b(rel.encode(), digest_size=16).hexdigest() + ".pickle")

    def _entry(self, rel: str, text: str) -> dict[str, Any]:
        held = self.entries.get(rel)
        if held is not None and held[2] == text:  # the same file again in this run: no need to hash it
            return held[1]
        key = self._key(text)
        results: dict[str, Any] = {}
        if held is None and self.directory is not None:
            try:
                with open(self._file(rel), "rb") as f:
                    stored = pickle.load(f)
                self.stats["files_read"] += 1
                if (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == rel and stored[1] == key
                        and isinstance(stored[2], dict)):
                    results = stored[2]
                else:
                    self.stats["ignored"] += 1  # stale or not ours
            except FileNotFoundError:
                pass
            except Exception:
                self.stats["ignored"] += 1
        self.entries[rel] = (key, results, text)
        return results

    def get(self, kind: str, rel: str, text: str, compute: Callable[[], T]) -> T:
        """The result named `kind` for the file `rel` with this text: stored, or computed and stored."""
        results = self._entry(rel, text)
        if kind in results:
            self.stats["hits"] += 1
            return results[kind]  # type: ignore[no-any-return]
        self.stats["misses"] += 1
        value = compute()
        results[kind] = value
        self.dirty.add(rel)
        return value

    def save(self) -> None:
        """Write the entries that changed; a cache that cannot be written is simply not written."""
        if self.directory is None or not self.dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
        except OSError:
            return
        for rel in sorted(self.dirty):
            key, results, _ = self.entries[rel]
            try:
                fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
                with os.fdopen(fd, "wb") as f:
                    pickle.dump((rel, key, results), f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self._file(rel))
                self.stats["files_written"] += 1
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self.dirty.clear()


ACTIVE: Cache | None = None
LAST_STATS: dict[str, int] = {}  # the counters of the last `ibsa check` run in this process (for tests)


def memo(kind: str, rel: str, text: str, compute: Callable[[], T]) -> T:
    """`compute()`, through the active cache if there is one."""
    return compute() if ACTIVE is None else ACTIVE.get(kind, rel, text, compute)
