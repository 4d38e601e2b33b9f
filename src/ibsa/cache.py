"""The result cache of `ibsa check` (issue 21).

What a check works out from one file alone (a scenario's findings and the summary the checks across files need,
a file's content-safety findings, the roles it uses...) is kept in one index, `.ibsa-cache/index.pickle`:
file -> (digest of its bytes, {kind of result: result}). The index as a whole is valid for one state of
everything those results may depend on besides the file itself: the ibsa package's source, the content policy,
the law catalogue and conf.py. Editing a file invalidates its entry only; editing the catalogue, the policy or
the code starts a new index. Results that depend on other files (does a named scenario exist?) are never stored:
the checks across files run every time, on the stored summaries.

Each file is read once per run, to hash it; its text is not kept, and is read again only to compute a missing
result. One index, not a file per entry: a warm run over 10,000 scenarios loads one pickle of small values.
A missing, corrupt or stale index is ignored (computed again and rewritten), never an error. Without an active
cache (`ACTIVE is None`: the Sphinx extension, tests that do not ask for one) every call computes.
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

from ibsa.findings import FindingError
from ibsa.yamlsrc import decode, read_bytes, read_text

T = TypeVar("T")
DIR = ".ibsa-cache"
INDEX = "index.pickle"
FORMAT = 2  # bump when the layout of the index changes
PARALLEL_LEAST = 200  # files without results below which forking costs more than it saves
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


Entry = tuple[bytes, dict[str, Any]]  # (digest of the file's bytes, results by kind)


class Cache:
    """Per-file results, in memory for one run and, when `directory` is given, on disk between runs."""

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        self.root = root
        self.directory = directory
        self.deps = dependency_hash(root) if directory is not None else b""
        self.stats = {"hits": 0, "misses": 0, "entries": 0, "stale": 0, "reset": 0, "written": 0,
                      "prefilled": 0}
        self.index: dict[str, Entry] = self._load()
        self.stats["entries"] = len(self.index)
        self.seen: dict[str, tuple[bytes, bytes | None]] = {}  # this run: file -> (digest, bytes while needed)
        self.dirty = False

    def _load(self) -> dict[str, Entry]:
        if self.directory is None:
            return {}
        try:
            with open(self.directory / INDEX, "rb") as f:
                stored = pickle.load(f)
        except FileNotFoundError:
            return {}
        except Exception:  # corrupt, truncated, or not ours: start again
            self.stats["reset"] += 1
            return {}
        if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self.deps
                and isinstance(stored[1], dict)):
            self.stats["reset"] += 1  # the code, the law, the policy or the layout changed
            return {}
        return stored[1]

    def _entry(self, rel: str, path: Path) -> tuple[Entry, bytes | None]:
        """The entry for the file's current bytes (a fresh one if it changed), and the bytes if just read."""
        held = self.seen.get(rel)
        raw = None
        if held is None:
            raw = read_bytes(path, rel)
            digest = hashlib.blake2b(raw, digest_size=20).digest()
            self.seen[rel] = (digest, None)
        else:
            digest = held[0]
        entry = self.index.get(rel)
        if entry is None or entry[0] != digest:
            if entry is not None:
                self.stats["stale"] += 1
            entry = self.index[rel] = (digest, {})
        return entry, raw

    def results(self, kinds: tuple[str, ...], path: Path, rel: str,
                compute: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
        """The results named `kinds` for the file `rel` (at `path`): stored, or `compute(text)` (a dict holding
        them all, made in one pass over the text) and stored. Raises FindingError if the file cannot be read or
        is not UTF-8."""
        (_, stored), raw = self._entry(rel, path)
        if all(kind in stored for kind in kinds):
            self.stats["hits"] += 1
            return stored
        self.stats["misses"] += 1
        stored.update(compute(decode(raw, rel) if raw is not None else read_text(path, rel)))
        self.dirty = True
        return stored

    def missing(self, rel: str, path: Path) -> bool:
        """Whether the file has no stored results for its current bytes (False if it cannot be read: the loaders
        report it)."""
        try:
            (_, stored), _ = self._entry(rel, path)
        except FindingError:
            return False
        return not stored

    def prefill(self, files: list[tuple[str, Path, list[Callable[[], object]]]], processes: int,
                least: int | None = None) -> None:
        """Compute the results of the files that have none on `processes` cores: each file's calls compute, through
        this cache, what is kept for it (`ibsa check`, with or without a cache on disk). Worth it only for many files
        (`least`). This process takes one share; each other share is computed in a forked child, which sends back
        its entries. A child that fails sends nothing: what it did not send is computed later, in order, as
        without this step, so a failure shows there with its usual message."""
        todo = [job for job in files if self.missing(job[0], job[1])]
        least = PARALLEL_LEAST if least is None else least
        if len(todo) < least:
            return
        if processes < 2 or not hasattr(os, "fork"):
            _compute(todo)  # each file's steps in a row still compose its YAML once (ibsa.yamlsrc.compose)
            return
        shares = [todo[i::processes] for i in range(processes)]
        children: list[tuple[int, int]] = []
        try:
            for share in shares[1:]:
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:  # the child: compute, send, and leave at once (no exit handlers, no flushing)
                    status = 1
                    try:
                        os.close(read)
                        _compute(share)
                        with os.fdopen(write, "wb") as f:
                            pickle.dump({rel: self.index[rel] for rel, _, _ in share if rel in self.index}, f,
                                        protocol=pickle.HIGHEST_PROTOCOL)
                        status = 0
                    finally:
                        os._exit(status)
                os.close(write)
                children.append((pid, read))
            _compute(shares[0])
        finally:
            for pid, read in children:
                with os.fdopen(read, "rb") as f:
                    try:
                        entries = pickle.load(f)
                    except Exception:  # the child failed
                        entries = {}
                os.waitpid(pid, 0)
                for rel, entry in entries.items():
                    if self.seen.get(rel, (None,))[0] == entry[0]:
                        self.index[rel] = entry
                        self.stats["prefilled"] += 1
                        self.dirty = True

    def save(self) -> None:
        """Write the index, without entries for files this run did not see (deleted or renamed); a cache that
        cannot be written is simply not written."""
        if self.directory is None:
            return
        gone = self.index.keys() - self.seen.keys()
        if not self.dirty and not gone:
            return
        for rel in gone:
            del self.index[rel]
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump((self.deps, self.index), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.directory / INDEX)
            self.stats["written"] += 1
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self.dirty = False


def _compute(share: list[tuple[str, Path, list[Callable[[], object]]]]) -> None:
    for _, _, calls in share:
        for call in calls:
            with contextlib.suppress(FindingError):  # the loaders report unreadable files
                call()


def processes() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


ACTIVE: Cache | None = None
LAST_STATS: dict[str, int] = {}  # the counters of the last `ibsa check` run in this process (for tests)


def results(kinds: tuple[str, ...], path: Path, rel: str, compute: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """`compute(text of the file)`, a dict holding the results named `kinds`, through the active cache if there
    is one. Raises FindingError if the file cannot be read or is not UTF-8."""
    if ACTIVE is None:
        return compute(read_text(path, rel))
    return ACTIVE.results(kinds, path, rel, compute)


def result(kind: str, path: Path, rel: str, compute: Callable[[str], T]) -> T:
    """`compute(text of the file)`, through the active cache if there is one."""
    return results((kind,), path, rel, lambda text: {kind: compute(text)})[kind]  # type: ignore[no-any-return]
