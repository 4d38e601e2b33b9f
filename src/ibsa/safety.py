"""Content safety: no links to messaging channels or file-sharing hosts, no images but diagrams.

The lists are data (content-policy.yaml at the repository root), each entry with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ibsa.findings import Finding, FindingError
from ibsa.loaders import CURRICULUM_DIR, EXERCISES_DIR, LAW_DIR, MEDIA_SUFFIXES, POLICY_FILE, RESOURCES_DIR, Corpus
from ibsa.model import BlockedHost, LanguageRule, Policy
from ibsa.yamlsrc import read_text


def _first_chars(words: list[str] | dict[str, object]) -> str:
    """A lookahead for the first letters of the alternatives: `re` then rejects most positions with one
    character test instead of trying every alternative (four times faster on a typical file)."""
    chars = sorted({c for w in words for c in (w[0].lower(), w[0].upper())})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])"


class HostPattern:
    """Finds a blocked host or any subdomain of it, with or without a scheme, as a whole host name.
    It searches for the literal host names (fast) and then widens each hit to the whole host around it."""

    def __init__(self, hosts: list[str]) -> None:
        self.hosts = [h.lower() for h in hosts]
        alternatives = "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))
        self.core = re.compile(rf"{_first_chars(self.hosts)}(?:{alternatives})(?![\w-]|\.[a-z0-9])", re.I)

    def finditer(self, text: str) -> Iterator[tuple[str, int]]:
        """(host as written, offset) for each blocked host in the text."""
        for m in self.core.finditer(text):
            start = m.start()
            while start and (text[start - 1].isalnum() or text[start - 1] in "-."):
                start -= 1
            host = text[start:m.end()].lower()
            if any(host == h or (host.endswith("." + h) and not host.startswith(".")) for h in self.hosts):
                yield text[start:m.end()], start


QUOTED = re.compile(r"\{quoted\}`[^`]*`")  # deliberate quotation, e.g. in a lesson about language


class PhrasePattern:
    """All phrases of the language rules in one pattern; English phrases match as whole words in any case."""

    def __init__(self, rules: list[LanguageRule]) -> None:
        self.rule = {p.lower(): r for r in rules for p in r.phrases}
        parts = []
        for phrase in sorted(self.rule, key=len, reverse=True):
            body = r"\s+".join(map(re.escape, phrase.split()))
            head = r"(?<![A-Za-z])" if phrase[0].isascii() and phrase[0].isalpha() else ""
            tail = r"(?![A-Za-z])" if phrase[-1].isascii() and phrase[-1].isalpha() else ""
            parts.append(head + body + tail)
        self.pattern = re.compile(f"{_first_chars(self.rule)}(?:{'|'.join(parts)})", re.I) if parts else None

    def finditer(self, text: str) -> Iterator[tuple[str, int, LanguageRule]]:
        """(phrase as written, offset, rule) for each match outside {quoted} text."""
        if self.pattern is None:
            return
        quoted = [m.span() for m in QUOTED.finditer(text)]
        for m in self.pattern.finditer(text):
            if not any(a <= m.start() < b for a, b in quoted):
                yield m.group(0), m.start(), self.rule[re.sub(r"\s+", " ", m.group(0).lower())]


def _blocked(host: str, policy: Policy) -> BlockedHost:
    host = host.lower()
    return next(b for b in policy.blocked_hosts if host == b.host or host.endswith("." + b.host))


def content_files(root: Path) -> Iterator[Path]:
    for folder in (CURRICULUM_DIR, EXERCISES_DIR, LAW_DIR, RESOURCES_DIR):
        base = root / folder
        if base.is_dir():
            yield from sorted(p for p in base.rglob("*") if p.is_file())


def check_content_safety(corpus: Corpus) -> Iterator[Finding]:
    policy = corpus.policy
    if policy is None:  # missing or invalid: the loader reported it
        return
    diagrams = {d.path for d in policy.diagrams}
    pattern = HostPattern([b.host for b in policy.blocked_hosts])
    phrases = PhrasePattern(policy.language)
    for path in content_files(corpus.root):
        rel = path.relative_to(corpus.root).as_posix()
        if path.suffix.lower() in MEDIA_SUFFIXES:
            if rel not in diagrams:
                yield Finding(rel, 1, "media-file", "image or video file in the content; only diagrams listed "
                                                    f"under 'diagrams' in {POLICY_FILE} are allowed")
            continue
        if path.suffix not in (".md", ".yaml", ".yml"):
            continue
        try:
            text = read_text(path, rel)
        except FindingError:
            continue  # the loaders report unreadable files
        for host, offset in pattern.finditer(text):  # one pass over the file; line numbers only for hits
            blocked = _blocked(host, policy)
            yield Finding(rel, text.count("\n", 0, offset) + 1, "blocked-link",
                          f"link to {host}: {blocked.reason} Remove it; describe the channel in words instead")
        for phrase, offset, rule in phrases.finditer(text):
            yield Finding(rel, text.count("\n", 0, offset) + 1, "language",
                          f"'{phrase}': {rule.reason} Say instead: {rule.prefer}. To quote it on purpose, write "
                          f"{{quoted}}`{phrase}`")
